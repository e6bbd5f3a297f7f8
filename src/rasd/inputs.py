"""Reading reports from files: plain text (one report per file) and JSONL (one report per line).

Nothing is lost: an input that cannot be read still yields a Report whose ``errors`` name the file (and line)
and the reason, so that a batch goes on and the failure stays visible downstream.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

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


def read_paths(paths: list[str], *, jsonl: bool = False, published: str | None = None,
               source: str | None = None) -> Iterator[Report]:
    """Reports from each path in turn (``-`` is stdin); ``.jsonl`` files, or every input with ``jsonl``, hold
    one report object per line."""
    for path in paths or ["-"]:
        if path == "-":
            data = sys.stdin.buffer.read()
            yield from _read_bytes("<stdin>", data, jsonl=jsonl, published=published, source=source)
            continue
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            yield failed(path, f"cannot read: {exc.strerror or exc}")
            continue
        yield from _read_bytes(path, data, jsonl=jsonl or path.endswith(".jsonl"), published=published,
                               source=source)


def _read_bytes(where: str, data: bytes, *, jsonl: bool, published: str | None,
                source: str | None) -> Iterator[Report]:
    if jsonl:
        yield from read_jsonl(where, data)
        return
    try:
        text = decode(data)
    except DecodeError as exc:
        yield failed(where, str(exc))
        return
    yield make_report(text, published=published, source=source)


def read_jsonl(where: str, data: bytes) -> Iterator[Report]:
    """One report per non-blank line of JSONL; a bad line becomes a failed report naming ``where:line``."""
    try:
        content = decode(data, max_bytes=1 << 40)
    except DecodeError as exc:
        yield failed(where, str(exc))
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield report_from_json(f"{where}:{number}", line)


def report_from_json(where: str, line: str | bytes) -> Report:
    """A report from one JSON object with at least ``text``."""
    try:
        obj = msgspec.json.decode(line)
    except msgspec.DecodeError as exc:
        return failed(where, f"malformed JSON: {exc}")
    if not isinstance(obj, dict):
        return failed(where, f"expected a JSON object, got {type(obj).__name__}")
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
