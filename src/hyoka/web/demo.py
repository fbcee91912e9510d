"""The demo database behind `hyoka serve --demo`: synthetic agencies taken through one cycle.

A first-time user should see a full site without any real agency's text, so the demo is built
from the fictional documents in `hyoka/samples/demo/` and the script `demo.toml` beside them:
the documents are ingested in order (a draft 中期目標 and then its final text, so the store holds
two versions of one document), results are filled into the results template and imported as a
planning office would, and the evaluations are recorded and published through the same library
functions the `hyoka evaluate` commands call. Every rule those functions apply (reasons,
improvements for C and D, departures from the proposal, finality once published) therefore
holds in the demo too; a script that broke one fails the build instead of producing a
database no user could have made.

Building takes about a second, too long for every start, so the result is kept: the file is named by a fingerprint of
everything it is made from, and a file already there is reused untouched. A new build goes to
a temporary file in the same folder and is moved into place only when complete, so a crash or
a second process building at the same time never leaves (or opens) half a database.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
import time
import tomllib
import uuid
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory

import hyoka
from hyoka.evaluate.overall import OverallComputation
from hyoka.evaluate.policy import RatingPolicy, default_policy, policy_to_toml
from hyoka.evaluate.results_file import read_results_file
from hyoka.evaluate.service import UnitProposal, compute_overall
from hyoka.report.results_template import HEADERS, template_rows, write_template
from hyoka.settings import Settings
from hyoka.sources import normalize
from hyoka.store.database import Database, Session, open_database
from hyoka.store.ingest import ingest_file
from hyoka.store.migrate import MIGRATIONS
from hyoka.store.ratings import OVERALL, EvaluationInput, publish, record_evaluation
from hyoka.store.results import import_results
from hyoka.store.store import Store

__all__ = [
    "DEMO_SCRIPT_VERSION",
    "DemoDatabase",
    "DemoError",
    "build_demo",
    "demo_fingerprint",
    "demo_inputs",
    "populate_demo",
]

#: Bump when this module builds a different database from the same inputs (the order of the
#: steps, what is recorded or published): the fingerprint changes and old files are rebuilt.
DEMO_SCRIPT_VERSION = 2  # 2: the overall ratings carry the ids of the item ratings they were computed from
SCRIPT_NAME = "demo.toml"
STAGE = "annual"
#: Files are `demo-<fingerprint>.sqlite`; a build in progress is `.demo-<fingerprint>-<token>.partial`.
PREFIX, SUFFIX, PARTIAL = "demo-", ".sqlite", ".partial"
FINGERPRINT_LENGTH = 16
#: Only files named so are ever removed: the data folder also holds the user's own database.
_DEMO_FILE = re.compile(rf"{PREFIX}[0-9a-f]{{{FINGERPRINT_LENGTH}}}{re.escape(SUFFIX)}")
_PARTIAL_FILE = re.compile(rf"\.{PREFIX}[0-9a-f]{{{FINGERPRINT_LENGTH}}}-[0-9a-f]+{re.escape(PARTIAL)}")
#: A partial file this old is the leftover of a build that crashed, not one still running.
STALE_PARTIAL_S = 3600.0
_SIDECARS = ("", "-wal", "-shm", "-journal")


class DemoError(RuntimeError):
    """The demo script does not fit the documents (an unknown unit or indicator, a file that did not parse)."""


@dataclass(frozen=True, slots=True)
class DemoDatabase:
    """A built (or reused) demo database and what it holds."""

    path: Path
    url: str
    fingerprint: str
    reused: bool
    agencies: int
    documents: int
    targets: int
    results: int
    evaluations: int
    published: int


# -- the script ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Document:
    file: str
    key: str | None  # the name results and evaluations use; None for a version nobody evaluates


@dataclass(frozen=True, slots=True)
class _Results:
    document: str
    file: str
    source_note: str
    values: dict[str, dict[int, float]]  # indicator as the template names it → fiscal year → figure


@dataclass(frozen=True, slots=True)
class _Rating:
    rating: str
    reason: str
    improvement: str | None = None
    departure_reason: str | None = None
    uplift_reason: str | None = None
    qualitative_s: bool = False


@dataclass(frozen=True, slots=True)
class _Evaluations:
    document: str
    year: int
    evaluator: str
    author: str
    publish_by: str | None
    ratings: dict[str, _Rating]  # unit key → rating; 総合 for the overall rating


@dataclass(frozen=True, slots=True)
class _Script:
    entered_by: str
    documents: tuple[_Document, ...]
    results: tuple[_Results, ...]
    evaluations: tuple[_Evaluations, ...]


def demo_inputs() -> Path:
    """The folder of the demo's documents and script, inside the installed package."""
    return Path(str(resources.files("hyoka.samples").joinpath("demo")))


def _load_script(folder: Path) -> _Script:
    data = tomllib.loads((folder / SCRIPT_NAME).read_text(encoding="utf-8"))
    return _Script(
        entered_by=data["entered_by"],
        documents=tuple(_Document(doc["file"], doc.get("key")) for doc in data["documents"]),
        results=tuple(_results_set(entry) for entry in data["results"]),
        evaluations=tuple(_evaluation_set(entry) for entry in data["evaluations"]),
    )


def _results_set(entry: Mapping[str, Any]) -> _Results:
    values = {name: {int(year): float(v) for year, v in years.items()} for name, years in entry["values"].items()}
    return _Results(entry["document"], entry["file"], entry["source_note"], values)


def _evaluation_set(entry: Mapping[str, Any]) -> _Evaluations:
    ratings = {unit: _Rating(**fields) for unit, fields in entry["ratings"].items()}
    return _Evaluations(
        entry["document"], entry["year"], entry["evaluator"], entry["author"], entry.get("publish_by"), ratings
    )


# -- the fingerprint -------------------------------------------------------------------------


def _schema_head() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def demo_fingerprint(folder: Path | None = None) -> str:
    """A hash of everything the demo database is made from.

    The files of the demo folder (names and bytes), this module's script version, hyoka's
    version, the schema head (a file of an older schema would be migrated, i.e. written to, on
    opening) and the default rating policy (the proposals, and so the departures the script must
    explain, follow from it). Any change gives another file name, hence a fresh build.
    """
    folder = folder or demo_inputs()
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(f"{path.name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    for part in (str(DEMO_SCRIPT_VERSION), hyoka.__version__, _schema_head(), policy_to_toml(default_policy())):
        digest.update(f"\0{part}".encode())
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


# -- build or reuse --------------------------------------------------------------------------


def build_demo(data_dir: Path, *, inputs: Path | None = None) -> DemoDatabase:
    """The demo database under `data_dir`, built if no file of the current fingerprint is there.

    A file already there is only read (its counts), never written: a running site may have it
    open. Files of other fingerprints are removed once the current one is in place. `inputs`
    replaces the packaged demo folder (tests use it to change the fingerprint).
    """
    folder = inputs or demo_inputs()
    fingerprint = demo_fingerprint(folder)
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / f"{PREFIX}{fingerprint}{SUFFIX}"
    reused = target.is_file()
    if not reused:
        _build_into_place(folder, target, fingerprint)
    _remove_stale(data_dir, keep=target)
    return _describe(target, fingerprint, reused=reused)


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _build_into_place(folder: Path, target: Path, fingerprint: str) -> None:
    """Build in a file of this process's own and move it to `target` only when it is complete.

    The move is a hard link (atomic, and it fails if the name exists): when two processes build
    at once, the first to finish wins and the other discards its copy, so a file someone may
    already have opened is never replaced under them (SQLite finds its -wal by name). Where hard
    links are not supported the move is an atomic rename.
    """
    partial = target.with_name(f".{PREFIX}{fingerprint}-{uuid.uuid4().hex[:8]}{PARTIAL}")
    try:
        _populate(partial, folder)
        _move_into_place(partial, target)
    finally:
        _remove_files(partial)


def _move_into_place(partial: Path, target: Path) -> None:
    try:
        os.link(partial, target)
    except FileExistsError:
        return  # another process finished the same build first
    except OSError:
        os.replace(partial, target)


def _remove_files(path: Path) -> None:
    for sidecar in _SIDECARS:
        with suppress(FileNotFoundError):
            path.with_name(path.name + sidecar).unlink()


def _remove_stale(data_dir: Path, *, keep: Path) -> None:
    """Delete demo files of other fingerprints, and partial files left by crashed builds."""
    now = time.time()
    for path in data_dir.iterdir():
        if _DEMO_FILE.fullmatch(path.name) and path != keep:
            _remove_files(path)
        elif _PARTIAL_FILE.fullmatch(path.name):
            with suppress(FileNotFoundError):
                if now - path.stat().st_mtime > STALE_PARTIAL_S:
                    _remove_files(path)


def _describe(path: Path, fingerprint: str, *, reused: bool) -> DemoDatabase:
    """The counts, read from the file itself (a reused file reports what it holds, not what it should)."""
    with Store.open(Settings(database_url=_url(path))) as store:
        counts = store.counts()
    return DemoDatabase(path=path, url=_url(path), fingerprint=fingerprint, reused=reused, **counts.model_dump())


# -- populate --------------------------------------------------------------------------------


def _populate(path: Path, folder: Path) -> None:
    """Run the script into a new database at `path`; the file alone then holds all of it."""
    populate_demo(Settings(database_url=_url(path)), folder)


def populate_demo(settings: Settings, folder: Path | None = None) -> None:
    """Run the demo script into the (empty) database `settings` names — SQLite or PostgreSQL:
    the web tests serve the same demo from both."""
    folder = folder or demo_inputs()
    script = _load_script(folder)
    with open_database(settings) as database:
        ids = _ingest(database, folder, script, settings)
        with tempfile.TemporaryDirectory(prefix="hyoka-demo-") as work:
            for results in script.results:
                _import(database, ids[results.document], results, Path(work), script.entered_by)
        policy = default_policy()
        for evaluations in script.evaluations:
            _evaluate(database, ids[evaluations.document], evaluations, policy)
        if database.is_sqlite:
            _checkpoint(database)


def _checkpoint(database: Database) -> None:
    """Fold the write-ahead log into the database file: only the file is moved into place."""
    connection = database.engine.raw_connection()
    try:
        busy, _, _ = connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.close()
    if busy:
        raise DemoError("the demo database stayed busy: its write-ahead log could not be folded into the file")


def _ingest(database: Database, folder: Path, script: _Script, settings: Settings) -> dict[str, int]:
    """Ingest the documents in the script's order; the id of each one the script names."""
    ids: dict[str, int] = {}
    for document in script.documents:
        outcome = ingest_file(database, folder / document.file, settings)
        if outcome.status != "stored" or len(outcome.stored) != 1:
            raise DemoError(f"{document.file}: expected one new document, got {outcome.status} ({outcome.error})")
        if document.key:
            ids[document.key] = outcome.stored[0].id
    return ids


def _import(database: Database, document_id: int, results: _Results, work: Path, entered_by: str) -> None:
    """Write the results template as CSV, fill it in as a planning office would, import it."""
    path = work / results.file
    write_template(template_rows(Store(database), document_id), path, "csv")
    _fill_template(path, results)
    rows = read_results_file(path)
    with database.begin() as session:
        import_results(session, rows, entered_by=entered_by, source=results.file)


def _fill_template(path: Path, results: _Results) -> None:
    """Type the script's figures into the template's 実績値 (and 出典) cells, found by indicator and
    year as a person finds them; a figure with no row means the script no longer fits the document."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    if header != list(HEADERS):
        raise DemoError(f"{results.file}: the template's columns changed: {header}")
    wanted = {normalize(name): years for name, years in results.values.items()}
    at = {name: header.index(name) for name in ("指標", "年度", "実績値", "出典")}
    used: set[tuple[str, int]] = set()
    for row in rows:
        name, year = normalize(row[at["指標"]]), int(row[at["年度"]])
        if year in wanted.get(name, {}):
            row[at["実績値"]], row[at["出典"]] = _figure(wanted[name][year]), results.source_note
            used.add((name, year))
    missing = [f"{name} {year}" for name, years in wanted.items() for year in years if (name, year) not in used]
    if missing:
        raise DemoError(f"{results.file}: no template row for {', '.join(missing)}")
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])


def _figure(value: float) -> str:
    """A figure as an office types it: 26130, 83.4 (never 2.613e+04)."""
    return str(int(value)) if value.is_integer() else repr(value)


def _evaluate(database: Database, document_id: int, script: _Evaluations, policy: RatingPolicy) -> None:
    """Record every unit's rating, then the overall one (computed from them, naming them in its
    `basis_ids` as `hyoka evaluate record … --unit 総合` does, so publishing it locks them), then
    publish if asked."""
    with database.begin() as session:
        _, proposals = _overall(session, document_id, script, policy)
        by_key = {p.unit.key: p for p in proposals}
        _check_units(script, by_key)
        recorded = [_record(session, document_id, script, key, unit=by_key[key]) for key in by_key]
        computed, _ = _overall(session, document_id, script, policy)
        basis = tuple(sorted(recorded))
        recorded.append(_record(session, document_id, script, OVERALL, computed=computed.grade, basis_ids=basis))
        if script.publish_by:
            for evaluation_id in recorded:
                publish(session, evaluation_id, script.publish_by)


def _check_units(script: _Evaluations, units: Mapping[str, UnitProposal]) -> None:
    """Every unit rated, no unit the document does not have, and the overall rating given."""
    unknown = sorted(set(script.ratings) - set(units) - {OVERALL})
    unrated = sorted(set(units) - set(script.ratings)) + ([] if OVERALL in script.ratings else [OVERALL])
    if unknown or unrated:
        where = f"{script.document} FY{script.year} {script.evaluator}"
        raise DemoError(f"{where}: units not in the document {unknown}, units without a rating {unrated}")


def _overall(
    session: Session, document_id: int, script: _Evaluations, policy: RatingPolicy
) -> tuple[OverallComputation, list[UnitProposal]]:
    return compute_overall(session, document_id, script.year, stage=STAGE, evaluator=script.evaluator, policy=policy)


def _record(
    session: Session,
    document_id: int,
    script: _Evaluations,
    key: str,
    *,
    unit: UnitProposal | None = None,
    computed: str | None = None,
    basis_ids: tuple[int, ...] | None = None,
) -> int:
    """Record one rating as `hyoka evaluate record` does: against the proposal, or the computed overall
    grade; its id."""
    rating = script.ratings[key]
    entry = EvaluationInput(
        document_id=document_id,
        unit_key=key,
        unit_id=unit.unit.unit_id if unit else None,
        stage=STAGE,
        fiscal_year=script.year,
        evaluator=script.evaluator,
        rating=rating.rating,
        reason=rating.reason,
        author=script.author,
        proposed_rating=unit.proposal.grade if unit else None,
        computed_rating=computed,
        improvement=rating.improvement,
        departure_reason=rating.departure_reason,
        qualitative_s=rating.qualitative_s,
        uplift_reason=rating.uplift_reason,
        basis_ratio=unit.proposal.basis_ratio if unit else None,
        uplift_allowed=unit.proposal.uplift_allowed if unit else None,
        advisory=unit.proposal.advisory if unit else False,
        basis_ids=basis_ids,
    )
    return record_evaluation(session, entry).id
