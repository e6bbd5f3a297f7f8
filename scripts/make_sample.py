"""Build data/sample/jawhara_sample.jsonl, the bundled demo corpus: 400 real articles of the ANT corpus
(Jawhara FM, Apache-2.0), politics, local and international news, picked deterministically (every k-th)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
OUT = ROOT / "data" / "sample"
CATEGORIES = {"politic": 150, "localNews": 150, "internationalNews": 100}


def main() -> None:
    by_category: dict[str, list[dict]] = {c: [] for c in CATEGORIES}
    with (NEWS / "ant_jawhara.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article.get("category") in by_category:
                by_category[article["category"]].append(article)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "jawhara_sample.jsonl").open("w", encoding="utf-8") as out:
        for category, wanted in CATEGORIES.items():
            articles = sorted(by_category[category], key=lambda a: a["id"])
            step = max(1, len(articles) // wanted)
            for article in articles[::step][:wanted]:
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
    shutil.copy(NEWS / "ANT_LICENSE.txt", OUT / "LICENSE")
    print(f"wrote {sum(CATEGORIES.values())} articles to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
