"""Tokenization with clitic segmentation, every token and segment at original offsets.

Arabic attaches conjunctions, prepositions, the article and object pronouns to words: "وبنغازي" is و + بنغازي,
"للحكومة" is ل + (ا)ل + حكومة. A letter is split off only when the rest is a better-attested word in the
vocabulary learned from news text (so "بريطانيا", "لبنان", "فرنسا", "واشنطن" stay whole), or, for unknown words,
when the clitics end in the article ال, which is unambiguous.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from rasd.text.normalize import DIACRITICS, TATWEEL, normalize, normalize_key

_MARKS = DIACRITICS + TATWEEL + "\u200c\u200d"
TOKEN_RE = re.compile(
    rf"(?P<number>\d+(?:[.,٫٬]\d+)*)"
    rf"|(?P<word>[^\W\d_][{_MARKS}]*(?:[^\W\d_]|[{_MARKS}])*)"
    rf"|(?P<punct>[^\s{_MARKS}])"
)


# NamedTuple's generated __new__ is Python code; building the tuple directly is ~3x cheaper per token.
_new = tuple.__new__


class Segment(NamedTuple):
    """A morpheme of a token: ``role`` is proclitic, article, stem or suffix."""

    start: int
    end: int
    text: str
    role: str


class Token(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  # word, number or punct

    @property
    def segments(self) -> tuple[Segment, ...]:
        cuts = segment_word(self.text) if self.kind == "word" else ()
        if len(cuts) < 2:  # most tokens: one stem
            return (_new(Segment, (self[0], self[1], self[2], "stem")),)
        start, text = self.start, self.text
        return tuple(_new(Segment, (start + s, start + e, text[s:e], role)) for s, e, role in cuts)

    @property
    def stem(self) -> Segment:
        return next(s for s in self.segments if s.role == "stem")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word, number and punctuation tokens (whitespace is dropped)."""
    return [_new(Token, (*m.span(), m.group(), m.lastgroup)) for m in TOKEN_RE.finditer(text)]


# --- clitic segmentation -------------------------------------------------------------------------------------------

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ني", "ه", "ك", "ي")
MIN_STEM = 2
SPLIT_MARGIN = 2
# Function words that look like clitic + word ("كما" is not ك + ما) and are never split.
UNSPLIT = frozenset(normalize_key(w) for w in (
    "كما", "لما", "بما", "كلما", "لكن", "لكنه", "لكنها", "لذا", "لذلك", "كذلك", "لقد", "فقط", "لان", "لأنه",
    "ليس", "ليست", "لدى", "فيه", "فيها", "فيما", "بعد", "بين", "كان", "كانت", "وفق", "وفقا", "لها", "له", "لهم",
    "بها", "به", "بهم", "منه", "منها", "عنه", "عنها", "كيف", "كيفية", "ليبيا", "لبنان", "فرنسا", "بريطانيا",
    "بلجيكا", "بولندا", "كندا", "كوبا", "كينيا", "فنزويلا", "فلسطين", "فيتنام", "بنما", "بلغاريا", "واشنطن", "والي",
    "الى", "إلى", "الا", "إلا", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "الله", "الان",
))


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, int]:
    """Word frequencies (normalized forms) learned from news text by scripts/build_vocab.py."""
    counts: dict[str, int] = {}
    with resources.files("rasd.text").joinpath("data/vocab.tsv.gz").open("rb") as raw:
        for line in gzip.open(raw, "rt", encoding="utf-8"):
            word, _, count = line.rstrip("\n").partition("\t")
            counts[word] = int(count)
    return counts


def _outer_splits(word: str):
    """Every split of the normalized ``word`` into (conjunction, preposition, rest, suffix) Arabic allows.

    ``rest`` is the word as it would be written alone: for "لل" (ل + ال, alef dropped) it gets its alef back.
    """
    for conj in ("", *CONJUNCTIONS):
        if conj and not word.startswith(conj):
            continue
        after_conj = word[len(conj):]
        for prep in ("", *PREPOSITIONS):
            if prep and not after_conj.startswith(prep):
                continue
            body = after_conj[len(prep):]
            for suffix in ("", *SUFFIXES):
                if suffix and (body.startswith("ال") or (prep == "ل" and body.startswith("ل"))
                               or not body.endswith(suffix)):
                    continue  # no pronoun suffix after the article
                rest = body[: len(body) - len(suffix)]
                if len(rest) >= MIN_STEM:
                    yield conj, prep, rest, suffix


@lru_cache(maxsize=1 << 17)
def segment_word(word: str) -> tuple[tuple[int, int, str], ...]:
    """Segments of one word token as (start, end, role), relative to the word, offsets in the original."""
    norm = normalize(word)
    key = norm.text
    if len(key) <= MIN_STEM or key in UNSPLIT:
        return ((0, len(word), "stem"),)
    vocab = vocabulary()
    whole = vocab.get(key, 0)
    best = ("", "", key, "")
    best_score = whole
    for conj, prep, rest, suffix in _outer_splits(key):
        if not (conj or prep or suffix):
            continue
        attested = vocab.get(rest, 0)
        if prep == "ل" and rest.startswith("ل") and len(rest) > MIN_STEM and (vocab.get("ا" + rest) or not attested):
            # لل is ل + ال with the alef dropped in writing
            attested, rest = max(vocab.get("ا" + rest, 0), 1), "ا" + rest
        # Splitting must beat keeping the word whole by a margin: a known whole word rarely hides clitics.
        score = attested / (SPLIT_MARGIN if whole else 1)
        if score > best_score:
            best, best_score = (conj, prep, rest, suffix), score
    conj, prep, rest, suffix = best
    article = ""
    if rest.startswith("ال") and len(rest) >= 2 + MIN_STEM and rest not in UNSPLIT:
        # the written article is "ل" when its alef was dropped after the preposition ل
        article = "ل" if prep == "ل" and not key[len(conj) + 1:].startswith("ا") else "ال"
        rest = rest[2:]
    parts = [(conj, "proclitic"), (prep, "proclitic"), (article, "article"), (rest, "stem"), (suffix, "suffix")]
    # Segments partition the token: each starts where the previous ends, cut at the original offsets.
    segments = []
    pos = 0
    start = 0
    for part, role in parts:
        if part:
            pos += len(part)
            end = len(word) if pos == len(key) else norm.to_original(pos - 1, pos)[1]
            segments.append((start, end, role))
            start = end
    return tuple(segments)


def word_stem(word: str) -> str:
    """The normalized stem of one word, its clitics removed ("وللحكومة" -> "حكومه"): the usual key for lexicon
    lookups."""
    start, end = next((s, e) for s, e, role in segment_word(word) if role == "stem")
    return normalize_key(word[start:end])
