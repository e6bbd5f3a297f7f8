"""Normalization of Arabic text for matching, with a map back to the original offsets.

Matching keys fold spelling variation (hamza on alef, ى/ي, ة/ه, Eastern digits, tatweel, diacritics, invisible
controls). The normalized string is never shown to users: every span found in it is mapped back to the original
text with :meth:`Normalized.to_original`.

Speed: the folding is one ``str.translate`` (C speed); only characters that are dropped or expanded are visited in
Python, to record breakpoints of the offset map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

# Characters removed for matching: tashkeel and Quranic marks, tatweel, zero-width and bidi controls.
DIACRITICS = "".join(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670,
                                       *range(0x06D6, 0x06DD), *range(0x06DF, 0x06E9), *range(0x06EA, 0x06EE)])
TATWEEL = "\u0640"
INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060"
             "\u2066\u2067\u2068\u2069\ufeff")

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ٵ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?", "٪": "%", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
    "‘": "'", "’": "'",
}
_FOLD.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_FOLD.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian digits
_FOLD.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def _presentation_forms() -> dict[str, str]:
    """Arabic presentation forms (ﻻ, ﺑ, ...) as their base letters, folded like the rest."""
    forms = {}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        char = chr(code)
        decomposed = unicodedata.normalize("NFKC", char)
        if decomposed != char and decomposed.strip():
            forms[char] = "".join(_FOLD.get(c, c) for c in decomposed if c not in DIACRITICS)
    return forms


@lru_cache(maxsize=4)
def _tables(ta_marbuta: bool) -> tuple[dict[int, str | None], re.Pattern[str]]:
    table: dict[int, str | None] = {ord(c): None for c in DIACRITICS + TATWEEL + INVISIBLE}
    fold = {**_presentation_forms(), **_FOLD}
    if ta_marbuta:
        fold["ة"] = "ه"
    table.update({ord(k): v or None for k, v in fold.items()})
    # Characters whose image is not exactly one character: they shift the offsets.
    irregular = sorted(chr(k) for k, v in table.items() if v is None or len(v) != 1)
    pattern = re.compile("[" + "".join(re.escape(c) for c in irregular) + "]")
    return table, pattern


class Normalized:
    """A normalized text and the map of its offsets back to the original."""

    __slots__ = ("text", "original", "_norm_points", "_orig_points")

    def __init__(self, text: str, original: str, norm_points: list[int], orig_points: list[int]):
        self.text = text
        self.original = original
        self._norm_points = norm_points  # normalized index where a run of 1:1 characters starts
        self._orig_points = orig_points  # the original index of that normalized character

    def original_index(self, i: int) -> int:
        """Original index of the normalized character ``i`` (``len(text)`` maps to ``len(original)``)."""
        if i >= len(self.text):
            return len(self.original)
        k = bisect_right(self._norm_points, i) - 1
        if k < 0:
            return i
        return self._orig_points[k] + (i - self._norm_points[k])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` to the original span covering the same characters.

        The end is extended over marks that belong to the last character (diacritics, tatweel), so a
        highlighted word keeps its tashkeel.
        """
        if end <= start:
            o = self.original_index(start)
            return o, o
        o_start = self.original_index(start)
        o_end = self.original_index(end - 1) + 1
        original = self.original
        while o_end < len(original) and (original[o_end] in DIACRITICS or original[o_end] == TATWEEL):
            o_end += 1
        return o_start, o_end


def normalize(text: str, *, ta_marbuta: bool = True) -> Normalized:
    """Normalize ``text`` for matching and keep the offset map. ``ta_marbuta`` folds ة into ه."""
    table, irregular = _tables(ta_marbuta)
    folded = text.translate(table)
    norm_points: list[int] = []
    orig_points: list[int] = []
    if len(folded) != len(text) or irregular.search(text):
        shift = 0  # normalized index minus original index, after the characters seen so far
        for match in irregular.finditer(text):
            pos = match.start()
            image = table[ord(text[pos])]
            width = 0 if image is None else len(image)
            norm_pos = pos + shift
            for j in range(width):  # each character of an expansion maps to its one original character
                norm_points.append(norm_pos + j)
                orig_points.append(pos)
            shift += width - 1
            norm_points.append(pos + 1 + shift)
            orig_points.append(pos + 1)
    return Normalized(folded, text, norm_points, orig_points)


@lru_cache(maxsize=1 << 16)
def normalize_key(text: str, *, ta_marbuta: bool = True) -> str:
    """The normalized form of a short string, for dictionary keys and lookups (no offset map)."""
    return text.translate(_tables(ta_marbuta)[0])
