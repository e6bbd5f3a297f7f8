"""Build src/rasd/ner/data/frequency.npz (``make word-frequencies``): the frequency band of each word of wordfreq's
large Arabic list (about 620,000 words from Wikipedia, subtitles, news, books, web text and Twitter; data CC BY-SA
4.0, see README), by its normalized form. Needs the ``train`` extra (wordfreq).

Band k holds frequencies from 10^(-k/2) down to 10^(-(k+1)/2), band 15 all below 10^-7.5. A name that is also an
ordinary word ("الحكيم", "أمل") is far more common than a name alone, and a transliteration no list knows is
usually absent: the band tells the tagger how much to trust a gazetteer hit or a name-like shape."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.ner import DATA, FREQUENCY_FILE  # noqa: E402
from rasd.ner.lexicon import WordTable  # noqa: E402
from rasd.text import normalize_key  # noqa: E402

BAND_WIDTH = 50  # centibels: 5 dB, a factor of ~3.2 in frequency
BANDS = 16


def bands() -> dict[str, int]:
    """Normalized word -> band of its frequency (of the spellings that normalize alike, the commonest)."""
    import wordfreq

    out: dict[str, int] = {}
    # the list's i-th entry holds the words of frequency 10^(-i/100)
    for centibels, words in enumerate(wordfreq.get_frequency_list("ar", wordlist="large")):
        band = min(centibels // BAND_WIDTH, BANDS - 1)
        for word in words:
            key = normalize_key(word)
            if key and key not in out:
                out[key] = band
    return out


def main() -> None:
    table = bands()
    path = Path(str(DATA / FREQUENCY_FILE))
    WordTable.of({word: (band,) for word, band in table.items()}).save(path)
    print(f"{len(table)} normalized words -> {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
