"""Baselines: the fingerprints of an earlier `hyoka check` run, so that findings already known
are listed as existing and fail nothing (`--baseline RUN.json`).

A run is read as the JSON report (`--format json`: one report, or a list of them for several
inputs) or as SARIF (`--format sarif`: each result's `partialFingerprints["hyoka/v1"]`), so a
CI job can keep whichever it already archives. Waived findings of the earlier run count too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hyoka.review.fingerprint import FINGERPRINT_VERSION


class BaselineError(ValueError):
    """The baseline file cannot be used; the message names it."""


def load_baseline(path: str | Path) -> frozenset[str]:
    """The fingerprints of the run saved in `path` (JSON report or SARIF)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: the baseline is not JSON: {error}") from None
    try:
        return frozenset(_fingerprints(data))
    except (KeyError, TypeError, AttributeError):
        raise BaselineError(
            f"{path}: not a hyoka check run (expected the output of --format json or --format sarif)"
        ) from None


def _fingerprints(data: Any) -> Iterator[str]:
    if isinstance(data, dict) and "runs" in data:
        for run in data["runs"]:
            for result in run.get("results", []):
                yield result["partialFingerprints"][FINGERPRINT_VERSION]
        return
    reports = data if isinstance(data, list) else [data]
    for report in reports:
        for document in report["documents"]:
            for finding in document["findings"]:
                yield finding["fingerprint"]
