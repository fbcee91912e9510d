"""Items and targets: R-TGT-01 … R-TGT-05 (basis, policy-evaluation table, deadline, clarity,
goals beyond the period).

These read the item tree: a unit's (or top item's) text and its ancestors' for a cited basis,
each sentence's ending for completion and effort verbs, and the years an item names against the
period. Completion and effort verbs are policy parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hyoka.model.findings import Basis, Category, Severity, Subject
from hyoka.review.axes import row_in_ancestry
from hyoka.review.context import Hit, Node, RuleContext
from hyoka.review.lexicon import TIME, YEAR, ending, fiscal_year, sentence_end, sentences
from hyoka.review.registry import rule
from hyoka.review.rules.period import fiscal_year_of
from hyoka.review.text import normalise
from hyoka.review.units import evaluation_units

COMPLETION_VERBS = ("完了する", "実現する", "達成する", "確立する", "整備する")
EFFORT_VERBS = ("努める", "推進する", "図る", "充実する", "強化する", "取り組む", "進める", "目指す")

# A basis: a law or article, a decision, a named plan or strategy, the minister's plan (E).
_BASIS = re.compile(
    r"第\d+条|[一-龥ァ-ヶー]+法(?:律)?(?:第|（|\(|に基づ|に規定|の規定|の趣旨|上)|閣議決定|本部決定|大臣決定|会議決定"
    r"|申合せ|「[^」]{2,80}(?:計画|戦略|方針|プラン|ロードマップ|指針|ビジョン|大綱)[\d年版]*(?:\([^)]{1,12}\))?」|主務大臣が定め"
    r"|「[^」]{2,80}」[(（](?:令和|平成)(?:\d+|元)年|(?:基本|推進|整備)計画"
)
_CONDITIONAL = re.compile(r"場合には|場合は")  # a conditional target (…した場合には) gets info
_ANALYSIS_TABLE = re.compile(r"事前分析表[^。]{0,40}?(?:No\.?|番号|\d)")


@rule(
    "R-TGT-01",
    name="basis of each item",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.text,
    description="各評価単位（または業務の質の向上の各項目）が、自身か上位の項目で目標の根拠（法令、閣議決定、計画等）を示していること。",
    explanation=(
        "指針は、目標ごとに、その根拠となる法令や閣議決定、政府の計画・戦略等を明らかにするよう求めています。"
        "行政執行法人では主務大臣の計画等がこれに当たります。項目の本文か上位の項目に根拠を記載してください。"
    ),
)
def item_basis(ctx: RuleContext) -> Iterator[Hit]:
    for unit in evaluation_units(ctx):
        head = unit.heading
        if head is None:
            continue
        text = unit.text() + "".join(a.own_text() for a in head.ancestors())
        if not _BASIS.search(text):
            yield Hit(
                head.section.line,
                Subject.item,
                "この項目には目標の根拠（法令、閣議決定、計画等）が示されていません。",
                node=head,
                subject_text=head.section.title,
            )


@rule(
    "R-TGT-02",
    name="policy-evaluation table number",
    categories="E",
    severity=Severity.info,
    basis=Basis.text,
    description="行政執行法人の年度目標に、関連する政策評価の事前分析表の番号が記載されていること。",
    explanation=(
        "指針は、行政執行法人の目標に関連する政策評価の事前分析表があれば、その表番号を示すよう求めています。"
        "該当する事前分析表の番号をミッションの章などに記載してください。"
    ),
)
def analysis_table(ctx: RuleContext) -> Iterator[Hit]:
    if any(_ANALYSIS_TABLE.search(node.own_text()) for node in ctx.nodes):
        return
    mission = ctx.chapter("mission")
    line = mission.section.line if mission else ctx.title_line
    yield Hit(line, Subject.document, "関連する事前分析表があれば表番号を記載してください。", node=mission)


@rule(
    "R-TGT-03",
    name="deadline",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.text,
    params={"completion_verbs": list(COMPLETION_VERBS)},
    description="各目標値と、完了・実現・達成などで終わる項目に、いつまでに達成するかが示されていること。",
    explanation=(
        "指針は、目標に達成すべき時期を示すよう求めています。年度や日付（令和N年度までに）か、"
        "期間全体にかかる書き方（毎年度、期間中、期間終了時までに、最終年度）で時期を示してください。"
    ),
)
def deadline(ctx: RuleContext) -> Iterator[Hit]:
    for target in ctx.document.targets:
        if "再掲" in target.text or target.fiscal_years or target.scope.value != "other":
            continue
        node = ctx.node_at(target.line)
        if TIME.search(target.text.replace(" ", "")) or (node is not None and _timed(node)):
            continue
        yield Hit(
            target.line,
            Subject.target,
            "いつまでに達成するかが示されていません。",
            severity=Severity.info if _CONDITIONAL.search(normalise(target.text)) else None,
            end_line=target.lines[1],
            subject_text=target.text,
            key="target",
            data={"indicator": target.indicator},
        )
    verbs = ending(ctx.params["completion_verbs"])
    for node in ctx.nodes:
        if node.chapter in (None, "mission", "period"):
            continue
        said = sentences(node.body_text())
        last = said[-1] if said else ""
        if last and verbs.search(sentence_end(last)) and not TIME.search(last) and not _timed(node):
            yield Hit(
                ctx.locate_in(node, last[-12:]),
                Subject.item,
                "いつまでに達成するかが示されていません。",
                node=node,
                subject_text=last,
                key="verb",
            )


def _timed(node: Node) -> bool:
    """The item or an ancestor ties its text to a time (本中期目標期間において, 毎年度 …)."""
    return any(TIME.search(n.body_text()) for n in (node, *node.ancestors()))


@rule(
    "R-TGT-04",
    name="specific and clear",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.text,
    params={"effort_verbs": list(EFFORT_VERBS), "completion_verbs": list(COMPLETION_VERBS)},
    description="末端の項目が、努力の表明（努める、推進する、図る…）だけでなく、何をどの水準まで実現するかを示していること。",
    explanation=(
        "指針は、目標を具体的かつ明確に、達成すべき水準を示して定めるよう求めています。"
        "すべての文が「努める」「推進する」「図る」などで終わり、数値目標も期限も成果物もない項目は、評価の基準になりません。"
        "達成すべき水準、期限、成果物のいずれかを示してください。"
    ),
)
def specific(ctx: RuleContext) -> Iterator[Hit]:
    effort = ending(ctx.params["effort_verbs"])
    completion = ending(ctx.params["completion_verbs"])
    for node in ctx.nodes:
        if not node.is_leaf or node.chapter not in ("quality", "efficiency", "finance", "other"):
            continue
        said = sentences(node.body_text())
        if not said or not all(effort.search(sentence_end(s)) for s in said):
            continue
        if any(completion.search(sentence_end(s)) for s in said) or TIME.search(node.body_text()):
            continue
        if any(node.contains(t.line) for t in ctx.document.targets):
            continue
        if ctx.category is Category.research and _has_indicator(ctx, node):
            continue
        yield Hit(
            node.section.line,
            Subject.item,
            "何をどの水準まで実現するかが読み取れません。",
            node=node,
            subject_text=node.section.title,
        )


def _has_indicator(ctx: RuleContext, node: Node) -> bool:
    row = row_in_ancestry(ctx, node)
    return row is not None and bool(row.evaluation_indicators)


_BEYOND = re.compile(r"までに|に向け|を目指|年代")
_MILESTONE = re.compile(r"本中(?:長)?期目標期間(?:に|中|内|の|終了)|期間中に|期間内に|期間終了時")


@rule(
    "R-TGT-05",
    name="goals beyond the period",
    categories="M (R)",
    severity=Severity.warning,
    basis=Basis.text,
    params={"completion_verbs": [*COMPLETION_VERBS, "実現", "達成", "完了"]},
    description="期間後の年を到達時期とする項目が、期間内の到達水準と時期を併せて示していること。",
    explanation=(
        "指針は、目標期間を超える長期の目標を掲げる場合、期間内に到達すべき水準と時期を示し、その設定理由を明らかにするよう求めています。"
        "期間内の年度や「本中期目標期間においては…」として、期間内の到達点を記載してください。"
    ),
)
def beyond_period(ctx: RuleContext) -> Iterator[Hit]:
    period = ctx.document.period
    if period is None:
        return
    last = fiscal_year_of(period.end)
    first = fiscal_year_of(period.start)
    for node in ctx.nodes:
        if node.chapter in (None, "mission", "period"):
            continue
        text = node.body_text()
        for sentence in sentences(text):
            year = _later_year(sentence, last)
            if year is None or not _BEYOND.search(sentence):
                continue
            if not any(verb in sentence for verb in ctx.params["completion_verbs"]):
                continue
            if _MILESTONE.search(text) or _year_within(text, first, last):
                continue
            yield Hit(
                ctx.locate_in(node, sentence[:12]),
                Subject.item,
                "期間内の到達水準と時期が示されていません。",
                node=node,
                subject_text=sentence,
                data={"year": year, "period_end_fiscal_year": last},
            )
            break


def _later_year(sentence: str, last: int) -> int | None:
    for match in YEAR.finditer(sentence):
        year = fiscal_year(match.group(1), match.group(2), match.group(4))
        if year > last + 1:
            return year
    return None


def _year_within(text: str, first: int, last: int) -> bool:
    return any(first <= fiscal_year(m.group(1), m.group(2), m.group(4)) <= last for m in YEAR.finditer(text))
