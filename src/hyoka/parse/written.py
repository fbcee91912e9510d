"""Labels as printed: a heading's 「第１」, 「（１）」, 「＜法人の使命＞」, not their matching form."""

from __future__ import annotations

from hyoka.parse.lexicon.labels import Label
from hyoka.parse.logical import LogicalLine
from hyoka.sources import fold_chars


def written_label(line: LogicalLine, label: Label) -> str:
    """The label as printed on `line`: the shortest prefix of its text whose folding covers it."""
    stripped = line.text.strip()
    if label.whole_line:
        return stripped
    wanted = len(line.spaced[: label.length].rstrip())
    for end in range(1, len(stripped) + 1):
        if len(" ".join(fold_chars(stripped[:end]).split())) >= wanted:
            return stripped[:end].strip()
    return stripped
