"""Each heading label rule on the shapes it must take and the look-alikes it must refuse."""

from __future__ import annotations

import pytest

from hyoka.parse.lexicon.labels import SCHEMES, match_label, title_ok
from hyoka.sources import fold_chars


def spaced(text: str) -> str:
    return " ".join(fold_chars(text).split())


LABEL_SHAPES = [
    ("Ⅰ．政策体系における法人の位置付け", "roman", (1,), "政策体系における法人の位置付け"),
    ("Ｉ．政策体系における法人の位置付け", "roman", (1,), "政策体系における法人の位置付け"),
    ("Ⅳ 業務運営の効率化に関する事項", "roman", (4,), "業務運営の効率化に関する事項"),
    ("第１　政策体系における位置付け", "dai", (1,), "政策体系における位置付け"),
    ("第十二 雑則", "dai", (12,), "雑則"),
    ("第３章 業務の範囲", "dai_chapter", (3,), "業務の範囲"),
    ("３．１ 戦略的経営の高度化", "dotted2", (3, 1), "戦略的経営の高度化"),
    ("１．２．地球観測の推進", "dotted2", (1, 2), "地球観測の推進"),
    ("２．１．３ 小項目", "dotted3", (2, 1, 3), "小項目"),
    ("１．法人の使命", "decimal", (1,), "法人の使命"),
    ("10．情報発信の推進", "decimal", (10,), "情報発信の推進"),
    ("２. 国民から信頼される運営", "decimal", (2,), "国民から信頼される運営"),
    ("１　年金積立金の管理", "number_space", (1,), "年金積立金の管理"),
    ("２ 人事に関する事項", "number_space", (2,), "人事に関する事項"),
    ("（１）組織体制の整備", "paren_digit", (1,), "組織体制の整備"),
    ("(12) 情報セキュリティ", "paren_digit", (12,), "情報セキュリティ"),
    ("⑴ 組織体制の整備", "paren_digit", (1,), "組織体制の整備"),
    ("① 医薬品の研究開発", "circled", (1,), "医薬品の研究開発"),
    ("⑫調達の合理化", "circled", (12,), "調達の合理化"),
    ("（ア）研究の推進", "paren_kana_aiueo", (1,), "研究の推進"),
    ("ア 研究の推進", "kana_aiueo", (1,), "研究の推進"),
    ("ウ．成果の普及", "kana_aiueo", (3,), "成果の普及"),
    ("（ａ）調査", "paren_alpha", (1,), "調査"),
    ("三、経費の削減", "kanji", (3,), "経費の削減"),
    ("＜法人の使命＞", "angle", None, "法人の使命"),
    ("【１．２ 社会実装の加速】", "bracket_number2", (1, 2), "社会実装の加速"),
    ("第１．政策体系", "dai", (1,), "政策体系"),
    ("第六 その他業務運営に関する重要事項", "dai", (6,), "その他業務運営に関する重要事項"),
    ("一．法人の使命", "decimal", (1,), "法人の使命"),
    ("十二．情報発信", "decimal", (12,), "情報発信"),
    ("（一）組織体制の整備", "paren_digit", (1,), "組織体制の整備"),
    ("3.1 教育に関する目標", "dotted2", (3, 1), "教育に関する目標"),
    ("3) 研究の推進", "half_paren", (3,), "研究の推進"),
    ("[1] 研究の推進", "square", (1,), "研究の推進"),
    ("（ⅰ）調査の実施", "paren_roman", (1,), "調査の実施"),
    ("（ⅳ）調査の実施", "paren_roman", (4,), "調査の実施"),
    ("エ、成果の普及", "kana_aiueo", (4,), "成果の普及"),
    ("第１", "dai", (1,), ""),  # a bare label: its title is on the next line
    ("第２節 研究開発の推進", "dai_section", (2,), "研究開発の推進"),
    ("3.1教育に関する目標", "dotted2", (3, 1), "教育に関する目標"),
]


@pytest.mark.parametrize(("line", "scheme", "ordinal", "title"), LABEL_SHAPES)
def test_label_shapes(line: str, scheme: str, ordinal: tuple[int, ...] | None, title: str) -> None:
    label = match_label(spaced(line))
    assert label is not None, line
    assert label.scheme == scheme
    assert label.readings[0].ordinal == ordinal
    assert label.title == title


def test_kana_i_offers_both_orders() -> None:
    label = match_label(spaced("イ 技術相談の充実"))
    assert label is not None
    assert [(r.scheme, r.ordinal) for r in label.readings] == [("kana_aiueo", (2,)), ("kana_iroha", (1,))]


@pytest.mark.parametrize(
    "line",
    [
        "Ⅲ．１．２項において定める。",  # a cross-reference sentence
        "Ｉ項で示した政策体系を踏まえ",  # a roman numeral with no separator
        "第１期、第２期中長期目標の成果を踏まえ",  # 第N期 is a period, not a heading
        "第４条 （略）大学等における学術研究",  # an article
        "100 年間の財政均衡期間において",  # a quantity
        "１．１項からⅢ．１．５項まで",  # a reference
        "1.06％以上の効率化を図る",
        "（１）法人は、業務の効率化に取り組む。",  # a numbered sentence, not a heading
        "・研究開発成果の創出",  # a bullet
        "【重要度：高】",  # a mark, not a heading
        "イノベーションの創出に向けて",  # katakana word, not a kana label
        "2025 年度に開始する",
        "",
    ],
)
def test_not_labels(line: str) -> None:
    assert match_label(spaced(line)) is None


@pytest.mark.parametrize(
    ("title", "strict", "ok"),
    [
        ("年金積立金の管理", True, True),
        ("年間の財政均衡", True, False),
        ("人事に関する事項", True, True),
        ("人以上を確保", True, False),
        ("項において定める", True, False),
        ("日本の研究力強化", True, True),
        ("日以内に公表", True, False),
        ("研究を推進する。", False, False),
        ("あ" * 101, False, False),
        ("項において", False, True),
    ],
)
def test_title_ok(title: str, strict: bool, ok: bool) -> None:
    assert title_ok(title, strict=strict) is ok


def test_every_scheme_has_a_fixture() -> None:
    """Adding a scheme to the table means adding a fixture above: one row, one fixture."""
    for row in SCHEMES:
        assert any(row.match(spaced(line)) for line, *_ in LABEL_SHAPES), f"no fixture for scheme {row.name}"
