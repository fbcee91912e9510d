"""Attachments: R-ATT-01, the policy diagram (政策体系図) and the mission figure (使命等と目標との関係).

No guideline wording asks for them, but every document seen has both, so this is practice. The
parser finds annexes by title, because labels (別添１, 別紙２) may be missing or printed after the
figure; the body usually points to them (（別添１ 政策体系図…）, ※政策体系図…は別紙１のとおり).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hyoka.model import Annex, AnnexKind
from hyoka.model.findings import Basis, Severity, Subject
from hyoka.review.context import Hit, RuleContext
from hyoka.review.registry import rule
from hyoka.review.text import normalise

_FIGURES = {
    AnnexKind.policy_diagram: ("政策体系図", re.compile(r"政策体系図")),
    AnnexKind.mission_relation: ("使命等と目標との関係", re.compile(r"使命等と(?:中長期|中期|年度)?目標との関係")),
}
_COLUMNS = (
    ("使命", re.compile(r"使命")),
    ("現状・課題", re.compile(r"現状")),
    ("環境変化", re.compile(r"環境変化|環境の変化")),
    ("目標", re.compile(r"(?:中長期|中期|年度)目標")),
)


@rule(
    "R-ATT-01",
    name="policy diagram and mission figure",
    categories="M R E",
    severity=Severity.warning,
    basis=Basis.practice,
    description="別添の政策体系図と「使命等と目標との関係」の図があり、本文がそれを参照していること。",
    explanation=(
        "政策体系図と使命等と目標との関係の図を添付するのは、指針の文言ではなく各府省の通例です（確認したすべての文書にあります）。"
        "図を別添として付け、本文から（別添１ 政策体系図）のように参照してください。"
        "使命等と目標との関係の図には（使命）（現状・課題）（環境変化）（目標）の欄を設けます。"
    ),
)
def figures(ctx: RuleContext) -> Iterator[Hit]:
    body = ctx.body_text
    for kind, (name, pattern) in _FIGURES.items():
        annex = next((a for a in ctx.document.annexes if a.kind == kind), None)
        if annex is None:
            yield Hit(ctx.last_body_line(), Subject.annex, f"別添の{name}が見当たりません。", key=kind.value)
            continue
        line = annex_title_line(ctx, annex)
        if not pattern.search(body):
            yield Hit(
                line,
                Subject.annex,
                f"本文が{name}を参照していません。",
                subject_text=annex.title or name,
                key=f"{kind.value}-reference",
                severity=Severity.info,
            )
        if kind == AnnexKind.mission_relation:
            yield from _columns(annex, line)


def annex_title_line(ctx: RuleContext, annex: Annex) -> int:
    """The line of the annex's title (its label may stand on a line of its own before it)."""
    if not annex.title:
        return annex.line
    found = ctx.locate(annex.span.start_line, annex.span.end_line, normalise(annex.title)[:12])
    return found if found is not None else annex.line


def _columns(annex: Annex, line: int) -> Iterator[Hit]:
    text = normalise(annex.text)
    missing = [label for label, pattern in _COLUMNS if not pattern.search(text)]
    if missing:
        labels = "".join(f"（{label}）" for label in missing)
        yield Hit(
            annex.line,
            Subject.annex,
            f"使命等と目標との関係の図に{labels}の欄が見当たりません。",
            subject_text=annex.title or "",
            key="columns",
            severity=Severity.info,
            data={"missing": missing},
        )
