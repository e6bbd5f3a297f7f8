"""The report text as HTML with every extracted span marked, escaped piece by piece.

Spans may nest (a place inside an organisation's name) or cross (a quantity overlapping a time): nested spans become
nested ``<mark>`` elements, and a span crossed by another is closed and reopened around the crossing, each piece
carrying the same ``data-span`` number so the page can treat the pieces as one. Nothing of the report reaches the
page unescaped: the text between boundaries and every attribute value go through ``markupsafe.escape``.
"""

from __future__ import annotations

from collections import defaultdict

import msgspec
from markupsafe import Markup, escape

from rasd.model import Report
from rasd.web.labels import MODALITY_AR, PLOVER_AR, type_label

KINDS = {  # kind -> Arabic legend label, in legend order
    "per": "شخص",
    "org": "منظمة",
    "loc": "موقع (غير محدد)",
    "place": "مكان محدد جغرافيًا",
    "misc": "كيان آخر",
    "time": "زمن",
    "quantity": "كمية",
    "trigger": "حدث",
    "source": "مصدر",
}


class Mark(msgspec.Struct, frozen=True):
    start: int
    end: int
    kind: str  # a key of KINDS
    title: str  # tooltip: what was extracted
    anchor: str | None = None  # id given to the span's first piece (event triggers, to link cards and text)


def report_marks(report: Report) -> list[Mark]:
    """Every span of the report worth showing, as marks."""
    marks = []
    for e in report.entities:
        if e.place is not None:
            p = e.place
            marks.append(Mark(e.start, e.end, "place",
                              f"{e.label} · {p.name_ar or p.name} ({p.country}) · GeoNames {p.geonames_id}"))
        else:
            title = e.label + (f" · {e.actor.name} ({e.actor.kind})" if e.actor else "")
            marks.append(Mark(e.start, e.end, e.label.lower(), title))
    for t in report.times:
        marks.append(Mark(t.start, t.end, "time", f"{t.value} · {t.precision}" + (" · نسبي" if t.relative else "")))
    for q in report.quantities:
        marks.append(Mark(q.start, q.end, "quantity", f"{q.value:g} {q.unit or ''} · {q.kind}".replace("  ", " ")))
    for i, ev in enumerate(report.events):
        title = f"{PLOVER_AR.get(ev.plover, ev.plover)} · {type_label(ev.acled_type, ev.acled_sub_type)}" \
                f" · {MODALITY_AR.get(ev.modality, ev.modality)}"
        marks.append(Mark(ev.trigger.start, ev.trigger.end, "trigger", title, anchor=f"trigger-{i}"))
        for a in ev.attribution:
            marks.append(Mark(a.start, a.end, "source", f"مصدر ({a.kind})"))
    return [m for m in marks if 0 <= m.start < m.end <= len(report.text)]


def highlight(text: str, marks: list[Mark]) -> Markup:
    """``text`` as escaped HTML with ``marks`` as (possibly split) ``<mark>`` elements."""
    marks = sorted(set(marks), key=lambda m: (m.start, -m.end, m.kind))
    number = {m: i for i, m in enumerate(marks)}
    starts: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starts[m.start].append(m)
    boundaries = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[Mark] = []
    opened: set[Mark] = set()
    pos = 0

    def open_(m: Mark) -> None:
        anchor = f' id="{escape(m.anchor)}"' if m.anchor and m not in opened else ""
        opened.add(m)
        out.append(f'<mark class="hl hl-{escape(m.kind)}" data-span="{number[m]}"{anchor}'
                   f' title="{escape(m.title)}">')
        stack.append(m)

    for b in boundaries:
        out.append(str(escape(text[pos:b])))
        pos = b
        ending = [i for i, m in enumerate(stack) if m.end == b]
        if ending:  # close down to the outermost span ending here, then reopen the ones that go on
            closed = stack[ending[0]:]
            del stack[ending[0]:]
            out.append("</mark>" * len(closed))
            for m in sorted((m for m in closed if m.end != b), key=lambda m: -m.end):
                open_(m)
        for m in starts.get(b, ()):
            open_(m)
    return Markup("".join(out))
