"""Fuzzing: mutated documents through read → parse → ingest → export, and mutated results files
through read → import, with no unexpected exception as the property.

What may happen is spelled out: a file may be refused (`SourceError`, naming it), hold no
document (`NoDocumentError`), fail to ingest (an outcome with its reason) or be refused as a
results file (`SourceError`, `ResultImportError`); anything else — a traceback a user would
see — fails the test. The number of examples per strategy comes from `--fuzz-examples` (a few
hundred in CI; `uv run pytest tests/fuzz --fuzz-examples 20000` for a long run).
"""

from __future__ import annotations

import collections
import contextlib
import csv
import itertools
import math
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hyoka.evaluate.results_file import read_results_file
from hyoka.parse import parse_source
from hyoka.parse.bundle import NoDocumentError
from hyoka.report.cells import excel_text
from hyoka.report.export import ExportFormat, documents_for_export, export_documents
from hyoka.settings import Settings
from hyoka.sources import SourceError, read_source, text_source_from_string
from hyoka.store import extracts as x
from hyoka.store.actors import ActorRequired
from hyoka.store.database import Database, open_database
from hyoka.store.evaluations import Result
from hyoka.store.ingest import ingest_file
from hyoka.store.results import ResultImportError, import_results
from hyoka.store.store import Store
from tests.conftest import DEFAULT_FUZZ_EXAMPLES
from tests.fuzz.strategies import RD_OBJECTIVE, mutated_bytes, mutated_text, results_table

_counter = itertools.count()
# outcomes seen per test, printed at the end (run with -s) and checked so the fuzzing reaches deep
tally: collections.Counter[str] = collections.Counter()


def fuzz_settings(config: pytest.Config) -> settings:
    examples = config.getoption("--fuzz-examples") or DEFAULT_FUZZ_EXAMPLES
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        database=None,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Settings, Path]]:
    folder = tmp_path_factory.mktemp("fuzz")
    config = Settings(database_url=f"sqlite:///{folder / 'fuzz.sqlite'}")
    with open_database(config) as database:
        yield database, config, folder


def _pipeline(data: bytes, suffix: str, database: Database, config: Settings, folder: Path) -> None:
    path = folder / f"input-{next(_counter)}{suffix}"
    path.write_bytes(data)
    refused: SourceError | None = None
    try:
        source = read_source(path)
    except SourceError as exc:
        refused, source = exc, None
    if refused is not None:
        assert refused.message
        assert str(path) in str(refused)
    if source is not None:
        with contextlib.suppress(NoDocumentError):
            parse_source(source)
    outcome = ingest_file(database, path, config)
    assert outcome.status in ("stored", "unchanged", "failed")
    tally[outcome.status] += 1
    if outcome.status == "failed":
        assert outcome.error
        return
    ids = [stored.id for stored in outcome.stored]
    if not ids:
        return
    tally["exported"] += 1
    documents = documents_for_export(Store(database), ids)
    for fmt in ExportFormat:
        out = folder / f"export-{next(_counter)}" / (f"out.{fmt.value}" if fmt is not ExportFormat.csv else "csv")
        export_documents(documents, fmt, out)
    path.unlink()


def test_mutated_documents_never_raise(store: tuple[Database, Settings, Path], pytestconfig: pytest.Config) -> None:
    database, config, folder = store

    @fuzz_settings(pytestconfig)
    @given(data=mutated_bytes(), suffix=st.sampled_from((".txt", ".txt", ".txt", ".text", ".md", "")))
    def run(data: bytes, suffix: str) -> None:
        _pipeline(data, suffix, database, config, folder)

    tally.clear()
    run()
    print(f"documents: {dict(tally)}")
    assert tally["exported"] > 0
    assert tally["failed"] > 0


def test_mutated_text_parses_without_raising(pytestconfig: pytest.Config) -> None:
    """The parser alone, on many more examples than the pipeline can afford."""

    @fuzz_settings(pytestconfig)
    @given(text=mutated_text())
    def run(text: str) -> None:
        with contextlib.suppress(NoDocumentError):
            parse_source(text_source_from_string(text))

    run()


def _docx(lines: list[str], path: Path) -> None:
    document = docx.Document()
    for line in lines:
        document.add_paragraph("".join(ch for ch in line if ch.isprintable() or ch == "\t"))
    document.save(str(path))


def test_mutated_word_and_damaged_files_never_raise(
    store: tuple[Database, Settings, Path], pytestconfig: pytest.Config
) -> None:
    """Word files built from mutated text, and Word/PDF/Excel files with bytes flipped or cut."""
    database, config, folder = store
    base = folder / "base.docx"
    _docx(RD_OBJECTIVE.split("\n"), base)
    valid = base.read_bytes()

    @fuzz_settings(pytestconfig)
    @given(
        text=mutated_text(),
        damage=st.lists(st.tuples(st.integers(0, len(valid) - 1), st.integers(1, 255)), max_size=6),
        cut=st.integers(0, len(valid)),
        kind=st.sampled_from(("built", "flipped", "cut", "pdf-named", "xlsx-named")),
    )
    def run(text: str, damage: list[tuple[int, int]], cut: int, kind: str) -> None:
        if kind == "built":
            path = folder / f"built-{next(_counter)}.docx"
            _docx(text.splitlines(), path)
            _pipeline(path.read_bytes(), ".docx", database, config, folder)
            return
        data = bytearray(valid)
        for at, flip in damage:
            data[at] ^= flip
        if kind == "cut":
            data = data[:cut]
        suffix = {"pdf-named": ".pdf", "xlsx-named": ".xlsx"}.get(kind, ".docx")
        _pipeline(bytes(data), suffix, database, config, folder)

    tally.clear()
    run()
    print(f"word and damaged files: {dict(tally)}")
    assert tally["failed"] > 0


@pytest.fixture(scope="module")
def subjects(store: tuple[Database, Settings, Path]) -> tuple[list[int], list[int]]:
    database, config, folder = store
    path = folder / "rd.txt"
    path.write_text(RD_OBJECTIVE.replace("架空医療機構", "架空結果機構"), encoding="utf-8")
    assert ingest_file(database, path, config).status in ("stored", "unchanged")
    with database() as session:
        targets = list(session.scalars(select(x.Target.id)))
        indicators = list(session.scalars(select(x.Indicator.id)))
    assert targets
    assert indicators
    return targets, indicators


def _cell(value: object) -> object:
    """What a person can put in a workbook cell: any text Excel holds, numbers but NaN/inf."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return excel_text(value) if isinstance(value, str) else value


def _write_results(table: list[list[object]], path: Path) -> None:
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in table:
            sheet.append([_cell(v) for v in row])
        book.save(path)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(["" if v is None else v for v in row] for row in table)


def test_mutated_results_files_never_raise(
    store: tuple[Database, Settings, Path], subjects: tuple[list[int], list[int]], pytestconfig: pytest.Config
) -> None:
    database, _, folder = store
    targets, indicators = subjects

    @fuzz_settings(pytestconfig)
    @given(
        table=results_table(targets, indicators),
        suffix=st.sampled_from((".csv", ".xlsx")),
        by=st.sampled_from(("企画課", "企画課", "評価担当 山田", "評価担当 山田", "企画課", "", "   ", "　")),
    )
    def run(table: list[list[object]], suffix: str, by: str) -> None:
        path = folder / f"results-{next(_counter)}{suffix}"
        _write_results(table, path)
        refused: Exception | None = None
        try:
            rows = read_results_file(path)
            with database.begin() as session:
                import_results(session, rows, entered_by=by, source=str(path))
        except (SourceError, ResultImportError, ActorRequired) as exc:
            refused = exc
        tally[type(refused).__name__ if refused else "imported"] += 1
        if isinstance(refused, SourceError):
            assert str(path) in str(refused)
        elif isinstance(refused, ResultImportError):
            assert refused.errors
            assert all(e.message for e in refused.errors)
        elif refused is not None:
            assert "--by" in str(refused)
        with database() as session:
            values = list(session.scalars(select(Result.value)))
        assert all(math.isfinite(v) and abs(v) <= 1e15 for v in values)

    tally.clear()
    run()
    print(f"results files: {dict(tally)}")
    assert tally["imported"] > 0
    assert tally["ResultImportError"] > 0
