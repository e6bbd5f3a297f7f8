"""rasd.store: what goes in comes out; search folds Arabic spelling; event filters; schema migrations."""

import sqlite3

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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
from rasd.store import EventFilter, Ingested, content_hash, open_store
from rasd.store import sqlite as backend
from rasd.store.dedup import signature

TRIPOLI = Place(geonames_id=2210247, name="Tripoli", name_ar="طرابلس", lat=32.88, lon=13.19, country="LY",
                admin1="Tripoli", feature="city", score=0.9)
ALEPPO = Place(geonames_id=170063, name="Aleppo", name_ar="حلب", lat=36.2, lon=37.16, country="SY",
               admin1="Aleppo", feature="city", score=0.8)
ARMY = Actor(id="ly-army", name="Libyan National Army", kind="military", country="LY")
REBELS = Actor(id="sy-rebels", name="Syrian rebels", kind="armed_group", country="SY")


def _at(text, needle):
    start = text.index(needle)
    return start, start + len(needle)


def event_report(id, text, *, trigger, place=None, location=None, actor=None, actor_text=None, date=None,
                 published="2013-08-05", plover="ASSAULT", acled=("Battles", "Armed clash"), fatalities=None,
                 title=None, source="بوابة افريقيا"):
    """A report with one event, the way the extraction stages will fill it."""
    event = Event(
        plover=plover, acled_type=acled[0], acled_sub_type=acled[1], trigger=Span.of(text, *_at(text, trigger)),
        sentence=SentenceRef(start=0, end=len(text)), modality="asserted",
        date=Time.of(text, *_at(text, date[0]), value=date[1], precision="day") if date else None,
        location=Location.of(text, *_at(text, location), place=place) if location else None,
        actor1=ActorMention.of(text, *_at(text, actor_text), actor=actor) if actor_text else None,
        fatalities=fatalities,
        attribution=[Attribution.of(text, *_at(text, "مصدر"), kind="anonymous")] if "مصدر" in text else [],
        score=0.5 + (fatalities or 0) / 100,
    )
    entities = [Entity.of(text, *_at(text, location), label="LOC", place=place)] if location else []
    if actor_text:
        entities.append(Entity.of(text, *_at(text, actor_text), label="ORG", actor=actor, score=0.9))
    quantities = [Quantity.of(text, *_at(text, "ثلاثة"), value=3, kind="fatalities", unit="person")] \
        if "ثلاثة" in text else []
    return Report(id=id, title=title, source=source, published=published, text=text, entities=entities,
                  times=[event.date] if event.date else [], quantities=quantities, events=[event])


LIBYA = event_report(
    "ly1", "قال مصدر عسكري إن قوات الجيش الليبي سيطرت أمس على معسكر في طرابلس بعد اشتباكات قتل فيها ثلاثة.",
    trigger="اشتباكات", place=TRIPOLI, location="طرابلس", actor=ARMY, actor_text="قوات الجيش الليبي",
    date=("أمس", "2013-08-04"), fatalities=3, title="اشتباكات في طرابلس")
SYRIA = event_report(
    "sy1", "قصفت فصائل المعارضة أحياء في حلب خلال شهر أيلول كما أكد أسامة العبد.",
    trigger="قصفت", place=ALEPPO, location="حلب", actor=REBELS, actor_text="فصائل المعارضة",
    published="2014-09-20", acled=("Explosions/Remote violence", "Shelling/artillery/missile attack"))
PROTEST = event_report(
    "tn1", "تظاهر مئات الطلبة في تونس احتجاجا على الأسعار.", trigger="تظاهر", plover="PROTEST",
    acled=("Protests", "Peaceful protest"), published="2017-01-20", source="Jawhara FM")


def ingested(report):
    return Ingested(report=report, content_hash=content_hash(report.text), origin="test.jsonl:1",
                    stages=("test",), signature=signature(report.text))


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "rasd.db") as s:
        s.add([ingested(r) for r in (LIBYA, SYRIA, PROTEST)])
        yield s


def test_reports_come_back_exactly_and_content_is_stored_once(store):
    assert store.report("ly1") == LIBYA and store.report("sy1") == SYRIA
    assert list(store.reports()) == [LIBYA, SYRIA, PROTEST]
    again = store.add([ingested(LIBYA)])
    assert again[0].skipped and store.stats().reports == 3
    assert store.report("nope") is None


def test_a_different_text_with_a_taken_id_is_kept_under_a_new_id(store):
    other = msgspec.structs.replace(PROTEST, text=PROTEST.text + " وتفرقت المظاهرة لاحقا.")
    [added] = store.add([ingested(other)])
    assert added.id.startswith("tn1~") and not added.skipped
    assert store.report(added.id).text == other.text and store.report("tn1") == PROTEST


def test_all_fields_land_in_their_tables(store):
    db = store.db
    assert db.execute("SELECT text, label, place, actor FROM entities ORDER BY report, idx").fetchall()[:2] == [
        ("طرابلس", "LOC", 2210247, None), ("قوات الجيش الليبي", "ORG", None, "ly-army")]
    assert db.execute("SELECT name_ar, country FROM places ORDER BY geonames_id").fetchall() == [
        ("حلب", "SY"), ("طرابلس", "LY")]
    assert db.execute("SELECT value, text FROM times").fetchall() == [("2013-08-04", "أمس")]
    assert db.execute("SELECT value, kind, unit FROM quantities").fetchall() == [(3.0, "fatalities", "person")]
    assert db.execute("SELECT text, kind FROM attribution").fetchall() == [("مصدر", "anonymous")]
    assert db.execute("SELECT count(*) FROM actors").fetchone() == (2,)


@pytest.mark.parametrize("query, ids", [
    ("اسامة", ["sy1"]),  # the text has أسامة: hamza and taa marbuta fold
    ("المعارضه", ["sy1"]),
    ("معارضة", ["sy1"]),  # the text has المعارضة: the article is a clitic
    ("وحلب", ["sy1"]),  # and the other way round
    ("ليب", []),  # a whole word does not match a longer one
    ("ليبي*", ["ly1"]),
    ("أُسامَة", ["sy1"]),  # tashkeel in the query is ignored
    ("طرابل*", ["ly1"]),  # prefix
    ('"الجيش الليبي"', ["ly1"]),  # phrase
    ('"الليبي الجيش"', []),  # a phrase keeps word order
    ("title:اشتباكات", ["ly1"]),
    ("حلب OR تونس", ["sy1", "tn1"]),
    ("قوات NOT طرابلس", []),
    ("قوات AND NOT حلب", ["ly1"]),
    ('(تونس OR "AND" "', ["tn1"]),  # stray syntax never raises
    ("", []),
])
def test_search_folds_spelling_and_supports_prefix_phrase_and_operators(store, query, ids):
    results = store.search(query)
    assert sorted(h.report_id for h in results.hits) == ids and results.total == len(ids)


def test_search_snippets_and_highlights_are_original_text(store):
    [hit] = store.search("اسامه").hits
    start, end = hit.highlights[0]
    assert SYRIA.text[start:end] == "أسامة"
    assert SYRIA.text[hit.snippet_start:hit.snippet_start + len(hit.snippet)] == hit.snippet
    [hit] = store.search('"الجيش الليبي" معسكر').hits
    assert [LIBYA.text[s:e] for s, e in hit.highlights] == ["الجيش", "الليبي", "معسكر"]


def test_search_pages(store):
    first = store.search("في", limit=2)
    second = store.search("في", limit=2, offset=2)
    assert first.total == 3 and len(first.hits) == 2 and len(second.hits) == 1
    assert {h.report_id for h in first.hits + second.hits} == {"ly1", "sy1", "tn1"}


def test_ranking_and_counting_are_bounded(store, monkeypatch):
    monkeypatch.setattr(backend, "RANK_WINDOW", 2)
    monkeypatch.setattr(backend, "COUNT_CAP", 2)
    results = store.search("في", limit=2)
    assert (results.total, results.total_exact) == (2, False)
    assert {h.report_id for h in results.hits} == {"sy1", "tn1"}  # the two newest matches, by bm25
    assert len(store.search("في", limit=2, offset=2).hits) == 1  # paging beyond the window widens it


@pytest.mark.parametrize("where, ids", [
    (EventFilter(), ["tn1", "sy1", "ly1"]),  # newest first
    (EventFilter(countries=["ly"]), ["ly1"]),
    (EventFilter(types=["battles"]), ["ly1"]),
    (EventFilter(types=["PROTEST"]), ["tn1"]),
    (EventFilter(types=["Shelling/artillery/missile attack", "Peaceful protest"]), ["tn1", "sy1"]),
    (EventFilter(since="2014"), ["tn1", "sy1"]),
    (EventFilter(since="2013-08-05"), ["tn1", "sy1"]),  # ly1 happened on the 4th, reported on the 5th
    (EventFilter(until="2013-08-04"), ["ly1"]),
    (EventFilter(since="2014-09", until="2014-09"), ["sy1"]),  # undated: the report's day counts
    (EventFilter(actor="ly-army"), ["ly1"]),
    (EventFilter(actor="الجيش الليبي"), ["ly1"]),
    (EventFilter(actor="syrian rebels"), ["sy1"]),
    (EventFilter(place="حلب"), ["sy1"]),
    (EventFilter(place="tripoli"), ["ly1"]),
    (EventFilter(place="2210247"), ["ly1"]),
    (EventFilter(report_id="sy1"), ["sy1"]),
    (EventFilter(sort="score"), ["ly1", "tn1", "sy1"]),
    (EventFilter(limit=1, offset=1), ["sy1"]),
    (EventFilter(countries=["LY"], types=["Protests"]), []),
])
def test_event_filters(store, where, ids):
    assert [row.report_id for row in store.events(where)] == ids


def test_event_rows_carry_the_event_and_its_sentence(store):
    [row] = store.events(EventFilter(report_id="ly1"))
    assert row.event == LIBYA.events[0] and row.notes == LIBYA.text and row.published == "2013-08-05"


def test_stats(store):
    stats = store.stats()
    assert (stats.reports, stats.events, stats.places, stats.actors) == (3, 3, 2, 2)
    assert stats.published == ("2013-08-05", "2017-01-20") and stats.event_dates == ("2013-08-04", "2017-01-20")
    assert {c.key: c.count for c in stats.countries} == {"LY": 1, "SY": 1, None: 1}
    assert [c.key for c in stats.top_actors] == ["Libyan National Army", "Syrian rebels"]
    assert stats.schema_version == backend.SCHEMA_VERSION
    assert msgspec.json.decode(msgspec.json.encode(stats))["reports"] == 3


WIRE = ("أعلنت وزارة الداخلية الليبية اليوم الأحد أن قواتها تمكنت من إحباط محاولة تهريب كميات كبيرة من الوقود عبر "
        "الحدود الغربية مع تونس، وأوضحت في بيان نشرته على صفحتها الرسمية أن دورية تابعة لحرس الحدود أوقفت ثلاث "
        "شاحنات محملة بأكثر من مئة ألف لتر من البنزين قرب منفذ رأس اجدير، وأن التحقيقات جارية لمعرفة الجهات التي "
        "تقف وراء العملية. وأضاف البيان أن الوزارة ستواصل حملاتها لمكافحة التهريب الذي يكلف الدولة خسائر كبيرة "
        "سنويا، داعيا المواطنين إلى التعاون مع الأجهزة الأمنية والإبلاغ عن أي نشاط مشبوه في المناطق الحدودية.")


def test_near_duplicates_are_linked_not_dropped(store):
    words = WIRE.split()
    edited = " ".join(words[:20] + ["الليبية"] + words[20:])  # the same wire story, one word added by an outlet
    first = Report(id="wire", text=WIRE, source="وال")
    copy = Report(id="wire-copy", text=edited, source="بوابة الوسط")
    unrelated = Report(id="other", text=LIBYA.text + " " + WIRE[:60])
    added = store.add([ingested(first), ingested(copy), ingested(unrelated)])
    assert added[0].near_duplicate_of is None
    assert added[1].near_duplicate_of == "wire" and added[1].similarity >= 0.8
    assert added[2].near_duplicate_of is None
    assert store.stats().near_duplicates == 1 and store.report("wire-copy").text == edited


def test_schema_is_versioned_and_migrations_keep_the_data(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(backend, "SCHEMA_VERSION", 1)
    with open_store(path) as old:  # a database of the first schema, with one report
        old.db.execute("INSERT INTO reports (id, content_hash, text, stages, n_errors, ingested_at, data)"
                       " VALUES ('old', 'h', 'قالت وزارة الخارجية إن وليبيا ستشارك', '', 0, 'now', ?)",
                       (msgspec.json.encode(Report(id="old", text="")),))
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (1,)
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)
    monkeypatch.undo()
    with open_store(path) as store:  # migrated: the index is rebuilt with the clitic-free column
        assert store.schema_version == backend.SCHEMA_VERSION == 3
        assert [h.report_id for h in store.search("ليبيا").hits] == ["old"]
    monkeypatch.setattr(backend, "SCHEMA_VERSION", 1)
    with pytest.raises(backend.SchemaError, match="schema version 3"):
        open_store(path)


def test_reading_a_missing_database_does_not_create_it(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab تونس()"*:-ORANDNOTtitle\u064e\u0640')), max_size=30))
@example("(A())")  # an operator left before a closing parenthesis once reached FTS5
@example("a OR ( ) b")
def test_no_query_breaks_search(store, query):
    store.search(query)
