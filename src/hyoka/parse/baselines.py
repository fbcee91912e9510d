"""Baselines and explanations attached to targets.

Baselines are reference levels written next to a target or in its explanation block:

    （前中期目標期間実績：9,874 組合）   令和６年度実績（見込み）：120 件
    前中期目標期間の最終年度の実績（74.6％）   基準値：3.2％

A ＜目標水準の考え方＞ block explains the targets of its item written before it; a
＜想定される外部要因＞ block likewise. A baseline goes to the nearest earlier target of the
same item measured in the same unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from hyoka.model import Baseline, Target
from hyoka.parse.blocks import Block
from hyoka.parse.body import BodyLine
from hyoka.parse.dates import find_dates
from hyoka.parse.lexicon.measures import BASELINE_LABEL, QUANTITY
from hyoka.parse.quantities import find_quantities


def find_baselines(item: BodyLine) -> list[Baseline]:
    norm = item.line.norm
    found = []
    for quantity in find_quantities(norm):
        head = norm[max(0, quantity.start - 40) : quantity.start]
        match = BASELINE_LABEL.search(head)
        if not match:
            continue
        label = match.group("label")
        years = sorted({d.year for d in find_dates(label) if d.fiscal})
        found.append(
            Baseline(
                value=quantity.value,
                unit=quantity.unit,
                label=label,
                fiscal_years=years,
                text=norm[max(0, quantity.start - len(label) - 2) : quantity.bound_end + 1],
                line=item.line.line_at(quantity.start),
            )
        )
    return found


def attach_context(body: Sequence[BodyLine], blocks: Sequence[Block], targets: Sequence[Target]) -> None:
    """Fill in each target's rationale, external factors and baselines, in place."""
    for block in blocks:
        if block.kind not in ("rationale", "external_factors"):
            continue
        header = body[block.header]
        for target in targets:
            if target.section_line == header.section_line and target.line < header.line.line:
                if block.kind == "rationale" and target.rationale is None:
                    target.rationale = block.text(body)
                elif block.kind == "external_factors" and target.external_factors is None:
                    target.external_factors = block.text(body)
    for item in body:
        if item.is_heading or not QUANTITY.search(item.line.norm):
            continue
        for baseline in find_baselines(item):
            owner = _owner(targets, item, baseline)
            if owner is not None:
                owner.baseline.append(baseline)


def _owner(targets: Sequence[Target], item: BodyLine, baseline: Baseline) -> Target | None:
    candidates = [
        t
        for t in targets
        if t.section_line == item.section_line and t.line <= baseline.line and t.unit == baseline.unit
    ]
    return candidates[-1] if candidates else None
