"""Item 6 of the comparison: the findings of `hyoka check` that the new version brings.

Both versions are checked under one policy and the new version's findings whose fingerprint the
old version's run does not hold are kept. A fingerprint hashes the document id with the titles
and the subject's text (never line numbers), so the old version is checked under the new one's
document id: a stored document's id changes with each version, and a bundle's numbering may too.
"""

from __future__ import annotations

from collections.abc import Sequence

from hyoka.model.contract import Document
from hyoka.model.findings import Finding
from hyoka.review import check
from hyoka.review.context import SourceLineLike
from hyoka.review.policy import CheckPolicy


def _findings(document: Document, lines: Sequence[SourceLineLike] | None, policy: CheckPolicy | None) -> list[Finding]:
    return check([document], policy, path=document.id, lines=lines).findings()


def new_findings(
    new: Document,
    old: Document,
    *,
    new_lines: Sequence[SourceLineLike] | None = None,
    old_lines: Sequence[SourceLineLike] | None = None,
    policy: CheckPolicy | None = None,
) -> list[Finding]:
    """The new version's findings whose fingerprint is not among the old version's."""
    before = {f.fingerprint for f in _findings(old.model_copy(update={"id": new.id}), old_lines, policy)}
    return [finding for finding in _findings(new, new_lines, policy) if finding.fingerprint not in before]
