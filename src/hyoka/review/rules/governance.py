"""Efficiency, finance, governance: R-EFF-01 (digitalisation), R-GOV-01 (internal control),
R-GOV-02 (top management), R-GOV-03 (security, people, facilities; off by default), R-GOV-04
(named partners). R-FIN-01 is reserved: the finance chapter's absence is R-STRUCT-03's.

Topics are found by term lists (policy parameters) in headings and paragraphs of the chapter
concerned; documents put digitalisation in any chapter, so R-EFF-01 looks everywhere and only
notes where it was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hyoka.model.findings import Basis, Severity, Subject
from hyoka.review.context import Hit, Node, RuleContext
from hyoka.review.lexicon import sentences, terms
from hyoka.review.registry import rule
from hyoka.review.text import normalise

DIGITAL_TERMS = (
    "電子化",
    "デジタル化",
    "デジタルトランスフォーメーション",
    "DX",
    "オンライン",
    "電子決裁",
    "オープンデータ",
    "情報システム",
)
INFO_SYSTEM_POLICY = "情報システムの整備及び管理の基本的な方針"
CONTROL_TERMS = ("内部統制",)
TOP_TERMS = (
    "トップマネジメント",
    "法人の長",
    "理事長のリーダーシップ",
    "理事長のマネジメント",
    "長のリーダーシップ",
    "理事長の強力なリーダーシップ",
    "理事長のトップマネジメント",
)
GOVERNANCE_TOPICS = ("情報セキュリティ", "人事|人材", "施設|設備")
PARTNER_TERMS = (
    "省",
    "庁",
    "府",
    "独立行政法人",
    "研究開発法人",
    "他の法人",
    "大学",
    "自治体",
    "地方公共団体",
    "企業",
    "民間",
    "事業者",
    "機関",
    "団体",
    "協会",
    "学会",
    "連合会",
    "組合",
    "研究所",
    "センター",
    "国際",
    "海外",
    "産業界",
    "産学",
    "関係者",
)
_PARTNERSHIP = re.compile(r"連携|協力|協働|共創")
# Not the agency itself: 「機構は」「法人の」 name no partner, so 機構 and 法人 alone are not terms.


@rule(
    "R-EFF-01",
    name="digitalisation",
    categories="M (R E)",
    severity=Severity.warning,
    basis=Basis.text,
    params={"terms": list(DIGITAL_TERMS), "policy_title": INFO_SYSTEM_POLICY},
    description="業務の電子化（デジタル化、情報システム等）に関する目標があり、情報システムの整備及び管理の基本的な方針を踏まえていること。",
    explanation=(
        "指針は、業務運営の効率化に関する事項として業務の電子化の目標を定めるよう求め、"
        "「情報システムの整備及び管理の基本的な方針」（デジタル大臣決定）に沿うことを求めています。"
        "業務の電子化の項目を業務運営の効率化の章に置き、この方針を引用してください。"
    ),
)
def digitalisation(ctx: RuleContext) -> Iterator[Hit]:
    pattern = terms(ctx.params["terms"])
    chapter = ctx.chapter("efficiency")
    anchor = chapter or ctx.chapter("other")
    line = anchor.section.line if anchor is not None else ctx.title_line
    found = [n for n in ctx.nodes if n.chapter not in (None, "mission", "period") and _on_digitalisation(n, pattern)]
    if not found:
        yield Hit(line, Subject.section, "業務の電子化に関する目標が見当たりません。", node=anchor, key="missing")
        return
    found.sort(key=lambda n: not pattern.search(normalise(n.section.title)))  # headings on it first
    if chapter is not None and not any(n.chapter == "efficiency" for n in found):
        first = found[0]
        yield Hit(
            first.section.line,
            Subject.item,
            "業務の電子化の目標が業務運営の効率化の章の外にあります。",
            node=first,
            subject_text=first.section.title,
            key="outside",
            severity=Severity.info,
        )
    cited = ctx.params["policy_title"]
    if not any(cited in n.own_text() for n in ctx.nodes):
        target = next((n for n in found if n.chapter == "efficiency"), found[0])
        yield Hit(
            target.section.line,
            Subject.item,
            f"「{cited}」が引用されていません。",
            node=target,
            subject_text=target.section.title,
            key="policy",
            severity=Severity.info,
        )


def _on_digitalisation(node: Node, pattern: re.Pattern[str]) -> bool:
    """An item about 業務の電子化: its heading names a term, or a sentence ties one to 業務 / 事務
    (a research item on DX is about its research, not the agency's own work)."""
    if pattern.search(normalise(node.section.title)):
        return True
    return any(pattern.search(s) and re.search(r"業務|事務|手続", s) for s in sentences(node.body_text()))


def _other_mentions(ctx: RuleContext, pattern: re.Pattern[str]) -> bool | None:
    """Whether the `other` chapter has a heading or paragraph matching; None without the chapter."""
    if ctx.chapter("other") is None:
        return None
    return any(pattern.search(n.own_text()) for n in ctx.in_chapter("other"))


def _missing_from_other(ctx: RuleContext, message: str) -> Iterator[Hit]:
    """One finding at the `other` chapter's heading when none of its headings or paragraphs
    mentions the rule's `terms` (silent when the chapter itself is missing: R-STRUCT-03 says so)."""
    if _other_mentions(ctx, terms(ctx.params["terms"])) is False:
        other = ctx.chapter("other")
        assert other is not None
        yield Hit(other.section.line, Subject.section, message, node=other, subject_text=other.section.title)


@rule(
    "R-GOV-01",
    name="internal control",
    categories="M (R E)",
    severity=Severity.warning,
    basis=Basis.text,
    params={"terms": list(CONTROL_TERMS)},
    description="「その他業務運営に関する重要事項」に内部統制の項目があること。",
    explanation=(
        "指針は、その他業務運営に関する重要事項として、内部統制の充実・強化に関する目標を定めるよう求めています。"
        "内部統制の項目（法人の長のリーダーシップに基づく体制の整備、運用等）を加えてください。"
    ),
)
def internal_control(ctx: RuleContext) -> Iterator[Hit]:
    yield from _missing_from_other(ctx, "「その他業務運営に関する重要事項」に内部統制の項目がありません。")


@rule(
    "R-GOV-02",
    name="head's top management",
    categories="M (R E)",
    severity=Severity.info,
    basis=Basis.text,
    params={"terms": list(TOP_TERMS)},
    description="「その他業務運営に関する重要事項」が法人の長のトップマネジメント（リーダーシップ）に触れていること。",
    explanation=(
        "指針は、法人の長のリーダーシップ（トップマネジメント）による業務運営を目標に反映するよう求めています。"
        "内部統制などの項目で、法人の長によるマネジメントの在り方を示してください。"
    ),
)
def top_management(ctx: RuleContext) -> Iterator[Hit]:
    yield from _missing_from_other(ctx, "法人の長のトップマネジメントに関する目標が見当たりません。")


@rule(
    "R-GOV-03",
    name="security, people, facilities",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.practice,
    enabled=False,
    params={"topics": list(GOVERNANCE_TOPICS)},  # alternatives of one topic separated by |
    description="「その他業務運営に関する重要事項」に情報セキュリティ、人事・人材、施設・設備の項目があること（既定では無効）。",
    explanation=(
        "指針の文言には根拠がなく、各府省の作成例に多い項目です（既定では点検しません）。"
        "チェックポリシーで有効にしたときは、topics に挙げた項目がその他業務運営に関する重要事項にあるかを点検します。"
    ),
)
def usual_topics(ctx: RuleContext) -> Iterator[Hit]:
    other = ctx.chapter("other")
    if other is None:
        return
    for topic in ctx.params["topics"]:
        alternatives = "|".join(re.escape(word) for word in topic.split("|") if word)
        if not _other_mentions(ctx, re.compile(alternatives)):
            name = topic.replace("|", "・")
            yield Hit(
                other.section.line,
                Subject.section,
                f"「その他業務運営に関する重要事項」に{name}の項目がありません。",
                node=other,
                subject_text=other.section.title,
                key=topic,
            )


@rule(
    "R-GOV-04",
    name="named partners",
    categories="M",
    severity=Severity.warning,
    basis=Basis.text,
    params={"partner_terms": list(PARTNER_TERMS)},
    description="連携・協力を見出しとする項目が、連携先（府省、法人、大学、自治体、企業等）を示していること。",
    explanation=(
        "指針は、他の機関との連携を目標とする場合、誰と何のために連携するかを具体的に示すよう求めています。"
        "連携先（府省、独立行政法人、大学、地方公共団体、企業など）を項目に書いてください。"
    ),
)
def named_partners(ctx: RuleContext) -> Iterator[Hit]:
    partners = terms(ctx.params["partner_terms"])
    for node in ctx.nodes:
        if node.parent is None or not _PARTNERSHIP.search(node.section.title):
            continue
        if partners.search(node.subtree_text()) or re.search(
            r"「[^」]+」|[ァ-ヶー]{4,}|[A-Z]{2,}", node.subtree_text()
        ):
            continue
        yield Hit(
            node.section.line,
            Subject.item,
            "連携の目標ですが、連携先が示されていません。",
            node=node,
            subject_text=node.section.title,
        )
