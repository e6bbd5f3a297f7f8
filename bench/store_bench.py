"""Store benchmark: ingest throughput (with and without extraction) and search latency over a 200k-report database.

The database is synthetic: the ANT news corpus (../shared, else the bundled sample) replicated with variations
(sentences shuffled and mixed with another report's, some words swapped, dates moved), stored without extraction.
It is kept in bench/.cache (reused when it already holds the requested number of reports).

    python bench/store_bench.py [--reports 200000] [--fresh]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

from rasd.inputs import read_records
from rasd.model import ACLED_SUB_TYPES, Actor, ActorMention, Event, Location, Place, Report, SentenceRef, Span, Time
from rasd.pipeline import Pipeline, load
from rasd.store import EventFilter, open_store
from rasd.store.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SHARED_NEWS = ROOT / ".." / "shared" / "data" / "news" / "ant_jawhara.jsonl"
SAMPLE = ROOT / "data" / "sample" / "jawhara_sample.jsonl"
CACHE = ROOT / "bench" / ".cache"

QUERIES = {
    "frequent word": ["تونس", "الحكومة", "رئيس", "وزير", "اليوم"],
    "medium word": ["الانتخابات", "البرلمان", "الإرهاب", "المنتخب", "الجامعة", "النهضة", "الامنية", "صفاقس"],
    "rare word": ["القيروان", "بنزرت", "الاتحاد الأوروبي", "قطر", "الجزائر", "المهرجان", "الفلاحة", "الزيتون"],
    "spelling variant": ["اسامة", "الامن", "مسؤول", "إنتخابات", "الى"],
    "with clitic": ["وتونس", "بالحكومة", "للانتخابات", "والبرلمان"],
    "prefix": ["تون*", "انتخ*", "حكوم*", "برلم*"],
    "phrase": ['"رئيس الحكومة"', '"نداء تونس"', '"وزارة الداخلية"', '"مجلس نواب الشعب"'],
    "boolean": ["تونس OR ليبيا", "الحكومة NOT البرلمان", "(النهضة OR النداء) الانتخابات", "title:تونس"],
}


def base_reports() -> list[Report]:
    path = SHARED_NEWS if SHARED_NEWS.exists() else SAMPLE
    return [r for _, r in read_records([str(path)]) if r.text]


def synthetic(bases: list[Report], n: int, seed: int = 7):
    """``n`` distinct reports made from ``bases``: sentences shuffled and mixed, ~8% of words swapped, dates moved."""
    rng = random.Random(seed)
    vocabulary = sorted({w for r in bases[:2000] for w in r.text.split() if len(w) > 3})
    for i in range(n):
        base = bases[i % len(bases)]
        other = bases[rng.randrange(len(bases))]
        sentences = [s for s in re.split(r"(?<=[.!؟])\s+", base.text) if s]
        rng.shuffle(sentences)
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(re.split(r"(?<=[.!؟])\s+", other.text)))
        words = " ".join(sentences).split(" ")
        for j in rng.sample(range(len(words)), k=max(1, len(words) // 12)):
            words[j] = rng.choice(vocabulary)
        day = f"{rng.randrange(2012, 2021)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        text = " ".join(words)
        yield f"synthetic:{i}", Report(id=f"{base.id}~{i // len(bases)}", title=base.title, source=base.source,
                                       url=base.url, published=day, text=text, events=_events(text, day, rng))


PLACES = [Place(geonames_id=g, name=n, name_ar=a, lat=la, lon=lo, country=c, admin1=n, feature="city", score=0.9)
          for g, n, a, la, lo, c in [(2464470, "Tunis", "تونس", 36.82, 10.17, "TN"),
                                     (2210247, "Tripoli", "طرابلس", 32.89, 13.19, "LY"),
                                     (88319, "Benghazi", "بنغازي", 32.12, 20.07, "LY"),
                                     (2467454, "Sfax", "صفاقس", 34.74, 10.76, "TN"),
                                     (170063, "Aleppo", "حلب", 36.2, 37.16, "SY"),
                                     (360630, "Cairo", "القاهرة", 30.06, 31.25, "EG")]]
ACTORS = [Actor(id=i, name=n, kind=k, country=c) for i, n, k, c in [
    ("tn-gov", "Government of Tunisia", "government", "TN"), ("ly-lna", "Libyan National Army", "military", "LY"),
    ("tn-police", "Police Forces of Tunisia", "police", "TN"), ("civilians", "Civilians", "civilians", None),
    ("eg-gov", "Government of Egypt", "government", "EG"), ("sy-rebels", "Syrian rebels", "armed_group", "SY")]]
KINDS = [(p, t, s) for t, subs in ACLED_SUB_TYPES.items() for s in subs
         for p in {"Battles": ["ASSAULT"], "Protests": ["PROTEST"], "Riots": ["PROTEST"]}.get(t, ["COERCE", "AGREE"])]


def _events(text: str, day: str, rng: random.Random) -> list[Event]:
    """0 to 3 made-up events anchored on words of the text, so the events table has a realistic size and spread."""
    words = [m.span() for m in re.finditer(r"\w{3,}", text)]
    events = []
    for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
        (ts, te), (ls, le), (a1s, a1e) = rng.sample(words, 3)
        plover, acled, sub = rng.choice(KINDS)
        events.append(Event(
            plover=plover, acled_type=acled, acled_sub_type=sub, trigger=Span.of(text, ts, te),
            sentence=SentenceRef(start=0, end=len(text)), modality="asserted",
            date=Time.of(text, ts, te, value=day, precision="day") if rng.random() < 0.7 else None,
            location=Location.of(text, ls, le, place=rng.choice(PLACES)),
            actor1=ActorMention.of(text, a1s, a1e, actor=rng.choice(ACTORS)),
            fatalities=rng.choice([None, None, 0, 1, 2, 5]), score=round(rng.random(), 3)))
    return events


def build(db: Path, n: int, bases: list[Report]) -> dict:
    """Bulk ingest without extraction, once: the figures of the build are kept beside the database."""
    figures = db.with_suffix(".json")
    with open_store(db) as store:
        if store.stats(top=1).reports >= n and figures.exists():
            return json.loads(figures.read_text())
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = ingest(store, synthetic(bases, n), Pipeline([]), workers=1, batch_size=2000,
                         on_progress=lambda s: print(f"\r  built {s.stored + s.skipped:,}/{n:,}", end="",
                                                     file=sys.stderr, flush=True))
        print(file=sys.stderr)
        result = {"rate": summary.stored / (time.perf_counter() - started),
                  "cpu_rate": summary.stored / (time.process_time() - started_cpu),
                  "load": os.getloadavg()[0], "near_duplicates": summary.near_duplicates}
    figures.write_text(json.dumps(result))
    return result


def bulk_throughput(bases: list[Report], n: int = 5000) -> tuple[float, float]:
    """(wall-clock, CPU) reports/s of ingesting ``n`` new reports without extraction into a fresh database."""
    db = CACHE / "bulk.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    reports = list(synthetic(bases, n, seed=11))
    with open_store(db) as store:
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = ingest(store, reports, Pipeline([]), workers=1, batch_size=2000)
        return summary.stored / (time.perf_counter() - started), summary.stored / (time.process_time() - started_cpu)


def extraction_throughput(bases: list[Report], workers: int, n: int = 400) -> tuple[float, float, list[str]]:
    """(pipeline alone, pipeline + store) in reports/s over ``n`` sample reports, every registered stage."""
    pipeline = load()
    for _ in pipeline.pipe(_unprocessed(bases[n:n + 50]), workers=1):  # load models and data before timing
        pass
    started = time.perf_counter()
    for _ in pipeline.pipe(_unprocessed(bases[:n]), workers=workers):
        pass
    alone = n / (time.perf_counter() - started)
    db = CACHE / "extract.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open_store(db) as store:
        summary = ingest(store, ((f"bench:{i}", r) for i, r in enumerate(_unprocessed(bases[:n]))), pipeline,
                         workers=workers)
    return alone, summary.rate, pipeline.stage_names


def _unprocessed(reports: list[Report]) -> list[Report]:
    """Fresh copies (stages fill the lists of the reports they are given)."""
    return [Report(id=r.id, title=r.title, source=r.source, url=r.url, published=r.published, text=r.text)
            for r in reports]


FILTERS = {
    "country + since": EventFilter(countries=["LY"], since="2016-01"),
    "type": EventFilter(types=["Battles"]),
    "sub-type + until": EventFilter(types=["Peaceful protest"], until="2013-06"),
    "actor id": EventFilter(actor="ly-lna"),
    "actor name": EventFilter(actor="national army"),
    "place name": EventFilter(place="بنغازي"),
    "all, by score": EventFilter(sort="score"),
    "day range": EventFilter(since="2015-03-01", until="2015-03-31"),
}


def events_latency(db: Path, repeat: int = 5) -> dict[str, list[float]]:
    """First page (50 events) of each filter, in ms."""
    timings: dict[str, list[float]] = {}
    with open_store(db) as store:
        for name, where in FILTERS.items():
            list(store.events(where))
            for _ in range(repeat):
                started = time.perf_counter()
                list(store.events(where))
                timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return timings


def search_latency(db: Path, repeat: int = 5) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per kind of query: wall-clock and CPU milliseconds of ``store.search(q, limit=10)``."""
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    with open_store(db) as store:
        for queries in QUERIES.values():  # warm the page cache once
            for q in queries:
                store.search(q, limit=10)
        for kind, queries in QUERIES.items():
            for q in queries:
                for _ in range(repeat):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    store.search(q, limit=10)
                    wall.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
                    cpu.setdefault(kind, []).append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def _table(title: str, timings: dict[str, list[float]]) -> list[float]:
    every = [t for ts in timings.values() for t in ts]
    print(title + ":")
    print(f"  {'queries':<18} {'n':>4} {'p50':>8} {'p95':>8} {'max':>8}")
    for kind, ts in [*timings.items(), ("all", every)]:
        print(f"  {kind:<18} {len(ts):>4} {statistics.median(ts):>8.1f} {pct(ts, 95):>8.1f} {max(ts):>8.1f}")
    return every


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the synthetic database")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"synthetic-{args.reports}.db"
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    bases = base_reports()
    cores = os.cpu_count() or 1

    print(f"rasd store benchmark: {args.reports:,} synthetic reports from {len(bases):,} base reports; {cores} cores")
    built = build(db, args.reports, bases)
    size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
    cpu = f"{built['cpu_rate']:,.0f}" if built.get("cpu_rate") else "(not recorded)"
    load = f"{built['load']:.1f}" if built.get("load") else "(not recorded)"
    print(f"building it without extraction (2000 reports/transaction): {built['rate']:,.0f} reports/s wall-clock "
          f"(load average {load}), {cpu} reports/s of CPU; database "
          f"{size / 2**20:,.0f} MiB ({size / args.reports / 1024:.1f} KiB/report); "
          f"{built['near_duplicates']:,} near-duplicates linked")
    wall_rate, cpu_rate = bulk_throughput(bases)
    print(f"ingest without extraction (5,000 new reports, fresh database): {wall_rate:,.0f} reports/s wall-clock, "
          f"{cpu_rate:,.0f} reports/s of CPU")

    for workers in sorted({1, cores}):
        alone, stored, stages = extraction_throughput(bases, workers)
        print(f"ingest with extraction ({', '.join(stages) or 'no stages'}; {workers} worker(s)): "
              f"{stored:,.1f} reports/s vs pipeline alone {alone:,.1f} reports/s (ratio {stored / alone:.2f})")

    load_before = os.getloadavg()[0]
    wall, cpu = search_latency(db)
    every = _table(f"search latency over {args.reports:,} reports (limit 10, total counted, snippets), wall-clock ms "
                   f"(load average {load_before:.1f} on {cores} cores)", wall)
    every_cpu = _table("the same, CPU ms (what the query costs, without waiting for the other processes)", cpu)
    print(f"target p95 <= 50 ms: wall-clock {'met' if pct(every, 95) <= 50 else 'NOT met'} ({pct(every, 95):.1f} ms), "
          f"CPU {'met' if pct(every_cpu, 95) <= 50 else 'NOT met'} ({pct(every_cpu, 95):.1f} ms)")
    with open_store(db) as store:
        n_events = store.stats(top=1).events
    _table(f"events filter latency over {n_events:,} events (first 50, newest first), ms", events_latency(db))
    with open_store(db) as store:
        hits = {q: store.search(q, limit=1).total for qs in QUERIES.values() for q in qs[:2]}
    print("matches: " + ", ".join(f"{q} {n:,}" for q, n in hits.items()))
    print(json.dumps({"reports": args.reports, "p50_ms": round(statistics.median(every), 2),
                      "p95_ms": round(pct(every, 95), 2), "p95_cpu_ms": round(pct(every_cpu, 95), 2)}))


if __name__ == "__main__":
    main()
