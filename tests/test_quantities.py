"""rasd.quantities: numbers in digits and words, money with ISO currencies, units, casualties, duals."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.pipeline import load
from rasd.quantities import find_quantities
from rasd.quantities.numbers import parse_digits
from rasd.time import find_times


def values(text):
    return [(q.text, q.value, q.kind, q.unit) for q in find_quantities(text)]


def test_seed_report_quantities(seed_text):
    found = {q.text: q for q in find_quantities(seed_text)}
    assert (found["16 مليون دولار"].value, found["16 مليون دولار"].unit) == (16000000, "USD")
    assert (found["29 مليونا"].value, found["29 مليونا"].kind, found["29 مليونا"].unit) == (29000000, "money", "USD")
    assert (found["15 مليونا"].value, found["15 مليونا"].unit) == (15000000, "USD")
    assert (found["20 كلم"].value, found["20 كلم"].kind, found["20 كلم"].unit) == (20, "distance", "km")
    assert (found["طائرتين"].value, found["طائرتين"].kind) == (2, "count")
    assert not any(q.value in (2011, 2012, 2013, 27) for q in found.values())  # years, dates, معسكر 27
    for q in found.values():
        assert seed_text[q.start:q.end] == q.text


@pytest.mark.parametrize("text,expected", [
    ("أسفر عن مقتل 3 أشخاص وإصابة 5 آخرين", [("3 أشخاص", 3, "fatalities", "person"),
                                          ("5 آخرين", 5, "injuries", "person")]),
    ("خلف الحادث 12 قتيلا و٢٥ جريحا", [("12 قتيلا", 12, "fatalities", "person"),
                                     ("٢٥ جريحا", 25, "injuries", "person")]),
    ("لقي شخصان حتفهما", [("شخصان", 2, "fatalities", "person")]),
    ("ارتفعت بنسبة 17,75% و3 بالمائة", [("17,75%", 17.75, "percent", None), ("3 بالمائة", 3, "percent", None)]),
    ("ثلاثة آلاف وخمسمائة شخص", [("ثلاثة آلاف وخمسمائة شخص", 3500, "count", None)]),
    ("خمسة وعشرون مهاجرا", [("خمسة وعشرون مهاجرا", 25, "count", None)]),
    ("نصف مليون دينار ليبي", [("نصف مليون دينار ليبي", 500000, "money", "LYD")]),
    ("١٢٫٥ مليون يورو", [("١٢٫٥ مليون يورو", 12500000, "money", "EUR")]),
    ("2466.3 م د", [("2466.3 م د", 2466300000, "money", "TND")]),
    ("حجز 230 طن", [("230 طن", 230, "other", "t")]),
    ("لمدة يومين", [("يومين", 2, "other", "day")]),
    ("فاز بهدفين", [("هدفين", 2, "count", None)]),
    ("بين 20 و30 شخصا", [("20", 20, "count", None), ("30 شخصا", 30, "count", None)]),
    ("على بعد 5 أميال", [("5 أميال", 5, "distance", "mi")]),
    ("منطقة تبعد 5 أميال بحرية", [("5 أميال بحرية", 5, "distance", "nmi")]),
    ("لسباق الثلاثة آلاف متر", [("الثلاثة آلاف متر", 3000, "distance", "m")]),
    ("بنسبة 2ر13 بالمائة", [("2ر13 بالمائة", 13.2, "percent", None)]),
    ("على مسافة 2 فاصل 7 كلم", [("2 فاصل 7 كلم", 2.7, "distance", "km")]),
    ("بحوالي 12.815 ألف طن", [("12.815 ألف طن", 12815, "other", "t")]),
    ("وايقاف عدد 107 أشخاص", [("107 أشخاص", 107, "count", None)]),
    ("من 4594 مليون دينار الى 3970 م د", [("4594 مليون دينار", 4594000000, "money", "TND"),
                                          ("3970 م د", 3970000000, "money", "TND")]),
    ("قتلت إحدى نزيلات الدار", [("إحدى نزيلات", 1, "fatalities", "person")]),
    ("وفاة حاجتين تونسيتين", [("حاجتين", 2, "fatalities", "person")]),
])
def test_expressions(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "الفصل 49 من الدستور", "القانون عدد 52 لسنة 2010", "فاز 2-1 على", "في الدقيقة 90", "معسكر 27",
    "في 4 اغسطس 2013", "عام 2011", "السيارتين", "بنادق من طراز ام4 ونظارات", "المتهمين الخمسة بعد",
    "بنصف نهائي البطولة", "الساعة الخامسة و15 دقيقة", "إلى 25 من نفس الشهر", "إضرابين عامين", "لموسم 1437 هجري",
])
def test_not_quantities(text):
    assert values(text) == []


def test_number_separators():
    assert [parse_digits(s) for s in ("2,475", "500.000", "1.746", "10.500", "1,000,000", "12")] == \
        [2.475, 500000, 1.746, 10500, 1000000, 12]


def test_bare_dinar_takes_the_country_of_the_text():
    assert values("رصد 5 ملايين دينار لولاية صفاقس في تونس")[0][3] == "TND"
    assert values("رصد 5 ملايين دينار")[0][3] is None


def test_pipeline_stage_fills_quantities(seed_text):
    report = load(["quantities"])(seed_text)
    assert 16000000 in [q.value for q in report.quantities]


def test_units_written_with_or_without_their_space():
    assert values("بقيمة 500 أ د") == [("500 أ د", 500000, "money", "TND")]
    assert values("بقيمة 500 أد") == [("500 أد", 500000, "money", "TND")]


ALPHABET = "0123456789٠١٢٣٤٥٦٧٨٩٫٬.,/-% ابتثجحخدذرزسشصضطظعغفقكلمنهوية" + "أإآىءؤئ" + "\u064e\u0651\u0640\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "مليون", "دولار", "دينار", "كلم", "قتلى", "مقتل", "جانفي", "رمضان", "هـ", "أمس", "الجمعة", "عام", "طائرتين",
    "بالمائة", "ثلاثة", "آلاف", "و", "من", "الفصل", "2013", "15", "٢٠١٣", "4,5", "2ر13",
]) | st.text(alphabet=ALPHABET, max_size=6), max_size=25).map(" ".join), st.sampled_from([None, "2016-02-29"]))
def test_any_text_gives_spans_that_slice_it(text, published):
    for item in [*find_quantities(text), *find_times(text, published)]:
        assert 0 <= item.start < item.end <= len(text) and text[item.start:item.end] == item.text


@pytest.mark.parametrize("text,expected", [
    ("منذ 10 إلى 12 ألف سنة", [("10", 10000, "other", "year"), ("12 ألف سنة", 12000, "other", "year")]),
    ("بين 3 و4 ملايين دينار ليبي", [("3", 3000000, "money", "LYD"), ("4 ملايين دينار ليبي", 4000000, "money", "LYD")]),
    ("سعرها الـ 400 الف دينار منها 150 الف تم دفعها", [("400 الف دينار", 400000, "money", None),
                                                      ("150 الف", 150000, "money", None)]),
])
def test_ranges_and_continuations_share_scale_and_unit(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "بطولة القسم الوطني ألف لكرة اليد", "الجولة الـ 14 من بطولة", "الجولة التاسعة عشرة من بطولة",
    "على سكة واحد من الساعة التاسعة", "بصفاقس 2 أمس الخميس",
])
def test_more_non_quantities(text):
    assert values(text) == []
