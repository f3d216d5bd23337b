"""Opening zip containers (DOCX and friends) without falling for zip bombs.

``check_zip`` looks only at the central directory and refuses, with ``UnsafeInput``, archives
with too many entries, too many declared unpacked bytes, a compression ratio above
``settings.max_zip_ratio`` (over the whole archive, and per entry for entries of at least
``RATIO_MIN_BYTES``), overlapping entries, compression methods other than stored/deflated, or
member names that are absolute or climb out with ``..``. ``read_member`` then reads one member
and stops past its limit whatever the header claims.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from dossier.errors import CorruptFile, UnsafeInput
from dossier.settings import Settings

__all__ = ["RATIO_MIN_BYTES", "central_directory", "check_zip", "read_member", "safe_member_name"]

RATIO_MIN_BYTES = 1024 * 1024
"""Entries smaller than this are not judged on their own ratio (tiny XML compresses well)."""

_ALLOWED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_EOCD = b"PK\x05\x06"
_EOCD_SEARCH = 22 + 65535
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 64 * 1024
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
)


def safe_member_name(name: str) -> bool:
    """True when ``name`` is relative and never climbs out of the archive with ``..``."""
    if not name or name.startswith(("/", "\\")) or _DRIVE.match(name):
        return False
    return ".." not in re.split(r"[/\\]", name)


def _eocd(data: bytes) -> int | None:
    pos = data.rfind(_EOCD, max(0, len(data) - _EOCD_SEARCH))
    return pos if pos >= 0 and pos + 22 <= len(data) else None


def _declared_entries(data: bytes) -> int | None:
    """The entry count of the end-of-central-directory record, read before any parsing."""
    pos = _eocd(data)
    if pos is None:
        return None
    (count,) = struct.unpack("<H", data[pos + 10 : pos + 12])
    return None if count == 0xFFFF else int(count)


def central_directory(data: bytes) -> bytes | None:
    """The raw central directory of a zip (its member names are in there), without parsing
    it; None when the end record is missing or points outside the data."""
    pos = _eocd(data)
    if pos is None:
        return None
    size, start = struct.unpack("<II", data[pos + 12 : pos + 20])
    if start == 0xFFFFFFFF or start + size > pos:
        return None
    return data[start : start + size]


def _check_entries(infos: list[zipfile.ZipInfo], size: int, settings: Settings) -> None:
    if len(infos) > settings.max_zip_entries:
        raise UnsafeInput(f"zip has {len(infos)} entries (limit {settings.max_zip_entries})")
    unpacked = packed = 0
    for info in infos:
        if not safe_member_name(info.filename):
            raise UnsafeInput(f"zip member with an unsafe name: {info.filename!r}")
        if info.compress_type not in _ALLOWED_METHODS:
            raise UnsafeInput(
                f"zip member {info.filename!r} uses compression method "
                f"{info.compress_type} (only stored and deflated are allowed)"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_MIN_BYTES and ratio > settings.max_zip_ratio:
            raise UnsafeInput(
                f"zip member {info.filename!r} has compression ratio {ratio:.0f} "
                f"(limit {settings.max_zip_ratio:g})"
            )
        unpacked += info.file_size
        packed += info.compress_size
    if unpacked > settings.max_unpacked_bytes:
        raise UnsafeInput(f"zip unpacks to {unpacked} bytes (limit {settings.max_unpacked_bytes})")
    if packed > size:
        raise UnsafeInput("zip entries overlap (more packed bytes than the file holds)")
    ratio = unpacked / max(packed, 1)
    if unpacked >= RATIO_MIN_BYTES and ratio > settings.max_zip_ratio:
        raise UnsafeInput(f"zip compression ratio {ratio:.0f} (limit {settings.max_zip_ratio:g})")


def check_zip(data: bytes, settings: Settings) -> zipfile.ZipFile:
    """Open ``data`` as a zip after checking its central directory against the settings."""
    declared = _declared_entries(data)
    if declared is not None and declared > settings.max_zip_entries:
        raise UnsafeInput(f"zip has {declared} entries (limit {settings.max_zip_entries})")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise CorruptFile(f"broken zip archive ({exc})") from exc
    try:
        _check_entries(zf.infolist(), len(data), settings)
    except BaseException:
        zf.close()
        raise
    return zf


def read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """The bytes of member ``name``; ``UnsafeInput`` as soon as more than ``limit`` come out,
    ``CorruptFile`` when it is missing or its data do not match its header (bad CRC)."""
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise CorruptFile(f"zip has no member {name!r}") from exc
    if info.file_size > limit:
        raise UnsafeInput(f"zip member {name!r} declares {info.file_size} bytes (limit {limit})")
    chunks: list[bytes] = []
    total = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(min(_CHUNK, limit + 1 - total)):
                total += len(chunk)
                if total > limit:
                    raise UnsafeInput(f"zip member {name!r} unpacks past {limit} bytes")
                chunks.append(chunk)
    except _ZIP_ERRORS as exc:
        raise CorruptFile(f"zip member {name!r} is broken ({exc})") from exc
    return b"".join(chunks)
