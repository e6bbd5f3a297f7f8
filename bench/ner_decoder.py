"""NER now against NER at an earlier commit (by default the last one that tagged with crfsuite), side by side.

Each side runs in its own process on the same texts of the news sample: 640 sentences, each recognized as a report
of its own (as bench/ner_speed.py does), and 150 whole reports (as the pipeline does). The two sides alternate,
three rounds each, and the best time of each counts. Needs git and, for the crfsuite side, python-crfsuite (the
dev extra). Usage: ``python bench/ner_decoder.py [REVISION]``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "12137af"  # two crfsuite taggers fed with feature strings
ROUNDS = 3

TIMING = """
import json, sys, time
from rasd import ner
from rasd.text import sentences
texts, reports = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    text = json.loads(line)["text"]
    reports.append(text)
    texts.extend(text[s.start:s.end] for s in sentences(text))
texts, reports = texts[:640], reports[:150]
ner.load()
for items in (texts, reports):  # warm the caches as a long run would
    for x in items:
        ner.recognize(x)
out = {}
for name, items in (("sentences", texts), ("reports", reports)):
    t0 = time.perf_counter()
    for x in items:
        ner.recognize(x)
    out[name] = time.perf_counter() - t0
print(json.dumps(out))
"""


def timed(src: Path) -> dict[str, float]:
    sample = ROOT / "data" / "sample" / "jawhara_sample.jsonl"
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", TIMING, str(sample)], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def main() -> None:
    revision = sys.argv[1] if len(sys.argv) > 1 else BEFORE
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), revision], check=True)
        try:
            best = {"before": {}, "now": {}}
            for _ in range(ROUNDS):
                for side, src in (("before", tree / "src"), ("now", ROOT / "src")):
                    for name, seconds in timed(src).items():
                        best[side][name] = min(seconds, best[side].get(name, seconds))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    print(f"NER at {revision} against now, best of {ROUNDS} alternating rounds, warm caches; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    for name, what in (("sentences", "640 sentences, one report each"), ("reports", "150 whole reports")):
        before, now = best["before"][name], best["now"][name]
        print(f"{what:32} before {before:6.2f} s   now {now:6.2f} s   now is {before / now:.2f}x as fast")


if __name__ == "__main__":
    main()
