"""Units, cues and duals around the numbers of normalized text (rasd.text.normalize: hamza, ة, Eastern digits folded).

:func:`quantity_expressions` does the work of :func:`rasd.quantities.find_quantities` in normalized offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from rasd.quantities.numbers import CL, END, NUMBER_WORDS, number_phrases
from rasd.text import normalize_key, tokenize
from rasd.text.tokens import vocabulary
from rasd.time import date_expressions
from rasd.time.patterns import alternation

CURRENCIES = {
    # word forms -> ISO code, or a key of COUNTRY_CURRENCY when several countries use the word
    "USD": ("دولار", "دولارا", "دولارات", "الدولارات", "الدولار", "دولارين", "$"),
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
    "USD_cent": ("سنت", "سنتا", "سنتات"),
    "TND_milli": ("مليم", "مليما", "مي"),
    "TND_million": ("م د", "م.د", "م.د.", "مد", "م دينار"),
    "TND_thousand": ("أ د", "أ.د", "ألف د"),
}
SUBUNITS = {"USD_cent": ("USD", 0.01), "TND_milli": ("TND", 0.001), "TND_million": ("TND", 1e6),
            "TND_thousand": ("TND", 1e3)}
COUNTRY_CURRENCY = {
    # the adjective after the currency word, or the country named in the text -> ISO code
    "dinar": {"تونسي": "TND", "تونس": "TND", "ليبي": "LYD", "ليبيا": "LYD", "جزائري": "DZD", "الجزائر": "DZD",
              "عراقي": "IQD", "العراق": "IQD", "أردني": "JOD", "الأردن": "JOD", "كويتي": "KWD", "الكويت": "KWD",
              "بحريني": "BHD", "البحرين": "BHD"},
    "dirham": {"مغربي": "MAD", "المغرب": "MAD", "إماراتي": "AED", "الإمارات": "AED"},
    "pound": {"لبنانية": "LBP", "لبنان": "LBP", "سورية": "SYP", "سوريا": "SYP", "تركية": "TRY", "تركيا": "TRY"},
    "EGP": {"مصري": "EGP", "سوداني": "SDG"},
    "SAR": {"سعودي": "SAR", "قطري": "QAR", "عماني": "OMR", "يمني": "YER", "إيراني": "IRR", "برازيلي": "BRL"},
    "USD": {"أمريكي": "USD", "أميركي": "USD", "كندي": "CAD", "أسترالي": "AUD"},
}
MEASURES = {
    ("distance", "km"): ("كلم", "كم", "كيلومتر", "كيلومترا", "كيلومترات", "كيلو متر", "كيلو مترا", "كلمتر"),
    ("distance", "m"): ("متر", "مترا", "أمتار", "م"),
    ("distance", "cm"): ("سنتيمتر", "سنتيمترا", "صم", "سم"),
    ("distance", "mm"): ("مليمتر", "مليمترا", "مم"),
    ("distance", "mi"): ("ميل", "ميلا", "أميال"),
    ("distance", "nmi"): ("ميل بحري", "ميلا بحريا", "أميال بحرية", "ميل بحريا"),
    ("other", "km2"): ("كلم مربع", "كلم2", "كم2", "كيلومتر مربع", "كيلومترا مربعا", "كيلومترات مربعة"),
    ("other", "m2"): ("متر مربع", "مترا مربعا", "أمتار مربعة", "م2", "م²"),
    ("other", "m3"): ("متر مكعب", "مترا مكعبا", "أمتار مكعبة", "م3"),
    ("other", "km/h"): ("كلم/س", "كم/س", "كلم في الساعة", "كيلومتر في الساعة"),
    ("other", "ha"): ("هكتار", "هكتارا", "هكتارات", "هك"),
    ("percent", None): ("%", "بالمائة", "بالمئة", "في المائة", "في المئة", "بالمائه", "بالماية"),
    ("other", "year"): ("سنة", "سنوات", "سنين", "عام", "عاما", "أعوام"),
    ("other", "month"): ("شهر", "شهرا", "أشهر", "شهور"),
    ("other", "week"): ("أسبوع", "أسبوعا", "أسابيع"),
    ("other", "day"): ("يوم", "يوما", "أيام"),
    ("other", "hour"): ("ساعة", "ساعات"),
    ("other", "minute"): ("دقيقة", "دقائق", "دق"),
    ("other", "second"): ("ثانية", "ثوان", "ثواني"),
    ("other", "t"): ("طن", "طنا", "أطنان"),
    ("other", "kg"): ("كلغ", "كغ", "كيلوغرام", "كيلوغراما", "كيلوغرامات", "كيلو", "كيلوجرام", "كيلو غرام",
                      "كيلو جرام"),
    ("other", "g"): ("غرام", "غراما", "غرامات", "جرام", "غ"),
    ("other", "l"): ("لتر", "لترا", "لترات", "ل"),
    ("other", "degree"): ("درجة", "درجات", "درجة مائوية", "درجات مائوية", "°"),
    ("other", "MW"): ("ميغاوات", "ميغاواط", "ميغاوط"),
    ("other", "kWh"): ("كيلوات/ساعة", "كيلواط/ساعة", "كيلوات ساعة", "كيلواط ساعة", "كيلوواط ساعة"),
}
FATAL_NOUNS = ("قتيل", "قتيلا", "قتلى", "شهيد", "شهيدا", "شهداء", "وفيات", "ضحية", "ضحايا", "حالة وفاة", "حالات وفاة",
               "جثة", "جثث")
INJURY_NOUNS = ("جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين")
FATAL_CUES = ("مقتل", "قتل", "مصرع", "وفاة", "استشهاد", "لقي", "لقيا", "لقوا", "يقتل", "قتلت", "قتلوا", "حصد",
              "أودى", "مات", "توفي", "حياة", "بحياة", "حصيلة", "أرواح", "موت", "الموت", "إعدام", "أعدم")
INJURY_CUES = ("إصابة", "أصيب", "أصيبوا", "جرح", "إصابات", "يصاب", "جرحت")
# Words that may stand between a casualty word and its number ("مقتل ما لا يقل عن 5").
HEDGES = ("نحو", "حوالي", "قرابة", "زهاء", "ما", "لا", "يقل", "عن", "أكثر", "من", "أقل", "على", "الأقل", "بين",
          "يقارب", "أزيد", "عدد", "فيها", "فيه", "منهم", "بينهم", "خلالها", "جراءها", "إثرها", "حتى", "حق")
MONEY_CUES = ("ميزانية", "مبلغ", "قيمة", "قيمتها", "قيمته", "كلفة", "تكلفة", "تمويل", "قرض", "اعتمادات", "رصد", "خصص",
              "خصصت", "منحة", "تبرع", "غرامة", "خطية", "استثمارات", "معاملات", "قدرها", "قدره", "ديون", "عجز",
              "خزينة", "مداخيل", "أرباح", "رأسمال", "ثمن", "سعر")
# Words before a number that make it an identifier or a rank, not a quantity.
DESIGNATORS = ("الفصل", "فصل", "الفصول", "الفصلين", "رقم", "الرقم", "المرتبة", "المركز", "الدقيقة", "الجولة",
               "الحلقة", "الدورة", "الطبعة", "النسخة", "الجزء", "المادة", "البند", "الطريق", "القانون", "قانون",
               "الأمر", "أمر", "المرسوم", "مرسوم", "القرار", "الساعة", "ح", "الهدف", "المقعد", "الصف", "القسم",
               "المستوى", "الطابق", "نهج", "شارع", "الفيلق", "اللواء", "معسكر", "كتيبة", "الكتيبة",
               "الفرقة", "ولاية", "القرن", "المنشور", "الكيلومتر", "كلم", "الدرجة", "الأسبوع", "المباراة", "الملعب",
               "الفقرة", "بتاريخ", "مؤرخ", "المؤرخ", "مؤرخة", "المؤرخة", "تحت", "ر", "المجلد", "الصفحة", "صفحة",
               "القاعة", "النقطة", "عيار", "بند", "مادة", "الفئة", "فئة", "المستودع", "الوحدة", "ف", "المدرسة",
               "الدائرة", "دائرة", "بوابة", "البوابة", "المحطة", "الخط", "الحافلة", "الرحلة", "صنف", "حي", "الذكرى",
               "ذكرى", "الفصيل", "المنطقة", "منطقة", "المروج", "الموسم")
# Designators that name a number only when nothing counted follows it ("القانون عدد 52" but "عدد 107 أشخاص").
WEAK_DESIGNATORS = ("عدد", "المجموعة")
# Words that are not counted nouns: a number followed by one has nothing counted after it.
FUNCTION_WORDS = (
    "في", "من", "الى", "إلى", "على", "عن", "مع", "او", "أو", "ثم", "بعد", "قبل", "حتى", "منذ", "خلال", "مقابل",
    "حسب", "بين", "كما", "وذلك", "قد", "التي", "الذي", "الذين", "ان", "أن", "إن", "انه", "أنه", "حيث", "عندما",
    "فيما", "اي", "أي", "اثر", "إثر", "عبر", "لدى", "منهم", "منها", "فقط", "هذا", "هذه", "ذلك", "تلك", "بينهم",
    "بينها", "كل", "لم", "لن", "لا", "ما", "هو", "هي", "هم", "نحو", "تقريبا", "فيها", "فيه", "سنويا", "شهريا",
    "يوميا", "أسبوعيا", "عالميا", "مقارنة", "انطلاقا", "فأكثر", "ونصف", "وربع", "وثلث", "يعني", "أيضا", "وفق",
    "وفقا", "بنسبة", "ليصبح", "لتصبح", "لتبلغ", "ليبلغ", "مسجلة", "مسجلا", "بعدما", "حين", "بل", "لكن", "غير",
    "تم", "تمت", "يتم", "كان", "كانت", "يكون", "هناك", "لها", "له", "عليها", "عليه", "أمس", "اليوم", "غدا",
    "الآن", "يعتبر", "تعتبر",
    "سوى", "ضد", "دون", "قرب", "لمدة", "مدة", "نهائيا", "حاليا", "رسميا", "جزئيا", "كليا", "مبدئيا", "أساسا",
    "خصوصا", "مجددا", "مؤخرا", "فورا", "سابقا", "لاحقا", "تدريجيا", "نسبيا", "محليا", "دوليا", "وطنيا", "تباعا",
    "مباشرة", "إضافة", "بالإضافة", "ضمن", "لصالح", "لفائدة", "أمام", "وراء", "تحت", "فوق", "عند", "منذ",
)
# Countable nouns whose dual is unambiguous, beyond those the news vocabulary shows (feminine -تين/-تان, or
# masculine with a broken plural, whose -ين is then only a dual).
DUAL_FEMININE = (
    "طائرة", "سيارة", "مرة", "شركة", "دولة", "حالة", "قطعة", "مباراة", "نقطة", "جولة", "قذيفة", "سفينة", "دبابة",
    "مركبة", "حافلة", "شاحنة", "عملية", "فتاة", "امرأة", "مجموعة", "منطقة", "ولاية", "بلدية", "مدرسة", "مؤسسة",
    "وزارة", "جامعة", "كتيبة", "رصاصة", "طلقة", "ليلة", "مرحلة", "دورة", "مدينة", "قرية", "غرفة", "شقة", "بناية",
    "عمارة", "طفلة", "نسخة", "بطاقة", "قضية", "جريمة", "حادثة", "عبوة", "سيدة", "جثة", "ميدالية", "بطولة", "مروحية",
    "رحلة", "سنة", "ساعة", "دقيقة", "جلسة", "لجنة", "وحدة", "ركعة", "وثيقة", "سرقة", "مسيرة", "زيارة", "حقيبة",
    "صفيحة", "تلميذة", "درجة", "حاجة", "عاملة", "طالبة", "ممرضة", "طبيبة", "معلمة", "أستاذة", "شابة", "رضيعة",
)
DUAL_MASCULINE = (
    "شخص", "يوم", "شهر", "عام", "أسبوع", "هدف", "طفل", "جندي", "رجل", "شاب", "قتيل", "جريح", "شهيد", "صاروخ", "لغم",
    "عنصر", "قرن", "مشروع", "هجوم", "انفجار", "فريق", "منزل", "طن", "متر", "حزب", "وزير", "نائب", "سجين",
    "قارب", "زورق", "مسجد", "مقعد", "شرطي", "كيلومتر", "نادي", "مركز", "شقيق", "ابن", "طبيب", "أسير", "موقع", "مبنى",
    "باب", "مكتب", "حكم", "كتاب", "فيلم", "عرض", "محرك", "موسم", "شوط", "قرص", "حاج",
)
DUAL_UNITS = {"سنة": "year", "عام": "year", "شهر": "month", "أسبوع": "week", "يوم": "day", "ساعة": "hour",
              "دقيقة": "minute", "طن": "t", "متر": "m", "كيلومتر": "km", "درجة": "degree"}
# A feminine noun counts as countable when the news vocabulary has its singular and its plural this often.
DUAL_MIN_SINGULAR, DUAL_MIN_PLURAL = 20, 3


@dataclass
class Found:
    """A quantity in normalized offsets."""

    start: int
    end: int
    value: float | int
    kind: str  # a QuantityKind, or "bare" / "range" until resolved from the neighbours
    unit: str | None
    scale: float = 1


def _key(w: str) -> str:
    return normalize_key(w)


def _alt(words) -> str:
    return alternation(words, space=r"\s*")


def _keys(words) -> frozenset[str]:
    return frozenset(_key(w) for w in words)


def _unit_table() -> dict[str, tuple[str, str | None]]:
    table = {}
    for code, words in CURRENCIES.items():
        table.update({_key(w): ("money", code) for w in words})
    for (kind, unit), words in MEASURES.items():
        table.update({_key(w): (kind, unit) for w in words})
    table.update({_key(w): ("fatalities", "person") for w in FATAL_NOUNS})
    table.update({_key(w): ("injuries", "person") for w in INJURY_NOUNS})
    return table


_UNITS = _unit_table()
_UNITS_COMPACT = {"".join(k.split()): v for k, v in _UNITS.items()}  # units match with or without their spaces
# A unit after a number, possibly as "من الدولارات"; a one-letter unit (د, م, ل) only before a space or punctuation.
UNIT_RE = regex.compile(
    rf"\s*(?P<of>من\s+)?(?:ب?ال)?(?P<unit>{_alt(_UNITS)})(?:(?<=[%°$€£])|(?<=\w\w){END}|(?=[\s.,;:)]|$))"
)
_ADJ = {_key(adj): code for table in COUNTRY_CURRENCY.values() for adj, code in table.items()}
ADJ_RE = regex.compile(rf"\s+(?:ال)?(?P<adj>{_alt(_ADJ)})(?:ا|ه)?{END}")
# Countries named in the text, as names or as singular adjectives ("البنك المركزي التونسي", not "الجزائريين").
COUNTRY_RE = regex.compile(CL + "(?:ال)?(?P<country>" + _alt(k for t in COUNTRY_CURRENCY.values() for k in t) + ")"
                           + "(?:ه|ا)?" + END)
WORD_RE = regex.compile(r"[^\S\n]*(?P<word>[^\W\d_]+)")
_GAP = " \t\u00a0\"'()«»:;,.-_/"  # what may stand between a word and its number on one line
_TEN_WORDS = frozenset({"عشر", "عشره"})
_ALIF, _DIVISION_WORDS = "الف", frozenset({"الوطني", "القسم", "صنف", "فئه", "الدرجه"})
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
_PREFIXES = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "ال", "بال", "وال", "لل", "ولل", "وبال",
                       "فال", "كال"})
_BREAK = re.compile(r"[\d\n]")
_LETTERS = re.compile(r"[^\W\d_]+")
SCORE_RE = regex.compile(r"(?::|/|\s*(?:-|مقابل\s)\s*)\d")
SCORE_BEFORE_RE = regex.compile(r"(?:\d(?::|/|\s*(?:-|مقابل)\s*)|[^\W\d_]-)$")
SAME_MONTH_RE = regex.compile(r"\s+من\s+(?:نفس\s+|هذا\s+)?(?:ال)?شهر" + END)
CLOCK_RE = regex.compile(r"الساعه\s+(?:\d+|[^\W\d_]+)\s+و\s*$")  # "الساعة الخامسة و15 دقيقة": a time of day
RANGE_RE = regex.compile(r"\s*(?:و|الي|-|او|حتي)\s*(?=\d)")
ENUM_RE = regex.compile(r"(?:^|\s)(?:و|منها|منه)|,")
ARTICLE_BEFORE_RE = regex.compile(r"(?<![^\W\d_])ال\s?$")  # "الـ6", "الـ 14": an ordinal
COUNT_OF_RE = regex.compile(r"\s+[^\W\d_]{2,}")
TWO_RE = regex.compile(r"\s*(?:اثنين|اثنتين|اثنان|اثنتان)" + END)
OTHERS_RE = regex.compile(r"\s*(?:اخرين|اخرون)" + END)
BELOW_ZERO_RE = regex.compile(r"\s*تحت\s+الصفر" + END)
DUAL_RE = re.compile(r"(?<![^\W\d_])(?P<stem>[^\W\d_]{2,}?)(?P<suffix>تين|تان|ين|ان)(?!\w)")
FATAL_KEYS, INJURY_KEYS, HEDGE_KEYS = _keys(FATAL_CUES), _keys(INJURY_CUES), _keys(HEDGES)
MONEY_CUE_KEYS, DESIGNATOR_KEYS, WEAK_KEYS = _keys(MONEY_CUES), _keys(DESIGNATORS), _keys(WEAK_DESIGNATORS)
NOUN_EXCLUDE = _keys(FUNCTION_WORDS) | frozenset(NUMBER_WORDS)
_DUAL_FEM = {_key(w)[:-1]: _key(w) for w in DUAL_FEMININE}
_DUAL_MASC = {_key(w): _key(w) for w in DUAL_MASCULINE}
_DUAL_UNIT = {_key(w): u for w, u in DUAL_UNITS.items()}
DEFINITE = ("وبال", "ولل", "بال", "وال", "فال", "كال", "لل")  # clitics + article: counted nouns are indefinite
_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك", "")


def quantity_expressions(text: str) -> list[Found]:
    """Quantities of normalized ``text`` in text order."""
    blocked = [(m.start, m.end) for m in date_expressions(text)]

    def is_blocked(s, e):
        return any(s < be and e > bs for bs, be in blocked)

    found: list[Found] = []
    designated_end = -1  # end of the last number that was an identifier, for "الفصلين 227 و239"
    for phrase, numbers in number_phrases(text):
        symbol = phrase.group(0)[0] if phrase.group(0)[0] in "%$€£" else None
        for number in numbers:
            if is_blocked(number.start, number.end):
                continue
            if designated_end >= 0 and text[designated_end:number.start].strip() == "و":
                designated_end = number.end
                continue
            q = _classify(text, number, symbol if number.start <= phrase.start() + 1 else None)
            if q == "designated":
                designated_end = number.end
                continue
            designated_end = -1
            if q is not None:
                if symbol and number.start == phrase.start() + 1:
                    q.start = phrase.start()
                found.append(q)
    for m in DUAL_RE.finditer(text):
        q = _dual(text, m)
        conjoined = q is not None and q.start > m.start() and text[m.start()] in "وف"
        if q and not is_blocked(q.start, q.end) and (conjoined or not _agrees_with_previous(text, m.start())) and \
                not any(f.start <= q.start <= f.end + 1 for f in found):  # "5 ارهابيين": the counted noun
            found.append(q)
    found.sort(key=lambda q: q.start)
    _resolve_families(text, found)
    _resolve_bare(text, found)
    return [q for q in found if q.kind not in ("bare", "range")]


def _resolve_families(text: str, found: list[Found]) -> None:
    """A bare دينار is the dinar of another amount of the text ("3970 م د" is TND), else of the country it names."""
    for family, codes in COUNTRY_CURRENCY.items():
        if family not in ("dinar", "dirham", "pound"):
            continue
        pending = [q for q in found if q.unit == family]
        if not pending:
            continue
        known = [q.unit for q in found if q.unit in codes.values()]
        iso = max(set(known), key=known.count) if known else _country_currency(family, text)
        for q in pending:
            q.unit = iso


def _classify(text: str, number, symbol: str | None):
    """A number as a Found quantity (kind "bare"/"range" to resolve later), "designated", or None."""
    start, end = number.start, number.end
    digits = text[start].isdigit()
    if digits and (SCORE_RE.match(text, end) or SCORE_BEFORE_RE.search(text, max(0, start - 12), start)):
        return None  # a score (2-1), a time (10:30) or a model number (نوت-7)
    prev = _prev_words(text, start)
    after_article = digits and bool(ARTICLE_BEFORE_RE.search(text, max(0, start - 6), start))
    adjacent = prev and text[max(0, start - 40):start].rstrip(_GAP).endswith(prev[0])
    designator = None
    if digits and not number.scaled and adjacent:
        designator = next((f for f in _forms(prev[0]) if f in DESIGNATOR_KEYS or f in WEAK_KEYS), None)
    if designator in DESIGNATOR_KEYS or CLOCK_RE.search(text, max(0, start - 30), start):
        return "designated"
    if SAME_MONTH_RE.match(text, end):
        return None  # "إلى 25 من نفس الشهر": a day
    kind, unit, unit_end, multiplier = _unit_after(text, start, end, symbol)
    if designator and kind is None:
        return "designated"
    if number.fraction_only and kind == "count":
        return None  # نصف نهائي: a semi-final, not half of something counted
    word = text[start:end]
    if not digits and prev and (word in _TEN_WORDS and prev[0].startswith("ال")
                                or word == _ALIF and prev[0] in _DIVISION_WORDS):
        return None  # "الجولة التاسعة عشرة" is an ordinal; "القسم الوطني ألف" is division A
    run = _LETTERS_BEFORE.search(text, max(0, start - 20), start) if digits else None
    glued = run is not None and run.group() not in _PREFIXES  # letters of a word, not clitics or the article
    if (after_article or glued) and kind in (None, "count"):
        return None  # الـ6 is an ordinal, ام4 a model; "مقابل6727 مليون دينار" keeps its unit
    casualty = _casualty_before(prev)
    if casualty and kind in (None, "count"):
        kind, unit = casualty, "person"
        others = OTHERS_RE.match(text, unit_end)
        unit_end = others.end() if others else unit_end
    if kind == "other" and unit == "degree":
        below = BELOW_ZERO_RE.match(text, unit_end)
        if below:
            multiplier, unit_end = -multiplier, below.end()
    if kind is None:
        if not number.scaled and RANGE_RE.match(text, end):
            kind = "range"  # "بين 20 و30 شخصا": takes the unit of the number after it
        elif number.scaled or number.vague or _money_cue(text, start):
            kind = "bare"
        else:
            return None
    if kind == "count" and not digits and number.value == 1:
        return None  # واحد, إحدى: "one of", not a count
    if kind == "count" and digits and 1900 <= number.value <= 2099 and float(number.value).is_integer() and \
            not (prev and any(f in HEDGE_KEYS for f in _forms(prev[0]))):
        return None  # "شان 2018 بسبب", "انتخابات 1999 تقدم": a year, unless "حوالي 2000 مدرسة"
    value = _clean(number.value * multiplier)
    if kind in ("fatalities", "injuries") and not float(value).is_integer():
        return None
    return Found(start, unit_end, value, kind, unit, number.scale)


def _unit_after(text: str, start: int, end: int, symbol: str | None):
    """(kind, unit, end, multiplier) from the unit or counted noun after a number; kind None if nothing."""
    if symbol:
        return ("percent", None, end, 1) if symbol == "%" else \
            ("money", {"$": "USD", "€": "EUR", "£": "GBP"}[symbol], end, 1)
    um = UNIT_RE.match(text, end)
    if um and um.group("of") and _UNITS_COMPACT["".join(um.group("unit").split())][0] != "money":
        um = None  # "من الدولارات" is money; "واحد من الساعة" is no hour
    if um and (text[start].isdigit() or len(um.group("unit")) > 1):
        kind, unit = _UNITS_COMPACT["".join(um.group("unit").split())]
        if kind == "money":
            return (kind, *_currency(unit, text, um.end()))
        return kind, unit, um.end(), 1
    noun = WORD_RE.match(text, end)
    if noun and _is_counted_noun(noun.group("word")):
        return "count", None, noun.end(), 1
    if noun and noun.group("word") == "من" and COUNT_OF_RE.match(text, noun.end()):
        return "count", None, end, 1  # "10 من المتهمين"
    return None, None, end, 1


def _is_counted_noun(word: str) -> bool:
    if word.startswith("ال") or len(word) < 2 or any(f in NOUN_EXCLUDE for f in _forms(word)[:3]):
        return False
    vocab = vocabulary()
    for prefix in DEFINITE:  # "بالجنوب" is ب + الجنوب, "بالغا" is a word
        if word.startswith(prefix) and vocab.get("ال" + word[len(prefix):], 0) >= 5:
            return False
    return not any(seg.role == "proclitic" and seg.text in "لبك" for seg in tokenize(word)[0].segments)


def _currency(code: str, text: str, unit_end: int) -> tuple[str | None, int, float]:
    """ISO code of a currency word, the end of the expression, and a value multiplier."""
    if code in SUBUNITS:
        iso, multiplier = SUBUNITS[code]
        return iso, unit_end, multiplier
    adj = ADJ_RE.match(text, unit_end)
    if adj and code in COUNTRY_CURRENCY and _ADJ[adj.group("adj")] in COUNTRY_CURRENCY[code].values():
        return _ADJ[adj.group("adj")], adj.end(), 1
    return code, unit_end, 1  # "dinar", "dirham", "pound" are resolved by _resolve_families


def _country_currency(code: str, text: str) -> str | None:
    """The currency of the country the text names most, for a currency word several countries use (دينار)."""
    keys = {_key(k): v for k, v in COUNTRY_CURRENCY[code].items()}
    counts: dict[str, int] = {}
    for m in COUNTRY_RE.finditer(text):
        iso = keys.get(m.group("country"))
        if iso:
            counts[iso] = counts.get(iso, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _prev_words(text: str, pos: int) -> list[str]:
    """Up to five words right before ``pos``, nearest first, stopping at a digit or a line break."""
    window = _BREAK.split(text[max(0, pos - 60):pos])[-1]
    return _LETTERS.findall(window)[::-1][:5]


def _forms(word: str) -> list[str]:
    """The word and the word without its possible proclitics (و، ف، ب، ل، ال)."""
    forms = [word]
    for p in ("و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "وب", "ول", "فب", "ولل", "وبال"):
        if word.startswith(p) and len(word) - len(p) >= 2:
            forms.append(word[len(p):])
    return forms


def _casualty_before(words: list[str]) -> str | None:
    for w in words[:6]:
        forms = _forms(w)
        if any(f in FATAL_KEYS for f in forms):
            return "fatalities"
        if any(f in INJURY_KEYS for f in forms):
            return "injuries"
        if not any(f in HEDGE_KEYS for f in forms):
            return None
    return None


def _money_cue(text: str, pos: int) -> bool:
    return any(f in MONEY_CUE_KEYS for w in _prev_words(text, pos)[:3] for f in _forms(w))


def _clean(value: float) -> float | int:
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def _dual(text, m) -> Found | None:
    """"طائرتين" -> 2: the indefinite dual of a countable noun."""
    stem, feminine = m.group("stem"), m.group("suffix") in ("تين", "تان")
    found = _dual_noun(stem, feminine)
    if found is None and m.group("suffix") == "ان" and vocabulary().get(stem, 0) >= DUAL_MIN_SINGULAR and \
            _casualty_before(_prev_words(text, m.start())[:1]):
        found = ("", stem)  # "قتل عسكريان": right after a casualty verb, -ان is a nominative dual
    if found is None:
        return None
    clitic, noun = found
    start, end = m.start() + len(clitic), m.end()
    unit = _DUAL_UNIT.get(noun)
    kind = "other" if unit else "count"
    casualty = _casualty_before(_prev_words(text, start))
    if casualty and not unit:
        kind, unit = casualty, "person"
    two = TWO_RE.match(text, end)
    end = two.end() if two else end
    if unit == "degree":
        below = BELOW_ZERO_RE.match(text, end)
        if below:
            return Found(start, below.end(), -2, kind, unit)
    return Found(start, end, 2, kind, unit)


def _agrees_with_previous(text: str, start: int) -> bool:
    """"حقيبتين مشبوهتين", "إضرابين عامين": a dual right after another dual is its adjective."""
    words = _LETTERS.findall(text, max(0, start - 30), start)
    return bool(words) and text[start - 1].isspace() and len(words[-1]) >= 5 and \
        words[-1].endswith(("ين", "ان")) and text[:start].rstrip().endswith(words[-1])


def _dual_noun(stem: str, feminine: bool) -> tuple[str, str] | None:
    """(clitic, singular) when the stem of a dual is a countable noun after clitics: the lists first, then, for a
    feminine noun, the news vocabulary (its singular and its plural both common, and not a nisba adjective)."""
    splits = [(c, stem[len(c):]) for c in _CLITICS if stem.startswith(c) and not stem[len(c):].startswith("ال")]
    table = _DUAL_FEM if feminine else _DUAL_MASC
    for clitic, rest in splits:
        if rest in table:
            return clitic, table[rest]
    if feminine:
        vocab = vocabulary()
        for clitic, rest in sorted(splits, key=lambda s: len(s[0])):
            if len(rest) >= 3 and not rest.endswith("ي") and vocab.get(rest + "ه", 0) >= DUAL_MIN_SINGULAR and \
                    vocab.get(rest + "ات", 0) >= DUAL_MIN_PLURAL:
                return clitic, rest + "ه"
    return None


def _resolve_bare(text: str, found: list[Found]) -> None:
    """Bare scaled numbers take the currency of the amount they continue or of the last one after a money word;
    a number that opens a range takes the unit of the number that closes it."""
    last_money: Found | None = None
    for i, q in enumerate(found):
        if q.kind == "range":
            after = found[i + 1] if i + 1 < len(found) else None
            link = RANGE_RE.match(text, q.end)
            if after and after.kind not in ("bare", "range") and link and link.end() >= after.start:
                q.kind, q.unit = after.kind, after.unit
                if q.scale == 1 and after.scale > 1:  # "من 10 إلى 12 ألف سنة"
                    q.value, q.scale = _clean(q.value * after.scale), after.scale
        elif q.kind == "bare":
            previous = found[i - 1] if i else None
            continues = (previous is not None and previous.kind == "money" and q.start - previous.end <= 40
                         and ENUM_RE.search(text, previous.end, q.start))
            if continues or _money_cue(text, q.start):
                q.kind, q.unit = "money", last_money.unit if last_money else None
            else:
                q.kind = "count"
        if q.kind == "money":
            last_money = q
