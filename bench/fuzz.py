"""Fuzz every reader for a bounded time: random bytes and mutated seed files of its own format
go straight to ``reader.read``; the only acceptable failure is a ``ReadError`` (a clear one-line
refusal). Anything else is a finding, printed with the input that caused it.

    .venv/bin/python -m bench.fuzz [--seconds 30] [--reader pdf ...]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from dossier.errors import ReadError
from dossier.read.base import REGISTRY, Probe, Reader
from dossier.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
SUFFIX = {"tei": ".xml", "html": ".html", "pdf": ".pdf", "docx": ".docx", "oai_dc": ".xml"}


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "The consul left Mukden on 3 March 1948 for Dairen.")
    page.save()
    return out.getvalue()


def _docx() -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_heading("Minutes of the harbour board", 1)
    document.add_paragraph("The board met at Dairen on 4 April 1950 and heard the pilots.")
    document.save(out)
    return out.getvalue()


_OAI_DC = b"""<?xml version="1.0" encoding="UTF-8"?>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <dc:title>Cable on the harbour</dc:title><dc:date>1951-03-05</dc:date>
 <dc:description>The harbour agreement was signed on March 2, 1951.</dc:description>
</oai_dc:dc>"""

SEEDS: dict[str, Callable[[], bytes]] = {
    "text": lambda: (FIXTURES / "text" / "ocr_page.txt").read_bytes(),
    "tei": lambda: (FIXTURES / "tei" / "volume.xml").read_bytes(),
    "html": lambda: (FIXTURES / "html" / "article.html").read_bytes(),
    "archival": lambda: (FIXTURES / "text" / "record.md").read_bytes(),
    "article": lambda: (FIXTURES / "text" / "article.txt").read_bytes(),
    "frontmatter": lambda: (FIXTURES / "text" / "telegram_page.md").read_bytes(),
    "pdf": _pdf,
    "docx": _docx,
    "oai_dc": lambda: _OAI_DC,
}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few random edits: flipped bytes, inserted or deleted runs, a cut."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if edit == "flip":
            data[at] = draw(st.integers(0, 255))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 256))]
        else:
            del data[at:]
    return bytes(data)


@dataclass
class Outcome:
    reader: str
    inputs: int = 0
    read: int = 0
    refused: int = 0
    findings: list[tuple[str, bytes]] = field(default_factory=list)


def fuzz(reader: Reader, seed: bytes, examples: int, outcome: Outcome) -> None:
    """Run ``examples`` inputs (random bytes and mutations of ``seed``) through ``reader``."""
    suffix = SUFFIX.get(reader.name, ".txt")
    options = Settings(ner_model="")

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(st.binary(max_size=2048), mutated(seed)))
    def run(data: bytes) -> None:
        outcome.inputs += 1
        probe = Probe(f"fuzz{suffix}", data, hashlib.sha256(data).hexdigest())
        try:
            reader.read(probe, "fuzz", options)
            outcome.read += 1
        except ReadError:
            outcome.refused += 1
        except Exception as exc:  # a finding: anything but a clear refusal
            outcome.findings.append((f"{type(exc).__name__}: {exc}"[:200], data[:200]))

    run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="Per reader.")
    parser.add_argument("--reader", nargs="*", help="Only these readers.")
    args = parser.parse_args()
    outcomes = []
    for reader in REGISTRY:
        if args.reader and reader.name not in args.reader:
            continue
        outcome = Outcome(reader.name)
        seed = SEEDS[reader.name]()
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            fuzz(reader, seed, 50, outcome)
        outcomes.append(outcome)
    _report(outcomes, args.seconds)


def _report(outcomes: list[Outcome], seconds: float) -> None:
    table = Table(title=f"reader fuzzing, {seconds:g} s per reader")
    for column in ("reader", "inputs", "read", "refused (ReadError)", "findings"):
        table.add_column(column, justify="left" if column == "reader" else "right")
    for o in outcomes:
        table.add_row(o.reader, str(o.inputs), str(o.read), str(o.refused), str(len(o.findings)))
    console = Console()
    console.print(table)
    for o in outcomes:
        for message, data in o.findings[:5]:
            console.print(f"[red]{o.reader}[/red] {message} on {data!r}", markup=True)


if __name__ == "__main__":
    main()
