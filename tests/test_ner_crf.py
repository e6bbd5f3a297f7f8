"""The numpy CRF decoder agrees with crfsuite, the cached scores equal the sum of the attributes' weights, and the
lexicon and frequency files read back what was written."""

import random

import numpy as np
import pycrfsuite
import pytest

from rasd import ner
from rasd.ner.crf import Weights, marginals, viterbi
from rasd.ner.features import Featurizer, Scorer
from rasd.ner.lexicon import WordTable, read_lexicon, write_lexicon


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory):
    """A crfsuite model of random sequences whose labels follow their attributes loosely (so that transitions
    and states both matter), and held-out sequences to tag."""
    rng = random.Random(7)
    labels = ["O", "B-X", "I-X", "B-Y"]

    def sequence():
        xs, ys = [], []
        for _ in range(rng.randint(1, 12)):
            y = rng.choice(labels)
            x = [f"a{rng.randint(0, 30)}", f"b{rng.randint(0, 5)}"]
            if rng.random() < 0.7:
                x.append(f"hint={y}")
            xs.append(x)
            ys.append(y)
        return xs, ys

    trainer = pycrfsuite.Trainer(verbose=False)
    for _ in range(300):
        trainer.append(*sequence())
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 60, "feature.possible_transitions": True})
    path = tmp_path_factory.mktemp("crf") / "toy.crfsuite"
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return path, tagger, [sequence()[0] for _ in range(200)]


def test_decoding_matches_crfsuite(toy_model, tmp_path):
    path, tagger, tests = toy_model
    weights = Weights.from_crfsuite(path)
    weights.save(tmp_path / "toy.npz")
    loaded = Weights.load(tmp_path / "toy.npz")
    assert loaded.index == weights.index and (loaded.matrix == weights.matrix).all()
    scores = [loaded.totals([loaded.ids(token) for token in xs]) for xs in tests]
    paths = viterbi(scores, loaded.transitions)
    probs = marginals(scores, loaded.transitions)
    for xs, path_, p in zip(tests, paths, probs):
        expected = tagger.tag(xs)
        assert [loaded.labels[k] for k in path_] == expected
        for i, label in enumerate(expected):
            assert p[i, loaded.labels.index(label)] == pytest.approx(tagger.marginal(label, i), abs=1e-5)
        assert np.allclose(p.sum(1), 1.0)


def test_unknown_attributes_weigh_nothing(toy_model):
    weights = Weights.from_crfsuite(toy_model[0])
    assert not weights.total(["never seen"]).any()
    assert (weights.totals([[], weights.ids(["a1", "never seen"])])[1] == weights.total(["a1"])).all()
    assert viterbi([], weights.transitions) == [] and marginals([], weights.transitions) == []


SENTENCES = [
    "قال مسؤول في وزارة الدفاع الأمريكية إن الولايات المتحدة تستعد لشن ضربات في درنة وسرت وبنغازي".split(),
    "وأعلن البنك الدولي وصندوق النقد الدولي عن قرض لتونس".split(),
    ["بنغازي"],
    "Reuters said on Monday".split(),
]


@pytest.mark.parametrize("words", SENTENCES)
def test_cached_scores_equal_the_attribute_weights(words):
    """What a Scorer adds up from cached word sums is what the attributes Featurizer.sentence builds weigh."""
    recognizer = ner.load()
    shipped = recognizer.featurizer
    featurizer = Featurizer(shipped.lexicon, shipped.clusters, shipped.frequencies)
    weights = recognizer.first.weights
    scorer = Scorer(featurizer, weights)
    marks = featurizer.phrase_marks([featurizer.describe(w) for w in words])
    expected = np.array([weights.total(attributes) for attributes in featurizer.sentence(words)])
    for _ in range(2):  # computed, then from the caches
        assert np.allclose(scorer.emissions(words, marks), expected, atol=1e-9)
    assert any(marks for marks in featurizer.phrase_marks([featurizer.describe(w) for w in SENTENCES[1]]))


def test_phrase_marks_take_the_longest_name_that_fits_in_the_sentence():
    lexicon = {"مجلس الامن": ("org",), "مجلس الامن الدولي": ("org",), "الامم المتحده": ("org",)}
    featurizer = Featurizer(lexicon, WordTable.of({}), WordTable.of({}))

    def marks(words):
        return featurizer.phrase_marks([featurizer.describe(w) for w in words])

    assert marks(["اجتمع", "مجلس", "الأمن", "الدولي", "أمس"]) == [
        (), ("ph=org-B",), ("ph=org-I",), ("ph=org-I",), ()]
    assert marks(["اجتمع", "مجلس", "الأمن"]) == [(), ("ph=org-B",), ("ph=org-I",)]  # the longer one does not fit
    assert marks(["وبمجلس", "الأمن"]) == [("ph=org-B",), ("ph=org-I",)]  # the first word's stem matches
    assert marks(["مجلس"]) == [()] and marks(["الأمم", "المتحدة"])[0] == ("ph=org-B",)


def test_lexicon_round_trip(tmp_path):
    gazetteers = {"city": {"بنغازي", "درنه"}, "country": {"ليبيا"}, "org": {"البنك الدولي"}, "org_part": {"البنك"}}
    write_lexicon(tmp_path / "lexicon.msgpack.gz", gazetteers)
    assert read_lexicon(tmp_path / "lexicon.msgpack.gz") == {
        "بنغازي": ("city",), "درنه": ("city",), "ليبيا": ("country",), "البنك الدولي": ("org",), "البنك": ("org_part",),
    }


def test_word_table_round_trip(tmp_path):
    missing = WordTable.MISSING
    table = WordTable.of({"بنغازي": (3, 41, 207), "قال": (1, 9, 77), "ليبيا": (3, missing, 207)})
    table.save(tmp_path / "clusters.npz")
    loaded = WordTable.load(tmp_path / "clusters.npz")
    assert [loaded.get(w) for w in ("بنغازي", "ليبيا", "درنه")] == [(3, 41, 207), (3, missing, 207), None]


def test_clusters_come_from_the_word_else_its_stem_and_skip_missing_ids():
    missing = WordTable.MISSING
    clusters = WordTable.of({"وبنغازي": (5, missing), "بنغازي": (3, 8), "ليبيا": (2, missing)})
    featurizer = Featurizer({}, clusters, WordTable.of({}))
    own = {w: [f for f in featurizer.describe(w)[0] if f.startswith("c")] for w in ("وبنغازي", "ليبيا", "درنة")}
    assert own == {"وبنغازي": ["c0=5", "c1=8"], "ليبيا": ["c0=2"], "درنة": []}


def test_shipped_frequency_bands_rank_common_words_above_names():
    bands = ner.load().featurizer.frequencies
    assert len(bands.hashes) > 500_000
    said, government, city, foreign = (bands.get(w) for w in ("قال", "الحكومه", "بنغازي", "جوتشولك"))
    assert said < government < city and foreign is None
