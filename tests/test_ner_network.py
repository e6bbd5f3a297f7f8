"""The numpy BiLSTM-CRF computes what a plain reading of torch's layers computes, and the document votes count the
other mentions of a stem."""

import numpy as np
import pytest

from rasd import ner
from rasd.ner.features import Featurizer
from rasd.ner.lexicon import WordTable
from rasd.ner.network import CATEGORIES, VECTOR_SCALE, Network, WordEncoder, document_votes

HIDDEN, CHAR_DIM, FILTERS, CATEGORY_DIM, ARTICLE_DIM, CONTEXT, MEMBERS = 5, 3, 4, 2, 2, 7, 2
LABELS = ["O", "B-LOC", "I-LOC"]
SENTENCES = [["قال", "مسؤول", "في", "وبنغازي", "إن", "البنك", "الدولي"], ["درنة"], ["الرئيس", "Obama", "2013"]]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.fixture(scope="module")
def toy():
    """An ensemble of networks with random weights, and the torch-layout weights of each member."""
    rng = np.random.default_rng(3)
    lexicon = {"بنغازي": ("city",), "البنك الدولي": ("org",), "البنك": ("org_part",)}
    featurizer = Featurizer(lexicon, WordTable.of({}), WordTable.of({"قال": (3,), "في": (1,)}))
    with_vectors = ("قال", "بنغازي", "وبنغازي", "البنك", "درنه")
    vectors = WordTable.of({w: tuple(rng.integers(-127, 128, 6)) for w in with_vectors}, dtype=np.int8)
    words = {w for s in SENTENCES for w in s}
    encoder = WordEncoder(featurizer, vectors, WordEncoder.vocabulary_of(featurizer, words - {"Obama"}))
    static = (2 * 6 + FILTERS + len(CATEGORIES) * CATEGORY_DIM + ARTICLE_DIM + len(encoder.gazetteer_ids))
    size = static + CONTEXT

    def weights(*shape):
        return rng.normal(0, 0.5, shape).astype(np.float32)

    def member():
        """One network's weights in torch's layout (its Conv1d as "conv")."""
        return {
            "char_embedding": weights(len(encoder.char_ids) + 2, CHAR_DIM), "conv": weights(FILTERS, CHAR_DIM, 3),
            "char_conv_b": weights(FILTERS), "article_embedding": weights(2, ARTICLE_DIM),
            **{f"{d}_w_ih": weights(4 * HIDDEN, size) for d in ("forward", "backward")},
            **{f"{d}_w_hh": weights(4 * HIDDEN, HIDDEN) for d in ("forward", "backward")},
            **{f"{d}_b": weights(4 * HIDDEN) for d in ("forward", "backward")},
            "output": weights(len(LABELS), 2 * HIDDEN), "output_b": weights(len(LABELS)),
            "transitions": weights(len(LABELS), len(LABELS)),
            **{f"{k}_embedding": weights(len(encoder.category_ids[k]) + 1, CATEGORY_DIM) for k in CATEGORIES},
        }

    members = [member() for _ in range(MEMBERS)]
    shipped = {k: np.stack([m[k] for m in members]) for k in members[0] if k != "conv"}
    # as scripts/ner_network.py exports it
    shipped["char_conv"] = np.stack([m["conv"].transpose(2, 1, 0).reshape(-1, FILTERS) for m in members])
    shipped["context_size"] = np.array(CONTEXT)
    return Network(shipped, encoder, LABELS), members


def _reference(network: Network, members: list[dict], words: list[str], context: np.ndarray) -> np.ndarray:
    """Emissions of one sentence: the mean over the members of each one's, step by step as torch defines its
    layers."""
    return np.mean([_one_member(network, w, words, context) for w in members], axis=0)


def _one_member(network: Network, w: dict, words: list[str], context: np.ndarray) -> np.ndarray:
    rows = []
    for word, ctx in zip(words, context):
        word_row, stem_row, chars, categories, gazetteers = network.encoder.encode(word)
        vectors = [network.encoder.vectors.rows[r] / VECTOR_SCALE if r >= 0 else np.zeros(6) for r in
                   (word_row, stem_row)]
        embedded = w["char_embedding"][chars]
        padded = np.vstack([np.zeros(CHAR_DIM), embedded, np.zeros(CHAR_DIM)])
        convolved = [np.maximum(sum(w["conv"][:, :, k] @ padded[p + k] for k in range(3)) + w["char_conv_b"], 0)
                     for p in range(len(chars))]
        flags = np.zeros(len(network.encoder.gazetteer_ids))
        flags[gazetteers] = 1
        rows.append(np.concatenate([*vectors, np.max(convolved, axis=0),
                                    *(w[f"{k}_embedding"][i] for k, i in zip(CATEGORIES, categories)),
                                    w["article_embedding"][categories[-1]], flags, ctx]))

    def run(direction, inputs):
        h, c, out = np.zeros(HIDDEN), np.zeros(HIDDEN), []
        for x in inputs:
            i, f, g, o = np.split(w[f"{direction}_w_ih"] @ x + w[f"{direction}_w_hh"] @ h + w[f"{direction}_b"], 4)
            c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
            h = _sigmoid(o) * np.tanh(c)
            out.append(h)
        return out

    hidden = np.hstack([run("forward", rows), run("backward", rows[::-1])[::-1]])
    return hidden @ w["output"].T + w["output_b"]


def test_numpy_network_matches_a_plain_reading_of_the_layers(toy):
    network, members = toy
    rng = np.random.default_rng(5)
    contexts = [rng.random((len(s), CONTEXT)).astype(np.float32) for s in SENTENCES]
    for _ in range(2):  # computed, then from the cache of word projections
        found = network.emissions(SENTENCES, contexts)
        for words, context, scores in zip(SENTENCES, contexts, found):
            assert scores.shape == (len(words), len(LABELS))
            assert np.allclose(scores, _reference(network, members, words, context), atol=1e-4)
    alone = network.emissions([SENTENCES[1]], [contexts[1]])[0]  # padding in a batch changes nothing
    assert np.allclose(alone, found[1], atol=1e-5)


def test_encoder_reads_the_stem_vector_and_the_gazetteers(toy):
    network, _ = toy
    encoder = network.encoder
    word_row, stem_row, chars, categories, gazetteers = encoder.encode("وبنغازي")
    assert (word_row, stem_row) == (encoder.vectors.find("وبنغازي"), encoder.vectors.find("بنغازي")) != (None, None)
    assert encoder.encode("فبنغازي")[:2] == (stem_row, stem_row)  # a word without a vector: its stem's
    assert [encoder.vocabulary["gazetteers"][g] for g in gazetteers] == ["city"]
    assert encoder.encode("مسؤول")[:2] == (-1, -1)
    assert categories[CATEGORIES.index("pro")] == encoder.category_ids["pro"]["و"]
    assert encoder.encode("البنك")[3][-1] == 1  # the article
    marks = encoder.featurizer.phrase_marks([encoder.featurizer.describe(w) for w in SENTENCES[0]])
    phrases = encoder.phrase_inputs(marks)
    org = encoder.phrase_ids["org"]
    assert phrases[5, 2 * org] == 1 and phrases[6, 2 * org + 1] == 1 and phrases[:5].sum() == 0


def test_network_saves_and_loads(toy, tmp_path):
    network, _ = toy
    network.save(tmp_path / "network.npz")
    loaded = Network.load(tmp_path / "network.npz", network.encoder.featurizer, network.encoder.vectors)
    assert loaded.labels == LABELS and loaded.encoder.vocabulary == network.encoder.vocabulary
    assert np.allclose(loaded.transitions, np.mean([m["transitions"] for m in toy[1]], axis=0))
    contexts = [np.ones((len(s), CONTEXT), np.float32) for s in SENTENCES]
    for a, b in zip(loaded.emissions(SENTENCES, contexts), network.emissions(SENTENCES, contexts)):
        assert np.allclose(a, b, atol=1e-6)


def test_document_votes_count_the_other_mentions_of_a_stem():
    stems = [["قال", "انان"], ["انان"], ["انان"], ["انان"]]
    labels = [["O", "PER"], ["O"], ["PER"], ["PER"]]
    votes = document_votes(stems, labels, window=1)
    assert votes[0].tolist() == [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1]]  # its neighbour said O; "قال" is alone
    assert votes[1][0].tolist() == [1, 0, 0, 0, 0, 1]  # both neighbours say PER; itself not counted
    assert votes[3][0].tolist() == [1, 0, 0, 0, 0, 1]  # the first sentence is out of the window


def test_shipped_vectors_cover_the_bigram_vocabulary():
    recognizer = ner.load()
    assert recognizer.network.encoder.vectors.rows.dtype == np.int8
    assert len(recognizer.network.encoder.vectors.hashes) > 200_000
