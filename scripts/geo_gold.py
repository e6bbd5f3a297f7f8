"""Turn the hand annotations eval/geo_gold.tsv (dev) and eval/geo_heldout.tsv into .jsonl files: exact offsets,
coordinates and countries.

Reads the reports from ../shared/data/news/ant_jawhara.jsonl. Every (GeoNames id, name) must exist in the
gazetteer, and every row must match at least once, else the script fails: a typo cannot make a silent gold entry.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from rasd.geo.gazetteer import FEATURES, load

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / ".." / "shared" / "data" / "news" / "ant_jawhara.jsonl"
SETS = ("geo_gold", "geo_heldout")


def main() -> None:
    for name in SETS:
        convert(ROOT / "eval" / f"{name}.tsv", ROOT / "eval" / f"{name}.jsonl")


def convert(tsv: Path, jsonl: Path) -> None:
    g = load()
    entry = {(i, n): k for k, (i, n) in enumerate(zip(g.ids, g.names))}
    rows: dict[str, list[list[str]]] = {}
    for line in tsv.read_text().splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            rows.setdefault(cols[0], []).append(cols)
    reports = {}
    with NEWS.open() as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in rows:
                reports[r["id"]] = r
    problems, out, total = [], [], 0
    for rid, rows_of_report in rows.items():
        r = reports.get(rid)
        if r is None:
            problems.append(f"{rid}: no such report")
            continue
        text, mentions = r["text"], []
        for _, surface, occurrences, gid, name, kind in rows_of_report:
            k = entry.get((int(gid), name))
            if k is None:
                problems.append(f"{rid}: {gid} {name!r} is not in the gazetteer")
                continue
            spans = [m.span(2) for m in re.finditer(r"(?<!\w)([وفبلك]{0,2})(" + re.escape(surface) + r")(?!\w)", text)]
            wanted = spans if occurrences == "*" else [spans[int(n) - 1] for n in occurrences.split(",")
                                                        if int(n) <= len(spans)]
            if not wanted or occurrences != "*" and len(wanted) != len(occurrences.split(",")):
                problems.append(f"{rid}: {surface!r} occurrences {occurrences} not found ({len(spans)} in text)")
            for start, end in wanted:
                mentions.append({"start": start, "end": end, "text": text[start:end], "geonames_id": int(gid),
                                 "name": name, "country": g.country(k), "lat": g.lat[k], "lon": g.lon[k],
                                 "feature": FEATURES[g.feature[k]], "kind": kind})
        mentions.sort(key=lambda m: m["start"])
        overlaps = [(a["text"], b["text"]) for a, b in zip(mentions, mentions[1:]) if b["start"] < a["end"]]
        if overlaps:
            problems.append(f"{rid}: overlapping mentions {overlaps}")
        total += len(mentions)
        out.append({"id": rid, "source": r.get("source"), "published": r.get("published"), "text": text,
                    "mentions": mentions})
    if problems:
        sys.exit("\n".join(problems))
    jsonl.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out))
    names = sum(m["kind"] == "name" for o in out for m in o["mentions"])
    print(f"{jsonl.name}: {len(out)} reports, {total} mentions ({names} names, {total - names} nisbas)")


if __name__ == "__main__":
    main()
