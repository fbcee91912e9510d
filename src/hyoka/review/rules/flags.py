"""重要度 and 困難度 marks: R-FLAG-01 (a reason for each), R-FLAG-02 (current terms), R-FLAG-03
(how many, a statistic).

The parser reads marks in their printed forms (【重要度：高】, 【重要度 高】, 重要度「高」, combined
forms) into `Flag`s with the reason it found: the next paragraph(s) up to the next heading or
mark, or a labelled block (（理由）, （重要度・困難度の設定理由）).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from hyoka.model import Flag, FlagKind
from hyoka.model.findings import Basis, Severity, Subject
from hyoka.review.context import Hit, RuleContext
from hyoka.review.lexicon import zenkaku
from hyoka.review.registry import rule
from hyoka.review.text import normalise

_KIND_NAMES = {FlagKind.importance: "重要度", FlagKind.difficulty: "困難度"}
_CAUSAL = re.compile(r"ため|ことから|理由|から、|により|によって|ので")
_OLD_TERMS = re.compile(r"(難易度|優先度)")
_OLD_MARK = re.compile(r"[【［\[（(]?(難易度|優先度)[：:「\s]*[高中低]")


def _mark(flag: Flag) -> str:
    return f"【{_KIND_NAMES[flag.kind]}：{flag.level}】"


@rule(
    "R-FLAG-01",
    name="a reason for each mark",
    categories="M R E",
    severity=Severity.error,
    basis=Basis.text,
    params={"min_reason_chars": 20, "boilerplate_min": 3, "separate_reasons": False},
    description="重要度・困難度の各表示に、その項目に即した理由が書かれていること。",
    explanation=(
        "指針は、重要度や困難度を「高」とする項目について、その理由を記載するよう求めています（中期目標の規定を、"
        "国立研究開発法人と行政執行法人の部分が準用しています）。理由は定型文ではなく、その項目の内容に即して、"
        "なぜ重要か・なぜ困難かを「…ため」のように因果を示して書いてください。"
    ),
)
def flag_reasons(ctx: RuleContext) -> Iterator[Hit]:
    minimum = int(ctx.params["min_reason_chars"])
    for flag in ctx.document.flags:
        reason = normalise(flag.reason or "")
        mark = _mark(flag)
        if not reason:
            yield Hit(flag.line, Subject.flag, f"{mark}の理由が書かれていません。", subject_text=flag.text, key="none")
        elif len(reason) < minimum:
            yield Hit(
                flag.line,
                Subject.flag,
                f"{mark}の理由が短すぎます（{zenkaku(len(reason))}字）。",
                subject_text=flag.text,
                key="short",
                severity=Severity.warning,
                data={"chars": len(reason), "min_reason_chars": minimum},
            )
        elif not _CAUSAL.search(reason):
            yield Hit(
                flag.line,
                Subject.flag,
                f"{mark}の理由に、なぜそう判断したか（…ため、…ことから）が示されていません。",
                subject_text=flag.text,
                key="causal",
                severity=Severity.warning,
            )
    yield from _boilerplate(ctx)
    if ctx.params["separate_reasons"]:
        yield from _shared(ctx)


def _boilerplate(ctx: RuleContext) -> Iterator[Hit]:
    groups: dict[str, list[Flag]] = defaultdict(list)
    for flag in ctx.document.flags:
        if flag.reason:
            groups[normalise(flag.reason)].append(flag)
    for reason, flags in groups.items():
        if len(flags) >= int(ctx.params["boilerplate_min"]):
            first = flags[0]
            yield Hit(
                first.line,
                Subject.flag,
                f"同じ理由の文が{zenkaku(len(flags))}か所の表示に使われています。項目に即した理由を書いてください。",
                subject_text=reason,
                key="boilerplate",
                severity=Severity.info,
                data={"lines": [f.line for f in flags]},
            )


def _shared(ctx: RuleContext) -> Iterator[Hit]:
    by_item: dict[int | None, list[Flag]] = defaultdict(list)
    for flag in ctx.document.flags:
        by_item[flag.applies_to].append(flag)
    for flags in by_item.values():
        kinds = {f.kind for f in flags}
        reasons = {normalise(f.reason or "") for f in flags}
        if len(kinds) == 2 and len(reasons) == 1:
            yield Hit(
                flags[0].line,
                Subject.flag,
                "重要度と困難度の理由が一つにまとめられています。それぞれの理由を書いてください。",
                subject_text=flags[0].text,
                key="shared",
                severity=Severity.warning,
            )


@rule(
    "R-FLAG-02",
    name="current terms",
    categories="M R E",
    severity=Severity.info,
    basis=Basis.text,
    description="表示と理由に現在の用語（重要度・困難度）を用いていること。",
    explanation=(
        "平成26年の指針は「難易度」「優先度」の語を用いていましたが、改定後の指針は「重要度」「困難度」を用います。"
        "表示と理由の用語を改めてください。"
    ),
)
def current_terms(ctx: RuleContext) -> Iterator[Hit]:
    seen: set[int] = set()
    for flag in ctx.document.flags:
        found = _OLD_TERMS.search(normalise(flag.text) + normalise(flag.reason or ""))
        if found is not None:
            seen.add(flag.line)
            yield _old_term(flag.line, found.group(1), flag.text)
    for node in ctx.nodes:
        for found in _OLD_MARK.finditer(node.body_text()):
            line = ctx.locate_in(node, found.group(0))
            if line not in seen:
                seen.add(line)
                yield Hit(line, Subject.flag, _old_message(found.group(1)), node=node, subject_text=found.group(0))


def _old_message(term: str) -> str:
    new = "困難度" if term == "難易度" else "重要度"
    return f"「{term}」は改定前の用語です。現在は「{new}」を用います。"


def _old_term(line: int, term: str, text: str) -> Hit:
    return Hit(line, Subject.flag, _old_message(term), subject_text=text, key=term)


@rule(
    "R-FLAG-03",
    name="number of marks",
    categories="M R E",
    severity=Severity.info,
    basis=Basis.practice,
    params={"warn_share": None},
    description="重要度・困難度の表示の数と、同じ階層の項目に占める割合（統計。上限の定めはない）。",
    explanation=(
        "指針に表示の数の上限はありません。これは、表示が特に重要・困難な項目に絞られているかを見るための統計です。"
        "チェックポリシーで warn_share を設定すると、その割合を超えたときに警告します。"
    ),
)
def mark_count(ctx: RuleContext) -> Iterator[Hit]:
    flags = ctx.document.flags
    if not flags:
        return
    warn_share = ctx.params["warn_share"]
    parts: list[str] = []
    data: dict[str, dict[str, float]] = {}
    for kind in (FlagKind.importance, FlagKind.difficulty):
        marked = {f.applies_to for f in flags if f.kind == kind and f.applies_to in ctx.by_heading_line}
        if not marked:
            continue
        depths = Counter(len(ctx.by_heading_line[line].labels) for line in marked)
        depth, at_depth = depths.most_common(1)[0]
        peers = [n for n in ctx.nodes if len(n.labels) == depth and n.chapter == "quality"] or [
            n for n in ctx.nodes if len(n.labels) == depth
        ]
        share = at_depth / max(len(peers), 1)
        data[kind.value] = {"marked": len(marked), "items": len(peers), "at_level": at_depth, "share": round(share, 3)}
        parts.append(
            f"{_KIND_NAMES[kind]}「高」は{zenkaku(len(marked))}項目に付され、"
            f"同じ階層の{zenkaku(len(peers))}項目中{zenkaku(at_depth)}項目です。"
        )
    if not parts:
        return
    over = warn_share is not None and any(v["share"] > float(warn_share) for v in data.values())
    yield Hit(
        ctx.title_line,
        Subject.document,
        "".join(parts),
        key="count",
        data=data,
        severity=Severity.warning if over else None,
    )
