"""Dates in Arabic news: absolute (Gregorian month names of every Arab region, Hijri), numeric and relative.

``find_times(text, published)`` returns :class:`rasd.model.Time` spans whose ``value`` is always Gregorian.
Expressions are matched on the normalized text (rasd.text.normalize) and mapped back to original offsets.

Resolution against the publication date (``relative=True``), and only when ``published`` is known — a date is never
invented:

- اليوم / أمس / أول أمس / غدا: the publication day, minus one, minus two, plus one (precision day).
- a weekday ("يوم الجمعة"): the most recent such day on or before publication (the same day if the report was
  published on that weekday, as news reports mostly speak of today); with الماضي/المنقضي strictly before, with
  المقبل/القادم the next one after publication; with a future verb shortly before it in the sentence or right after
  it (سيعقد، ستنطلق، "الأربعاء سيكون") the first one on or after publication.
- a month without a year ("في اغسطس الفائت"): with الماضي/الفائت the most recent such month before the publication
  month, with المقبل/القادم the next one after it, bare the occurrence nearest to publication (ties go to the past).
  A day and month without a year resolve the same way, at day precision.
- الشهر/العام الماضي, الجاري, المقبل: that month or year; "أفريل من العام الماضي" that month of that year.
  الأسبوع الماضي/الجاري/المقبل: the seven days' month when
  they all fall in one month, else their year (there is no week precision in the contract).

Hijri dates ("15 رمضان 1434 هـ") are converted with ``hijridate`` (Umm al-Qura); a Hijri month without a day is
given as the Gregorian month of its 15th, a Hijri year as the Gregorian year of its 1 Rajab; a Hijri month without
a year ("الثاني من شهر رمضان") is the one around publication (containing it, else the nearest).
"""

from __future__ import annotations

from datetime import date, timedelta

import hijridate

from rasd.model import Time
from rasd.text import Normalized, normalize
from rasd.time.patterns import Match, date_expressions

__all__ = ["date_expressions", "find_times", "stage"]


def find_times(text: str, published: str | None = None, *, normalized: Normalized | None = None) -> list[Time]:
    """Every date expression of ``text`` that can be resolved to a Gregorian value, in text order."""
    norm = normalized or normalize(text)
    pub = _parse_published(published)
    times = []
    for match in date_expressions(norm.text):
        resolved = _resolve(match, pub)
        if resolved is None:
            continue
        value, precision, relative = resolved
        start, end = norm.to_original(match.start, match.end)
        times.append(Time.of(text, start, end, value=value, precision=precision, calendar=match.calendar,
                             relative=relative))
    return times


def stage():
    """The pipeline stage: fills ``report.times``."""

    def run(doc) -> None:
        doc.report.times = find_times(doc.text, doc.report.published, normalized=doc.normalized)

    return run


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _format(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _resolve(m: Match, pub: date | None) -> tuple[str, str, bool] | None:
    """(value, precision, relative) of a match, or None when it cannot be resolved without inventing."""
    if m.kind == "absolute":
        return _format(m.date, m.precision), m.precision, False
    if pub is None or m.kind == "anniversary":
        return None
    if m.kind == "day_offset":
        return (pub + timedelta(days=m.offset)).isoformat(), "day", True
    if m.kind == "weekday":
        diff = (pub.weekday() - m.weekday) % 7
        if m.direction < 0 and diff == 0:
            diff = 7
        if m.direction == 1:
            diff = -((m.weekday - pub.weekday()) % 7 or 7)
        elif m.direction == 2:
            diff = -((m.weekday - pub.weekday()) % 7)
        return (pub - timedelta(days=diff)).isoformat(), "day", True
    if m.kind == "month_name":
        year = _year_of_month(pub, m.month, m.direction, m.day)
        if m.day:
            try:
                return date(year, m.month, m.day).isoformat(), "day", True
            except ValueError:
                return None
        return f"{year:04d}-{m.month:02d}", "month", True
    if m.kind == "month_offset":
        index = pub.year * 12 + pub.month - 1 + m.offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month", True
    if m.kind == "hijri_month":
        hy = _hijri_year_near(pub, m.month, m.direction)
        g = hijridate.Hijri(hy, m.month, m.day or 15).to_gregorian()
        return (date(g.year, g.month, g.day).isoformat(), "day", True) if m.day else \
            (_format(date(g.year, g.month, 1), "month"), "month", True)
    if m.kind == "month_of_year":
        return f"{pub.year + m.offset:04d}-{m.month:02d}", "month", True
    if m.kind == "year_offset":
        return f"{pub.year + m.offset:04d}", "year", True
    if m.kind == "week_offset":
        first = pub + timedelta(days={-1: -7, 0: -3, 1: 1}[m.offset])
        last = first + timedelta(days=6)
        if (first.year, first.month) == (last.year, last.month):
            return _format(first, "month"), "month", True
        if first.year == last.year:
            return _format(first, "year"), "year", True
        return None
    raise ValueError(f"unknown date expression kind {m.kind}")


def _hijri_year_near(pub: date, month: int, direction: int) -> int:
    """The Hijri year of the Hijri ``month`` around publication (containing it, else nearest), before or after."""
    hy = hijridate.Gregorian(pub.year, pub.month, pub.day).to_hijri().year
    spans = []
    for year in (hy - 1, hy, hy + 1):
        first = hijridate.Hijri(year, month, 1)
        start = first.to_gregorian()
        end = hijridate.Hijri(year, month, first.month_length()).to_gregorian()
        mid = hijridate.Hijri(year, month, 15).to_gregorian()
        spans.append((year, date(start.year, start.month, start.day), date(end.year, end.month, end.day),
                      date(mid.year, mid.month, mid.day)))
    if direction < 0:
        return [s for s in spans if s[2] < pub][-1][0]
    if direction > 0:
        return [s for s in spans if s[1] > pub][0][0]
    return min(spans, key=lambda s: 0 if s[1] <= pub <= s[2] else abs((s[3] - pub).days))[0]


def _year_of_month(pub: date, month: int, direction: int, day: int | None) -> int:
    """The year of ``month`` (and ``day``): strictly before publication, strictly after, or the nearest."""
    here = (pub.month, pub.day) if day else (pub.month, 0)
    there = (month, day or 0)
    if direction < 0:
        return pub.year if there < here else pub.year - 1
    if direction > 0:
        return pub.year if there > here else pub.year + 1
    past = pub.year if there <= here else pub.year - 1
    future = past + 1
    if day:
        pub_ord = pub.toordinal()
        dist = {y: abs(_safe_ordinal(y, month, day) - pub_ord) for y in (past, future)}
    else:
        dist = {y: abs(y * 12 + month - pub.year * 12 - pub.month) for y in (past, future)}
    return past if dist[past] <= dist[future] else future


def _safe_ordinal(year: int, month: int, day: int) -> int:
    """Ordinal of a day, 29 February of a common year counting as 1 March."""
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        return date(year, month, 28).toordinal() + 1
