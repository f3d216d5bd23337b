"""Turning bytes into text: BOMs, UTF-8, then the best guess of charset-normalizer."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from dossier.data import load_data
from dossier.errors import BinaryContent, DecodingError

__all__ = ["decode_text", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13, 27}
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text in any single-byte or UTF-8 encoding."""
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(sample) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def known_binary(data: bytes) -> str | None:
    """The name of a binary format recognised by its leading bytes, if any."""
    table: dict[str, str] = load_data("magic")
    for magic, name in table.items():
        if data.startswith(magic.encode("latin-1")):
            return name
    return None


def _control_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\t\n\r\f\x1b"
    )
    return bad / len(sample)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns the text and the encoding used. Raises ``BinaryContent`` for
    bytes that are not text and ``DecodingError`` when no encoding fits."""
    kind = known_binary(data)
    if kind:
        raise BinaryContent(f"binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, encoding), encoding)
    guessed = _utf16_without_bom(data)
    if guessed:
        return _checked(_strict(data, guessed), guessed)
    if b"\x00" in data:
        if looks_binary(data):
            raise BinaryContent("binary content, not text")
        raise BinaryContent(f"contains {data.count(0)} NUL byte(s); not a text file")
    if looks_binary(data):
        raise BinaryContent("binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _UTF8_MULTIBYTE.search(data):
        raise DecodingError(
            f"invalid UTF-8 at byte {utf8_error.start} in a file that is otherwise UTF-8"
        )
    best = from_bytes(data).best()
    text = "" if best is None else str(best)
    if best is None or best.encoding is None or best.chaos > 0.2 or _control_share(text) > 0.01:
        raise DecodingError(f"invalid UTF-8 at byte {utf8_error.start} and no other encoding fits")
    return text, best.encoding


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if _control_share(text) > 0.05:
        raise BinaryContent(f"binary content, not {encoding} text")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodingError(f"invalid {encoding} at byte {exc.start}") from exc
