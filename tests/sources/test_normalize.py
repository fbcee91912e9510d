"""The matching form: what folds, what is kept, and that it is stable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.sources import fold_chars, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Full-width digits, latin and punctuation become ASCII (NFKC).
        ("第１期", "第1期"),
        ("ＡＢＣ評価", "ABC評価"),
        ("（１）", "(1)"),
        ("ｶﾀｶﾅ", "カタカナ"),
        # Kangxi radicals fold through NFKC, radical-supplement look-alikes through our table.
        ("⽇⽬", "日目"),
        ("⻑期", "長期"),
        ("⻘⻝⺟⻄⻤⻩⻲⻭⻯⻫⺠⻆⻁", "青食母西鬼黄亀歯竜斉民角虎"),
        # Component forms without a standalone ideograph are left alone.
        ("⺅⺡", "⺅⺡"),
        # The three circles and the ideographic zero are one mark.
        ("〇", "○"),
        ("◯", "○"),
        ("⚪", "○"),
        ("○", "○"),
        # Circled numbers are a numbering scheme: NFKC would make them digits.
        ("①②⑳", "①②⑳"),
        ("㉑㉟㊱㊿", "㉑㉟㊱㊿"),
        ("①１", "①1"),
        # Roman numerals become ASCII letters via NFKC, as documented.
        ("Ⅲ", "III"),
        ("第Ⅱ期", "第II期"),
        # Range tildes and dashes.
        ("１０～２０", "10~20"),
        ("10〜20", "10~20"),
        ("10∼20", "10~20"),
        ("−５", "-5"),
        ("２０２０–２０２４", "2020-2024"),
        ("―", "—"),
        # Whitespace: gone between CJK, one space kept between ASCII words.
        ("令和 12 年", "令和12年"),
        ("内 閣 府", "内閣府"),
        ("内\u3000閣\u3000府", "内閣府"),
        ("JAPAN is BACK", "JAPAN is BACK"),
        ("JAPAN   is\tBACK", "JAPAN is BACK"),
        ("Society 5.0 の 実現", "Society 5.0の実現"),
        ("ＤＸ　推進", "DX推進"),
        ("ＩｏＴ　ＡＩ", "IoT AI"),
        ("  前後  ", "前後"),
        ("No. 1", "No.1"),
        ("", ""),
        ("   ", ""),
        # Zero-width and soft hyphen characters are dropped.
        ("内\u200b閣府", "内閣府"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("令和　１２ 年", "令和 12 年"),
        ("⽇本 ⻑期 〇 ①", "日本 長期 ○ ①"),
        ("JAPAN  is BACK", "JAPAN  is BACK"),
        ("１０〜２０", "10~20"),
    ],
)
def test_fold_chars_keeps_spaces(raw: str, expected: str) -> None:
    assert fold_chars(raw) == expected


def test_normalize_is_fold_chars_without_spaces() -> None:
    raw = "国立研究開発法人　第１ 政策体系 ①② ⻑期"
    assert normalize(raw) == fold_chars(raw).replace(" ", "")


def test_dropped_space_before_combining_mark_is_composed() -> None:
    assert normalize("e \u0301") == "é"
    assert normalize(normalize("a e \u0301")) == normalize("a e \u0301")


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_fold_chars_is_idempotent(text: str) -> None:
    once = fold_chars(text)
    assert fold_chars(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=50))
def test_normalize_has_no_edge_or_double_spaces(text: str) -> None:
    out = normalize(text)
    assert out == out.strip()
    assert "  " not in out
