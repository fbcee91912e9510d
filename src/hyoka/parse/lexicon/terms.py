"""The words of objective documents: kinds and editions, legal types, how agency names end,
ministries and their ministers, the names of blocks inside items, and the chapters that only
describe. Patterns elsewhere are composed from these; none is spelled twice.
"""

from __future__ import annotations

from hyoka.parse.lexicon.ordinals import NUMBER

#: Legal-type prefixes of agency names, longest first where one contains another.
LEGAL_TYPES = (
    "国立研究開発法人",
    "地方独立行政法人",
    "独立行政法人",
    "国立大学法人",
    "大学共同利用機関法人",
    "特殊法人",
    "認可法人",
)
#: How agency names end: 機構, 研究所, センター, 基金, 振興会, 印刷局, 公文書館, のぞみの園, …
ORG_SUFFIXES = (
    "法人",
    "機構",
    "研究所",
    "機関",
    "センター",
    "基金",
    "協会",
    "大学校",
    "公庫",
    "事業団",
    "金庫",
    "振興会",
    "局",
    "館",
    "園",
    "会",
    "所",
    "院",
)
ORG_SUFFIX = f"(?:{'|'.join(ORG_SUFFIXES)})"
#: The three kinds of objectives, as the documents name themselves.
KIND = r"(?:中長期|中期|年度)目標"
#: An edition before the kind: 第６期 / 第六期 (中長期目標), 令和８年度 (目標), 2026 (年度目標).
EDITION = rf"(?:第{NUMBER}期|(?:令和|平成){NUMBER}|(?:令和|平成)元|[0-9]{{4}})?"
#: A draft mark after a title: （案）, 案.
DRAFT = r"(?:\(?案\)?)?"
#: What may follow a title without changing what it names: …目標（案）の概要, …について.
TITLE_TAIL = r"(?:の概要|\(概要\)|について|概要)?"
#: The phrase that names objectives in a title or preamble.
ACHIEVE = "達成すべき業務運営"

#: The ministries and cabinet bodies that act as competent ministers (主務大臣) of agencies.
MINISTRIES = (
    "内閣府",
    "内閣官房",
    "復興庁",
    "デジタル庁",
    "こども家庭庁",
    "消費者庁",
    "金融庁",
    "総務省",
    "法務省",
    "外務省",
    "財務省",
    "文部科学省",
    "厚生労働省",
    "農林水産省",
    "経済産業省",
    "国土交通省",
    "環境省",
    "防衛省",
    "警察庁",
    "文化庁",
    "スポーツ庁",
    "観光庁",
    "気象庁",
    "特許庁",
    "中小企業庁",
    "林野庁",
    "水産庁",
)
#: Ministers whose ministry is not 「…大臣」 → 「…省」.
MINISTERS = {
    "内閣総理": "内閣府",
    "内閣府特命担当": "内閣府",
    "デジタル": "デジタル庁",
    "復興": "復興庁",
    "国家公安委員会委員長": "警察庁",
    "内閣官房長官": "内閣官房",
}


def ministry_of_minister(name: str) -> str:
    """The ministry of 「{name}大臣」: 経済産業 → 経済産業省, デジタル → デジタル庁, 内閣総理 → 内閣府."""
    if name in MINISTERS:
        return MINISTERS[name]
    return name if name.endswith(("省", "庁")) else f"{name}省"


#: Names of the labelled blocks inside an item, by kind (their brackets come from the labels lexicon).
BLOCK_NAMES = {
    "rationale": r"(?:目標|指標)(?:の設定及び水準|水準|値|設定|水準設定)?の?(?:考え方|設定根拠|根拠)",
    "external_factors": r"想定される外部要因",
    "targets": (
        r"定量目標|定量的(?:な)?(?:目標|指標)|数値目標|目標値|アウトプット指標|(?:主な|評価における)?(?:定量的)?指標"
    ),
    "outcome": r"アウトカム指標",
    "axes": r"評価軸(?:等)?",
    "evaluation": r"(?:関連する)?評価指標",
    "monitoring": r"(?:関連する)?モニタリング指標",
}
#: The marks: 重要度, 困難度, and 難易度 (the 2014 guideline's word for 困難度).
MARK_KINDS = r"(?:重要度|困難度|難易度)"
MARK_LEVELS = r"(?:高|中|低)"

#: Titles of the chapters that describe and set no targets: the mission and the period.
DESCRIPTIVE_CHAPTER = r"位置付け|位置づけ|役割|ミッション|目標の期間|目標期間"
#: Words that say a sentence states the objective period.
PERIOD_SENTENCE = r"目標(?:の)?期間(?:は|について|を)"
#: Scope words that open an indicator phrase but belong to the target's scope.
SCOPE_HEAD = (
    r"毎年度|各年度|毎年|長期的に|最終年度(?:において|における|まで)?(?:に)?|累計(?:の|で)?|期間累計(?:の|で)?"
    r"|(?:本|次期)?中長?期目標期間(?:中|終了時|の最終年度)?(?:において|における|まで|中)?(?:に|の)?|期間中(?:に)?"
)
