"""rasd.time: absolute, Hijri and relative dates, resolved against the publication date, at original offsets."""

import pytest

from rasd.pipeline import load
from rasd.time import find_times


def values(text, published=None):
    return [(t.text, t.value, t.precision, t.calendar, t.relative) for t in find_times(text, published)]


def test_seed_report_dates(seed_text):
    times = {t.text: t for t in find_times(seed_text, "2013-09-02")}
    assert (times["4 اغسطس 2013"].value, times["4 اغسطس 2013"].precision) == ("2013-08-04", "day")
    fa2it = times["اغسطس الفائت"]
    assert (fa2it.value, fa2it.precision, fa2it.relative) == ("2013-08", "month", True)
    assert times["عام 2011"].value == "2011" and times["عام 2011"].precision == "year"
    for t in times.values():
        assert seed_text[t.start:t.end] == t.text


def test_relative_dates_need_a_publication_date(seed_text):
    assert "اغسطس الفائت" not in {t.text for t in find_times(seed_text, None)}
    assert values("قال أمس إن الاجتماع سيعقد غدا") == []


@pytest.mark.parametrize("text,published,expected", [
    ("الأربعاء 18 جانفي 2017", None, [("الأربعاء 18 جانفي 2017", "2017-01-18", "day", "gregorian", False)]),
    ("في ١٨ كانون الثاني ٢٠١٧", None, [("١٨ كانون الثاني ٢٠١٧", "2017-01-18", "day", "gregorian", False)]),
    ("في 4 آب/أغسطس 2013", None, [("4 آب/أغسطس 2013", "2013-08-04", "day", "gregorian", False)]),
    ("منذ جوان 2014", None, [("جوان 2014", "2014-06", "month", "gregorian", False)]),
    ("مواليد 20-11-1985", None, [("20-11-1985", "1985-11-20", "day", "gregorian", False)]),
    ("في 15 رمضان 1434 هـ", None, [("15 رمضان 1434 هـ", "2013-07-23", "day", "hijri", False)]),
    ("لسنة 1438 هـ", None, [("1438 هـ", "2017", "year", "hijri", False)]),
    ("الانقلاب في 2012", None, [("2012", "2012", "year", "gregorian", False)]),
    ("أيام 3 و4 جوان 2015", None, [("3", "2015-06-03", "day", "gregorian", False),
                                   ("4 جوان 2015", "2015-06-04", "day", "gregorian", False)]),
    ("اليوم الجمعة", "2017-01-20", [("اليوم الجمعة", "2017-01-20", "day", "gregorian", True)]),
    ("أمس", "2017-01-20", [("أمس", "2017-01-19", "day", "gregorian", True)]),
    ("أول أمس", "2017-01-20", [("أول أمس", "2017-01-18", "day", "gregorian", True)]),
    ("غدا الثلاثاء", "2017-02-20", [("غدا الثلاثاء", "2017-02-21", "day", "gregorian", True)]),
    ("يوم الجمعة الماضي", "2017-01-20", [("يوم الجمعة الماضي", "2017-01-13", "day", "gregorian", True)]),
    ("الثلاثاء القادم", "2015-10-10", [("الثلاثاء القادم", "2015-10-13", "day", "gregorian", True)]),
    ("الشهر الفارط", "2017-01-20", [("الشهر الفارط", "2016-12", "month", "gregorian", True)]),
    ("السنة الماضية", "2017-01-20", [("السنة الماضية", "2016", "year", "gregorian", True)]),
    ("الأسبوع الماضي", "2016-04-21", [("الأسبوع الماضي", "2016-04", "month", "gregorian", True)]),
    ("في ديسمبر الماضي", "2015-01-06", [("ديسمبر الماضي", "2014-12", "month", "gregorian", True)]),
    ("يوم 17 ديسمبر الماضي", "2017-01-09", [("يوم 17 ديسمبر الماضي", "2016-12-17", "day", "gregorian", True)]),
    ("موفى شهر مارس", "2017-02-26", [("شهر مارس", "2017-03", "month", "gregorian", True)]),
    ("أفريل من العام المنقضي", "2017-06-07", [("أفريل من العام المنقضي", "2016-04", "month", "gregorian", True)]),
    ("في الخامس عشر من شهر مارس المقبل", "2017-01-27",
     [("الخامس عشر من شهر مارس المقبل", "2017-03-15", "day", "gregorian", True)]),
    ("اليوم الثاني من شهر رمضان", "2017-05-28", [("الثاني من شهر رمضان", "2017-05-28", "day", "hijri", True)]),
    ("لموسم 1437 هجري", None, [("1437 هجري", "2016", "year", "hijri", False)]),
    ("من 14 إلى غاية اليوم 16 أكتوبر 2015", "2015-10-18", [("14", "2015-10-14", "day", "gregorian", False),
                                                          ("16 أكتوبر 2015", "2015-10-16", "day", "gregorian", False)]),
    ("الأسبوع الأول من شهر فيفري المقبل", "2016-01-19", [("شهر فيفري المقبل", "2016-02", "month", "gregorian", True)]),
    ("ستتقلص الرياح بداية من يوم الخميس", "2017-03-08", [("يوم الخميس", "2017-03-09", "day", "gregorian", True)]),
])
def test_expressions(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text", [
    "اليوم العالمي للمرأة", "مارس الضغط على الحكومة", "ثورة 14 جانفي", "ملعب 15 أكتوبر", "مرتين في اليوم",
    "صلاة الجمعة", "الفصل 49 من الدستور",
])
def test_not_dates(text):
    assert values(text, "2017-05-01") == []


def test_bare_month_is_the_nearest_occurrence():
    assert values("في شهر جويلية", "2017-05-01")[0][1] == "2017-07"
    assert values("في شهر نوفمبر", "2017-05-01")[0][1] == "2016-11"


def test_pipeline_stage_fills_times(seed_text):
    report = load(["time"])(seed_text, published="2013-09-02")
    assert "2013-08-04" in [t.value for t in report.times]
