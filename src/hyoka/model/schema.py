"""The JSON Schema of the `hyoka.parse/1` contract, generated from the Pydantic models.

`docs/parse-json.schema.json` is this function's output (`hyoka schema`); a test checks
that the committed file matches it, so the schema is never edited by hand.
"""

from __future__ import annotations

from typing import Any

from hyoka.model.contract import ParseResult

__all__ = ["parse_json_schema"]


def parse_json_schema() -> dict[str, Any]:
    """JSON Schema of `ParseResult` as `hyoka parse --json` prints it (aliases, serialization)."""
    return ParseResult.model_json_schema(by_alias=True, mode="serialization")
