"""Web API benchmark: latency of filtered event queries (and the map, timeline and search calls) over HTTP.

The database is the store benchmark's (bench/store_bench.py builds it, or this script does with the same builder):
200k synthetic reports made from the news corpus, each with 0-3 synthetic events. The server is `rasd serve`'s app
under uvicorn on 127.0.0.1, queried with httpx by one client, sequentially; every call runs once to warm up, then
``--repeat`` rounds replay what the dashboard asks on each change of filters (the table's page, the map's points,
the timeline), filter after filter, then searches and reports. Each /api/events call returns a page of 100 events
and the total count (up to 1,000).

    python bench/web_bench.py [--reports 200000] [--repeat 5] [--copy-from OTHER/bench/.cache/synthetic-200000.db]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx2 as httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_bench import CACHE, base_reports, build, pct  # noqa: E402  (the store benchmark's database)

from rasd.store import open_store  # noqa: E402
from rasd.web import create_app  # noqa: E402

FILTERS = {  # what the dashboard asks for; every query also counts the matches (total) like the page does
    "no filter": [{}],
    "type": [{"type": "Battles"}, {"type": "Protests"}, {"type": "PROTEST"}, {"type": "Arrests"}],
    "country": [{"country": "LY"}, {"country": "TN"}, {"country": "SY"}, {"country": "YE"}],
    "type+country": [{"type": "Battles", "country": "LY"}, {"type": "Protests", "country": "TN"},
                     {"type": "Violence against civilians", "country": "SY"}],
    "date range": [{"since": "2015-01-01", "until": "2015-01-31"}, {"since": "2018"},
                   {"since": "2013-06-01", "until": "2013-06-07"}],
    "modality": [{"modality": "asserted", "country": "TN"}, {"modality": "planned"}],
    "actor": [{"actor": "ly-lna"}, {"actor": "Government of Tunisia"}, {"actor": "national army"}, {"actor": "الجيش"}],
    "place": [{"place": "بنغازي"}, {"place": "Sfax"}],
    "full text": [{"q": "الانتخابات"}, {"q": "تونس", "type": "Protests"}, {"q": '"وزارة الداخلية"'}],
    "everything": [{"type": "Battles", "country": "LY", "since": "2016", "until": "2019", "modality": "asserted"}],
}


class Server:
    """The web app on 127.0.0.1 with a free port, in a thread; stops on exit."""

    def __init__(self, db: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def measure(client: httpx.Client, path: str, params: dict, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, params=params)
        out.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return out


MAP = "/api/events.geojson (map: 3000, no notes)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copy-from", type=Path, help="copy this store benchmark database (e.g. another worktree's)"
                                                          " instead of building it")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"synthetic-{args.reports}.db"
    if args.copy_from and not db.exists():
        with sqlite3.connect(f"file:{args.copy_from}?mode=ro", uri=True) as source, sqlite3.connect(db) as target:
            source.backup(target)  # a consistent copy; the original is left at its schema version
    build(db, args.reports, base_reports())  # builds or completes it; opening it migrates it to this schema
    with open_store(db) as store:
        stats = store.stats(top=1)
    print(f"rasd web API benchmark: {stats.reports:,} reports, {stats.events:,} events; one client, sequential, "
          f"{args.repeat} rounds after a warm-up; HTTP on 127.0.0.1; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the start (other jobs share the machine)")
    # As the dashboard does on each change of the filters: the table's page, the map's points, the timeline.
    refreshes = [(kind, f) for kind, fs in FILTERS.items() for f in fs]
    results: dict[str, list[float]] = {}
    with Server(db) as url, httpx.Client(base_url=url, timeout=60) as client:
        ids = [r["report_id"] for r in client.get("/api/events", params={"limit": 20}).json()["events"]]
        calls = [(f"/api/events ({kind})", "/api/events", f) for kind, f in refreshes]
        calls += [(MAP, "/api/events.geojson", {**f, "notes": "false", "limit": 3000}) for _, f in refreshes]
        calls += [("/api/timeline", "/api/timeline", f) for _, f in refreshes]
        calls += [("/api/search", "/api/search", {"q": q}) for q in ("تونس", "الانتخابات", '"وزارة الداخلية"', "ليب*")]
        calls += [("/api/reports/{id}", f"/api/reports/{i}", {}) for i in ids]
        for _, path, params in calls:  # warm-up
            measure(client, path, params, 1)
        for _ in range(args.repeat):  # round robin: a filter's calls come together, then the next filter's
            for kind, f in refreshes:
                for name, path, params in ((f"/api/events ({kind})", "/api/events", f),
                                           (MAP, "/api/events.geojson", {**f, "notes": "false", "limit": 3000}),
                                           ("/api/timeline", "/api/timeline", f)):
                    results.setdefault(name, []).extend(measure(client, path, params, 1))
            for name, path, params in calls[3 * len(refreshes):]:
                results.setdefault(name, []).extend(measure(client, path, params, 1))
    events = [t for name, ts in results.items() if name.startswith("/api/events (") for t in ts]
    print(f"  {'call':<40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, ts in [*results.items(), ("filtered event queries, all", events)]:
        print(f"  {name:<40} {len(ts):>4} {statistics.median(ts):>8.1f} {pct(ts, 95):>8.1f} {max(ts):>8.1f}")
    p95 = pct(events, 95)
    print(f"target p95 <= 100 ms for filtered event queries: {'met' if p95 <= 100 else 'NOT met'} ({p95:.1f} ms)")
    print(json.dumps({"reports": stats.reports, "events": stats.events,
                      "events_p50_ms": round(statistics.median(events), 2), "events_p95_ms": round(p95, 2)}))


if __name__ == "__main__":
    main()
