"""Cost of the time and quantities stages: the pipeline with and without them on the news sample, side by side.

The baseline is every other registered stage plus the shared text analysis (normalization, sentences, tokens with
clitic segments) that the stages read from the document; "with" adds the time and quantities stages. Best of 3 runs
on one core, warm caches, in CPU time of this process (the machine is shared, wall time is noisy).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rasd.pipeline import Pipeline, _available_stages, make_report

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"
MINE = ("time", "quantities")


def text_analysis(doc) -> None:
    """What the other stages read from the document, computed once per report as they would."""
    doc.normalized  # noqa: B018 - computing it is the point
    doc.sentences  # noqa: B018
    for token in doc.tokens:
        token.segments  # noqa: B018


def main() -> None:
    rows = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")]
    chars = sum(len(r["text"]) for r in rows)
    available = _available_stages()
    others = [(name, factory()) for name, factory in available.items() if name not in MINE]
    mine = [(name, available[name]()) for name in MINE]
    baseline = Pipeline([("text", text_analysis), *others])
    full = Pipeline([("text", text_analysis), *others, *mine])
    alone = Pipeline(mine)

    def run(pipeline: Pipeline) -> float:
        best = float("inf")
        for _ in range(3):
            reports = [make_report(r["text"], published=r.get("published")) for r in rows]
            t0 = time.process_time()
            for report in reports:
                pipeline.process(report)
            best = min(best, time.process_time() - t0)
        return best

    run(full)  # warm the caches (segmentation, vocabulary) so both sides compare steady state
    without, with_, only = run(baseline), run(full), run(alone)
    print(f"{len(rows)} reports, {chars:,} characters (best of 3, CPU time, warm caches)")
    print(f"baseline stages: text analysis{''.join(', ' + name for name, _ in others)}")
    print(f"{'pipeline without time/quantities':<38} {without:7.3f} s  {1000 * without / len(rows):6.2f} ms/report")
    print(f"{'pipeline with time/quantities':<38} {with_:7.3f} s  {1000 * with_ / len(rows):6.2f} ms/report")
    print(f"{'time + quantities alone':<38} {only:7.3f} s  {1000 * only / len(rows):6.2f} ms/report")
    print(f"added by time + quantities: {100 * (with_ - without) / without:+.1f} % of the pipeline without them")


if __name__ == "__main__":
    main()
