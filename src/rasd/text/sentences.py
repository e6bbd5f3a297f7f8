"""Sentence splitting for news text.

News copy often drops the space after a period ("الصحيفة.لكن"), uses the Arabic comma inside long sentences,
and quotes with “…” or «…». A sentence ends at . ! ? ؟ … (with any closing quotes or brackets that follow) when
the next character starts a new word, and at line breaks. Decimal numbers (3.5), single-letter abbreviations
("د. محمد", "أ.ف.ب") and web addresses do not end a sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*|\n")
_SPACE = re.compile(r"\s+")


class Sentence(NamedTuple):
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """Sentence spans of ``text``, trimmed of surrounding white space; they never overlap."""
    cuts = [0]
    for match in _END.finditer(text):
        end = match.end()
        if match.group() != "\n" and not _ends_sentence(text, match.start(), end):
            continue
        cuts.append(end)
    cuts.append(len(text))
    spans = []
    for start, end in zip(cuts, cuts[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append(Sentence(start, end))
    return spans


def _ends_sentence(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    # "د. محمد", "أ.ف.ب": a lone letter before a period is an abbreviation
    abbreviation = before.isalpha() and (start < 2 or not text[start - 2].isalpha()) and text[start] == "."
    if not after or after.isspace():
        return not abbreviation
    if text[start] == "." and end - start == 1:
        if before.isdigit() and after.isdigit():
            return False  # 3.5
        if _is_latin(before) or _is_latin(after):
            return False  # jawharafm.net, U.S.
        if abbreviation:
            return False
    return after.isalpha() or after in "\"“«(["


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()
