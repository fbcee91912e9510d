"""The block rules and their order: the table a parse walks each line through.

    name        rule                               begins a block   strong
    blank       empty lines, page furniture         —
    cover       【参考資料４】 alone                   yes              yes
    opening     a title or a legal preamble          yes              yes
    toc         目次, table-of-contents entries        yes              yes
    annex       an annex title or label              yes              yes
    end         以上                                  yes              yes
    mark        【重要度：高】 …                        yes              yes
    label       ＜目標水準の考え方＞ …                   yes              yes
    heading     a label the heading stack accepts   yes
    bullet      ・ … / ○ …                           yes              yes
    listed      a label the stack refuses            yes
    paragraph   anything else                        —

"begins a block" rules are asked, silently, whether the next line begins something else;
"strong" ones end the block before them even right after a line that runs on. `default_ruler()`
builds the table; `Ruler.disable(["toc"])` and the like change which rules run.
"""

from __future__ import annotations

from hyoka.parse.ruler import NamedRule, Ruler
from hyoka.parse.rules import blocks, opening
from hyoka.parse.rules.heading import heading

RULES: tuple[NamedRule, ...] = (
    NamedRule("blank", blocks.blank, starts_block=False),
    NamedRule("cover", opening.cover, strong=True),
    NamedRule("opening", opening.opening, strong=True),
    NamedRule("toc", blocks.toc, strong=True),
    NamedRule("annex", blocks.annex, strong=True),
    NamedRule("end", blocks.end, strong=True),
    NamedRule("mark", blocks.mark, strong=True),
    NamedRule("label", blocks.label, strong=True),
    NamedRule("heading", heading),
    NamedRule("bullet", blocks.bullet, strong=True),
    NamedRule("listed", blocks.listed),
    NamedRule("paragraph", blocks.paragraph, starts_block=False),
)


def default_ruler() -> Ruler:
    return Ruler(list(RULES))
