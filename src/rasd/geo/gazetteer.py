"""The compiled gazetteer: GeoNames entries as columns plus indexes from normalized keys to entries.

Stored as flat lists (msgpack, uncompressed: reading 4 MB is faster than inflating 2 MB) because they decode several
times faster than nested maps; the lookup dictionaries are rebuilt from them once per process, the ones only
needed for unusual spellings on first use.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

import msgspec

from rasd.artifacts import collection_paused
from rasd.model import Place

ARTIFACT = Path(__file__).resolve().parent / "data" / "gazetteer.bin"
FEATURES = ("country", "admin1", "city", "region", "other")


class Index(msgspec.Struct, array_like=True):
    """Keys and, for key ``i``, the entries ``postings[offsets[i]:offsets[i + 1]]``."""

    keys: list[str]
    offsets: list[int]
    postings: list[int]

    @classmethod
    def of(cls, index: dict[str, list[int]]) -> Index:
        keys, offsets, postings = [], [0], []
        for key, entries in sorted(index.items()):
            keys.append(key)
            postings += entries
            offsets.append(len(postings))
        return cls(keys, offsets, postings)

    def as_dict(self) -> dict[str, list[int]]:
        p, o = self.postings, self.offsets
        return {k: p[o[i]:o[i + 1]] for i, k in enumerate(self.keys)}


class GazetteerData(msgspec.Struct, array_like=True):
    """The artifact. Columns needed only for output or rare lookups stay undecoded (``Raw``) until first used."""

    key_check: str
    common: list[str]  # single-word keys that are mostly ordinary words; the scan skips them
    frequent: msgspec.Raw  # list[str]: the most frequent words of the news, never a misspelt or transliterated name
    ids: list[int]
    names: msgspec.Raw  # list[str]
    names_ar: msgspec.Raw  # list[str | None]
    lat: list[float]
    lon: list[float]
    country: str  # ISO codes, two letters per entry
    admin1: msgspec.Raw  # list[str | None]
    feature: list[int]
    population: list[int]
    regions: dict[int, str]  # the countries (comma-separated) of entries that span several
    keys: Index  # normalized Arabic name -> entries
    nisba: Index  # normalized nisba adjective (ليبي، ليبيه، ليبيين) -> entries
    skeletons: msgspec.Raw  # Index: Latin consonant skeleton -> entries (the transliteration bridge)


class Gazetteer:
    """The gazetteer in memory: the artifact's columns, and its indexes as dictionaries."""

    def __init__(self, data: GazetteerData):
        self.data = data
        self.key_check = data.key_check
        self.common = frozenset(data.common)
        self.ids, self.lat, self.lon = data.ids, data.lat, data.lon
        self.feature, self.population = data.feature, data.population
        self.keys = data.keys.as_dict()
        self.nisba = data.nisba.as_dict()

    @cached_property
    def names(self) -> list[str]:
        return msgspec.msgpack.decode(self.data.names, type=list[str])

    @cached_property
    def names_ar(self) -> list[str | None]:
        return msgspec.msgpack.decode(self.data.names_ar, type=list[str | None])

    @cached_property
    def admin1(self) -> list[str | None]:
        return msgspec.msgpack.decode(self.data.admin1, type=list[str | None])

    @cached_property
    def frequent(self) -> frozenset[str]:
        return frozenset(msgspec.msgpack.decode(self.data.frequent, type=list[str]))

    @cached_property
    def skeletons(self) -> dict[str, list[int]]:
        return msgspec.msgpack.decode(self.data.skeletons, type=Index).as_dict()

    def country(self, i: int) -> str:
        return self.data.country[2 * i:2 * i + 2]

    def countries(self, i: int) -> list[str]:
        """The countries entry ``i`` lies in (several for a region such as the Sahel)."""
        several = self.data.regions.get(i)
        return several.split(",") if several else [self.country(i)]

    def place(self, i: int, score: float) -> Place:
        return Place(geonames_id=self.ids[i], name=self.names[i], name_ar=self.names_ar[i], lat=self.lat[i],
                     lon=self.lon[i], country=self.country(i), admin1=self.admin1[i],
                     feature=FEATURES[self.feature[i]], score=round(score, 3))


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer shipped in the package, decoded once per process."""
    with collection_paused():
        return Gazetteer(msgspec.msgpack.decode(ARTIFACT.read_bytes(), type=GazetteerData))
