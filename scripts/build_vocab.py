"""Build src/rasd/text/data/vocab.tsv.gz: normalized word frequencies of the news corpus.

The clitic segmenter uses them to decide whether "وبنغازي" is و + بنغازي (yes: بنغازي is a word) and whether
"بريطانيا" is ب + ريطانيا (no). Reads ../shared/data/news (Apache-2.0, ANT corpus); only counts are shipped.
"""

from __future__ import annotations

import collections
import gzip
import json
from pathlib import Path

from rasd.text.normalize import normalize_key
from rasd.text.tokens import TOKEN_RE

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
OUT = ROOT / "src" / "rasd" / "text" / "data" / "vocab.tsv.gz"
MIN_COUNT = 2


def main() -> None:
    counts: collections.Counter[str] = collections.Counter()
    for path in sorted(NEWS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                article = json.loads(line)
                text = f"{article.get('title') or ''}\n{article['text']}"
                counts.update(normalize_key(m.group()) for m in TOKEN_RE.finditer(text) if m.lastgroup == "word")
    kept = sorted((w, c) for w, c in counts.items() if c >= MIN_COUNT)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(f"{w}\t{c}\n" for w, c in kept).encode("utf-8")
    OUT.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    print(f"{len(kept)} words (count >= {MIN_COUNT}) of {len(counts)} -> {OUT.relative_to(ROOT)} "
          f"({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
