"""R&D: outcomes and evaluation axes — R-OUT-01, R-OUT-02, R-AXIS-01.

The parser rebuilds the evaluation-axes annex row by row (`EvaluationAxesRow`: the item, its
axes as ○ questions, evaluation and monitoring indicators) and links each row to the body item
it evaluates; indicators named in the body without a number come as `Indicator`s with their own
label's kind (＜アウトプット指標＞, 【アウトカム指標】). Output and outcome are told apart by those
labels, else by term lists that are policy parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hyoka.model import AnnexKind, EvaluationAxesRow, IndicatorKind
from hyoka.model.findings import Basis, Severity, Subject
from hyoka.review.axes import row_for
from hyoka.review.context import Hit, RuleContext
from hyoka.review.lexicon import terms
from hyoka.review.registry import rule
from hyoka.review.text import normalise, title_key
from hyoka.review.units import Unit, evaluation_units

OUTPUT_TERMS = ("論文数", "論文", "件数", "回数", "開催", "発表", "出願", "参加者数", "実施数")
OUTCOME_TERMS = (
    "実用化",
    "社会実装",
    "導入",
    "普及",
    "利用者",
    "効果",
    "承認",
    "上市",
    "活用",
    "満足度",
    "事業化",
    "貢献",
)
COUNT_TERMS = ("論文数", "被引用", "特許出願件数", "出願件数", "論文", "件数", "回数")
_AXES_ELSEWHERE = re.compile(r"別途定める評価軸|評価軸(?:等)?(?:は|については)?、?別途")


def _unit_rows(ctx: RuleContext, unit: Unit) -> list[EvaluationAxesRow]:
    return [r for r in ctx.document.evaluation_axes if r.section_line is not None and unit.contains(r.section_line)] + [
        r for n in unit.nodes if (r := row_for(ctx, n)) is not None and r.section_line is None
    ]


@rule(
    "R-OUT-01",
    name="outcome-linked",
    categories="R",
    severity=Severity.warning,
    basis=Basis.text,
    params={"output_terms": list(OUTPUT_TERMS), "outcome_terms": list(OUTCOME_TERMS)},
    description="各評価単位の指標が、アウトプットだけでなくアウトカムにつながるものを含むこと。",
    explanation=(
        "指針は、国立研究開発法人の目標について、研究開発の成果が社会にもたらす効果（アウトカム）につながる指標を"
        "設定するよう求めています。論文数や開催回数などのアウトプット指標に加え、実用化・社会実装・普及などに"
        "つながる指標を検討してください。"
    ),
)
def outcome_linked(ctx: RuleContext) -> Iterator[Hit]:
    output, outcome = terms(ctx.params["output_terms"]), terms(ctx.params["outcome_terms"])
    for unit in evaluation_units(ctx):
        head = unit.heading
        if head is None:
            continue
        kinds = _indicator_kinds(ctx, unit, output, outcome)
        if "output" in kinds and "outcome" not in kinds:
            yield Hit(
                head.section.line,
                Subject.evaluation_unit,
                "この評価単位の指標はアウトプット型だけです。アウトカムにつながる指標を検討してください。",
                node=head,
                subject_text=unit.title,
                data={"kinds": sorted(kinds)},
            )


def _indicator_kinds(ctx: RuleContext, unit: Unit, output: re.Pattern[str], outcome: re.Pattern[str]) -> set[str]:
    kinds: set[str] = set()
    for indicator in ctx.document.indicators:
        if indicator.section_line is not None and unit.contains(indicator.section_line):
            if indicator.kind in (IndicatorKind.output, IndicatorKind.outcome):
                kinds.add(indicator.kind.value)
            else:
                kinds |= _by_terms(indicator.text, output, outcome)
    texts = [t.indicator for t in ctx.document.targets if unit.contains(t.line)]
    texts += [e.text for r in _unit_rows(ctx, unit) for e in r.evaluation_indicators]
    for text in texts:
        kinds |= _by_terms(text, output, outcome)
    return kinds


def _by_terms(text: str, output: re.Pattern[str], outcome: re.Pattern[str]) -> set[str]:
    norm = normalise(text)
    if "アウトカム" in norm or outcome.search(norm):
        return {"outcome"}
    if "アウトプット" in norm or output.search(norm):
        return {"output"}
    return set()


@rule(
    "R-OUT-02",
    name="count indicators alone",
    categories="R",
    severity=Severity.info,
    basis=Basis.text,
    params={"count_terms": list(COUNT_TERMS)},
    description="評価軸の行の評価指標が、論文数・特許出願件数などの件数だけになっていないこと。",
    explanation=(
        "指針は、論文数や特許出願件数などの件数を評価の指標とするだけでなく、成果の質や社会的な効果を評価するよう求めています。"
        "モニタリング指標は評定に用いないため、評価指標に質や効果を測るものを加えることを検討してください。"
    ),
)
def count_only(ctx: RuleContext) -> Iterator[Hit]:
    counts = terms(ctx.params["count_terms"])
    for row in ctx.document.evaluation_axes:
        texts = [normalise(e.text) for e in row.evaluation_indicators]
        if texts and all(counts.search(t) for t in texts):
            yield Hit(
                row.line,
                Subject.axis_row,
                "評価指標が論文数などの件数だけです。",
                end_line=row.lines[1],
                subject_text=_row_label(row),
                data={"indicators": [e.text for e in row.evaluation_indicators]},
            )


def _row_label(row: EvaluationAxesRow) -> str:
    return f"{row.item.label or ''}{row.item.title}"


@rule(
    "R-AXIS-01",
    name="evaluation axes",
    categories="R",
    severity=Severity.error,
    basis=Basis.text,
    params={"max_axes_per_row": 10},
    description="評価軸の別紙があり、各評価単位に評価軸の行が、各行に評価軸と評価指標があること。",
    explanation=(
        "指針は、国立研究開発法人の目標に、項目ごとの評価軸と関連する評価指標・モニタリング指標を示すよう求めています。"
        "評価軸は「○…か。」の問いとして、評価指標は【評価指標】の下に示し、厳選した少数の評価軸とすることが望まれます。"
        "評価軸のない項目に行を加えてください。"
    ),
)
def evaluation_axes(ctx: RuleContext) -> Iterator[Hit]:
    annex = next((a for a in ctx.document.annexes if a.kind == AnnexKind.evaluation_axes), None)
    if annex is None and not ctx.document.evaluation_axes:
        said = next(((n, m) for n in ctx.nodes if (m := _AXES_ELSEWHERE.search(n.own_text())) is not None), None)
        if said is not None:
            node, match = said
            yield Hit(
                ctx.locate_in(node, match.group(0)),
                Subject.document,
                "評価軸は別途定めるとされており、この文書では点検できません。",
                node=node,
                subject_text=match.group(0),
                severity=Severity.info,
                key="elsewhere",
            )
        else:
            yield Hit(ctx.title_line, Subject.document, "評価軸を示した別紙が見当たりません。", key="missing")
        return
    uncertain = annex is not None and any(
        w.line is not None and annex.span.start_line <= w.line <= annex.span.end_line for w in ctx.document.warnings
    )
    soften = Severity.warning if uncertain else None
    for unit in evaluation_units(ctx):
        head = unit.heading
        if head is not None and not _covered(ctx, unit):
            yield Hit(
                head.section.line,
                Subject.evaluation_unit,
                f"項目「{head.section.label.rstrip('．.')}」に評価軸がありません。",
                node=head,
                subject_text=head.section.title,
                key="unit",
                severity=soften,
            )
    for row in ctx.document.evaluation_axes:
        yield from _row_checks(ctx, row, soften)


def _covered(ctx: RuleContext, unit: Unit) -> bool:
    if _unit_rows(ctx, unit):
        return True
    return any(row_for(ctx, ancestor) is not None for node in unit.nodes for ancestor in node.ancestors())


def _row_checks(ctx: RuleContext, row: EvaluationAxesRow, soften: Severity | None) -> Iterator[Hit]:
    label = row.item.label or row.item.title
    if not row.axes:
        yield Hit(
            row.line,
            Subject.axis_row,
            f"項目「{label}」に評価軸がありません。",
            key="no_axis",
            severity=soften,
            end_line=row.lines[1],
            subject_text=_row_label(row),
        )
    elif not row.evaluation_indicators and row.monitoring_indicators:
        yield Hit(
            row.line,
            Subject.axis_row,
            f"項目「{label}」にはモニタリング指標だけで、評価指標がありません。",
            key="monitoring_only",
            severity=Severity.warning,
            end_line=row.lines[1],
            subject_text=_row_label(row),
        )
    if row.section_line is None and not any(title_key(n.section.title) == title_key(row.item.title) for n in ctx.nodes):
        yield Hit(
            row.line,
            Subject.axis_row,
            f"評価軸の項目「{label}」に当たる項目が本文に見当たりません。",
            key="unmatched",
            severity=Severity.warning,
            end_line=row.lines[1],
            subject_text=_row_label(row),
        )
    limit = int(ctx.params["max_axes_per_row"])
    if len(row.axes) > limit:
        yield Hit(
            row.line,
            Subject.axis_row,
            f"項目「{label}」の評価軸が{len(row.axes)}個あります。厳選を検討してください。",
            key="many",
            severity=Severity.info,
            data={"axes": len(row.axes), "max_axes_per_row": limit},
            end_line=row.lines[1],
            subject_text=_row_label(row),
        )
