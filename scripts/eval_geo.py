"""Score geoparsing on the dev gold set (``make eval-geo``): exact GeoNames id, country, error in km.

Resolution is scored on the gold mention spans (as toponym resolution is usually scored); the resolver sees the
whole report as context and the report's source, never the gold ids. Prints the figures and rewrites the
"## Geoparsing" section of docs/evaluation.md.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import partial
from pathlib import Path

from rasd import pipeline
from rasd.geo import geoparse, resolve

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "geo_gold.jsonl"
HELDOUT = ROOT / "eval" / "geo_heldout.jsonl"
DOC = ROOT / "docs" / "evaluation.md"
SECTION = "## Geoparsing"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def correct(pred, gold: dict) -> bool:
    """Same GeoNames id; for curated regions, whose id is that of an enclosing unit, also the same entry."""
    if pred is None or pred.geonames_id != gold["geonames_id"]:
        return False
    return gold["feature"] not in ("region", "other") and pred.feature == gold["feature"] or pred.name == gold["name"]


def evaluate(gold: Path) -> dict:
    reports = [json.loads(line) for line in gold.read_text().splitlines()]
    counts: Counter = Counter()
    errors_km: list[float] = []
    mistakes = []
    for r in reports:
        spans = [(m["start"], m["end"]) for m in r["mentions"]]
        preds = resolve(r["text"], spans, source=r["source"])
        for m, p in zip(r["mentions"], preds):
            for group in ("all", m["kind"]):
                counts[group, "n"] += 1
                counts[group, "id"] += correct(p, m)
                counts[group, "country"] += p is not None and p.country == m["country"]
                counts[group, "none"] += p is None
            if p is not None:
                errors_km.append(km(p.lat, p.lon, m["lat"], m["lon"]))
            if not correct(p, m):
                mistakes.append((r["id"], m["text"], m["name"], p and f"{p.name} ({p.country}, {p.feature})"))
    return {"reports": len(reports), "counts": counts, "errors_km": errors_km, "mistakes": mistakes}


def end_to_end(gold: Path) -> list[str]:
    """Detection and resolution together: the pipeline's LOC entities against the gold place names, with and
    (when an NER stage exists) without the LOC entities the geo stage adds."""
    stages = [n for n in pipeline.load().stage_names if n in ("ner", "geo")]
    lines = [f"End to end (stages {' + '.join(stages)}, dev set), place names found as LOC entities / found with "
             "the right GeoNames entry / share of LOC entities that are gold place mentions (names or nisbas; "
             "places the guide leaves out, such as neighbourhoods, count as wrong):", ""]
    variants = [("geo stage as shipped", True)] + ([("without the LOC entities geo adds", False)]
                                                   if "ner" in stages else [])
    for label, add in variants:
        pipe = pipeline.load(stages)
        pipe.stages = [(n, partial(geoparse, add_places=add) if n == "geo" else s) for n, s in pipe.stages]
        n_gold = found = right = n_loc = overlapping = 0
        for line in gold.read_text().splitlines():
            r = json.loads(line)
            out = pipe(r["text"], source=r["source"], published=r["published"])
            locs = [e for e in out.entities if e.label == "LOC"]
            names = [m for m in r["mentions"] if m["kind"] == "name"]
            n_gold += len(names)
            for m in names:
                hits = [e for e in locs if e.start < m["end"] and m["start"] < e.end]
                found += bool(hits)
                right += any(correct(e.place, m) for e in hits)
            n_loc += len(locs)
            overlapping += sum(any(e.start < m["end"] and m["start"] < e.end for m in r["mentions"]) for e in locs)
        lines.append(f"- {label}: {found / n_gold:.3f} / {right / n_gold:.3f} / {overlapping / max(n_loc, 1):.3f} "
                     f"({n_gold} gold names, {n_loc} LOC entities)")
    return lines + [""]


def report(res: dict, title: str) -> list[str]:
    c = res["counts"]
    err = res["errors_km"]
    lines = [f"{title}: {res['reports']} Jawhara FM reports, {c['all', 'n']} toponym mentions "
             f"({c['name', 'n']} names, {c['nisba', 'n']} nisba adjectives).", "",
             "| mentions | n | exact GeoNames id | country | unresolved |", "|---|---|---|---|---|"]
    for group, label in (("all", "all"), ("name", "names"), ("nisba", "nisbas")):
        n = c[group, "n"] or 1
        lines.append(f"| {label} | {c[group, 'n']} | {c[group, 'id'] / n:.3f} | {c[group, 'country'] / n:.3f} | "
                     f"{c[group, 'none']} |")
    lines += ["", f"Mean error {sum(err) / max(len(err), 1):.1f} km, median "
              f"{sorted(err)[len(err) // 2] if err else 0:.1f} km over the {len(err)} resolved mentions.", ""]
    return lines


def write_section(body: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Evaluation\n"
    block = f"{SECTION}\n\n{body}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + block
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)


def main() -> None:
    dev, heldout = evaluate(DEV), evaluate(HELDOUT)
    lines = ["Resolution of the gold mention spans (eval/geo_gold.jsonl, eval/geo_heldout.jsonl; guide in "
             "docs/annotation.md), the resolver seeing the whole report and its source as context "
             "(`make eval-geo`).", ""]
    lines += report(dev, "Dev set")
    lines += ["The dev set's errors were looked at while tuning (priors, curated names such as Washington and "
              "Carthage, whose GeoNames entries lack an Arabic name), so it overstates accuracy on unseen news; "
              "the held-out set was annotated afterwards. Its first score was 0.964 exact id and 0.964 country (54 of "
              "56): \"الألمانية\" went to Minya (the nisba of a country whose name starts with ال, ألمانيا, was "
              "not derived) and \"خليجية\" was unknown. Both were fixed, so the figures below no longer come "
              "from untouched data; a fresh held-out set is needed for the next honest figure.", ""]
    lines += report(heldout, "Held-out set")
    lines += end_to_end(DEV)
    body = "\n".join(lines).rstrip()
    print(body)
    for name, res in (("dev", dev), ("held-out", heldout)):
        print(f"\nErrors ({name}):")
        for rid, surface, gold, pred in res["mistakes"]:
            print(f"  {rid}: {surface!r} gold {gold}, got {pred}")
    write_section(body)


if __name__ == "__main__":
    main()
