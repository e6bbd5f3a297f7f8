"""Exports: events as ACLED-style CSV, GeoJSON points or Parquet; reports as JSONL in the output contract.

The ACLED-style row comes first (the column names analysts know), then rasd's own columns. ``country`` is the ISO
3166-1 alpha-2 code of the event's place; ``fatalities`` is 0 when the report gives none, as ACLED codes it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from rasd.model import to_json
from rasd.store.base import EventFilter, EventRow, Store, day_range

ACLED_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
                 "latitude", "longitude", "geo_precision", "time_precision", "source", "notes", "fatalities")
EXTRA_COLUMNS = ("event_id", "plover", "modality", "score", "actor1_id", "actor2_id", "geonames_id", "report_id",
                 "title", "url", "published")
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
FORMATS = ("acled-csv", "geojson", "parquet", "jsonl")

_TIME_PRECISION = {"day": 1, "month": 3, "year": 3}


def acled_row(row: EventRow) -> dict:
    """One event as a flat ACLED-style record (see the module docstring for the conventions)."""
    e = row.event
    place = e.location.place if e.location else None
    if e.date:
        date, time_precision = day_range(e.date.value)[0], _TIME_PRECISION[e.date.precision]
    else:  # ACLED codes an undated event at the report's date, less precisely
        date, time_precision = row.published, 2 if row.published else None
    return {
        "event_date": date,
        "event_type": e.acled_type,
        "sub_event_type": e.acled_sub_type,
        "actor1": _actor_name(e.actor1),
        "actor2": _actor_name(e.actor2),
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "location": place.name if place else (e.location.text if e.location else None),
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": _geo_precision(e.location),
        "time_precision": time_precision,
        "source": row.source,
        "notes": row.notes,
        "fatalities": e.fatalities or 0,
        "event_id": f"{row.report_id}:{row.index}",
        "plover": e.plover,
        "modality": e.modality,
        "score": e.score,
        "actor1_id": e.actor1.actor.id if e.actor1 and e.actor1.actor else None,
        "actor2_id": e.actor2.actor.id if e.actor2 and e.actor2.actor else None,
        "geonames_id": place.geonames_id if place else None,
        "report_id": row.report_id,
        "title": row.title,
        "url": row.url,
        "published": row.published,
    }


def _actor_name(mention) -> str | None:
    if mention is None:
        return None
    return mention.actor.name if mention.actor else mention.text


def _geo_precision(location) -> int | None:
    """ACLED geo_precision: 1 the town itself, 2 near a town or a small area, 3 a region or the country."""
    if location is None or location.place is None:
        return None
    if location.place.feature == "city":
        return 2 if location.offset_km else 1
    return 3 if location.place.feature in ("admin1", "region", "country") else 2


def write_acled_csv(rows: Iterable[EventRow], out: TextIO) -> int:
    """Events that ACLED would code (an ACLED type), one CSV row each; returns the number written."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        if row.event.acled_type:
            writer.writerow(acled_row(row))
            n += 1
    return n


def write_geojson(rows: Iterable[EventRow], out: TextIO) -> int:
    """A FeatureCollection of the events located at a place, as points; returns the number of features."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for row in rows:
        record = acled_row(row)
        if record["latitude"] is None:
            continue
        feature = {"type": "Feature", "geometry": {"type": "Point",
                                                   "coordinates": [record["longitude"], record["latitude"]]},
                   "properties": record}
        out.write(("," if n else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def write_parquet(rows: Iterable[EventRow], out: str | BinaryIO, batch_rows: int = 10_000) -> int:
    """Every event as a typed Parquet table (ACLED-style columns first); returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"latitude": pa.float64(), "longitude": pa.float64(), "geo_precision": pa.int8(),
             "time_precision": pa.int8(), "fatalities": pa.int32(), "score": pa.float32(), "geonames_id": pa.int64()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in _batched((acled_row(r) for r in rows), batch_rows):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def write_jsonl(store: Store, out: BinaryIO) -> int:
    """Every stored report in the output contract, one per line; returns the number written."""
    n = 0
    for report in store.reports():
        out.write(to_json(report) + b"\n")
        n += 1
    return n


def export(store: Store, fmt: str, out, where: EventFilter | None = None) -> int:
    """Write ``fmt`` to ``out`` (a text stream for CSV/GeoJSON, a binary stream or path otherwise)."""
    if fmt == "jsonl":
        return write_jsonl(store, out)
    rows = store.events(where or EventFilter(limit=None))
    if fmt == "acled-csv":
        return write_acled_csv(rows, out)
    if fmt == "geojson":
        return write_geojson(rows, out)
    if fmt == "parquet":
        return write_parquet(rows, out)
    raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")


def _batched(items: Iterable, n: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch

