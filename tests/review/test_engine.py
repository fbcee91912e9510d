"""The engine and the catalogue: the registry's entries, severities under a policy, categories,
fingerprints, and the library calls the diff and the web pages use (`check`, `check_document`)."""

from __future__ import annotations

import re

import pytest

from hyoka.model.findings import Basis, Category, Severity
from hyoka.parse import parse_source
from hyoka.review import check, check_document
from hyoka.review.fingerprint import fingerprint
from hyoka.review.policy import check_policy_from_mapping, default_check_policy
from hyoka.review.registry import Rule, all_rules
from hyoka.sources import text_source_from_string
from tests.review.documents import document, document_text

RESERVED = {"R-STRUCT-05", "R-AXIS-02", "R-IN-01", "R-IN-02", "R-IN-03", "R-PROC-02", "R-FLAG-04", "R-FIN-01"}
CATALOGUE = {
    "R-META-01", "R-STRUCT-01", "R-STRUCT-02", "R-STRUCT-03", "R-STRUCT-04", "R-STRUCT-06", "R-ATT-01",
    "R-PERIOD-01", "R-TGT-01", "R-TGT-02", "R-TGT-03", "R-TGT-04", "R-TGT-05", "R-QNT-01", "R-QNT-02",
    "R-QNT-03", "R-QNT-04", "R-QNT-05", "R-QNT-06", "R-OUT-01", "R-OUT-02", "R-AXIS-01", "R-FLAG-01",
    "R-FLAG-02", "R-FLAG-03", "R-UNIT-01", "R-EFF-01", "R-GOV-01", "R-GOV-02", "R-GOV-03", "R-GOV-04",
    "R-PROC-01",
}  # fmt: skip
NO_EFFICIENCY_NUMBER = {
    "efficiency": "第４　業務運営の効率化に関する事項\n\n組織の見直しにより、経費の効率化を進める。\n"
}


def test_the_registry_is_the_catalogue_less_the_reserved_ids() -> None:
    ids = {rule.id for rule in all_rules()}
    assert ids == CATALOGUE
    assert not ids & RESERVED


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_each_rule_declares_what_the_catalogue_gives(rule: Rule) -> None:
    assert re.fullmatch(r"R-[A-Z]+-\d{2}", rule.id)
    assert rule.name
    assert rule.categories <= set(Category)
    assert rule.inferred <= rule.categories
    assert isinstance(rule.severity, Severity)
    assert isinstance(rule.basis, Basis)
    assert len(rule.description) > 10
    assert rule.explanation.count("。") >= 2  # two or three sentences


def test_catalogue_details() -> None:
    rules = {rule.id: rule for rule in all_rules()}
    assert rules["R-GOV-03"].enabled is False
    assert rules["R-ATT-01"].basis is Basis.practice
    assert rules["R-QNT-05"].basis is Basis.ref
    assert rules["R-TGT-02"].categories == {Category.executive}
    assert rules["R-QNT-02"].inferred == {Category.executive, Category.research}
    assert rules["R-META-01"].needs_category is False


def test_a_policy_severity_shifts_the_rule_as_a_whole() -> None:
    doc = document("M", {"mission": "第１　業務の概要\n\n機構は試験を行う。\n"})
    source = text_source_from_string(document_text("M", {"mission": "第１　業務の概要\n\n機構は試験を行う。\n"}))
    default = check_document(doc, default_check_policy(), lines={line.number: line for line in source.lines})
    assert {f.severity for f in default.findings if f.rule_id == "R-STRUCT-01"} == {Severity.error}
    lowered = check_document(doc, check_policy_from_mapping({"rules": {"R-STRUCT-01": {"severity": "info"}}}))
    assert {f.severity for f in lowered.findings if f.rule_id == "R-STRUCT-01"} == {Severity.info}


def test_category_rules_are_skipped_while_the_category_is_unresolved() -> None:
    parts = {
        "front": document_text("M")
        .split("第１")[0]
        .replace("独立行政法人架空試験機構が", "国立研究開発法人架空試験機構が")
    }
    doc = document("M", parts)
    result = check_document(doc)
    assert result.category is None
    assert {f.rule_id for f in result.findings} == {"R-META-01"}
    overridden = check_document(doc, check_policy_from_mapping({"categories": {"doc-1": "M"}}))
    assert overridden.category is Category.mid_term
    assert "R-META-01" not in {f.rule_id for f in overridden.findings}


def test_check_reports_input_policy_and_summary() -> None:
    source = text_source_from_string(document_text("M", NO_EFFICIENCY_NUMBER), "draft.txt")
    report = check(parse_source(source).documents, path="draft.txt", sha256=source.sha256, lines=source.lines)
    assert report.input.path == "draft.txt"
    assert report.input.sha256 == source.sha256
    assert report.policy.name == "default"
    assert len(report.policy.sha256) == 64
    assert report.summary.error == 1
    assert [f.rule_id for f in report.findings() if f.severity is Severity.error] == ["R-QNT-03"]


def test_fingerprints_ignore_labels_and_line_numbers_but_not_subjects() -> None:
    base = fingerprint("R-QNT-02", "doc-1", ["第３", "１．製品試験"], "件数を1,200件以上とする。")
    assert base == fingerprint("R-QNT-02", "doc-1", ["第３", "１．製品試験"], "件数を 1,200 件以上とする。")
    assert base != fingerprint("R-QNT-02", "doc-1", ["第３", "１．製品試験"], "件数を1,300件以上とする。")
    assert base != fingerprint("R-QNT-01", "doc-1", ["第３", "１．製品試験"], "件数を1,200件以上とする。")
    assert base != fingerprint("R-QNT-02", "doc-2", ["第３", "１．製品試験"], "件数を1,200件以上とする。")


def test_a_renumbered_item_keeps_its_fingerprint() -> None:
    quality = document_text("M").split("第４")[0].split("第３", 1)[1]
    bare = "第３" + quality[: quality.rindex("＜目標水準の考え方＞")]  # item ２ loses its reasoning
    inserted = "２．相談体制の整備\n\n架空試験機構法第11条に基づき、令和８年度までに相談窓口を設置すること。\n\n３．試験情報の提供"
    renumbered = bare.replace("２．試験情報の提供", inserted).replace("第３の１．～２．", "第３の１．～３．")
    first, second = (check_document(document("M", {"quality": text})) for text in (bare, renumbered))
    prints = [[f.fingerprint for f in r.findings if f.rule_id == "R-QNT-02"] for r in (first, second)]
    lines = [[f.location.section_path for f in r.findings if f.rule_id == "R-QNT-02"] for r in (first, second)]
    assert len(prints[0]) == 1
    assert prints[0] == prints[1]
    assert lines[0] != lines[1]  # the label did change


def test_findings_carry_the_page_of_their_line() -> None:
    parts = {"efficiency": "\f" + NO_EFFICIENCY_NUMBER["efficiency"]}  # a form feed: page 2 begins
    source = text_source_from_string(document_text("M", parts), "paged.txt")
    report = check(parse_source(source).documents, path="paged.txt", lines=source.lines)
    finding = next(f for f in report.findings() if f.rule_id == "R-QNT-03")
    assert finding.location.page == 2
    assert next(f for f in report.findings() if f.rule_id == "R-QNT-03").location.line > 1
    without_lines = check(parse_source(source).documents, path="paged.txt")
    assert {f.location.page for f in without_lines.findings()} == {None}
