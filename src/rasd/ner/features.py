"""CRF features of a token sequence.

A word is described by its normalized form, its clitic segments from the text layer (the stem carries the name,
the proclitics و ب ل ك ف and the article do not), affixes of the stem, its script and shape, and three kinds of
knowledge a small labelled corpus lacks: word clusters learned from unlabeled text (words used alike share a
cluster, so an unseen town looks like the towns seen in training; of a word with clitics, its stem's clusters
too), gazetteer membership (cities, countries, person names, organizations), and how common the word is in Arabic
at large, alone and crossed with each gazetteer hit (a city name that is also a common word is a weak hint). A
gazetteer name of several words ("البنك الدولي") marks the words it covers in a sentence, first and following.
Context is the same description of the neighbours within two words.

Word descriptions depend only on the word, so they are computed once per distinct word and cached.
"""

from __future__ import annotations

import re
import sys

import numpy as np

from rasd.ner.crf import Weights
from rasd.ner.lexicon import Lexicon, WordTable
from rasd.text import normalize_key, tokenize

OFFSETS = (-2, -1, 1, 2)
"""Positions of the neighbours a token is described by, relative to it."""
CACHED_WORDS = 200_000
"""Words whose description (and, in a Scorer, weight sums) stay cached: the frequent ones of a long run, in a few
hundred MB; rarer words are described again when they come back."""
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
# Of a neighbour's description, the parts that generalize: shape, clitics, short endings, clusters, gazetteers,
# frequency band.
_CONTEXT_KINDS = ("sh=", "pro=", "art", "x1=", "x2=", "c", "g=", "f=")


def shape(word: str) -> str:
    if _ARABIC.search(word):
        return "ar" if len(word) > 1 else "ar1"
    if _LATIN.search(word):
        return "Lat" if word[:1].isupper() else "lat"
    if _DIGIT.search(word):
        return "num"
    return "punct"


def analyse(word: str) -> tuple[str, str, bool, str, str]:
    """(normalized word, proclitics, has article, stem, suffix) of one token string, all normalized."""
    norm = normalize_key(word)
    parts = [t for t in tokenize(word) if t.kind == "word"]
    if not parts:
        return norm, "", False, norm, ""
    main = max(parts, key=lambda t: len(t.text))
    pro, article, stem, suffix = "", False, main.text, ""
    for seg in main.segments:
        if seg.role == "proclitic":
            pro += seg.text
        elif seg.role == "article":
            article = True
        elif seg.role == "stem":
            stem = seg.text
        else:
            suffix = seg.text
    return norm, normalize_key(pro), article, normalize_key(stem), normalize_key(suffix)


def lookup_keys(norm: str, stem: str) -> tuple[str, str, str]:
    """The keys a word is looked up by in the lexicon: as written (normalized), its stem, its stem with the
    article ("وللحكومة" -> "حكومه", "الحكومه")."""
    return norm, stem, "ال" + stem


class Featurizer:
    """Turns a sentence (a list of token strings) into crfsuite feature lists."""

    def __init__(self, lexicon: Lexicon, clusters: WordTable, frequencies: WordTable):
        """``clusters``: a word's cluster id at each granularity of each clustering; ``frequencies``: the band of
        how common the word is (scripts/build_word_frequencies.py)."""
        self.lexicon = lexicon
        self.clusters = clusters
        self.frequencies = frequencies
        self._cache: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, str]] = {}
        # first word of a multi-word name -> the numbers of words that follow it in some name, most first
        self.phrase_lengths: dict[str, list[int]] = {}
        for first, following in sorted({(key.partition(" ")[0], key.count(" ")) for key in lexicon if " " in key},
                                       reverse=True):
            self.phrase_lengths.setdefault(first, []).append(following)

    def describe(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
        """(own features, features shared with neighbours, normalized word, stem) of a word, cached."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        norm, pro, article, stem, suffix = analyse(word)
        feats = [f"w={word}", f"n={norm}", f"s={stem}", f"sh={shape(word)}", f"len={min(len(stem), 8)}"]
        if pro:
            feats.append(f"pro={pro}")
        if article:
            feats.append("art")
        if suffix:
            feats.append(f"suf={suffix}")
        for k in range(1, 5):
            if len(stem) > k:
                feats.append(f"p{k}={stem[:k]}")
                feats.append(f"x{k}={stem[-k:]}")
        # the word as written, else its stem (alone or with the article) gives each cluster id and the frequency
        # band; any of them a gazetteer
        keys = lookup_keys(norm, stem)
        rows = [self.clusters.get(key) for key in keys]
        found = [ids for ids in rows if ids is not None]
        for i in range(len(found[0]) if found else 0):
            cluster = next((ids[i] for ids in found if ids[i] != WordTable.MISSING), None)
            if cluster is not None:
                feats.append(f"c{i}={cluster}")
        if stem != norm:
            # a word with clitics is clustered with words of the same clitics ("للنيجر" with other words after ل): its
            # stem's clusters say what the name is
            ids = next((ids for ids in rows[1:] if ids is not None), ())
            feats.extend(f"sc{i}={c}" for i, c in enumerate(ids) if c != WordTable.MISSING)
        gazetteers = sorted({g for names in map(self.lexicon.get, keys) if names for g in names})
        feats.extend(f"g={g}" for g in gazetteers)
        band = next((row[0] for row in map(self.frequencies.get, keys) if row is not None), "none")
        feats.append(f"f={band}")
        feats.extend(f"gf={g}|{band}" for g in gazetteers)
        # past the word's own three, features recur across words: one copy of each keeps the cache small
        feats[3:] = map(sys.intern, feats[3:])
        shared = tuple(f for f in feats[3:] if f.startswith(_CONTEXT_KINDS))
        result = (tuple(feats), shared, norm, stem)
        if len(self._cache) < CACHED_WORDS:
            self._cache[word] = result
        return result

    def phrase_marks(self, info: list[tuple]) -> list[tuple[str, ...]]:
        """Per word, "ph=<name>-B"/"ph=<name>-I" where a multi-word gazetteer name covers it (leftmost longest).
        The first word may carry proclitics ("وحلف الناتو"): its stem, alone or with the article, also matches."""
        size = len(info)
        marks: list[tuple[str, ...]] = [()] * size
        if not self.phrase_lengths:
            return marks
        norms = tuple(x[2] for x in info)
        i = 0
        while i < size:
            found = self._phrase_at(norms, i, info[i][3])
            if not found:
                i += 1
                continue
            length, names = found
            marks[i] = tuple(f"ph={n}-B" for n in names)
            for j in range(i + 1, i + 1 + length):
                marks[j] = tuple(f"ph={n}-I" for n in names)
            i += 1 + length
        return marks

    def _phrase_at(self, norms: tuple[str, ...], i: int, stem: str) -> tuple[int, tuple[str, ...]] | None:
        """(number of following words, gazetteer names) of the longest multi-word name starting at word ``i``."""
        for key in lookup_keys(norms[i], stem):
            for length in self.phrase_lengths.get(key, ()):
                if i + length < len(norms):
                    names = self.lexicon.get(" ".join((key, *norms[i + 1:i + 1 + length])))
                    if names is not None:
                        return length, names
        return None

    def neighbour_attributes(self, word: str) -> dict[int, tuple[str, ...]]:
        """The attributes ``word`` gives the token ``d`` words before it, for each offset ``d``."""
        _, shared, norm, stem = self.describe(word)
        out = {}
        for d in OFFSETS:
            own = (f"{d}:n={norm}", f"{d}:s={stem}")
            out[d] = own + tuple(f"{d}:{f}" for f in shared) if d in (-1, 1) else own
        return out

    def sentence(self, words: list[str]) -> list[list[str]]:
        """crfsuite attributes of each token: its own description and phrase marks, its neighbours' (a neighbour's
        phrase marks too when next to it), and the word pairs it forms with the words next to it."""
        info = [self.describe(w) for w in words]
        marks = self.phrase_marks(info)
        size = len(words)
        out = []
        for i in range(size):
            feats = ["bias", *info[i][0], *marks[i]]
            for d in OFFSETS:
                j = i + d
                if 0 <= j < size:
                    feats.extend(self.neighbour_attributes(words[j])[d])
                    if d in (-1, 1):
                        feats.extend(f"{d}:{f}" for f in marks[j])
                else:
                    feats.append(f"{d}:pad")
            if i > 0:
                feats.append(f"bg-={info[i - 1][2]}|{info[i][2]}")
            if i + 1 < size:
                feats.append(f"bg+={info[i][2]}|{info[i + 1][2]}")
            out.append(feats)
        return out


class Scorer:
    """Label scores of each token of a sentence under one CRF's weights: the sum of the weights of the attributes
    ``Featurizer.sentence`` gives the token, without building them. What a word contributes as the token and as
    each neighbour is summed once and cached, so a sentence costs a few array additions."""

    def __init__(self, featurizer: Featurizer, weights: Weights):
        self.featurizer = featurizer
        self.weights = weights
        self.bias = weights.total(["bias"])
        self.pads = {d: weights.total([f"{d}:pad"]) for d in OFFSETS}
        self._words: dict[str, np.ndarray] = {}

    def word(self, word: str) -> np.ndarray:
        """Rows: the weights ``word`` brings as the token itself, then as the neighbour at each of OFFSETS."""
        cached = self._words.get(word)
        if cached is None:
            ids, around = self.weights.ids, self.featurizer.neighbour_attributes(word)
            cached = self.weights.totals([ids(self.featurizer.describe(word)[0]), *(ids(around[d]) for d in OFFSETS)])
            if len(self._words) < CACHED_WORDS:
                self._words[word] = cached
        return cached

    def emissions(self, words: list[str], marks: list[tuple[str, ...]]) -> np.ndarray:
        """Scores (tokens x labels) of a non-empty sentence, given its phrase marks (``Featurizer.phrase_marks``)."""
        size = len(words)
        rows = np.array([self.word(w) for w in words])
        scores = rows[:, 0] + self.bias
        for k, d in enumerate(OFFSETS, start=1):
            if d < 0:
                scores[-d:] += rows[:d, k]
                scores[:-d] += self.pads[d]
            else:
                scores[:-d] += rows[d:, k]
                scores[max(0, size - d):] += self.pads[d]
        # what depends on more than one word: word pairs and the phrase marks of a token and its neighbours
        ids: list[list[int]] = [[] for _ in words]
        index, unknown = self.weights.index, self.weights.unknown
        norms = [self.featurizer.describe(w)[2] for w in words]
        for i in range(1, size):
            pair = f"{norms[i - 1]}|{norms[i]}"
            ids[i].append(index.get("bg-=" + pair, unknown))
            ids[i - 1].append(index.get("bg+=" + pair, unknown))
        for i, found in enumerate(marks):
            if found:
                ids[i].extend(self.weights.ids(found))
                if i > 0:
                    ids[i - 1].extend(self.weights.ids(f"1:{f}" for f in found))
                if i + 1 < size:
                    ids[i + 1].extend(self.weights.ids(f"-1:{f}" for f in found))
        return scores + self.weights.totals(ids)
