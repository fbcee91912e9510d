"""Commands for what is entered beside the results: plan values (計画値) and main results
(主な業務実績).

    hyoka results plan-template DOC --out plans.xlsx     a row per target, year and plan
    hyoka results plan-import plans.xlsx --by 企画課      all or nothing, each refusal naming its cell
    hyoka results plans DOC                             the plan values in force
    hyoka results main-result DOC --unit … --year … --stage … --text … --by …
    hyoka results main-results-import DOC FILE.toml --by …   many at once (all or nothing)
    hyoka results main-results DOC [--year …] [--stage …]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from hyoka.cli.app import checked_output, console, database, errors, fail, opened_store, writing
from hyoka.cli.evaluation import results_app
from hyoka.cli.sheets import unit_keys

By = Annotated[str, typer.Option("--by", help="Who enters it (kept with each value and in the audit trail).")]


@results_app.command("plan-template")
def plan_template(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    out: Annotated[Path, typer.Option("--out", help="xlsx or csv file to write.")],
) -> None:
    """Write a plan template: a row per target, fiscal year and plan (中期計画, 年度計画) to fill in.

    Fill in 計画値 where the agency's plan sets a value (rows left empty are skipped), then
    give the file to `hyoka results plan-import`.

    Example: hyoka results plan-template 1 --out plans.xlsx
    """
    from hyoka.report.results_template import TEMPLATE_SUFFIXES, plan_template_rows, write_plan_template

    destination = checked_output(out, suffixes=TEMPLATE_SUFFIXES, what="plan template")
    with opened_store() as store:
        try:
            rows = plan_template_rows(store, doc_id)
        except KeyError:
            fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
    with writing(destination):
        write_plan_template(rows, destination, "xlsx" if destination.suffix.lower() == ".xlsx" else "csv")
    console.print(f"{out}: {len(rows)} 行（目標 × 年度 × 計画）")


@results_app.command("plan-import")
def plan_import(
    file: Annotated[Path, typer.Argument(help="A filled-in plan template (xlsx or csv).")],
    by: By,
) -> None:
    """Import plan values; every row is checked and any error refuses the whole file.

    A value entered again for the same target, year and plan is a correction (a new version).

    Example: hyoka results plan-import plans.xlsx --by 企画課
    """
    from hyoka.evaluate.results_file import read_plan_file
    from hyoka.sources import SourceError
    from hyoka.store.actors import ActorRequired
    from hyoka.store.plans import PlanImportError, import_plan_values

    try:
        rows = read_plan_file(file)
    except SourceError as exc:
        fail(str(exc))
    with database() as db:
        try:
            with db.begin() as session:
                written = import_plan_values(session, rows, entered_by=by, source=str(file))
        except PlanImportError as exc:
            for error in exc.errors:
                errors.print(f"[red]{escape(str(file))}:{error.row}[/red] {escape(str(error))}")
            fail(str(exc))
        except ActorRequired as exc:
            fail(str(exc))
    corrections = sum(1 for v in written if v.supersedes_id)
    console.print(f"{file}: 計画値 {len(written)} 件を登録（うち訂正 {corrections} 件）")


@results_app.command("plans")
def plans_show(doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")]) -> None:
    """Show the plan values in force: per target and year, the 年度計画's where entered, else the 中期計画's.

    Example: hyoka results plans 1
    """
    with opened_store() as store:
        if store.document(doc_id) is None:
            fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
        targets = {t.id: t for t in store.document_targets(doc_id)}
        values = store.document_plan_values(doc_id)
    if not values:
        console.print(f"文書 {doc_id}: 計画値の登録はありません（hyoka results plan-template {doc_id} --out …）")
        return
    table = Table(title=f"計画値（文書 {doc_id}）")
    for name in ("目標ID", "指標", "年度", "計画", "計画値", "版", "登録者"):
        table.add_column(name)
    for target_id, years in sorted(values.items()):
        for year, value in sorted(years.items()):
            target = targets.get(target_id)
            table.add_row(
                str(target_id),
                escape(target.indicator if target else ""),
                str(year),
                value.plan_kind.label,
                f"{value.value:g}{escape(value.unit or '')}",
                str(value.version),
                escape(value.entered_by),
            )
    console.print(table)


@results_app.command("main-result")
def main_result(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    *,
    unit: Annotated[str, typer.Option(help="Evaluation unit (its title, with or without the label), or 総合.")],
    year: Annotated[int, typer.Option(help="Fiscal year (2026 = 令和8年度).")],
    stage: Annotated[str, typer.Option(help="annual, expected, interim or period_end (or 年度評価, …).")],
    by: By,
    text: Annotated[str | None, typer.Option(help="The main results (主な業務実績).")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="A UTF-8 text file holding them ('-' for standard input).")
    ] = None,
) -> None:
    """Record the main results (主な業務実績) of a unit for a year and stage, apart from the
    reason for its rating; entered again, they are a new version.

    Example: hyoka results main-result 1 --unit 研究開発の推進 --year 2026 --stage annual --file r.txt --by 企画課
    """
    from hyoka.store.actors import ActorRequired
    from hyoka.store.main_results import MainResultRefused, record_main_result

    body = _text(text, file)
    with database() as db:
        try:
            with db.begin() as session:
                names = unit_keys(session, doc_id)
                key = names.get(" ".join(unit.split()))
                if key is None:
                    units = ", ".join(dict.fromkeys(names.values()))
                    fail(f"--unit: no evaluation unit {unit!r} in document {doc_id}; units: {units}")
                row, written = record_main_result(
                    session,
                    document_id=doc_id,
                    unit_key=key,
                    fiscal_year=year,
                    stage=stage,
                    text=body,
                    entered_by=by,
                    known_units=set(names.values()),
                )
                shown = f"{key} {year}年度 {row.stage} 第{row.version}版"
        except (MainResultRefused, ActorRequired) as exc:
            fail(str(exc))
    state = f"主な業務実績を登録しました（id {row.id}）" if written else "変更なし（同じ内容が登録済み）"
    console.print(f"{state}: {escape(shown)}")


def _text(text: str | None, file: Path | None) -> str:
    if (text is None) == (file is None):
        fail("give the main results with --text or with --file (one of the two)")
    if text is not None:
        return text
    assert file is not None
    if str(file) == "-":
        return sys.stdin.read()
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
    except OSError as exc:
        fail(f"{file}: cannot read the file: {exc.strerror or exc}")


@results_app.command("main-results")
def main_results_show(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    year: Annotated[int | None, typer.Option(help="Only this fiscal year.")] = None,
    stage: Annotated[str | None, typer.Option(help="Only this stage.")] = None,
) -> None:
    """Show the main results in force, per unit, year and stage.

    Example: hyoka results main-results 1 --year 2026
    """
    from hyoka.store.main_results import MainResultRefused

    with opened_store() as store:
        if store.document(doc_id) is None:
            fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
        try:
            found = store.main_results(doc_id, year, stage)
        except MainResultRefused as exc:
            fail(str(exc))
    if not found:
        console.print(f"文書 {doc_id}: 主な業務実績の登録はありません")
        return
    for (unit, fiscal_year, code), record in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[1].id)):
        console.print(
            f"[bold]{escape(unit)}[/bold] {fiscal_year}年度 {code} 第{record.version}版（{escape(record.entered_by)}）"
        )
        console.print(escape(record.text))


@results_app.command("main-results-import")
def main_results_import(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    file: Annotated[Path, typer.Argument(help="A TOML file: year and stage, then a text per unit.")],
    by: By,
) -> None:
    """Record the main results of many units at once from a TOML file; any error refuses the
    whole file, naming the unit.

    The file: `year = 2026` and `stage = "annual"` at the top, then one line per unit (its
    title, with or without the label; "総合" for the agency as a whole) = its text, e.g.
    `"研究開発の推進" = "論文 265 件を発表した。"` (a text of many lines between \'\'\' marks).

    Example: hyoka results main-results-import 1 main-2026.toml --by 企画課
    """
    import tomllib

    from hyoka.store.actors import ActorRequired
    from hyoka.store.main_results import MainResultRefused, record_main_result

    try:
        data = tomllib.loads(file.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        fail(f"{file}: not valid TOML: {exc}")
    year = data.pop("year", None)
    stage = data.pop("stage", None)
    if not isinstance(year, int) or isinstance(year, bool):
        fail(f"{file}: year = <fiscal year> is required at the top of the file (e.g. year = 2026)")
    if not isinstance(stage, str):
        fail(f'{file}: stage = "annual" (or expected, interim, period_end) is required at the top of the file')
    if not data:
        fail(f'{file}: no main results to record ("unit title" = "text", one line per unit)')
    written = 0
    with database() as db:
        try:
            with db.begin() as session:
                names = unit_keys(session, doc_id)
                for unit, text in data.items():
                    where = f"{file}: {unit!r}"
                    key = names.get(" ".join(unit.split()))
                    if key is None:
                        units = ", ".join(dict.fromkeys(names.values()))
                        fail(f"{where}: no evaluation unit of document {doc_id}; units: {units}")
                    if not isinstance(text, str):
                        fail(f'{where}: must be a text ("{unit}" = "…")')
                    try:
                        _, new = record_main_result(
                            session,
                            document_id=doc_id,
                            unit_key=key,
                            fiscal_year=year,
                            stage=stage,
                            text=text,
                            entered_by=by,
                            known_units=set(names.values()),
                        )
                    except MainResultRefused as exc:
                        fail(f"{where}: {exc}; nothing recorded")
                    written += new
        except ActorRequired as exc:
            fail(str(exc))
    console.print(f"{file}: 主な業務実績 {len(data)} 件（うち新規・訂正 {written} 件）")
