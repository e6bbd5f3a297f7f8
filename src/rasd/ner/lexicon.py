"""The NER lexicon files: per word, its cluster ids and the gazetteers that name it; and how common words are.

Stored as columns in msgpack (gzipped), with each distinct tuple of cluster ids and of gazetteer names written once:
about 110,000 words decode in a few hundredths of a second, where a tab-separated file took a third of a second
to parse, most of the model's load time.
"""

from __future__ import annotations

import gzip
import zlib

import msgspec
import numpy as np

from rasd.artifacts import collection_paused

Lexicon = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
"""Normalized word -> (cluster ids at each granularity, gazetteer names); a key of several space-separated words
is a multi-word gazetteer name (no clusters)."""


class _Columns(msgspec.Struct, array_like=True):
    words: list[str]
    cluster_sets: list[tuple[str, ...]]
    name_sets: list[tuple[str, ...]]
    entries: list[tuple[int, int]]  # distinct (index in cluster_sets, index in name_sets)
    entry_of_word: list[int]


def write_lexicon(path, clusters: dict[str, tuple[str, ...]], gazetteers: dict[str, set[str]]) -> None:
    """Write the lexicon of words with ``clusters`` and of the names in ``gazetteers`` (kind -> names)."""
    kinds: dict[str, list[str]] = {}
    for kind, members in sorted(gazetteers.items()):
        for name in members:
            kinds.setdefault(name, []).append(kind)
    cluster_sets: dict[tuple[str, ...], int] = {}
    name_sets: dict[tuple[str, ...], int] = {}
    entries: dict[tuple[int, int], int] = {}
    columns = _Columns([], [], [], [], [])
    for word in sorted(set(clusters) | set(kinds)):
        if word.strip():
            entry = (cluster_sets.setdefault(tuple(clusters.get(word, ())), len(cluster_sets)),
                     name_sets.setdefault(tuple(kinds.get(word, ())), len(name_sets)))
            columns.words.append(word)
            columns.entry_of_word.append(entries.setdefault(entry, len(entries)))
    columns.cluster_sets, columns.name_sets, columns.entries = list(cluster_sets), list(name_sets), list(entries)
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(msgspec.msgpack.encode(columns))


def read_lexicon(path) -> Lexicon:
    with gzip.open(path, "rb") as fh:
        raw = fh.read()
    with collection_paused():
        columns = msgspec.msgpack.decode(raw, type=_Columns)
        entries = [(columns.cluster_sets[c], columns.name_sets[n]) for c, n in columns.entries]
        return dict(zip(columns.words, map(entries.__getitem__, columns.entry_of_word)))


class FrequencyBands:
    """How common a word is in Arabic text at large, in bands of 5 dB of frequency (band k holds frequencies from
    10^(-k/2) down to 10^(-(k+1)/2); band 15 all below 10^-7.5), from wordfreq's Arabic list
    (``scripts/build_word_frequencies.py``).

    A name that is also an ordinary word ("الحكيم", "أمل") is far more common than a name alone, and a
    transliteration no list knows is usually absent: the band tells the tagger how much to trust a gazetteer hit
    or a name-like shape. The table is kept as sorted 32-bit hashes of normalized words, not the words: 540,000 of
    them load in milliseconds, and a word not in the list hits a stored hash once in ~8,000 lookups.
    """

    def __init__(self, hashes: np.ndarray, bands: np.ndarray):
        self.hashes, self.bands = hashes, bands

    @classmethod
    def of(cls, bands: dict[str, int]) -> FrequencyBands:
        """The table of normalized word -> band; of two words with one hash, the commoner band is kept."""
        best: dict[int, int] = {}
        for word, band in bands.items():
            key = _hash(word)
            best[key] = min(band, best.get(key, band))
        hashes = np.array(sorted(best), dtype=np.uint32)
        return cls(hashes, np.array([best[int(k)] for k in hashes], dtype=np.uint8))

    @classmethod
    def load(cls, path) -> FrequencyBands:
        with np.load(path) as data:
            return cls(data["hashes"], data["bands"])

    def save(self, path) -> None:
        np.savez_compressed(path, hashes=self.hashes, bands=self.bands)

    def band(self, word: str) -> int | None:
        """The band of a normalized word, or None when the list does not have it."""
        key = _hash(word)
        i = int(np.searchsorted(self.hashes, key))
        return int(self.bands[i]) if i < len(self.hashes) and self.hashes[i] == key else None


def _hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))
