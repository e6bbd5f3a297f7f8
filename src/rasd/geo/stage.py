"""The pipeline stage "geo": a place for every LOC entity, and for ORG/MISC names that carry a country's
(الجيش الليبي، وكالة تونس افريقيا للأنباء).

Runs after NER. Place names the NER missed are added as LOC entities when the gazetteer match is safe: several
words, or a country, region or governorate name, or a town of 10,000 people or more in the country the report is
about (its source's, or one it names). On the dev gold set with the NER of 2026-11-27 the share of place names
found went from 0.799 (NER alone) to 0.839 (safe names) and 0.925 (with such towns), the share of LOC entities that
are gold places from 0.931 to 0.929 and 0.922; adding every single-word city of 50,000 people or more instead found
0.915 but lowered that share to 0.87 (خميس، بورصة). Without any NER entity (no NER stage) every name the gazetteer
finds is added.
"""

from __future__ import annotations

from rasd.geo.gazetteer import FEATURES, load
from rasd.geo.resolve import Mention, choose, evidence, mention, scan
from rasd.model import Entity

_SAFE_FEATURES = {FEATURES.index(f) for f in ("country", "region", "admin1")}
LOCAL_EVIDENCE = 1.5  # the report's source country alone, or a country it names twice
LOCAL_POPULATION = 10_000


def geoparse(doc, *, add_places: bool = True) -> None:
    """Fill ``entity.place`` of ``doc.report``'s entities and add the LOC entities only the gazetteer found."""
    g = load()
    text, report = doc.text, doc.report
    found = scan(text, doc.tokens)
    mentions: dict[int, Mention] = {}
    for k, e in enumerate(report.entities):
        if e.label == "LOC":
            longer = [m for m in found if m.start <= e.start and e.end <= m.end and m.end - m.start > e.end - e.start]
            # "المغرب" tagged inside "المغرب الاسلامي" names the Maghreb, not Morocco
            mentions[k] = Mention(e.start, e.end, longer[0].candidates, longer[0].kind_hint) if longer else \
                mention(text, e.start, e.end)
        elif e.label in ("ORG", "MISC"):
            inside = [m for m in found if e.start <= m.start and m.end <= e.end
                      and any(g.country(c.entry) != "ZZ" for c in m.candidates)]
            if inside:  # the head of an Arabic name comes first, its place last; "بوابة افريقيا" has none
                mentions[k] = inside[-1]
    taken = [(e.start, e.end) for e in report.entities]
    ev = evidence(list(mentions.values()) + [m for m in found if m not in mentions.values()], g, report.source)
    for k, m in mentions.items():
        report.entities[k].place = choose(m, g, ev)
    if not add_places:
        return
    keep = _safe if taken else _named
    for m in found:
        if any(s < m.end and m.start < t for s, t in taken):
            continue
        place = choose(m, g, ev)
        if keep(m, g) or _local_city(m, place, g, ev):
            report.entities.append(Entity.of(text, m.start, m.end, label="LOC", score=None, place=place))
    report.entities.sort(key=lambda e: (e.start, e.end))


def _local_city(m: Mention, place, g, ev) -> bool:
    """A town of the country the report is about (by its source or the countries it names)."""
    return place is not None and place.feature == "city" and ev.get(place.country, 0) >= LOCAL_EVIDENCE and \
        any(c.how == "name" and g.population[c.entry] >= LOCAL_POPULATION for c in m.candidates)


def _named(m: Mention, g) -> bool:
    return any(c.how != "nisba" for c in m.candidates)


def _safe(m: Mention, g) -> bool:
    names = [c for c in m.candidates if c.how == "name"]
    return bool(names) and (" " in m.candidates[0].key or all(g.feature[c.entry] in _SAFE_FEATURES for c in names))


def stage():
    """The pipeline stage factory."""
    return geoparse
