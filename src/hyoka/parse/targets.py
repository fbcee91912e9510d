"""Quantitative targets: numeric levels the body directs the agency to reach or keep.

Shapes read (normalized):

    技術相談件数を中期目標期間中に4,500件以上とする。           sentence with a bound and a directive
    ・原著論文数1,200件以上   ○…件数130件/年(…累計650件)       list items in a target context
    毎年度平均で前年度比1.06%以上の効率化を図る。                 cost efficiency: annual_rate
    …比率を3.2%以内に抑制する。                                   a cap
    実質的な運用利回り(…)1.9%を最低限のリスクで確保する           a level to secure

Not targets: past results and statistics (…実績, …得られている), dates, periods, numbers
inside the mission and period chapters, and numbers restated inside a 目標水準の考え方 block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.model import Comparator, Target, TargetScope
from hyoka.parse.blocks import Block
from hyoka.parse.body import BULLET, BodyLine
from hyoka.parse.dates import find_dates
from hyoka.parse.lexicon.labels import BULLET_CHARS, LIST_LABEL, NOTE_MARK, match_label
from hyoka.parse.lexicon.measures import (
    AT_LEAST_BEFORE,
    COST_LINES,
    QUANTITY,
    REDUCTION_AFTER,
    SHARE_OF_AFTER,
    SHARE_OF_BEFORE,
    TIME_LIMIT_AFTER,
)
from hyoka.parse.lexicon.terms import SCOPE_HEAD
from hyoka.parse.quantities import Quantity, find_quantities

# A sentence that ends like this describes (results, background); any other ending directs.
_DESCRIPTIVE_END = re.compile(
    r"(?:いる|いた|ある|あった|である|であった|なった|なっている|された|した|要する|推移する|見込まれる|予測される"
    r"|見られる|上る|上った|及ぶ|占める|達した|得られた|至った|という|とされる|とされている)$"
)
_PAST = re.compile(r"実績|得られ|に上る|に上った|達した|であった|となった|してきた|を記録|見込み|前中期|これまで|過去")
_SECURE_AFTER = re.compile(r"^を.{0,20}?(?:確保|達成|目標|維持)")
_TARGET_INTRO = re.compile(r"(?:次のとおり|以下のとおり|水準は|目標値|定量目標|指標)")
_ALT_CONTEXT = re.compile(r"累計|合計|期間中|期間全体|総数")
_PARENTHETICAL = re.compile(r"\([^()]*\)")
# what a measured phrase contains: 件数, 比率, 割合, 経費, …; or ends in 度 (満足度, 認知度 — not 高度で…, 年度)
_MEASURE = re.compile(
    r"(?:数|率|割合|費|額|件数|利回り|比率|人数|量|時間|期間|日数|件|回数|規模|シェア|水準)|(?<!年)度$"
)
# bullets and scope words before what is measured: 「・」「毎年度」「中期目標期間における」
_TRIM_HEAD = re.compile(rf"^(?:[{BULLET_CHARS}\s]|{SCOPE_HEAD}|、)+")
# a list label glued to its text after normalization: 「イ技術相談件数」「(1)論文数」「①…」
_PARTICLE_SPLIT = re.compile(r"(について|を|は)")
_TRIM_TAIL = re.compile(
    rf"(?:の合計について|について|については|は|を|が|で|に|、|毎年度|平均で|前年度比|{NOTE_MARK})+$"
)


@dataclass(frozen=True, slots=True)
class _Context:
    """What surrounds a line: its list status and the intro line of the list it is in."""

    is_item: bool
    in_target_block: bool
    intro: str
    previous_item: str  # the list item right above, which may name what a bare number measures


def _is_item(line: BodyLine) -> bool:
    return bool(BULLET.match(line.line.norm)) or match_label(line.line.spaced) is not None


_SENTENCE_MARKS = re.compile(r"[(「『\[【)」』\]】。]")


def _sentences(norm: str) -> list[tuple[int, str]]:
    """Split at 「。」 outside brackets: 「(以下「基本ポートフォリオ」という。)」 ends no sentence."""
    out, start, depth = [], 0, 0
    for mark in _SENTENCE_MARKS.finditer(norm):
        char = mark.group()
        if char in "(「『[【":
            depth += 1
        elif char != "。":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append((start, norm[start : mark.end()]))
            start = mark.end()
    if start < len(norm):
        out.append((start, norm[start:]))
    return out


_SCOPE_RULES: tuple[tuple[re.Pattern[str], TargetScope], ...] = (
    (re.compile(r"長期的"), TargetScope.long_term),
    (re.compile(r"/年|毎年度|各年度|毎年|年間|単年度"), TargetScope.per_year),
    (re.compile(r"最終年度(?:まで|までに)|までに"), TargetScope.by_final_year),
    (re.compile(r"最終年度(?:に|において)"), TargetScope.in_final_year),
    (re.compile(r"期間平均|平均"), TargetScope.period_average),
    (re.compile(r"累計|期間中|期間全体|期間を通じ|期間において|期間内"), TargetScope.cumulative),
)
_EFFICIENCY_YEARLY = re.compile(r"前年度比|平均|毎年度|毎事業年度|翌年度")


def _scope(text: str, quantity: Quantity, sentence: str) -> TargetScope:
    """Cost efficiency is a yearly rate; otherwise the first scope word found, in rule order."""
    cost_rate = "効率化" in sentence or ("削減" in sentence and COST_LINES.search(sentence))
    if quantity.unit == "%" and cost_rate and (_EFFICIENCY_YEARLY.search(sentence) or "毎年" in sentence):
        return TargetScope.annual_rate
    if quantity.per_year:
        return TargetScope.per_year
    probe = text if "長期的" not in sentence else sentence
    return next((scope for pattern, scope in _SCOPE_RULES if pattern.search(probe)), TargetScope.other)


def _clean(phrase: str) -> str:
    return _TRIM_TAIL.sub("", _TRIM_HEAD.sub("", phrase))


# a phrase that opens with a verb or adjective modifies a noun and needs its object: 「(基準を)満たす住宅」
_OPENS_WITH_MODIFIER = re.compile(r"^[一-龥々]+(?![のがにでとやへもを])[ぁ-ん]")


def _indicator(before: str) -> str | None:
    """The measured thing: the nearest phrase before the number that names a measure, whole.

    「イ 技術相談件数を中期目標期間中に」 → 技術相談件数; 「一般管理費（…）及び業務経費（…）の合計に
    ついて、毎年度平均で前年度比」 → 一般管理費及び業務経費の合計; 「省エネルギー基準を満たす住宅に
    係るものの割合を」 → 省エネルギー基準を満たす住宅に係るものの割合 (a modifier keeps its object).
    None when nothing names a measure.
    """
    plain = LIST_LABEL.sub("", _TRIM_HEAD.sub("", _PARENTHETICAL.sub("", _PARENTHETICAL.sub("", before))))
    for clause in reversed([c for c in re.split(r"[、。]", plain) if c]):
        parts = _PARTICLE_SPLIT.split(clause)  # pieces at even places, the particles between them at odd
        for k in range(len(parts) - 1, -1, -2):
            cleaned = _clean(parts[k])
            if not cleaned or not _MEASURE.search(cleaned) or cleaned.startswith("前年度比"):
                continue
            start = k
            while start >= 2 and _OPENS_WITH_MODIFIER.match(_clean("".join(parts[start : k + 1]))):
                start -= 2
            return _clean("".join(parts[start : k + 1]))
    return None


def _fiscal_years(text: str) -> list[int]:
    years = [d.year for d in find_dates(text) if d.fiscal]
    if len(years) >= 2 and years[0] <= years[-1] <= years[0] + 10:
        return list(range(years[0], years[-1] + 1))
    return years[:1]


_RELATIVE_TO_PAST = re.compile(r"(?:実績|水準|実績値)(?:の|に対して|比で?)$")
_BASELINE_WORDS = re.compile(r"実績|基準|見込")


def _in_baseline_parenthesis(sentence: str, quantity: Quantity) -> bool:
    """「（前中期目標期間実績：9,874 組合）」: a number inside a parenthesis about past levels."""
    opening = sentence.rfind("(", 0, quantity.start)
    if opening < 0 or ")" in sentence[opening : quantity.start]:
        return False
    closing = sentence.find(")", quantity.end)
    inside = sentence[opening : closing if closing >= 0 else len(sentence)]
    return bool(_BASELINE_WORDS.search(inside))


def _unbounded(quantity: Quantity, head: str, tail: str) -> Comparator | None:
    """A level stated without 以上 or 以内 by its wording: 「少なくとも1%相当を削減」 (at least),
    「申込みのうち80%について…」 (a share to reach), 「平均で9月を達成」 (a time to meet at most)."""
    if quantity.is_time:
        return Comparator.le if TIME_LIMIT_AFTER.match(tail) and not head.endswith("年") else None
    if AT_LEAST_BEFORE.search(head) or (quantity.unit == "%" and REDUCTION_AFTER.match(tail)):
        return Comparator.ge
    if quantity.unit == "%" and SHARE_OF_BEFORE.search(head) and SHARE_OF_AFTER.match(tail):
        return Comparator.ge
    return None


def _accept(quantity: Quantity, sentence: str, context: _Context) -> Comparator | None:
    """The comparator if `quantity` is a target here, else None."""
    if _in_baseline_parenthesis(sentence, quantity):
        return None
    head = sentence[: quantity.start]
    directive = not _DESCRIPTIVE_END.search(sentence.rstrip("。 "))
    if quantity.comparator is None or quantity.is_time:
        worded = _unbounded(quantity, head, sentence[quantity.end :])
        if worded is not None and directive and not _PAST.search(head[-15:]):
            return worded
        if quantity.is_time:
            return None
    return _bounded(quantity, sentence, context, directive=directive)


def _bounded(quantity: Quantity, sentence: str, context: _Context, *, directive: bool) -> Comparator | None:
    """The comparator of a number with a bound (以上, 以内…) or in a list of target levels."""
    head, tail = sentence[: quantity.start], sentence[quantity.end :]
    past_near = bool(_PAST.search(head[-15:]) or _PAST.search(sentence[quantity.bound_end :][:12]))
    if quantity.comparator is not None and directive and (not past_near or _RELATIVE_TO_PAST.search(head)):
        return quantity.comparator
    if _PAST.search(head) or past_near:
        return None
    if quantity.comparator is not None and context.is_item:
        return quantity.comparator
    listed = context.is_item and (context.in_target_block or bool(_TARGET_INTRO.search(context.intro)))
    implicit = (
        (quantity.per_year and (context.is_item or context.in_target_block))
        or (quantity.unit == "%" and directive and bool(_SECURE_AFTER.match(tail)))
        or (listed and quantity.unit != "%" and "程度" not in tail[:3])
    )
    return Comparator.ge if implicit else None


def extract_targets(body: Sequence[BodyLine], blocks: Sequence[Block]) -> list[Target]:
    skip = {i for b in blocks if b.kind in ("rationale", "external_factors") for i in (b.header, *b.members)}
    in_target_block = {i for b in blocks if b.kind == "targets" for i in b.members}
    targets: list[Target] = []
    intro = previous = ""
    for position, item in enumerate(body):
        if item.is_heading:
            intro = previous = ""
            continue
        if position in skip or item.descriptive:
            continue
        is_item = _is_item(item)
        context = _Context(is_item, position in in_target_block, intro, previous)
        if not is_item:
            intro = item.line.norm
        previous = item.line.norm if is_item else ""
        for target in _targets_in_line(item, context):
            if not target.indicator:
                target.indicator = (
                    _same_section_indicator(targets, target)
                    or _phrase_before(item.line.norm, target)
                    or _item_title(item)
                )
            targets.append(target)
    return targets


def _item_title(item: BodyLine) -> str:
    """The last resort for a level whose sentence names nothing measured: the item's own title."""
    return item.section.label.title if item.section is not None else "定量目標"


def _share_indicator(sentence: str, quantity: Quantity) -> str | None:
    """「申込みのうち80%について、受付から30日以内に審査を終える」 → 申込みのうち受付から30日以内に
    審査を終えるものの割合: a share is named by what it is a share of and what its members do."""
    head, tail = sentence[: quantity.start], sentence[quantity.end :]
    if quantity.unit != "%" or not SHARE_OF_BEFORE.search(head):
        return None
    subject = _clean(re.split(r"[、。]", head[: -len("のうち")])[-1])
    condition = re.sub(r"^(?:について|を|が|は)、?", "", tail).split("。")[0]
    condition = re.sub(r"(?:こととする|ようにする|とする|こと)$", "", condition)
    return f"{subject}のうち{condition}ものの割合" if subject and condition else None


def _phrase_before(norm: str, target: Target) -> str:
    """What stands right before the number in its sentence, cleaned: better than no name at all."""
    sentence = next((s for _, s in _sentences(norm) if _number_text(target) in s), "")
    head = sentence.split(_number_text(target))[0] if sentence else ""
    clauses = [c for c in re.split(r"[、。]", _PARENTHETICAL.sub("", head)) if _clean(c)]
    return _clean(clauses[-1]) if clauses else ""


def _number_text(target: Target) -> str:
    value = f"{target.value:,.0f}" if float(target.value).is_integer() else f"{target.value:g}"
    return f"{value}{target.unit or ''}"


def _same_section_indicator(earlier: Sequence[Target], target: Target) -> str:
    """A restated level (「翌年度から 1.33％以上の効率化」) measures what the item's last target did."""
    for other in reversed(earlier):
        if other.section_line == target.section_line and other.unit == target.unit and other.indicator:
            return other.indicator
    return ""


def _targets_in_line(item: BodyLine, context: _Context) -> list[Target]:
    found: list[Target] = []
    line = item.line
    if QUANTITY.search(line.norm) is None:  # no number with a unit: nothing to look at closely
        return found
    for start, sentence in _sentences(line.norm):
        quantities = list(find_quantities(sentence))
        consumed: set[int] = set()
        for k, quantity in enumerate(quantities):
            if k in consumed:
                continue
            comparator = _accept(quantity, sentence, context)
            if comparator is None:
                continue
            alts = _alternatives(sentence, quantities, k)
            consumed.update(alts)
            head = sentence[: quantity.start]
            scope_text = context.intro + head if context.is_item else head
            found.append(
                Target(
                    indicator=_share_indicator(sentence, quantity)
                    or _indicator(head)
                    or _indicator(context.previous_item)
                    or "",
                    covers=_covers(sentence) if quantity.unit == "%" and "効率化" in sentence else None,
                    value=quantity.value,
                    unit=quantity.unit,
                    comparator=comparator,
                    scope=_scope(scope_text + sentence[quantity.end :], quantity, sentence),
                    fiscal_years=_fiscal_years(sentence),
                    alt_values=[quantities[j].value for j in alts],
                    text=_original_sentence(line.text, sentence),
                    section_line=item.section_line,
                    line=line.line_at(start + quantity.start),
                    lines=(line.line_at(start), line.line_at(start + len(sentence) - 1)),
                )
            )
    return found


_EXCLUSION = re.compile(r"[^、。()]*(?:除外|を除き)[^、。()]*")


def _covers(sentence: str) -> str | None:
    """For a cost-efficiency rule: the cost lines it names and what it leaves out."""
    costs = re.findall(r"(?:一般管理費|業務経費|事業費)(?:\([^()]*\))?", sentence)
    excluded = [m.group(0) for m in _EXCLUSION.finditer(sentence)]
    parts = list(dict.fromkeys([*costs[:4], *excluded]))
    return "; ".join(parts) or None


def _alternatives(sentence: str, quantities: Sequence[Quantity], k: int) -> list[int]:
    """Later numbers of the same unit that restate the level as a period total: (…累計650件)."""
    main = quantities[k]
    alts = []
    for j in range(k + 1, len(quantities)):
        other = quantities[j]
        between = sentence[main.end : other.start]
        if other.unit == main.unit and _ALT_CONTEXT.search(between) and "(" in between:
            alts.append(j)
    return alts


def _original_sentence(text: str, sentence: str) -> str:
    return text if len(text) < 300 else sentence
