"""Throughput of the text layer (normalization + sentences + tokens with clitic segments) on the news sample.

Prints characters/s and tokens/s on one core, each part and the whole, measured in the same run.
The segmentation cache is cleared first so the figure includes computing segments of unseen words.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rasd.text import normalize, sentences, tokenize
from rasd.text.tokens import segment_word

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"


def main() -> None:
    texts = [json.loads(line)["text"] for line in SAMPLE.open(encoding="utf-8")]
    chars = sum(map(len, texts))
    segment_word.cache_clear()

    def run(name, fn, repeat=3):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        print(f"{name:<34} {chars / best / 1e6:6.2f} M chars/s")
        return best, result

    print(f"{len(texts)} reports, {chars:,} characters (best of 3, one core)")
    run("normalize (with offset map)", lambda: [normalize(t) for t in texts])
    run("sentences", lambda: [sentences(t) for t in texts])
    _, tokens = run("tokenize", lambda: [tokenize(t) for t in texts])
    n_tokens = sum(map(len, tokens))
    segment_word.cache_clear()
    cold, _ = run("segments (cold cache, first pass)", lambda: [[tok.segments for tok in ts] for ts in tokens],
                  repeat=1)
    warm, _ = run("segments (warm cache)", lambda: [[tok.segments for tok in ts] for ts in tokens])
    segment_word.cache_clear()

    def whole():
        for t in texts:
            normalize(t)
            sentences(t)
            for tok in tokenize(t):
                tok.segments  # noqa: B018 - computing them is the point
    total, _ = run("whole text layer (warm cache)", whole)
    print(f"tokens: {n_tokens:,} -> whole text layer {n_tokens / total:,.0f} tokens/s")


if __name__ == "__main__":
    main()
