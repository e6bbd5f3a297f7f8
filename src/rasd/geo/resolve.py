"""Toponym resolution: candidates from the gazetteer for a mention, then the one that fits the report best.

A mention's candidates come from its normalized key with and without clitics (و، ف، ب، ل، ك) and the article,
as a nisba adjective (الليبي -> Libya), and, only when nothing else matches, through the transliteration bridge.
Each candidate is scored by a prior (feature type, population) plus the report's evidence for its country:
the countries the report names, the unambiguous places and nisbas in it, and its source's country.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from rasd.geo.gazetteer import FEATURES, Gazetteer, load
from rasd.geo.translit import arabic_skeletons
from rasd.model import Place
from rasd.text import Token, normalize_key, tokenize

_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك")
_CLITIC_PENALTY = 0.15
_ARTICLE_PENALTY = 0.1
_TRANSLIT_PENALTY = 0.5
_FUZZY_PENALTY = 0.4
_NISBA_PENALTY = 0.2
# Words before a name that say which kind of place it is ("ولاية سوسة" is the governorate).
_ADMIN_WORDS = {normalize_key(w) for w in ("ولاية", "محافظة", "شعبية", "إقليم")}
_CITY_WORDS = {normalize_key(w) for w in ("مدينة", "العاصمة", "بلدية", "معتمدية", "قرية", "بلدة", "مدن")}
_MAX_NGRAM = 4
_CITY = FEATURES.index("city")
_EDGE = re.compile(r"^\W+|\W+$")
_SOURCES = Path(__file__).resolve().parent / "data" / "sources.tsv"
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_ABOUT = r"(?:(?:حوالي|حوالى|نحو|قرابة|زهاء|أكثر\s+من|اكثر\s+من|أقل\s+من|اقل\s+من)\s+)?"
_UNIT = r"\s*(كلم|كم|كيلومترا|كيلومترات|كيلومتر|كيلو\s+متر|ميلا|ميل|أميال|اميال|متر|مترا|م)\s+"
_DIRECTION = r"(?:شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي)(?:\s+(?:شرق|غرب|شرقي|غربي))?\s+"
_BEFORE_NAME = r"(?:مدينة\s+|العاصمة\s+|ولاية\s+|محافظة\s+)?$"
# "على بعد حوالى 20 كلم من طرابلس", "تبعد 50 كلم عن", or a direction alone: "30 كلم جنوب بنغازي".
_OFFSET = re.compile(
    r"(?:(?:على\s+بعد|على\s+مسافة|بعد|تبعد|يبعد)\s+" + _ABOUT + _NUMBER + _UNIT + r"(?:(?:الى|إلى)\s+)?(?:"
    + _DIRECTION + r")?(?:من|عن)?\s*|" + _ABOUT + _NUMBER + _UNIT + _DIRECTION + r")" + _BEFORE_NAME
)
_UNIT_KM = {"كلم": 1.0, "كم": 1.0, "كيلومترا": 1.0, "كيلومترات": 1.0, "كيلومتر": 1.0, "كيلو متر": 1.0,
            "ميلا": 1.609, "ميل": 1.609, "أميال": 1.609, "اميال": 1.609, "متر": 0.001, "مترا": 0.001, "م": 0.001}


@dataclass
class Candidate:
    entry: int
    penalty: float
    how: str  # "name", "nisba", "fuzzy" (a misspelt name) or "translit"
    key: str  # the mention's key, without clitics, that matched
    stripped: int = 0  # proclitic letters before it


@dataclass
class Mention:
    start: int
    end: int
    candidates: list[Candidate] = field(default_factory=list)
    kind_hint: str | None = None  # "admin1" or "city" when a word before the name says so


@lru_cache(maxsize=1 << 16)
def candidates(key: str, *, loose: bool = True, fuzzy: bool = True) -> list[Candidate]:
    """Gazetteer entries a normalized mention key may name, with how each matched (a cached list: do not change it).

    ``loose`` adds transliterations and, with ``fuzzy``, misspellings: for mentions known to be places, not for
    scanning text.
    """
    g = load()
    found: dict[int, Candidate] = {}

    def add(index, key, variant, stripped, penalty, how):
        penalty += stripped * _CLITIC_PENALTY
        for e in index.get(key, ()):
            if e not in found or found[e].penalty > penalty:
                found[e] = Candidate(e, penalty, how, variant, stripped)

    variants = stripped_variants(key)
    for stripped, variant in variants:
        add(g.keys, variant, variant, stripped, 0.0, "name")
        other = variant[2:] if variant.startswith("ال") and len(variant) > 4 else "ال" + variant
        add(g.keys, other, variant, stripped, _ARTICLE_PENALTY, "name")
        bare = " ".join(w[2:] if w.startswith("ال") else w for w in variant.split())
        add(g.nisba, bare, variant, stripped, _NISBA_PENALTY, "nisba")
    if not loose:
        return list(found.values())
    if fuzzy and not found and len(key) >= 4:
        for stripped, variant in variants:
            for match, distance, _ in process.extract(variant, _key_list(), scorer=Levenshtein.distance,
                                                        score_cutoff=1 if len(variant) < 8 else 2, limit=5):
                add(g.keys, match, variant, stripped, _FUZZY_PENALTY + 0.2 * distance, "fuzzy")
    for stripped, variant in reversed(variants):  # و of وادي and of وترهونة look alike in Latin: prefer a proclitic
        for skeleton in arabic_skeletons(variant):
            if len(skeleton) >= 3:
                add(g.skeletons, skeleton, variant, stripped, _TRANSLIT_PENALTY - stripped * _CLITIC_PENALTY,
                    "translit")
    return list(found.values())


def mention(text: str, start: int, end: int) -> Mention:
    """A mention known to name a place (a LOC entity, a gold span), with its candidates and kind hint.

    A word announcing the kind of place, inside the span ("مدينة بنغازي", "تونس العاصمة") or just around it
    ("ولاية القصرين"), is not part of the name and says which candidate kind to prefer.
    """
    words = normalize_key(_EDGE.sub("", text[start:end])).split()
    hint = None
    if len(words) > 1:
        first = set(_variants(words[0]))
        if first & (_ADMIN_WORDS | _CITY_WORDS):
            hint = "admin1" if first & _ADMIN_WORDS else "city"
            words = words[1:]
        elif words[-1] in _CITY_WORDS:
            hint = "city"
            words = words[:-1]
    return Mention(start, end, candidates(" ".join(words)), hint or hint_around(text, start, end))


@lru_cache(maxsize=1)
def _key_list() -> list[str]:
    return list(load().keys)


def _variants(word: str) -> list[str]:
    return [v for _, v in stripped_variants(word)]


def stripped_variants(key: str) -> list[tuple[int, str]]:
    """The key without each possible proclitic sequence, with the number of letters removed."""
    out = []
    for p in _PROCLITICS:
        if not key.startswith(p) or len(key) - len(p) < 2:
            continue
        rest = key[len(p):]
        if p.endswith("ل") and rest.startswith("ل"):  # للجزائر = ل + الجزائر
            out.append((len(p), "ا" + rest))
        out.append((len(p), rest))
    return out


def source_country(source: str | None) -> str | None:
    """The country of a known news outlet (data/sources.tsv), a prior for the places it reports on."""
    if not source:
        return None
    key = normalize_key(source)
    for name, country in _sources():
        if name in key:
            return country
    return None


_source_table: list[tuple[str, str]] | None = None


def _sources() -> list[tuple[str, str]]:
    global _source_table
    if _source_table is None:
        rows = [line.split("\t") for line in _SOURCES.read_text().splitlines() if line and not line.startswith("#")]
        _source_table = [(normalize_key(name), cc) for name, cc in rows]
    return _source_table


def scan(text: str, tokens: list[Token] | None = None) -> list[Mention]:
    """Place names found in the text by the gazetteer alone (longest match, exact names and nisbas, no bridge)."""
    tokens = tokens if tokens is not None else tokenize(text)
    words = [t for t in tokens if t.kind == "word"]
    keys = [normalize_key(t.text) for t in words]
    out: list[Mention] = []
    i, count = 0, len(words)
    while i < count:
        j, cands = i, _scanned(keys[i])
        if _may_start_name(keys[i]):
            for n in range(min(_MAX_NGRAM, count - i), 1, -1):  # the longest name of several words first
                last = i + n - 1
                if all(words[k + 1].start - words[k].end <= 1 for k in range(i, last)):
                    longer = _scanned(" ".join(keys[i:last + 1]))
                    if longer:
                        j, cands = last, longer
                        break
        if not cands and out and words[i].start - out[-1].end <= 3 and \
                _continues_list(text, out[-1].end, words[i].start, keys[i]):
            cands = _list_item(keys[i], out[-1])
        if cands:
            start = _skip_letters(text, words[i].start, min(c.stripped for c in cands))
            out.append(Mention(start, words[j].end, cands, hint_around(text, words[i].start, words[j].end)))
        i = j + 1
    return out


def _continues_list(text: str, previous_end: int, start: int, key: str) -> bool:
    """Whether a word continues a list of places: "درنة وسرت وبنغازي وترهونة", "(موريتانيا، النيجر، مالي)"."""
    gap = text[previous_end:start]
    return gap.strip() in ("،", ",") or gap.strip() == "" and key.startswith("و") and len(gap) <= 1


def _list_item(key: str, previous: Mention) -> list[Candidate]:
    """A list item the scan alone would skip: a name of the same kind as the item before it, even if it is also
    an ordinary word ("موريتانيا، النيجر، مالي"), or a transliterated city in the country of the city before it."""
    g = load()
    kinds = {g.feature[c.entry] for c in previous.candidates if c.how == "name"}
    same = [c for c in candidates(key, loose=False) if c.how == "name" and g.feature[c.entry] in kinds - {_CITY}]
    if same or any(v in g.frequent for _, v in stripped_variants(key)):
        return same
    countries = {g.country(c.entry) for c in previous.candidates if c.how == "name" and g.feature[c.entry] == _CITY}
    return [c for c in candidates(key, fuzzy=False) if c.how == "translit" and g.country(c.entry) in countries
            and g.feature[c.entry] == _CITY]


@lru_cache(maxsize=1 << 16)
def _scanned(key: str) -> list[Candidate]:
    """The candidates the scan accepts: nisbas, names of several words, and single words that are rarely
    ordinary words and name a country, region, governorate or a city of some size."""
    g = load()
    if " " in key:
        return candidates(key, loose=False)
    return [c for c in candidates(key, loose=False) if c.how == "nisba" or key not in g.common and (
        c.key not in g.common and (g.feature[c.entry] != _CITY or g.population[c.entry] >= 15_000))]


@lru_cache(maxsize=1 << 16)
def _may_start_name(word: str) -> bool:
    """Whether a name of several words may start with ``word`` (most words start none: one lookup then)."""
    first = _first_words()
    return any(v in first for _, v in stripped_variants(word))


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    g = load()
    words = {k.split()[0] for index in (g.keys, g.nisba) for k in index if " " in k}
    return frozenset(words | {w[2:] for w in words if w.startswith("ال")} | {"ال" + w for w in words})


def evidence(mentions: list[Mention], g: Gazetteer, source: str | None) -> Counter:
    """How strongly the report is about each country: named countries, nisbas, unambiguous places, its source."""
    ev: Counter = Counter()
    cc = source_country(source)
    if cc:
        ev[cc] += 1.5
    for m in mentions:
        exact = [c for c in m.candidates if c.how in ("name", "nisba")]
        countries = {c for cand in exact for c in g.countries(cand.entry)}
        if len(countries) != 1:
            continue
        (country,) = countries
        kinds = {FEATURES[g.feature[c.entry]] for c in exact}
        nisba_only = all(c.how == "nisba" for c in exact)
        if nisba_only:
            ev[country] += 0.7
        elif kinds & {"country", "region", "admin1"}:
            ev[country] += 1.0
        elif max(g.population[c.entry] for c in exact) >= 20_000:
            ev[country] += 0.5
    return ev


def prior(g: Gazetteer, entry: int, hint: str | None) -> float:
    feature = FEATURES[g.feature[entry]]
    if feature == "country":
        p = 1.6
    elif feature == "region":
        p = 1.6 if g.country(entry) == "ZZ" else 0.9  # continents and multi-country regions are well known
    elif feature == "admin1":
        p = 0.3
    else:
        p = 0.12 * math.log10(g.population[entry] + 10)
    if hint == "admin1" and feature == "admin1" or hint == "city" and feature == "city":
        p += 1.5
    return p


def choose(m: Mention, g: Gazetteer, ev: Counter) -> Place | None:
    """The best candidate of a mention given the report's country evidence, with a confidence score."""
    if not m.candidates:
        return None
    top = max(ev.values(), default=0.0) or 1.0
    scored = []
    for c in m.candidates:
        context = max((ev.get(cc, 0.0) for cc in g.countries(c.entry)), default=0.0) / top
        scored.append((prior(g, c.entry, m.kind_hint) + 1.2 * context - c.penalty, c))
    scored.sort(key=lambda s: -s[0])
    best_score, best = scored[0]
    total = sum(math.exp(3 * (s - best_score)) for s, _ in scored)
    confidence = (1 / total) * (0.7 if best.how in ("translit", "fuzzy") else 1.0)
    return g.place(best.entry, confidence)


def resolve(text: str, spans: list[tuple[int, int]], *, source: str | None = None,
            tokens: list[Token] | None = None) -> list[Place | None]:
    """Resolve each (start, end) mention of ``text`` to a place (or None), using the whole report as context."""
    g = load()
    mentions = [mention(text, start, end) for start, end in spans]
    found = scan(text, tokens)
    covered = {(m.start, m.end) for m in mentions}
    context = mentions + [m for m in found if (m.start, m.end) not in covered]
    ev = evidence(context, g, source)
    return [choose(m, g, ev) for m in mentions]


def _skip_letters(text: str, start: int, letters: int) -> int:
    """The index after ``letters`` letters from ``start`` (proclitics may carry diacritics)."""
    while letters > 0:
        start += 1
        letters -= 1
        while start < len(text) and unicodedata.combining(text[start]):
            start += 1
    return start


def hint_around(text: str, start: int, end: int) -> str | None:
    """The kind of place announced by the word just before the mention ("ولاية القصرين") or after ("تونس العاصمة")."""
    before = re.search(r"(\w+)\W{0,2}$", text[max(0, start - 20):start])
    if before:
        variants = set(_variants(normalize_key(before.group(1))))
        if variants & _ADMIN_WORDS:
            return "admin1"
        if variants & _CITY_WORDS:
            return "city"
    after = re.match(r"\s*(\w+)", text[end:end + 20])
    if after and normalize_key(after.group(1)) == normalize_key("العاصمة"):
        return "city"
    return None


def offset_km(text: str, start: int) -> float | None:
    """The distance in km of "على بعد حوالى 20 كلم من طرابلس" when such a phrase ends right before ``start``."""
    m = _OFFSET.search(text[max(0, start - 80):start])
    if not m:
        return None
    number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    value = float(number.replace(",", "."))
    unit = re.sub(r"\s+", " ", unit)
    return round(value * _UNIT_KM[unit], 3)
