"""Exact-value evaluation of rasd.time and rasd.quantities on the hand-checked sentence sets in tests/data.

Each case is a real news sentence (ANT corpus, Jawhara FM) with its publication date and every expected date or
quantity. An expected item is matched to the predicted span that overlaps it most; it is correct when every field
agrees (dates: value, precision, calendar, relative; quantities: value, kind, unit). A sentence is exact when all its
items are correct and nothing else is predicted. Prints the figures per split (dev: the sentences the rules were
written on; heldout*: sentences labelled afterwards) and, with --write, rewrites the "## Time and
quantities" section of docs/evaluation.md.

    python scripts/eval_time.py [--write] [--misses] [--check 95]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.quantities import find_quantities  # noqa: E402
from rasd.time import find_times  # noqa: E402

DATA = ROOT / "tests" / "data"
DOC = ROOT / "docs" / "evaluation.md"
SECTION = "## Time and quantities"
TIME_FIELDS = ("value", "precision", "calendar", "relative")
QUANTITY_FIELDS = ("value", "kind", "unit")


def load(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same(field: str, expected, predicted) -> bool:
    if field == "value" and isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(predicted, (int, float)) and abs(expected - predicted) <= 1e-6 * max(1.0, abs(expected))
    return expected == predicted


def score_case(case: dict, predicted: list[dict], fields: tuple[str, ...]) -> tuple[set[int], int, int, bool]:
    """(indices of the correct predictions, expected items, predicted items, sentence exact)."""
    used: set[int] = set()
    correct: set[int] = set()
    for e in case["expected"]:
        start, end = e["start"], e["start"] + len(e["text"])
        best, overlap = None, 0
        for i, p in enumerate(predicted):
            o = min(end, p["end"]) - max(start, p["start"])
            if i not in used and o > overlap:
                best, overlap = i, o
        if best is not None:
            used.add(best)
            if all(same(f, e[f], predicted[best][f]) for f in fields):
                correct.add(best)
    n_exp, n_pred = len(case["expected"]), len(predicted)
    return correct, n_exp, n_pred, len(correct) == n_exp == n_pred


def evaluate(cases: list[dict], predict, fields) -> tuple[dict[str, dict], list[tuple[dict, list[dict]]]]:
    totals: dict[str, dict] = {}
    misses = []
    for case in cases:
        predicted = predict(case)
        correct, n_exp, n_pred, exact = score_case(case, predicted, fields)
        for split in (case["split"], "all"):
            t = totals.setdefault(split, {"cases": 0, "exact": 0, "correct": 0, "expected": 0, "predicted": 0,
                                          "duals": 0, "duals_correct": 0, "duals_expected": 0})
            t["cases"] += 1
            t["exact"] += exact
            t["correct"] += len(correct)
            t["expected"] += n_exp
            t["predicted"] += n_pred
            duals = [i for i, p in enumerate(predicted) if is_dual(p["text"])]
            t["duals"] += len(duals)
            t["duals_correct"] += len(set(duals) & correct)
            t["duals_expected"] += sum(is_dual(e["text"]) for e in case["expected"])
        if not exact:
            misses.append((case, predicted))
    return totals, misses


DUAL = re.compile(r"^\D+(?:تين|تان|ين|ان)(?:\s+\S+)?$")


def is_dual(text: str) -> bool:
    """A quantity written as a dual noun ("طائرتين"), not with a number."""
    return bool(DUAL.match(text)) and not any(w in text for w in ("ألف", "مليون", "مليار", "اثن"))


def predict_times(case):
    return [{"start": t.start, "end": t.end, "text": t.text, "value": t.value, "precision": t.precision,
             "calendar": t.calendar, "relative": t.relative} for t in find_times(case["sentence"], case["published"])]


def predict_quantities(case):
    return [{"start": q.start, "end": q.end, "text": q.text, "value": q.value, "kind": q.kind, "unit": q.unit}
            for q in find_quantities(case["sentence"])]


def rows(title: str, totals: dict[str, dict]) -> list[str]:
    out = []
    for split in ("dev", "heldout", "heldout2", "heldout3", "all"):
        t = totals.get(split)
        if not t:
            continue
        p = t["correct"] / t["predicted"] if t["predicted"] else 0.0
        r = t["correct"] / t["expected"] if t["expected"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out.append(f"| {title} | {split} | {t['cases']} | {t['expected']} | {100 * t['exact'] / t['cases']:.1f} % "
                   f"| {100 * p:.1f} % | {100 * r:.1f} % | {100 * f:.1f} % |")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the section of docs/evaluation.md")
    parser.add_argument("--misses", action="store_true", help="print the sentences that are not exact")
    parser.add_argument("--check", type=float, metavar="PERCENT",
                        help="exit 1 unless both sets reach this share of exact sentences")
    args = parser.parse_args()
    time_cases, quantity_cases = load("time_cases.jsonl"), load("quantity_cases.jsonl")
    started = time.perf_counter()
    time_totals, time_misses = evaluate(time_cases, predict_times, TIME_FIELDS)
    quantity_totals, quantity_misses = evaluate(quantity_cases, predict_quantities, QUANTITY_FIELDS)
    elapsed = time.perf_counter() - started
    table = ["| set | split | sentences | expected items | exact sentences | precision | recall | F1 |",
             "|---|---|---|---|---|---|---|---|",
             *rows("dates", time_totals), *rows("quantities", quantity_totals)]
    duals = quantity_totals["all"]
    dual_line = (f"Dual nouns (طائرتين = 2): {duals['duals']} found, {duals['duals_correct']} correct "
                 f"(precision {100 * duals['duals_correct'] / max(1, duals['duals']):.1f} %), "
                 f"{duals['duals_expected']} expected.")
    table.append("")
    table.append(dual_line)
    print("\n".join(table))
    print(f"({elapsed:.2f} s)")
    if args.misses:
        for case, predicted in time_misses + quantity_misses:
            print("\n" + case["sentence"])
            print("  expected:", [(e["text"], *(e.get(f) for f in TIME_FIELDS + QUANTITY_FIELDS if f in e))
                                  for e in case["expected"]])
            print("  got:     ", [(p["text"], *(p.get(f) for f in TIME_FIELDS + QUANTITY_FIELDS if f in p))
                                  for p in predicted])
    if args.write:
        write_section(table)
    if args.check is not None:
        for name, totals in (("dates", time_totals), ("quantities", quantity_totals)):
            share = 100 * totals["all"]["exact"] / totals["all"]["cases"]
            if share < args.check:
                print(f"{name}: {share:.1f} % exact sentences < {args.check} %", file=sys.stderr)
                return 1
    return 0


def write_section(table: list[str]) -> None:
    text = [
        SECTION,
        "",
        "`make eval-time` (scripts/eval_time.py) on hand-checked real sentences of the ANT corpus (Jawhara FM):",
        "tests/data/time_cases.jsonl and tests/data/quantity_cases.jsonl (sentence, publication date, every expected",
        "date or quantity). *dev* sentences were read while the rules were written; *heldout*, *heldout2* and",
        "*heldout3* sentences were labelled afterwards, in three rounds. An item is correct when all its fields are",
        "exact (dates: value, precision, calendar, relative; quantities: value, kind, unit); a sentence is exact when",
        "all its items are and nothing else is found.",
        "",
        *table,
        "",
        "On their first reading, before any rule was changed for them, the held-out rounds scored (exact sentences,",
        "dates / quantities): *heldout* 95.7 % / 86.5 %, *heldout2* 86.1 % / 90.9 %, *heldout3* 95.7 % / 79.5 %.",
        "The rules were then corrected on what each round missed (\"من مواليد 1973\", \"عدد 107 أشخاص\",",
        "\"2 فاصل 7 كلم\", ordinal days, \"1437 هجري\", nautical miles, \"قتل ما لا يقل عن 40\", kWh...), so all",
        "splits are now development data: the first readings, roughly 86-96 % for dates and 80-91 % for",
        "quantities, are the fair estimate on unseen text.",
        "Left out: typos (\"ديسمير\", \"ثماينة\", \"أشرفالأربعاء\"), anaphoric dates (\"من نفس الشهر\",",
        "\"هذا اليوم\"), a weekday whose future is told far from it. Outside the sets, random samples of the whole",
        "corpus checked by hand: dual nouns 59 of 60 right, all quantities 56 of 60 right (before the fixes for the",
        "misses: \"واحد من الساعة\", \"سنة 1630\", \"من 10 إلى 12 ألف سنة\", \"2 أمس\").",
        "Speed: bench/results/time_speed.txt.",
        "",
    ]
    doc = DOC.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    DOC.write_text(pattern.sub(lambda _: "\n".join(text) + "\n", doc, count=1), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
