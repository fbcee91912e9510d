"""Properties of the character diff on any text: spans stay inside the text, layout is no change,
and the unchanged characters of both sides are the same text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.review.diff.text import diff_texts, fold
from hyoka.sources import fold_chars

CHARS = st.sampled_from([*list("業務の効率化を図る。目標値１２３4.5％、（）○〇ア\u3000 "), "\n"])
TEXTS = st.text(CHARS, max_size=60)


def _inside(runs: tuple[tuple[int, int], ...], text: str) -> bool:
    ordered = all(a[1] <= b[0] for a, b in itertools.pairwise(runs))
    return ordered and all(0 <= start < end <= len(text) for start, end in runs)


def _kept(text: str, runs: tuple[tuple[int, int], ...]) -> str:
    cut = set().union(*(range(s, e) for s, e in runs)) if runs else set()
    return "".join(fold_chars("".join(c for i, c in enumerate(text) if i not in cut)).split())


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_spans_point_inside_their_text_in_order(old: str, new: str) -> None:
    found = diff_texts(old, new)
    assert _inside(found.old, old)
    assert _inside(found.new, new)
    assert found.equal == (fold(old).text == fold(new).text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.integers(min_value=0, max_value=60), max_size=5), st.sampled_from([" ", "\n", "　", "\n\n"]))
def test_breaks_and_spaces_inserted_anywhere_are_no_change(text: str, cuts: list[int], space: str) -> None:
    reflowed = text
    for cut in sorted({min(c, len(text)) for c in cuts}, reverse=True):
        reflowed = reflowed[:cut] + space + reflowed[cut:]
    lines = reflowed.split("\n")
    if any(line.strip().isdigit() for line in lines) and not any(line.strip().isdigit() for line in text.split("\n")):
        return  # a cut that leaves a line of digits alone makes it a page number, which is dropped
    assert diff_texts(text, reflowed).equal


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS, st.integers(min_value=0, max_value=2))
def test_what_is_not_underlined_is_the_same_on_both_sides(old: str, new: str, gap: int) -> None:
    if any(line.strip().isdigit() for line in (old + "\n" + new).split("\n")):
        return  # a line of digits alone is a page number, dropped before the diff
    found = diff_texts(old, new, gap=gap)
    assert _kept(old, found.old) == _kept(new, found.new)
