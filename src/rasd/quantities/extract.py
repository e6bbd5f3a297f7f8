"""Number phrases, units and cues in normalized text (rasd.text.normalize: hamza, ة and Eastern digits folded).

:func:`quantity_expressions` does the work of :func:`rasd.quantities.find_quantities` in normalized offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from rasd.text import normalize_key, tokenize
from rasd.time import date_expressions

# --- number words ---------------------------------------------------------------------------------------------------

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
DUAL_SCALES = {2000: ("ألفين", "ألفان"), 2 * 10**6: ("مليونين", "مليونان"), 2 * 10**9: ("مليارين", "ملياران")}
VAGUE = {10: ("عشرات",), 100: ("مئات", "مئآت")}
FRACTIONS = {0.5: ("نصف",), 1 / 3: ("ثلث",), 0.25: ("ربع",)}


def _key(w: str) -> str:
    return normalize_key(w)


def _word_table() -> dict[str, tuple[str, float]]:
    """Normalized number word -> (role, value); roles: unit, ten, teen_unit, tens, hundred, scale, vague, fraction."""
    table: dict[str, tuple[str, float]] = {}
    for value, words in UNITS.items():
        for w in words:
            table[_key(w)] = ("unit", value)
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

# --- units ----------------------------------------------------------------------------------------------------------

CURRENCIES = {
    # word forms -> default ISO code (None: decided by the country named after it or in the text)
    "USD": ("دولار", "دولارا", "دولارات", "الدولارات", "دولارين", "$"),
    "EUR": ("يورو", "اورو", "أورو", "€"),
    "dinar": ("دينار", "دينارا", "دنانير", "الدنانير", "دينارين", "د", "د.ت", "دت"),
    "EGP": ("جنيه", "جنيها", "جنيهات", "الجنيهات"),
    "SAR": ("ريال", "ريالا", "ريالات"),
    "dirham": ("درهم", "درهما", "دراهم"),
    "pound": ("ليرة", "ليرات"),
    "GBP": ("جنيه استرليني", "جنيها استرلينيا", "جنيه إسترليني", "استرليني", "£"),
    "CHF": ("فرنك سويسري",),
    "XOF": ("فرنك إفريقي", "فرنك افريقي"),
    "MRU": ("أوقية",),
    "ILS": ("شيكل", "شيكلا", "شواكل"),
    "CNY": ("يوان",),
    "RUB": ("روبل",),
    "JPY": ("ين ياباني",),
    "TND_milli": ("مليم", "مليما", "مي"),
    "TND_million": ("م د", "م.د", "م.د.", "مد", "م دينار"),
    "TND_thousand": ("أ د", "أ.د", "ألف د"),
}
COUNTRY_CURRENCY = {
    # adjective after the currency word, or country named in the text -> ISO code, per ambiguous currency word
    "dinar": {"تونسي": "TND", "تونس": "TND", "ليبي": "LYD", "ليبيا": "LYD", "جزائري": "DZD", "الجزائر": "DZD",
              "عراقي": "IQD", "العراق": "IQD", "أردني": "JOD", "الأردن": "JOD", "كويتي": "KWD", "الكويت": "KWD",
              "بحريني": "BHD", "البحرين": "BHD"},
    "dirham": {"مغربي": "MAD", "المغرب": "MAD", "إماراتي": "AED", "الإمارات": "AED"},
    "pound": {"لبنانية": "LBP", "لبنان": "LBP", "سورية": "SYP", "سوريا": "SYP", "تركية": "TRY", "تركيا": "TRY"},
    "EGP": {"مصري": "EGP", "سوداني": "SDG", "السودان": "SDG"},
    "SAR": {"سعودي": "SAR", "قطري": "QAR", "عماني": "OMR", "يمني": "YER", "إيراني": "IRR", "برازيلي": "BRL"},
    "USD": {"أمريكي": "USD", "أميركي": "USD", "كندي": "CAD", "أسترالي": "AUD"},
}
MEASURES = {
    ("distance", "km"): ("كلم", "كم", "كيلومتر", "كيلومترا", "كيلومترات", "كيلو متر", "كيلو مترا", "كلمتر"),
    ("distance", "m"): ("متر", "مترا", "أمتار", "م"),
    ("distance", "cm"): ("سنتيمتر", "سنتيمترا", "صم", "سم"),
    ("distance", "mi"): ("ميل", "ميلا", "أميال"),
    ("other", "km2"): ("كلم مربع", "كلم2", "كم2", "كيلومتر مربع", "كيلومترا مربعا", "كيلومترات مربعة"),
    ("other", "m2"): ("متر مربع", "مترا مربعا", "أمتار مربعة", "م2", "م²"),
    ("other", "km/h"): ("كلم/س", "كم/س", "كلم في الساعة", "كيلومتر في الساعة"),
    ("other", "ha"): ("هكتار", "هكتارا", "هكتارات", "هك"),
    ("percent", None): ("%", "بالمائة", "بالمئة", "في المائة", "في المئة", "بالمائه", "بالماية"),
    ("other", "year"): ("سنة", "سنوات", "سنين", "عام", "عاما", "أعوام", "سنتين", "عامين"),
    ("other", "month"): ("شهر", "شهرا", "أشهر", "شهور", "شهرين"),
    ("other", "week"): ("أسبوع", "أسبوعا", "أسابيع", "أسبوعين"),
    ("other", "day"): ("يوم", "يوما", "أيام", "يومين"),
    ("other", "hour"): ("ساعة", "ساعات", "ساعتين"),
    ("other", "minute"): ("دقيقة", "دقائق", "دقيقتين"),
    ("other", "second"): ("ثانية", "ثوان", "ثواني"),
    ("other", "t"): ("طن", "طنا", "أطنان"),
    ("other", "kg"): ("كلغ", "كغ", "كيلوغرام", "كيلوغراما", "كيلوغرامات", "كيلو", "كيلوجرام", "كيلو غرام"),
    ("other", "g"): ("غرام", "غراما", "غرامات", "جرام", "غ"),
    ("other", "l"): ("لتر", "لترا", "لترات", "ل"),
    ("other", "degree"): ("درجة", "درجات", "درجة مائوية", "درجات مائوية", "°"),
    ("other", "MW"): ("ميغاوات", "ميغاواط", "ميغاوط"),
}
FATAL_NOUNS = ("قتيل", "قتيلا", "قتلى", "شهيد", "شهيدا", "شهداء", "وفيات", "ضحية", "ضحايا", "حالة وفاة", "حالات وفاة",
               "قتيلين", "شهيدين")
INJURY_NOUNS = ("جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين", "جريحين")
FATAL_CUES = ("مقتل", "قتل", "مصرع", "وفاة", "استشهاد", "لقي", "لقيا", "لقوا", "يقتل", "قتلت", "قتلوا", "حصد",
              "أودى", "مات", "توفي", "حياة", "بحياة", "حصيلة", "أرواح", "سقوط", "فقدان")
INJURY_CUES = ("إصابة", "أصيب", "أصيبوا", "جرح", "إصابات", "يصاب", "جرحت")
HEDGES = ("نحو", "حوالي", "قرابة", "زهاء", "ما", "لا", "يقل", "عن", "أكثر", "من", "أقل", "على", "الأقل", "بين",
          "ما يقارب", "يقارب", "أزيد", "بحوالي", "بنحو", "وإصابة", "عدد")
MONEY_CUES = ("ميزانية", "بميزانية", "مبلغ", "بمبلغ", "قيمة", "بقيمة", "قيمتها", "قيمته", "كلفة", "بكلفة", "تكلفة",
              "بتكلفة", "تمويل", "بتمويل", "قرض", "بقرض", "اعتمادات", "رصد", "خصص", "خصصت", "منحة", "تبرع", "غرامة",
              "بغرامة", "خطية", "استثمارات", "باستثمارات", "رقم معاملات", "قدرها", "قدره", "ديون", "عجز")
# Words before a number that make it an identifier or a rank, not a quantity.
DESIGNATORS = ("الفصل", "فصل", "الفصول", "عدد", "رقم", "الرقم", "المرتبة", "المركز", "الدقيقة", "الجولة", "الحلقة",
               "الدورة", "الطبعة", "النسخة", "الجزء", "المادة", "البند", "الطريق", "القانون", "قانون", "الأمر",
               "أمر", "المرسوم", "مرسوم", "القرار", "الساعة", "ح", "الهدف", "المقعد", "الصف", "القسم", "المستوى",
               "الطابق", "نهج", "شارع", "المجموعة", "الفيلق", "اللواء", "معسكر", "كتيبة", "الكتيبة", "الفرقة",
               "ولاية", "القرن", "المنشور", "الكيلومتر", "كلم", "الدرجة", "الأسبوع", "المباراة", "الملعب",
               "الفقرة", "بتاريخ", "مؤرخ", "المؤرخ", "مؤرخة", "المؤرخة", "تحت", "ر", "المجلد", "الصفحة", "صفحة",
               "القاعة", "النقطة", "جي", "عيار", "بند", "مادة", "الفئة", "فئة", "المستودع", "الوحدة", "ف",
               "المدرسة", "المجلة", "الدائرة", "دائرة", "بوابة", "البوابة", "المحطة", "الخط", "الحافلة", "الرحلة")
# Function words: a number followed by one of these has nothing counted after it.
FUNCTION_WORDS = (
    "في", "من", "الى", "إلى", "على", "عن", "مع", "او", "أو", "و", "ثم", "بعد", "قبل", "حتى", "منذ", "خلال", "مقابل",
    "حسب", "بين", "كما", "وذلك", "وقد", "قد", "التي", "الذي", "الذين", "ان", "أن", "إن", "انه", "أنه", "حيث", "عندما",
    "فيما", "والتي", "اي", "أي", "اثر", "إثر", "عبر", "لدى", "منهم", "منها", "فقط", "هذا", "هذه", "ذلك", "تلك",
    "بينهم", "بينها", "كل", "لم", "لن", "لا", "ما", "هو", "هي", "هم", "وهو", "وهي", "نحو", "تقريبا", "فيها", "فيه",
    "سنويا", "شهريا", "يوميا", "أسبوعيا", "عالميا", "مقارنة", "انطلاقا", "فأكثر", "فما", "وما", "ونصف", "وربع",
    "وثلث", "مرة", "مرات", "يعني", "أيضا", "ايضا", "وفق", "وفقا", "بنسبة", "ليصبح", "لتصبح", "لتبلغ", "ليبلغ",
    "مسجلة", "مسجلا", "بعدما", "حين", "بل", "لكن", "غير", "سوى", "ضد", "دون", "قرب", "لمدة", "مدة",
)
# Countable nouns whose dual is unambiguous (feminine -تين/-تان, or masculine with a broken plural).
DUAL_FEMININE = (
    "طائرة", "سيارة", "مرة", "شركة", "دولة", "حالة", "قطعة", "مباراة", "نقطة", "جولة", "قذيفة", "سفينة", "دبابة",
    "مركبة", "حافلة", "شاحنة", "عملية", "فتاة", "امرأة", "مجموعة", "منطقة", "ولاية", "بلدية", "مدرسة", "مؤسسة",
    "وزارة", "جامعة", "كتيبة", "رصاصة", "طلقة", "ليلة", "مرحلة", "دورة", "مدينة", "قرية", "غرفة", "شقة", "بناية",
    "عمارة", "طفلة", "نسخة", "بطاقة", "قضية", "جريمة", "حادثة", "عبوة", "سيدة", "جثة", "ميدالية", "بطولة", "مروحية",
    "رحلة", "سنة", "ساعة", "دقيقة", "جلسة", "لجنة", "وحدة", "ركعة", "وثيقة", "سرقة", "شاحنة", "مسيرة", "زيارة",
)
DUAL_MASCULINE = (
    "شخص", "يوم", "شهر", "عام", "أسبوع", "هدف", "طفل", "جندي", "رجل", "شاب", "قتيل", "جريح", "شهيد", "صاروخ", "لغم",
    "عنصر", "بلد", "قرن", "مشروع", "هجوم", "انفجار", "فريق", "منزل", "طن", "متر", "دولار", "دينار", "حزب", "وزير",
    "نائب", "سجين", "قارب", "زورق", "مسجد", "مقعد", "شرطي", "كيلومتر", "مليون", "ألف", "مليار", "نادي", "مركز",
    "شقيق", "ابن", "طبيب", "أسير", "موقع", "مبنى", "باب", "مكتب", "حكم", "كتاب", "فيلم", "عرض", "صحفي",
)
DUAL_UNITS = {"سنة": "year", "عام": "year", "شهر": "month", "أسبوع": "week", "يوم": "day", "ساعة": "hour",
              "دقيقة": "minute", "طن": "t", "متر": "m", "كيلومتر": "km"}


@dataclass
class Found:
    """A quantity in normalized offsets."""

    start: int
    end: int
    value: float | int
    kind: str
    unit: str | None


# --- regexes --------------------------------------------------------------------------------------------------------


def _alt(words) -> str:
    keys = sorted({_key(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(k).replace(r"\ ", r"\s*") for k in keys) + ")"


CL = r"(?<=(?:^|[^\w])(?:[وف]?[بلك]?))"
END = r"(?!\w)"
DIGITS = r"(?<![\d.,])\d+(?:[.,]\d+)*(?![.,]?\d)"
WORD_ATOM = _alt(NUMBER_WORDS)
ATOM = rf"(?:{DIGITS}|{WORD_ATOM}{END})"
# A phrase: a first atom (digits or a word, after clitics), then number words joined by spaces or و.
NUMBER_RE = regex.compile(
    rf"(?:{CL}|(?<=\d)(?=[^\W\d_])|(?<=[%$€£])|(?<=[\w]ب)(?=\d))(?:[%$€£]\s*)?{ATOM}(?:\s*(?:و\s*)?{WORD_ATOM}{END})*"
)
ATOM_RE = regex.compile(rf"(?P<num>{DIGITS})|(?P<word>{WORD_ATOM}){END}|(?P<and>و)")


def _unit_table() -> list[tuple[str, str, str | None]]:
    rows = []
    for code, words in CURRENCIES.items():
        for w in words:
            rows.append((w, "money", code))
    for (kind, unit), words in MEASURES.items():
        for w in words:
            rows.append((w, kind, unit))
    for w in FATAL_NOUNS:
        rows.append((w, "fatalities", "person"))
    for w in INJURY_NOUNS:
        rows.append((w, "injuries", "person"))
    return rows


_UNITS = {_key(w): (kind, unit) for w, kind, unit in _unit_table()}
UNIT_RE = regex.compile(rf"\s*(?:ب?ال)?(?P<unit>{_alt(_UNITS)})(?:(?<=[%°$€£])|{END})")
SYMBOL_BEFORE_RE = regex.compile(r"[%$€£]\s*$")
_ADJ = {_key(adj): code for table in COUNTRY_CURRENCY.values() for adj, code in table.items()}
ADJ_RE = regex.compile(rf"\s+(?:ال)?(?P<adj>{_alt(_ADJ)})(?:ا|ه|ة)?{END}")
WORD_RE = regex.compile(r"\s*(?P<word>[^\W\d_]+)")
PREV_WORDS_RE = regex.compile(r"(?:[^\W\d_]+\W*){1,5}$")
FATAL_KEYS = frozenset(_key(w) for w in FATAL_CUES)
INJURY_KEYS = frozenset(_key(w) for w in INJURY_CUES)
HEDGE_KEYS = frozenset(_key(w) for w in HEDGES)
MONEY_CUE_KEYS = frozenset(_key(w) for w in MONEY_CUES)
DESIGNATOR_KEYS = frozenset(_key(w) for w in DESIGNATORS)
FUNCTION_KEYS = frozenset(_key(w) for w in FUNCTION_WORDS)
NOUN_EXCLUDE = FUNCTION_KEYS | frozenset(NUMBER_WORDS)
SCORE_RE = regex.compile(r"\s*(?:-|:|/|مقابل\s)\s*\d")
SCORE_BEFORE_RE = regex.compile(r"\d\s*(?:-|:|/|مقابل)\s*$")
DUAL_RE = regex.compile(
    CL + r"(?P<stem>[^\W\d_]{2,}?)(?P<suffix>تين|تان|ين|ان)" + END
)
_DUAL_FEM = {_key(w)[:-1]: _key(w) for w in DUAL_FEMININE}
_DUAL_MASC = {_key(w): _key(w) for w in DUAL_MASCULINE}
_DUAL_UNIT = {_key(w): u for w, u in DUAL_UNITS.items()}
RANGE_RE = regex.compile(r"\s*(?:و|الي|-|او|حتي)\s*(?=\d)")
ENUM_RE = regex.compile(r"(?:^|\s)و|,")
COUNT_OF_RE = regex.compile(r"\s+(?:ال|[^\W\d_]+\s)")
TWO_RE = regex.compile(r"\s*(?:اثنين|اثنتين|اثنان|اثنتان)" + END)
_PERSON_ADJ_RE = regex.compile(r"\s*(?:اخرين|اخرون)" + END)
COUNTRY_IN_TEXT_RE = regex.compile(
    CL + r"(?:ال)?(?P<country>" + _alt(k for t in COUNTRY_CURRENCY.values() for k in t) + r")(?:ه|ا|ين|يه)?" + END
)


# --- parsing --------------------------------------------------------------------------------------------------------


def parse_digits(s: str) -> float | int | None:
    """The value of a digit string with separators (see the package docstring for the rules)."""
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
            thousands = sep == "." and len(tail) == 3 and (tail == "000" or len(head) >= 2)
            s = head + tail if thousands else head + "." + tail
    value = float(s)
    return int(value) if "." not in s else value


def _number_value(text: str, start: int, end: int) -> list[tuple[int, int, float, bool, bool]]:
    """Split a number phrase into numbers: (start, end, value, has_scale, vague)."""
    atoms = []
    for m in ATOM_RE.finditer(text, start, end):
        if m.group("num"):
            value = parse_digits(m.group("num"))
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
        j, value, has_scale, vague = _parse_one(atoms, i)
        if j == i:
            i += 1
            continue
        out.append((atoms[i][0], atoms[j - 1][1], value, has_scale, vague))
        i = j
    return out


def _parse_one(atoms, i):
    """Consume one number from ``atoms[i:]``; returns (next index, value, has_scale, vague)."""
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
        if role in ("digits", "unit", "tens"):
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
    return j, total + current, has_scale, vague


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


# --- classification -------------------------------------------------------------------------------------------------


def _prev_words(text: str, pos: int) -> list[str]:
    m = PREV_WORDS_RE.search(text, max(0, pos - 60), pos)
    return regex.findall(r"[^\W\d_]+", m.group(0))[::-1] if m else []


def _strip_clitics(word: str) -> list[str]:
    forms = [word]
    for p in ("و", "ف", "ب", "ل", "وب", "ول", "فب", "ال", "وال", "بال", "لل", "ولل"):
        if word.startswith(p) and len(word) - len(p) >= 2:
            forms.append(word[len(p):])
    return forms


def _casualty_before(words: list[str]) -> str | None:
    for w in words[:4]:
        forms = _strip_clitics(w)
        if any(f in FATAL_KEYS for f in forms):
            return "fatalities"
        if any(f in INJURY_KEYS for f in forms):
            return "injuries"
        if not any(f in HEDGE_KEYS for f in forms):
            return None
    return None


def _currency_code(code: str, text: str, unit_end: int) -> tuple[str | None, int, float]:
    """ISO code of a currency word, the end of its adjective if any, and a value multiplier."""
    if code.startswith("TND_"):
        return "TND", unit_end, {"TND_milli": 0.001, "TND_million": 1e6, "TND_thousand": 1e3}[code]
    adj = ADJ_RE.match(text, unit_end)
    if adj and code in COUNTRY_CURRENCY:
        iso = _ADJ[adj.group("adj")]
        if iso in COUNTRY_CURRENCY[code].values():
            return iso, adj.end(), 1
    if code in ("dinar", "dirham", "pound"):
        return _country_default(code, text), unit_end, 1
    return code, unit_end, 1


def _country_default(code: str, text: str) -> str | None:
    """The currency of the country named most often in the text, for a currency word several countries use."""
    counts: dict[str, int] = {}
    keys = {_key(k): v for k, v in COUNTRY_CURRENCY[code].items()}
    for m in COUNTRY_IN_TEXT_RE.finditer(text):
        iso = keys.get(m.group("country"))
        if iso:
            counts[iso] = counts.get(iso, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _clean(value: float) -> float | int:
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def quantity_expressions(text: str) -> list[Found]:
    """Quantities of normalized ``text`` in text order."""
    blocked = [(m.start, m.end) for m in date_expressions(text)]

    def is_blocked(s, e):
        return any(s < be and e > bs for bs, be in blocked)

    found: list[Found] = []
    for phrase in NUMBER_RE.finditer(text):
        p_start = phrase.start()
        symbol = phrase.group(0)[0] if phrase.group(0)[0] in "%$€£" else None
        for start, end, value, has_scale, vague in _number_value(text, p_start, phrase.end()):
            if is_blocked(start, end):
                continue
            quantity = _classify(text, start, end, value, has_scale or vague, symbol if start == p_start else None)
            if quantity is not None:
                if symbol and start == p_start + 1:
                    quantity.start = p_start
                found.append(quantity)
    for m in DUAL_RE.finditer(text):
        q = _dual(text, m)
        if q and not is_blocked(q.start, q.end):
            found.append(q)
    found.sort(key=lambda q: q.start)
    _resolve_bare(text, found)
    return [q for q in found if q.kind not in ("bare", "range")]


def _classify(text: str, start: int, end: int, value: float, scaled: bool, symbol: str | None) -> Found | None:
    """One number as a quantity, "bare" (resolved later from its neighbours), or None when it is not one."""
    digits = text[start].isdigit()
    if digits and (SCORE_RE.match(text, end) or SCORE_BEFORE_RE.search(text, max(0, start - 12), start)):
        return None
    prev = _prev_words(text, start)
    adjacent = prev and text[:start].rstrip().endswith(prev[0])
    if digits and not scaled and adjacent and any(f in DESIGNATOR_KEYS for f in _strip_clitics(prev[0])):
        return None
    kind, unit, unit_end, multiplier = _unit_after(text, start, end, symbol)
    casualty = _casualty_before(prev)
    if casualty and (kind is None or kind == "count"):
        kind, unit = casualty, "person"
        follow = _PERSON_ADJ_RE.match(text, unit_end)
        if follow:
            unit_end = follow.end()
    if kind is None:
        if not scaled and RANGE_RE.match(text, end):
            kind = "range"  # "بين 20 و30 شخصا": takes the unit of the number after it
        elif scaled or any(f in MONEY_CUE_KEYS for w in prev[:3] for f in _strip_clitics(w)):
            kind = "bare"
        else:
            return None
    if kind == "count" and not digits and value == 1:
        return None
    value = _clean(value * multiplier)
    if kind in ("fatalities", "injuries") and not float(value).is_integer():
        return None
    return Found(start, unit_end, value, kind, unit)


def _unit_after(text: str, start: int, end: int, symbol: str | None):
    """(kind, unit, end, multiplier) from the unit or counted noun after a number; kind None if nothing."""
    if symbol:
        return ("percent", None, end, 1) if symbol == "%" else \
            ("money", {"$": "USD", "€": "EUR", "£": "GBP"}[symbol], end, 1)
    um = UNIT_RE.match(text, end)
    if um and not (len(um.group("unit")) == 1 and um.group("unit").isalpha() and not text[start].isdigit()):
        kind, unit = _UNITS[um.group("unit")]
        if kind == "money":
            unit, unit_end, multiplier = _currency_code(unit, text, um.end())
            return kind, unit, unit_end, multiplier
        return kind, unit, um.end(), 1
    noun = WORD_RE.match(text, end)
    if noun and _is_counted_noun(noun.group("word")) and "\n" not in text[end:noun.start("word")]:
        return "count", None, noun.end(), 1
    if noun and noun.group("word") == "من" and COUNT_OF_RE.match(text, noun.end()):
        return "count", None, end, 1
    return None, None, end, 1


def _is_counted_noun(word: str) -> bool:
    if word in NOUN_EXCLUDE or word.startswith("ال") or len(word) < 2:
        return False
    return not any(seg.role == "proclitic" and seg.text in "لبك" for seg in tokenize(word)[0].segments)


def _dual(text, m) -> Found | None:
    """"طائرتين" -> 2: the dual of a known countable noun, indefinite."""
    stem, suffix = m.group("stem"), m.group("suffix")
    table = _DUAL_FEM if suffix in ("تين", "تان") else _DUAL_MASC
    start = m.start()
    for clitic in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ك"):
        if stem.startswith(clitic) and stem[len(clitic):] in table:
            noun = table[stem[len(clitic):]]
            start += len(clitic)
            break
    else:
        return None
    end = m.end()
    unit = _DUAL_UNIT.get(noun)
    kind = "other" if unit else "count"
    casualty = _casualty_before(_prev_words(text, start))
    if casualty and not unit:
        kind, unit = casualty, "person"
    follow = TWO_RE.match(text, end)
    if follow:
        end = follow.end()
    return Found(start, end, 2, kind, unit)


def _resolve_bare(text: str, found: list[Found]) -> None:
    """Bare scaled numbers take the currency of the amount they continue or of the last one after a money word;
    a number that opens a range takes the unit of the number that closes it."""
    last_money: Found | None = None
    for i, q in enumerate(found):
        if q.kind == "range":
            after = found[i + 1] if i + 1 < len(found) else None
            if after and after.kind not in ("bare", "range") and RANGE_RE.match(text, q.end) and \
                    RANGE_RE.match(text, q.end).end() >= after.start:
                q.kind, q.unit = after.kind, after.unit
        elif q.kind == "bare":
            previous = found[i - 1] if i else None
            cue = any(f in MONEY_CUE_KEYS for w in _prev_words(text, q.start)[:3] for f in _strip_clitics(w))
            continues = (previous is not None and previous.kind == "money" and q.start - previous.end <= 40
                         and ENUM_RE.search(text, previous.end, q.start))
            if cue or continues:
                q.kind, q.unit = "money", last_money.unit if last_money else None
            else:
                q.kind = "count"
        if q.kind == "money":
            last_money = q
