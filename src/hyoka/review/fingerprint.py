"""Fingerprints of findings: stable across edits elsewhere in the document.

A fingerprint hashes the rule id, the document id, the titles of the sections down to the
finding's subject (their loose `title_key`, so 位置づけ → 位置付け is no change, and without
labels, so a renumbering is none either), the subject's normalised text and the hit's key. Line
numbers are left out on purpose: a waiver or a baseline entry must survive a paragraph added
above it. Two hits of one rule on the same subject must differ by key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from hyoka.review.text import normalise, title_key

FINGERPRINT_VERSION = "hyoka/v1"


def fingerprint(rule_id: str, document_id: str, titles: Sequence[str], subject_text: str, key: str = "") -> str:
    parts = [
        FINGERPRINT_VERSION,
        rule_id,
        document_id,
        *(title_key(t) for t in titles),
        "",
        normalise(subject_text),
        key,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
