"""The evaluation report (評価書) of the stored sample: built from the store on SQLite and PostgreSQL,
written as xlsx, Markdown and HTML, and read back the way a reader (or Excel) would."""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hyoka.evaluate.policy import default_policy
from hyoka.report.evaluation import (
    PERCENT_FORMAT,
    SHEET_NAME_LIMIT,
    EvaluationReport,
    ReportFormat,
    build_report,
    render_html,
    render_markdown,
    sheet_name,
    write_report,
    write_xlsx,
)
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.store import extracts as x
from hyoka.store.database import Database
from hyoka.store.evaluations import AuditEntry, Evaluation
from hyoka.store.findings import record_finding
from hyoka.store.ingest import ingest_file
from hyoka.store.main_results import record_main_result
from hyoka.store.plans import PlanRow, import_plan_values
from hyoka.store.ratings import OVERALL, EvaluationInput, publish, record_evaluation, supersede
from hyoka.store.results import ResultRow, axes_indicators, import_results
from hyoka.store.sheets import SheetEntryInput, record_sheet_entries

# The store fixtures (both databases) live with the store tests.
from tests.store.conftest import engine, sessions, settings  # noqa: F401

AGENCY = "独立行政法人日本架空技術振興機構"
CONSULTING = "技術相談・技術支援の充実"
RESEARCH = "研究開発の推進"
TRAINING = "人材育成及び成果の普及"
# The sample states evaluation units for its services chapter only: each other chapter is one unit.
EFFICIENCY = "第４ 業務運営の効率化に関する事項"
CHAPTERS = [EFFICIENCY, "第５ 財務内容の改善に関する事項", "第６ その他業務運営に関する重要事項"]
UNITS = [CONSULTING, RESEARCH, TRAINING, *CHAPTERS]
YEAR = 2027
SCRIPT = "<script>alert('x')</script>"

# Invented results for FY2026 and FY2027 (and the FY2025 base cost of the cost-efficiency rates).
RESULTS: dict[str, dict[int, float]] = {
    "受付から10営業日以内に回答した技術相談の割合": {2026: 82, 2027: 85},  # 85 ÷ 80 = 106.25 %
    "技術相談件数": {2026: 950, 2027: 930},  # 1,880 ÷ (4,500 × 2/5) = 104.4 %
    "原著論文数": {2026: 250, 2027: 230},  # 480 ÷ 480 = 100 %
    "特許出願件数": {2026: 40, 2027: 38},  # 78 ÷ 72 = 108.3 %
    "企業との共同研究件数": {2026: 70, 2027: 75},  # 75 ÷ 60 = 125 %
    "研修受講者数": {2026: 1400, 2027: 1450},  # 1,450 ÷ 1,500 = 96.7 %
    "一般管理費": {2025: 1000, 2026: 965, 2027: 935},  # 1 − (935/1000)^(1/2) = 3.30 % a year ÷ 3 %
    "業務経費": {2025: 5000, 2026: 4960, 2027: 4900},
}
COSTS = {"一般管理費", "業務経費"}


@pytest.fixture
def document_id(sessions: Database, settings: Settings) -> int:  # noqa: F811
    outcome = ingest_file(sessions, sample_path(), settings)
    assert outcome.status == "stored", outcome.error
    document = outcome.stored[0].id
    with sessions.begin() as session:
        targets = {t.indicator: t.id for t in session.scalars(select(x.Target).where(x.Target.document_id == document))}
        assert set(targets) == set(RESULTS)
        figures = [(name, year, value) for name, years in RESULTS.items() for year, value in years.items()]
        rows = [
            ResultRow(n, targets[name], year, value, "百万円" if name in COSTS else None, "業務実績報告書")
            for n, (name, year, value) in enumerate(figures, start=2)
        ]
        import_results(session, rows, entered_by="企画課", source="results.csv")
    with sessions.begin() as session:
        base = EvaluationInput(
            document_id=document,
            unit_key=CONSULTING,
            unit_id=None,
            stage="annual",
            fiscal_year=YEAR,
            evaluator="self",
            rating="C",
            reason="相談件数は目標を上回ったが、回答の質に課題が残った。",
            improvement="回答の点検体制を整える。",
            author="機構 評価室",
            proposed_rating="B",
            departure_reason="難度の高い相談への回答が遅れた。",
        )
        record_evaluation(session, base)
        draft = dataclasses.replace(
            base, evaluator="ministry", rating="C", reason="初稿", improvement="体制を見直す", author="経済産業省"
        )
        record_evaluation(session, draft)  # superseded by the next one
        record_evaluation(
            session,
            EvaluationInput(
                document_id=document,
                unit_key=CONSULTING,
                unit_id=None,
                stage="annual",
                fiscal_year=YEAR,
                evaluator="ministry",
                rating="B",
                reason=f"所期の目標を達成している。{SCRIPT}\n回答期間の短縮を評価する。",
                author="経済産業省 評価担当",
                proposed_rating="B",
            ),
        )
        record_evaluation(
            session,
            EvaluationInput(
                document_id=document,
                unit_key=OVERALL,
                unit_id=None,
                stage="annual",
                fiscal_year=YEAR,
                evaluator="self",
                rating="B",
                reason="概ね目標どおりの成果を上げた。",
                author="機構 評価室",
            ),
        )
        record_evaluation(
            session,
            EvaluationInput(
                document_id=document,
                unit_key=OVERALL,
                unit_id=None,
                stage="annual",
                fiscal_year=YEAR,
                evaluator="ministry",
                rating="A",
                reason="全体として目標を上回る成果を上げた。",
                author="経済産業大臣",
                computed_rating="B",
                departure_reason="地域産業への波及効果が特に大きい。",
            ),
        )
        # the year before: the consulting unit rated B by both (the summary table's first column)
        for evaluator in ("self", "ministry"):
            record_evaluation(
                session,
                dataclasses.replace(
                    base,
                    fiscal_year=YEAR - 1,
                    evaluator=evaluator,
                    rating="B",
                    reason="所期の目標を達成した。",
                    author="経済産業省" if evaluator == "ministry" else "機構 評価室",
                    improvement=None,
                    departure_reason=None,
                ),
            )
        for evaluator in ("self", "ministry"):
            overall = EvaluationInput(
                document_id=document,
                unit_key=OVERALL,
                unit_id=None,
                stage="annual",
                fiscal_year=YEAR - 1,
                evaluator=evaluator,
                rating="B",
                reason="全体として目標を達成した。",
                author="経済産業大臣" if evaluator == "ministry" else "機構 評価室",
            )
            record_evaluation(session, overall)
        record_sheet_entries(session, sheet_entries_of(document))
    return document


def sheet_entries_of(document: int) -> list[SheetEntryInput]:
    def entry(unit: str, field: str, text: str, year: int = YEAR) -> SheetEntryInput:
        return SheetEntryInput(document, year, "annual", "ministry", unit, field, text, "経済産業省 評価室")

    return [
        entry(OVERALL, "evaluators", "主務大臣: 経済産業大臣\n法人所管部局: 産業技術局 技術振興課"),
        entry(
            OVERALL,
            "hearings",
            "外部有識者: 2028年6月10日 評価委員3名\n理事長ヒアリング: 2028年6月20日\n監事ヒアリング: 2028年6月21日",
        ),
        entry(OVERALL, "overall_account", "法人全体として中期目標の達成に向けて順調に業務を進めている。"),
        entry(OVERALL, "matters_weighed", "地域産業への波及効果"),
        entry(OVERALL, "main_issues", "人材育成の目標未達"),
        entry(OVERALL, "improvements", "研修の募集方法を見直すこと。"),
        entry(OVERALL, "rd_council_opinion", "研究開発の成果は着実に上がっている。"),
        entry(OVERALL, "auditor_opinion", "内部統制は有効に機能している。"),
        entry(CONSULTING, "related_policy", "政策目標3 産業技術の振興"),
        entry(CONSULTING, "legal_basis", "日本架空技術振興機構法第12条第1号"),
        entry(CONSULTING, "review_number", "0123"),
        entry(CONSULTING, "budget", "1,200,000", 2026),
        entry(CONSULTING, "budget", "1,250,000", 2027),
        entry(CONSULTING, "settlement", "1,180,000", 2026),
        entry(CONSULTING, "expenses", "1,150,000", 2026),
        entry(CONSULTING, "staff", "85", 2026),
        entry(CONSULTING, "staff", "88", 2027),
        entry(CONSULTING, "future_issues", "相談の質の評価方法を確立すること。"),
        entry(CONSULTING, "auditor_opinion", "相談記録の管理は適切である。"),
    ]


@pytest.fixture
def report(sessions: Database, document_id: int) -> EvaluationReport:  # noqa: F811
    with sessions() as session:
        return build_report(session, document_id, YEAR, policy=default_policy())


# --- the report tree ------------------------------------------------------------------------------


def test_report_document(report: EvaluationReport) -> None:
    doc = report.document
    assert (doc.agency, doc.kind, doc.version, doc.draft) == (AGENCY, "中期目標", 1, True)
    assert doc.period_years == (2026, 2027, 2028, 2029, 2030)
    assert report.fiscal_year_label == "令和9年度"
    assert doc.period_label == "令和8年度〜令和12年度（5年間）"
    assert report.result_years == (2025, 2026, 2027, 2028, 2029, 2030)
    assert report.base_year == 2025
    assert [u.key for u in report.units] == UNITS


def test_report_units(report: EvaluationReport) -> None:
    consulting, research, training, *_ = report.units
    assert consulting.importance_marked
    assert not consulting.difficulty_marked
    assert consulting.importance_reasons
    assert "中核業務" in consulting.importance_reasons[0]
    assert research.difficulty_marked
    assert research.is_rd  # an item under a 研究開発 heading is R&D work, whatever the legal type
    assert research.rd_advisory
    assert consulting.items == ("第３の１． 技術相談・技術支援の充実",)

    count = next(t for t in consulting.targets if t.indicator == "技術相談件数")
    assert (count.level, count.scope, count.scope_label) == ("4,500件以上", "cumulative", "期間累計")
    assert dict(count.results) == {2026: 950, 2027: 930}
    assert count.ratio == pytest.approx(1880 / 1800)
    assert "按分目標" in count.explanation
    assert consulting.proposal.grade == "B"
    assert consulting.proposal.basis_ratio == pytest.approx((85 / 80 + 1880 / 1800) / 2)
    assert research.proposal.grade == "B"
    assert research.proposal.uplifted_grade == "A"
    assert training.proposal.grade == "C"
    assert training.proposal.needs_improvement


def test_report_recorded_evaluations(report: EvaluationReport) -> None:
    """Each unit shows the newest evaluation of each evaluator that nothing supersedes."""
    consulting, research, *_ = report.units
    assert consulting.self_evaluation is not None
    assert consulting.self_evaluation.rating == "C"
    assert consulting.self_evaluation.departure_reason == "難度の高い相談への回答が遅れた。"
    ministry = consulting.ministry_evaluation
    assert ministry is not None
    assert (ministry.rating, ministry.author, ministry.published) == ("B", "経済産業省 評価担当", False)
    assert ministry.supersedes_id is not None
    assert SCRIPT in ministry.reason
    assert ministry.recorded_at is not None
    assert ministry.recorded_at.utcoffset() is not None
    assert research.self_evaluation is None
    assert research.ministry_evaluation is None


def test_report_chapter_units(report: EvaluationReport) -> None:
    """The efficiency chapter is a unit of its own; its cost-efficiency rates show the cost figures."""
    efficiency, finance = report.units[3:5]
    assert efficiency.derived
    assert efficiency.notes
    assert efficiency.items == (EFFICIENCY,)
    assert [t.indicator for t in efficiency.targets] == ["一般管理費", "業務経費"]
    admin = efficiency.targets[0]
    assert (admin.level, admin.scope_label, admin.result_unit) == ("3%以上", "年率（前年度比）", "百万円")
    assert dict(admin.results) == {2025: 1000, 2026: 965, 2027: 935}
    assert admin.ratio == pytest.approx((1 - math.sqrt(935 / 1000)) * 100 / 3)
    assert efficiency.proposal.grade == "B"
    assert finance.targets == ()
    assert finance.proposal.grade is None
    assert report.other_targets == ()  # every target of the sample is in a unit


def test_report_overall(report: EvaluationReport) -> None:
    overall = report.overall
    # B (recorded, important: weight 2) + B + C + B (proposed): (4 + 2 + 1 + 2) ÷ 5 = 1.8 → B
    assert (overall.grade, overall.weighted_mean) == ("B", pytest.approx(1.8))
    assert [(i.grade, i.source) for i in overall.items] == [
        ("B", "主務大臣評価"), ("B", "提案"), ("C", "提案"), ("B", "提案"), (None, "算入せず"), (None, "算入せず"),
    ]  # fmt: skip
    assert overall.ministry_evaluation is not None
    assert overall.ministry_evaluation.rating == "A"
    assert overall.ministry_evaluation.departure_reason == "地域産業への波及効果が特に大きい。"
    assert overall.self_evaluation is not None
    assert overall.self_evaluation.rating == "B"
    assert any("加重平均" in line for line in overall.trace)


def test_building_reads_only(sessions: Database, document_id: int) -> None:  # noqa: F811
    def counts(session: Session) -> tuple[int | None, int | None]:
        return (
            session.scalar(select(func.count()).select_from(Evaluation)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )

    with sessions() as session:
        before = counts(session)
        build_report(session, document_id, YEAR, policy=default_policy(), evaluator="self")
        assert not session.new
        assert not session.dirty
        assert not session.deleted
        assert counts(session) == before


def test_self_basis_and_refusals(sessions: Database, document_id: int) -> None:  # noqa: F811
    with sessions() as session:
        report = build_report(session, document_id, YEAR, policy=default_policy(), evaluator="self")
        assert report.overall.items[0].grade == "C"
        assert report.overall.items[0].source == "自己評価"
        assert "自己評価の項目別評定" in report.overall.basis_label
        with pytest.raises(KeyError):
            build_report(session, 999_999, YEAR, policy=default_policy())
        with pytest.raises(ValueError, match="stage"):
            build_report(session, document_id, YEAR, stage="monthly", policy=default_policy())


# --- Excel --------------------------------------------------------------------------------------


def _rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _section(sheet: Worksheet, heading: str) -> dict[str, Any]:
    """Label → value of the rows under `heading`, up to the next heading (a merged row of one text)."""
    rows = _rows(sheet)
    start = next(i for i, row in enumerate(rows) if row[0] == heading and all(v is None for v in row[1:]))
    found: dict[str, Any] = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        found.setdefault(row[0], row[1])
    return found


@pytest.fixture
def book(report: EvaluationReport, tmp_path: Path) -> Workbook:
    path = write_xlsx(report, tmp_path / "out" / "評価書.xlsx")
    assert path.is_file()
    return load_workbook(path)


PART_3 = "（調書3）"


def test_xlsx_sheets(book: Workbook) -> None:
    assert book.sheetnames == ["総合評定", "項目別評定総括表", *(n for u in UNITS for n in (u, u + PART_3))]


def _part_3(book: Workbook, unit: str) -> dict[str, str]:
    """The side-by-side columns of 項目別評定調書 part 3 (a sheet of its own): header → the column's text,
    its paragraphs read down the rows below the header row (row 3)."""
    rows = _rows(book[unit + PART_3])
    return {
        header: "\n".join(str(row[i]) for row in rows[3:] if row[i] is not None) for i, header in enumerate(rows[2])
    }


def test_xlsx_part_3_side_by_side(book: Workbook) -> None:
    """Issue 11: section 3 of the 項目別評定調書 was written as stacked label rows; the official form has
    its columns side by side. It is a sheet of its own, A4 landscape fitted to the width, its header row
    printed on every page, every text wrapped in a Japanese font, each paragraph a row."""
    sheet = book[CONSULTING + PART_3]
    assert sheet["A1"].value == f"項目別評定調書　1. {CONSULTING}　3. 目標・計画・評価軸・業務実績・評価"
    assert sheet["A2"].value == f"{AGENCY}　令和9年度 年度評価"
    assert [c.value for c in sheet[3]] == [
        "中期目標", "中期計画", "主な評価軸（評価の視点）、指標等", "主な業務実績等", "自己評価", "主務大臣による評価",
    ]  # fmt: skip
    assert all(c.font.b and c.alignment.wrap_text for c in sheet[3])
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.freeze_panes == "A4"
    texts = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert all(c.alignment.wrap_text and c.font.name == "游ゴシック" for c in texts)
    assert sheet.max_row > 4  # paragraphs run down the rows, side by side
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEF"] == [34.0, 26.0, 34.0, 40.0, 34.0, 40.0]
    # the unit sheet points to it under its heading
    unit = _rows(book[CONSULTING])
    start = next(i for i, r in enumerate(unit) if r[0] == "3. 目標・計画・評価軸・業務実績・評価")
    assert unit[start + 1][0] == f"シート「{CONSULTING}{PART_3}」（A4横）に記載"


def test_xlsx_unit_sheet(book: Workbook) -> None:
    sheet = book[CONSULTING]
    assert sheet.freeze_panes == "A3"
    assert sheet["A1"].value == f"項目別評定調書　1. {CONSULTING}"
    assert sheet["A1"].font.b
    header_row = next(r for r in sheet.iter_rows() if r[0].value == "指標")
    headers = [c.value for c in header_row]
    assert headers[:5] == ["指標", "目標", "基準値", "期間区分", "実績の単位"]
    # no cost-efficiency rate here: no column for the base year before the period
    assert headers[5:13] == [
        "令和8年度",
        "令和9年度",
        "令和10年度",
        "令和11年度",
        "令和12年度",
        "達成度",
        "状況",
        "達成度の算定",
    ]
    assert all(c.font.b for c in header_row)
    row = next(r for r in sheet.iter_rows() if r[0].value == "技術相談件数")
    cells = dict(zip(headers, row, strict=True))
    assert cells["目標"].value == "4,500件以上"
    assert cells["期間区分"].value == "期間累計"
    assert cells["令和8年度"].value == 950
    assert cells["令和9年度"].value == 930
    assert cells["令和10年度"].value is None
    assert cells["達成度"].value == pytest.approx(1880 / 1800)
    assert cells["達成度"].number_format == PERCENT_FORMAT
    assert cells["状況"].value == "算定済み"
    assert headers[-1] == "達成度の算定"
    assert "按分目標" in cells["達成度の算定"].value
    assert cells["指標"].alignment.wrap_text

    basis = _section(sheet, "評定の根拠（提案）")
    assert basis["提案評定"] == "B（参考）"  # R&D work by its heading: the proposal is advisory
    assert basis["達成度（集約）"] == pytest.approx((85 / 80 + 1880 / 1800) / 2)
    assert next(r[1] for r in sheet.iter_rows() if r[0].value == "達成度（集約）").number_format == PERCENT_FORMAT
    texts = [r[0] for r in _rows(sheet)]
    assert any(str(t).startswith("達成度の集約（平均）") for t in texts)
    assert "重要度「高」: 総合評定では重み 2 で数える" in texts
    assert _section(sheet, "自己評価")["評定"] == "C"
    assert _section(sheet, "自己評価")["提案評定と異なる理由"] == "難度の高い相談への回答が遅れた。"
    ministry = _section(sheet, "主務大臣評価")
    assert ministry["評定"] == "B"
    assert SCRIPT in ministry["評定の根拠"]
    assert ministry["評価者"] == "経済産業省 評価担当"
    assert ministry["公表"] == "未公表"
    assert isinstance(ministry["記録日"], datetime)  # a date cell (openpyxl reads dates back as datetimes)
    assert "改善に向けた方策" not in ministry  # that was the superseded draft's
    assert _section(book[RESEARCH], "主務大臣評価") == {"評定": "未記録"}
    assert "A" in _section(book[RESEARCH], "評定の根拠（提案）")["提案評定"]  # the uplift the marks allow


def test_xlsx_overall_sheet(book: Workbook) -> None:
    overall = book["総合評定"]
    assert overall.freeze_panes == "A3"
    assert _section(overall, "評価の概要")["法人名"] == AGENCY
    computed = _section(overall, "総合評定の算出")
    assert computed["算出評定"] == "B"
    assert computed["加重平均点"] == pytest.approx(1.8)
    mean_cell = next(r[1] for r in overall.iter_rows() if r[0].value == "加重平均点")
    assert mean_cell.number_format == "0.000"
    recorded = _section(overall, "主務大臣評価（総合評定）")
    assert recorded["評定"] == "A"
    assert recorded["算出結果と異なる理由"] == "地域産業への波及効果が特に大きい。"
    assert _section(overall, "自己評価（総合評定）")["評定"] == "B"
    items = _rows(overall)
    start = next(i for i, r in enumerate(items) if r[0] == "評価項目")
    assert items[start + 1][:7] == (f"1. {CONSULTING}", "高", "―", "B（参考）", "C", "B", "B（主務大臣評価）")


def test_xlsx_cost_efficiency(book: Workbook) -> None:
    efficiency = book[EFFICIENCY]
    header = next(r for r in efficiency.iter_rows(values_only=True) if r[0] == "指標")
    assert header[5:12] == (
        "令和7年度（基準）",
        "令和8年度",
        "令和9年度",
        "令和10年度",
        "令和11年度",
        "令和12年度",
        "達成度",
    )
    row = next(r for r in efficiency.iter_rows() if r[0].value == "一般管理費")
    assert [c.value for c in row[4:8]] == ["百万円", 1000, 965, 935]
    assert row[11].value == pytest.approx((1 - math.sqrt(0.935)) * 100 / 3)
    assert row[11].number_format == PERCENT_FORMAT


def test_sheet_names() -> None:
    taken: set[str] = set()
    assert sheet_name("総合評定", taken) == "総合評定"
    assert sheet_name("a/b\\c[d]e:f*g?h", taken) == "a／b＼c［d］e：f＊g？h"
    long = "研究開発成果の最大化その他の業務の質の向上に関する事項及び業務運営の効率化"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) == SHEET_NAME_LIMIT
    assert len(second) <= SHEET_NAME_LIMIT
    assert first != second
    assert second.endswith("（2）")
    assert sheet_name("総合評定", taken) == "総合評定（2）"
    assert sheet_name("'History'", taken) == "History（2）"
    assert sheet_name("  ", taken) == "評価単位"


# --- Markdown and HTML ----------------------------------------------------------------------------


def test_markdown(report: EvaluationReport) -> None:
    text = render_markdown(report)
    assert text.startswith(f"# {AGENCY} 令和9年度 年度評価 評価書\n")
    assert "| 算出評定 | B |" in text
    assert "| 加重平均点 | 1.800点 |" in text
    assert "## 項目別評定調書" in text
    assert f"### 1. {CONSULTING}" in text
    assert "| 技術相談件数 | 4,500件以上 | 前中期目標期間実績 3,874件 | 期間累計 | 件 | 950 | 930 |" in text
    assert "104.4%" in text
    assert "| 提案評定 | B（参考） |" in text
    assert "| 評定 | C |" in text
    assert "| 提案評定と異なる理由 | 難度の高い相談への回答が遅れた。 |" in text
    assert "\\<script\\>alert('x')\\</script\\><br>回答期間の短縮を評価する。" in text
    assert "<script>" not in text
    assert "| 算出結果と異なる理由 | 地域産業への波及効果が特に大きい。 |" in text
    assert "### 4. 業務運営の効率化に関する事項" in text
    assert "| 一般管理費 | 3%以上 | ― | 年率（前年度比） | 百万円 | 1,000 | 965 | 935 |" in text
    assert "評価単位に含まれない定量目標" not in text


def test_html(report: EvaluationReport) -> None:
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="ja">' in page
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page
    assert "<link" not in page
    assert "src=" not in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert f"<title>{AGENCY} 令和9年度 年度評価 評価書</title>" in page
    assert '<th scope="row">算出評定</th><td>B</td>' in page
    assert '<th scope="row">算出結果と異なる理由</th><td>地域産業への波及効果が特に大きい。</td>' in page
    assert "<td>技術相談件数</td><td>4,500件以上</td>" in page
    assert "<td>104.4%</td>" in page
    assert page.count('<article class="unit"') == len(UNITS)
    assert "達成度の集約（平均）" in page


@pytest.mark.parametrize(("fmt", "check"), [("xlsx", b"PK"), ("md", b"# "), ("html", b"<!DOCTYPE html>")])
def test_write_report(report: EvaluationReport, tmp_path: Path, fmt: ReportFormat, check: bytes) -> None:
    path = write_report(report, fmt, tmp_path / "sub" / f"report.{fmt}")
    assert path.read_bytes().startswith(check)
    with pytest.raises(ValueError, match="format"):
        write_report(report, "pdf", tmp_path / "report.pdf")  # type: ignore[arg-type]


def test_targets_outside_every_unit(report: EvaluationReport, tmp_path: Path) -> None:
    """A target no unit covers (none in the sample) gets a sheet and a section of its own."""
    stray = dataclasses.replace(report, other_targets=report.units[3].targets)
    book = load_workbook(write_xlsx(stray, tmp_path / "stray.xlsx"))
    assert book.sheetnames[-1] == "評価単位外の定量目標"
    sheet = book["評価単位外の定量目標"]
    assert sheet.freeze_panes == "B3"
    assert sheet["A2"].value == "指標"
    assert sheet.print_title_rows == "$1:$2"
    assert [c.value for c in sheet[3][:8]] == [
        "一般管理費",
        "3%以上",
        "―",
        "年率（前年度比）",
        "百万円",
        1000,
        965,
        935,
    ]
    assert "## 評価単位に含まれない定量目標" in render_markdown(stray)
    assert '<section id="other-targets">' in render_html(stray)


# --- the official sheets (項目別評定調書, 総合評定, 項目別評定総括表) ---------------------------------------


def test_report_carries_the_sheet_fields(report: EvaluationReport) -> None:
    """Who evaluated, whom they heard, the overall account, the opinions, per item the policy,
    legal basis, review number, inputs and issues for the future: all in the report tree."""
    overall = report.overall
    assert overall.sheet["evaluators"].text.startswith("主務大臣: 経済産業大臣")
    assert "監事ヒアリング" in overall.sheet["hearings"].text
    assert overall.sheet["overall_account"].label == "法人全体に対する評価"
    assert overall.sheet["rd_council_opinion"].text == "研究開発の成果は着実に上がっている。"
    assert overall.sheet["overall_account"].entered_by == "経済産業省 評価室"
    assert [(c.fiscal_year, c.stage, r) for c, r in overall.past_ratings] == [(2026, "annual", "B")]
    consulting = report.units[0]
    assert consulting.sheet["legal_basis"].text == "日本架空技術振興機構法第12条第1号"
    assert consulting.sheet["future_issues"].text == "相談の質の評価方法を確立すること。"
    assert {y: e.text for y, e in consulting.inputs["budget"].items()} == {2026: "1,200,000", 2027: "1,250,000"}
    assert report.units[1].sheet == {}
    assert "中小企業等" in consulting.objective_text
    assert consulting.axes[0] == "中小企業等の技術的課題の解決に貢献できているか。"
    kinds = [(i.kind, i.text) for i in consulting.indicators]
    assert ("evaluation", "技術相談件数") in kinds
    assert ("monitoring", "相談者の満足度") in kinds


def test_report_achievement_of_every_year(report: EvaluationReport) -> None:
    count = next(t for t in report.units[0].targets if t.indicator == "技術相談件数")
    assert count.yearly_ratios == {2026: pytest.approx(950 / 900), 2027: pytest.approx(1880 / 1800)}
    share = next(t for t in report.units[0].targets if t.indicator.startswith("受付から10営業日"))
    assert share.yearly_ratios == {2026: pytest.approx(82 / 80), 2027: pytest.approx(85 / 80)}


def test_report_summary_table(report: EvaluationReport) -> None:
    """項目別評定総括表: every unit over every year and stage; ministry ratings, the self one in brackets."""
    summary = report.summary
    assert [c.label for c in summary.columns] == ["令和8年度", "令和9年度", "令和10年度", "令和11年度", "令和12年度"]
    rows = {row.title: row.cells for row in summary.rows}
    assert next(iter(rows)) == "総合評定"
    assert rows["総合評定"] == ("B", "A", "―", "―", "―")
    assert rows[f"1. {CONSULTING}"] == ("B", "B", "―", "―", "―")
    assert rows[f"2. {RESEARCH}"] == ("―",) * 5
    assert len(summary.rows) == 1 + len(UNITS)


def test_summary_columns_for_other_stages(sessions: Database, document_id: int) -> None:  # noqa: F811
    """A stage evaluated (or reported) gets a column of its own after the annual ones."""
    with sessions() as session:
        report = build_report(session, document_id, 2029, stage="expected", policy=default_policy())
    labels = [c.label for c in report.summary.columns]
    assert labels[-1] == "見込評価（令和11年度）"
    assert labels[:5] == ["令和8年度", "令和9年度", "令和10年度", "令和11年度", "令和12年度"]
    assert [(c.fiscal_year, c.stage, r) for c, r in report.overall.past_ratings] == [
        (2026, "annual", "B"),
        (2027, "annual", "A"),
    ]


def _cell_of(sheet: Worksheet, label: str) -> Any:
    return next(row[1] for row in sheet.iter_rows() if row[0].value == label)


def test_xlsx_print_layout(book: Workbook) -> None:
    """A4, portrait for the 項目別評定調書 and 総合評定, landscape for the summary; fitted to the
    width; the title rows repeated on every page; every text wrapped, in a Japanese font."""
    for name in ["総合評定", *UNITS]:
        sheet = book[name]
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"
        assert sheet.page_setup.orientation == "portrait"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$2"
        assert sheet.oddFooter.center.text == "&P / &N"
        texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert all(c.font.name == "游ゴシック" for c in texts)
        assert all(c.alignment.wrap_text for c in texts if c.row > 1)
    summary = book["項目別評定総括表"]
    assert summary.page_setup.orientation == "landscape"
    assert str(summary.page_setup.paperSize) == "9"
    assert summary.print_title_rows == "$1:$3"
    assert summary.freeze_panes == "B4"
    unit = book[CONSULTING]
    widths = [unit.column_dimensions[letter].width for letter in "ABCDE"]
    assert widths == [36.0, 14.0, 20.0, 14.0, 10.0]
    # headings and label–value rows are merged across the sheet
    merged = {str(r) for r in unit.merged_cells.ranges}
    heading_row = next(r[0].row for r in unit.iter_rows() if r[0].value == "1. 当事務及び事業に関する基本情報")
    assert f"A{heading_row}:M{heading_row}" in merged
    policy_row = next(r[0].row for r in unit.iter_rows() if r[0].value == "関連する政策・施策")
    assert f"B{policy_row}:M{policy_row}" in merged
    overall = book["総合評定"]
    evaluators = next(r[0].row for r in overall.iter_rows() if r[0].value == "評価の実施者")
    assert overall.row_dimensions[evaluators].height == 2 * 15.0  # two lines of text get two lines' height


def test_xlsx_unit_sheet_as_the_official_form(book: Workbook) -> None:
    sheet = book[CONSULTING]
    assert sheet["A1"].value == f"項目別評定調書　1. {CONSULTING}"
    assert sheet["A2"].value == f"{AGENCY}　令和9年度 年度評価"
    basic = _section(sheet, "1. 当事務及び事業に関する基本情報")
    assert basic["関連する政策・施策"] == "政策目標3 産業技術の振興"
    assert basic["当該事業実施に係る根拠（個別法条文など）"] == "日本架空技術振興機構法第12条第1号"
    assert basic["関連する政策評価・行政事業レビュー"] == "0123"
    assert basic["重要度"].startswith("高（")
    rows = _rows(sheet)
    texts = [r[0] for r in rows]
    order = [
        "1. 当事務及び事業に関する基本情報",
        "2. 主要な経年データ",
        "① 主な定量的指標",
        "達成度の推移（年度評価による各年度の達成度）",
        "② 評価指標・モニタリング指標",
        "③ 主要なインプット情報（財務情報及び人員に関する情報）",
        "3. 目標・計画・評価軸・業務実績・評価",
        "評定の根拠（提案）",
        "自己評価",
        "主務大臣評価",
        "評定の履歴",
        "4. その他参考情報",
    ]
    headings = [r[0] for r in rows if r[0] and all(v is None for v in r[1:])]
    assert [h for h in headings if h in order] == order
    # the achievement of every year, as percentages
    start = texts.index("達成度の推移（年度評価による各年度の達成度）")
    assert rows[start + 1][:7] == (
        "指標",
        "令和8年度",
        "令和9年度",
        "令和10年度",
        "令和11年度",
        "令和12年度",
        "年度評価の達成度",
    )
    count = next(r for r in sheet.iter_rows(min_row=start + 2) if r[0].value == "技術相談件数")
    assert count[1].value == pytest.approx(950 / 900)
    assert count[2].value == pytest.approx(1880 / 1800)
    assert count[3].value is None
    assert count[1].number_format == PERCENT_FORMAT
    # the main inputs by year, as numbers
    start = texts.index("③ 主要なインプット情報（財務情報及び人員に関する情報）")
    assert rows[start + 1][:3] == ("区分", "令和8年度", "令和9年度")
    inputs = {r[0].value: r for r in sheet.iter_rows(min_row=start + 3, max_row=start + 6)}
    assert [c.value for c in inputs["予算額（千円）"][1:4]] == [1_200_000, 1_250_000, None]
    assert inputs["予算額（千円）"][1].number_format == "#,##0"
    assert [c.value for c in inputs["従事人員数"][1:3]] == [85, 88]
    assert inputs["決算額（千円）"][1].value == 1_180_000
    # evaluation and monitoring indicators
    start = texts.index("② 評価指標・モニタリング指標")
    assert rows[start + 1][:3] == ("指標", "区分", "令和8年度")
    indicators = {r[0]: r[1] for r in rows[start + 2 : start + 6]}
    assert indicators["相談者の満足度"] == "モニタリング指標"
    # the official columns: objective, plan, axes and indicators, main results, self and ministry
    columns = _part_3(book, CONSULTING)
    assert "中小企業等" in columns["中期目標"]
    assert columns["中期計画"] == "―"
    assert "評価軸: 中小企業等の技術的課題の解決に貢献できているか。" in columns["主な評価軸（評価の視点）、指標等"]
    assert "モニタリング指標: 相談者の満足度" in columns["主な評価軸（評価の視点）、指標等"]
    assert columns["主な業務実績等"] == "―"
    assert columns["自己評価"].startswith("評定 C\n")
    assert columns["主務大臣による評価"].startswith("評定 B\n")
    assert columns["主務大臣による評価"].endswith("＜今後の課題＞\n相談の質の評価方法を確立すること。")
    assert _section(sheet, "主務大臣評価")["今後の課題"] == "相談の質の評価方法を確立すること。"
    other = _section(sheet, "4. その他参考情報")
    assert other == {"研究開発に関する審議会の主な意見": "―", "監事の主な意見": "相談記録の管理は適切である。"}


def test_xlsx_overall_sheet_as_the_official_form(book: Workbook) -> None:
    sheet = book["総合評定"]
    assert sheet["A1"].value == "総合評定　令和9年度 年度評価"
    overview = _section(sheet, "評価の概要")
    assert overview["評価の実施者"] == "主務大臣: 経済産業大臣\n法人所管部局: 産業技術局 技術振興課"
    assert overview["意見聴取等（外部有識者・理事長・監事）"].startswith("外部有識者: 2028年6月10日")
    assert _cell_of(sheet, "評価の実施者").alignment.wrap_text
    assert _section(sheet, "1. 全体の評定") == {
        "評定": "A",
        "評定に至った理由": "全体として目標を上回る成果を上げた。",
        "過去の評定": "令和8年度 B",
    }
    assert _section(sheet, "2. 法人全体に対する評価") == {
        "法人全体に対する評価": "法人全体として中期目標の達成に向けて順調に業務を進めている。",
        "全体の評定を行う上で特に考慮すべき事項": "地域産業への波及効果",
    }
    assert _section(sheet, "3. 項目別評価の主な課題、改善事項等") == {
        "項目別評価における主要な課題": "人材育成の目標未達",
        "改善事項": "研修の募集方法を見直すこと。",
    }
    other = _section(sheet, "4. その他事項")
    assert other["研究開発に関する審議会の主な意見"] == "研究開発の成果は着実に上がっている。"
    assert other["監事の主な意見"] == "内部統制は有効に機能している。"
    assert other["その他事項"] == "―"


def test_xlsx_summary_sheet(book: Workbook) -> None:
    sheet = book["項目別評定総括表"]
    rows = _rows(sheet)
    assert rows[0][0] == f"項目別評定総括表　{AGENCY}"
    assert rows[2] == ("評価項目", "令和8年度", "令和9年度", "令和10年度", "令和11年度", "令和12年度")
    assert rows[3] == ("総合評定", "B", "A", "―", "―", "―")
    assert rows[4] == (f"1. {CONSULTING}", "B", "B", "―", "―", "―")
    assert len(rows) == 4 + len(UNITS)
    assert all(c.font.b for c in sheet[3])


def test_markdown_carries_the_sheets(report: EvaluationReport) -> None:
    text = render_markdown(report)
    assert "## 評価の概要" in text
    assert "| 評価の実施者 | 主務大臣: 経済産業大臣<br>法人所管部局: 産業技術局 技術振興課 |" in text
    assert "### 1. 全体の評定" in text
    assert "| 過去の評定 | 令和8年度 B |" in text
    assert "| 法人全体に対する評価 | 法人全体として中期目標の達成に向けて順調に業務を進めている。 |" in text
    assert "| 監事の主な意見 | 内部統制は有効に機能している。 |" in text
    assert "## 項目別評定総括表" in text
    assert "| 評価項目 | 令和8年度 | 令和9年度 | 令和10年度 | 令和11年度 | 令和12年度 |" in text
    assert "| 総合評定 | B | A | ― | ― | ― |" in text
    assert "#### 1\\. 当事務及び事業に関する基本情報" not in text  # headings are not escaped
    assert "#### 1. 当事務及び事業に関する基本情報" in text
    assert "| 当該事業実施に係る根拠（個別法条文など） | 日本架空技術振興機構法第12条第1号 |" in text
    assert "| 予算額（千円） | 1,200,000 | 1,250,000 |   |   |   |" in text
    assert "| 技術相談件数 | 105.6% | 104.4% |   |   |   | 104.4% |" in text
    assert "| 相談者の満足度 | モニタリング指標 |" in text
    assert "| 今後の課題 | 相談の質の評価方法を確立すること。 |" in text
    assert "#### 4. その他参考情報" in text


def test_html_carries_the_sheets(report: EvaluationReport) -> None:
    page = render_html(report)
    assert (
        '<th scope="row">評価の実施者</th><td>主務大臣: 経済産業大臣\n法人所管部局: 産業技術局 技術振興課</td>' in page
    )
    assert '<th scope="row">過去の評定</th><td>令和8年度 B</td>' in page
    assert '<th scope="row">研究開発に関する審議会の主な意見</th><td>研究開発の成果は着実に上がっている。</td>' in page
    assert '<section id="summary">' in page
    assert "<h2>項目別評定総括表</h2>" in page
    assert "<tr><td>総合評定</td><td>B</td><td>A</td><td>―</td><td>―</td><td>―</td></tr>" in page
    assert "<td>予算額（千円）</td><td>1,200,000</td><td>1,250,000</td>" in page
    assert "<td>技術相談件数</td><td>105.6%</td><td>104.4%</td>" in page
    assert '<th scope="row">今後の課題</th><td>相談の質の評価方法を確立すること。</td>' in page
    assert "@page { size: A4 portrait" in page


@pytest.fixture
def cycle_report(sessions: Database, document_id: int) -> EvaluationReport:  # noqa: F811
    """FY2026 after a supersede of the published ministry rating, with plan values, main results,
    monitoring-indicator results and a management-failure finding entered."""
    with sessions.begin() as session:
        ministry = next(
            e
            for e in session.scalars(select(Evaluation).where(Evaluation.fiscal_year == YEAR - 1))
            if e.unit_key == CONSULTING and e.evaluator == "ministry"
        )
        publish(session, ministry.id, "経済産業大臣")
        replacement = EvaluationInput(
            document_id=document_id,
            unit_key=CONSULTING,
            unit_id=None,
            stage="annual",
            fiscal_year=YEAR - 1,
            evaluator="ministry",
            rating="B",
            reason="所期の目標を達成した（相談件数の集計誤りを訂正）。",
            author="経済産業省 評価担当",
            proposed_rating="B",
        )
        supersede(session, ministry.id, replacement, "相談件数の集計誤りの訂正")
        targets = {
            t.indicator: t.id for t in session.scalars(select(x.Target).where(x.Target.document_id == document_id))
        }
        import_plan_values(
            session,
            [
                PlanRow(2, targets["技術相談件数"], 2026, "年度計画", 920),
                PlanRow(3, targets["技術相談件数"], 2027, "年度計画", 940),
            ],
            entered_by="機構 企画課",
            source="plans.csv",
        )
        record_main_result(
            session,
            document_id=document_id,
            unit_key=CONSULTING,
            fiscal_year=YEAR - 1,
            stage="annual",
            text="技術相談 950件に対応し、地域の中小企業の課題解決に貢献した。",
            entered_by="機構 企画課",
        )
        satisfaction = next(e for e in axes_indicators(session, document_id) if e.text.startswith("相談者の満足度"))
        import_results(
            session,
            [ResultRow(2, None, 2026, 4.2, None, "満足度調査", axes_entry_id=satisfaction.id)],
            entered_by="企画課",
            source="axes.csv",
        )
        record_finding(
            session,
            document_id,
            TRAINING,
            fiscal_year=YEAR - 1,
            stage="annual",
            evaluator="ministry",
            reason="研修体制の管理不備",
            by="経済産業省",
        )
    with sessions() as session:
        return build_report(session, document_id, YEAR - 1, policy=default_policy())


def test_report_history_in_force_and_replaced(cycle_report: EvaluationReport) -> None:
    """A supersede keeps the published rating in the history: the report says which is in force,
    which was replaced, by whom, when and why."""
    consulting = cycle_report.units[0]
    ministry = [h for h in consulting.history if h.evaluator == "ministry"]
    assert [(h.rating, h.in_force, h.published) for h in ministry] == [("B", False, True), ("B", True, False)]
    old, new = ministry
    assert old.replaced_by_id == new.evaluation_id
    assert old.replaced_by == "経済産業省 評価担当"
    assert old.replace_reason == "相談件数の集計誤りの訂正"
    assert old.replaced_at is not None
    assert consulting.ministry_evaluation is not None
    assert consulting.ministry_evaluation.evaluation_id == new.evaluation_id
    assert [h.rating for h in cycle_report.overall.history] == ["B", "B"]  # self and ministry 総合, in force


def test_xlsx_history_table(cycle_report: EvaluationReport, tmp_path: Path) -> None:
    book = load_workbook(write_xlsx(cycle_report, tmp_path / "cycle.xlsx"))
    sheet = book[CONSULTING]
    rows = _rows(sheet)
    start = next(i for i, r in enumerate(rows) if r[0] == "評定の履歴")
    assert rows[start + 1][:10] == (
        "評価者", "評定", "状態", "記録者", "記録日", "公表", "置き換えた評定", "置換者", "置換日", "理由",
    )  # fmt: skip
    body = rows[start + 2 : start + 5]
    replaced = next(r for r in body if r[2] == "置換済み")
    assert replaced[:4] == ("主務大臣評価", "B", "置換済み", "経済産業省")
    assert replaced[5].startswith("公表済み（")
    assert replaced[7:][:1] == ("経済産業省 評価担当",)
    assert replaced[9] == "相談件数の集計誤りの訂正"
    assert [r[2] for r in body].count("適用中") == 2
    markdown = render_markdown(cycle_report)
    assert "| 主務大臣評価 | B | 置換済み | 経済産業省 |" in markdown
    assert "| 相談件数の集計誤りの訂正 |" in markdown
    assert "<td>置換済み</td>" in render_html(cycle_report)


def test_plan_values_main_results_indicators_and_findings_reach_the_report(
    cycle_report: EvaluationReport, tmp_path: Path
) -> None:
    consulting, _, training, *_ = cycle_report.units
    count = next(t for t in consulting.targets if t.indicator == "技術相談件数")
    assert count.plan_values == {2026: 920, 2027: 940}
    assert (count.plan_kind, count.measured_against) == ("annual_plan", "年度計画")
    assert consulting.main_results == "技術相談 950件に対応し、地域の中小企業の課題解決に貢献した。"
    satisfaction = next(i for i in consulting.indicators if i.text.startswith("相談者の満足度"))
    assert (satisfaction.kind, dict(satisfaction.results)) == ("monitoring", {2026: 4.2})
    assert training.management_failure == "研修体制の管理不備（主務大臣評価、経済産業省）"

    book = load_workbook(write_xlsx(cycle_report, tmp_path / "cycle.xlsx"))
    sheet = book[CONSULTING]
    plan = next(r for r in sheet.iter_rows() if r[0].value == "技術相談件数" and r[1].value == "年度計画")
    assert [c.value for c in plan[2:4]] == [920, 940]
    assert "年度計画" in [c.value for c in plan[4:]]  # 達成度の基準: measured against the plan
    columns = _part_3(book, CONSULTING)
    assert columns["中期計画"] == "技術相談件数: 令和8年度 920、令和9年度 940"
    assert columns["主な業務実績等"] == "技術相談 950件に対応し、地域の中小企業の課題解決に貢献した。"
    monitoring = next(r for r in sheet.iter_rows() if str(r[0].value).startswith("相談者の満足度"))
    assert (monitoring[1].value, monitoring[2].value) == ("モニタリング指標", 4.2)
    failure = _part_3(book, TRAINING)["主務大臣による評価"]
    assert failure.endswith("＜法人の業務運営に起因する事由＞\n研修体制の管理不備（主務大臣評価、経済産業省）")

    markdown = render_markdown(cycle_report)
    assert "##### 計画値" in markdown
    assert "| 技術相談件数 | 年度計画 | 920 | 940 |" in markdown
    header = (
        "| 中期目標 | 中期計画 | 主な評価軸（評価の視点）、指標等 | 主な業務実績等 | 自己評価 | 主務大臣による評価 |"
    )
    assert header in markdown
    row = next(line for line in markdown.splitlines() if "技術相談 950件に対応し" in line)
    cells = row.strip("|").split(" | ")
    assert len(cells) == 6
    assert cells[1].strip() == "技術相談件数: 令和8年度 920、令和9年度 940"
    assert cells[3].strip() == "技術相談 950件に対応し、地域の中小企業の課題解決に貢献した。"
    assert "モニタリング指標 | 4.2 |" in markdown
    page = render_html(cycle_report)
    assert "<td>技術相談件数</td><td>年度計画</td><td>920</td><td>940</td>" in page
    assert (
        '<th scope="col">主な業務実績等</th><th scope="col">自己評価</th><th scope="col">主務大臣による評価</th>'
        in page
    )
    assert "<td>技術相談件数: 令和8年度 920、令和9年度 940</td><td>" in page
    assert "<td>モニタリング指標</td><td>4.2</td>" in page


# --- the agency's own texts beside the ministry's (issue 11) -------------------------------------------

SELF_TEXTS = {
    (OVERALL, "overall_account"): "機構として中期目標の達成に向けて着実に取り組んだ。",
    (OVERALL, "hearings"): "理事長ヒアリング: 2028年5月30日",
    (CONSULTING, "related_policy"): "産業技術の振興（機構の整理）",
    (CONSULTING, "future_issues"): "相談員の増員を図る。",
    (CONSULTING, "auditor_opinion"): "機構監事: 相談記録は適切に管理されている。",
}


def test_the_agencys_sheet_texts_are_shown_beside_the_ministrys(
    sessions: Database,  # noqa: F811
    document_id: int,
    tmp_path: Path,
) -> None:
    """Issue 11: the agency's own texts of the sheets (entered with --evaluator self) were in the report
    tree but in none of the sheets. Each is shown next to the ministry's text of the same field, labelled
    （自己評価）, in the xlsx, Markdown and HTML alike."""
    with sessions.begin() as session:
        record_sheet_entries(
            session,
            [
                SheetEntryInput(document_id, YEAR, "annual", "self", unit, field, text, "機構 評価室")
                for (unit, field), text in SELF_TEXTS.items()
            ],
        )
    with sessions() as session:
        report = build_report(session, document_id, YEAR, policy=default_policy())
    book = load_workbook(write_xlsx(report, tmp_path / "self.xlsx"))
    overall, consulting = book["総合評定"], book[CONSULTING]
    overview = _section(overall, "評価の概要")
    assert overview["意見聴取等（外部有識者・理事長・監事）"].startswith("外部有識者: 2028年6月10日")
    assert overview["意見聴取等（外部有識者・理事長・監事）（自己評価）"] == "理事長ヒアリング: 2028年5月30日"
    account = _section(overall, "2. 法人全体に対する評価")
    assert list(account)[:2] == ["法人全体に対する評価", "法人全体に対する評価（自己評価）"]
    assert account["法人全体に対する評価（自己評価）"] == SELF_TEXTS[(OVERALL, "overall_account")]
    basic = _section(consulting, "1. 当事務及び事業に関する基本情報")
    assert basic["関連する政策・施策"] == "政策目標3 産業技術の振興"
    assert basic["関連する政策・施策（自己評価）"] == "産業技術の振興（機構の整理）"
    other = _section(consulting, "4. その他参考情報")
    assert other["監事の主な意見（自己評価）"] == "機構監事: 相談記録は適切に管理されている。"
    assert _part_3(book, CONSULTING)["自己評価"].endswith("＜今後の課題＞\n相談員の増員を図る。")
    markdown = render_markdown(report)
    assert "| 法人全体に対する評価（自己評価） | 機構として中期目標の達成に向けて着実に取り組んだ。 |" in markdown
    assert "| 関連する政策・施策（自己評価） | 産業技術の振興（機構の整理） |" in markdown
    assert "相談員の増員を図る。" in markdown
    page = render_html(report)
    assert '<th scope="row">関連する政策・施策（自己評価）</th><td>産業技術の振興（機構の整理）</td>' in page
    assert "機構監事: 相談記録は適切に管理されている。" in page
    assert "相談員の増員を図る。" in page
