from __future__ import annotations

from pathlib import Path

import pytest

from dossier.evaluate.mentions import Gold, score, tei_document

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
<div type="document" xml:id="d1">
  <head>1. Telegram From the Consul (<persName corresp="#p_A">Varga</persName>)
     <note n="1">Seen by <persName corresp="#p_B">Hollis</persName>.</note></head>
  <p>The envoy   <persName corresp="#p_A"><hi>Varga</hi></persName> met
     <persName>Someone</persName> and <persName corresp="#p_B">Ruth Hollis</persName>.</p>
</div></body></text></TEI>
"""


def test_tei_text_keeps_gold_offsets(tmp_path: Path) -> None:
    path = tmp_path / "d1.xml"
    path.write_text(TEI, "utf-8")
    doc, gold = tei_document(path)
    assert [doc.text[g.start : g.end] for g in gold] == ["Varga", "Varga", "Ruth Hollis", "Hollis"]
    assert [g.corresp for g in gold] == ["#p_A", "#p_A", "#p_B", "#p_B"]
    assert "The envoy Varga met Someone and Ruth Hollis." in doc.text
    assert doc.text.index("Seen by") > doc.text.index("The envoy")


def _g(n: int, corresp: str) -> Gold:
    return Gold("d", n, n + 1, corresp)


@pytest.mark.parametrize(
    ("pairs", "recall", "accuracy"),
    [
        ([(_g(0, "a"), "x"), (_g(1, "a"), "x"), (_g(2, "b"), "y")], 1.0, 1.0),
        ([(_g(0, "a"), "x"), (_g(1, "a"), None), (_g(2, "b"), "y")], 0.6667, 0.6667),
        ([(_g(0, "a"), "x"), (_g(1, "a"), "x"), (_g(2, "b"), "x")], 1.0, 0.6667),
        ([(_g(0, "a"), "x"), (_g(1, "a"), "z"), (_g(2, "a"), "x")], 1.0, 0.6667),
    ],
)
def test_score(pairs: list[tuple[Gold, str | None]], recall: float, accuracy: float) -> None:
    result = score(pairs)
    assert result["recall"] == recall
    assert result["linking_accuracy"] == accuracy
