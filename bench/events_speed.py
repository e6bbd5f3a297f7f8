"""Cost of the events stage: the whole pipeline with and without it on the news sample, side by side.

Prints reports/s and characters/s of each (CPU time of this process, best of 5 interleaved runs, one core, after a
warm-up run that loads the dictionaries; CPU time because the machine is shared) and the time events adds, as a
share of the pipeline without it. On a shared machine that difference (about 1 ms of 12 per report) is within the
noise of two such runs; bench/time_speed.py's per-stage own times are the steadier measure. The text analysis the
stages share (tokens, sentences) is charged to whichever stage asks first, as in real use.
"""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path

import rasd
from rasd.pipeline import make_report

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"
ROUNDS = 5


def timed(pipeline, articles) -> float:
    reports = [make_report(a["text"], id=a["id"], published=a["published"]) for a in articles]
    gc.collect()  # each run starts from the same heap, not from the garbage of the previous one
    t0 = time.process_time()
    for report in reports:
        pipeline.process(report)
    return time.process_time() - t0


def main() -> None:
    articles = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")]
    chars = sum(len(a["text"]) for a in articles)
    full = rasd.load()
    names = full.stage_names
    without = rasd.load([n for n in names if n != "events"])
    timed(full, articles)  # warm-up: dictionaries, lexicons, caches
    # interleaved, so that a slow spell of this noisy machine hits both pipelines alike; best of each
    runs = [(timed(without, articles), timed(full, articles)) for _ in range(ROUNDS)]
    t_without, t_full = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"{len(articles)} reports, {chars:,} characters (CPU time, best of {ROUNDS} interleaved rounds, one core)")
    print(f"{'pipeline':<48} {'reports/s':>10} {'chars/s':>12}")
    for label, seconds in ((f"without events ({', '.join(without.stage_names) or 'text only'})", t_without),
                           (f"with events ({', '.join(names)})", t_full)):
        print(f"{label:<48} {len(articles) / seconds:10.1f} {chars / seconds:12,.0f}")
    print(f"events adds {(t_full - t_without) / t_without:.1%} to the pipeline without it "
          f"({(t_full - t_without) / len(articles) * 1000:.2f} ms per report)")


if __name__ == "__main__":
    main()
