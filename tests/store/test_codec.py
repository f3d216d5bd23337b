"""The store's JSON codec: every value the standard library can write round-trips, including
those orjson refuses, and text written by either decodes."""

from __future__ import annotations

import json
import math

import pytest

from dossier.store import codec


@pytest.mark.parametrize(
    "value",
    [
        {"place": "Lüshun", "aliases": ["旅順", "Port Arthur"], "n": 3, "c": 0.25},
        {"broken": "half a pair \ud800 of surrogates"},
        {"big": 2**70},
        [None, True, False, "", {"nested": {"deep": [1, 2.5]}}],
    ],
)
def test_values_round_trip(value: object) -> None:
    assert codec.loads(codec.dumps(value)) == value


def test_keys_that_are_not_strings_become_strings_as_the_standard_library_writes_them() -> None:
    value = {1: "one", 2: "two"}
    assert (
        codec.loads(codec.dumps(value)) == json.loads(json.dumps(value)) == {"1": "one", "2": "two"}
    )


def test_text_the_standard_library_wrote_decodes() -> None:
    assert codec.loads(json.dumps({"x": "é"})) == {"x": "é"}
    assert math.isnan(codec.loads(json.dumps({"x": float("nan")}))["x"])
