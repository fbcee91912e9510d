"""Every numeral form is read wherever a number or an ordinal is read: one table of forms, driven
through headings, editions, dates, periods, targets, baselines and unit statements."""

from __future__ import annotations

import pytest

from hyoka.model import Document
from hyoka.parse import parse_text
from hyoka.parse.lexicon.labels import match_label
from hyoka.parse.lexicon.ordinals import ordinal
from hyoka.sources import fold_chars

# (as written, value): ASCII, full-width, kanji with 十, positional kanji
NUMERALS = [
    ("1", 1),
    ("１", 1),
    ("一", 1),
    ("3", 3),
    ("３", 3),
    ("三", 3),
    ("10", 10),
    ("１０", 10),
    ("十", 10),
    ("12", 12),
    ("十二", 12),
    ("20", 20),
    ("二十", 20),
    ("23", 23),
    ("二十三", 23),
]
# forms that only ordinals take: circled, Roman (upper and lower), the era's first year
ORDINAL_ONLY = [("①", 1), ("⑫", 12), ("㉑", 21), ("Ⅳ", 4), ("Ｉ", 1), ("ⅳ", 4), ("元", 1)]


def spaced(text: str) -> str:
    return " ".join(fold_chars(text).split())


@pytest.mark.parametrize(("written", "value"), NUMERALS + ORDINAL_ONLY)
def test_the_ordinal_reader(written: str, value: int) -> None:
    assert ordinal(fold_chars(written)) == value


@pytest.mark.parametrize(("written", "value"), NUMERALS)
@pytest.mark.parametrize(
    ("shape", "scheme"),
    [("第{n} 総則", "dai"), ("{n}．総則", "decimal"), ("（{n}）総則", "paren_digit"), ("第{n}章 総則", "dai_chapter")],
)
def test_heading_labels(written: str, value: int, shape: str, scheme: str) -> None:
    label = match_label(spaced(shape.format(n=written)))
    assert label is not None
    assert (label.scheme, label.readings[0].ordinal) == (scheme, (value,))


@pytest.mark.parametrize(("written", "value"), [f for f in NUMERALS if f[1] <= 20] + [("①", 1), ("Ⅳ", 4)])
def test_list_labels(written: str, value: int) -> None:
    shape = "{n} 医薬品の研究開発" if written in ("①", "Ⅳ") else "（{n}）医薬品"
    label = match_label(spaced(shape.format(n=written)))
    assert label is not None
    assert label.readings[0].ordinal == (value,)


def _document(body: str, title: str = "独立行政法人架空振興機構が達成すべき業務運営に関する目標") -> Document:
    return parse_text(f"{title}\n第１ 総則\n機構は業務を行う。\n第２ 業務の質の向上\n{body}\n").documents[0]


@pytest.mark.parametrize(("written", "value"), NUMERALS)
def test_editions_in_titles(written: str, value: int) -> None:
    document = parse_text(f"独立行政法人架空振興機構第{written}期中期目標\n第１ 総則\n本文である。\n").documents[0]
    assert document.agency.name == "架空振興機構"
    assert value >= 1


@pytest.mark.parametrize(("written", "value"), [*NUMERALS, ("元", 1)])
def test_fiscal_years(written: str, value: int) -> None:
    document = _document(f"中期目標の期間は、令和{written}年度から令和{written}年度までとする。")
    assert document.period is not None
    assert document.period.start.year == 2018 + value


@pytest.mark.parametrize(("written", "value"), [f for f in NUMERALS if f[1] <= 7])
def test_period_lengths(written: str, value: int) -> None:
    document = _document(f"中期目標の期間は、令和８年４月から{written}年間とする。")
    assert document.period is not None
    assert document.period.years == value


@pytest.mark.parametrize(("written", "value"), NUMERALS)
def test_target_values(written: str, value: int) -> None:
    document = _document(f"技術相談件数を中期目標期間中に{written}件以上とする。")
    assert [(t.value, t.indicator) for t in document.targets] == [(value, "技術相談件数")]


@pytest.mark.parametrize(("written", "value"), [*NUMERALS, ("元", 1)])
def test_baseline_years(written: str, value: int) -> None:
    document = _document(f"技術相談件数を毎年度100件以上とする。（令和{written}年度実績：80件）")
    (target,) = document.targets
    assert [(b.value, b.fiscal_years) for b in target.baseline] == [(80, [2018 + value])]


@pytest.mark.parametrize(("written", "value"), [f for f in NUMERALS if f[1] == 3])
def test_unit_statements(written: str, value: int) -> None:
    """「第２の１．～３．」 in the numeral form of 3, the items numbered in the same form."""
    form = {"3": "123", "３": "１２３", "三": "一二三"}[written]
    items = "".join(f"{form[k]}．項目{k + 1}\n本文である。\n" for k in range(value))
    text = (
        "独立行政法人架空振興機構が達成すべき業務運営に関する目標\n第１ 総則\n本文である。\n第２ 業務の質の向上\n"
        f"第２の{form[0]}．～{written}．をそれぞれ一定の事業等のまとまりとして評価する。\n{items}"
    )
    units = parse_text(text).documents[0].evaluation_units
    assert [u.title for u in units] == ["項目1", "項目2", "項目3"]
