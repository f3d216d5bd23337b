"""Geometry for the server-drawn pictures: the co-occurrence network around an entity (a fixed
radial layout, so the same data always gives the same picture) and the small map of a place
(an offline world outline, ``static/world.json``, cropped around the point)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["MapView", "Network", "map_view", "network"]

STATIC = Path(__file__).resolve().parents[1] / "static"

WIDTH, HEIGHT = 640, 420
FIRST_RING = 8


@dataclass(frozen=True)
class Node:
    ident: str
    name: str
    kind: str
    x: float
    y: float
    r: float
    anchor: str  # text-anchor of its label: start, middle or end
    count: int = 0
    lx: float = 0.0  # where its label goes
    ly: float = 0.0


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass
class Network:
    width: int
    height: int
    centre: Node
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _kind(ident: str) -> str:
    head = ident.split(":", 1)[0] if ":" in ident else "other"
    return "".join(c for c in head if c.isalpha())[:20] or "other"


def _label_at(x: float, y: float, r: float, dx: float, dy: float) -> tuple[str, float, float]:
    """Where a node's label goes: beside it, away from the centre (above or below when the
    node is straight above or below the centre)."""
    if abs(dx) < 1:
        return "middle", x, round(y - r - 6 if dy < 0 else y + r + 14, 1)
    return ("start" if dx > 0 else "end"), round(x + (r + 5) * (1 if dx > 0 else -1), 1), y + 4


def network(ident: str, name: str, others: list[tuple[str, str, int]]) -> Network:
    """The entity in the middle, the entities it shares documents with on one or two rings
    (most shared first, clockwise from the top), edges as thick as the documents shared."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    centre = Node(ident, name, _kind(ident), cx, cy, 14, "middle", 0, cx, cy + 32)
    out = Network(WIDTH, HEIGHT, centre)
    top = max((n for _, _, n in others), default=1)
    rings = [others[:FIRST_RING], others[FIRST_RING:]]
    for level, ring in enumerate(rings):
        radius = (110, 175)[level]
        for i, (other, label, count) in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * i / len(ring) + level * math.pi / len(ring)
            dx, dy = radius * math.cos(angle) * 1.35, radius * math.sin(angle)
            x, y = round(cx + dx, 1), round(cy + dy, 1)
            r = round(5 + 5 * count / top, 1)
            anchor, lx, ly = _label_at(x, y, r, dx, dy)
            out.nodes.append(Node(other, label, _kind(other), x, y, r, anchor, count, lx, ly))
            out.edges.append(Edge(cx, cy, x, y, round(1 + 4 * count / top, 1)))
    return out


@dataclass
class MapView:
    """A cropped map: outline paths, graticule lines, and the marked point, in SVG units."""

    width: int
    height: int
    x: float
    y: float
    paths: list[str]
    lines: list[str]
    labels: list[tuple[float, float, str]]


@dataclass(frozen=True)
class _Frame:
    """An equirectangular window ``2 × span`` degrees wide around ``(lat, lon)``, scaled so
    that distances are true at the centre's latitude."""

    lat: float
    lon: float
    span: float
    width: int = 480
    height: int = 320

    @property
    def k(self) -> float:
        return self.width / (2 * self.span * math.cos(math.radians(self.lat)))

    @property
    def half_lat(self) -> float:
        return self.height / 2 / self.k

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.lon) * self.k * math.cos(math.radians(self.lat)) + self.width / 2
        return round(x, 1), round((self.lat - lat) * self.k + self.height / 2, 1)

    def path(self, points: list[tuple[float, float]], close: bool = False) -> str:
        body = " L".join("{},{}".format(*self.xy(lon, lat)) for lon, lat in points)
        return "M" + body + (" Z" if close else "")

    def shows(self, ring: list[tuple[float, float]]) -> bool:
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return not (
            max(lons) < self.lon - self.span
            or min(lons) > self.lon + self.span
            or max(lats) < self.lat - self.half_lat
            or min(lats) > self.lat + self.half_lat
        )


@cache
def _rings() -> list[list[tuple[float, float]]]:
    data = json.loads((STATIC / "world.json").read_text(encoding="utf-8"))
    return [[(float(lon), float(lat)) for lon, lat in ring] for ring in data["rings"]]


def map_view(lat: float, lon: float, span: float = 16.0) -> MapView:
    """A map ``2 × span`` degrees of longitude wide, centred on ``(lat, lon)``."""
    frame = _Frame(lat, lon, span)
    paths = [frame.path(ring, close=True) for ring in _rings() if frame.shows(ring)]
    lines, labels = _graticule(frame)
    x, y = frame.xy(lon, lat)
    return MapView(frame.width, frame.height, x, y, paths, lines, labels)


def _graticule(f: _Frame) -> tuple[list[str], list[tuple[float, float, str]]]:
    """Lines every 10 degrees inside the window, with their labels."""
    top, bottom = f.lat + f.half_lat, f.lat - f.half_lat
    west, east = f.lon - f.span, f.lon + f.span
    lines: list[str] = []
    labels: list[tuple[float, float, str]] = []
    for g in range(-180, 181, 10):
        if west < g < east:
            lines.append(f.path([(g, top), (g, bottom)]))
            labels.append((f.xy(g, top)[0] + 3, 12.0, f"{abs(g)}°{'E' if g >= 0 else 'W'}"))
        if -90 < g < 90 and bottom < g < top:
            lines.append(f.path([(west, g), (east, g)]))
            labels.append((3.0, f.xy(west, g)[1] - 3, f"{abs(g)}°{'N' if g >= 0 else 'S'}"))
    return lines, labels
