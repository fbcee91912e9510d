"""Quantitative targets: R-QNT-01 … R-QNT-06 (level, reasoning, efficiency targets, cost targets,
grants apart, measurable units).

They read the parser's targets (value, comparator, scope, baselines, rationale, cost lines) and
the text of the item that holds each one. A （再掲） target is checked once, at its original; a
conditional one (…した場合には) gets info rather than a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hyoka.model import Comparator, Target
from hyoka.model.findings import Basis, Category, Severity, Subject
from hyoka.review.context import Hit, Node, RuleContext
from hyoka.review.lexicon import TIME
from hyoka.review.registry import rule
from hyoka.review.text import normalise
from hyoka.review.units import evaluation_units

_RATIONALE = re.compile(
    r"考え方|設定の根拠|設定理由|水準の根拠|【目標設定|（目標設定|基準値|実績(?:値|を踏まえ|平均)|過去\d+年"
)
# The value is fixed elsewhere and cited: 「…計画に定める」 in the item, or in the target's own
# sentence a provision that defines it (…に規定する…, …に定める…).
_PLAN_CITED = re.compile(r"計画(?:に|において|で)(?:定め|掲げ|示)")
_FIXED_BY = re.compile(r"に規定する|に定める|において定め|で定め|に掲げる")
_CONDITIONAL = re.compile(r"場合には|場合は")
_HOLD = re.compile(r"維持|同水準|同程度")
_COST = re.compile(r"一般管理費|業務経費|事業費")
_BASE = re.compile(r"前年度比|前年度と比|を基準と|基準として|比較して|比べて|前期最終年度|年度比|に対して")
_SCOPE = re.compile(r"除く|除外|除いた|を対象と|対象外")
_FINAL_OR_RATE = re.compile(r"毎年度平均|年平均|平均で|最終年度|期間終了時|期間最終年度|削減する")
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:%|割|億円|万円|千円|円)")
_GRANT_WORK = re.compile(r"助成|補助金|補助事業|(?<!運営費)交付金|給付金|給付事業|給付を行|研究費の配分|資金配分機関")
_GRANT_APART = re.compile(
    r"(?:助成|補助|交付|給付|研究費|配分|委託費)[^。]{0,40}?(?:除く|除外|除いた)|(?:除く|除外)[^。]{0,20}?(?:助成|補助|給付)"
)


def _originals(ctx: RuleContext) -> list[Target]:
    return [t for t in ctx.document.targets if "再掲" not in t.text]


def _in_chapter(ctx: RuleContext, target: Target, kind: str) -> bool:
    node = ctx.node_at(target.line)
    return node is not None and node.chapter == kind


def _item_text(ctx: RuleContext, target: Target) -> str:
    node = ctx.node_at(target.line)
    return node.own_text() if node is not None else normalise(target.text)


@rule(
    "R-QNT-01",
    name="level not set too low",
    categories="M (E, R)",
    severity=Severity.warning,
    basis=Basis.text,
    description="基準値と同じ指標・単位の目標値が、比較の向きに照らして基準値を上回る（改善する）水準であること。",
    explanation=(
        "指針は、目標の水準を前期の実績等に照らして適切に設定するよう求めています。基準値を下回る水準や、"
        "理由の示されない現状維持の目標は、水準の考え方を確認してください。これは判断ではなく確認の促しです。"
    ),
)
def level(ctx: RuleContext) -> Iterator[Hit]:
    for target in _originals(ctx):
        if ctx.category is Category.research and _in_chapter(ctx, target, "quality"):
            continue  # R&D results: levels are judged by the axes, not by a baseline
        for base in target.baseline:
            if base.unit != target.unit:
                continue
            worse = _not_better(target, base.value)
            if worse is None:
                continue
            data = {"value": target.value, "baseline": base.value, "baseline_label": base.label}
            if worse:
                yield Hit(
                    target.line,
                    Subject.target,
                    "目標値が基準値を上回っていません。",
                    subject_text=target.text,
                    key=base.label,
                    data=data,
                )
            elif not target.rationale:
                yield Hit(
                    target.line,
                    Subject.target,
                    "目標値が基準値と同じ水準で、その理由が示されていません。",
                    subject_text=target.text,
                    key=base.label,
                    severity=Severity.info,
                    data=data,
                )
            break
        else:
            if _HOLD.search(normalise(target.text)) and not target.rationale and not target.baseline:
                yield Hit(
                    target.line,
                    Subject.target,
                    "現状の水準を維持する目標ですが、その理由が示されていません。",
                    subject_text=target.text,
                    key="hold",
                    severity=Severity.info,
                )


def _not_better(target: Target, baseline: float) -> bool | None:
    """True when the target is worse than the baseline, False when equal, None when better."""
    if target.comparator in (Comparator.ge, Comparator.gt, Comparator.eq):
        return True if target.value < baseline else (False if target.value == baseline else None)
    return True if target.value > baseline else (False if target.value == baseline else None)


@rule(
    "R-QNT-02",
    name="reasoning behind each level",
    categories="M (E R)",
    severity=Severity.warning,
    basis=Basis.text,
    params={"exempt_cost_rates": False},
    description="各目標値に、その水準を定めた考え方（目標設定の考え方、基準値、値を定めた計画の引用）が示されていること。",
    explanation=(
        "指針は、目標値ごとに、その水準を設定した考え方（前期実績などの基準値や根拠）を明らかにするよう求めています。"
        "【目標設定の考え方】などの記載、基準値（前中期目標期間実績、令和N年度実績等）、または値を定めた計画の引用を加えてください。"
    ),
)
def reasoning(ctx: RuleContext) -> Iterator[Hit]:
    for target in _originals(ctx):
        if target.rationale or target.baseline:
            continue
        if ctx.params["exempt_cost_rates"] and target.covers:
            continue
        own = normalise(target.text)
        item = own + _item_text(ctx, target)
        if _RATIONALE.search(item) or _PLAN_CITED.search(item) or _FIXED_BY.search(own):
            continue
        conditional = bool(_CONDITIONAL.search(normalise(target.text)))
        yield Hit(
            target.line,
            Subject.target,
            "この目標値を定めた考え方（根拠や基準値）が示されていません。",
            end_line=target.lines[1],
            subject_text=target.text,
            key=target.indicator,
            severity=Severity.info if conditional else None,
            data={"indicator": target.indicator, "value": target.value, "unit": target.unit},
        )


@rule(
    "R-QNT-03",
    name="efficiency targets quantitative",
    categories="M (R E)",
    severity=Severity.error,
    basis=Basis.text,
    description="業務運営の効率化の章に数値目標（％、割、金額）があること。",
    explanation=(
        "指針は、業務運営の効率化に関する目標を原則として定量的に定めるよう求めています。"
        "一般管理費や業務経費の削減率など、数値で示した目標を加えてください。"
        "定性的に定める合理的な理由があるときは、その理由を添えてチェックポリシーで免除してください。"
    ),
)
def efficiency_quantitative(ctx: RuleContext) -> Iterator[Hit]:
    chapter = ctx.chapter("efficiency")
    if chapter is None:
        return
    if any(chapter.contains(t.line) for t in ctx.document.targets) or _NUMBER.search(chapter.subtree_text()):
        return
    yield Hit(
        chapter.section.line,
        Subject.section,
        "業務運営の効率化の章に数値目標がありません。",
        node=chapter,
        subject_text=chapter.section.title,
    )


@rule(
    "R-QNT-04",
    name="cost targets spelled out",
    categories="M (R E)",
    severity=Severity.error,
    basis=Basis.text,
    description="一般管理費・業務経費等の効率化目標に、比較の基準、対象経費の範囲、最終年度の水準か年平均の率が示されていること。",
    explanation=(
        "指針は、経費の効率化目標について、何と比べて（前年度比、基準年度）、どの経費を対象に（除く経費）、"
        "どこまで削減するかを示すよう求めています。最終年度の水準の代わりに毎年度平均の削減率を示すのは各府省の通例です。"
        "欠けている要素を目標の文に加えてください。"
    ),
)
def cost_targets(ctx: RuleContext) -> Iterator[Hit]:
    for target in _originals(ctx):
        if not _COST.search(normalise(target.indicator)) or not _in_chapter(ctx, target, "efficiency"):
            continue
        text = normalise(target.text) + normalise(target.covers or "")
        if not _BASE.search(text):
            yield _cost_hit(target, "経費の効率化目標に比較の基準（前年度比、基準年度等）が示されていません。", "base")
        if not _SCOPE.search(text):
            yield _cost_hit(target, "対象経費の範囲（除く経費）が示されていません。", "scope")
        rate = target.scope.value in ("annual_rate", "by_final_year", "in_final_year", "period_average")
        if not rate and not _FINAL_OR_RATE.search(text):
            yield _cost_hit(target, "最終年度の水準も毎年度平均の削減率も示されていません。", "level", Severity.warning)


def _cost_hit(target: Target, message: str, key: str, severity: Severity | None = None) -> Hit:
    return Hit(
        target.line,
        Subject.target,
        message,
        end_line=target.lines[1],
        subject_text=target.text,
        key=key,
        severity=severity,
    )


@rule(
    "R-QNT-05",
    name="grants apart from internal cost",
    categories="M R E",
    severity=Severity.info,
    basis=Basis.ref,
    description="助成・補助・給付などを行う法人の効率化目標が、助成額と内部経費を分けていること。",
    explanation=(
        "「目標策定の際に考慮すべき視点」は、助成や給付を行う法人では、助成額そのものではなく内部の管理経費の効率化を"
        "目標とするよう求めています。対象経費から助成金等を除くか、内部経費について別に目標を定めているか確認してください。"
    ),
)
def grants_apart(ctx: RuleContext) -> Iterator[Hit]:
    chapter = ctx.chapter("efficiency")
    if chapter is None:
        return
    work = "".join(n.subtree_text() for k in ("mission", "quality") if (n := ctx.chapter(k)) is not None)
    if not _GRANT_WORK.search(work):
        return
    costs = "".join(
        normalise(t.text) + normalise(t.covers or "") for t in ctx.document.targets if chapter.contains(t.line)
    )
    if _GRANT_APART.search(costs + chapter.subtree_text()):
        return
    yield Hit(
        chapter.section.line,
        Subject.section,
        "助成額と内部経費を分けた効率化目標か確認してください。",
        node=chapter,
        subject_text=chapter.section.title,
    )


@rule(
    "R-QNT-06",
    name="measurable units",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.ref,
    description="各評価単位に、達成を判断する基準（数値目標、期限、国立研究開発法人では評価指標）があること。",
    explanation=(
        "評価単位ごとに評定を付けるには、達成を判断する基準が必要です（R-TGT-04 の具体性の要請によります）。"
        "数値目標、達成の期限、または評価軸の評価指標を、この評価単位に示してください。"
    ),
)
def measurable_units(ctx: RuleContext) -> Iterator[Hit]:
    for unit in evaluation_units(ctx):
        head = unit.heading
        if head is None:
            continue
        if any(unit.contains(t.line) for t in ctx.document.targets) or TIME.search(unit.text()):
            continue
        if ctx.category is Category.research and _unit_indicators(ctx, unit.nodes):
            continue
        yield Hit(
            head.section.line,
            Subject.evaluation_unit,
            "この評価単位には達成を判断する基準（数値・期限・指標）がありません。",
            node=head,
            subject_text=unit.title,
        )


def _unit_indicators(ctx: RuleContext, nodes: tuple[Node, ...]) -> bool:
    lines = [row.section_line for row in ctx.document.evaluation_axes if row.evaluation_indicators]
    return any(node.contains(line) for node in nodes for line in lines if line is not None)
