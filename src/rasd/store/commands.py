"""The store's commands: ``rasd ingest``, ``search``, ``events``, ``stats``, ``export`` (registered by rasd.cli)."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing, nullcontext
from typing import Annotated, Optional

import msgspec
import typer
from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from rasd.inputs import CsvColumns, parse_published, read_records
from rasd.model import to_json
from rasd.pipeline import load
from rasd.store import EventFilter, default_db, open_store
from rasd.store.export import FORMATS, export
from rasd.store.ingest import Summary, ingest
from rasd.store.sqlite import SchemaError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

Db = Annotated[str, typer.Option("--db", envvar="RASD_DB", help="Database file (default: $RASD_DB, else rasd.db).",
                                 show_default=False)]
Json = Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")]
Types = Annotated[Optional[list[str]], typer.Option("--type", help="PLOVER code, ACLED type or sub-type.")]
Countries = Annotated[Optional[list[str]], typer.Option("--country", help="ISO code of the event's country.")]
Since = Annotated[Optional[str], typer.Option(help="YYYY[-MM[-DD]]: events on or after.")]
Until = Annotated[Optional[str], typer.Option(help="YYYY[-MM[-DD]]: events on or before.")]
ActorOpt = Annotated[Optional[str], typer.Option("--actor", help="Actor id, name or mention.")]
PlaceOpt = Annotated[Optional[str], typer.Option("--place", help="Place name (Arabic or English) or geonames id.")]


def _existing(db: str, create: bool = False) -> closing:
    """The store at ``db``; a clear error if it is not there (rather than creating an empty one) or is too new."""
    try:
        return closing(open_store(db, create=create))
    except FileNotFoundError:
        err.print(f"[red]error[/]: no database at {db} (make one with `rasd ingest PATH --db {db}`)")
        raise typer.Exit(2) from None
    except (SchemaError, sqlite3.DatabaseError) as exc:
        err.print(f"[red]error[/]: {db}: {exc}")
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    for command in (ingest_command, search_command, events_command, stats_command, show_command, export_command):
        app.command(command.__name__.removesuffix("_command"))(command)


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories: text, JSONL, CSV, HTML, RSS/Atom, WARC, .gz")],
    db: Db = default_db(),
    workers: Annotated[int, typer.Option(help="Extraction processes; 0 = one per core.")] = 0,
    stages: Annotated[Optional[str], typer.Option(help="Comma-separated stages (default: all available).")] = None,
    extract: Annotated[bool, typer.Option(help="Run the extraction pipeline (--no-extract: store text only).")] = True,
    jsonl: Annotated[bool, typer.Option(help="Read every input as JSONL.")] = False,
    published: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD for inputs that state no date.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Source name for inputs that state none.")] = None,
    text_column: Annotated[str, typer.Option(help="CSV column holding the text.")] = "text",
    id_column: Annotated[str, typer.Option(help="CSV column holding the id.")] = "id",
    title_column: Annotated[str, typer.Option(help="CSV column holding the title.")] = "title",
    date_column: Annotated[str, typer.Option(help="CSV column holding the publication date.")] = "published",
    source_column: Annotated[str, typer.Option(help="CSV column holding the source.")] = "source",
    url_column: Annotated[str, typer.Option(help="CSV column holding the URL.")] = "url",
    batch_size: Annotated[int, typer.Option(help="Reports per transaction.")] = 64,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Read reports, extract events and store them; reruns skip what is stored, so an interrupted run resumes."""
    if published is not None:
        published, problem = parse_published(published)
        if problem:
            raise typer.BadParameter(problem, param_hint="--published")
    pipeline = load(stages.split(",") if stages else None if extract else [])
    columns = CsvColumns(text=text_column, id=id_column, title=title_column, published=date_column,
                         source=source_column, url=url_column)
    records = read_records(paths, jsonl=jsonl, published=published, source=source, csv_columns=columns)
    bar = Progress(SpinnerColumn(), TextColumn("[bold]ingest[/]"), _CountsColumn(), TimeElapsedColumn(),
                   console=err, transient=True, disable=not progress)
    summary = Summary()

    def on_progress(current: Summary) -> None:
        nonlocal summary
        summary = current
        bar.update(task, summary=current)

    try:
        with _existing(db, create=True) as store, bar:
            task = bar.add_task("ingest", total=None, summary=summary)
            summary = ingest(store, records, pipeline, workers=workers, batch_size=batch_size,
                             on_progress=on_progress)
    except KeyboardInterrupt:
        _print_summary(summary, pipeline.stage_names, db)
        err.print("[yellow]interrupted[/]: what was committed is kept; run the same command again to resume")
        raise typer.Exit(130) from None
    _print_summary(summary, pipeline.stage_names, db)
    if summary.read and summary.stored + summary.skipped == 0:
        raise typer.Exit(1)


class _CountsColumn(ProgressColumn):
    def render(self, task) -> Text:
        s: Summary = task.fields["summary"]
        return Text(f"{s.stored:,} stored  {s.skipped:,} skipped  {len(s.failed):,} failed  "
                    f"{s.rate:,.1f} reports/s")


def _print_summary(s: Summary, stages: list[str], db: str) -> None:
    err.print(f"[bold]rasd ingest[/] into {db} with stages: {', '.join(stages) or '(none: text only)'}")
    err.print(f"read {s.read:,}  stored {s.stored:,}  skipped (content already stored or read) {s.skipped:,}  "
              f"near-duplicates {s.near_duplicates:,}  stored with stage errors {s.with_errors:,}  "
              f"failed {len(s.failed):,}  in {s.seconds:,.1f} s ({s.rate:,.1f} reports/s)")
    for reason, n in s.reasons().most_common(10):
        example = next(where for where, r in s.failed if r == reason)
        err.print(f"  [red]{n:,} ×[/] {reason}  [dim](e.g. {example})[/]")


def search_command(
    query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, AND/OR/NOT, title:word.')],
    db: Db = default_db(),
    limit: int = 10,
    offset: int = 0,
    json: Json = False,
) -> None:
    """Full-text search over the stored reports (Arabic spelling variants match)."""
    with _existing(db) as store:
        results = store.search(query, limit=limit, offset=offset)
    if json:
        for hit in results.hits:
            sys.stdout.buffer.write(msgspec.json.encode(hit) + b"\n")
        return
    out.print(f"[dim]{results.total:,}{'' if results.total_exact else '+'} reports match {results.fts_query!r}[/]")
    for hit in results.hits:
        out.print(Text(hit.title or "(untitled)", style="bold"), Text(f"  {hit.report_id}", style="dim"))
        out.print(Text(" · ".join(x for x in (hit.source, hit.published, hit.url) if x), style="dim"))
        snippet = Text(hit.snippet.replace("\n", " "))
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start - hit.snippet_start, end - hit.snippet_start)
        out.print(snippet, "\n")


def events_command(
    db: Db = default_db(),
    type: Types = None,
    country: Countries = None,
    since: Since = None,
    until: Until = None,
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    report: Annotated[Optional[str], typer.Option(help="Only the events of this report id.")] = None,
    modality: Annotated[Optional[list[str]], typer.Option(
        help="asserted, planned, denied or hypothetical; repeat for several.")] = None,
    query: Annotated[Optional[str], typer.Option(
        help="Only events of the reports matching this full-text query (as for search).")] = None,
    sort: Annotated[str, typer.Option(help="date or score.")] = "date",
    limit: Annotated[int, typer.Option(help="At most this many; 0 = all.")] = 50,
    json: Json = False,
) -> None:
    """Stored events, filtered; newest first."""
    where = EventFilter(types=type or [], countries=country or [], modalities=modality or [], since=since,
                        until=until, actor=actor, place=place, report_id=report, query=query,
                        sort="score" if sort == "score" else "date", limit=limit or None)
    with _existing(db) as store:
        rows = store.events(where)
        if json:
            for row in rows:
                sys.stdout.buffer.write(msgspec.json.encode(row) + b"\n")
            return
        table = Table("date", "type", "actor 1", "actor 2", "location", "deaths", "trigger", "report")
        for row in rows:
            e = row.event
            place_ = e.location.place if e.location else None
            table.add_row(
                e.date.value if e.date else Text(row.published or "", style="dim"),
                e.acled_sub_type or e.plover,
                _mention(e.actor1), _mention(e.actor2),
                f"{place_.name} ({place_.country})" if place_ else (e.location.text if e.location else ""),
                str(e.fatalities) if e.fatalities is not None else "",
                e.trigger.text, row.report_id)
    out.print(table)


def _mention(m) -> str:
    if m is None:
        return ""
    return m.actor.name if m.actor else m.text


def stats_command(db: Db = default_db(), top: int = 10, json: Json = False) -> None:
    """What the database holds: counts, date ranges, top types, countries, actors and places."""
    with _existing(db) as store:
        stats = store.stats(top=top)
    if json:
        sys.stdout.buffer.write(msgspec.json.encode(stats) + b"\n")
        return
    out.print(f"[bold]{db}[/] (schema v{stats.schema_version}): {stats.reports:,} reports, {stats.events:,} events, "
              f"{stats.entities:,} entities, {stats.places:,} places, {stats.actors:,} actors, "
              f"{stats.near_duplicates:,} near-duplicates, {stats.reports_with_errors:,} reports with errors")
    out.print(f"published {stats.published[0]} … {stats.published[1]};  events dated "
              f"{stats.event_dates[0]} … {stats.event_dates[1]}")
    for title, counts in (("sources", stats.sources), ("ACLED types", stats.event_types), ("PLOVER", stats.plover),
                          ("countries", stats.countries), ("actors", stats.top_actors), ("places", stats.top_places)):
        if counts:
            out.print(f"[bold]{title}[/]: " + ", ".join(f"{c.key or '—'} {c.count:,}" for c in counts))


def show_command(
    report_id: Annotated[str, typer.Argument(help="A report id, as `rasd search` and `rasd events` print it.")],
    db: Db = default_db(),
) -> None:
    """Print one stored report (the output contract's JSON): its text, entities, times, quantities and events."""
    with _existing(db) as store:
        report = store.report(report_id)
    if report is None:
        err.print(f"[red]error[/]: no report {report_id!r} in {db}")
        raise typer.Exit(1)
    sys.stdout.buffer.write(to_json(report) + b"\n")


def export_command(
    format: Annotated[str, typer.Option("--format", "-f", help=" | ".join(FORMATS))],
    output: Annotated[str, typer.Option("--output", "-o", help="File to write; '-' = stdout.")] = "-",
    db: Db = default_db(),
    type: Types = None,
    country: Countries = None,
    since: Since = None,
    until: Until = None,
    actor: ActorOpt = None,
    place: PlaceOpt = None,
) -> None:
    """Export events (acled-csv, geojson, parquet; filtered like `rasd events`) or every report (jsonl)."""
    if format not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    binary = format in ("parquet", "jsonl")
    if output == "-":
        if format == "parquet":
            raise typer.BadParameter("Parquet needs a file: --output FILE", param_hint="--output")
        target = nullcontext(sys.stdout.buffer if binary else sys.stdout)
    else:
        target = open(output, "wb") if binary else open(output, "w", encoding="utf-8", newline="")
    where = EventFilter(types=type or [], countries=country or [], since=since, until=until, actor=actor,
                        place=place, limit=None)
    with _existing(db) as store, target as stream:
        n = export(store, format, stream, where)
    err.print(f"exported {n:,} {'reports' if format == 'jsonl' else 'events'} as {format}"
              + ("" if output == "-" else f" to {output}"))
