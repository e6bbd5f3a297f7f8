"""The NER lexicon file: per word, its cluster ids and the gazetteers that name it.

Stored as columns in msgpack (gzipped), with each distinct tuple of cluster ids and of gazetteer names written once:
about 110,000 words decode in a few hundredths of a second, where a tab-separated file took a third of a second
to parse, most of the model's load time.
"""

from __future__ import annotations

import gzip

import msgspec

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
