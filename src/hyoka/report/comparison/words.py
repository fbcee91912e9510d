"""The Japanese words of the comparison's exports: change kinds, row kinds, sheet names, headers."""

from __future__ import annotations

from hyoka.model.comparison import ChangeKind, RowKind

TABLE_SHEET = "新旧対照表"
CHANGES_SHEET = "変更一覧"
FINDINGS_SHEET = "指摘"

ROW_WORDS = {
    RowKind.same: "変更なし",
    RowKind.changed: "改正",
    RowKind.renumbered: "番号変更",
    RowKind.moved: "移動",
    RowKind.added: "新設",
    RowKind.removed: "削除",
    RowKind.split_item: "分割",
    RowKind.merged: "統合",
}

CHANGE_WORDS = {
    ChangeKind.section_added: "項目の新設",
    ChangeKind.section_removed: "項目の削除",
    ChangeKind.section_renumbered: "番号の変更",
    ChangeKind.section_moved: "項目の移動",
    ChangeKind.section_split: "項目の分割",
    ChangeKind.section_merged: "項目の統合",
    ChangeKind.title_changed: "見出しの変更",
    ChangeKind.text_changed: "本文の改正",
    ChangeKind.target_added: "目標の追加",
    ChangeKind.target_removed: "目標の削除",
    ChangeKind.target_value: "目標値の変更",
    ChangeKind.target_comparator: "比較の変更（以上・超等）",
    ChangeKind.target_unit: "単位の変更",
    ChangeKind.target_scope: "目標の範囲の変更",
    ChangeKind.flag_added: "重要度・困難度の追加",
    ChangeKind.flag_removed: "重要度・困難度の削除",
    ChangeKind.flag_switched: "重要度・困難度の入替え",
    ChangeKind.flag_reason: "重要度・困難度の理由の変更",
    ChangeKind.axes_row_added: "評価軸の行の追加",
    ChangeKind.axes_row_removed: "評価軸の行の削除",
    ChangeKind.axis_added: "評価軸の追加",
    ChangeKind.axis_removed: "評価軸の削除",
    ChangeKind.indicator_added: "指標の追加",
    ChangeKind.indicator_removed: "指標の削除",
    ChangeKind.unit_added: "評価単位の追加",
    ChangeKind.unit_removed: "評価単位の削除",
    ChangeKind.unit_range: "評価単位の範囲の変更",
    ChangeKind.annex_added: "別紙の追加",
    ChangeKind.annex_removed: "別紙の削除",
    ChangeKind.annex_changed: "別紙の改正",
    ChangeKind.annex_title: "別紙の題名の変更",
    ChangeKind.annex_renumbered: "別紙の番号の変更",
    ChangeKind.figure_changed: "図の変更",
    ChangeKind.document_title: "題名の変更",
    ChangeKind.period: "目標期間の変更",
    ChangeKind.decision_date: "決定日の変更",
}

CHANGE_HEADERS = ("種別", "改正後の箇所", "改正前の箇所", "項目", "改正前", "改正後", "行（改正後）", "行（改正前）")
FINDING_HEADERS = ("行", "重大度", "ルール", "箇所", "指摘", "説明")
NOT_CHECKED = "点検（hyoka check）は行っていません。"
NO_NEW_FINDINGS = "改正後に新たに生じた指摘はありません。"
LEGEND = "下線の部分が改正部分です（改正後：追加・改正した部分、改正前：削除・改正した部分）。"
