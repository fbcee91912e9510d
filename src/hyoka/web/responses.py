"""Turning a view into bytes: JSON, CSV or HTML, each with an ETag, and 304 when the client
already holds the same bytes. Errors are `application/problem+json` (RFC 9457) with a Japanese
`detail`.

CSV is UTF-8 with a BOM and Japanese headers, so Excel opens it as it is; every cell goes
through the one sanitiser (`hyoka.report.cells.csv_value`), so document text that starts like a
formula stays text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel
from starlette.responses import Response

from hyoka.report.cells import CellValue, csv_value

JSON_TYPE = "application/json"
PROBLEM_TYPE = "application/problem+json"
CSV_TYPE = "text/csv; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Column:
    """One CSV column: its Japanese header and how to read it from a row."""

    header: str
    value: Callable[[Any], CellValue]


def with_etag(request: Request, body: bytes, media_type: str, *, headers: dict[str, str] | None = None) -> Response:
    """The response for `body`, or 304 when the request's If-None-Match names its ETag."""
    tag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    extra = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Accept"}
    if headers:
        extra.update(headers)
    wanted = request.headers.get("if-none-match", "")
    if tag in {part.strip().removeprefix("W/") for part in wanted.split(",")}:
        return Response(status_code=304, headers=extra)
    return Response(content=body, media_type=media_type, headers=extra)


def json_bytes(data: object) -> bytes:
    """Compact UTF-8 JSON; a model straight to bytes by pydantic-core (not through dicts and
    `json.dumps`: a page of a hundred targets cost a third of its request that way)."""
    if isinstance(data, BaseModel):
        return data.__pydantic_serializer__.to_json(data)
    return json.dumps(jsonable_encoder(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(request: Request, data: object, *, headers: dict[str, str] | None = None) -> Response:
    return with_etag(request, json_bytes(data), JSON_TYPE, headers=headers)


def csv_bytes(rows: Iterable[Any], columns: Sequence[Column]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([csv_value(column.value(row)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_response(request: Request, rows: Iterable[Any], columns: Sequence[Column], *, filename: str) -> Response:
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{filename}"
    return with_etag(request, csv_bytes(rows, columns), CSV_TYPE, headers={"Content-Disposition": disposition})


def problem(status: int, title: str, detail: str, *, instance: str | None = None) -> Response:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    return Response(
        content=json.dumps(body, ensure_ascii=False).encode("utf-8"), status_code=status, media_type=PROBLEM_TYPE
    )
