"""Small objective documents for the rule fixtures, written for these tests (fictional agencies).

`document(category, **parts)` assembles a whole document from named parts — the title block, the
statutory chapters, the annexes — each with a default that passes every rule of the catalogue, so
a fixture states only the part its rule is about. `clean_parts(category)` gives the defaults.
"""

from __future__ import annotations

from hyoka.model import Document
from hyoka.model.contract import ParseResult
from hyoka.parse import parse_text
from tests.review.documents_r_e import E_PARTS, R_PARTS

_M = {
    "front": """独立行政法人架空試験機構が
達成すべき業務運営に関する目標
（中期目標）

令和７年２月１日

架空省

独立行政法人通則法（平成11年法律第103号）第29条第１項の規定に基づき、独立行政法人架空試験機構が達成すべき業務運営に関する目標（以下「中期目標」という。）を次のとおり定める。
""",
    "mission": """第１　政策体系における法人の位置付け及び役割（ミッション）

独立行政法人架空試験機構（以下「機構」という。）は、独立行政法人架空試験機構法（平成15年法律第50号）に基づき、工業製品の安全性に関する試験を行うことを使命とする。

機構の現状として、試験の需要は年々増加しており、試験期間の短縮が課題となっている。

製品の多様化と国際的な規格の改定という環境変化を踏まえ、機構は試験の迅速化と情報の提供に取り組む。

※政策体系図は別紙１、使命等と目標との関係は別紙２のとおり。
""",
    "period": """第２　中期目標の期間

中期目標の期間は、令和７年４月から令和12年３月までの５年間とする。
""",
    "quality": """第３　国民に対して提供するサービスその他の業務の質の向上に関する事項

第３の１．～２．をそれぞれ一定の事業等のまとまりとして評価する。

１．製品試験の実施

「製品安全推進計画」（令和６年３月１日閣議決定）に基づき、試験を迅速に実施すること。

毎年度、製品試験の実施件数を 1,200 件以上とする。

＜目標水準の考え方＞

前中期目標期間の実績（年平均 1,150 件）を踏まえ、体制の強化による増加を見込んで設定する。

２．試験情報の提供

架空試験機構法第12条に基づき、試験の結果を分かりやすく提供すること。

試験結果の公表件数を毎年度 300 件以上とする。

＜目標水準の考え方＞

前中期目標期間の実績（年平均 280 件）を上回る水準として設定する。
""",
    "efficiency": """第４　業務運営の効率化に関する事項

１．一般管理費等の効率化

一般管理費（人件費及び公租公課を除く。）について、毎年度平均で前年度比３％以上の効率化を図る。

＜目標水準の考え方＞

前中期目標期間の実績（年平均 2.8％）を踏まえて設定する。

２．業務の電子化

「情報システムの整備及び管理の基本的な方針」（令和３年12月24日デジタル大臣決定）にのっとり、令和９年度までに全ての申請手続をオンライン化すること。
""",
    "finance": """第５　財務内容の改善に関する事項

運営費交付金を充当して行う事業については、第４で定めた事項に配慮した中期計画の予算を作成し、当該予算による運営を行うこと。
""",
    "other": """第６　その他業務運営に関する重要事項

１．内部統制の充実

理事長のリーダーシップの下、内部統制委員会による点検を毎年度実施すること。

２．情報セキュリティ対策

政府の統一基準群を踏まえ、情報セキュリティ監査を毎年度実施すること。
""",
    "annexes": """（別紙１）
独立行政法人架空試験機構に係る政策体系図
国の政策
○工業製品の安全の確保
架空試験機構法（第３条）
機構の役割
製品試験の実施
試験情報の提供

（別紙２）
独立行政法人架空試験機構の使命等と目標との関係
（使命）工業製品の安全性に関する試験
（現状・課題）試験需要の増加、試験期間の短縮
（環境変化）製品の多様化、国際規格の改定
（中期目標）試験の迅速化、情報の提供
""",
}

ORDER = ("front", "mission", "period", "quality", "efficiency", "finance", "other", "annexes")


def clean_parts(category: str) -> dict[str, str]:
    """The default parts of a document of `category` (M, R or E); every rule passes on them."""
    return dict({"M": _M, "R": R_PARTS, "E": E_PARTS}[category])


def document_text(category: str, parts: dict[str, str] | None = None) -> str:
    chosen = clean_parts(category)
    chosen.update(parts or {})
    return "\n\n".join(chosen[name].strip("\n") for name in ORDER if chosen.get(name)) + "\n"


def parse(category: str, parts: dict[str, str] | None = None) -> ParseResult:
    return parse_text(document_text(category, parts), path=f"fixture-{category}.txt")


def document(category: str, parts: dict[str, str] | None = None) -> Document:
    result = parse(category, parts)
    assert len(result.documents) == 1, [d.title for d in result.documents]
    return result.documents[0]
