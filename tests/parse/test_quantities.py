"""Number-with-unit recognition and the bound words after it."""

from __future__ import annotations

import pytest

from hyoka.model import Comparator
from hyoka.parse.quantities import find_quantities
from hyoka.sources import normalize


def first(text: str) -> tuple[float, str, Comparator | None, bool] | None:
    found = list(find_quantities(normalize(text)))
    if not found:
        return None
    q = found[0]
    return (q.value, q.unit, q.comparator, q.per_year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("４，５００件以上", (4500.0, "件", Comparator.ge, False)),
        ("１．０６％以上の効率化", (1.06, "%", Comparator.ge, False)),
        ("3.2％以内に抑制", (3.2, "%", Comparator.le, False)),
        ("570 回を下回らない", (570.0, "回", Comparator.ge, False)),
        ("20 組合を超えない", (20.0, "組合", Comparator.le, False)),
        ("10億ドルを超える", (10.0, "億ドル", Comparator.gt, False)),
        ("5ポイント未満", (5.0, "pt", Comparator.lt, False)),
        ("130件／年", (130.0, "件", None, True)),
        ("６千本以上", (6000.0, "本", Comparator.ge, False)),
        ("二十機関", (20.0, "機関", None, False)),
        ("246兆円", (246.0, "兆円", None, False)),
        ("2倍超", (2.0, "倍", Comparator.gt, False)),
    ],
)
def test_quantities(text: str, expected: tuple[float, str, Comparator | None, bool]) -> None:
    assert first(text) == expected


@pytest.mark.parametrize(
    "text",
    ["令和７年度", "第３条", "平成 26 年法律第 49 号", "Top1%論文", "G7 各国", "1/5 を各年度"],
)
def test_not_quantities(text: str) -> None:
    quantities = [q for q in find_quantities(normalize(text)) if not q.is_time]
    assert quantities == []
