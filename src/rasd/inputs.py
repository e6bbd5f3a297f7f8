"""Reading reports from files: plain text (one report per file), JSONL and CSV (one per line or row), HTML pages,
RSS/Atom feeds saved on disk (one per entry), WARC archives (one per HTML response), ``.gz`` of any of these, and
directories (recursively; hidden files skipped, files of other types reported as skipped). The format comes from
the file name, else from the first bytes.

Nothing is lost: an input that cannot be read still yields a Report whose ``errors`` name the file (and line)
and the reason, so that a batch goes on and the failure stays visible downstream.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import msgspec

from rasd.model import Report, text_id
from rasd.pipeline import make_report
from rasd.text import DecodeError, decode

REPORT_FIELDS = ("id", "title", "source", "url", "published")


def failed(where: str, reason: str) -> Report:
    """The placeholder report for an unreadable input at ``where`` (a path, ``path:line`` or ``<stdin>``)."""
    return make_report("", id=f"error-{text_id(where)}", errors=[f"{where}: {reason}"])


def is_failure(report: Report) -> bool:
    return not report.text and bool(report.errors)


class CsvColumns(msgspec.Struct, kw_only=True):
    """Which CSV columns hold the report fields; only ``text`` is required to exist."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    published: str = "published"
    source: str = "source"
    url: str = "url"


Record = tuple[str, Report]  # (where it was read: path, path:line or path#record; the report or a failure)


def read_paths(paths: list[str], *, jsonl: bool = False, published: str | None = None,
               source: str | None = None, csv_columns: CsvColumns | None = None) -> Iterator[Report]:
    """Reports from each path in turn (``-`` is stdin); ``.jsonl`` files, or every input with ``jsonl``, hold
    one report object per line."""
    for _, report in read_records(paths, jsonl=jsonl, published=published, source=source, csv_columns=csv_columns):
        yield report


def read_records(paths: list[str], *, jsonl: bool = False, published: str | None = None,
                 source: str | None = None, csv_columns: CsvColumns | None = None) -> Iterator[Record]:
    """Like :func:`read_paths`, with where each report was read. ``published`` and ``source`` fill reports that
    do not state their own."""
    options = _Options(jsonl, published, source, csv_columns or CsvColumns())
    for path in paths or ["-"]:
        if path == "-":
            yield from _read_bytes("<stdin>", sys.stdin.buffer.read(), "jsonl" if jsonl else "text", options)
        elif Path(path).is_dir():
            for child in sorted(Path(path).rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if _kind_of_name(child.name) is None:  # LICENSE, images, ...: named but not read
                    yield str(child), failed(str(child), "skipped: not a report file type")
                else:
                    yield from _read_file(str(child), options)
        else:
            yield from _read_file(path, options)


class _Options(msgspec.Struct):
    jsonl: bool
    published: str | None
    source: str | None
    csv: CsvColumns


_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".html": "html", ".htm": "html",
             ".xhtml": "html", ".rss": "feed", ".atom": "feed", ".xml": "feed", ".warc": "warc", ".txt": "text"}


def _kind_of_name(name: str) -> str | None:
    name = name.lower().removesuffix(".gz")
    return _SUFFIXES.get(Path(name).suffix)


def _read_file(path: str, options: _Options) -> Iterator[Record]:
    name = path.lower()
    if name.endswith((".warc", ".warc.gz")):  # warcio reads record-by-record gzip itself
        yield from _open_and_read(path, lambda stream: _warc_records(path, stream, options))
        return
    if (options.jsonl or _kind_of_name(name) == "jsonl") and not name.endswith(".gz") and _size(path) > STREAM_BYTES:
        yield from _open_and_read(path, lambda stream: _jsonl_lines(path, stream))
        return
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        yield path, failed(path, f"cannot read: {exc.strerror or exc}")
        return
    if name.endswith(".gz"):
        data, problem = _gunzip(data)
        if problem:
            yield path, failed(path, problem)
            if not data:
                return
            data = data[:data.rfind(b"\n") + 1]  # keep the complete lines before the damage
    kind = "jsonl" if options.jsonl else _kind_of_name(name) or _sniff(data)
    yield from _read_bytes(path, data, kind, options)


STREAM_BYTES = 64 << 20  # JSONL files larger than this are read line by line, as UTF-8


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def _open_and_read(path: str, read: Callable[[BinaryIO], Iterator[Record]]) -> Iterator[Record]:
    """``read`` over the file at ``path``, open while the records are drawn; a failure if it cannot be opened."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as exc:
        yield path, failed(path, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from read(stream)


def _jsonl_lines(path: str, stream: BinaryIO) -> Iterator[Record]:
    """A large JSONL file, one line in memory at a time (JSON text is UTF-8)."""
    for number, line in enumerate(stream, start=1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield where, failed(where, f"not UTF-8: {exc.reason} at byte {exc.start}")
            continue
        yield where, report_from_json(where, text)


def _gunzip(data: bytes) -> tuple[bytes, str | None]:
    """Decompressed data (every gzip member) and, if the file is damaged, what could be recovered and why."""
    out = []
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out.append(inflater.decompress(data))
        except zlib.error as exc:
            return b"".join(out), f"corrupt gzip: {exc}"
        if not inflater.eof:
            recovered = sum(map(len, out))
            return b"".join(out), f"truncated gzip: the file ends early ({recovered:,} bytes recovered)"
        data = inflater.unused_data
    return b"".join(out), None


def _sniff(data: bytes) -> str:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc-bytes"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"<?xml") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf")):
        return "feed"
    return "text"


def _read_bytes(where: str, data: bytes, kind: str, options: _Options) -> Iterator[Record]:
    if kind == "jsonl":
        yield from _jsonl_records(where, data)
    elif kind in ("csv", "tsv"):
        yield from _csv_records(where, data, options.csv, "\t" if kind == "tsv" else ",")
    elif kind == "html":
        yield where, _html_report(where, data, published=options.published, source=options.source)
    elif kind == "feed":
        yield from _feed_records(where, data, options)
    elif kind == "warc-bytes":
        yield from _warc_records(where, io.BytesIO(data), options)
    else:
        try:
            text = decode(data)
        except DecodeError as exc:
            yield where, failed(where, str(exc))
            return
        yield where, make_report(text, published=options.published, source=options.source)


def _jsonl_records(where: str, data: bytes) -> Iterator[Record]:
    try:
        content = decode(data, max_bytes=1 << 40)
    except DecodeError as exc:
        yield where, failed(where, str(exc))
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield f"{where}:{number}", report_from_json(f"{where}:{number}", line)


def _csv_records(where: str, data: bytes, columns: CsvColumns, delimiter: str) -> Iterator[Record]:
    """One report per CSV row; a row with the wrong number of fields or no text is a failure naming its line."""
    try:
        content = decode(data, max_bytes=1 << 40)
    except DecodeError as exc:
        yield where, failed(where, str(exc))
        return
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        yield where, failed(where, f"no CSV header: {exc}" if str(exc) else "no CSV header")
        return
    if columns.text not in header:
        yield where, failed(where, f"no {columns.text!r} column in the header {header}; choose it with --text-column")
        return
    index = {field: header.index(getattr(columns, field)) for field in ("text", *REPORT_FIELDS)
             if getattr(columns, field) in header}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = f"{where}:{reader.line_num}"
            yield line, failed(line, f"malformed CSV: {exc}")
            continue
        line = f"{where}:{reader.line_num}"
        if not row:
            continue
        if len(row) != len(header):
            yield line, failed(line, f"malformed CSV row: {len(row)} fields, the header has {len(header)}")
            continue
        yield line, report_from_fields(line, {field: row[i] or None for field, i in index.items()})


def report_from_json(where: str, line: str | bytes) -> Report:
    """A report from one JSON object with at least ``text``."""
    try:
        obj = msgspec.json.decode(line)
    except msgspec.DecodeError as exc:
        return failed(where, f"malformed JSON: {exc}")
    if not isinstance(obj, dict):
        return failed(where, f"expected a JSON object, got {type(obj).__name__}")
    return report_from_fields(where, obj)


def report_from_fields(where: str, obj: dict) -> Report:
    """A report from a mapping with at least a ``text`` string (a JSON object, a CSV row)."""
    text = obj.get("text")
    if not isinstance(text, str):
        return failed(where, "no \"text\" string in the object")
    errors = []
    fields = {}
    for name in REPORT_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            value = str(value)
        fields[name] = value
    if fields["published"] is not None:
        fields["published"], problem = parse_published(fields["published"])
        if problem:
            errors.append(f"{where}: {problem}")
    return make_report(text, errors=errors, **fields)


def parse_published(value: str) -> tuple[str | None, str | None]:
    """``YYYY-MM-DD`` from a date or an ISO timestamp; (None, reason) when it is not a date."""
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat(), None
    except ValueError:
        return None, f"published {value!r} is not a YYYY-MM-DD date; ignored"


def _html_report(where: str, data: bytes, *, url: str | None = None, published: str | None = None,
                 source: str | None = None) -> Report:
    """The main text, title and date of an HTML page (trafilatura), or a failure saying why there is none."""
    import trafilatura

    try:
        page = decode(data)
    except DecodeError as exc:
        return failed(where, str(exc))
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises assorted errors on hostile markup; report, never stop the batch
        return failed(where, f"unreadable HTML: {type(exc).__name__}: {exc}")
    if doc is None or not (doc.text or "").strip():
        return failed(where, "no article text found in the HTML")
    date, errors = doc.date or published, []
    if date:
        date, problem = parse_published(date)
        if problem:
            errors.append(f"{where}: {problem}")
    return make_report(doc.text, title=doc.title, url=doc.url or url, published=date,
                       source=doc.sitename or source, errors=errors)


def _feed_records(where: str, data: bytes, options: _Options) -> Iterator[Record]:
    """One report per RSS/Atom entry; its HTML content is reduced to text."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a readable feed: {feed.get('bozo_exception')}" if feed.bozo else "a feed with no entries"
        yield where, failed(where, reason)
        return
    source = feed.feed.get("title") or options.source
    for number, entry in enumerate(feed.entries, start=1):
        at = f"{where}#{number}"
        content = entry.get("content")
        text = _html_text(content[0].get("value", "") if content else entry.get("summary", ""))
        if not text:
            yield at, failed(at, "feed entry without text")
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = dt.date(*parsed[:3]).isoformat() if parsed else options.published
        yield at, make_report(text, title=entry.get("title"), url=entry.get("link"), published=date, source=source)


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment, a line per block element."""
    import lxml.html

    if "<" not in fragment:
        import html

        return html.unescape(fragment).strip()
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"):
        element.tail = "\n" + (element.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _warc_records(where: str, stream, options: _Options) -> Iterator[Record]:
    """One report per HTML response or resource of a WARC archive; other documents are reported as skipped."""
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue  # requests, warcinfo, metadata: not documents
            number += 1
            at = f"{where}#{number}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            headers = record.http_headers if record.rec_type == "response" else record.rec_headers
            kind = (headers.get_header("Content-Type") if headers else None) or "unknown type"
            status = headers.get_statuscode() if record.rec_type == "response" and headers else "200"
            if "html" not in kind.lower():
                yield at, failed(at, f"skipped: not HTML ({kind}) {url}")
            elif status != "200":
                yield at, failed(at, f"skipped: HTTP status {status} {url}")
            else:
                yield at, _html_report(at, record.content_stream().read(), url=url, published=options.published,
                                       source=options.source)
    except Exception as exc:  # warcio raises several types on damaged archives
        yield where, failed(where, f"damaged WARC after {number} records: {type(exc).__name__}: {exc}")
