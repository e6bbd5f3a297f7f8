"""NER now against NER at an earlier commit (by default the last one that tagged with crfsuite), side by side.

Each side runs in its own fresh process: it imports rasd.ner and loads the model (both timed, the first from before
the import), then recognizes the same texts of the news sample: 640 sentences, each as a report of its own (as
bench/ner_speed.py does), and 150 whole reports (as the pipeline does). The two sides alternate, ROUNDS rounds
each; the best time of each counts for speed, the best and the worst are shown for loading. Each round also runs
one process per core at once, as a batch run with a worker per core does (the slowest one counts). Needs git and,
for the crfsuite side, python-crfsuite (the dev extra). Usage: ``python bench/ner_decoder.py [REVISION]``.
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
ROUNDS = 5
BUSY = os.cpu_count() or 1  # processes at once, one per core, as `rasd extract --workers 0` runs them

TIMING = """
import time
started = time.perf_counter()
import json, sys
from rasd import ner
imported = time.perf_counter()
ner.load()
loaded = time.perf_counter()
from rasd.text import sentences
texts, reports = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    text = json.loads(line)["text"]
    reports.append(text)
    texts.extend(text[s.start:s.end] for s in sentences(text))
texts, reports = texts[:640], reports[:150]
for items in (texts, reports):  # warm the caches as a long run would
    for x in items:
        ner.recognize(x)
out = {"import": loaded - started, "load": loaded - imported}
for name, items in (("sentences", texts), ("reports", reports)):
    t0 = time.perf_counter()
    for x in items:
        ner.recognize(x)
    out[name] = time.perf_counter() - t0
print(json.dumps(out))
"""


def timed(src: Path, processes: int = 1) -> dict[str, float]:
    """The timings of ``processes`` copies run at once (each figure: the slowest copy's)."""
    sample = ROOT / "data" / "sample" / "jawhara_sample.jsonl"
    env = {**os.environ, "PYTHONPATH": str(src)}
    running = [subprocess.Popen([sys.executable, "-c", TIMING, str(sample)], env=env, stdout=subprocess.PIPE,
                                text=True) for _ in range(processes)]
    outputs = [json.loads(p.communicate()[0]) for p in running]
    if any(p.returncode for p in running):
        raise RuntimeError(f"a timing process failed for {src}")
    return {name: max(o[name] for o in outputs) for name in outputs[0]}


def main() -> None:
    revision = sys.argv[1] if len(sys.argv) > 1 else BEFORE
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), revision], check=True)
        try:
            runs: dict[str, dict[str, list[float]]] = {"before": {}, "now": {}}
            for _ in range(ROUNDS):
                for side, src in (("before", tree / "src"), ("now", ROOT / "src")):
                    for name, seconds in timed(src).items():
                        runs[side].setdefault(name, []).append(seconds)
                    for name, seconds in timed(src, BUSY).items():
                        runs[side].setdefault(f"busy {name}", []).append(seconds)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    print(f"NER at {revision} against now, {ROUNDS} alternating rounds in fresh processes, warm caches; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    for name, what in (("import", "import rasd.ner + ner.load()"), ("load", "ner.load()")):
        before, now = runs["before"][name], runs["now"][name]
        print(f"{what:32} before {min(before):.2f}-{max(before):.2f} s   now {min(now):.2f}-{max(now):.2f} s "
              f"(best-worst)")
    for name, what in (("sentences", "640 sentences, one report each"), ("reports", "150 whole reports"),
                       ("busy sentences", f"the sentences, {BUSY} processes at once"),
                       ("busy reports", f"the reports, {BUSY} processes at once")):
        before, now = min(runs["before"][name]), min(runs["now"][name])
        print(f"{what:32} before {before:6.2f} s   now {now:6.2f} s   now is {before / now:.2f}x as fast (best)")

if __name__ == "__main__":
    main()
