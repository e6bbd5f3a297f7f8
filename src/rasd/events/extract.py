"""Events of a report: triggers typed by the lexicon and their context, then modality, attribution and arguments
(actors, location, date, fatalities) taken from the sentence around each trigger."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rasd.events.actors import ActorMatch, find_actors
from rasd.events.cues import Attributor, modality
from rasd.events.lexicon import ACLED, GENERIC, Candidate, find_triggers, resolve, trigger_starts, word_keys
from rasd.geo import offset_km
from rasd.geo.gazetteer import load as load_gazetteer
from rasd.geo.resolve import choose, evidence, scan
from rasd.model import ActorMention, Entity, Event, Location, SentenceRef, Span, Time
from rasd.pipeline import Document
from rasd.text import Token, normalize_key

CONTEXT = 12  # tokens each side of a trigger that decide its type
MERGE = 16  # two triggers of one happening closer than this (tokens), in one clause, are one event
NEAR_PLACE = 150  # characters: a place further after the trigger is not preferred to one before it
SOURCE_PLACE = 20  # characters after a source's name where its own place is named ("مسؤول في بنغازي")
NEAR = 80  # characters: a date further from the trigger, outside its clause, is another happening's
RECALL = 3  # a mention whose words do not decide its ACLED type takes that of the same PLOVER type this many
            # sentences back ("الهجوم" after "انفجار عبوة ناسفة")
AGENT_MARKERS = frozenset(("قبل", "طرف"))  # "من قبل / من طرف X": X is the agent
PATIENT_FIRST = frozenset(("ARREST", "ABDUCTION", "ASSASSINATION"))  # "اعتقال تونسي": the genitive is the patient
SCORES = {"verb": 0.8, "noun": 0.7}
NO_KEYS: frozenset[str] = frozenset()


def extract_events(doc: Document) -> list[Event]:
    """The events of ``doc`` in text order (one per trigger and location)."""
    text, tokens = doc.text, doc.tokens
    report = doc.report
    starts = [t.start for t in tokens]
    keys = [word_keys(t.text) if t.kind == "word" else NO_KEYS if t.kind == "punct" else frozenset((t.text,))
            for t in tokens]
    starts_of_triggers = trigger_starts(keys)
    actors = find_actors(tokens, keys)
    _name_actors(report.entities, tokens, actors)
    people = [(bisect_left(starts, e.start), bisect_left(starts, e.end)) for e in report.entities if e.label == "PER"]
    attributor = Attributor(text, tokens, keys, actors, people)
    places = _places(report.entities, tokens, actors)
    gazetteer: list[Entity] | None = None  # computed when an event's sentence has no place entity
    events: list[Event] = []
    recent: dict[str, Event] = {}  # PLOVER type -> the last event of that type (mentions may refer back to it)
    for n, sentence in enumerate(doc.sentences):
        first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        boundaries = _clause_starts(tokens, first, last)
        cues = attributor.cues(first, last)
        scope = doc.sentences[max(0, n - 2):n + 1]
        for cand, plover, code, decided in _merge(_typed(keys, first, last, starts_of_triggers), boundaries):
            trig = Span.of(text, tokens[cand.start].start, tokens[cand.end - 1].end)
            clause = max(b for b in boundaries if b <= cand.start)
            # a mention may tell again a happening of a few sentences back: it takes its type, date and place
            # when its own words and sentence do not give them
            before = recent.get(plover)
            if before is not None and _sentence_number(doc.sentences, before.sentence.start) < n - RECALL:
                before = None
            if not decided and before is not None:
                code = _code_of(before)
            mood = modality(tokens, keys, first, last, cand.start, cand.end, boundaries)
            chain = _chain_for(cand, cues)
            actor1, actor2 = _actors(text, tokens, actors, cand, clause, last, chain)
            following = [b for b in boundaries if b > cand.start]
            clause_end = tokens[following[0]].start if following else sentence.end
            date = _time_in_text(report.times, tokens[clause].start, clause_end, sentence, trig)
            if date is None and before is not None and before.date is not None and before.date.text:
                date = before.date
            date = date or _publication_date(report, text, tokens[first:last], trig)
            if date is not None and report.published and date.value > report.published and mood == "asserted":
                mood = "planned"
            # the agent's name, and where a source speaks from ("مراسل الجوهرة بالكاف"), are not the event's place
            sources = [a for c in cues for a in attributor.spans(c.chain)]
            taken = [Span.of(text, a.start, min(len(text), a.end + SOURCE_PLACE)) for a in sources]
            taken += [actor1] if actor1 is not None else []
            locations = _locations(text, places, trig, sentence, tokens[clause].start, taken)
            if locations is None:  # a place the NER did not tag, named as a place ("في X"), found in the gazetteer
                if gazetteer is None:
                    gazetteer = _gazetteer_places(doc, actors)
                locations = _locations(text, gazetteer, trig, sentence, tokens[clause].start, taken)
            if locations is None:
                locations = [before.location] if before is not None and before.location is not None else \
                    _earlier_location(text, places, scope, sentence, taken)
            fatalities = _fatalities(report.quantities, sentence)
            if fatalities is None and before is not None:
                fatalities = before.fatalities
            acled_type, acled_sub = ACLED[code]
            for location in locations or [None]:
                events.append(Event(
                    plover=plover, acled_type=acled_type, acled_sub_type=acled_sub, trigger=trig,
                    sentence=SentenceRef(start=sentence.start, end=sentence.end), modality=mood, date=date,
                    location=location, actor1=actor1, actor2=actor2,
                    fatalities=fatalities, attribution=attributor.spans(chain),
                    score=SCORES["verb" if cand.entry.verb else "noun"],
                ))
            recent[plover] = events[-1]
    return events


Typed = tuple[Candidate, str, str, bool]  # trigger, PLOVER, ACLED code, whether its words decided the code


def _typed(keys: list[frozenset[str]], first: int, last: int, starts: list[int]) -> list[Typed]:
    out: list[Typed] = []
    previous = None
    for cand in find_triggers(keys, first, last, starts):
        if previous and previous.entry.cls == "THREATEN" and cand.start - previous.end <= 1:
            continue  # "هددا بتفجيرها": what is threatened is the threat's content, not another event
        previous = cand
        window = range(max(first, cand.start - CONTEXT), min(last, cand.end + CONTEXT))
        context = frozenset().union(*(keys[j] for j in window if not cand.start <= j < cand.end))
        following = frozenset().union(*(keys[j] for j in range(cand.end, min(last, cand.end + 6))))
        typed = resolve(cand.entry.cls, context, following)
        if typed:
            out.append((cand, *typed))
    return out


def _merge(typed: list[Typed], boundaries: set[int]) -> list[Typed]:
    """One event per happening: "هجوما ... فاستولت" is one looting, the attacks and storming of a riot are the
    riot; the event is typed by its most specific trigger."""
    out: list[Typed] = []
    for item in typed:
        cand, plover = item[0], item[1]
        prev = out[-1] if out else None
        if prev and cand.start - prev[0].end < MERGE and not any(prev[0].end <= b <= cand.start for b in boundaries):
            classes = {cand.entry.cls, prev[0].entry.cls}
            same = cand.entry.cls == prev[0].entry.cls or (prev[1] == plover and classes & GENERIC) or \
                (classes & GENERIC and "PROTEST" in (plover, prev[1]) and "VD" in (item[2], prev[2]))
            if same:
                if prev[0].entry.cls in GENERIC and cand.entry.cls not in GENERIC:
                    out[-1] = item
                continue
        out.append(item)
    return out


def _clause_starts(tokens: list[Token], first: int, last: int) -> set[int]:
    """Token indices that open a clause: after "، و..." and at reporting words."""
    out = {first}
    for j in range(first + 1, last):
        prev = tokens[j - 1]
        if prev.kind == "punct" and prev.text in "،,;؛:" and normalize_key(tokens[j].text)[:1] in ("و", "ف"):
            out.add(j)
    return out


def _chain_for(cand: Candidate, cues) -> list:
    before = [c for c in cues if c.at < cand.start and c.verbal]
    after = [c for c in cues if c.at >= cand.end and not c.verbal]
    if before:
        return before[-1].chain
    if after:
        return after[0].chain
    rest = [c for c in cues if c.at < cand.start]
    return rest[-1].chain if rest else []


def _name_actors(entities: list[Entity], tokens: list[Token], actors: list[ActorMatch]) -> None:
    """Fill ``entity.actor`` for entity mentions that name a dictionary actor."""
    by_span = {(tokens[a.start].start, tokens[a.end - 1].end): a.actor for a in actors}
    for entity in entities:
        if entity.actor is None and (entity.start, entity.end) in by_span:
            entity.actor = by_span[(entity.start, entity.end)]


def _actors(text: str, tokens: list[Token], actors: list[ActorMatch], cand: Candidate, first: int, last: int,
            chain) -> tuple[ActorMention | None, ActorMention | None]:
    """Agent and target near the trigger: a verb's subject follows it; a noun's agent precedes it or follows
    "من قبل"; the target follows "على / ضد" or the verb's subject."""
    sources = {(s.start, s.end) for s in chain}
    local = [a for a in actors if first <= a.start and a.end <= last and (a.start, a.end) not in sources
             and not _locative(tokens, a)]
    after = [a for a in local if cand.end <= a.start <= cand.end + 6]
    before = [a for a in local if cand.start - 16 <= a.start and a.end <= cand.start and _can_act(a)]
    agent = target = None
    # the verb's subject or the noun's agent follows it ("قصفت طائرات", "استيلاء ميليشيا على") ...
    if after and after[0].start - cand.end <= 1 and _can_act(after[0]) and cand.entry.cls not in PATIENT_FIRST:
        agent = after[0]
    for a in after:  # ... or "من قبل / من طرف X"
        if agent is None and normalize_key(tokens[a.start - 1].text) in AGENT_MARKERS:
            agent = a
    if agent is None and before:
        agent = before[-1]
    target = next((a for a in after if a is not agent), None)

    def mention(match: ActorMatch | None) -> ActorMention | None:
        if match is None:
            return None
        return ActorMention.of(text, tokens[match.start].start, tokens[match.end - 1].end, actor=match.actor)

    return mention(agent), mention(target)


def _locative(tokens: list[Token], match: ActorMatch) -> bool:
    """A state named after في / من / بـ is a place, not an actor ("في ليبيا", "بليبيا")."""
    prev = normalize_key(tokens[match.start - 1].text) if match.start else ""
    return match.actor.kind == "state" and (prev in LOCATIVE or "ب" in match.proclitic)


def _can_act(match: ActorMatch) -> bool:
    """"لتنظيم القاعدة", "بالجيش": a name after a preposition is not the agent."""
    return not set(match.proclitic) & {"ل", "ب"}


def _places(entities: list[Entity], tokens: list[Token], actors: list[ActorMatch]) -> list[Entity]:
    """Place mentions that may locate an event: resolved LOC entities not inside the name of an outlet, group or
    institution ("نيويورك" in "نيويورك تايمز", "المغرب الاسلامي" in the name of AQIM)."""
    names = [(tokens[a.start].start, tokens[a.end - 1].end) for a in actors if a.actor.kind != "state"]
    return sorted((e for e in entities if e.place is not None and e.label == "LOC"
                   and normalize_key(e.text) not in LOCATIVE  # "ولاية" tagged alone
                   and not any(s <= e.start and e.end <= t for s, t in names)), key=lambda e: e.start)


def _gazetteer_places(doc: Document, actors: list[ActorMatch]) -> list[Entity]:
    """Places the gazetteer finds that are not entities (the geo stage adds only the safest to the report), resolved
    with the report as context; an event takes one only when the text introduces it as a place (``_marked``)."""
    g = load_gazetteer()
    text, report = doc.text, doc.report
    found = scan(text, doc.tokens)
    ev = evidence(found, g, report.source)
    taken = [(e.start, e.end) for e in report.entities if e.place is not None]  # a name tagged PER may be a place
    extra = [Entity.of(text, m.start, m.end, label="LOC", place=choose(m, g, ev)) for m in found
             if not any(s < m.end and m.start < t for s, t in taken)]
    return _places([e for e in extra if e.place is not None], doc.tokens, actors)


def _locations(text: str, places: list[Entity], trig: Span, sentence, clause_start: int,
               taken: list[ActorMention]) -> list[Location] | None:
    """The place of the event in its sentence (None: the sentence names none): the nearest place after the
    trigger in its clause or close after it, else the nearest before it (a city rather than the country adjective
    that follows it: "في مدينة سرت الليبية"). A list of places ("درنة وسرت وبنغازي") gives one location each."""
    here = [e for e in places if sentence.start <= e.start and e.end <= sentence.end and _usable(e, taken)
            and _marked(text, e)]
    if not here:
        return None
    here = [e for e in here if _marked(text, e) == 2] or here  # "في X" before "من X", "غرب X"
    after = [e for e in here if e.start >= trig.end and e.start - trig.end < NEAR_PLACE]
    before = [e for e in here if e.end <= trig.start]
    if after:
        chosen = after[0]
    elif before:
        chosen = before[-1]
        if chosen.place.feature == "country" and len(before) > 1 and before[-2].place.feature != "country" \
                and chosen.start - before[-2].end < 30:
            chosen = before[-2]
    else:  # only places far after the trigger
        chosen = here[0]
    run = [chosen]
    for e in places:  # places joined by و / ، after the chosen one
        gap = text[run[-1].end:e.start]
        if e.start >= run[-1].end and len(gap) <= 3 and gap.strip(" ،,") in ("", "و") and e.place.feature != "country":
            run.append(e)
    return [_location(text, e) for e in run]


IN = frozenset(normalize_key(w) for w in (
    "في", "مدينة", "بمدينة", "ولاية", "بولاية", "منطقة", "بمنطقة", "محافظة", "بمحافظة", "العاصمة", "بالعاصمة",
    "معتمدية", "بمعتمدية", "بلدية", "ببلدية", "مدن", "مناطق", "منها", "داخل", "ضواحي", "بضواحي", "أنحاء", "وسط"))
NEAR_WORDS = frozenset(normalize_key(w) for w in (
    "من", "الى", "إلى", "قرب", "بالقرب", "جنوب", "شمال", "شرق", "غرب", "شرقي", "غربي", "شمالي", "جنوبي", "نحو"))
LOCATIVE = IN | NEAR_WORDS


def _marked(text: str, e: Entity) -> int:
    """How clearly a place mention is introduced as the place where something is: 2 for بـ written onto it
    ("بطرابلس") or "في / مدينة / ولاية" before it, 1 for لـ or "من / إلى / قرب / جنوب" before it, else 0
    ("مقيما تركيا", "السلط المعنية" are not places of events)."""
    head = text[max(0, e.start - 30):e.start]
    glued = re.search(r"(\S*)$", head).group(1)
    if glued:  # "بطرابلس", "لموريتانيا" (the place aid goes to)
        return 2 if "ب" in glued else 1 if glued.endswith("ل") else 0
    words = head.split()
    word = normalize_key(words[-1].strip("()\"'«»،,")) if words else ""
    word = word[1:] if word[:1] in ("و", "ف") and word[1:] in LOCATIVE else word
    return 2 if word in IN else 1 if word in NEAR_WORDS else 0


def _earlier_location(text: str, places: list[Entity], scope, sentence, taken) -> list[Location]:
    """The last place of the preceding sentences of the paragraph."""
    earlier = [e for e in places if scope[0].start <= e.start and e.end <= sentence.start and _usable(e, taken)
               and _marked(text, e)]
    return [_location(text, earlier[-1])] if earlier else []


def _usable(e: Entity, taken: list[Span]) -> bool:
    """A place inside the agent's name ("أطلقت ايران ...") or a source's is not where the event happened."""
    return not any(a.start <= e.start and e.end <= a.end for a in taken)


SITE = re.compile(r"(?:في|ب)\s*([^\s،,.]+(?:\s+[^\s،,.]+)?)\s+(?:على\s+بعد|على\s+مسافة|تبعد|يبعد)")


def _location(text: str, e: Entity) -> Location:
    """The place mention, or the site placed by a distance from it: "في معسكر 27 على بعد 20 كلم من طرابلس" is
    located at "معسكر 27", 20 km from Tripoli."""
    km = offset_km(text, e.start)
    if km is not None:
        window = max(0, e.start - 90)
        sites = list(SITE.finditer(text, window, e.start))
        if sites:
            return Location.of(text, sites[-1].start(1), sites[-1].end(1), place=e.place, offset_km=km)
    return Location.of(text, e.start, e.end, place=e.place, offset_km=km)


def _time_in_text(times: list[Time], clause_start: int, clause_end: int, sentence, trig: Span) -> Time | None:
    """The Time of the trigger's clause nearest to it, else a Time of its sentence close to it."""
    inside = [t for t in times if sentence.start <= t.start and t.end <= sentence.end and t.end > t.start]
    near = [t for t in inside if clause_start <= t.start < clause_end] or \
        [t for t in inside if min(abs(t.start - trig.end), abs(trig.start - t.end)) <= NEAR]
    return min(near, key=lambda t: abs(t.start - trig.start)) if near else None


def _publication_date(report, text: str, tokens: list[Token], trig: Span) -> Time | None:
    """The publication date: to the day when the sentence says "اليوم", else its month."""
    if not report.published:
        return None
    today = next((t for t in tokens if normalize_key(t.text) == "اليوم"), None)
    if today is not None:
        return Time.of(text, today.start, today.end, value=report.published, precision="day", relative=True)
    return Time.of(text, trig.start, trig.start, value=report.published[:7], precision="month", relative=True)


def _sentence_number(sentences, start: int) -> int:
    return bisect_right([s.start for s in sentences], start) - 1


def _code_of(event: Event) -> str:
    return next(code for code, names in ACLED.items() if names == (event.acled_type, event.acled_sub_type))


def _fatalities(quantities, sentence) -> int | None:
    found = [q for q in quantities if q.kind == "fatalities" and sentence.start <= q.start and q.end <= sentence.end]
    return int(found[0].value) if found else None
