"""The SQLite backend: one file, WAL mode, FTS5 over normalized text, schema versioned by ``PRAGMA user_version``.

Reports keep the pipeline's full output (everything but the text, as JSON) so that any field a stage adds is
stored without a schema change; the fields the queries filter on are also spread over indexed tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

import msgspec

from rasd.model import ACLED_SUB_TYPES, Entity, Event, Plover, Report
from rasd.store import dedup
from rasd.store import search as fts
from rasd.store.base import (
    Added,
    Count,
    EventFilter,
    EventRow,
    Ingested,
    SearchHit,
    SearchResults,
    Stats,
    TimelineBin,
    day_range,
)

# Each migration takes the schema from version i to i + 1: SQL, or a function for what SQL cannot compute.
# Append, never edit a released one.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    """
    CREATE TABLE reports (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT, source TEXT, url TEXT, published TEXT,
        text TEXT NOT NULL,
        origin TEXT,
        stages TEXT NOT NULL,
        n_errors INTEGER NOT NULL,
        ingested_at TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE INDEX reports_published ON reports(published);
    CREATE INDEX reports_source ON reports(source);
    CREATE TABLE places (
        geonames_id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_ar TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
        country TEXT NOT NULL, admin1 TEXT, feature TEXT NOT NULL
    );
    CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT);
    CREATE TABLE entities (
        report INTEGER NOT NULL REFERENCES reports(rowid), idx INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL, score REAL,
        place INTEGER REFERENCES places(geonames_id), place_score REAL, actor TEXT REFERENCES actors(id),
        PRIMARY KEY (report, idx)
    ) WITHOUT ROWID;
    CREATE INDEX entities_place ON entities(place) WHERE place IS NOT NULL;
    CREATE INDEX entities_actor ON entities(actor) WHERE actor IS NOT NULL;
    CREATE TABLE times (
        report INTEGER NOT NULL REFERENCES reports(rowid), idx INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
        value TEXT NOT NULL, precision TEXT NOT NULL, calendar TEXT NOT NULL, relative INTEGER NOT NULL,
        PRIMARY KEY (report, idx)
    ) WITHOUT ROWID;
    CREATE TABLE quantities (
        report INTEGER NOT NULL REFERENCES reports(rowid), idx INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
        value REAL NOT NULL, kind TEXT NOT NULL, unit TEXT,
        PRIMARY KEY (report, idx)
    ) WITHOUT ROWID;
    CREATE TABLE events (
        rowid INTEGER PRIMARY KEY,
        report INTEGER NOT NULL REFERENCES reports(rowid), idx INTEGER NOT NULL,
        plover TEXT NOT NULL, acled_type TEXT COLLATE NOCASE, acled_sub_type TEXT COLLATE NOCASE,
        modality TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
        date TEXT, date_precision TEXT,
        day_lo TEXT, day_hi TEXT,  -- days the event date covers, else the report's publication day
        place INTEGER REFERENCES places(geonames_id), country TEXT, offset_km REAL,
        actor1 TEXT REFERENCES actors(id), actor2 TEXT REFERENCES actors(id),
        actor_keys TEXT NOT NULL,  -- normalized mention texts, names and ids of both actors, for --actor
        place_keys TEXT NOT NULL,  -- normalized location text, place names and geonames id, for --place
        fatalities INTEGER, score REAL NOT NULL,
        data BLOB NOT NULL,
        UNIQUE (report, idx)
    );
    CREATE INDEX events_day ON events(day_lo);
    CREATE INDEX events_country ON events(country, day_lo);
    CREATE INDEX events_type ON events(acled_type, day_lo);
    CREATE INDEX events_sub_type ON events(acled_sub_type);
    CREATE INDEX events_plover ON events(plover, day_lo);
    CREATE INDEX events_score ON events(score);
    CREATE INDEX events_actor1 ON events(actor1) WHERE actor1 IS NOT NULL;
    CREATE INDEX events_actor2 ON events(actor2) WHERE actor2 IS NOT NULL;
    CREATE INDEX events_place ON events(place) WHERE place IS NOT NULL;
    CREATE TABLE attribution (
        event INTEGER NOT NULL REFERENCES events(rowid), idx INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
        PRIMARY KEY (event, idx)
    ) WITHOUT ROWID;
    CREATE TABLE minhash (report INTEGER PRIMARY KEY REFERENCES reports(rowid), signature BLOB NOT NULL);
    CREATE TABLE lsh (band INTEGER NOT NULL, report INTEGER NOT NULL, PRIMARY KEY (band, report)) WITHOUT ROWID;
    CREATE TABLE near_duplicates (
        report INTEGER PRIMARY KEY REFERENCES reports(rowid),
        of INTEGER NOT NULL REFERENCES reports(rowid),
        similarity REAL NOT NULL
    );
    CREATE INDEX near_duplicates_of ON near_duplicates(of);
    CREATE VIRTUAL TABLE reports_fts USING fts5(
        title, body, content='', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    """,
    lambda db: _rebuild_fts(db),  # v2: a third column, the words without their clitics
    # v3: fast event filters. Their JSON moves to its own table, so a row read for a filter is ~150 bytes, not ~1 KB;
    # each indexed filter column (dates, ACLED type and sub-type, PLOVER code, country, modality) leads an index that
    # holds all the others, so any mix of them is counted, charted and paged from one index without reading rows;
    # the actor and place keys get a trigram index, so a name or mention (a substring, as before) needs no scan.
    """
    CREATE TABLE event_data (event INTEGER PRIMARY KEY REFERENCES events(rowid), data BLOB NOT NULL);
    INSERT INTO event_data (event, data) SELECT rowid, data FROM events;
    ALTER TABLE events DROP COLUMN data;
    DROP INDEX events_day;
    DROP INDEX events_country;
    DROP INDEX events_type;
    DROP INDEX events_sub_type;
    DROP INDEX events_plover;
    CREATE INDEX events_day ON events(day_lo, day_hi, acled_type, acled_sub_type, plover, country, modality, report);
    CREATE INDEX events_country
        ON events(country, day_lo, day_hi, acled_type, acled_sub_type, plover, modality, report);
    CREATE INDEX events_type ON events(acled_type, day_lo, day_hi, acled_sub_type, plover, country, modality, report);
    CREATE INDEX events_sub_type
        ON events(acled_sub_type, day_lo, day_hi, acled_type, plover, country, modality, report);
    CREATE INDEX events_plover ON events(plover, day_lo, day_hi, acled_type, acled_sub_type, country, modality, report);
    CREATE INDEX events_modality
        ON events(modality, day_lo, day_hi, acled_type, acled_sub_type, plover, country, report);
    CREATE VIRTUAL TABLE events_keys USING fts5(actor_keys, place_keys, content='', tokenize='trigram');
    INSERT INTO events_keys (rowid, actor_keys, place_keys) SELECT rowid, actor_keys, place_keys FROM events;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
RANK_WINDOW = 500  # search ranks the newest this-many matches by bm25
COUNT_CAP = 5000  # search counts matches up to this

_report_encoder = msgspec.json.Encoder()
_report_decoder = msgspec.json.Decoder(Report)
_event_decoder = msgspec.json.Decoder(Event)


class SchemaError(RuntimeError):
    """The database was written by a newer rasd."""


class SQLiteStore:
    """A rasd database in one SQLite file."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a killed process loses nothing committed; a power cut may lose the last commits, never more.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA cache_size=-32768")  # 32 MiB: the unique and LSH indexes take random inserts
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=10000")
        self._matched: tuple[str, int] | None = None  # the full-text query whose reports temp.matched_reports holds
        self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaError(f"{self.path} has schema version {version}; this rasd knows up to {SCHEMA_VERSION}: "
                              "upgrade rasd")
        for number in range(version, SCHEMA_VERSION):
            migration = MIGRATIONS[number]
            with self._transaction():
                if callable(migration):
                    migration(self.db)
                else:
                    for statement in _statements(migration):
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    def _transaction(self):
        return _Transaction(self.db)

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------------------------

    def content_hashes(self) -> Iterator[str]:
        for (h,) in self.db.execute("SELECT content_hash FROM reports"):
            yield h

    def add(self, batch: Sequence[Ingested]) -> list[Added]:
        self._matched = None  # this connection's own writes do not change PRAGMA data_version
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction():
            return [self._add_one(item, now) for item in batch]

    def _add_one(self, item: Ingested, now: str) -> Added:
        db = self.db
        report = item.report
        if db.execute("SELECT 1 FROM reports WHERE content_hash = ?", (item.content_hash,)).fetchone():
            return Added(id=None, skipped=True)
        id = report.id
        if db.execute("SELECT 1 FROM reports WHERE id = ?", (id,)).fetchone():
            id = f"{report.id}~{item.content_hash[:8]}"  # another text came with this id: keep both
            report = msgspec.structs.replace(report, id=id)
        rowid = db.execute(
            "INSERT INTO reports (id, content_hash, title, source, url, published, text, origin, stages, n_errors,"
            " ingested_at, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (id, item.content_hash, report.title, report.source, report.url, report.published, report.text,
             item.origin, ",".join(item.stages), len(report.errors), now,
             _report_encoder.encode(msgspec.structs.replace(report, text=""))),
        ).lastrowid
        db.execute("INSERT INTO reports_fts (rowid, title, body, stems) VALUES (?,?,?,?)",
                   (rowid, *_fts_columns(report.title, report.text)))
        self._add_entities(rowid, report.entities)
        db.executemany(
            "INSERT INTO times VALUES (?,?,?,?,?,?,?,?,?)",
            [(rowid, i, t.start, t.end, t.text, t.value, t.precision, t.calendar, t.relative)
             for i, t in enumerate(report.times)])
        db.executemany(
            "INSERT INTO quantities VALUES (?,?,?,?,?,?,?,?)",
            [(rowid, i, q.start, q.end, q.text, q.value, q.kind, q.unit) for i, q in enumerate(report.quantities)])
        for i, event in enumerate(report.events):
            self._add_event(rowid, i, event, report.published)
        near, sim = self._link_near_duplicate(rowid, item.signature) if item.signature else (None, None)
        return Added(id=id, near_duplicate_of=near, similarity=sim)

    def _add_entities(self, rowid: int, entities: list[Entity]) -> None:
        rows = []
        for i, e in enumerate(entities):
            self._add_place(e.place)
            self._add_actor(e.actor)
            rows.append((rowid, i, e.start, e.end, e.text, e.label, e.score,
                         e.place.geonames_id if e.place else None, e.place.score if e.place else None,
                         e.actor.id if e.actor else None))
        self.db.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?)", rows)

    def _add_place(self, place) -> None:
        if place is not None:
            self.db.execute(
                "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?)",
                (place.geonames_id, place.name, place.name_ar, place.lat, place.lon, place.country, place.admin1,
                 place.feature))

    def _add_actor(self, actor) -> None:
        if actor is not None:
            self.db.execute("INSERT OR IGNORE INTO actors VALUES (?,?,?,?)",
                            (actor.id, actor.name, actor.kind, actor.country))

    def _add_event(self, report_rowid: int, i: int, e: Event, published: str | None) -> None:
        place = e.location.place if e.location else None
        actors = [m.actor for m in (e.actor1, e.actor2) if m is not None and m.actor is not None]
        self._add_place(place)
        for actor in actors:
            self._add_actor(actor)
        lo, hi = day_range(e.date.value if e.date else published)
        actor_keys = [m.text for m in (e.actor1, e.actor2) if m] + [s for a in actors for s in (a.name, a.id)]
        place_keys = ([e.location.text] if e.location else []) + (
            [place.name, place.name_ar or "", place.admin1 or "", str(place.geonames_id)] if place else [])
        event_rowid = self.db.execute(
            "INSERT INTO events (report, idx, plover, acled_type, acled_sub_type, modality, trigger_start,"
            " trigger_end, sentence_start, sentence_end, date, date_precision, day_lo, day_hi, place, country,"
            " offset_km, actor1, actor2, actor_keys, place_keys, fatalities, score)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (report_rowid, i, e.plover, e.acled_type, e.acled_sub_type, e.modality, e.trigger.start, e.trigger.end,
             e.sentence.start, e.sentence.end, e.date.value if e.date else None,
             e.date.precision if e.date else None, lo, hi, place.geonames_id if place else None,
             place.country if place else None, e.location.offset_km if e.location else None,
             e.actor1.actor.id if e.actor1 and e.actor1.actor else None,
             e.actor2.actor.id if e.actor2 and e.actor2.actor else None,
             _keys(actor_keys), _keys(place_keys), e.fatalities, e.score),
        ).lastrowid
        self.db.execute("INSERT INTO event_data (event, data) VALUES (?,?)", (event_rowid, _report_encoder.encode(e)))
        self.db.execute("INSERT INTO events_keys (rowid, actor_keys, place_keys) VALUES (?,?,?)",
                        (event_rowid, _keys(actor_keys), _keys(place_keys)))
        self.db.executemany("INSERT INTO attribution VALUES (?,?,?,?,?,?)",
                            [(event_rowid, j, a.start, a.end, a.text, a.kind) for j, a in enumerate(e.attribution)])

    def _link_near_duplicate(self, rowid: int, signature: bytes) -> tuple[str | None, float | None]:
        keys = dedup.bands(signature)
        candidates = self.db.execute(
            f"SELECT DISTINCT m.report, m.signature FROM lsh JOIN minhash m USING (report)"
            f" WHERE lsh.band IN ({','.join('?' * len(keys))}) ORDER BY m.report", keys).fetchall()
        best = None
        for other, other_sig in candidates:
            sim = dedup.similarity(signature, other_sig)
            if sim >= dedup.THRESHOLD and (best is None or sim > best[1]):
                best = (other, sim)
        self.db.execute("INSERT INTO minhash VALUES (?,?)", (rowid, signature))
        self.db.executemany("INSERT OR IGNORE INTO lsh VALUES (?,?)", [(k, rowid) for k in keys])
        if best is None:
            return None, None
        self.db.execute("INSERT INTO near_duplicates VALUES (?,?,?)", (rowid, best[0], best[1]))
        (of_id,) = self.db.execute("SELECT id FROM reports WHERE rowid = ?", (best[0],)).fetchone()
        return of_id, best[1]

    # -- reading -------------------------------------------------------------------------------------------------

    def report(self, id: str) -> Report | None:
        row = self.db.execute("SELECT text, data FROM reports WHERE id = ?", (id,)).fetchone()
        return _decode_report(*row) if row else None

    def reports(self) -> Iterator[Report]:
        for text, data in self.db.execute("SELECT text, data FROM reports ORDER BY rowid"):
            yield _decode_report(text, data)

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> SearchResults:
        """Reports matching ``query``, best bm25 first among the newest ``RANK_WINDOW`` matches (a bound on the
        cost of ranking a very common word); the total is counted up to ``COUNT_CAP``."""
        parsed = fts.parse(query)
        match = parsed.fts5()
        if not match:
            return SearchResults(query=query, fts_query=match, total=0, total_exact=True, hits=[])
        (total,) = self.db.execute("SELECT count(*) FROM (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?"
                                   " LIMIT ?)", (match, COUNT_CAP + 1)).fetchone()
        rows = self.db.execute(
            "SELECT r.id, r.title, r.source, r.url, r.published, r.text, f.score FROM"
            " (SELECT rowid, bm25(reports_fts) AS score FROM reports_fts WHERE reports_fts MATCH ?"
            "  ORDER BY rowid DESC LIMIT ?) f"
            " JOIN reports r ON r.rowid = f.rowid ORDER BY f.score, f.rowid DESC LIMIT ? OFFSET ?",
            (match, max(RANK_WINDOW, offset + limit), limit, offset)).fetchall()
        hits = []
        for id, title, source, url, published, text, score in rows:
            snip, start, spans = fts.snippet(text, parsed)
            hits.append(SearchHit(report_id=id, title=title, source=source, url=url, published=published,
                                  score=score, snippet=snip, snippet_start=start, highlights=spans))
        return SearchResults(query=query, fts_query=match, total=min(total, COUNT_CAP), total_exact=total <= COUNT_CAP,
                             hits=hits)

    def events(self, where: EventFilter) -> Iterator[EventRow]:
        sql, params = _event_query(where, self._plan(where))
        for id, title, source, url, published, notes, idx, data in self.db.execute(sql, params):
            yield EventRow(report_id=id, index=idx, title=title, source=source, url=url, published=published,
                           notes=notes, event=_event_decoder.decode(data))

    def count_events(self, where: EventFilter, cap: int | None = None) -> int:
        body, params = _event_where(where, plan=self._plan(where))
        if cap is None:
            return self.db.execute("SELECT count(*) FROM events e" + body, params).fetchone()[0]
        sql = f"SELECT count(*) FROM (SELECT 1 FROM events e{body} LIMIT ?)"
        return self.db.execute(sql, [*params, cap]).fetchone()[0]

    def timeline(self, where: EventFilter) -> list[TimelineBin]:
        plan = msgspec.structs.replace(self._plan(where), walk=False)  # all matches are counted: look them up
        body, params = _event_where(where, "e.day_lo IS NOT NULL", plan=plan)
        sql = f"SELECT e.day_lo, e.acled_type, count(*) FROM events e{body} GROUP BY 1, 2 ORDER BY 1, 2"
        return [TimelineBin(d, t, n) for d, t, n in self.db.execute(sql, params)]

    def _plan(self, where: EventFilter) -> _Plan:
        """How to answer ``where``: an actor or place filter that names known actors or places becomes their ids
        (indexed); a text or key filter that matches many events is tested event by event while walking an index
        (``walk``), rather than its matches being looked up one by one and sorted."""
        plan = _Plan()
        if where.actor:
            plan.actors = self._ids("SELECT id FROM actors WHERE lower(id) = lower(?1)"
                                    " OR instr(lower(name), lower(?1))", where.actor)
        if where.place:
            plan.places = self._ids("SELECT geonames_id FROM places WHERE CAST(geonames_id AS TEXT) = ?1"
                                    " OR instr(lower(name), lower(?1)) OR instr(name_ar, ?1)", where.place)
        plan.walk = any(self.db.execute(f"SELECT count(*) FROM ({sql} LIMIT {WALK_AFTER})", params).fetchone()[0]
                        >= WALK_AFTER for sql, params in _list_filters(where, plan))
        match = fts.parse(where.query).fts5() if where.query else ""
        if plan.walk and match:  # many reports match: list them once, in an indexed table, for the next statements
            self._match_reports(match)
            plan.matched = True
        return plan

    def _match_reports(self, match: str) -> None:
        """Fill temp.matched_reports with the reports matching ``match``, unless it holds them already (same query,
        database unchanged): a page, its count, the map and the timeline then test events against it cheaply."""
        key = (match, self.db.execute("PRAGMA data_version").fetchone()[0])
        if self._matched == key:
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS matched_reports (report INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM temp.matched_reports")
        self.db.execute("INSERT INTO temp.matched_reports SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?",
                        (match,))
        self._matched = key

    def _ids(self, sql: str, value: str) -> list | None:
        """The ids ``sql`` finds for ``value``, or None if none, or too many to be worth an index (under 3 letters)."""
        if len(value.strip()) < 3:
            return None
        ids = [i for (i,) in self.db.execute(sql + f" LIMIT {MAX_IDS + 1}", (value.strip(),))]
        return ids if 0 < len(ids) <= MAX_IDS else None

    def stats(self, top: int = 10) -> Stats:
        one = self._scalar

        def counts(sql: str) -> list[Count]:
            return [Count(k, n) for k, n in self.db.execute(sql + " ORDER BY 2 DESC, 1 LIMIT ?", (top,))]

        return Stats(
            reports=one("SELECT count(*) FROM reports"),
            events=one("SELECT count(*) FROM events"),
            entities=one("SELECT count(*) FROM entities"),
            places=one("SELECT count(*) FROM places"),
            actors=one("SELECT count(*) FROM actors"),
            near_duplicates=one("SELECT count(*) FROM near_duplicates"),
            reports_with_errors=one("SELECT count(*) FROM reports WHERE n_errors > 0"),
            published=tuple(self.db.execute("SELECT min(published), max(published) FROM reports").fetchone()),
            event_dates=tuple(self.db.execute("SELECT min(day_lo), max(day_hi) FROM events").fetchone()),
            sources=counts("SELECT source, count(*) FROM reports GROUP BY source"),
            event_types=counts("SELECT acled_type, count(*) FROM events GROUP BY acled_type"),
            plover=counts("SELECT plover, count(*) FROM events GROUP BY plover"),
            countries=counts("SELECT country, count(*) FROM events GROUP BY country"),
            top_actors=counts("SELECT a.name, count(*) FROM events e JOIN actors a"
                              " ON a.id IN (e.actor1, e.actor2) GROUP BY a.id"),
            top_places=counts("SELECT p.name, count(*) FROM events e JOIN places p"
                              " ON p.geonames_id = e.place GROUP BY p.geonames_id"),
            schema_version=self.schema_version,
        )

    def _scalar(self, sql: str):
        return self.db.execute(sql).fetchone()[0]


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on error: a batch is stored whole or not at all."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _statements(script: str) -> list[str]:
    """Split a migration into statements (``executescript`` would commit the open transaction)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out


def _fts_columns(title: str | None, text: str) -> tuple[str, str, str]:
    return fts.index_text(title), fts.index_text(text), fts.stem_text(title) + "\n" + fts.stem_text(text)


def _rebuild_fts(db: sqlite3.Connection) -> None:
    """(Re)create the full-text index from the stored reports, e.g. after the normalization or the columns changed."""
    db.execute("DROP TABLE IF EXISTS reports_fts")
    db.execute("CREATE VIRTUAL TABLE reports_fts USING fts5(title, body, stems, content='',"
               " tokenize='unicode61 remove_diacritics 2', prefix='2 3')")
    rows = db.execute("SELECT rowid, title, text FROM reports ORDER BY rowid")
    db.executemany("INSERT INTO reports_fts (rowid, title, body, stems) VALUES (?,?,?,?)",
                   ((rowid, *_fts_columns(title, text)) for rowid, title, text in rows))


def _decode_report(text: str, data: bytes) -> Report:
    return msgspec.structs.replace(_report_decoder.decode(data), text=text)


def _keys(values: list[str]) -> str:
    return "\n".join(fts.index_text(v) for v in values if v)


WALK_AFTER = 2000  # matches of a text or key filter past which events are tested in index order, not looked up
MAX_IDS = 50  # an actor or place filter naming more known actors or places than this searches the keys instead


class _Plan(msgspec.Struct):
    actors: list[str] | None = None  # the known actors an actor filter names
    places: list[int] | None = None  # the known places a place filter names
    walk: bool = False
    matched: bool = False  # the full-text query's reports are in temp.matched_reports


def _list_filters(where: EventFilter, plan: _Plan) -> list[tuple[str, str]]:
    """The filters whose matches are looked up (full-text query, keys, known actors and places): (rowid query, its
    parameters)."""
    out: list[tuple[str, list]] = []
    for column, value, ids in (("actor_keys", where.actor, plan.actors), ("place_keys", where.place, plan.places)):
        if value and ids is None and len(_key(value)) >= 3:
            out.append((f"SELECT rowid FROM events_keys WHERE {column} MATCH ?", [_keys_param(value)]))
    if plan.actors:
        marks = ",".join("?" * len(plan.actors))
        out.append((f"SELECT rowid FROM events WHERE actor1 IN ({marks}) OR actor2 IN ({marks})", plan.actors * 2))
    if plan.places:
        out.append((f"SELECT rowid FROM events WHERE place IN ({','.join('?' * len(plan.places))})", plan.places))
    match = fts.parse(where.query).fts5() if where.query else ""
    if match:
        out.append(("SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?", [match]))
    return out


def _event_where(where: EventFilter, *extra: str, plan: _Plan | None = None) -> tuple[str, list]:
    """The WHERE clause over ``events e`` selecting what ``where`` asks for (and ``extra``), and its parameters.

    ``plan.walk``: test the full-text filters' matches against each event (``+`` keeps SQLite from driving the
    query from the list of matches), for when they match too many events to look them up one by one.
    """
    plan = plan or _Plan()
    clauses, params = list(extra), []
    plus = "+" if plan.walk else ""
    if where.types:
        clauses.append(_type_clause(where.types, params))
    if where.countries:
        clauses.append(f"e.country IN ({','.join('?' * len(where.countries))})")
        params += [c.upper() for c in where.countries]
    if where.modalities:
        clauses.append(f"e.modality IN ({','.join('?' * len(where.modalities))})")
        params += [m.lower() for m in where.modalities]
    if where.since:  # an event spans a year at most: the second bound lets the day index be used
        clauses.append("e.day_hi >= ? AND e.day_lo >= coalesce(date(?, '-366 days'), '')")
        params += [day_range(where.since)[0]] * 2
    if where.until:
        clauses.append("e.day_lo <= ?")
        params.append(day_range(where.until)[1])
    if plan.actors:
        marks = ",".join("?" * len(plan.actors))
        clauses.append(f"({plus}e.actor1 IN ({marks}) OR {plus}e.actor2 IN ({marks}))")
        params += plan.actors * 2
    elif where.actor:  # the keys hold the actors' ids and names too; a short id is also compared whole
        short = len(_key(where.actor)) < 3
        clauses.append(f"(e.actor1 = ? OR e.actor2 = ? OR {_keys_match('actor_keys', where.actor)})" if short
                       else _keys_match("actor_keys", where.actor, plus))
        params += [where.actor, where.actor, _keys_param(where.actor)] if short else [_keys_param(where.actor)]
    if plan.places:
        clauses.append(f"{plus}e.place IN ({','.join('?' * len(plan.places))})")
        params += plan.places
    elif where.place:
        clauses.append(_keys_match("place_keys", where.place, plus))
        params.append(_keys_param(where.place))
    if where.report_id:
        clauses.append("e.report = (SELECT rowid FROM reports WHERE id = ?)")
        params.append(where.report_id)
    match = fts.parse(where.query).fts5() if where.query else ""
    if plan.matched:
        clauses.append("+e.report IN temp.matched_reports")
    elif match:
        clauses.append(f"{plus}e.report IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)")
        params.append(match)
    return " WHERE " + " AND ".join(clauses) if clauses else "", params


_TYPE_COLUMNS = {  # a known code filters one indexed column; anything else is looked for in all three
    **{p.lower(): "plover" for p in get_args(Plover)},
    **{t.lower(): "acled_type" for t in ACLED_SUB_TYPES},
    **{s.lower(): "acled_sub_type" for subs in ACLED_SUB_TYPES.values() for s in subs},
}


def _type_clause(types: list[str], params: list) -> str:
    by_column: dict[str, list[str]] = {}
    for t in types:
        column = _TYPE_COLUMNS.get(t.lower())
        for c in [column] if column else ["plover", "acled_type", "acled_sub_type"]:
            by_column.setdefault(c, []).append(t.upper() if c == "plover" else t)
    parts = []
    for column, values in by_column.items():
        parts.append(f"e.{column} IN ({','.join('?' * len(values))})")
        params += values
    return "(" + " OR ".join(parts) + ")"


def _keys_match(column: str, value: str, plus: str = "") -> str:
    """Events whose ``column`` contains ``value`` (normalized): by the trigram index, or a scan under 3 letters."""
    if len(_key(value)) >= 3:
        return f"{plus}e.rowid IN (SELECT rowid FROM events_keys WHERE {column} MATCH ?)"
    return f"instr(e.{column}, ?) > 0"


def _key(value: str) -> str:
    """A filter value as the keys are stored (normalized), without NULs (FTS5 would take one as a string's end)."""
    return fts.index_text(value).replace("\x00", "")


def _keys_param(value: str) -> str:
    key = _key(value)
    return '"' + key.replace('"', '""') + '"' if len(key) >= 3 else key


def _event_query(where: EventFilter, plan: _Plan | None = None) -> tuple[str, list]:
    """The page of events: chosen from the slim events table first, then joined to their reports and JSON."""
    body, params = _event_where(where, plan=plan)
    order = "{0}score DESC, {0}day_lo DESC" if where.sort == "score" else "{0}day_lo DESC"
    page = ("SELECT e.rowid AS event, e.report, e.idx, e.day_lo, e.score, e.sentence_start, e.sentence_end"
            f" FROM events e{body} ORDER BY {order.format('e.')}, e.report, e.idx")
    if where.limit is not None:
        page += " LIMIT ? OFFSET ?"
        params += [where.limit, where.offset]
    sql = ("SELECT r.id, r.title, r.source, r.url, r.published,"
           " substr(r.text, p.sentence_start + 1, p.sentence_end - p.sentence_start), p.idx, d.data"
           f" FROM ({page}) p JOIN reports r ON r.rowid = p.report JOIN event_data d ON d.event = p.event"
           f" ORDER BY {order.format('p.')}, p.report, p.idx")
    return sql, params
