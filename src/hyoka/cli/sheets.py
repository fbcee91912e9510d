"""Commands for the written fields of the official evaluation sheets (項目別評定調書, 総合評定):
who evaluated and whom they heard, the overall account, the opinions heard, per item the related
policy, legal basis, review number, main inputs and issues for the future.

    hyoka evaluate sheet fields                      the catalogue: code names and Japanese labels
    hyoka evaluate sheet set DOC --field … --text …  one field
    hyoka evaluate sheet import DOC FILE.toml        many fields at once (all or nothing)
    hyoka evaluate sheet show DOC --year …           the current texts
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from hyoka.cli.app import console, database, fail, opened_store
from hyoka.cli.evaluation import evaluate_app

if TYPE_CHECKING:
    from hyoka.store.database import Session
    from hyoka.store.sheets import SheetEntryInput

sheet_app = typer.Typer(
    help="The written fields of the evaluation sheets (評価の実施者, 法人全体に対する評価, 今後の課題, …).\n\n"
    "Example: hyoka evaluate sheet fields"
)
evaluate_app.add_typer(sheet_app, name="sheet")

OVERALL = "総合"  # hyoka.store.ratings.OVERALL, without importing the store at start-up

Year = Annotated[int, typer.Option(help="Fiscal year of the evaluation (2026 = 令和8年度).")]
Stage = Annotated[str, typer.Option(help="annual, expected, interim or period_end.")]
Evaluator = Annotated[str, typer.Option(help="self (自己評価) or ministry (主務大臣評価).")]
By = Annotated[str, typer.Option("--by", help="Who enters it (kept with the text and in the audit trail).")]


def unit_keys(session: Session, document_id: int) -> dict[str, str]:
    """Every name a unit may be given (its key, and its title without the chapter label) → its key."""
    from hyoka.evaluate.service import unit_scopes
    from hyoka.store import catalog

    if catalog.document(session, document_id) is None:
        fail(f"no stored document with id {document_id} (hyoka list shows the ids)")
    names: dict[str, str] = {OVERALL: OVERALL}
    scopes = unit_scopes(session, document_id)
    for scope in scopes:
        names.setdefault(scope.title, scope.key)
    for scope in scopes:
        names[scope.key] = scope.key
    return names


def _unit(names: dict[str, str], given: str, where: str) -> str:
    key = names.get(" ".join(given.split()))
    if key is None:
        units = ", ".join(k for k in dict.fromkeys(names.values()))
        fail(f"{where}no evaluation unit {given!r}; units: {units}")
    return key


@sheet_app.command("fields")
def sheet_fields() -> None:
    """List the fields of the sheets: code name, Japanese label, and the sheet each belongs to.

    Example: hyoka evaluate sheet fields
    """
    from hyoka.store.sheets import SHEET_FIELDS

    places = {"overall": "総合評定（--unit 総合）", "item": "項目別評定調書", "both": "どちらも"}
    for spec in SHEET_FIELDS.values():
        extra = "（年度ごとの数値）" if spec.per_year else ""
        console.print(f"{spec.name:<20} {escape(spec.label)}{extra}  [{escape(places[spec.place])}]")


@sheet_app.command("set")
def sheet_set(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    *,
    year: Year,
    unit: Annotated[str, typer.Option(help="Evaluation unit as proposals show it, or 総合 for the overall sheet.")],
    field: Annotated[str, typer.Option(help="Code name of the field (hyoka evaluate sheet fields lists them).")],
    text: Annotated[str, typer.Option(help="The text (for 予算額 and the other inputs, the figure of --year).")],
    by: By,
    stage: Stage = "annual",
    evaluator: Evaluator = "ministry",
) -> None:
    """Write one field of a sheet; writing it again is a new version (the old one is kept).

    Example: hyoka evaluate sheet set 1 --year 2026 --unit 総合 --field overall_account
    --text "全体として順調" --by 経済産業省
    """
    from hyoka.store.actors import ActorRequired
    from hyoka.store.sheets import SheetEntryInput, SheetEntryRefused, record_sheet_entry

    with database() as db, db.begin() as session:
        key = _unit(unit_keys(session, doc_id), unit, "")
        try:
            record, written = record_sheet_entry(
                session, SheetEntryInput(doc_id, year, stage, evaluator, key, field, text, by)
            )
        except (SheetEntryRefused, ActorRequired) as exc:
            fail(str(exc))
    state = f"第{record.version}版を記録しました" if written else "変更なし（同じ内容が記録済み）"
    console.print(f"{escape(key)} / {escape(record.label)}（{year}年度）: {state}")


def _entries(path: Path, data: dict[str, Any], names: dict[str, str], doc_id: int, by: str) -> list[SheetEntryInput]:
    from hyoka.store.sheets import SHEET_FIELDS, SheetEntryInput

    year = data.pop("year", None)
    stage = data.pop("stage", "annual")
    evaluator = data.pop("evaluator", "ministry")
    if not isinstance(year, int) or isinstance(year, bool):
        fail(f"{path}: year = <fiscal year> is required at the top of the file (e.g. year = 2026)")
    if not isinstance(stage, str) or not isinstance(evaluator, str):
        fail(f'{path}: stage and evaluator must be strings (stage = "annual", evaluator = "ministry")')
    entries = []
    for unit, fields in data.items():
        if not isinstance(fields, dict):
            fail(f'{path}: {unit!r} must be a table of fields: ["{unit}"] on a line, then field = "text"')
        key = _unit(names, unit, f"{path}: [{unit}]: ")
        for field, value in fields.items():
            spec = SHEET_FIELDS.get(field)
            where = f"{path}: [{unit}] {field}"
            if spec is None:
                fail(f"{where}: no such field; fields: {', '.join(SHEET_FIELDS)}")
            if spec.per_year and isinstance(value, dict):
                for fiscal_year, figure in value.items():
                    if not str(fiscal_year).isdigit():
                        fail(f'{where}: the keys are fiscal years (2026 = "1,234"), not {fiscal_year!r}')
                    text = _text(figure, where)
                    entries.append(SheetEntryInput(doc_id, int(fiscal_year), stage, evaluator, key, field, text, by))
                continue
            entries.append(SheetEntryInput(doc_id, year, stage, evaluator, key, field, _text(value, where), by))
    if not entries:
        fail(f'{path}: no fields to record (a table per unit, ["総合"] for the overall sheet)')
    return entries


def _text(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        fail(f"{where}: must be a text (or, for the inputs, a number)")
    return str(value)


@sheet_app.command("import")
def sheet_import(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    file: Annotated[Path, typer.Argument(help="A TOML file: year, stage, evaluator, then a table per unit.")],
    by: By,
) -> None:
    """Write many fields at once from a TOML file; any error refuses the whole file, naming the field.

    The file: `year = 2026` (and optionally `stage`, `evaluator`) at the top, then one table per
    unit (`["総合"]` for the overall sheet) of `field = "text"`; the inputs (budget, settlement,
    expenses, staff) may be a table by fiscal year: `budget = { 2025 = 1200000, 2026 = 1250000 }`.

    Example: hyoka evaluate sheet import 1 sheets-2026.toml --by 経済産業省
    """
    import tomllib

    from hyoka.store.actors import ActorRequired
    from hyoka.store.sheets import SheetEntryRefused, record_sheet_entries

    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        fail(f"{file}: not valid TOML: {exc}")
    with database() as db, db.begin() as session:
        entries = _entries(file, data, unit_keys(session, doc_id), doc_id, by)
        try:
            written = record_sheet_entries(session, entries)
        except (SheetEntryRefused, ActorRequired) as exc:
            fail(f"{file}: {exc}; nothing recorded")
    changed = sum(1 for _, new in written if new)
    console.print(f"{file}: {len(written)} 項目（うち新規・更新 {changed} 件）")


@sheet_app.command("show")
def sheet_show(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID")],
    *,
    year: Year,
    stage: Stage = "annual",
    evaluator: Evaluator = "ministry",
) -> None:
    """Print the current text of every field recorded for a year, stage and evaluator.

    Example: hyoka evaluate sheet show 1 --year 2026
    """
    from hyoka.store.sheets import sheet_entries

    with opened_store() as store, store.session() as session:
        unit_keys(session, doc_id)
        entries = sheet_entries(session, doc_id, year, stage, evaluator)
    if not entries:
        console.print("記録された項目はありません")
        return
    for (unit, _), record in sorted(entries.items(), key=lambda pair: (pair[0][0] != OVERALL, pair[1].id)):
        sys.stdout.write(f"[{unit}] {record.label}（{record.field}, 第{record.version}版, {record.entered_by}）\n")
        sys.stdout.write("".join(f"  {line}\n" for line in record.text.splitlines()))
