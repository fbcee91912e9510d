"""Every agency's category (M, R, E) is stored, from its legal type, the kind of objectives it is
given, or — where its name has no legal-type prefix and its document names no kind — the
article of 独立行政法人通則法 the document is given under (issue 11, "Why": a category missing
when the name carries no legal-type prefix)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text, update

from hyoka.model.records import AgencyCategory, agency_category, category_of_legal_basis
from hyoka.settings import Settings
from hyoka.store import documents as d
from hyoka.store.database import Database
from hyoka.store.ingest import ingest_file
from hyoka.store.migrate import alembic_config, upgrade
from hyoka.store.store import Store

BODY = """\
Ⅰ．政策体系における法人の位置付け及び役割
役割を述べる。
Ⅱ．目標の期間
目標の期間は、令和８年４月から令和13年３月までの５年間とする。
Ⅲ．業務の質の向上に関する事項
（１）相談の実施
○ 相談件数
120件／年
"""


def _document(name: str, article: str) -> str:
    return (
        f"{name}が達成すべき業務運営に関する目標\n"
        f"独立行政法人通則法（平成11年法律第103号）{article}の規定に基づき、"
        f"{name}が達成すべき業務運営に関する目標を次のように定める。\n" + BODY
    )


AGENCIES = {  # names without a legal-type prefix, documents that never name their kind
    "架空医療機構": ("第35条の4第1項", "R", AgencyCategory.rd),
    "架空統計センター": ("第35条の9第1項", "E", AgencyCategory.executive),
    "架空研修機構": ("第29条第1項", "M", AgencyCategory.medium_term),
}


def _ingest(sessions: Database, settings: Settings, folder: Path) -> None:
    for number, (name, (article, _, _)) in enumerate(AGENCIES.items()):
        source = folder / f"doc{number}.txt"
        source.write_text(_document(name, article), encoding="utf-8")
        outcome = ingest_file(sessions, source, settings)
        assert outcome.status == "stored", outcome.error


def _stored(sessions: Database) -> dict[str, str | None]:
    with sessions() as session:
        return dict(session.execute(select(d.Agency.full_name, d.Agency.category)).all())


def test_an_agency_without_a_prefix_gets_its_category_from_the_legal_basis(
    sessions: Database, settings: Settings, tmp_path: Path
) -> None:
    _ingest(sessions, settings, tmp_path)
    assert _stored(sessions) == {name: code for name, (_, code, _) in AGENCIES.items()}
    with sessions() as session:
        kinds = set(session.scalars(select(d.ObjectiveDocument.kind)))
    assert kinds == {None}  # the category came from the article, not from a kind
    by_name = {a.full_name: a for a in Store(sessions).agencies()}
    for name, (_, _, category) in AGENCIES.items():
        assert by_name[name].legal_type is None
        assert by_name[name].category == category
        assert by_name[name].category_label == category.label


def test_the_stored_category_is_what_records_show(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    _ingest(sessions, settings, tmp_path)
    with sessions.begin() as session:  # a category set by hand wins over the derivation
        session.execute(update(d.Agency).where(d.Agency.full_name == "架空研修機構").values(category="E"))
    by_name = {a.full_name: a for a in Store(sessions).agencies()}
    assert by_name["架空研修機構"].category == AgencyCategory.executive


def test_the_migration_backfills_the_category(sessions: Database, settings: Settings, tmp_path: Path) -> None:
    _ingest(sessions, settings, tmp_path)
    engine = sessions.engine
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    with engine.connect() as connection:
        assert "category" not in {c["name"] for c in inspect(connection).get_columns("agencies")}
    upgrade(engine)
    assert _stored(sessions) == {name: code for name, (_, code, _) in AGENCIES.items()}
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM agencies WHERE category IS NULL")) == 0


@pytest.mark.parametrize(
    ("basis", "category"),
    [
        ("独立行政法人通則法(平成11年法律第103号)第35条の4第1項", AgencyCategory.rd),
        ("独立行政法人通則法第三十五条の四第一項", AgencyCategory.rd),
        ("独立行政法人通則法 第 35 条の 10 第 1 項", AgencyCategory.executive),
        ("独立行政法人通則法第３５条の９", AgencyCategory.executive),
        ("独立行政法人通則法第29条第1項", AgencyCategory.medium_term),
        ("独立行政法人通則法第35条の5", None),
        ("独立行政法人通則法第129条", None),
        (None, None),
    ],
)
def test_category_of_legal_basis(basis: str | None, category: AgencyCategory | None) -> None:
    assert category_of_legal_basis(basis) == category


def test_the_legal_type_and_the_kind_come_first() -> None:
    assert agency_category("国立研究開発法人", ["中期目標"], ["通則法第29条"]) == AgencyCategory.rd
    assert agency_category(None, ["年度目標"], ["通則法第29条"]) == AgencyCategory.executive
    assert agency_category(None, [None], ["通則法第29条"]) == AgencyCategory.medium_term
    assert agency_category(None, [None], [None]) is None
