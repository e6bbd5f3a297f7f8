"""Measurement behind a design decision: does a learned filter on top of the trigger lexicon help?

A logistic regression (scikit-learn) decides for each event the lexicon proposes whether it is a true event
mention, from the words around its trigger, its type, modality and attribution. It is trained on the dev gold
(leave-one-report-out for the dev figure) and applied to the held-out test; F1 of (a) type with and without
the filter is printed side by side.

    python eval/events_classifier.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from events_eval import SETS, full_type, match, prf  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

import rasd  # noqa: E402
from rasd.text import normalize_key, sentences, tokenize  # noqa: E402


def features(text: str, event: dict) -> dict:
    words = [t for t in tokenize(text) if t.kind == "word"]
    starts = [w.start for w in words]
    i = next((k for k, s in enumerate(starts) if s >= event["trigger"]["start"]), len(words) - 1)
    prev = normalize_key(words[i - 1].text) if i else "<s>"
    nxt = normalize_key(words[i + 1].text) if i + 1 < len(words) else "</s>"
    return {"trigger=" + normalize_key(event["trigger"]["text"]): 1, "prev=" + prev: 1, "next=" + nxt: 1,
            "plover=" + event["plover"]: 1, "acled=" + str(event["acled_sub_type"]): 1,
            "modality=" + event["modality"]: 1, "attributed": float(bool(event["attribution"])),
            "first_sentence": float(event["sentence"]["start"] == 0), "actor1": float(bool(event["actor1"])),
            "located": float(bool(event["location"])), "score": event["score"]}


def labelled(reports: list[dict], nlp) -> list[tuple[dict, list[dict], list[tuple[dict, int]]]]:
    """Per report: gold, system events, and (features, label) per system event."""
    out = []
    for report in reports:
        system = json.loads(rasd.model.to_json(nlp(report["text"], published=report["published"])))["events"]
        pairs = match(report["events"], system, sentences(report["text"]), lambda g, s: g["plover"] == s["plover"])
        good = {j for _, j in pairs}
        out.append((report, system, [(features(report["text"], e), int(j in good)) for j, e in enumerate(system)]))
    return out


def type_f1(data, keep) -> float:
    tp = n_sys = n_gold = 0
    for report, system, _ in data:
        kept = [e for j, e in enumerate(system) if keep(report["id"], j)]
        tp += len(match(report["events"], kept, sentences(report["text"]), lambda g, s: full_type(g) == full_type(s)))
        n_sys += len(kept)
        n_gold += len(report["events"])
    return prf(tp, n_sys, n_gold)[2]


def train(rows):
    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in rows])
    model = LogisticRegression(C=1.0, max_iter=1000, class_weight="balanced").fit(x, [y for _, y in rows])
    return lambda f: model.predict_proba(vec.transform([f]))[0, 1]


def comparison(nlp) -> list[str]:
    """Markdown lines: (a) type F1 of the lexicon alone and with the learned filter, dev (leave-one-out) and test."""
    dev = labelled([json.loads(line) for line in SETS[0][1].open(encoding="utf-8")], nlp)
    test = labelled([json.loads(line) for line in SETS[1][1].open(encoding="utf-8")], nlp)
    decisions: dict[tuple[str, int], bool] = {}
    for k, (report, _, rows) in enumerate(dev):  # leave one report out
        prob = train([r for m, (_, _, rs) in enumerate(dev) if m != k for r in rs])
        for j, (f, _) in enumerate(rows):
            decisions[(report["id"], j)] = prob(f) >= 0.5
    prob = train([r for _, _, rs in dev for r in rs])
    for report, _, rows in test:
        for j, (f, _) in enumerate(rows):
            decisions[(report["id"], j)] = prob(f) >= 0.5
    negatives = sum(1 - y for _, _, rs in dev for _, y in rs)
    lines = [f"Learned filter on the lexicon's events (logistic regression on the words around the trigger, type, "
             f"modality, attribution; trained on the dev gold: {sum(len(rs) for _, _, rs in dev)} events of which "
             f"{negatives} false):", "", "| (a) type F1 | lexicon | lexicon + filter |", "|---|---|---|"]
    for name, data in (("dev (leave one report out)", dev), ("held-out test", test)):
        lines.append(f"| {name} | {type_f1(data, lambda i, j: True):.3f} | "
                     f"{type_f1(data, lambda i, j: decisions[(i, j)]):.3f} |")
    return lines


def main() -> None:
    print("\n".join(comparison(rasd.load())))


if __name__ == "__main__":
    main()
