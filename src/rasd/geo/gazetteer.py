"""The compiled gazetteer: GeoNames entries as columns plus three indexes from normalized keys to entries."""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

import msgspec

from rasd.model import Place

ARTIFACT = Path(__file__).resolve().parent / "data" / "gazetteer.bin"
FEATURES = ("country", "admin1", "city", "region", "other")


class GazetteerData(msgspec.Struct, array_like=True):
    """Entries as parallel columns (compact and fast to decode); ``countries`` are the ISO codes a region spans."""

    common: list[str]  # single-word keys that are mostly ordinary words; the scan skips them
    key_check: str
    ids: list[int]
    names: list[str]
    names_ar: list[str | None]
    lat: list[float]
    lon: list[float]
    country: list[str]
    admin1: list[str | None]
    feature: list[int]
    population: list[int]
    countries: list[list[str]]
    keys: dict[str, list[int]]  # normalized Arabic name -> entries
    nisba: dict[str, list[int]]  # normalized nisba adjective (ليبي، ليبيه، ليبيين) -> entries
    skeletons: dict[str, list[int]]  # Latin consonant skeleton -> entries (the transliteration bridge)


@lru_cache(maxsize=1)
def load() -> GazetteerData:
    """The gazetteer shipped in the package, decoded once per process."""
    return msgspec.msgpack.decode(zlib.decompress(ARTIFACT.read_bytes()), type=GazetteerData)


def place(g: GazetteerData, i: int, score: float) -> Place:
    return Place(geonames_id=g.ids[i], name=g.names[i], name_ar=g.names_ar[i], lat=g.lat[i], lon=g.lon[i],
                 country=g.country[i], admin1=g.admin1[i], feature=FEATURES[g.feature[i]], score=round(score, 3))
