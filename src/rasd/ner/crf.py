"""Linear-chain CRF inference in numpy, from weights trained by crfsuite.

crfsuite's tagger takes every token's features as strings, built anew for each sentence; that building and passing
was most of rasd's NER time. Here a model is its weights per attribute and between labels, so a caller can add up
the weights of a word once, cache the sum, and tag a sentence with a few array additions and a Viterbi pass.
Decoding matches crfsuite's (the same sums, in double precision).
"""

from __future__ import annotations

import numpy as np

__all__ = ["Weights", "marginals", "viterbi"]


class Weights:
    """A trained CRF: ``matrix[index[attribute]]`` is the weight of an attribute for each label (an attribute
    not in ``index`` weighs nothing), ``transitions[a, b]`` the weight of label ``b`` following label ``a``."""

    def __init__(self, labels: list[str], index: dict[str, int], matrix: np.ndarray, transitions: np.ndarray):
        self.labels = labels
        self.index = index
        self.matrix = np.vstack([matrix, np.zeros(len(labels))])  # the last row stands for unknown attributes
        self.unknown = len(matrix)
        self.transitions = transitions

    @classmethod
    def from_crfsuite(cls, path) -> Weights:
        """The weights of a model file written by crfsuite (python-crfsuite is needed for this only)."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        labels = tagger.labels()
        column = {label: i for i, label in enumerate(labels)}
        index: dict[str, int] = {}
        rows: list[np.ndarray] = []
        for (attribute, label), weight in sorted(info.state_features.items()):
            if weight:
                if attribute not in index:
                    index[attribute] = len(rows)
                    rows.append(np.zeros(len(labels)))
                rows[index[attribute]][column[label]] = weight
        transitions = np.zeros((len(labels), len(labels)))
        for (a, b), weight in info.transitions.items():
            transitions[column[a], column[b]] = weight
        return cls(labels, index, np.array(rows).reshape(-1, len(labels)), transitions)

    def ids(self, attributes) -> list[int]:
        get, unknown = self.index.get, self.unknown
        return [get(a, unknown) for a in attributes]

    def total(self, attributes) -> np.ndarray:
        """Summed weights of some attributes, one per label."""
        return self.matrix[self.ids(attributes)].sum(0)

    def totals(self, groups: list[list[int]]) -> np.ndarray:
        """Summed weights of each group of attribute rows (``ids``), in one gather (groups x labels)."""
        ids, starts = [], []
        for group in groups:
            starts.append(len(ids))
            ids.append(self.unknown)  # so that an empty group sums to zero
            ids.extend(group)
        return np.add.reduceat(self.matrix[ids], starts)

    def save(self, path) -> None:
        """A compressed numpy archive: labels, attributes (newline-separated), weights, transitions."""
        attributes = sorted(self.index, key=self.index.get)
        if any("\n" in a for a in attributes):
            raise ValueError("an attribute holds a newline")
        with open(path, "wb") as fh:
            np.savez_compressed(fh, labels=np.array(self.labels), attributes=np.array("\n".join(attributes)),
                                weights=self.matrix[:-1], transitions=self.transitions)

    @classmethod
    def load(cls, path) -> Weights:
        with np.load(path) as data:
            attributes = str(data["attributes"]).split("\n") if data["weights"].size else []
            return cls([str(x) for x in data["labels"]], {a: i for i, a in enumerate(attributes)}, data["weights"],
                       data["transitions"])


def _padded(emissions: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, int]:
    """Sentences' scores in one array (sentences x longest x labels, zero after a sentence's end), the mask of real
    tokens, and the length of the shortest sentence (up to which no position is padding)."""
    sizes = np.array([len(e) for e in emissions])
    scores = np.zeros((len(emissions), max(sizes.max(), 1), emissions[0].shape[1]))
    for k, e in enumerate(emissions):
        scores[k, :len(e)] = e
    return scores, np.arange(scores.shape[1])[None, :] < sizes[:, None], int(sizes.min())


def viterbi(emissions: list[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """The best label sequence (label ids) of each sentence, given per-token label scores (tokens x labels); all
    sentences are decoded together, a step of each at a time."""
    if not emissions:
        return []
    scores, real, shortest = _padded(emissions)
    count, steps, labels = scores.shape
    back = np.zeros((count, steps, labels), dtype=np.intp)
    best = scores[:, 0]
    for t in range(1, steps):
        options = best[:, :, None] + transitions
        back[:, t] = options.argmax(1)
        step = options.max(1) + scores[:, t]
        best = step if t < shortest else np.where(real[:, t, None], step, best)
    paths = []
    ends = best.argmax(1).tolist()
    for k, e in enumerate(emissions):
        path = [ends[k]]
        rows = back[k, :len(e)].tolist()
        for t in range(len(e) - 1, 0, -1):
            path.append(rows[t][path[-1]])
        path.reverse()
        paths.append(path if len(e) else [])
    return paths


def marginals(emissions: list[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """P(label at token | sentence) for each sentence, token and label, by the forward-backward algorithm (in
    probability space, each step renormalized), all sentences together."""
    if not emissions:
        return []
    scores, real, shortest = _padded(emissions)
    steps = scores.shape[1]
    factors = np.exp(scores - scores.max(2, keepdims=True))
    between = np.exp(transitions)
    alpha = np.empty_like(factors)
    beta = np.ones_like(factors)
    alpha[:, 0] = factors[:, 0] / factors[:, 0].sum(1, keepdims=True)
    for t in range(1, steps):
        a = (alpha[:, t - 1] @ between) * factors[:, t]
        alpha[:, t] = a / a.sum(1, keepdims=True)
    for t in range(steps - 2, -1, -1):
        b = (factors[:, t + 1] * beta[:, t + 1]) @ between.T
        b /= b.sum(1, keepdims=True)
        beta[:, t] = b if t + 1 < shortest else np.where(real[:, t + 1, None], b, 1.0)
    joint = alpha * beta
    joint /= joint.sum(2, keepdims=True)
    return [joint[k, :len(e)] for k, e in enumerate(emissions)]
