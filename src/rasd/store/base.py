"""The storage interface and the plain objects it returns, shared by every backend, the CLI and the web UI.

A backend implements :class:`Store`; nothing outside ``rasd.store`` knows SQL. Results are msgspec Structs, so
``msgspec.to_builtins(result)`` is the JSON a web handler returns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Literal, Protocol

import msgspec

from rasd.model import Event, Report

SortKey = Literal["date", "score"]


class Ingested(msgspec.Struct, kw_only=True):
    """A processed report on its way into the store, with what ingest learnt about it."""

    report: Report
    content_hash: str
    origin: str | None = None  # where it was read: ``path``, ``path:line``, ``path#record``
    stages: tuple[str, ...] = ()
    signature: bytes | None = None  # MinHash signature for near-duplicate detection (rasd.store.dedup)


class Added(msgspec.Struct, kw_only=True):
    """The outcome of storing one :class:`Ingested` report."""

    id: str | None  # the id it was stored under (renamed if another report already had it); None if skipped
    skipped: bool = False  # the same content was already stored
    near_duplicate_of: str | None = None
    similarity: float | None = None


class EventFilter(msgspec.Struct, kw_only=True):
    """Which events to return. Every field narrows the result; empty lists and ``None`` do not filter."""

    types: list[str] = []  # PLOVER code, ACLED type or ACLED sub-type (case-insensitive)
    countries: list[str] = []  # ISO 3166-1 alpha-2 of the event's place
    modalities: list[str] = []  # asserted, planned, denied, hypothetical
    since: str | None = None  # YYYY[-MM[-DD]]: events whose date range ends on or after this day
    until: str | None = None  # YYYY[-MM[-DD]]: events whose date range starts on or before this day
    actor: str | None = None  # actor id or name (substring) of known actors; else mention text (normalized substring)
    place: str | None = None  # place name (Arabic or English) or geonames id of known places; else location text
    report_id: str | None = None
    query: str | None = None  # full-text query (as for search): events of the reports that match it
    sort: SortKey = "date"
    limit: int | None = 50  # None: all
    offset: int = 0


class EventRow(msgspec.Struct, kw_only=True):
    """One stored event with the report it came from."""

    report_id: str
    index: int  # position in the report's ``events``
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    notes: str  # the sentence that states the event
    event: Event


class SearchHit(msgspec.Struct, kw_only=True):
    report_id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    score: float  # bm25, lower is better
    snippet: str  # a stretch of the original text around the first matches
    snippet_start: int  # offset of the snippet in the report text
    highlights: list[tuple[int, int]]  # matched words, offsets into the report text


class SearchResults(msgspec.Struct, kw_only=True):
    query: str
    fts_query: str  # the query as sent to the full-text index, after normalization
    total: int  # matching reports, counted up to a cap
    total_exact: bool  # False: there are more than ``total``
    hits: list[SearchHit]


class Count(msgspec.Struct, array_like=True):
    key: str | None
    count: int


class TimelineBin(msgspec.Struct, array_like=True):
    """How many events of one ACLED type (None: not an ACLED event) fall on one day."""

    day: str
    type: str | None
    count: int


class Stats(msgspec.Struct, kw_only=True):
    reports: int
    events: int
    entities: int
    places: int
    actors: int
    near_duplicates: int
    reports_with_errors: int
    published: tuple[str | None, str | None]  # earliest and latest publication date
    event_dates: tuple[str | None, str | None]
    sources: list[Count]
    event_types: list[Count]
    plover: list[Count]
    countries: list[Count]
    top_actors: list[Count]
    top_places: list[Count]
    schema_version: int


class Store(Protocol):
    """What ingest, query, export and the web UI need from a database, and nothing more."""

    def content_hashes(self) -> Iterator[str]:
        """Hashes of every stored report's content, to skip them on ingest."""
        ...

    def add(self, batch: Sequence[Ingested]) -> list[Added]:
        """Store a batch atomically (all or nothing), linking near-duplicates of stored reports."""
        ...

    def report(self, id: str) -> Report | None:
        """The stored report exactly as the pipeline produced it."""
        ...

    def reports(self) -> Iterator[Report]:
        """Every stored report, in ingest order."""
        ...

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> SearchResults: ...

    def events(self, where: EventFilter) -> Iterator[EventRow]: ...

    def count_events(self, where: EventFilter, cap: int | None = None) -> int:
        """How many events ``where`` selects, ignoring its limit and offset; ``cap``: counting may stop there when
        counting exactly would be slow (the result is then ``cap``: "at least")."""
        ...

    def timeline(self, where: EventFilter) -> list[TimelineBin]:
        """Events per day and ACLED type, dated by the event's date (its first day), else its report's publication."""
        ...

    def stats(self, top: int = 10) -> Stats: ...

    def close(self) -> None: ...


def content_hash(text: str) -> str:
    """The identity of a report's content: SHA-256 of its text with whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


def day_range(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day (YYYY-MM-DD, comparable as strings) covered by a YYYY[-MM[-DD]] value."""
    if not value:
        return None, None
    if len(value) == 4:
        return value + "-01-01", value + "-12-31"
    if len(value) == 7:
        return value + "-01", value + "-31"
    return value[:10], value[:10]
