"""Quantities in Arabic news: numbers (digits or words), money, distances, percentages, casualty counts.

``find_quantities(text)`` returns :class:`rasd.model.Quantity` spans. What counts as a quantity (the scope the test
set in tests/data/quantity_cases.jsonl is labelled with):

- a number followed by a unit: money (ISO 4217), distance (km, m, mi), percent, or other measures (durations in
  year/month/week/day/hour/minute, t, kg, l, ha, km2, m2, degree) -> kind money/distance/percent/other;
- a number next to a casualty word (مقتل 3 أشخاص, 5 جرحى, لقي شخصان حتفهما) -> fatalities / injuries, unit person;
- a number followed by an indefinite noun (500 مهاجر, ثلاثة أشخاص), or "N من ال..." -> count, unit null;
- a number with a scale word and nothing counted after it ("29 مليونا لموريتانيا"): money in the currency of the
  last money amount when a money word (ميزانية, بقيمة, ...) precedes it or it continues an enumeration of amounts,
  else count;
- a dual noun of a known countable noun (طائرتين, يومين, شخصين) -> 2.

Not quantities: years and dates (rasd.time), identifiers and ordinals after a designator (الفصل 49, القانون عدد 52,
معسكر 27, الدقيقة 90, الساعة 10), scores (2-1), and bare numbers with nothing counted after them.
Vague plurals give their order of magnitude: عشرات 10, مئات 100, آلاف 1000 (عشرات ملايين الدولارات = 10000000 USD).
Number separators: ٫ is decimal and ٬ thousands; a comma is decimal (Maghreb usage) unless repeated; a dot before
exactly three digits is a thousands separator when repeated, when the digits are 000, or when the integer part has
two or more digits.
"""

from __future__ import annotations

from rasd.model import Quantity
from rasd.quantities.extract import quantity_expressions
from rasd.text import Normalized, normalize

__all__ = ["find_quantities", "stage"]


def find_quantities(text: str, *, normalized: Normalized | None = None) -> list[Quantity]:
    """Every quantity of ``text`` in text order."""
    norm = normalized or normalize(text)
    out = []
    for q in quantity_expressions(norm.text):
        start, end = norm.to_original(q.start, q.end)
        out.append(Quantity.of(text, start, end, value=q.value, kind=q.kind, unit=q.unit))
    return out


def stage():
    """The pipeline stage: fills ``report.quantities``."""

    def run(doc) -> None:
        doc.report.quantities = find_quantities(doc.text, normalized=doc.normalized)

    return run
