"""Numbers in normalized Arabic text: digits with Arabic and Western separators, and number words.

"ثلاثة آلاف وخمسمائة" is 3500, "29 مليونا" 29000000, "مليون ونصف" 1500000, "عشرات ملايين" 10000000 (vague
plurals count as their order of magnitude), "2ر13" 13.2 (the Tunisian news agency writes decimals with ر).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex

from rasd.text import normalize_key
from rasd.time.patterns import alternation

UNITS = {
    1: ("واحد", "واحدة"), 2: ("اثنان", "اثنين", "اثنتان", "اثنتين"), 3: ("ثلاث", "ثلاثة"), 4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"), 6: ("ست", "ستة"), 7: ("سبع", "سبعة"), 8: ("ثمان", "ثماني", "ثمانية"), 9: ("تسع", "تسعة"),
}
TEN = ("عشر", "عشرة")
TWELVE = ("اثنا", "اثني", "اثنتا", "اثنتي")
ELEVEN = ("أحد", "إحدى")
TENS = {20: "عشر", 30: "ثلاث", 40: "أربع", 50: "خمس", 60: "ست", 70: "سبع", 80: "ثمان", 90: "تسع"}
HUNDREDS = {100: ("مائة", "مئة"), 200: ("مائتان", "مائتين", "مئتان", "مئتين")}
HUNDRED_PREFIX = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان", 9: "تسع"}
SCALES = {
    1000: ("ألف", "ألفا", "آلاف"), 10**6: ("مليون", "مليونا", "ملايين"), 10**9: ("مليار", "مليارا", "مليارات", "بليون"),
}
DUAL_SCALES = {2000: ("ألفين", "ألفان", "ألفي"), 2 * 10**6: ("مليونين", "مليونان", "مليوني"),
               2 * 10**9: ("مليارين", "ملياران", "ملياري")}
VAGUE = {10: ("عشرات", "العشرات"), 100: ("مئات", "المئات"), 1000: ("الآلاف",), 10**6: ("الملايين",),
         10**9: ("المليارات",)}
FRACTIONS = {0.5: ("نصف",), 1 / 3: ("ثلث",), 0.25: ("ربع",)}


def _key(w: str) -> str:
    return normalize_key(w)




def _word_table() -> dict[str, tuple[str, float]]:
    """Normalized number word -> (role, value); roles: unit, ten, teen_unit, tens, hundred, scale, vague, fraction."""
    table: dict[str, tuple[str, float]] = {}
    for value, words in UNITS.items():
        for w in words:
            table[_key(w)] = ("unit", value)
            if value > 2:  # "الثلاثة آلاف": a definite number word, a number only before a scale word
                table[_key("ال" + w)] = ("definite", value)
    for w in TEN:
        table[_key(w)] = ("ten", 10)
    for w in TWELVE:
        table[_key(w)] = ("unit", 2)
    for w in ELEVEN:
        table[_key(w)] = ("eleven", 1)
    for value, stem in TENS.items():
        for suffix in ("ون", "ين"):
            table[_key(stem + suffix)] = ("tens", value)
    for value, words in HUNDREDS.items():
        for w in words:
            table[_key(w)] = ("hundred", value)
    for n, stem in HUNDRED_PREFIX.items():
        for h in ("مائة", "مئة"):
            table[_key(stem + h)] = ("hundred", n * 100)
    table[_key("ثمانمائة")] = ("hundred", 800)
    for value, words in SCALES.items():
        for w in words:
            table[_key(w)] = ("scale", value)
    for value, words in DUAL_SCALES.items():
        for w in words:
            table[_key(w)] = ("dual_scale", value)
    for value, words in VAGUE.items():
        for w in words:
            table[_key(w)] = ("vague", value)
    for value, words in FRACTIONS.items():
        for w in words:
            table[_key(w)] = ("fraction", value)
    return table


NUMBER_WORDS = _word_table()



class Number(NamedTuple):
    """A number in normalized text: ``scaled`` when it has a scale word (ألف, مليون), ``vague`` for عشرات, مئات."""

    start: int
    end: int
    value: float
    scaled: bool
    vague: bool
    fraction_only: bool = False
    scale: float = 1  # the last scale word (1000 for "12 ألف"), for "من 10 إلى 12 ألف سنة"


CL = r"(?<=(?:^|[^\w])(?:[وف]?[بلك]?))"
END = r"(?!\w)"
DIGITS = r"(?<![\d.,])\d+(?:[.,]\d+)*(?![.,]?\d)"
TAP_DECIMAL = r"(?<![\d.,])\d+ر\d+(?![.,]?\d)"
SPOKEN_DECIMAL = r"(?<![\d.,])\d+\s+فاصل\s+\d+(?![.,]?\d)"  # "2 فاصل 7" is 2.7
WORD_ATOM = alternation(NUMBER_WORDS, space=r"\s*")
ATOM = rf"(?:{SPOKEN_DECIMAL}|{TAP_DECIMAL}|{DIGITS}|{WORD_ATOM}{END})"
# Where a number may start: after clitics, after the article (الـ500), glued to an Arabic word (مقابل6727), after a
# currency or percent sign.
START = r"(?:" + CL + r"|(?<=(?:^|\W)[وفبل]?ال)(?=\d)|(?<=[\u0621-\u064a])(?=\d)|(?<=[%$€£]))"
NUMBER_RE = regex.compile(rf"{START}(?:[%$€£]\s*)?{ATOM}(?:\s*(?:و\s*)?{WORD_ATOM}{END})*")
ATOM_RE = regex.compile(
    rf"(?P<spoken>{SPOKEN_DECIMAL})|(?P<tap>{TAP_DECIMAL})|(?P<num>{DIGITS})|(?P<word>{WORD_ATOM}){END}|(?P<and>و)"
)


SCALE_AFTER_RE = regex.compile(r"\s*(?:" + "|".join(sorted((k for k, (role, _) in NUMBER_WORDS.items()
                                                             if role in ("scale", "dual_scale")), key=len,
                                                            reverse=True)) + ")" + END)


# Where number phrases may start: digits, signs, and number words after clitic letters.
_CANDIDATE = re.compile(r"[%$€£]|\d+|(?<![^\W\d_])[وف]??[بلك]??(?P<word>" + WORD_ATOM + r")(?![^\W\d_])")


def _candidates(text: str):
    for m in _CANDIDATE.finditer(text):
        yield m.start("word") if m.group("word") else m.start()


def number_phrases(text: str):
    """Yield (phrase match, [Number, ...]) for every number phrase of normalized ``text``."""
    end = 0
    for start in _candidates(text):
        if start < end:
            continue
        phrase = NUMBER_RE.match(text, start)
        if phrase:
            end = phrase.end()
            yield phrase, _numbers(text, phrase.start(), phrase.end())


def parse_digits(s: str, before_scale: bool = False) -> float | int | None:
    """The value of a digit string with separators (see the package docstring for the rules); before a scale word
    ("12.815 ألف طن") a single separator is always decimal."""
    if "," in s and "." in s:
        thousands, decimal = (",", ".") if s.rfind(".") > s.rfind(",") else (".", ",")
        s = s.replace(thousands, "").replace(decimal, ".")
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        parts = s.split(sep)
        if len(parts) > 2:
            if not all(len(p) == 3 for p in parts[1:]):
                return None
            s = "".join(parts)
        else:
            head, tail = parts
            thousands = sep == "." and len(tail) == 3 and (tail == "000" or len(head) >= 2) and not before_scale
            s = head + tail if thousands else head + "." + tail
    value = float(s)
    return int(value) if "." not in s else value


def _numbers(text: str, start: int, end: int) -> list[Number]:
    """Split a number phrase into numbers ("ثلاثة وأربعة" is two)."""
    atoms = []
    for m in ATOM_RE.finditer(text, start, end):
        if m.group("spoken"):
            whole, fraction = m.group("spoken").split("فاصل")
            atoms.append((m.start(), m.end(), "digits", float(f"{whole.strip()}.{fraction.strip()}")))
        elif m.group("tap"):
            fraction, _, whole = m.group("tap").partition("ر")  # written "2ر13" for 13.2
            atoms.append((m.start(), m.end(), "digits", float(f"{whole}.{fraction}")))
        elif m.group("num"):
            scale_next = SCALE_AFTER_RE.match(text, m.end())
            value = parse_digits(m.group("num"), before_scale=bool(scale_next))
            if value is None:
                return []  # a phone number or a code
            atoms.append((m.start(), m.end(), "digits", value))
        elif m.group("word"):
            role, value = NUMBER_WORDS[m.group("word")]
            atoms.append((m.start(), m.end(), role, value))
        else:
            atoms.append((m.start(), m.end(), "and", 0))
    out = []
    i = 0
    while i < len(atoms):
        j, value, has_scale, vague, scale = _parse_one(atoms, i)
        if j == i:
            i += 1
            continue
        fraction_only = j == i + 1 and atoms[i][2] == "fraction"
        if atoms[i][2] == "definite" and not has_scale:
            i = j
            continue
        out.append(Number(atoms[i][0], atoms[j - 1][1], value, has_scale, vague, fraction_only, scale or 1))
        i = j
    return out


def _parse_one(atoms, i):
    """Consume one number from ``atoms[i:]``; returns (next index, value, has_scale, vague, last scale)."""
    total = current = 0.0
    last_scale = 0
    has_scale = vague = pending_and = started = False
    j = i
    while j < len(atoms):
        _, _, role, value = atoms[j]
        if role == "and":
            if not started or pending_and:
                break
            pending_and = True
            j += 1
            continue
        if started and not _may_follow(role, value, current, last_scale, pending_and):
            break
        if role in ("digits", "unit", "tens", "definite"):
            current += value
        elif role == "eleven":
            current += 1
        elif role == "ten":
            current += 10
        elif role == "hundred":
            current = current * 100 if current and current < 10 and not pending_and and value == 100 \
                else current + value
        elif role == "scale":
            total += (current or 1) * value
            current, last_scale, has_scale = 0, value, True
        elif role == "dual_scale":
            total += value
            current, last_scale, has_scale = 0, value // 2, True
        elif role == "vague":
            current, vague = (current or 1) * value, True
        elif role == "fraction":
            if pending_and:
                total += value * last_scale
            else:
                current = value
        started, pending_and = True, False
        j += 1
    if pending_and:
        j -= 1
    return j, total + current, has_scale, vague, last_scale


def _may_follow(role, value, current, last_scale, pending_and) -> bool:
    """Whether a number word continues the number read so far ("خمسة وعشرون", "ثلاثة آلاف", "مليون ونصف")."""
    if role == "digits":
        return False
    if role in ("scale", "dual_scale", "vague"):
        return not pending_and and (not last_scale or value < last_scale) and role != "dual_scale"
    if role == "fraction":
        return pending_and and bool(last_scale)
    if role == "ten":
        return not pending_and and 0 < current < 10
    if role == "tens":
        return pending_and and current % 100 < 10
    if role in ("unit", "eleven"):
        return pending_and and current % 100 == 0 and (current > 0 or bool(last_scale))
    if role == "hundred":
        return (pending_and and bool(last_scale) and current == 0) or (not pending_and and 0 < current < 10
                                                                       and value == 100)
    return False


