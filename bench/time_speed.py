"""Cost of the time and quantities stages on the news sample, side by side with the rest of the pipeline.

Two figures: the pipeline with and without the two stages (the difference also holds the work later stages, such
as events, do with the dates and quantities they are given), and the own time of the two stages inside the full
pipeline, timed stage by stage. The baseline holds every other registered stage plus the shared text analysis
(normalization, sentences, tokens with clitic segments) that the stages read from the document. Best of 5 runs
taken in turns, warm caches, in CPU time of this process (the machine is shared, wall time is noisy).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rasd.pipeline import Document, _available_stages, make_report

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"
MINE = ("time", "quantities")


def text_analysis(doc) -> None:
    """What the other stages read from the document, computed once per report as they would."""
    doc.normalized  # noqa: B018 - computing it is the point
    doc.sentences  # noqa: B018
    for token in doc.tokens:
        token.segments  # noqa: B018


def once(rows, stages) -> dict[str, float]:
    """CPU seconds per stage over the sample."""
    spent = dict.fromkeys((name for name, _ in stages), 0.0)
    for row in rows:
        doc = Document(make_report(row["text"], published=row.get("published")))
        for name, stage in stages:
            t0 = time.process_time()
            stage(doc)
            spent[name] += time.process_time() - t0
    return spent


def best_of(rows, pipelines, rounds=5) -> list[dict[str, float]]:
    """Per stage, the best of ``rounds`` runs; the pipelines take turns so that load changes hit all alike."""
    best: list[dict[str, float]] = [{} for _ in pipelines]
    for _ in range(rounds):
        for i, stages in enumerate(pipelines):
            for name, spent in once(rows, stages).items():
                best[i][name] = min(best[i].get(name, float("inf")), spent)
    return best


def main() -> None:
    rows = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")]
    chars = sum(len(r["text"]) for r in rows)
    available = _available_stages()
    full = [("text", text_analysis), *((name, factory()) for name, factory in available.items())]
    baseline = [(name, stage) for name, stage in full if name not in MINE]
    once(rows, full)  # warm the caches (segmentation, vocabulary) so both sides compare steady state
    with_, without = best_of(rows, [full, baseline])
    total_with, total_without = sum(with_.values()), sum(without.values())
    own = sum(with_[name] for name in MINE)
    per = 1000 / len(rows)
    print(f"{len(rows)} reports, {chars:,} characters (best of 5 in turns, CPU time, warm caches)")
    print("stage              without     with   (ms/report)")
    for name, _ in full:
        before = f"{per * without[name]:8.2f}" if name in without else "       -"
        print(f"{name:<16} {before} {per * with_[name]:8.2f}")
    print(f"{'pipeline':<16} {per * total_without:8.2f} {per * total_with:8.2f}")
    print(f"time + quantities own time: {per * own:.2f} ms/report, {100 * own / total_with:.1f} % of the full pipeline")
    print(f"pipeline with them vs without: {100 * (total_with - total_without) / total_without:+.1f} % "
          "(includes what later stages do with the dates and quantities)")


if __name__ == "__main__":
    main()
