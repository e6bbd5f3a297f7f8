"""The store's event queries the web UI relies on: modality and full-text filters, counts, day timelines, and the
v3 migration that moved the events' JSON out of the filtered table."""

from __future__ import annotations

import msgspec
import pytest

from rasd.model import Event, SentenceRef, Span
from rasd.store import EventFilter, Ingested, content_hash, open_store
from rasd.store import sqlite as backend
from tests.web_fixtures import REPORTS, make_db


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(make_db(tmp_path_factory.mktemp("events") / "events.db")) as s:
        yield s


@pytest.mark.parametrize(("where", "reports"), [
    (EventFilter(modalities=["planned"]), {"strikes-planned"}),
    (EventFilter(query="بنغازي"), {"protest-benghazi"}),
    (EventFilter(query='"قوات الردع"', types=["Battles"]), {"clash-tripoli"}),
    (EventFilter(types=["Agreement", "PROTEST"]), {"agreement-tunis", "protest-benghazi"}),  # sub-type or PLOVER
    (EventFilter(types=["strategic developments"]), {"agreement-tunis", "arrests-cairo"}),  # case-insensitive
    (EventFilter(types=["no such type"]), set()),
    (EventFilter(actor="Rada"), {"clash-tripoli"}),  # part of the resolved name (trigram index)
    (EventFilter(actor="ly-rada"), {"clash-tripoli"}),  # actor id
    (EventFilter(actor="الشرطه"), {"arrests-cairo"}),  # mention text, normalized (ة/ه)
    (EventFilter(actor="مئ"), {"protest-benghazi"}),  # under three letters: scanned
    (EventFilter(place="Derna"), {"strikes-planned"}),
    (EventFilter(place="2464470"), {"agreement-tunis"}),  # GeoNames id
    (EventFilter(report_id="hostile"), {"hostile"}),
])
def test_event_filters(store, where, reports):
    rows = list(store.events(where))
    assert {r.report_id for r in rows} == reports
    assert store.count_events(where) == len(rows)


def test_timeline_counts_days_and_types(store):
    bins = store.timeline(EventFilter())
    assert sum(b.count for b in bins) == store.count_events(EventFilter()) == 7
    assert [(b.day, b.type, b.count) for b in bins if b.day == "2013-09-01"] == [
        ("2013-09-01", "Explosions/Remote violence", 2)]  # "next month": the first day of 2013-09
    assert [tuple(msgspec.to_builtins(b)) for b in store.timeline(EventFilter(countries=["EG"]))] == [
        ("2013-08-15", "Strategic developments", 1)]


def test_v3_migration_moves_event_json_and_indexes_keys(tmp_path, monkeypatch):
    path = tmp_path / "v2.db"
    event = Event(plover="ASSAULT", acled_type="Battles", acled_sub_type="Armed clash",
                  trigger=Span(start=0, end=4, text="قصف"), sentence=SentenceRef(start=0, end=10), modality="asserted")
    monkeypatch.setattr(backend, "SCHEMA_VERSION", 2)
    with open_store(path) as old:
        old.db.execute("INSERT INTO reports (id, content_hash, text, stages, n_errors, ingested_at, data)"
                       " VALUES ('r', 'h', 'قصف الجيش', '', 0, 'now', ?)", (b'{"id": "r", "text": ""}',))
        old.db.execute("INSERT INTO events (report, idx, plover, acled_type, modality, trigger_start, trigger_end,"
                       " sentence_start, sentence_end, day_lo, day_hi, actor_keys, place_keys, score, data)"
                       " VALUES (1, 0, 'ASSAULT', 'Battles', 'asserted', 0, 4, 0, 10, '2014-01-01', '2014-01-01',"
                       " 'الجيش الليبي', '', 0, ?)", (msgspec.json.encode(event),))
    monkeypatch.undo()
    with open_store(path) as store:
        assert store.schema_version == 3
        rows = list(store.events(EventFilter(actor="الجيش")))
        assert [r.event for r in rows] == [event]
        assert "data" not in [c[1] for c in store.db.execute("PRAGMA table_info(events)")]


def test_actor_and_place_filters_naming_known_ones_use_their_ids(store):
    assert store._plan(EventFilter(actor="Rada")).actors == ["ly-rada"]
    assert sorted(store._plan(EventFilter(actor="FORCE")).actors) == ["eg-police", "ly-rada"]  # ..Forces, ..Force
    assert store._plan(EventFilter(actor="الشرطه")).actors is None  # a mention: searched in the keys
    assert store._plan(EventFilter(place="بنغازي")).places == [88319]
    assert store._plan(EventFilter(place="88319")).places == [88319]
    assert store._plan(EventFilter(place="سوق الجمعة")).places is None


def test_frequent_text_matches_are_walked_and_counted_up_to_a_cap(tmp_path, monkeypatch):
    with open_store(make_db(tmp_path / "walk.db")) as store:
        wheres = [EventFilter(query="يوم"), EventFilter(query="يوم", countries=["LY"]), EventFilter(actor="الشرطه"),
                  EventFilter(place="بطرابلس"), EventFilter(place="بطرابلس", actor="قوات")]
        looked_up = [(list(store.events(w)), store.count_events(w), store.timeline(w)) for w in wheres]
        monkeypatch.setattr(backend, "WALK_AFTER", 1)  # every text or key filter now matches "too many" events
        assert store._plan(wheres[0]).walk and store._plan(wheres[3]).walk
        walked = [(list(store.events(w)), store.count_events(w), store.timeline(w)) for w in wheres]
        assert walked == looked_up  # same events, same order, same counts
        assert store.count_events(wheres[0]) == 5 and store.count_events(wheres[0], cap=3) == 3  # "at least 3"
        more = REPORTS[1]()  # the protest again, under another id and text: its reports list must be refreshed
        more = msgspec.structs.replace(more, id="again", text=more.text + " مجددا")
        store.add([Ingested(report=more, content_hash=content_hash(more.text))])
        assert store.count_events(wheres[0]) == 6
