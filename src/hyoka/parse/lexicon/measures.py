"""How quantities, their bounds and their references are written, as patterns over the matching form:

    4,500件以上   130件/年   1.06%以上   3.2%以内   80%以上   6千本以上   10億ドルを超える
    1.9%を…確保   5ポイント以上   2倍   二十件   千五百人
    （前中期目標期間実績：9,874 組合）   令和元年度実績   過去５年間の平均実績   基準値：3.2％
    第３の１．～３．を一定の事業等のまとまりとして   １ 年金積立金の管理及び運用（第３の１～10）

NFKC has already made digits ASCII and removed spaces, so 「4,500 件以上」 reads 4,500件以上. The
numbers are read with `hyoka.parse.lexicon.numbers`; the kanji numerals come from the ordinals
lexicon, so 「第三の一．～三．」 and 「令和元年度」 are read where 「第３の１．～３．」 and 「令和６年度」 are.
"""

from __future__ import annotations

import re

from hyoka.model import Comparator
from hyoka.parse.lexicon.ordinals import CIRCLED, KANJI_NUMERAL_CHARS, NUMBER

# longest first: 億円 before 円, 営業日 before 日
UNITS = (
    "百万円", "億ドル", "万ドル", "兆円", "億円", "万円", "千円", "ドル", "円",
    "ポイント", "%", "倍", "割",
    "機関", "組合", "団体", "事業者", "企業", "課題", "拠点", "施設", "品目", "か所", "箇所", "地域", "か国",
    "件", "回", "人", "名", "社", "校", "機", "本", "編", "報", "種", "基", "台", "隻", "点", "者", "国",
    "営業日", "時間", "年間", "か月", "年", "月", "日", "分",
)  # fmt: skip
TIME_UNITS = frozenset({"営業日", "時間", "年間", "か月", "年", "月", "日", "分"})
UNIT_ALIASES = {"ポイント": "pt"}
_KANJI_QUANTITY = KANJI_NUMERAL_CHARS.replace("〇", "").replace("○", "").replace("零", "")
#: A quantity's number: 4,500 / 1.06 / 6千 / 1.5億 / 三千五百 (not 〇, which is a placeholder mark).
QUANTITY_NUMBER = (
    rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?(?:[千万億兆](?=[^0-9円ド]))?|[{_KANJI_QUANTITY}]+"
)
QUANTITY = re.compile(rf"(?P<num>{QUANTITY_NUMBER})(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})")
#: Before a number, words that make it an ordinal or a name: 第3, 令和7, No.5, Top10.
ORDINAL_BEFORE = re.compile(r"(?:第|令和|平成|昭和|西暦|No\.?|Top|TOP|top)$")
#: After a number's unit, words that make it a reference: 3条, 2項, 6期, 3次, 1位.
REFERENCE_AFTER = re.compile(r"^(?:条|号|項|期|次|位|度|年度|月|日|段階|世代)")
#: What a number glued to its left is part of (Top1%, G7, 3.5, 1,000).
NUMBER_GLUE = "0123456789.,/"
COMPARATORS: tuple[tuple[re.Pattern[str], Comparator], ...] = (
    (re.compile(r"^(?:以上|を下回らない|を下回らず|を下回ることなく|超を維持)"), Comparator.ge),
    (re.compile(r"^(?:以下|以内|を超えない|を超えず|を上回らない|に抑制|に抑え|までに抑制)"), Comparator.le),
    (re.compile(r"^(?:超|を超える|を超え|を上回る|を上回り|より多く)"), Comparator.gt),
    (re.compile(r"^(?:未満|を下回る)"), Comparator.lt),
)
PER_YEAR_SUFFIX = re.compile(r"^/(?:年|年度)")

#: The label of a reference level before its number: 前中期目標期間実績, 令和元年度実績（見込み）, 基準値.
BASELINE_LABEL = re.compile(
    rf"(?P<label>(?:前中長?期目標期間|前期|第{NUMBER}期中長?期目標期間|(?:令和|平成)(?:元|{NUMBER})年度"
    rf"|[0-9]{{4}}年度|過去{NUMBER}年間)?"
    r"(?:の)?(?:最終年度の|平均の|年平均)?(?:実績値?|基準値|実績平均)(?:\(見込み?\)|見込み?)?)"
    r"[:：]?\(?$"
)

#: A range of items in a unit statement: 第３の１．～３．, １．～３．, 第三の一から三, 第３の１～10.
UNIT_RANGE = re.compile(
    rf"(?:第(?P<top>{NUMBER})の?)?(?P<first>{NUMBER})\.?(?:[~-]|から)(?:第(?P=top)の?)?(?P<last>{NUMBER})\.?"
)
#: A line of an evaluation-units annex: 「１ 年金積立金の管理及び運用（第３の１～10）」.
UNIT_ANNEX_LINE = re.compile(
    rf"^(?:{NUMBER}|{CIRCLED})\.?\s*(?P<title>[^()]+?)\s*\((?P<ref>第{NUMBER}の?{NUMBER}\.?(?:[~-]{NUMBER}\.?)?)\)$"
)

#: Before a number, words that make it a lower bound though no 以上 follows: 少なくとも1%相当を削減.
AT_LEAST_BEFORE = re.compile(r"(?:少なくとも|最低でも|最低限)$")
#: After a rate, words that make it a reduction to reach: 1%相当を削減する, 3%の効率化.
REDUCTION_AFTER = re.compile(r"^(?:相当)?(?:を|の)?(?:削減|効率化|縮減|低減|減少)")
#: Before a share, 「申込みのうち」: 「申込みのうち80%について…以内に」 sets a share to reach.
SHARE_OF_BEFORE = re.compile(r"のうち$")
SHARE_OF_AFTER = re.compile(r"^(?:について|を|が|は)")
#: After a time, words that make it a limit to meet: 平均で9月を達成する, 30日に短縮する.
TIME_LIMIT_AFTER = re.compile(r"^(?:を達成|を実現|に短縮|まで短縮|までに短縮|を上限)")
#: Cost lines whose reduction rate is an efficiency target.
COST_LINES = re.compile(r"一般管理費|業務経費|事業費|人件費|運営費")
#: Items named one by one in a unit statement: 第３の１．及び２．, １．、２．並びに３．
UNIT_LIST = re.compile(
    rf"(?:第(?P<top>{NUMBER})の?)?(?P<items>{NUMBER}\.?(?:(?:[、,]|及び|並びに)(?:第(?P=top)の?)?{NUMBER}\.?)+)"
)
UNIT_LIST_ITEM = re.compile(rf"(?P<n>{NUMBER})")
