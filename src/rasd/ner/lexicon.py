"""The NER lexicon files: the gazetteers that name each word, and tables of small numbers per word (its cluster
ids, how common it is, its word vector).

Gazetteers are columns in msgpack (gzipped), each distinct tuple of gazetteer names written once. Numbers per word
are kept as sorted 32-bit hashes of the normalized words with a row of values each (``WordTable``), not as a dict
of the words: 200,000 or 540,000 words load in milliseconds, where a dict of 285,000 words with their cluster ids
took most of a second to build.
"""

from __future__ import annotations

import gzip
import zlib

import msgspec
import numpy as np

from rasd.artifacts import collection_paused

Lexicon = dict[str, tuple[str, ...]]
"""Normalized word -> names of the gazetteers that hold it; a key of several space-separated words is a multi-word
gazetteer name."""


class _Columns(msgspec.Struct, array_like=True):
    words: list[str]
    name_sets: list[tuple[str, ...]]
    name_set_of_word: list[int]


def write_lexicon(path, gazetteers: dict[str, set[str]]) -> None:
    """Write the lexicon of the names in ``gazetteers`` (kind -> names)."""
    kinds: dict[str, list[str]] = {}
    for kind, members in sorted(gazetteers.items()):
        for name in members:
            kinds.setdefault(name, []).append(kind)
    name_sets: dict[tuple[str, ...], int] = {}
    columns = _Columns([], [], [])
    for word in sorted(kinds):
        if word.strip():
            columns.words.append(word)
            columns.name_set_of_word.append(name_sets.setdefault(tuple(kinds[word]), len(name_sets)))
    columns.name_sets = list(name_sets)
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(msgspec.msgpack.encode(columns))


def read_lexicon(path) -> Lexicon:
    with gzip.open(path, "rb") as fh:
        raw = fh.read()
    with collection_paused():
        columns = msgspec.msgpack.decode(raw, type=_Columns)
        return dict(zip(columns.words, map(columns.name_sets.__getitem__, columns.name_set_of_word)))


class WordTable:
    """A row of small numbers per normalized word, the same columns for every word: 16-bit ids (``MISSING`` where a
    column has no value for the word), or the 8-bit components of a word vector. Words are stored as sorted CRC-32
    hashes: a word not in the table hits a stored hash about once in 8,000 lookups (at 540,000 words), a cost the
    tagger bears like any other noise."""

    MISSING = 0xFFFF

    def __init__(self, hashes: np.ndarray, rows: np.ndarray):
        self.hashes, self.rows = hashes, rows

    @classmethod
    def of(cls, table: dict[str, tuple[int, ...]], dtype=np.uint16) -> WordTable:
        """The table of normalized word -> row; of two words with one hash, the smaller row is kept (for frequency
        bands: the commoner word's)."""
        best: dict[int, tuple[int, ...]] = {}
        for word, row in table.items():
            key = _hash(word)
            best[key] = min(row, best.get(key, row))
        hashes = np.array(sorted(best), dtype=np.uint32)
        width = len(next(iter(best.values()), ()))
        rows = np.array([best[int(k)] for k in hashes], dtype=dtype).reshape(len(hashes), width)
        return cls(hashes, rows)

    @classmethod
    def load(cls, path) -> WordTable:
        with np.load(path) as data:
            return cls(data["hashes"], data["rows"])

    def save(self, path) -> None:
        np.savez_compressed(path, hashes=self.hashes, rows=self.rows)

    def get(self, word: str) -> tuple[int, ...] | None:
        """The row of a normalized word, or None when the table does not have it."""
        i = self.find(word)
        return None if i is None else tuple(self.rows[i].tolist())

    def find(self, word: str) -> int | None:
        """The index of a normalized word's row, or None when the table does not have it."""
        key = _hash(word)
        i = int(np.searchsorted(self.hashes, key))
        return i if i < len(self.hashes) and self.hashes[i] == key else None


def _hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))
