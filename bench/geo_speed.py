"""Cost of geoparsing in the pipeline: the default pipeline with and without the "geo" stage, side by side.

Runs the news sample through both pipelines, alternating them (one core, best of 5 after a warm-up run, so the
gazetteer load and caches are excluded; the load is timed on its own). On a busy machine the two totals are noisy,
so the geo stage's own time, measured inside the same runs, is printed too. Times are CPU time of this process
(time.process_time), which other jobs on a shared machine disturb less than wall-clock time.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rasd import pipeline
from rasd.geo import gazetteer

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"
REPEAT = 5


class Timed:
    """A stage that adds up the time it takes."""

    def __init__(self, stage):
        self.stage, self.seconds = stage, 0.0

    def __call__(self, doc) -> None:
        t0 = time.process_time()
        self.stage(doc)
        self.seconds += time.process_time() - t0


def run(pipe: pipeline.Pipeline, reports: list[dict]) -> float:
    t0 = time.process_time()
    for r in reports:
        pipe(r["text"], source=r.get("source"), published=r.get("published"))
    return (time.process_time() - t0) / len(reports)


def main() -> None:
    reports = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")]
    t0 = time.process_time()
    gazetteer.load()
    load = time.process_time() - t0
    names = pipeline.load().stage_names
    without = pipeline.load([n for n in names if n != "geo"])
    with_geo = pipeline.load(names)
    geo = Timed(dict(with_geo.stages)["geo"])
    with_geo.stages = [(n, geo if n == "geo" else s) for n, s in with_geo.stages]
    run(with_geo, reports)  # warm-up
    a = b = geo_best = float("inf")
    for _ in range(REPEAT):
        a = min(a, run(without, reports))
        geo.seconds = 0.0
        b = min(b, run(with_geo, reports))
        geo_best = min(geo_best, geo.seconds / len(reports))
    print(f"{len(reports)} reports of the news sample, one core, best of {REPEAT}; gazetteer load {load * 1000:.0f} ms")
    print(f"stages: {' '.join(names)}")
    print(f"without geo:  {a * 1000:7.2f} ms/report")
    print(f"with geo:     {b * 1000:7.2f} ms/report  ({(b / a - 1) * 100:+.1f} %)")
    print(f"geo stage:    {geo_best * 1000:7.2f} ms/report  ({geo_best / a * 100:+.1f} % of the pipeline without it)")


if __name__ == "__main__":
    main()
