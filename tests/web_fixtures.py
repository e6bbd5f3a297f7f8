"""A small event database for the web tests, written by hand (no extraction stage needed).

Six reports: clashes, a protest, planned air strikes (two events), an agreement, arrests, and a hostile report
whose title, source, url, text and extracted names carry HTML and script, to prove that the UI escapes them.
Spans are found by substring so their offsets are right by construction.
"""

from __future__ import annotations

from pathlib import Path

from rasd.model import (
    Actor,
    ActorMention,
    Attribution,
    Entity,
    Event,
    Location,
    Place,
    Quantity,
    Report,
    SentenceRef,
    Span,
    Time,
)
from rasd.store import Ingested, content_hash, open_store

TRIPOLI = Place(geonames_id=2210247, name="Tripoli", name_ar="طرابلس", lat=32.8925, lon=13.18, country="LY",
                admin1="Tripoli", feature="city", score=0.9)
BENGHAZI = Place(geonames_id=88319, name="Benghazi", name_ar="بنغازي", lat=32.1167, lon=20.0667, country="LY",
                 admin1="Benghazi", feature="city", score=0.9)
DERNA = Place(geonames_id=87205, name="Derna", name_ar="درنة", lat=32.767, lon=22.6367, country="LY",
              admin1="Darnah", feature="city", score=0.8)
SIRTE = Place(geonames_id=2210554, name="Sirte", name_ar="سرت", lat=31.2089, lon=16.5887, country="LY",
              admin1="Surt", feature="city", score=0.8)
TUNIS = Place(geonames_id=2464470, name="Tunis", name_ar="تونس", lat=36.819, lon=10.1658, country="TN",
              admin1="Tunis", feature="city", score=0.9)
CAIRO = Place(geonames_id=360630, name="Cairo", name_ar="القاهرة", lat=30.0626, lon=31.2497, country="EG",
              admin1="Cairo", feature="city", score=0.9)
SABHA = Place(geonames_id=2212775, name="Sabha", name_ar="سبها", lat=27.0377, lon=14.4283, country="LY",
              admin1="Sabha", feature="city", score=0.7)

HOSTILE_TITLE = '<script>window.__xss = "title"</script>'
HOSTILE_TEXT = ('هاجم مسلحون <script>window.__xss = "text"</script> مركزا للشرطة في '
                '"><img src=x onerror="window.__xss = \'attr\'"> سبها يوم 3 أغسطس 2013.')


class Builder:
    """Spans of one text found by substring: ``b.span(Entity, "طرابلس", label="LOC")``."""

    def __init__(self, text: str):
        self.text = text

    def span(self, cls, needle: str, nth: int = 0, **fields):
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(needle, start + 1)
        return cls.of(self.text, start, start + len(needle), **fields)

    def sentence(self) -> SentenceRef:
        return SentenceRef(start=0, end=len(self.text))


def _clash() -> Report:
    text = ("اندلعت اشتباكات عنيفة بين قوات الردع وكتيبة ثوار طرابلس في منطقة سوق الجمعة بطرابلس يوم الأحد "
            "4 أغسطس 2013، ما أسفر عن مقتل 5 أشخاص، حسب ما أفادت مصادر محلية لوكالة الأنباء الليبية.")
    b = Builder(text)
    rada = Actor(id="ly-rada", name="Rada Special Deterrence Force", kind="armed_group", country="LY")
    brigade = Actor(id="ly-trb", name="Tripoli Revolutionaries Brigade", kind="armed_group", country="LY")
    date = b.span(Time, "يوم الأحد 4 أغسطس 2013", value="2013-08-04", precision="day")
    return Report(
        id="clash-tripoli", title="اشتباكات في طرابلس", source="بوابة افريقيا", published="2013-08-05", text=text,
        entities=[b.span(Entity, "قوات الردع", label="ORG", actor=rada),
                  b.span(Entity, "كتيبة ثوار طرابلس", label="ORG", actor=brigade),
                  b.span(Entity, "طرابلس", label="LOC", place=TRIPOLI),  # nested in the brigade's name
                  b.span(Entity, "سوق الجمعة", label="LOC"),
                  b.span(Entity, "بطرابلس", label="LOC", place=TRIPOLI),
                  b.span(Entity, "وكالة الأنباء الليبية", label="ORG")],
        times=[date],
        quantities=[b.span(Quantity, "5 أشخاص", value=5, kind="fatalities", unit="person")],
        events=[Event(plover="ASSAULT", acled_type="Battles", acled_sub_type="Armed clash",
                      trigger=b.span(Span, "اشتباكات"), sentence=b.sentence(), modality="asserted", date=date,
                      location=b.span(Location, "بطرابلس", place=TRIPOLI),
                      actor1=b.span(ActorMention, "قوات الردع", actor=rada),
                      actor2=b.span(ActorMention, "كتيبة ثوار طرابلس", actor=brigade), fatalities=5,
                      attribution=[b.span(Attribution, "مصادر محلية", kind="anonymous"),
                                   b.span(Attribution, "وكالة الأنباء الليبية", kind="outlet")],
                      score=0.9)])


def _protest() -> Report:
    text = "تظاهر مئات المواطنين في ميدان الشجرة ببنغازي يوم 10 أغسطس 2013 للمطالبة بحل الميليشيات."
    b = Builder(text)
    date = b.span(Time, "يوم 10 أغسطس 2013", value="2013-08-10", precision="day")
    return Report(
        id="protest-benghazi", title="مظاهرة في بنغازي", source="ليبيا المستقبل", published="2013-08-10", text=text,
        entities=[b.span(Entity, "ميدان الشجرة", label="LOC"), b.span(Entity, "ببنغازي", label="LOC", place=BENGHAZI)],
        times=[date], quantities=[b.span(Quantity, "مئات", value=100, kind="count", unit="person")],
        events=[Event(plover="PROTEST", acled_type="Protests", acled_sub_type="Peaceful protest",
                      trigger=b.span(Span, "تظاهر"), sentence=b.sentence(), modality="asserted", date=date,
                      location=b.span(Location, "ببنغازي", place=BENGHAZI),
                      actor1=b.span(ActorMention, "مئات المواطنين"), score=0.8)])


def _strikes() -> Report:
    text = "قال مسؤول أمريكي إن الولايات المتحدة تخطط لشن غارات جوية على درنة وسرت الشهر المقبل."
    b = Builder(text)
    usa = Actor(id="us", name="United States", kind="state", country="US")
    date = b.span(Time, "الشهر المقبل", value="2013-09", precision="month", relative=True)
    source = [b.span(Attribution, "مسؤول أمريكي", kind="official")]
    common = dict(plover="ASSAULT", acled_type="Explosions/Remote violence", acled_sub_type="Air/drone strike",
                  sentence=b.sentence(), modality="planned", date=date,
                  actor1=b.span(ActorMention, "الولايات المتحدة", actor=usa), attribution=source, score=0.7)
    return Report(
        id="strikes-planned", title="غارات مرتقبة", source="بوابة افريقيا", published="2013-08-20", text=text,
        entities=[b.span(Entity, "الولايات المتحدة", label="LOC", actor=usa),
                  b.span(Entity, "درنة", label="LOC", place=DERNA), b.span(Entity, "وسرت", label="LOC", place=SIRTE)],
        times=[date],
        events=[Event(trigger=b.span(Span, "غارات جوية"), location=b.span(Location, "درنة", place=DERNA), **common),
                Event(trigger=b.span(Span, "غارات جوية"), location=b.span(Location, "وسرت", place=SIRTE), **common)])


def _agreement() -> Report:
    text = "وقّعت الحكومة التونسية والاتحاد العام التونسي للشغل اتفاقًا في تونس يوم 20 أغسطس 2013."
    b = Builder(text)
    government = Actor(id="tn-gov", name="Government of Tunisia", kind="government", country="TN")
    ugtt = Actor(id="tn-ugtt", name="UGTT", kind="political", country="TN")
    date = b.span(Time, "يوم 20 أغسطس 2013", value="2013-08-20", precision="day")
    return Report(
        id="agreement-tunis", title="اتفاق في تونس", source="الصباح", published="2013-08-21", text=text,
        entities=[b.span(Entity, "الحكومة التونسية", label="ORG", actor=government),
                  b.span(Entity, "الاتحاد العام التونسي للشغل", label="ORG", actor=ugtt),
                  b.span(Entity, "تونس", label="LOC", place=TUNIS)],
        times=[date],
        events=[Event(plover="AGREE", acled_type="Strategic developments", acled_sub_type="Agreement",
                      trigger=b.span(Span, "اتفاقًا"), sentence=b.sentence(), modality="asserted", date=date,
                      location=b.span(Location, "تونس", place=TUNIS),
                      actor1=b.span(ActorMention, "الحكومة التونسية", actor=government),
                      actor2=b.span(ActorMention, "الاتحاد العام التونسي للشغل", actor=ugtt), score=0.85)])


def _arrests() -> Report:
    text = "اعتقلت الشرطة المصرية 30 متظاهرا في القاهرة يوم 15 أغسطس 2013."
    b = Builder(text)
    police = Actor(id="eg-police", name="Police Forces of Egypt", kind="police", country="EG")
    date = b.span(Time, "يوم 15 أغسطس 2013", value="2013-08-15", precision="day")
    return Report(
        id="arrests-cairo", title="اعتقالات في القاهرة", source="الأهرام", published="2013-08-15", text=text,
        entities=[b.span(Entity, "الشرطة المصرية", label="ORG", actor=police),
                  b.span(Entity, "القاهرة", label="LOC", place=CAIRO)],
        times=[date], quantities=[b.span(Quantity, "30 متظاهرا", value=30, kind="count", unit="person")],
        events=[Event(plover="COERCE", acled_type="Strategic developments", acled_sub_type="Arrests",
                      trigger=b.span(Span, "اعتقلت"), sentence=b.sentence(), modality="asserted", date=date,
                      location=b.span(Location, "القاهرة", place=CAIRO),
                      actor1=b.span(ActorMention, "الشرطة المصرية", actor=police),
                      actor2=b.span(ActorMention, "30 متظاهرا"), score=0.8)])


def _hostile() -> Report:
    text = HOSTILE_TEXT
    b = Builder(text)
    gunmen = Actor(id="x", name='<b onmouseover="window.__xss = \'actor\'">مسلحون</b>', kind="armed_group",
                   country="LY")
    date = b.span(Time, "يوم 3 أغسطس 2013", value="2013-08-03", precision="day")
    return Report(
        id="hostile", title=HOSTILE_TITLE, source='<img src=x onerror="window.__xss = \'source\'">',
        url="javascript:window.__xss = 'url'", published="2013-08-03", text=text,
        entities=[b.span(Entity, "مسلحون <script>", label="PER", actor=gunmen),
                  b.span(Entity, "سبها", label="LOC", place=SABHA)],
        times=[date],
        events=[Event(plover="ASSAULT", acled_type="Violence against civilians", acled_sub_type="Attack",
                      trigger=b.span(Span, "هاجم"), sentence=b.sentence(), modality="asserted", date=date,
                      location=b.span(Location, '"><img src=x onerror="window.__xss = \'attr\'"> سبها', place=SABHA),
                      actor1=b.span(ActorMention, "مسلحون <script>", actor=gunmen),
                      attribution=[b.span(Attribution, "<script>", kind="document")], score=0.6)])


REPORTS = [_clash, _protest, _strikes, _agreement, _arrests, _hostile]


def make_db(path: Path) -> Path:
    """Write the fixture reports into a new database at ``path``."""
    store = open_store(path)
    try:
        store.add([Ingested(report=r, content_hash=content_hash(r.text), origin="fixture") for r in
                   (make() for make in REPORTS)])
    finally:
        store.close()
    return path
