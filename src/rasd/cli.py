"""The `rasd` command line: a thin shell over the pipeline and the store."""

from __future__ import annotations

import collections
import json
import sys
from typing import Annotated, Optional

import typer
from rich.console import Console

from rasd import model
from rasd.inputs import is_failure, parse_published, read_paths
from rasd.pipeline import load
from rasd.store import default_db
from rasd.store.commands import Db
from rasd.store.commands import register as register_store_commands

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="rasd (رصد): Arabic news reports to structured, geolocated, attributed events.")
err = Console(stderr=True)


@app.command()
def extract(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Text or .jsonl files; '-' or nothing: stdin.")] = None,
    jsonl: Annotated[bool, typer.Option(help="Read every input (stdin included) as JSONL.")] = False,
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD of plain-text input.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Source name of plain-text input.")] = None,
    workers: Annotated[int, typer.Option(help="Processes; 0 = one per core.")] = 1,
    summary: Annotated[bool, typer.Option(help="Print a short human summary to stderr at the end.")] = False,
) -> None:
    """Extract reports as JSONL (one Report per line, see the output contract)."""
    if published is not None:
        published, problem = parse_published(published)
        if problem:
            raise typer.BadParameter(problem, param_hint="--published")
    pipeline = load()
    counts: collections.Counter[str] = collections.Counter()
    out = sys.stdout.buffer
    reports = read_paths(paths or [], jsonl=jsonl, published=published, source=source)
    for report in pipeline.pipe(reports, workers=workers):
        failure = is_failure(report)
        for problem in report.errors:
            err.print(f"[red]error[/]: {problem}" if failure else f"[yellow]warning[/]: {report.id}: {problem}",
                      highlight=False)
        out.write(model.to_json(report) + b"\n")
        _count(report, counts, failure)
    out.flush()
    if summary:
        _print_summary(counts, pipeline.stage_names)
    if counts["read"] == 0:
        raise typer.Exit(1)


def _count(report: model.Report, counts: collections.Counter[str], failure: bool) -> None:
    if failure:
        counts["failed"] += 1
        return
    counts["read"] += 1
    counts["characters"] += len(report.text)
    for entity in report.entities:
        counts[f"entity {entity.label}"] += 1
        counts["places"] += entity.place is not None
    counts["times"] += len(report.times)
    counts["quantities"] += len(report.quantities)
    for event in report.events:
        counts[f"event {event.plover}"] += 1


def _print_summary(counts: collections.Counter[str], stages: list[str]) -> None:
    err.rule("rasd extract")
    err.print(f"stages: {', '.join(stages) or '(text layer only)'}")
    err.print(f"reports read: {counts['read']:,}  failed inputs: {counts['failed']:,}  "
              f"characters: {counts['characters']:,}")
    entities = {k.split()[1]: v for k, v in counts.items() if k.startswith("entity ")}
    events = {k.split()[1]: v for k, v in counts.items() if k.startswith("event ")}
    if entities:
        err.print("entities: " + ", ".join(f"{k} {v:,}" for k, v in sorted(entities.items())))
        err.print(f"places resolved: {counts['places']:,}")
    if "time" in stages or "quantities" in stages:
        err.print(f"times: {counts['times']:,}  quantities: {counts['quantities']:,}")
    if events:
        err.print("events: " + ", ".join(f"{k} {v:,}" for k, v in sorted(events.items(), key=lambda kv: -kv[1])))


@app.command()
def ner(
    conll: Annotated[str, typer.Option(help="CoNLL file (token in the first column, blank line between sentences); "
                                            "'-' for stdin.")],
) -> None:
    """Tag pre-tokenized text: prints token<TAB>tag per line (BIO with PER, LOC, ORG, MISC), blank lines kept."""
    from rasd import ner as ner_stage
    from rasd.ner.conll import tag_lines

    recognizer = ner_stage.load()
    source = sys.stdin if conll == "-" else open(conll, encoding="utf-8-sig")
    with source:
        for line in tag_lines(source, recognizer.tag_document):
            sys.stdout.write(line + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a Report."""
    typer.echo(json.dumps(model.json_schema(), ensure_ascii=False, indent=2))


register_store_commands(app)


@app.command()
def serve(
    db: Db = default_db(),
    host: Annotated[str, typer.Option(help="Interface to bind; the default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the web UI (map, timeline, events, highlighted reports) and the JSON API over a database."""
    from rasd.web import serve as run

    try:
        run(db, host=host, port=port)
    except FileNotFoundError:
        err.print(f"[red]error[/]: no database at {db} (make one with `rasd ingest PATH --db {db}`)")
        raise typer.Exit(2) from None


def main() -> None:
    app()
