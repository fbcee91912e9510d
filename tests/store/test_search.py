"""Search over stored documents, on SQLite (FTS5 trigram and LIKE) and PostgreSQL (pg_trgm).

The store holds the bundled sample (a fictional 中期目標, FY2026-2030, half-width "1,200") and a
second synthetic document written here (a fictional 中長期目標, FY2021-2027, full-width "１，２００").
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from hyoka.cli import app
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.sources import normalize
from hyoka.store import search as search_module
from hyoka.store.database import Database
from hyoka.store.engine import make_engine
from hyoka.store.ingest import ingest_file
from hyoka.store.migrate import alembic_config, current_revision, upgrade
from hyoka.store.search import SearchHit, SearchPage, match_span, search, search_terms, snippet
from hyoka.store.search_table import SearchEntry

SAMPLE_AGENCY = "独立行政法人日本架空技術振興機構"
OCEAN_AGENCY = "国立研究開発法人架空海洋観測研究所"
CONSULTATION_PATH = (
    "第３ 国民に対して提供するサービスその他の業務の質の向上に関する事項"
    " > １． 技術相談・技術支援の充実 > （１） 中小企業等に対する技術相談"
)
ALL = 1000

OCEAN = """\
国立研究開発法人架空海洋観測研究所が達成すべき業務運営に関する目標
（中長期目標）

令和３年２月
文部科学省

第１　政策体系における法人の位置付け及び役割
国立研究開発法人架空海洋観測研究所（以下「研究所」という。）は、海洋の観測と予測に関する研究開発を行う。

第２　中長期目標の期間
中長期目標の期間は、令和３年４月から令和10年３月までの７年間とする。

第３　研究開発の成果の最大化その他の業務の質の向上に関する事項

１．海洋観測の高度化
（１）観測網の整備
沿岸から外洋までの観測網を整備し、観測データを公開すること。
観測データの公開件数を毎年度１，２００件以上とする。

【重要度：高】
海洋観測は研究所の中核業務であるため。

（２）論文の発信
研究成果を査読付き論文として発表すること。

第４　業務運営の効率化に関する事項
一般管理費について、毎年度平均で前年度比３％以上の効率化を図る。

第５　財務内容の改善に関する事項
自己収入の確保に努めること。

第６　その他業務運営に関する重要事項
情報セキュリティ対策（ＩＳＭＳ_2022 に準拠）を講ずること。
"""


def _ingest_both(sessions: Database, settings: Settings, folder: Path) -> None:
    sample = folder / "sample.txt"
    shutil.copyfile(sample_path(), sample)
    ocean = folder / "ocean.txt"
    ocean.write_text(OCEAN, encoding="utf-8")
    for path in (sample, ocean):
        outcome = ingest_file(sessions, path, settings)
        assert outcome.status == "stored", outcome.error


@pytest.fixture
def session(sessions: Database, settings: Settings, tmp_path: Path) -> Iterator[Session]:
    _ingest_both(sessions, settings, tmp_path)
    with sessions() as session:
        yield session


def find(session: Session, query: str, **filters: Any) -> list[SearchHit]:
    page = search(session, query, limit=ALL, **filters)
    assert page.total == len(page.hits)
    return page.hits


def keys(hits: list[SearchHit]) -> set[tuple[int, str, int]]:
    return {(hit.document_id, hit.kind, hit.line) for hit in hits}


def agencies(hits: list[SearchHit]) -> set[str | None]:
    return {hit.agency for hit in hits}


# Marks that the documents never use, so the marked part of a snippet can be cut out.
MARK = ("⟦", "⟧")


def marked_part(hit: SearchHit) -> str:
    return hit.snippet[hit.snippet.index(MARK[0]) + 1 : hit.snippet.index(MARK[1])]


# --- finding -------------------------------------------------------------------------------------


def test_a_long_query_finds_entries_with_their_item_path_line_and_snippet(session: Session) -> None:
    hits = find(session, "技術相談件数")
    assert hits
    assert all("【技術相談件数】" in hit.snippet for hit in hits)
    target = next(hit for hit in hits if hit.kind == "target")
    assert target.agency == SAMPLE_AGENCY
    assert (target.document_kind, target.version) == ("中期目標", 1)
    assert target.line == 111
    assert target.item_path == CONSULTATION_PATH
    assert target.section_kind == "quality"
    assert target.marked
    item = next(hit for hit in hits if hit.kind == "item")
    assert (item.line, item.item_path) == (93, CONSULTATION_PATH)
    assert item.snippet.startswith("…")
    assert item.snippet.endswith("…")
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_the_snippet_keeps_the_original_text_and_takes_a_mark(session: Session) -> None:
    # The original says "令和 13 年３月"; the query is typed without spaces, in half-width digits.
    page = search(session, "令和13年3月", mark=("[", "]"))
    assert page.total == 1
    assert "[令和 13 年３月]" in page.hits[0].snippet
    assert page.hits[0].section_kind == "period"


@pytest.mark.parametrize("query", ["論文", "費", "件"])
def test_queries_shorter_than_a_trigram_still_match(session: Session, query: str) -> None:
    hits = find(session, query)
    assert agencies(hits) == {SAMPLE_AGENCY, OCEAN_AGENCY}
    assert all(f"【{query}】" in hit.snippet for hit in hits)


def test_a_two_character_query_finds_the_item_it_names(session: Session) -> None:
    hits = find(session, "論文", agency="海洋")
    item = next(hit for hit in hits if hit.kind == "item")
    assert (
        item.item_path
        == "第３ 研究開発の成果の最大化その他の業務の質の向上に関する事項 > １． 海洋観測の高度化 > （２） 論文の発信"
    )
    assert item.snippet.startswith("（２） 【論文】の発信")


def test_full_width_and_half_width_digits_match_each_other(session: Session) -> None:
    half, full = find(session, "1,200"), find(session, "１，２００")
    assert keys(half) == keys(full)
    assert agencies(half) == {SAMPLE_AGENCY, OCEAN_AGENCY}
    snippets = {hit.agency: hit.snippet for hit in half if hit.kind == "target"}
    assert "【1,200】" in snippets[SAMPLE_AGENCY]
    assert "【１，２００】" in snippets[OCEAN_AGENCY]


def test_full_width_letters_and_case_do_not_matter(session: Session) -> None:
    hits = find(session, "isms")
    assert [hit.agency for hit in hits] == [OCEAN_AGENCY]
    assert "【ＩＳＭＳ】" in hits[0].snippet
    assert keys(find(session, "ＩＳＭＳ")) == keys(hits)


def test_terms_are_anded(session: Session) -> None:
    consultation, percent = find(session, "技術相談"), find(session, "%")
    both = find(session, "技術相談 ８０％")
    assert both
    assert keys(both) <= keys(consultation) & keys(percent)
    assert len(both) < min(len(consultation), len(percent))
    # An ideographic space separates terms too; a long and a short term mix FTS and LIKE.
    mixed = find(session, "技術相談\u3000件")
    assert mixed
    assert keys(mixed) == keys(consultation) & keys(find(session, "件"))
    assert find(session, "技術相談 海洋") == []


def test_search_terms_are_normalized_one_by_one() -> None:
    assert search_terms("  ＡＢＣ　１，２００  abc ＡＢＣ ") == ["ABC", "1,200", "abc"]
    assert search_terms(" \u3000 ") == []


# --- filters -------------------------------------------------------------------------------------


def test_agency_filter(session: Session) -> None:
    everyone = find(session, "一般管理費")
    assert agencies(everyone) == {SAMPLE_AGENCY, OCEAN_AGENCY}
    assert agencies(find(session, "一般管理費", agency="架空海洋観測研究所")) == {OCEAN_AGENCY}
    assert agencies(find(session, "一般管理費", agency=SAMPLE_AGENCY)) == {SAMPLE_AGENCY}
    assert find(session, "一般管理費", agency="存在しない法人") == []


def test_kind_filter(session: Session) -> None:
    assert agencies(find(session, "一般管理費", kind="中長期目標")) == {OCEAN_AGENCY}
    assert agencies(find(session, "一般管理費", kind="中期目標")) == {SAMPLE_AGENCY}
    assert agencies(find(session, "一般管理費", kind="mid_term")) == {SAMPLE_AGENCY}
    assert find(session, "一般管理費", kind="年度目標") == []


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, {OCEAN_AGENCY}),
        (2026, {SAMPLE_AGENCY, OCEAN_AGENCY}),
        (2027, {SAMPLE_AGENCY, OCEAN_AGENCY}),
        (2028, {SAMPLE_AGENCY}),
        (2030, {SAMPLE_AGENCY}),
        (2031, set()),
    ],
)
def test_period_year_filter(session: Session, year: int, expected: set[str]) -> None:
    assert agencies(find(session, "一般管理費", period_year=year)) == expected


def test_section_filter(session: Session) -> None:
    everywhere = find(session, "技術")
    sections = {hit.section_kind for hit in everywhere}
    assert {"quality", "other"} <= sections
    quality = find(session, "技術", section_kind="quality")
    assert quality
    assert keys(quality) < keys(everywhere)
    assert {hit.section_kind for hit in quality} == {"quality"}
    with pytest.raises(ValueError, match="section kind"):
        search(session, "技術", section_kind="qualty")


def test_targets_only(session: Session) -> None:
    everything = find(session, "件数")
    targets = find(session, "件数", only_targets=True)
    assert targets
    assert len(targets) < len(everything)
    assert {hit.kind for hit in targets} == {"target"}
    assert {hit.ref_id is not None for hit in targets} == {True}


def test_marked_only(session: Session) -> None:
    everything = find(session, "観測")
    marked = find(session, "観測", only_marked=True)
    assert marked
    assert len(marked) < len(everything)
    assert {hit.marked for hit in marked} == {True}
    assert all(hit.item_path.endswith("（１） 観測網の整備") for hit in marked)


def test_filters_combine(session: Session) -> None:
    hits = find(session, "件数", agency="日本架空", only_targets=True, section_kind="quality", period_year=2029)
    assert hits
    assert {(hit.agency, hit.kind, hit.section_kind) for hit in hits} == {(SAMPLE_AGENCY, "target", "quality")}


# --- paging --------------------------------------------------------------------------------------


def test_limit_offset_and_total(session: Session) -> None:
    everything = search(session, "技術", limit=ALL)
    assert everything.total == len(everything.hits) > 7
    pages = [search(session, "技術", limit=3, offset=offset) for offset in range(0, everything.total, 3)]
    assert {page.total for page in pages} == {everything.total}
    assert [hit for page in pages for hit in page.hits] == everything.hits  # stable order
    assert search(session, "技術", limit=3, offset=everything.total) == SearchPage([], everything.total)
    assert search(session, "技術", limit=0) == SearchPage([], everything.total)
    with pytest.raises(ValueError, match="negative"):
        search(session, "技術", offset=-1)


def test_ties_are_ordered_by_document_then_line(session: Session) -> None:
    hits = find(session, "費")  # LIKE only: every score is the same on SQLite
    by_score: dict[float, list[tuple[int, int]]] = {}
    for hit in hits:
        by_score.setdefault(hit.score, []).append((hit.document_id, hit.line))
    assert all(group == sorted(group) for group in by_score.values())


@pytest.mark.parametrize("query", ["存在しない語句", "zz", "", "   "])
def test_no_hits_is_an_empty_page(session: Session, query: str) -> None:
    assert search(session, query) == SearchPage([], 0)


# --- SQL metacharacters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["%", "%%", "%%%", "_", "__", "___", "'", "''", '"', '"""', "\\", "\\%", "a'b", 'a"b', "S_2", "S%2", "*", "^技術"],
)
def test_sql_and_fts_metacharacters_are_literal(session: Session, query: str) -> None:
    term = normalize(query).lower()
    for hit in find(session, query, mark=MARK):
        assert term in normalize(marked_part(hit)).lower(), hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE search_entries; --",
        '" OR "',
        "技術 OR 相談",
        "NEAR(技術 相談)",
        "content_norm:技術",
        "技術*",
        "(技術",
        "技術) AND (",
    ],
)
def test_hostile_queries_do_not_raise(session: Session, query: str) -> None:
    search(session, query)
    assert find(session, "技術")  # the table is still there


def test_underscore_and_percent_are_not_wildcards(session: Session) -> None:
    assert [hit.agency for hit in find(session, "_")] == [OCEAN_AGENCY]
    assert "【_】" in find(session, "_")[0].snippet
    assert [hit.agency for hit in find(session, "ISMS_2022")] == [OCEAN_AGENCY]
    assert find(session, "ISMS%2022") == []
    assert find(session, "ISMSx2022") == []
    assert find(session, "S_2") != []
    assert find(session, "S%2") == []
    assert find(session, "%") != []  # the "％" of the documents, not every entry
    assert len(find(session, "%")) < len(find(session, "の"))


# --- terms of one or two characters: the index, not a scan --------------------------------------


def expected(session: Session, query: str, **filters: Any) -> set[tuple[int, str, int]]:
    """The entries holding every term, found the slow way: in Python, over all of them (no filter
    but the ones given, which must be none or `only_targets`)."""
    assert set(filters) <= {"only_targets"}
    terms = [term.lower() for term in search_terms(query)]
    rows = session.execute(
        select(SearchEntry.document_id, SearchEntry.kind, SearchEntry.line, SearchEntry.content_norm)
    ).all()
    return {
        (document_id, kind, line)
        for document_id, kind, line, norm in rows
        if all(term in norm.lower() for term in terms) and (kind == "target" or not filters.get("only_targets"))
    }


def test_short_terms_at_the_end_of_an_entry_are_found(session: Session) -> None:
    # The trigrams of an entry's last two characters begin before them: the index must hold more.
    norms = session.scalars(select(SearchEntry.content_norm)).all()
    tails = sorted({norm[-size:] for norm in norms for size in (1, 2) if norm[-size:].strip() == norm[-size:]})
    assert len(tails) > 20
    for tail in tails:
        assert keys(find(session, tail)) == expected(session, tail), tail
    only_at_the_end = [t for t in tails if any(n.endswith(t) and n.count(t) == 1 for n in norms)]
    assert only_at_the_end


@pytest.mark.parametrize(
    "query",
    [
        "論文",
        "の",
        "。",
        "件 数",
        "技術相談 件",
        "観測 の 整備",
        "一般管理費 費",
        "情報セキュリティ is",  # a short term with case beside a long one (ISMS_2022)
        "情報セキュリティ S_",
        "ISMS_2022 ｉｓ",
        "is 22",
        "Is",
        "1,200 件",
        "% の",
        "存在しない 論文",
        "論文 zz",
    ],
)
def test_short_long_and_mixed_terms_find_exactly_the_entries_holding_them(session: Session, query: str) -> None:
    assert keys(find(session, query)) == expected(session, query)
    assert keys(find(session, query, only_targets=True)) == expected(session, query, only_targets=True)


def test_a_term_beginning_too_many_trigrams_is_compared_row_by_row(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = ["論文", "の", "件 技術相談", "is", "%"]
    indexed = {query: find(session, query) for query in queries}
    monkeypatch.setattr(search_module, "MAX_SHORT_TRIGRAMS", 0)  # SQLite: every short term scans
    for query in queries:
        assert find(session, query) == indexed[query]


def test_entries_shorter_than_a_trigram_are_found_and_removed(session: Session) -> None:
    document_id = session.scalars(select(SearchEntry.document_id).limit(1)).one()
    for content in ("蛸", "ｘＹ", "蛸足"):
        session.add(
            SearchEntry(
                document_id=document_id, kind="item", line=9000, content=content, content_norm=normalize(content)
            )
        )
    session.flush()
    if session.get_bind().dialect.name == "sqlite":  # indexed as the writer indexes (migration 0010)
        session.execute(
            text(
                "INSERT INTO search_fts(rowid, content_norm) "
                "SELECT id, content_norm || char(65535, 65535) FROM search_entries WHERE line = 9000"
            )
        )
    assert {hit.snippet for hit in find(session, "蛸")} == {"【蛸】", "【蛸】足"}
    assert {hit.snippet for hit in find(session, "蛸足")} == {"【蛸足】"}
    assert [hit.snippet for hit in find(session, "xy")] == ["【ｘＹ】"]
    assert [hit.snippet for hit in find(session, "Y")] == ["ｘ【Ｙ】"]
    session.execute(delete(SearchEntry).where(SearchEntry.line == 9000))
    assert find(session, "蛸") == find(session, "xy") == []
    if session.get_bind().dialect.name == "sqlite":  # the delete trigger removed what was indexed
        session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
    session.rollback()


@pytest.mark.parametrize("query", ["\uffff", "\uffff\uffff", "書\uffff", "\uffff\uffff\uffff", "する。\uffff"])
def test_the_index_padding_never_matches(session: Session, query: str) -> None:
    assert find(session, query) == []


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_the_search_migration_indexes_the_entries_already_stored(settings: Settings, tmp_path: Path) -> None:
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        sessions = Database(engine)
        _ingest_both(sessions, settings, tmp_path)
        _downgrade(engine, "0003")  # the entries stand as revision 0003 left them
        for _ in range(2):  # up, then down and up again
            upgrade(engine)
            assert current_revision(engine) == "0012"
            with sessions() as session:
                for query in ("論文", "件", "事項", "isms", "技術相談件数", "観測 の"):
                    assert keys(find(session, query)) == expected(session, query) != set(), query
            _downgrade(engine, "0003")
            if engine.dialect.name == "sqlite":  # the trigram table of revision 0002 is back
                with engine.connect() as connection:
                    found = connection.scalar(
                        text("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"技術相談\"'")
                    )
                assert found
    finally:
        engine.dispose()


def _indexed_once(engine: Engine) -> None:
    """Every entry is in the trigram index exactly once: its own text is found under its rowid."""
    with engine.connect() as connection:
        entries = connection.execute(text("SELECT id, content_norm FROM search_entries")).all()
        indexed = connection.scalar(text("SELECT count(*) FROM search_fts"))
        assert indexed == len(entries) > 0
        for entry_id, content in entries[:: max(1, len(entries) // 25)]:
            phrase = '"' + content[:12].replace('"', '""') + '"'
            if len(content) >= 3:
                rowids = connection.scalars(
                    text("SELECT rowid FROM search_fts WHERE search_fts MATCH :q"), {"q": phrase}
                ).all()
                assert entry_id in rowids, content


def test_the_writer_indexes_each_document_once_before_and_after_the_bulk_migration(
    settings: Settings, tmp_path: Path
) -> None:
    """0010 drops SQLite's per-row insert trigger; the writer indexes a document's entries in one
    statement. A document stored under 0009 (by the trigger) and one stored under 0010 (by the
    writer) are each indexed once, and still after going down and up again."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        sqlite = engine.dialect.name == "sqlite"  # PostgreSQL's GIN index keeps itself: search alone
        sessions = Database(engine)
        _downgrade(engine, "0009")
        sample = tmp_path / "sample.txt"
        shutil.copyfile(sample_path(), sample)
        assert ingest_file(sessions, sample, settings).status == "stored"
        upgrade(engine)
        if sqlite:
            with engine.connect() as connection:
                trigger = text("SELECT count(*) FROM sqlite_master WHERE name = 'search_entries_ai'")
                assert connection.scalar(trigger) == 0
        ocean = tmp_path / "ocean.txt"
        ocean.write_text(OCEAN, encoding="utf-8")
        assert ingest_file(sessions, ocean, settings).status == "stored"
        for _ in range(2):  # as stored, then after going down and up again
            if sqlite:
                _indexed_once(engine)
            with sessions() as session:
                for query in ("技術相談件数", "論文", "観測"):
                    assert keys(find(session, query)) == expected(session, query) != set(), query
            _downgrade(engine, "0009")
            upgrade(engine)
    finally:
        engine.dispose()


# --- snippets (no database) ----------------------------------------------------------------------


def test_match_span_maps_the_normalized_match_back_to_the_original() -> None:
    text = "期間は令和 13 年３月までとする。"
    start, end = match_span(text, "令和13年3月") or (0, 0)
    assert text[start:end] == "令和 13 年３月"
    assert match_span("ＩＳＭＳ_2022", "isms") == (0, 4)
    assert match_span("か\u3099き", "が") == (0, 2)  # a combining mark composes with its base
    assert match_span("何もない", "論文") is None


def test_snippet_context_marks_and_fallback() -> None:
    text = "あ" * 100 + "目標値" + "い" * 100
    cut = snippet(text, ["目標値"], context=10)
    assert cut == "…" + "あ" * 10 + "【目標値】" + "い" * 10 + "…"
    assert snippet("短い\n文の目標値\nです", ["目標値"], mark=("<", ">")) == "短い 文の<目標値> です"
    assert snippet("う" * 100, ["目標値"]) == "う" * 80 + "…"
    assert snippet("短い文", ["目標値"]) == "短い文"
    # The earliest match among the terms is the one shown.
    assert snippet("甲乙丙丁", ["丁", "乙"]) == "甲【乙】丙丁"


def test_match_span_without_normalizing_prefixes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Long texts are mapped character by character, never searched by normalizing pieces of them.
    def bisect(content: str, term: str) -> tuple[int, int]:
        raise AssertionError(f"bisected {term!r}")

    monkeypatch.setattr(search_module, "_bisected_span", bisect)
    text = "Ⅲ　" + "あ" * 20000 + "目標 値\u00ad" + "い" * 100
    start, end = match_span(text, "目標値") or (0, 0)
    assert text[start:end] == "目標 値"
    assert snippet(text, ["目標値"], context=2) == "…ああ【目標 値】\u00adい…"
    assert match_span("ＪＡＰＡＮ　is BACK", "nis") is None  # the space between two words stays
    assert match_span("ＪＡＰＡＮ　is BACK", "Nis") is None
    assert match_span("漢 字とＡ　１", "字とa1") is None
    assert match_span("漢 字とＡ　１", "漢字") == (0, 3)


def test_match_span_where_characters_fold_together_or_apart() -> None:
    assert match_span("ﾃﾞｰﾀを公開", "データ") == (0, 4)  # half-width voiced marks join their kana
    assert match_span("かﾃﾞータ", "テ") is None  # ﾃﾞ is デ, not テ
    assert match_span("か\u309bき", "が") == (0, 2)  # so is the spacing voiced mark
    assert match_span("第Ⅲ期 iii", "iii") == (1, 2)  # the first match, in the numeral
    assert match_span("第Ⅲ期の計画", "期の") == (2, 4)
    assert match_span("㍻３０年度", "成30") == (0, 3)
    assert match_span("技\u200b術", "技術") == (0, 3)
    assert match_span("か\u3099き", "か") is None  # composed: が


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {"HYOKA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}", "COLUMNS": "200", "NO_COLOR": "1"}
    settings = Settings.from_env(env)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    _ingest_both(Database(engine), settings, tmp_path)
    engine.dispose()
    return env


def test_cli_search_prints_a_table(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["search", "技術相談件数"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "技術相談件数" in result.output
    assert "日本架空技術振興機構" in result.output
    assert "111" in result.output
    assert "\ue000" not in result.output


def test_cli_search_takes_several_words(cli_env: dict[str, str]) -> None:
    one = CliRunner().invoke(app, ["search", "技術相談 件", "--json"], env=cli_env)
    two = CliRunner().invoke(app, ["search", "技術相談", "件", "--json"], env=cli_env)
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert json.loads(one.output)["hits"] == json.loads(two.output)["hits"] != []


def test_cli_search_json_with_filters(cli_env: dict[str, str]) -> None:
    args = ["search", "一般管理費", "--agency", "架空海洋", "--kind", "中長期目標", "--year", "2022"]
    result = CliRunner().invoke(app, [*args, "--section", "efficiency", "--targets", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == len(data["hits"]) == 1
    hit = data["hits"][0]
    assert (hit["agency"], hit["kind"], hit["section_kind"]) == (OCEAN_AGENCY, "target", "efficiency")
    assert "一般管理費について" in "".join(part["text"] for part in hit["snippet"])
    assert next(part["text"] for part in hit["snippet"] if part["match"]) == "一般管理費"  # the match, marked
    assert data["q"] == "一般管理費"
    assert data["facets"]  # the same view /api/v1/search answers
    assert hit["item_path"] == "第４ 業務運営の効率化に関する事項"


def test_cli_search_marked_limit_and_no_hits(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["search", "技術", "--marked", "--limit", "2", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["hits"]) == 2 < data["total"]
    assert all(hit["marked"] for hit in data["hits"])
    none = CliRunner().invoke(app, ["search", "存在しない語句"], env=cli_env)
    assert none.exit_code == 0, none.output
    assert "No hits" in none.output
    empty = CliRunner().invoke(app, ["search", "存在しない語句", "--json"], env=cli_env)
    assert json.loads(empty.output)["total"] == 0


def test_cli_search_refuses_an_unknown_section(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["search", "技術", "--section", "qualty"], env=cli_env)
    assert result.exit_code == 2
