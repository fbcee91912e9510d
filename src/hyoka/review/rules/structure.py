"""Category and structure: R-META-01, R-STRUCT-01 … R-STRUCT-04, R-STRUCT-06.

The statutory chapters are found by title whatever their numbering (Ⅰ．, Ｉ．, 第１, １．) through
`hyoka.model.sections.section_kind`; a document whose top level the parser could not find has no
chapters at all, and then R-STRUCT-03 reports each one missing at the title line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hyoka.model.findings import Basis, Category, Severity, Subject
from hyoka.model.sections import SectionKind
from hyoka.review.axes import row_in_ancestry
from hyoka.review.category import CATEGORY_NAMES
from hyoka.review.context import Hit, Node, RuleContext
from hyoka.review.registry import rule
from hyoka.review.text import normalise

CHAPTER_NAMES: dict[SectionKind, str] = {
    "mission": "政策体系における法人の位置付け及び役割（ミッション）",
    "period": "目標の期間",
    "quality": "業務の質の向上に関する事項",
    "efficiency": "業務運営の効率化に関する事項",
    "finance": "財務内容の改善に関する事項",
    "other": "その他業務運営に関する重要事項",
}
USUAL_ORDER: tuple[SectionKind, ...] = ("mission", "period", "quality", "efficiency", "finance", "other")


@rule(
    "R-META-01",
    name="category resolved",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.practice,
    needs_category=False,
    description="目標の種類と法人の種別から、適用する指針の区分（中期目標管理法人・国立研究開発法人・行政執行法人）が決まること。",
    explanation=(
        "指針は法人の区分ごとに目標の書き方を定めており、区分は目標の種類（中期目標・中長期目標・年度目標）と"
        "法人の種別から決まります。表題や前文で目標の種類を明記するか、"
        "チェックポリシーの categories で区分を指定してください。"
        "区分が決まらない間は、区分ごとのルールは点検されません。"
    ),
)
def category_resolved(ctx: RuleContext) -> Iterator[Hit]:
    res = ctx.resolution
    if res.overridden:
        return
    title = ctx.document.title or ""
    if res.from_kind is None:
        yield Hit(
            ctx.title_line,
            Subject.document,
            "目標の種類（中期目標・中長期目標・年度目標）が読み取れません。",
            subject_text=title,
        )
    elif res.conflict:
        kind = ctx.document.kind.value if ctx.document.kind else CATEGORY_NAMES[res.from_kind]
        legal = ctx.document.agency.legal_type or "独立行政法人"
        yield Hit(
            ctx.title_line,
            Subject.document,
            f"目標の種類（{kind}）と法人の種別（{legal}）が一致しません。",
            subject_text=title,
            data={"kind": kind, "legal_type": legal},
        )


@rule(
    "R-STRUCT-01",
    name="mission chapter first",
    categories="M R E",
    severity=Severity.error,
    basis=Basis.text,
    description="目標の冒頭に「政策体系における法人の位置付け及び役割（ミッション）」の章があること。",
    explanation=(
        "指針は、目標の冒頭に政策体系における法人の位置付け及び役割（ミッション）を記載するよう求めています。"
        "表題と前文の次に、この章を置いてください。"
    ),
)
def mission_first(ctx: RuleContext) -> Iterator[Hit]:
    mission = ctx.chapter("mission")
    if mission is None:
        yield Hit(
            ctx.title_line,
            Subject.document,
            "冒頭に「政策体系における法人の位置付け及び役割（ミッション）」の章がありません。",
        )
        return
    first = next((node for node in ctx.top if not _is_preface(node)), None)
    if first is not None and first is not mission:
        yield Hit(
            mission.section.line,
            Subject.section,
            "「政策体系における法人の位置付け及び役割（ミッション）」の章が冒頭にありません。",
            node=mission,
            subject_text=mission.section.title,
            severity=Severity.warning,
        )


def _is_preface(node: Node) -> bool:
    """An unnumbered （序文） or はじめに may precede the mission chapter."""
    return node.chapter is None and bool(re.search(r"序文|はじめに|前文", normalise(node.section.title)))


_FAMILIES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("mission", "使命", re.compile(r"使命|ミッション")),
    ("situation", "現状・課題の分析", re.compile(r"現状|課題|強み|弱み")),
    ("environment", "環境変化の分析", re.compile(r"環境変化|環境の変化|情勢")),
)


@rule(
    "R-STRUCT-02",
    name="analyses behind the mission",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.text,
    description="ミッションの章（またはそれが示す使命等と目標との関係の図）に、使命・現状と課題・環境変化が書かれていること。",
    explanation=(
        "指針は、法人の使命、現状・課題（強み・弱み）、法人を取り巻く環境変化を分析し、目標との関係を示すよう求めています。"
        "ミッションの章か「使命等と目標との関係」の図に、欠けている分析を加えてください。"
    ),
)
def mission_analyses(ctx: RuleContext) -> Iterator[Hit]:
    mission = ctx.chapter("mission")
    if mission is None:
        return
    text = "".join(node.own_text() for node in ctx.nodes if node.chapter == "mission")
    text += "".join(
        normalise(a.title or "") + normalise(a.text) for a in ctx.document.annexes if a.kind == "mission_relation"
    )
    for key, name, pattern in _FAMILIES:
        if not pattern.search(text):
            yield Hit(
                mission.section.line,
                Subject.section,
                f"ミッションの章にも使命等と目標との関係にも、{name}が見当たりません。",
                node=mission,
                subject_text=mission.section.title,
                key=key,
                data={"family": key},
            )


_R_QUALITY = re.compile(r"研究開発(の)?成果の最大化")
_M_QUALITY = re.compile(r"国民に対して提供するサービス")


@rule(
    "R-STRUCT-03",
    name="statutory chapters",
    categories="M R E",
    severity=Severity.error,
    basis=Basis.text,
    description="法定の章（ミッション、期間、業務の質の向上、業務運営の効率化、財務内容の改善、その他）がそろっていること。",
    explanation=(
        "独立行政法人通則法は目標に定める事項を列挙しており、指針はそれを章立てとして求めています。"
        "国立研究開発法人では業務の質の章を「研究開発の成果の最大化その他の業務の質の向上」とします。"
        "見当たらない章を加えるか、章の題名を指針の文言に合わせてください。"
    ),
)
def statutory_chapters(ctx: RuleContext) -> Iterator[Hit]:
    executive = ctx.category is Category.executive
    missing_severity = Severity.warning if executive else None
    for kind in USUAL_ORDER:
        if kind == "period" and executive:
            continue
        if ctx.chapter(kind) is None:
            name = CHAPTER_NAMES[kind]
            yield Hit(
                ctx.title_line,
                Subject.document,
                f"「{name}」の章が見当たりません。",
                key=kind,
                severity=missing_severity,
                data={"chapter": kind},
            )
    quality = ctx.chapter("quality")
    if quality is None:
        return
    title = normalise(quality.section.title)
    if ctx.category is Category.research and _M_QUALITY.search(title) and not _R_QUALITY.search(title):
        wrong = (
            "国立研究開発法人の目標ですが、業務の質の章が中期目標管理法人の文言（国民に対して提供するサービス…）です。"
        )
    elif ctx.category is Category.mid_term and _R_QUALITY.search(title):
        wrong = "中期目標ですが、業務の質の章が国立研究開発法人の文言（研究開発の成果の最大化…）です。"
    else:
        return
    yield Hit(
        quality.section.line,
        Subject.section,
        wrong,
        node=quality,
        subject_text=quality.section.title,
        key="wording",
        severity=Severity.warning,
    )


@rule(
    "R-STRUCT-04",
    name="usual order",
    categories="M R",
    severity=Severity.warning,
    basis=Basis.practice,
    description="章が通例の順（ミッション→期間→業務の質→効率化→財務→その他、その後に別紙）に並んでいること。",
    explanation=(
        "指針が順序を定めているのはミッションの章が冒頭にあることだけで、この順序は各府省の作成例に見られる通例です。"
        "特段の理由がなければ、ミッション、目標期間、業務の質の向上、業務運営の効率化、財務内容の改善、その他の順に並べてください。"
    ),
)
def usual_order(ctx: RuleContext) -> Iterator[Hit]:
    seen: list[SectionKind] = []
    for node in ctx.top:
        kind = node.chapter
        if kind is None or kind in seen:
            continue
        if any(USUAL_ORDER.index(previous) > USUAL_ORDER.index(kind) for previous in seen):
            yield Hit(
                node.section.line,
                Subject.section,
                f"章の順序が通例と異なります（「{node.section.title}」）。",
                node=node,
                subject_text=node.section.title,
                data={"order": [*seen, kind]},
            )
            return
        seen.append(kind)


_RD_WORK = re.compile(r"研究開発|研究の推進|調査研究")


@rule(
    "R-STRUCT-06",
    name="R&D work in an M document",
    categories="M",
    severity=Severity.warning,
    basis=Basis.text,
    description="中期目標で研究開発そのものを業務とする項目には、国立研究開発法人と同様に評価軸が示されていること。",
    explanation=(
        "指針は、中期目標管理法人であっても研究開発業務を行う項目には、研究開発の評価と同様に評価軸を設定するよう求めています。"
        "この項目について評価軸（と関連する評価指標）を別紙などに示してください。"
    ),
)
def rd_items_in_mid_term(ctx: RuleContext) -> Iterator[Hit]:
    reported: set[int] = set()
    for node in ctx.in_chapter("quality"):
        if node.parent is None or any(a.section.line in reported for a in node.ancestors()):
            continue
        head = normalise(node.section.title) + normalise(node.section.text)[:120]
        if _RD_WORK.search(head) and row_in_ancestry(ctx, node) is None:
            reported.add(node.section.line)
            yield Hit(
                node.section.line,
                Subject.item,
                "研究開発を行う項目ですが、評価軸が示されていません。",
                node=node,
                subject_text=node.section.title,
            )
