"""Turn the hand annotation eval/events_gold.ann into eval/events_gold.jsonl with exact character offsets.

The annotation names spans by their words (see the header of events_gold.ann); this script finds them in the report
text, so that offsets are computed, never typed. It reads the reports from ../shared (build-time only).

    python eval/build_events_gold.py [events_gold|events_test]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.events.lexicon import ACLED  # noqa: E402

SHARED = ROOT / ".." / "shared"
NEWS = SHARED / "data" / "news" / "ant_jawhara.jsonl"
SEED = ROOT / "tests" / "data" / "seed_report.txt"
SEED_META = {"id": "seed", "published": "2013-09-02", "source": "بوابة افريقيا", "title": None}

PROCLITICS = {"و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ول", "وب", "فب", "فل", "س", "وس",
              "وبال", "ولل", "فلل"}
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


def occurrences(text: str, words: str) -> list[int]:
    """Start offsets of ``words`` in ``text`` that begin a word, possibly after proclitics (و، ب، ال ...)."""
    found = []
    for m in re.finditer(re.escape(words), text):
        i = m.start()
        j = i
        while j > 0 and ARABIC_LETTER.match(text[j - 1]):
            j -= 1
        if j == i or text[j:i] in PROCLITICS:
            found.append(i)
    return found


def locate(text: str, ref: str, near: int | None) -> tuple[int, int]:
    """The span named ``words#n`` (n-th occurrence) or ``words`` (occurrence nearest to ``near``)."""
    words, _, nth = ref.partition("#")
    starts = occurrences(text, words)
    if not starts:
        raise ValueError(f"{words!r} not found")
    if nth:
        start = starts[int(nth) - 1]
    elif near is None:
        start = starts[0]
    else:
        start = min(starts, key=lambda s: abs(s - near))
    return start, start + len(words)


def span(text: str, start: int, end: int, **fields) -> dict:
    return {"start": start, "end": end, "text": text[start:end], **fields}


def parse_event(text: str, line: str) -> dict:
    fields = [f.strip() for f in line.split("|")]
    if len(fields) != 10:
        raise ValueError(f"expected 10 fields: {line}")
    trig, plover, acled, modality, date, loc, a1, a2, fat, attrib = fields
    t0, t1 = locate(text, trig, None)
    acled_type, acled_sub = ACLED[acled]
    event = {"plover": plover, "acled_type": acled_type, "acled_sub_type": acled_sub,
             "trigger": span(text, t0, t1), "modality": modality, "date": None if date == "-" else date,
             "location": None, "actor1": None, "actor2": None,
             "fatalities": None if fat == "-" else int(fat), "attribution": []}
    if loc != "-":
        gid, _, words = loc.partition(":")
        words, _, km = words.partition("+")
        s, e = locate(text, words, t0)
        event["location"] = span(text, s, e, geonames_id=int(gid), offset_km=float(km) if km else None)
    for key, value in (("actor1", a1), ("actor2", a2)):
        if value != "-":
            words, _, actor_id = value.partition("=")
            s, e = locate(text, words, t0)
            event[key] = span(text, s, e, actor_id=actor_id or None)
    if attrib != "-":
        for item in attrib.split(">"):
            words, _, kind = item.strip().rpartition(":")
            s, e = locate(text, words, t0)
            event["attribution"].append(span(text, s, e, kind=kind))
    return event


def load_reports(ids: set[str]) -> dict[str, dict]:
    reports = {}
    with open(NEWS, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in ids and d["id"] not in reports:
                reports[d["id"]] = {k: d.get(k) for k in ("id", "title", "published", "source", "text")}
    if "seed" in ids:
        reports["seed"] = {**SEED_META, "text": SEED.read_text(encoding="utf-8")}
    return reports


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "events_gold"  # events_gold (dev) or events_test (held out)
    blocks: list[tuple[str, list[str]]] = []
    for raw in (ROOT / "eval" / f"{name}.ann").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@doc "):
            blocks.append((line[5:].strip(), []))
        else:
            blocks[-1][1].append(line)
    reports = load_reports({doc_id for doc_id, _ in blocks})
    out = []
    errors = 0
    for doc_id, lines in blocks:
        report = dict(reports[doc_id])
        report["events"] = []
        for line in lines:
            try:
                report["events"].append(parse_event(report["text"], line))
            except (ValueError, IndexError, KeyError) as exc:
                errors += 1
                print(f"{doc_id}: {exc}: {line}", file=sys.stderr)
        out.append(report)
    with open(ROOT / "eval" / f"{name}.jsonl", "w", encoding="utf-8") as f:
        for report in out:
            f.write(json.dumps(report, ensure_ascii=False) + "\n")
    n_events = sum(len(r["events"]) for r in out)
    print(f"{len(out)} reports, {n_events} events, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
