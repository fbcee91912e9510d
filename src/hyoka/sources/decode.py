"""Bytes to text for objective documents: UTF-8 first, then the legacy Japanese encodings.

Agencies publish text in UTF-8 today, but exports from older systems come as Shift_JIS
(CP932 in practice), EUC-JP or ISO-2022-JP, and nothing in the file says which. Guessing
wrong produces mojibake that parses as garbage without any error, so the order is fixed
and conservative: known binary signatures, byte-order marks, ISO-2022-JP escapes, strict
UTF-8, then the legacy encodings that decode the bytes strictly. When more than one does,
charset-normalizer (restricted to them) picks; whatever is picked must also pass a sanity
check (few half-width katakana / private-use / C1 characters, the typical mojibake of a
wrong Japanese table). Anything else is refused with a `SourceError` that names the
problem, and for undecodable bytes the line, rather than read half right.
"""

from __future__ import annotations

import codecs
import re

from hyoka.sources.errors import SourceError

__all__ = ["decode_bytes"]

ACCEPTED = "UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS/CP932, EUC-JP or ISO-2022-JP"

# (signature, what it is). Checked before anything else: these are never text.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (such as a .docx or .xlsx file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (bom, codec used on the rest, reported name); UTF-32 before UTF-16: FF FE 00 00.
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Shift_JIS is decoded as CP932, its superset; euc_jis_2004 covers EUC-JP files that carry
# the NEC special characters (①, Ⅲ) which plain euc_jp rejects.
_LEGACY = ("cp932", "euc_jp", "euc_jis_2004")
_ISO2022 = ("iso2022_jp", "iso2022_jp_2004")
_ISO2022_ESCAPE = re.compile(rb"\x1b\$[@B]|\x1b\$\([OQ]|\x1b\([BJI]")
_NAMES = {
    "cp932": "cp932",
    "euc_jp": "euc-jp",
    "euc_jis_2004": "euc-jis-2004",
    "iso2022_jp": "iso-2022-jp",
    "iso2022_jp_2004": "iso-2022-jp-2004",
}

# C0/C1 controls other than tab, line feed, carriage return and form feed (page break).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CONTROL_SHARE = 0.05
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Half-width katakana, private use (CP932 user area and its 0xA0/0xFD-0xFF), C1 controls.
_MOJIBAKE = re.compile("[\uff61-\uff9f\ue000-\uf8ff\x80-\x9f]")
_MOJIBAKE_LIMIT = 0.25


def _binary(path: str, what: str) -> SourceError:
    return SourceError(path, f"looks like {what}, not text; accepted are text files in {ACCEPTED}")


def _line_at(data: bytes, position: int, encoding: str) -> int:
    """1-based line of byte `position`, counting line breaks the way `text.py` splits."""
    prefix = data[:position].decode(encoding, errors="replace")
    return len(_LINE_BREAK.findall(prefix)) + 1


def _undecodable(path: str, data: bytes, encoding: str, error: UnicodeDecodeError) -> SourceError:
    bad = data[error.start : error.end].hex(" ")
    line = _line_at(data, error.start, encoding)
    return SourceError(
        path,
        f"cannot decode bytes {bad} on line {line} as {_NAMES.get(encoding, encoding)}; accepted are {ACCEPTED}",
        line=line,
    )


def _strict(data: bytes, encoding: str) -> str | UnicodeDecodeError:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        return error


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few broken bytes: report it as such instead of reading mojibake."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return good >= 4 * bad


def _mojibake_share(text: str) -> float:
    """Share of the non-ASCII characters that a wrong legacy decoding typically produces."""
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return len(_MOJIBAKE.findall(text)) / non_ascii if non_ascii else 0.0


def _choose(data: bytes, decoded: dict[str, str]) -> str | None:
    """The legacy encoding whose reading is plausible Japanese, if any."""
    if len(decoded) > 1:
        import charset_normalizer  # noqa: PLC0415  (needed only for legacy encodings: kept off start-up)

        best = charset_normalizer.from_bytes(data, cp_isolation=list(decoded)).best()
        if best is not None and best.encoding in decoded and _mojibake_share(decoded[best.encoding]) <= _MOJIBAKE_LIMIT:
            return best.encoding
    # charset-normalizer finds tables of ①, Ａ and ○ too "noisy"; fall back to the reading
    # with the fewest half-width katakana / private-use / C1 characters.
    shares = {encoding: _mojibake_share(text) for encoding, text in decoded.items()}
    encoding = min(shares, key=lambda name: shares[name], default=None)
    if encoding is None or shares[encoding] > _MOJIBAKE_LIMIT:
        return None
    return encoding


def _legacy(path: str, data: bytes) -> tuple[str, str]:
    decoded: dict[str, str] = {}
    errors: dict[str, UnicodeDecodeError] = {}
    for encoding in _LEGACY:
        result = _strict(data, encoding)
        if isinstance(result, str):
            decoded[encoding] = result
        else:
            errors[encoding] = result
    chosen = None if _mostly_utf8(data) else _choose(data, decoded)
    if chosen is not None:
        # euc_jis_2004 and euc_jp read plain EUC-JP identically; name the common one.
        if chosen == "euc_jis_2004" and decoded.get("euc_jp") == decoded[chosen]:
            chosen = "euc_jp"
        return decoded[chosen], _NAMES[chosen]
    # No acceptable reading: point at the first bad byte of the reading that got furthest.
    utf8_error = _strict(data, "utf-8")
    assert isinstance(utf8_error, UnicodeDecodeError)
    errors["utf-8"] = utf8_error
    encoding = max(errors, key=lambda name: errors[name].start)
    if encoding != "utf-8" and _mostly_utf8(data):
        encoding = "utf-8"
    raise _undecodable(path, data, encoding, errors[encoding])


def _decode(path: str, data: bytes) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            result = _strict(data[len(bom) :], codec)
            if isinstance(result, UnicodeDecodeError):
                result.start += len(bom)
                result.end += len(bom)
                raise _undecodable(path, data, name, result)
            return result, name
    if b"\x00" in data:
        raise _binary(path, "a binary file (it contains NUL bytes; UTF-16 needs a byte-order mark)")
    if data.isascii() and _ISO2022_ESCAPE.search(data):
        failures: list[UnicodeDecodeError] = []
        for encoding in _ISO2022:
            result = _strict(data, encoding)
            if isinstance(result, str):
                return result, _NAMES[encoding]
            failures.append(result)
        raise _undecodable(path, data, _ISO2022[0], failures[0])
    result = _strict(data, "utf-8")
    if isinstance(result, str):
        return result, "utf-8"
    return _legacy(path, data)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode a whole input file; returns (text, encoding name such as "utf-8" or "cp932").

    Raises `SourceError` for empty, binary or undecodable input; `path` is only used to
    say which file it is.
    """
    if not data.strip():
        raise SourceError(path, "empty file: there is no text to read")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise _binary(path, what)
    text, encoding = _decode(path, data)
    if "\x00" in text:
        raise _binary(path, "a binary file (it contains NUL characters)")
    controls = len(_CONTROL.findall(text))
    if controls and controls >= _CONTROL_SHARE * len(text):
        raise _binary(path, f"a binary file ({controls} control characters in {len(text)})")
    if not text.strip():
        raise SourceError(path, "empty file: it contains only whitespace")
    return text, encoding
