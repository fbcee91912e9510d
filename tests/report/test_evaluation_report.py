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
from hyoka.store.ingest import ingest_file
from hyoka.store.ratings import OVERALL, EvaluationInput, record_evaluation
from hyoka.store.results import ResultRow, import_results

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
            rating="A",
            reason="相談件数・回答期間ともに目標を上回った。",
            author="機構 評価室",
            proposed_rating="B",
            departure_reason="難度の高い相談にも期限内に回答した。",
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
                evaluator="ministry",
                rating="A",
                reason="全体として目標を上回る成果を上げた。",
                author="経済産業大臣",
                computed_rating="B",
                departure_reason="地域産業への波及効果が特に大きい。",
            ),
        )
    return document


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
    assert not research.is_rd
    assert not research.rd_advisory
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
    assert consulting.self_evaluation.rating == "A"
    assert consulting.self_evaluation.departure_reason == "難度の高い相談にも期限内に回答した。"
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
    assert overall.self_evaluation is None
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
        assert report.overall.items[0].grade == "A"
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
    start = next(i for i, row in enumerate(rows) if row[0] == heading)
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


def test_xlsx_sheets(book: Workbook) -> None:
    assert book.sheetnames == ["総合評定", *UNITS]


def test_xlsx_unit_sheet(book: Workbook) -> None:
    sheet = book[CONSULTING]
    assert sheet.freeze_panes == "A2"
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
    assert basis["提案評定"] == "B"
    assert basis["達成度（集約）"] == pytest.approx((85 / 80 + 1880 / 1800) / 2)
    assert next(r[1] for r in sheet.iter_rows() if r[0].value == "達成度（集約）").number_format == PERCENT_FORMAT
    texts = [r[0] for r in _rows(sheet)]
    assert any(str(t).startswith("達成度の集約（平均）") for t in texts)
    assert "重要度「高」: 総合評定では重み 2 で数える" in texts
    assert _section(sheet, "自己評価")["評定"] == "A"
    assert _section(sheet, "自己評価")["提案評定と異なる理由"] == "難度の高い相談にも期限内に回答した。"
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
    assert overall.freeze_panes == "A2"
    assert _section(overall, "総合評定　令和9年度 年度評価")["法人名"] == AGENCY
    computed = _section(overall, "総合評定の算出")
    assert computed["算出評定"] == "B"
    assert computed["加重平均点"] == pytest.approx(1.8)
    mean_cell = next(r[1] for r in overall.iter_rows() if r[0].value == "加重平均点")
    assert mean_cell.number_format == "0.000"
    recorded = _section(overall, "主務大臣評価（総合評定）")
    assert recorded["評定"] == "A"
    assert recorded["算出結果と異なる理由"] == "地域産業への波及効果が特に大きい。"
    assert _section(overall, "自己評価（総合評定）") == {"評定": "未記録"}
    items = _rows(overall)
    start = next(i for i, r in enumerate(items) if r[0] == "評価項目")
    assert items[start + 1][:7] == (f"1. {CONSULTING}", "高", "―", "B", "A", "B", "B（主務大臣評価）")


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
    assert "| 提案評定 | B |" in text
    assert "| 評定 | A |" in text
    assert "| 提案評定と異なる理由 | 難度の高い相談にも期限内に回答した。 |" in text
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
