"""Zip containers: bombs, lying headers and escaping names are refused before anything unpacks."""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import replace
from typing import Any

import pytest

from dossier.errors import CorruptFile, UnsafeInput
from dossier.read.zipsafe import central_directory, check_zip, read_member, safe_member_name
from dossier.settings import Settings


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def lie_about_size(data: bytes, claimed: int) -> bytes:
    """Rewrite the (only) member's declared uncompressed size in both of its headers."""
    raw = bytearray(data)
    local = raw.find(b"PK\x03\x04")
    central = raw.find(b"PK\x01\x02")
    raw[local + 22 : local + 26] = struct.pack("<I", claimed)
    raw[central + 24 : central + 28] = struct.pack("<I", claimed)
    return bytes(raw)


def test_plain_zip_opens_and_reads(settings: Settings) -> None:
    data = make_zip({"a/b.xml": b"<a>harbour</a>", "c.txt": b"coal and grain"})
    with check_zip(data, settings) as zf:
        assert read_member(zf, "c.txt", 100) == b"coal and grain"
        assert sorted(zf.namelist()) == ["a/b.xml", "c.txt"]
    directory = central_directory(data)
    assert directory is not None and b"a/b.xml" in directory


@pytest.mark.parametrize(
    ("members", "limits", "needle"),
    [
        ({f"f{i}.txt": b"x" for i in range(30)}, {"max_zip_entries": 20}, "entries"),
        ({"big.bin": b"\0" * (4 * 1024 * 1024)}, {}, "ratio"),
        ({"a.txt": b"abc" * 1000, "b.txt": b"def" * 1000}, {"max_unpacked_bytes": 4000}, "unpacks"),
        ({"../evil.txt": b"x"}, {}, "unsafe name"),
        ({"/etc/evil.txt": b"x"}, {}, "unsafe name"),
        ({"a/../../evil.txt": b"x"}, {}, "unsafe name"),
        ({"C:\\evil.txt": b"x"}, {}, "unsafe name"),
    ],
)
def test_bombs_and_escapes_are_refused(
    settings: Settings, members: dict[str, bytes], limits: dict[str, Any], needle: str
) -> None:
    with pytest.raises(UnsafeInput, match=needle):
        check_zip(make_zip(members), replace(settings, **limits))


def test_ratio_limit_follows_settings(settings: Settings) -> None:
    data = make_zip({"big.bin": b"\0" * (4 * 1024 * 1024)})
    with check_zip(data, replace(settings, max_zip_ratio=10_000.0)) as zf:
        assert len(read_member(zf, "big.bin", 5 * 1024 * 1024)) == 4 * 1024 * 1024


def test_other_compression_methods_are_refused(settings: Settings) -> None:
    data = make_zip({"a.txt": b"grain " * 100}, zipfile.ZIP_BZIP2)
    with pytest.raises(UnsafeInput, match="compression method"):
        check_zip(data, settings)


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00" * 40, b"not a zip at all", make_zip({"a.txt": b"abc" * 50})[:60]],
)
def test_broken_zips_are_corrupt(settings: Settings, data: bytes) -> None:
    with pytest.raises(CorruptFile, match="broken zip"):
        check_zip(data, settings)


def test_member_that_lies_about_its_size_stops_at_the_claim(settings: Settings) -> None:
    data = lie_about_size(make_zip({"bomb.xml": b"A" * 500_000}), claimed=100)
    with check_zip(data, settings) as zf:
        assert zf.getinfo("bomb.xml").file_size == 100
        with pytest.raises(CorruptFile, match=r"bomb\.xml"):
            read_member(zf, "bomb.xml", 1_000_000)


@pytest.mark.parametrize("limit", [0, 10, 999])
def test_read_member_stops_past_the_limit(settings: Settings, limit: int) -> None:
    data = make_zip({"m.txt": b"z" * 1000})
    with check_zip(data, settings) as zf, pytest.raises(UnsafeInput, match=r"m\.txt"):
        read_member(zf, "m.txt", limit)


def test_missing_member_is_corrupt(settings: Settings) -> None:
    with check_zip(make_zip({"a.txt": b"a"}), settings) as zf, pytest.raises(CorruptFile):
        read_member(zf, "b.txt", 10)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("word/document.xml", True),
        ("a..b/c", True),
        ("../x", False),
        ("a\\..\\x", False),
        ("/x", False),
        ("D:x", False),
        ("", False),
    ],
)
def test_safe_member_name(name: str, safe: bool) -> None:
    assert safe_member_name(name) is safe
