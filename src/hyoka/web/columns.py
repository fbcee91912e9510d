"""The CSV columns of every list the API serves: Japanese headers, one reader per column."""

from __future__ import annotations

from hyoka.report.labels import EVALUATOR_NAMES, FLAG_NAMES, SCOPE_NAMES, SECTION_NAMES, STAGE_NAMES
from hyoka.web.responses import Column

AGENCIES = (
    Column("法人ID", lambda a: a.id),
    Column("法人名", lambda a: a.full_name),
    Column("法人の種類", lambda a: a.legal_type),
    Column("区分", lambda a: a.category_label),
    Column("主務省", lambda a: "、".join(a.ministries)),
    Column("文書数", lambda a: a.documents),
    Column("定量目標数", lambda a: a.targets),
)

DOCUMENTS = (
    Column("文書ID", lambda d: d.id),
    Column("法人ID", lambda d: d.agency_id),
    Column("法人名", lambda d: d.agency),
    Column("種類", lambda d: d.kind),
    Column("案", lambda d: d.draft),
    Column("版", lambda d: d.version),
    Column("前の版の文書ID", lambda d: d.previous_version_id),
    Column("新しい版あり", lambda d: d.superseded),
    Column("期間開始", lambda d: d.period_start),
    Column("期間終了", lambda d: d.period_end),
    Column("主務省", lambda d: "、".join(d.ministries)),
    Column("定量目標数", lambda d: d.targets),
    Column("重要度・困難度の数", lambda d: d.flags),
    Column("評価軸の行数", lambda d: d.axes_rows),
    Column("評価単位の数", lambda d: d.units),
    Column("原本", lambda d: d.source_file),
)

ITEMS = (
    Column("項目ID", lambda i: i.id),
    Column("文書ID", lambda i: i.document_id),
    Column("親項目ID", lambda i: i.parent_id),
    Column("番号", lambda i: i.label),
    Column("見出し", lambda i: i.title),
    Column("階層", lambda i: i.level),
    Column("章", lambda i: SECTION_NAMES.get(i.section_kind or "", i.section_kind)),
    Column("行", lambda i: i.line),
    Column("終わりの行", lambda i: i.end_line),
    Column("頁", lambda i: i.page),
)

TARGETS = (
    Column("目標ID", lambda t: t.id),
    Column("文書ID", lambda t: t.document_id),
    Column("法人名", lambda t: t.agency),
    Column("項目", lambda t: t.item),
    Column("指標", lambda t: t.indicator),
    Column("目標値", lambda t: t.value),
    Column("単位", lambda t: t.unit),
    Column("比較", lambda t: t.comparator),
    Column("期間区分", lambda t: SCOPE_NAMES.get(t.scope, t.scope)),
    Column("年度", lambda t: "、".join(str(y) for y in t.fiscal_years)),
    Column("基準値", lambda t: "；".join(f"{b.label} {b.value}{b.unit or ''}" for b in t.baselines)),
    Column("重要度・困難度", lambda t: "、".join(FLAG_NAMES.get(m, m) for m in t.marks)),
    Column("目標水準の考え方", lambda t: t.rationale),
    Column("対象経費", lambda t: t.covers),
    Column("本文", lambda t: t.text),
    Column("行", lambda t: t.line),
    Column("頁", lambda t: t.page),
)

YEARS = (
    Column("年度", lambda y: y.fiscal_year),
    Column("年度（和暦）", lambda y: y.label),
    Column("実績", lambda y: y.result),
    Column("累計", lambda y: y.running_total),
    Column("目標の水準", lambda y: y.trajectory),
    Column("達成度", lambda y: y.ratio),
    Column("判定", lambda y: y.status_label),
    Column("根拠", lambda y: y.explanation),
)

EVALUATIONS = (
    Column("評定ID", lambda e: e.id),
    Column("法人名", lambda e: e.agency),
    Column("文書ID", lambda e: e.document_id),
    Column("年度", lambda e: e.fiscal_year),
    Column("評価の種類", lambda e: STAGE_NAMES.get(e.stage, e.stage)),
    Column("評価者", lambda e: EVALUATOR_NAMES.get(e.evaluator, e.evaluator)),
    Column("単位", lambda e: e.unit_key),
    Column("評定", lambda e: e.rating),
    Column("理由", lambda e: e.reason),
    Column("公表日時", lambda e: e.published_at.isoformat() if e.published_at else None),
)

HITS = (
    Column("文書ID", lambda h: h.document_id),
    Column("法人名", lambda h: h.agency),
    Column("種別", lambda h: h.kind_label),
    Column("項目", lambda h: h.item_path),
    Column("行", lambda h: h.line),
    Column("頁", lambda h: h.page),
    Column("抜粋", lambda h: "".join(part.text for part in h.snippet)),
)
