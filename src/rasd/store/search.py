"""Full-text queries over normalized Arabic: the user's query is normalized like the indexed text.

The index holds ``rasd.text.normalize`` of title and text, so "اسامة" finds "أسامة", and a third column of the same
words without their clitics (the stems of ``rasd.text.tokenize``), so "ليبيا" also finds "وليبيا" and "لليبيا", and
"الجيش" finds "والجيش". A query is words (``ليبي*`` for a prefix), "quoted phrases", ``AND``/``OR``/``NOT`` and
parentheses, and ``title:word``. Snippets are cut from the original text, with highlights as original offsets, by
finding the query words in the normalized text and mapping them back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

import msgspec

from rasd.text import normalize, normalize_key, word_stem

_TOKEN = re.compile(r'(?P<col>title:)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s()"]+))|(?P<paren>[()])')
_OPERATORS = {"AND", "OR", "NOT"}
_WORD = re.compile(r"\w+")
_CLITICS = "(?:[وفبكل]{1,2})?(?:ال|ل)?"  # optional proclitics and article, normalized, for highlighting


class Term(msgspec.Struct, frozen=True):
    words: tuple[str, ...]  # normalized; several for a phrase
    prefix: bool = False
    column: str | None = None
    stems: tuple[str, ...] | None = None  # the words without clitics, when that differs

    def _fts5(self) -> str:
        text = _quote(self.words) + (" *" if self.prefix else "")
        if self.column:
            return f"{self.column} : {text}"
        return f"({text} OR stems : {_quote(self.stems)})" if self.stems else text


class Query(msgspec.Struct):
    parts: list[Term | str]  # terms, operators and parentheses in order

    @property
    def terms(self) -> list[Term]:
        return [p for p in self.parts if isinstance(p, Term)]

    def fts5(self) -> str:
        """The query in FTS5 syntax; every term is quoted, so punctuation in the input cannot break it."""
        return _balance([part if isinstance(part, str) else part._fts5() for part in self.parts])


def _quote(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


def _key(text: str) -> str:
    return normalize_key(text).lower()


def parse(query: str) -> Query:
    """Parse a user's query; words are normalized and split like the index tokenizer splits text."""
    parts: list[Term | str] = []
    for m in _TOKEN.finditer(query):
        if m["paren"]:
            parts.append(m["paren"])
            continue
        column = "title" if m["col"] else None
        if m["word"] is not None and m["word"] in _OPERATORS and not column:
            parts.append(m["word"])
            continue
        raw = m["phrase"] if m["phrase"] is not None else m["word"]
        prefix = m["word"] is not None and raw.endswith("*")
        words = tuple(_WORD.findall(_key(raw.rstrip("*"))))
        if words:
            stems = None if prefix or column else tuple(_WORD.findall(stem_text(raw)))
            parts.append(Term(words, prefix, column, stems if stems and stems != words else None))
    return Query(_drop_dangling(parts))


def _drop_dangling(parts: list[Term | str]) -> list[Term | str]:
    """Remove operators with no term on one side (FTS5 rejects "a AND", "OR b"); "a AND NOT b" is "a NOT b"."""
    out: list[Term | str] = []
    for part in parts:
        if part in _OPERATORS and (not out or out[-1] == "("):
            continue
        if part in _OPERATORS and out[-1] in _OPERATORS:
            out.pop()
        if part == ")" and out and out[-1] in _OPERATORS:
            out.pop()
        out.append(part)
    while out and out[-1] in _OPERATORS:
        out.pop()
    return out


def _balance(parts: list[str]) -> str:
    """Join the parts with explicit ANDs between operands (FTS5 has no implicit AND after a parenthesis), with
    unbalanced parentheses closed or dropped."""
    depth = 0
    kept: list[str] = []
    for part in parts:
        if part == ")":
            while depth and kept[-1] in _OPERATORS:  # "(a AND )": the operator has nothing on its right
                kept.pop()
            if depth == 0:
                continue
            if kept[-1] == "(":  # an empty group is dropped
                kept.pop()
                depth -= 1
                continue
        if kept and part not in _OPERATORS and part != ")" and kept[-1] not in _OPERATORS and kept[-1] != "(":
            kept.append("AND")
        depth += {"(": 1, ")": -1}.get(part, 0)
        kept.append(part)
    while kept and kept[-1] in ("(", *_OPERATORS):
        depth -= kept.pop() == "("
    return " ".join(kept + [")"] * depth)


def index_text(text: str | None) -> str:
    """What the full-text index stores for a title or a text."""
    return _key(text) if text else ""


def stem_text(text: str | None) -> str:
    """The words of ``text`` without their clitics (و ف ب ل ك, ال, pronoun suffixes), normalized, for the index."""
    return " ".join(map(_stem, _WORD.findall(_key(text)))) if text else ""


@lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    """A normalized word's stem; segmentation depends on the word alone, and news reuses its words: cache it."""
    return word_stem(word).lower() if not word.isdigit() else word


def snippet(text: str, query: Query, width: int = 200) -> tuple[str, int, list[tuple[int, int]]]:
    """A window of ``text`` around the first query match: (snippet, its start offset, highlighted spans).

    Highlights are every word of the query found in the window (a phrase's words are highlighted one by one),
    as offsets into ``text``.
    """
    norm = normalize(text)
    lowered = norm.text.lower()
    patterns = []
    for term in query.terms:
        for i, word in enumerate(term.words):
            forms = {word, term.stems[i]} if term.stems and len(term.stems) == len(term.words) else {word}
            tail = r"\w*" if term.prefix and i == len(term.words) - 1 else r"\w{0,3}"  # a pronoun suffix
            patterns.append(rf"(?<!\w){_CLITICS}(?:{'|'.join(map(re.escape, forms))}){tail}(?!\w)")
    spans: list[tuple[int, int]] = []
    if patterns and len(lowered) == len(norm.text):
        matches = islice(re.finditer("|".join(patterns), lowered), 20)  # more would not fit in the snippet
        spans = [norm.to_original(m.start(), m.end()) for m in matches]
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and first - space < width // 2 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 20 else end
    return text[start:end], start, [s for s in spans if s[0] >= start and s[1] <= end]
