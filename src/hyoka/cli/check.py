"""`hyoka check FILE|DOC…`: the guideline checks of objective documents.

Each argument is a file (text, PDF or Word, parsed as `hyoka parse` does; a bundle is checked
document by document) or the id of a stored document as `hyoka list` shows it. The check policy
is `--policy`, else the settings' `HYOKA_CHECK_POLICY_FILE`, else the catalogue's defaults.

Exit status: 0 nothing unwaived at or above `fail_on`; 1 at least one such finding; 2 a usage
error, unreadable input, a bad policy or baseline; 3 no objective document recognised.
"""

from __future__ import annotations

import hashlib
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hyoka.cli.app import app, checked_output, console, fail, opened_store, settings, writing

if TYPE_CHECKING:
    from hyoka.model.findings import CheckReport, Severity
    from hyoka.review.policy import CheckPolicy

EXIT_FINDINGS = 1
EXIT_NO_DOCUMENT = 3


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


_SUFFIXES = {CheckFormat.table: (".txt",), CheckFormat.json: (".json",), CheckFormat.sarif: (".sarif", ".json")}


@app.command()
def check(
    inputs: Annotated[
        list[str],
        typer.Argument(metavar="FILE|DOC…", help="Objective documents: files, or ids of stored documents."),
    ],
    *,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option("--format", help="table (default), json, or sarif (SARIF 2.1.0 for code scanning)."),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Table: add each rule's explanation.")] = False,
    policy_file: Annotated[
        Path | None, typer.Option("--policy", help="Check policy TOML (default: HYOKA_CHECK_POLICY_FILE).")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="An earlier run (json or sarif): its findings are existing, fail nothing."),
    ] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that fails the run (default: the policy's).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
) -> None:
    """Check objective documents against the objectives guideline (目標策定指針) and point at each line.

    Example: hyoka check draft.pdf --format sarif --out findings.sarif --fail-on warning
    """
    from hyoka.model.findings import Severity

    chosen = output_format or _format_of(out)
    destination = checked_output(out, suffixes=_SUFFIXES[chosen], what=chosen.value) if out is not None else None
    policy = _policy(policy_file)
    known = _baseline(baseline) if baseline is not None else frozenset()
    reports = _reports(inputs, policy, known)
    text = _render(reports, policy, chosen, explain=explain, with_baseline=baseline is not None)
    if destination is None:
        if chosen is CheckFormat.table:
            _print_table(reports, explain)
        else:
            sys.stdout.write(text)
    else:
        _write(destination, text)
    threshold = Severity(fail_on.value) if fail_on is not None else policy.fail_on
    if _fails(reports, threshold):
        raise typer.Exit(EXIT_FINDINGS)


def _format_of(out: Path | None) -> CheckFormat:
    if out is not None and out.suffix.lower() == ".sarif":
        return CheckFormat.sarif
    if out is not None and out.suffix.lower() == ".json":
        return CheckFormat.json
    return CheckFormat.table


def _policy(path: Path | None) -> CheckPolicy:
    from hyoka.review.policy import CheckPolicyError, default_check_policy, load_check_policy

    path = path or settings().check_policy_file
    if path is None:
        return default_check_policy()
    try:
        return load_check_policy(path)
    except CheckPolicyError as exc:
        fail(str(exc))


def _baseline(path: Path) -> frozenset[str]:
    from hyoka.review.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path)
    except BaselineError as exc:
        fail(str(exc))


def _reports(inputs: list[str], policy: CheckPolicy, known: frozenset[str]) -> list[CheckReport]:
    stored = [name for name in inputs if not Path(name).exists() and name.isdigit()]
    missing = [name for name in inputs if not Path(name).exists() and not name.isdigit()]
    if missing:
        fail(f"{missing[0]}: no such file (and not the id of a stored document)")
    from_store = _stored_reports([int(n) for n in stored], policy, known) if stored else {}
    return [from_store[name] if name in from_store else _file_report(Path(name), policy, known) for name in inputs]


def _file_report(path: Path, policy: CheckPolicy, known: frozenset[str]) -> CheckReport:
    from hyoka.parse import parse_source
    from hyoka.parse.bundle import NoDocumentError
    from hyoka.review import check as run_check
    from hyoka.sources import SourceError, read_source

    try:
        source = read_source(path, max_bytes=settings().max_input_bytes)
        result = parse_source(source)
    except SourceError as exc:
        fail(str(exc))
    except NoDocumentError as exc:
        fail(f"{path}: {exc}", status=EXIT_NO_DOCUMENT)
    if not result.documents:
        fail(f"{path}: no objective document recognised", status=EXIT_NO_DOCUMENT)
    return run_check(result.documents, policy, path=str(path), sha256=source.sha256, lines=source.lines, baseline=known)


def _stored_reports(ids: list[int], policy: CheckPolicy, known: frozenset[str]) -> dict[str, CheckReport]:
    from hyoka.review import check as run_check

    reports: dict[str, CheckReport] = {}
    with opened_store() as store:
        for doc_id in ids:
            contract, record = store.contract(doc_id), store.document(doc_id)
            if contract is None or record is None:
                fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
            lines = store.source_lines(doc_id) or []
            digest = hashlib.sha256("\n".join(line.text for line in lines).encode("utf-8")).hexdigest()
            reports[str(doc_id)] = run_check(
                [contract], policy, path=record.source_file, sha256=digest, lines=lines, baseline=known
            )
    return reports


def _render(
    reports: list[CheckReport], policy: CheckPolicy, chosen: CheckFormat, *, explain: bool, with_baseline: bool
) -> str:
    if chosen is CheckFormat.json:
        if len(reports) == 1:
            return reports[0].to_json() + "\n"
        return json.dumps([r.model_dump(mode="json") for r in reports], ensure_ascii=False, indent=2) + "\n"
    if chosen is CheckFormat.sarif:
        from hyoka.report.review.sarif import sarif_log

        return json.dumps(sarif_log(reports, policy, with_baseline=with_baseline), ensure_ascii=False, indent=2) + "\n"
    import io

    from rich.console import Console

    from hyoka.report.review.table import report_renderables

    buffer = io.StringIO()
    plain = Console(width=140, no_color=True, file=buffer)
    for renderable in report_renderables(reports, explain=explain):
        plain.print(renderable)
    return buffer.getvalue()


def _print_table(reports: list[CheckReport], explain: bool) -> None:
    from hyoka.report.review.table import report_renderables

    for renderable in report_renderables(reports, explain=explain):
        console.print(renderable)


def _write(path: Path, text: str) -> None:
    from hyoka.report.output import replacing

    with writing(path), replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def _fails(reports: list[CheckReport], threshold: Severity) -> bool:
    return any(f.counts and f.severity.rank >= threshold.rank for r in reports for f in r.findings())
