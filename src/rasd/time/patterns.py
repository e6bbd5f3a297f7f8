"""Date expressions found in normalized text (rasd.text.normalize folds hamza, ى, ة and Eastern digits).

:func:`date_expressions` returns what was said, not yet resolved: absolute dates carry their Gregorian date,
relative ones the offset, weekday or month to resolve against the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import hijridate
import regex

from rasd.text import normalize_key

GREGORIAN_MONTHS = {
    1: ("يناير", "جانفي", "جانفييه", "كانون الثاني", "كانون ثاني", "ينايِر"),
    2: ("فبراير", "فيفري", "فبرير", "شباط"),
    3: ("مارس", "آذار"),
    4: ("أبريل", "إبريل", "أفريل", "نيسان"),
    5: ("مايو", "ماي", "أيار", "مايس"),
    6: ("يونيو", "يونيه", "جوان", "حزيران"),
    7: ("يوليو", "يوليه", "جويلية", "جويليه", "يوليوز", "تموز"),
    8: ("أغسطس", "أغسطوس", "أوت", "آب", "غشت"),
    9: ("سبتمبر", "أيلول", "شتنبر"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول"),
    11: ("نوفمبر", "نونبر", "تشرين الثاني", "تشرين ثاني"),
    12: ("ديسمبر", "دجنبر", "دسمبر", "كانون الأول", "كانون أول"),
}
# Month names that are also common words (مارس "practised", آب/أب "father", ماي): only with شهر, a day, a year,
# a relative modifier or a preposition of time before them.
AMBIGUOUS_MONTHS = frozenset(normalize_key(w) for w in ("مارس", "آب", "ماي", "مايس"))
HIJRI_MONTHS = {
    1: ("محرم",),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الثاني", "ربيع الآخر", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادي الأولى"),
    6: ("جمادى الثانية", "جمادى الآخرة", "جمادي الآخرة", "جمادى الثاني"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة"),
    12: ("ذو الحجة", "ذي الحجة"),
}
WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
            "الأحد": 6}
PAST = ("الماضي", "الماضية", "الفائت", "الفائتة", "المنقضي", "المنقضية", "المنصرم", "المنصرمة", "الفارط",
        "الفارطة", "السابق", "السابقة")
FUTURE = ("المقبل", "المقبلة", "القادم", "القادمة")
PRESENT = ("الجاري", "الجارية", "الحالي", "الحالية")
# Words before a bare year that make it a year ("عام 2011", "في 2012", "منذ 2011").
YEAR_NOUNS = ("عام", "العام", "سنة", "السنة", "عامي", "سنتي", "موسم", "الموسم", "دورة", "مواليد")
YEAR_PREPOSITIONS = ("في", "منذ", "خلال", "حتى", "قبل", "بعد", "مطلع", "أوائل", "أواخر", "بداية", "نهاية", "منتصف",
                     "أواسط", "بحلول", "آفاق", "أفق", "غاية", "موفى", "حدود", "ربيع", "صيف", "خريف", "شتاء")
# Words before a month name that make an ambiguous one a month ("في مارس").
MONTH_PREPOSITIONS = ("في", "منذ", "خلال", "حتى", "مطلع", "أوائل", "أواخر", "بداية", "نهاية", "منتصف", "أواسط",
                      "شهر", "غاية", "موفى", "قبل", "بعد")
# A day and month without a year after these words is an anniversary ("ثورة 14 جانفي"), not a date to resolve.
# The same after a name-giving word ("ملعب 15 أكتوبر", "نهج 18 جانفي").
ANNIVERSARY = ("ثورة", "أحداث", "هجمات", "اعتداءات", "ذكرى", "عيد", "انتفاضة", "حركة", "مسار", "تحول", "ملعب", "شارع",
               "نهج", "ساحة", "حي", "معهد", "مدرسة", "جامعة", "مستشفى", "ملحمة", "بيان", "يوم", "كذبة")


def _key(word: str) -> str:
    return normalize_key(word)


def alternation(words, space: str = r"\s+") -> str:
    """A regex matching any of the normalized ``words``, longest first, built as a trie: regex engines try the
    branches of an alternation one by one, a trie shares their prefixes (several times faster on long lists)."""
    trie: dict = {}
    for word in {normalize_key(w) for w in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [(space if char == " " else re.escape(char)) + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(trie) + ")"


_alt = alternation


def _lookup(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {_key(w): n for n, words in table.items() for w in words}


MONTH_NUMBER = _lookup(GREGORIAN_MONTHS)
HIJRI_NUMBER = _lookup(HIJRI_MONTHS)
WEEKDAY_NUMBER = {_key(w): n for w, n in WEEKDAYS.items()}
DIRECTION = {**{_key(w): -1 for w in PAST}, **{_key(w): 1 for w in FUTURE}, **{_key(w): 0 for w in PRESENT}}

# A word or number may carry the clitics و ف ب ل ك in front; the span starts after them.
CL = r"(?<=(?:^|[^\w])(?:[وف]?[بلك]?))"
END = r"(?!\w)"
NUM_END = r"(?![\d]|[.,/:]\d)"
SP = r"\s+"
G = _alt(w for ws in GREGORIAN_MONTHS.values() for w in ws)
H = _alt(w for ws in HIJRI_MONTHS.values() for w in ws)
WD = _alt(WEEKDAYS)
MOD = _alt((*PAST, *FUTURE, *PRESENT))
ORDINAL_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")


def _ordinal_days() -> dict[str, int]:
    """"الخامس عشر" 15, "التاسع والعشرين" 29: the ordinal words of the days of a month (normalized)."""
    days = {"العاشر": 10, "العشرين": 20, "الثلاثين": 30, "الحادي عشر": 11, "الحادي والعشرين": 21,
            "الحادي والثلاثين": 31}
    for n, word in enumerate(ORDINAL_UNITS, 1):
        days[word] = n
        if n > 1:
            days[f"{word} عشر"] = 10 + n
            days[f"{word} والعشرين"] = 20 + n
    return {_key(w): n for w, n in days.items()}


ORDINAL_DAYS = _ordinal_days()
DAY = (r"(?:(?:ال\s*)?(?P<day>[0-3]?\d)" + NUM_END + r"|(?P<first>غره|الفاتح(?:\s+من)?)"
       rf"|(?P<ord>{alternation(ORDINAL_DAYS)})\s+من)")
YEAR = r"(?P<year>(?:1[89]|20)\d\d)" + NUM_END
YEAR_GAP = r"\s*,?\s*(?:من\s+)?(?:ل?(?:ال)?عام\s+|ل?(?:ال)?سنه\s+)?"
MONTH = rf"(?P<month>{G})(?:\s*[/(-]\s*{G}\s*\)?)?(?![^\W\d_])"  # "27 ماي2017": a year may be glued

HIJRI_MARK = r"(?:ه|هجري|هجريه)"  # 1437 هـ / هجري / هجرية
DAY_LIST = r"(?P<list>(?:[0-3]?\d\s*(?:,|و|الي(?:\s+غايه)?|-|حتي|او)\s*(?:(?:ال)?يوم\s+)?)+)?"
TIME_OF_DAY = r"(?:(?:يوم|صباح|مساء|ظهر|عشيه|فجر|ليله|نهار|منتصف\s+ليله)\s+)"
REL_DAY = r"(?:(?:اول\s+)?(?:ال)?امس(?:\s+الاول)?|البارحه|اليوم|غدا|(?<=(?:يوم|بعد)\s+)غد)"

# "اليوم الخميس الموافق لـ 20 رمضان 1438": a weekday before a date is part of it
WD_PREFIX = rf"(?:{TIME_OF_DAY}?(?:{REL_DAY}\s+)?{WD}\s*,?\s*(?:الموافق\s*ل?\s*)?)?"

PATTERNS = {
    "dmy": rf"{CL}{WD_PREFIX}(?:(?:يوم|ايام|يومي)\s+)?{DAY_LIST}{DAY}\s*"
           rf"(?:-\s*)?(?:من\s+)?(?:شهر\s+)?{MONTH}(?:{YEAR_GAP}{YEAR}|\s+(?P<dir>{MOD}){END})?",
    "my": rf"{CL}(?:شهر\s+)?{MONTH}{YEAR_GAP}{YEAR}",
    "month_rel_year": rf"{CL}(?:شهر\s+)?{MONTH}\s+(?:من\s+)?(?:ل?(?:ال)?(?:عام|سنه))\s+(?P<dir>{MOD}){END}",
    "year_range": rf"{CL}(?:من|بين)\s+(?:(?:ال)?(?:عام|سنه)\s+)?(?P<year>(?:1[89]|20)\d\d){NUM_END}"
                  rf"\s*(?:الي|حتي|و|-)\s*(?:(?:ال)?(?:عام|سنه)\s+)?(?P<year2>(?:1[89]|20)\d\d){NUM_END}",
    "month": rf"{CL}(?:(?P<shahr>شهر)\s+)?{MONTH}(?:\s+(?P<dir>{MOD}){END})?",
    "numeric": rf"{CL}(?<![\d.,/-])(?:(?P<day>[0-3]?\d)\s*(?P<sep>[/.-])\s*(?P<mon>[01]?\d)\s*(?P=sep)\s*{YEAR}"
               rf"|(?P<year>(?:19|20)\d\d)(?P<sep>[/.-])(?P<mon>[01]?\d)(?P=sep)(?P<day>[0-3]?\d){NUM_END})",
    "hijri": rf"{CL}(?:{WD_PREFIX}{DAY}\s+(?:من\s+)?(?:شهر\s+)?)?(?P<hmonth>{H}){END}\s*,?\s*(?:من\s+)?"
             rf"(?:عام\s+|سنه\s+)?(?P<hyear>1[34]\d\d){NUM_END}(?:\s*{HIJRI_MARK}{END})?",
    "hijri_year": rf"{CL}(?P<hyear>1[34]\d\d)\s*(?P<h>{HIJRI_MARK}){END}"
                  rf"(?:\s*[/(-]?\s*(?P<year>(?:19|20)\d\d)\s*م{END})?",
    "hijri_relative": rf"{CL}(?:{DAY}\s+(?:من\s+)?)?(?:(?P<shahr>شهر)\s+)?(?P<hmonth>{H}){END}"
                      rf"(?:\s+(?P<year>(?:19|20)\d\d){NUM_END}|\s+(?P<dir>{MOD}){END})?",
    "year": rf"{CL}(?P<cue>{_alt(YEAR_NOUNS)}|{_alt(YEAR_PREPOSITIONS)})\s+(?:(?P<noun>(?:ال)?(?:عام|سنه))\s+)?"
            rf"(?P<year>(?:1\d|20)\d\d){NUM_END}(?!\s*{HIJRI_MARK}{END})"
            rf"(?:\s*(?:-|/|و|الي|حتي)\s*(?P<year2>(?:1[89]|20)\d\d){NUM_END})?",
    "relday": rf"{CL}{TIME_OF_DAY}?(?:(?P<rel>{REL_DAY}|بعد\s+غد)(?:\s+(?P<wd>{WD}))?|(?P<wd>{WD}))"
              rf"(?:\s+(?P<dir>{MOD}))?{END}",
    "unit_offset": rf"{CL}(?:(?P<this>هذا|هذه)\s+(?P<unit>(?:ال)?(?:شهر|عام|سنه|اسبوع)){END}"
                   rf"|(?P<unit>ال(?:شهر|عام|سنه|اسبوع)){SP}(?P<dir>{MOD}){END})",
}
COMPILED = {name: regex.compile(p) for name, p in PATTERNS.items()}
_DIGITS = regex.compile(r"\d+")
_WORDS = re.compile(r"\w+")
_YEAR_NOUN_KEYS = frozenset(_key(w) for w in YEAR_NOUNS)
_MONTH_PREP_KEYS = frozenset(_key(w) for w in MONTH_PREPOSITIONS)
_ANNIVERSARY_KEYS = frozenset(_key(w) for w in ANNIVERSARY)
_GENERIC_DAY = regex.compile(rf"\s+(?!{WD}{END})(?:ال\w+|نفسه|ذاته)")


@dataclass
class Match:
    """A date expression in normalized text, before resolution."""

    start: int
    end: int
    kind: str  # absolute, day_offset, weekday, month_name, month_of_year, month_offset, year_offset, week_offset,
    # hijri_month, anniversary (a date of no resolvable year), cover (a span no relative day word inside is a date)
    date: date | None = None
    precision: str = "day"
    calendar: str = "gregorian"
    offset: int = 0
    weekday: int = 0
    month: int = 0
    day: int | None = None
    direction: int = 0


# Each group of patterns runs only near its anchors (month names, Hijri months, years, day words, unit words): the
# patterns open with look-behinds and optional words, costly to try at every position of a long report. Word anchors
# are found by looking words up (after clitics), years by a regex.
GROUPS = (  # (patterns, anchor words or None for years, how far before its anchor an expression may start)
    (("dmy", "my", "month_rel_year", "month"), {w.split()[0] for w in MONTH_NUMBER}, 60),
    (("hijri", "hijri_relative"), {w.split()[0] for w in HIJRI_NUMBER}, 60),
    (("numeric", "year_range", "hijri_year", "year"), None, 25),
    (("relday",), {*WEEKDAY_NUMBER, "امس", "الامس", "البارحه", "اليوم", "غدا", "غد"}, 30),
    (("unit_offset",), {"شهر", "الشهر", "عام", "العام", "سنه", "السنه", "اسبوع", "الاسبوع"}, 8),
)
ANCHOR_WORDS: dict[str, tuple[int, ...]] = {}
for _i, (_, _words, _) in enumerate(GROUPS):
    for _w in _words or ():
        ANCHOR_WORDS[_w] = (*ANCHOR_WORDS.get(_w, ()), _i)
YEAR_ANCHOR = re.compile(r"(?<!\d)(?:1[3-9]|20)\d\d(?!\d)")
YEAR_GROUP = next(i for i, group in enumerate(GROUPS) if group[1] is None)
MARGIN = 80  # how far an expression may end after its anchor
_WORD_START = re.compile(r"(?<!\w)\w")
_LETTERS = re.compile(r"[^\W\d_]+")
_SPACE = re.compile(r"\s")
CLITIC_LETTERS = "وفبلك"
# The words a date expression may open with (it may also open with a digit): a pattern is tried only there.
START_WORDS = frozenset(
    {w.split()[0] for w in (*MONTH_NUMBER, *HIJRI_NUMBER, *WEEKDAY_NUMBER)}
    | {_key(w) for w in (*YEAR_NOUNS, *YEAR_PREPOSITIONS)} | {w.split()[0] for w in ORDINAL_DAYS}
    | set("يوم ايام يومي صباح مساء ظهر عشيه فجر ليله نهار منتصف اليوم امس الامس البارحه غدا غد اول بعد شهر غره الفاتح "
          "الاول من بين هذا هذه الشهر العام السنه الاسبوع ال لعام لسنه".split())
)


ANCHOR_RE = re.compile(r"(?<![^\W\d_])[وف]??[بلك]??(?P<word>" + alternation(ANCHOR_WORDS) + r")(?![^\W\d_])")


def _anchors(text: str):
    """(group, start, end) of every anchor: words of GROUPS (possibly after clitic letters), years."""
    for m in ANCHOR_RE.finditer(text):
        for group in ANCHOR_WORDS[m.group("word")]:
            yield group, m.start("word"), m.end()
    for m in YEAR_ANCHOR.finditer(text):
        yield YEAR_GROUP, m.start(), m.end()


@lru_cache(maxsize=16)
def date_expressions(text: str) -> tuple[Match, ...]:
    """The date expressions of normalized ``text``, longest first where they overlap, in text order.

    Each pattern is tried only where an expression can open (a digit or a START_WORDS word, after clitics) shortly
    before one of its anchors. Cached: the time and quantities stages both ask for the same text."""
    found: list[Match] = []
    tried: set[tuple[int, int]] = set()
    for group, start, end in _anchors(text):
        names, _, before = GROUPS[group]
        space = _SPACE.search(text, min(len(text), end + MARGIN))
        stop = space.start() if space else len(text)
        for word in _WORD_START.finditer(text, max(0, start - before), start + 1):
            for pos in range(word.start(), word.start() + 3):
                if pos > word.start() and text[pos - 1] not in CLITIC_LETTERS:
                    break
                if (group, pos) in tried:
                    continue
                tried.add((group, pos))
                if not text[pos].isdigit():
                    letters = _LETTERS.match(text, pos)
                    if not letters or (letters.group() not in START_WORDS
                                       and not (letters.group() == "ال" and text[letters.end():][:1].isdigit())):
                        continue
                for name in names:
                    m = COMPILED[name].match(text, pos, stop)
                    if m:
                        found.extend(_HANDLERS[name](m, text))
    covers = [x for x in found if x.kind == "cover"]
    found = [x for x in found if x.kind != "cover" and not (
        x.kind == "day_offset" and any(c.start <= x.start and x.end <= c.end for c in covers))]
    found.sort(key=lambda x: (x.start - x.end, x.start))
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []
    for match in found:
        if all(match.end <= s or match.start >= e for s, e in taken):
            chosen.append(match)
            taken.append((match.start, match.end))
    chosen.sort(key=lambda x: x.start)
    return tuple(chosen)


def _preceding_word(text: str, pos: int) -> str:
    words = _WORDS.findall(text, max(0, pos - 30), pos)
    return words[-1] if words else ""


def _day(m) -> int | None:
    if m.group("first"):
        return 1
    if m.group("ord"):
        return ORDINAL_DAYS[" ".join(m.group("ord").split())]
    day = int(m.group("day"))
    return day if 1 <= day <= 31 else None


def _month(m) -> int:
    return MONTH_NUMBER[" ".join(m.group("month").split())]


def _absolute(m, d: date, precision: str, calendar: str = "gregorian", start: int | None = None) -> Match:
    return Match(m.start() if start is None else start, m.end(), "absolute", date=d, precision=precision,
                 calendar=calendar)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_NOT_DAY_ORDINAL = frozenset(_key(w) for w in (
    "الأسبوع", "الأسابيع", "الأيام", "الشهر", "الثلاثي", "السداسي", "النصف", "الربع", "العقد", "الجزء", "الدور",
    "الشوط", "القسط", "الموسم"))


def _dmy(m, text):
    if m.group("ord") and _preceding_word(text, m.start("ord")) in _NOT_DAY_ORDINAL:
        return  # "الأسبوع الأول من شهر فيفري": the first week, not the first day
    month = _month(m)
    days = [(m.start("day") if m.group("day") else m.start("first") if m.group("first") else m.start("ord"), _day(m))]
    if m.group("list"):
        days += [(d.start(), int(d.group())) for d in _DIGITS.finditer(text, m.start("list"), m.end("list"))]
        yield Match(m.start(), m.end(), "cover")  # "من 14 إلى غاية اليوم 16 أكتوبر": that اليوم is not today
    for i, (pos, day) in enumerate(days):
        if day is None or not 1 <= day <= 31:
            continue
        # "يومي 29 و30 نوفمبر 2016": the last day listed spans day to year, the others their digits
        if i == 0:
            start, end = (pos if m.group("list") else m.start()), m.end()
        else:
            start, end = pos, _DIGITS.match(text, pos).end()
        year = int(m.group("year")) if m.group("year") else _year_after_range(text, m.end(), month)
        if year:
            d = _safe_date(year, month, day)
            if d:
                yield Match(start, end, "absolute", date=d, precision="day")
        elif _preceding_word(text, m.start()) in _ANNIVERSARY_KEYS:
            yield Match(start, end, "anniversary")  # "ثورة 14 جانفي", "ملعب 15 أكتوبر": no year to resolve
        elif _safe_date(2000, month, day):
            direction = DIRECTION[m.group("dir")] if m.group("dir") else 0
            yield Match(start, end, "month_name", month=month, day=day, direction=direction)


_RANGE_TAIL = regex.compile(rf"\s*(?:الي|حتي|-)\s*(?:غايه\s+)?(?:(?:ال)?يوم\s+)?[0-3]?\d\s*(?:من\s+)?(?:شهر\s+)?"
                            rf"(?P<month>{G}){YEAR_GAP}{YEAR}")


def _year_after_range(text: str, pos: int, month: int) -> int | None:
    """"من 15 سبتمبر إلى 15 أكتوبر 2017": the first date takes the year written after the range (the year before
    when its month comes later, "من 15 ديسمبر إلى 15 جانفي 2017")."""
    tail = _RANGE_TAIL.match(text, pos)
    if not tail:
        return None
    year = int(tail.group("year"))
    return year - 1 if month > _month(tail) else year


def _my(m, text):
    yield _absolute(m, date(int(m.group("year")), _month(m), 1), "month")


def _month_rel_year(m, text):
    yield Match(m.start(), m.end(), "month_of_year", month=_month(m), offset=DIRECTION[m.group("dir")])


def _year_range(m, text):
    for group in ("year", "year2"):
        yield Match(m.start(group), m.end(group), "absolute", date=date(int(m.group(group)), 1, 1), precision="year")


def _month_alone(m, text):
    name = " ".join(m.group("month").split())
    if (name in AMBIGUOUS_MONTHS and not m.group("shahr") and not m.group("dir")
            and _preceding_word(text, m.start()) not in _MONTH_PREP_KEYS
            or _preceding_word(text, m.start()) in _ANNIVERSARY_KEYS):
        return  # "مارس الضغط", "كذبة أفريل"
    direction = DIRECTION[m.group("dir")] if m.group("dir") else 0
    yield Match(m.start(), m.end(), "month_name", month=MONTH_NUMBER[name], direction=direction)


def _numeric(m, text):
    d = _safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
    if d:
        yield _absolute(m, d, "day")


def _hijri(m, text):
    year, month = int(m.group("hyear")), HIJRI_NUMBER[" ".join(m.group("hmonth").split())]
    has_day = bool(m.group("day") or m.group("first") or m.group("ord"))
    day = _day(m) if has_day else None
    if day is None and has_day:
        return
    try:
        g = hijridate.Hijri(year, month, day or 15).to_gregorian()
    except (ValueError, OverflowError):
        return
    yield _absolute(m, date(g.year, g.month, g.day), "day" if day else "month", "hijri")


def _hijri_year(m, text):
    try:
        g = hijridate.Hijri(int(m.group("hyear")), 7, 1).to_gregorian()
    except (ValueError, OverflowError):
        return
    yield Match(m.start(), m.end("h"), "absolute", date=date(g.year, 1, 1), precision="year", calendar="hijri")
    if m.group("year"):  # "1438 هـ / 2017 م"
        yield Match(m.start("year"), m.end(), "absolute", date=date(int(m.group("year")), 1, 1), precision="year")


def _hijri_relative(m, text):
    """"رمضان 2015" (the Ramadan of a Gregorian year), "شهر رمضان الماضي", "الثاني من شهر رمضان" (resolved against
    publication). A bare Hijri month name is also a first name (رمضان، شعبان): it needs شهر, a day, a year or a
    modifier."""
    month = HIJRI_NUMBER[" ".join(m.group("hmonth").split())]
    has_day = bool(m.group("day") or m.group("first") or m.group("ord"))
    day = _day(m) if has_day else None
    if has_day and day is None or not (has_day or m.group("shahr") or m.group("year") or m.group("dir")):
        return
    if m.group("year"):
        year = int(m.group("year"))
        first = hijridate.Gregorian(year, 1, 1).to_hijri().year
        for hy in (first, first + 1):
            g = hijridate.Hijri(hy, month, day or 15).to_gregorian()
            if g.year == year:
                yield Match(m.start(), m.end(), "absolute", date=date(g.year, g.month, day and g.day or 1),
                            precision="day" if day else "month", calendar="hijri")
                return
        return
    direction = DIRECTION[m.group("dir")] if m.group("dir") else 0
    yield Match(m.start(), m.end(), "hijri_month", month=month, day=day, direction=direction, calendar="hijri")


def _year(m, text):
    cue = m.group("cue")
    if int(m.group("year")) < 1800 and (_key(cue) not in _YEAR_NOUN_KEYS or 1300 <= int(m.group("year")) < 1500):
        return  # an older year only after عام/سنة ("سنة 1630"), and never a bare 13xx/14xx (a Hijri year)
    start = m.start() if _key(cue) in _YEAR_NOUN_KEYS else (m.start("noun") if m.group("noun") else m.start("year"))
    end = m.end("year")
    yield Match(start, end, "absolute", date=date(int(m.group("year")), 1, 1), precision="year")
    if m.group("year2"):
        yield Match(m.start("year2"), m.end("year2"), "absolute", date=date(int(m.group("year2")), 1, 1),
                    precision="year")


_DAY_OFFSETS = {"امس": -1, "البارحه": -1, "اليوم": 0, "غدا": 1, "غد": 1}
_PRAYER = frozenset({"صلاه", "خطبه", "خطيب", "جمعه", "ائمه"})
_NOT_TODAY = frozenset({"ذلك", "نفس", "في", "هذا"})


def _relday(m, text):
    rel = m.group("rel")
    if rel:
        words = rel.split()
        offset = 2 if words[0] == "بعد" else -2 if len(words) > 1 else _DAY_OFFSETS[words[0].replace("الامس", "امس")]
        if rel == "اليوم" and not m.group("wd") and (_GENERIC_DAY.match(text, m.end("rel"))
                                                      or _preceding_word(text, m.start()) in _NOT_TODAY):
            return  # اليوم العالمي, في اليوم (per day), ذلك اليوم, هذا اليوم (often the day just named)
        yield Match(m.start(), m.end(), "day_offset", offset=offset)
        return
    wd = WEEKDAY_NUMBER[m.group("wd")]
    before = _preceding_word(text, m.start())
    if wd == 0 and m.group(0) == m.group("wd") and before in {"بين", "كلا"}:
        return  # "بين الاثنين": the two
    if wd == 4 and before in _PRAYER or before in {"كل", "ايام"}:
        return  # صلاة الجمعة; كل يوم سبت, أيام الأحد: not one day
    direction = DIRECTION[m.group("dir")] if m.group("dir") else 0
    if not direction and _future_context(text, m.start(), m.end()):
        direction = 2  # on or after publication
    yield Match(m.start(), m.end(), "weekday", weekday=wd, direction=direction)


# A future verb (سيعقد, ستنطلق, سننظم) or a word announcing the future, shortly before a bare weekday.
_FUTURE = regex.compile(r"(?<!\w)(?:[وف]?س[يتن](?P<verb>[^\W\d_]{2,})|سوف|المنتظر|المرتقب|المقرر|يرتقب|القادمين)(?!\w)")
_NOT_FUTURE_VERBS = frozenset(_key(w) for w in (
    "سيدي", "سيدة", "سياسة", "سياسي", "سياسية", "سيارة", "سيارات", "سياحة", "سياحي", "سيطرة", "سينما", "ستار", "ستة",
    "ستين", "سنة", "سنوات", "سنين", "سنتين", "سيول", "سيف", "سنغال", "ستينات", "سيناء", "سيادة", "سياق", "سياج",
    "سيرة", "سير", "سيتي", "ستوديو", "سنوي", "سنوية", "سنويا", "ستراتيجية", "سيناريو", "سيدات", "سيادي"))


_NEXT_WORD = re.compile(r"[^\S\n]+(\w+)")


def _future_context(text: str, pos: int, end: int) -> bool:
    """A future verb in the same sentence shortly before ``pos``, or right after ``end`` ("الأربعاء سيكون")."""
    start = max(0, pos - 60)
    boundary = max(text.rfind(".", start, pos), text.rfind("\n", start, pos))
    after = _NEXT_WORD.match(text, end)
    for m in [*_FUTURE.finditer(text, max(start, boundary + 1), pos), *([_FUTURE.match(after.group(1))]
                                                                       if after else [])]:
        if m and (not m.group("verb") or m.group(0).lstrip("وف") not in _NOT_FUTURE_VERBS):
            return True
    return False


_UNIT_KIND = {"شهر": "month_offset", "عام": "year_offset", "سنه": "year_offset", "اسبوع": "week_offset"}


def _unit_offset(m, text):
    unit = m.group("unit")
    unit = unit.removeprefix("ال")
    offset = 0 if m.group("this") else DIRECTION[m.group("dir")]
    yield Match(m.start(), m.end(), _UNIT_KIND[unit], offset=offset)


_HANDLERS = {
    "dmy": _dmy, "my": _my, "month_rel_year": _month_rel_year, "year_range": _year_range, "month": _month_alone,
    "numeric": _numeric, "hijri": _hijri, "hijri_year": _hijri_year, "hijri_relative": _hijri_relative,
    "year": _year, "relday": _relday, "unit_offset": _unit_offset,
}
