"""Guideline checks of objective documents (`hyoka check`): the rules of the objectives guideline
(独立行政法人の目標の策定に関する指針) that can be checked mechanically, run on the parse result.

The design is ../shared/design/guideline-rules.md. Each rule is a small registered function in
`hyoka.review.rules` that reads a parsed `Document` (never raw text) and returns findings that
point at the line of the thing itself; `hyoka.review.check` runs the enabled rules under a check
policy (`hyoka.review.policy`) and returns the report model of `hyoka.model.findings`, which the
CLI, the 新旧対照表 and the web pages all render.
"""

from hyoka.review.engine import check, check_document

__all__ = ["check", "check_document"]
