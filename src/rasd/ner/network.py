"""The second pass: BiLSTM-CRFs over the words of a sentence (an ensemble of three, averaged), run in numpy
(trained in torch by scripts/ner_network.py).

The first pass, a CRF, knows a word by sparse features; of a name it never saw in training it knows only the
clusters and gazetteers. The network reads each word's vector (and its stem's) from the bigram vectors of 34 M words
of unlabeled Arabic, its characters, clitics and gazetteers, and the whole sentence both ways; and per token what
the first pass said: its tag probabilities, how it labelled the other mentions of the word's stem in the document
("أنان" is a person everywhere in a story once one mention is certain), and the multi-word gazetteer names covering
the word. Everything that depends on the word alone goes through the LSTM's input weights once per distinct word
and is cached. Weights keep torch's layout (LSTM gates: input, forget, cell, output; the two biases summed).
"""

from __future__ import annotations

import numpy as np

from rasd.ner.features import Featurizer, lookup_keys
from rasd.ner.lexicon import WordTable
from rasd.text import normalize_key

MAX_CHARS = 20
"""Characters of a word the character convolution reads."""
VECTOR_SCALE = 127.0
"""Word vectors are unit vectors stored as int8 components times this."""
CACHE_BYTES = 120_000_000
"""Room for cached LSTM input projections of words (4 kB per word and member): the commonest words of a long run
(seen first, and most of the tokens); a rarer word costs one matrix-vector product per member each time it comes
back."""
VOTE_LABELS = ("PER", "LOC", "ORG", "MISC", "O")
DOC_WINDOW = 10
"""Sentences on each side that count as the same document when a corpus has no document boundaries."""
CATEGORIES = ("sh", "pro", "suf", "f")
"""Word descriptions (``Featurizer.describe``) that enter as learned embeddings: shape, proclitics, suffix, how
common the word is."""


class WordEncoder:
    """The network's inputs of one word: ids of its vectors and characters, of its categories, and its gazetteers.
    Shared by training and tagging, so that both read a word alike; ``vocabulary`` is saved with the weights."""

    def __init__(self, featurizer: Featurizer, vectors: WordTable, vocabulary: dict[str, list[str]]):
        self.featurizer, self.vectors, self.vocabulary = featurizer, vectors, vocabulary
        self.char_ids = {c: i + 2 for i, c in enumerate(vocabulary["chars"])}  # 0: padding, 1: unknown
        self.category_ids = {k: {v: i + 1 for i, v in enumerate(vocabulary[k])} for k in CATEGORIES}  # 0: none
        self.gazetteer_ids = {g: i for i, g in enumerate(vocabulary["gazetteers"])}
        self.phrase_ids = {p: i for i, p in enumerate(vocabulary["phrases"])}

    @classmethod
    def vocabulary_of(cls, featurizer: Featurizer, words: set[str]) -> dict[str, list[str]]:
        """The characters, categories, gazetteers and phrase names seen in the training ``words``."""
        found: dict[str, set[str]] = {k: set() for k in ("chars", *CATEGORIES, "gazetteers", "phrases")}
        for word in words:
            found["chars"].update(normalize_key(word)[:MAX_CHARS])
            for feature in featurizer.describe(word)[0]:
                kind, _, value = feature.partition("=")
                if kind in CATEGORIES:
                    found[kind].add(value)
                elif kind == "g":
                    found["gazetteers"].add(value)
        found["phrases"] = {name for key, names in featurizer.lexicon.items() if " " in key for name in names}
        return {k: sorted(v) for k, v in found.items()}

    def encode(self, word: str) -> tuple[int, int, list[int], list[int], list[int]]:
        """(row of its vector, of its stem's vector (-1: none), char ids, category ids with "art" last, gazetteer
        ids). The word as written, else its stem (alone or with the article) gives the first vector."""
        own, _, norm, stem = self.featurizer.describe(word)
        find = self.vectors.find
        rows = [find(key) for key in lookup_keys(norm, stem)]
        word_row = next((r for r in rows if r is not None), -1)
        stem_row = next((r for r in rows[1:] if r is not None), -1)
        chars = [self.char_ids.get(c, 1) for c in normalize_key(word)[:MAX_CHARS]] or [1]
        values = dict(f.partition("=")[::2] for f in own if f.startswith(("sh=", "pro=", "suf=", "f=")))
        categories = [self.category_ids[k].get(values.get(k, ""), 0) for k in CATEGORIES] + [int("art" in own)]
        gazetteers = [self.gazetteer_ids[f[2:]] for f in own if f.startswith("g=") and f[2:] in self.gazetteer_ids]
        return word_row, stem_row, chars, categories, gazetteers

    def phrase_inputs(self, marks: list[tuple[str, ...]]) -> np.ndarray:
        """(words, 2 x phrase names) from a sentence's ``Featurizer.phrase_marks``: 1 where a multi-word gazetteer
        name of that kind starts, then where it covers the word."""
        out = np.zeros((len(marks), 2 * len(self.phrase_ids)), np.float32)
        for i, found in enumerate(marks):
            for mark in found:  # "ph=org-B"
                name, _, position = mark[3:].rpartition("-")
                if name in self.phrase_ids:
                    out[i, 2 * self.phrase_ids[name] + (position == "I")] = 1.0
        return out


def document_votes(stems: list[list[str]], labels: list[list[str]], window: int) -> list[np.ndarray]:
    """Per sentence, (words, 6): how the first pass labelled the *other* mentions of each word's stem within
    ``window`` sentences: shares of PER, LOC, ORG, MISC and O, and 1 if there are any."""
    column = {label: i for i, label in enumerate(VOTE_LABELS)}
    counts: dict[str, np.ndarray] = {}  # stem -> mentions per label in the sentences within the window

    def count(j: int, step: int) -> None:
        for stem, label in zip(stems[j], labels[j]):
            counts.setdefault(stem, np.zeros(len(VOTE_LABELS), np.float32))[column[label]] += step

    added = removed = 0
    out = []
    for i, (sentence_stems, sentence_labels) in enumerate(zip(stems, labels)):
        while added < min(len(stems), i + window + 1):
            count(added, 1)
            added += 1
        while removed < i - window:
            count(removed, -1)
            removed += 1
        votes = np.zeros((len(sentence_stems), len(VOTE_LABELS) + 1), np.float32)
        for k, (stem, label) in enumerate(zip(sentence_stems, sentence_labels)):
            others = counts[stem].copy()
            others[column[label]] -= 1
            total = others.sum()
            if total:
                votes[k, :-1] = others / total
                votes[k, -1] = 1.0
        out.append(votes)
    return out


def context_inputs(encoder: WordEncoder, sentences: list[list[str]], marks: list[list[tuple[str, ...]]],
                   first_tags: list[list[str]], first_probs: list[np.ndarray | None], window: int
                   ) -> list[np.ndarray | None]:
    """Per sentence (None for an empty one), its per-token inputs from the first pass: tag probabilities, document
    votes, multi-word gazetteer names."""
    stems = [[encoder.featurizer.describe(w)[3] for w in words] for words in sentences]
    votes = document_votes(stems, [[t.partition("-")[2] or "O" for t in tags] for tags in first_tags], window)
    return [np.hstack([p, v, encoder.phrase_inputs(m)]) if p is not None else None
            for p, v, m in zip(first_probs, votes, marks)]


class Network:
    """Label scores of sentences from their words and per-token context inputs (see ``Recognizer``): an ensemble of
    networks of one shape, trained alike from different random starts, whose label scores and transitions are
    averaged. Every weight array has the members on its first axis."""

    def __init__(self, weights: dict[str, np.ndarray], encoder: WordEncoder, labels: list[str]):
        self.w = {k: v.astype(np.float32) for k, v in weights.items() if k != "context_size"}
        self.encoder, self.labels = encoder, labels
        self.transitions = self.w["transitions"].mean(0).astype(np.float64)
        self.vectors = encoder.vectors.rows
        self.members, _, size = self.w["forward_w_hh"].shape
        self.context_size = int(weights["context_size"])
        self.static_size = self.w["forward_w_ih"].shape[2] - self.context_size
        # per member and direction: input weights, recurrent weights, bias, in the layout of _gates_for_one_tanh
        gates = [[_gates_for_one_tanh(self.w[f"{d}_w_ih"][m], self.w[f"{d}_w_hh"][m], self.w[f"{d}_b"][m])
                  for d in ("forward", "backward")] for m in range(self.members)]
        self._static = [np.vstack([g[0][:, :self.static_size] for g in member]) for member in gates]
        self._bias = np.concatenate([g[2] for member in gates for g in member])
        self._context_weights = np.hstack([g[0][:, self.static_size:].T for member in gates for g in member])
        self._recurrent = np.stack([g[1] for member in gates for g in member])  # (members x 2, H, 4H)
        self._projections: dict[str, np.ndarray] = {}
        self._cached_words = CACHE_BYTES // (self._bias.size * 4)

    def save(self, path) -> None:
        vocabulary = {f"vocabulary_{k}": np.asarray(v, dtype=str) for k, v in self.encoder.vocabulary.items()}
        np.savez_compressed(path, **self.w, **vocabulary, labels=np.asarray(self.labels),
                            context_size=np.array(self.context_size))

    @classmethod
    def load(cls, path, featurizer: Featurizer, vectors: WordTable) -> Network:
        with np.load(path) as data:
            arrays = dict(data)
        vocabulary = {k[len("vocabulary_"):]: [str(x) for x in arrays.pop(k)]
                      for k in list(arrays) if k.startswith("vocabulary_")}
        labels = [str(x) for x in arrays.pop("labels")]
        return cls(arrays, WordEncoder(featurizer, vectors, vocabulary), labels)

    def word_projection(self, word: str) -> np.ndarray:
        """Every member's LSTM input projections of the word's own inputs plus bias, both directions (members x 8
        x hidden), cached."""
        cached = self._projections.get(word)
        if cached is not None:
            return cached
        w = self.w
        word_row, stem_row, chars, categories, gazetteers = self.encoder.encode(word)
        flags = np.zeros(len(self.encoder.gazetteer_ids), np.float32)
        flags[gazetteers] = 1.0
        vectors = [self.vector(word_row), self.vector(stem_row)]
        parts = []
        for m in range(self.members):
            char_vectors = w["char_embedding"][m][chars]  # (characters, dims)
            padded = np.vstack([np.zeros_like(char_vectors[:1]), char_vectors, np.zeros_like(char_vectors[:1])])
            windows = np.hstack([padded[:-2], padded[1:-1], padded[2:]])  # the width-3 convolution as one product
            char_feature = np.maximum(windows @ w["char_conv"][m] + w["char_conv_b"][m], 0).max(0)
            x = np.concatenate([*vectors, char_feature,
                                *(w[f"{k}_embedding"][m][i] for k, i in zip(CATEGORIES, categories)),
                                w["article_embedding"][m][categories[-1]], flags])
            parts.append(self._static[m] @ x)
        projection = np.concatenate(parts) + self._bias
        if len(self._projections) < self._cached_words:
            self._projections[word] = projection
        return projection

    def vector(self, row: int) -> np.ndarray:
        if row < 0:
            return np.zeros(self.vectors.shape[1], np.float32)
        return self.vectors[row].astype(np.float32) / VECTOR_SCALE

    def emissions(self, sentences: list[list[str]], contexts: list[np.ndarray]) -> list[np.ndarray]:
        """Label scores (words x labels) of each non-empty sentence, all run together; ``contexts`` holds each
        sentence's (words x context inputs)."""
        w = self.w
        lengths = np.array([len(s) for s in sentences])
        batch, steps, size = len(sentences), int(lengths.max()), self._recurrent.shape[1]
        projected = np.zeros((batch, steps, self._bias.size), np.float32)  # padding stays zero
        # one product for all the sentences' words, in float32 like the weights (not the contexts' float64)
        from_context = np.concatenate(contexts, dtype=np.float32) @ self._context_weights
        end = 0
        for b, words in enumerate(sentences):
            start, end = end, end + len(words)
            projected[b, :len(words)] = [self.word_projection(word) for word in words]
            projected[b, :len(words)] += from_context[start:end]
        # (batch, steps, member, direction, 4H) -> (member x direction, batch, steps, 4H)
        hidden = bilstm(projected.reshape(batch, steps, 2 * self.members, 4 * size), self._recurrent)
        hidden = hidden.reshape(batch, steps, self.members, 2 * size)  # per member: forward then backward states
        scores = (np.einsum("btmh,mlh->btl", hidden, w["output"]) + w["output_b"].sum(0)) / self.members
        return [scores[b, :n].astype(np.float64) for b, n in enumerate(lengths)]


def _gates_for_one_tanh(w_ih: np.ndarray, w_hh: np.ndarray, bias: np.ndarray):
    """torch's gates (input, forget, cell, output) reordered to (input, forget, output, cell) with the sigmoid gates
    halved, so that one tanh gives all four: sigmoid(x) = (1 + tanh(x / 2)) / 2."""
    size = w_hh.shape[1]
    order = np.r_[0:2 * size, 3 * size:4 * size, 2 * size:3 * size]
    scale = np.r_[np.full(3 * size, 0.5), np.ones(size)].astype(np.float32)
    return (w_ih[order] * scale[:, None], np.ascontiguousarray((w_hh[order] * scale[:, None]).T), bias[order] * scale)


def bilstm(inputs: np.ndarray, recurrent: np.ndarray) -> np.ndarray:
    """Hidden states (B, T, L, H) of L LSTMs over a padded batch, given their input projections (B, T, L, 4H) and
    recurrent weights (L, H, 4H) in the layout of ``_gates_for_one_tanh``; the odd ones read backwards. All step
    together, one product each step, on inputs laid out step by step so that each step reads one block. Padding
    must project to zero: from a zero state, a zero input leaves the state at zero, so reading backwards from the
    end of the padding is reading backwards from each sentence's own last word."""
    batch, steps, lstms, _ = inputs.shape
    size = recurrent.shape[1]
    by_step = np.empty((steps, lstms, batch, 4 * size), np.float32)
    by_step[:, 0::2] = inputs[:, :, 0::2].transpose(1, 2, 0, 3)
    by_step[:, 1::2] = inputs[:, ::-1, 1::2].transpose(1, 2, 0, 3)
    h = np.zeros((lstms, batch, size), np.float32)
    c = np.zeros((lstms, batch, size), np.float32)
    out = np.empty((steps, lstms, batch, size), np.float32)
    for t in range(steps):
        y = np.tanh(by_step[t] + h @ recurrent)
        gates = 0.5 * y[..., :3 * size] + 0.5
        c = gates[..., size:2 * size] * c + gates[..., :size] * y[..., 3 * size:]
        h = gates[..., 2 * size:] * np.tanh(c)
        out[t] = h
    hidden = np.empty((batch, steps, lstms, size), np.float32)
    hidden[:, :, 0::2] = out[:, 0::2].transpose(2, 0, 1, 3)
    hidden[:, :, 1::2] = out[::-1, 1::2].transpose(2, 0, 1, 3)
    return hidden
