"""The event database: store processed reports, then search, filter, count and export them.

``open_store(path)`` returns a :class:`Store`; its methods (``search``, ``events``, ``stats``, ``report``) are the
query API shared by the CLI and the web UI, returning plain msgspec Structs. SQLite is the only backend so far;
another (PostgreSQL) implements the same :class:`Store` protocol and is chosen by ``open_store``.
"""

from __future__ import annotations

import os
from pathlib import Path

from rasd.store.base import (
    Added,
    Count,
    EventFilter,
    EventRow,
    Ingested,
    SearchHit,
    SearchResults,
    Stats,
    Store,
    TimelineBin,
    content_hash,
)
from rasd.store.sqlite import SQLiteStore

__all__ = [
    "Added", "Count", "EventFilter", "EventRow", "Ingested", "SearchHit", "SearchResults", "Stats", "Store",
    "SQLiteStore", "TimelineBin", "content_hash", "default_db", "open_store",
]


def default_db() -> str:
    """The database used when none is given: ``$RASD_DB``, else ``rasd.db`` in the current folder."""
    return os.environ.get("RASD_DB") or "rasd.db"


def open_store(db: str | Path | None = None, *, create: bool = True) -> Store:
    """Open the database at ``db``, migrating it to the current schema; ``create``: make it if it does not exist."""
    path = Path(db or default_db())
    if not create and not path.exists():
        raise FileNotFoundError(path)
    return SQLiteStore(path)
