"""Named-entity recognition: PER, LOC, ORG and MISC mentions at original offsets.

Two passes over word tokens, trained on ANERcorp by ``make train-ner`` and shipped with their lexicon and word
vectors in ``rasd/ner/data``; both run in numpy. The first, a linear-chain CRF (trained with crfsuite,
:mod:`rasd.ner.crf`), tags each sentence from clitic-aware, cluster, gazetteer and word-frequency features
(:mod:`rasd.ner.features`). The second, three BiLSTM-CRFs averaged (:mod:`rasd.ner.network`), reads word vectors
learned from unlabeled text and the first pass's tag probabilities, over the sentence and over the whole document,
which makes a story consistent (a name certain in one sentence is a name in the next). Two rules follow: a
gazetteer place listed between two places is a place (see ``_complete_lists``), and the words of a mention repeated
untagged nearby get its label (``label_repeats``). A mention's span starts after its proclitics ("وبنغازي" ->
"بنغازي"); its score is the lowest marginal probability of its tokens' tags in the second pass.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources

import numpy as np
from threadpoolctl import ThreadpoolController

from rasd.model import Entity
from rasd.ner.crf import Weights, marginals, viterbi
from rasd.ner.features import Featurizer, Scorer
from rasd.ner.lexicon import WordTable, read_lexicon
from rasd.ner.network import DOC_WINDOW, Network, context_inputs
from rasd.pipeline import Document, make_report

DATA = resources.files("rasd.ner") / "data"
MODEL_FILES = ("first.npz", "network.npz")
LEXICON_FILE = "lexicon.msgpack.gz"
CLUSTER_FILE = "clusters.npz"
FREQUENCY_FILE = "frequency.npz"
VECTOR_FILE = "vectors.npz"
LABELS = ("PER", "LOC", "ORG", "MISC")

__all__ = ["LABELS", "Recognizer", "load", "recognize"]


class Recognizer:
    """The two passes and the featurizer. ``tag_document`` labels sentences of token strings; calling the recognizer
    on a pipeline document fills its entities."""

    def __init__(self, first: Weights, network: Network):
        self.network = network
        self.featurizer = network.encoder.featurizer
        self.first = Scorer(self.featurizer, first)
        self._blas = ThreadpoolController()

    def __reduce__(self):
        # worker processes load the shipped model themselves rather than receive a copy of the taggers
        return (load, ())

    def tag_document(self, sentences: list[list[str]], window: int = DOC_WINDOW) -> list[list[str]]:
        """BIO tags of each sentence; sentences within ``window`` of each other count as one document."""
        return self._decode(sentences, window)[0]

    def _decode(self, sentences: list[list[str]], window: int) -> tuple[list[list[str]], list[np.ndarray | None]]:
        """BIO tags of each sentence, and the second pass's label scores of each (None for an empty one).

        The products are small (a report's sentences by 128 hidden units): a second BLAS thread only adds hand-offs,
        and on a busy machine (other workers on every core) waiting for it made tagging six times slower."""
        with self._blas.limit(limits=1, user_api="blas"):
            marks = phrase_marks(self.featurizer, sentences)
            tags, probs = first_pass(self.first, sentences, marks, self.network.labels)
            contexts = context_inputs(self.network.encoder, sentences, marks, tags, probs, window)
            filled = [k for k, words in enumerate(sentences) if words]
            scores: list[np.ndarray | None] = [None] * len(sentences)
            if filled:
                found = self.network.emissions([sentences[k] for k in filled], [contexts[k] for k in filled])
                for k, sentence_scores in zip(filled, found):
                    scores[k] = sentence_scores
            tagged = _best_tags(self.network.labels, self.network.transitions, scores)
        for words, sentence_tags in zip(sentences, tagged):
            self._complete_lists(words, sentence_tags)
        keys = [[self.featurizer.describe(w)[2] for w in words] for words in sentences]
        return label_repeats(keys, tagged, window), scores

    def _complete_lists(self, words: list[str], tags: list[str]) -> None:
        """A word joined by "و" in a list of places is a place: a gazetteer place between two places ("درنة وسرت
        وبنغازي") or after a place itself joined by "و" ("وبنغازي ... وصبراتة"), and any word between a place
        joined by "و" and a gazetteer place joined by "و" ("وبنغازي وترهونة وصبراتة").

        The CRF misses such words when their form looks like a verb ("وسرت", and [it] spread) or the name is
        missing from the training data and the gazetteers; in a list of places the reading as a place is the right
        one. The score stays the model's own marginal for B-LOC, so these mentions keep a low score.
        """
        def joined(k: int) -> bool:
            return any(f.startswith("pro=و") for f in self.featurizer.describe(words[k])[0])

        def known_place(k: int) -> bool:
            own = self.featurizer.describe(words[k])[0]
            return "g=city" in own or "g=country" in own

        for k in range(1, len(tags)):
            if tags[k] != "O" or not tags[k - 1].endswith("-LOC") or not joined(k):
                continue
            place_follows = k + 1 < len(tags) and (tags[k + 1] == "B-LOC" or joined(k + 1) and known_place(k + 1))
            if known_place(k) and (place_follows or joined(k - 1)) or place_follows and joined(k - 1):
                tags[k] = "B-LOC"

    def tag(self, words: list[str]) -> list[str]:
        """BIO tags of one sentence of token strings, on its own."""
        return self.tag_document([words])[0]

    def __call__(self, doc: Document) -> None:
        doc.report.entities.extend(self.entities(doc))

    def entities(self, doc: Document) -> list[Entity]:
        """Mentions in ``doc``, the whole report being one document."""
        tokens = doc.tokens
        groups = []
        i = 0
        for sentence in doc.sentences:
            while i < len(tokens) and tokens[i].start < sentence.start:
                i += 1
            j = i
            while j < len(tokens) and tokens[j].end <= sentence.end:
                j += 1
            if j > i:
                groups.append(tokens[i:j])
            i = j
        tagged, scores = self._decode([[t.text for t in group] for group in groups], window=len(groups))
        mentions = [chunks(tags) for tags in tagged]
        # probabilities only where there is a mention to score: most sentences of news have none
        named = [k for k, found in enumerate(mentions) if found]
        labels = self.network.labels
        probs = dict(zip(named, marginals([scores[k] for k in named], self.network.transitions)))
        found: list[Entity] = []
        for k in named:
            group, tags = groups[k], tagged[k]
            tag_probs = [probs[k][i, labels.index(t)] for i, t in enumerate(tags)]
            for first, last, label in mentions[k]:
                found.append(Entity.of(doc.text, _after_proclitics(group[first]), group[last].end, label=label,
                                       score=round(float(min(tag_probs[first:last + 1])), 4)))
        return found


def phrase_marks(featurizer: Featurizer, sentences: list[list[str]]) -> list[list[tuple[str, ...]]]:
    return [featurizer.phrase_marks([featurizer.describe(w) for w in words]) for words in sentences]


def first_pass(scorer: Scorer, sentences: list[list[str]], marks: list[list[tuple[str, ...]]], labels: list[str]
               ) -> tuple[list[list[str]], list[np.ndarray | None]]:
    """The first pass's BIO tags of each sentence and its label probabilities (None for an empty sentence), with
    columns in the order of ``labels``."""
    scores = [scorer.emissions(words, m) if words else None for words, m in zip(sentences, marks)]
    weights = scorer.weights
    order = [weights.labels.index(label) for label in labels]
    probs = iter(marginals([s for s in scores if s is not None], weights.transitions))
    return (_best_tags(weights.labels, weights.transitions, scores),
            [next(probs)[:, order] if s is not None else None for s in scores])


def _best_tags(labels: list[str], transitions: np.ndarray, scores: list[np.ndarray | None]) -> list[list[str]]:
    """The best BIO tags of each sentence from its label scores (None: an empty sentence), all decoded together."""
    paths = iter(viterbi([s for s in scores if s is not None], transitions))
    return [[labels[k] for k in next(paths)] if s is not None else [] for s in scores]


def _after_proclitics(token) -> int:
    """Where a mention starts inside its first token: after و, ف, ب, ل, ك. The article stays ("القاعدة") unless
    it lost its alef after ل ("للنيجر"): a span cannot hold "النيجر" there, so it starts at the stem."""
    for seg in token.segments:
        if seg.role == "article" and seg.text == "ال":
            return seg.start
        if seg.role not in ("proclitic", "article"):
            return seg.start
    return token.start


def label_repeats(keys: list[list[str]], tags: list[list[str]], window: int) -> list[list[str]]:
    """The tags with every mention repeated: where the words of a mention (normalized, ``keys``) come again within
    ``window`` sentences, untagged and not next to another mention, they get the mention's label.

    One name, one reading per story: the network reads each sentence with the first pass's document votes, yet
    it still leaves some repeats of a name it found elsewhere as O ("الأندلس" found once, missed five times).
    On held-out sixths of train this gained 0.56 and 0.73 points of F1 (docs/ner.md, eighth round)."""
    out = [list(sentence_tags) for sentence_tags in tags]
    places: dict[str, list[tuple[int, int]]] = {}  # word -> (sentence, position) of each of its occurrences
    for j, sentence_keys in enumerate(keys):
        for s, key in enumerate(sentence_keys):
            places.setdefault(key, []).append((j, s))
    for i, sentence_tags in enumerate(tags):
        for first, last, label in chunks(sentence_tags):
            name, n = keys[i][first:last + 1], last - first + 1
            for j, s in places[name[0]]:
                row = out[j]
                if (abs(j - i) <= window and keys[j][s:s + n] == name and all(t == "O" for t in row[s:s + n])
                        and (s == 0 or row[s - 1] == "O") and (s + n == len(row) or row[s + n][:2] != "I-")):
                    row[s:s + n] = [f"B-{label}", *[f"I-{label}"] * (n - 1)]
    return out


def chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, label) of each mention in BIO tags, by the conlleval rules (a stray I- starts a mention)."""
    out = []
    first, label = 0, None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if label is not None and (kind != "I" or name != label):
            out.append((first, i - 1, label))
            label = None
        if kind in ("B", "I") and label is None:
            first, label = i, name
    return out


@lru_cache(maxsize=1)
def load() -> Recognizer:
    """The shipped model (loaded once per process). The word vectors inflate in a second thread (zlib lets go of
    the GIL) while the lexicon decodes into Python objects in this one: the two are most of the loading time."""
    with (resources.as_file(DATA / MODEL_FILES[0]) as first, resources.as_file(DATA / MODEL_FILES[1]) as network,
          resources.as_file(DATA / LEXICON_FILE) as lexicon, resources.as_file(DATA / CLUSTER_FILE) as clusters,
          resources.as_file(DATA / FREQUENCY_FILE) as frequencies, resources.as_file(DATA / VECTOR_FILE) as vectors,
          ThreadPoolExecutor(1) as pool):
        vector_table = pool.submit(WordTable.load, vectors)
        featurizer = Featurizer(read_lexicon(lexicon), WordTable.load(clusters), WordTable.load(frequencies))
        return Recognizer(Weights.load(first), Network.load(network, featurizer, vector_table.result()))


def recognize(doc_or_text: Document | str) -> list[Entity]:
    """Entities of a text or of a pipeline document, in text order."""
    doc = doc_or_text if isinstance(doc_or_text, Document) else Document(make_report(doc_or_text))
    return load().entities(doc)
