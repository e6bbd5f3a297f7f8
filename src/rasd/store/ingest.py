"""Ingest: reports flow from the readers through the pipeline into the store, in batches, each one transaction.

Resumable by construction: a batch is committed whole or not at all, and a report whose content is already stored is
skipped before extraction, so after a kill the same command stores exactly what is missing. Reports are fed to the
pipeline in chunks so that reading never runs far ahead of extraction.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice

import msgspec

from rasd.inputs import is_failure
from rasd.model import Report
from rasd.pipeline import Pipeline
from rasd.store import dedup
from rasd.store.base import Ingested, Store, content_hash

Record = tuple[str, Report]  # (where it was read, the report or a failed placeholder)


class Summary(msgspec.Struct, kw_only=True):
    read: int = 0
    stored: int = 0
    skipped: int = 0  # same content already in the store, or earlier in this run
    near_duplicates: int = 0  # stored, and linked to a similar stored report
    with_errors: int = 0  # stored, but a stage reported a problem
    failed: list[tuple[str, str]] = []  # (where, reason) of inputs that could not be read
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    def reasons(self) -> Counter:
        """Failures counted by reason (without the location)."""
        return Counter(reason for _, reason in self.failed)


def ingest(store: Store, records: Iterable[Record], pipeline: Pipeline, *, workers: int | None = None,
           batch_size: int = 64, chunk_size: int = 512, max_seconds_per_batch: float = 2.0,
           on_progress: Callable[[Summary], None] | None = None) -> Summary:
    """Store every new report of ``records`` after running ``pipeline`` over it; returns what happened.

    ``workers``: extraction processes (``None``: one per core). A batch is committed every ``batch_size`` reports
    or ``max_seconds_per_batch`` seconds, whichever comes first, so a kill loses little work.
    """
    summary = Summary()
    started = time.perf_counter()
    known = set(store.content_hashes())
    stages = tuple(pipeline.stage_names)
    workers = workers if pipeline.stages else 1
    records = iter(records)
    batch: list[Ingested] = []
    last_commit = time.perf_counter()

    def flush() -> None:
        nonlocal batch, last_commit
        for added in store.add(batch):
            if added.skipped:
                summary.skipped += 1
                continue
            summary.stored += 1
            summary.near_duplicates += added.near_duplicate_of is not None
        batch = []
        last_commit = time.perf_counter()
        summary.seconds = last_commit - started
        if on_progress:
            on_progress(summary)

    if on_progress:
        on_progress(summary)
    while taken := list(islice(records, chunk_size)):
        fresh = _new_reports(taken, known, summary)
        processed = pipeline.pipe((r for _, r in fresh), workers=workers) if fresh else ()
        for ((where, digest), _), report in zip(fresh, processed):
            summary.with_errors += bool(report.errors)
            batch.append(Ingested(report=report, content_hash=digest, origin=where, stages=stages,
                                  signature=dedup.signature(report.text)))
            if len(batch) >= batch_size or time.perf_counter() - last_commit > max_seconds_per_batch:
                flush()
        if on_progress:
            on_progress(summary)
    flush()
    summary.seconds = time.perf_counter() - started
    return summary


def _new_reports(records: Iterable[Record], known: set[str], summary: Summary) -> list:
    """The reports of ``records`` worth extracting, as ((where, content hash), report); counts the rest."""
    out = []
    for where, report in records:
        summary.read += 1
        if is_failure(report):
            summary.failed.append((where, _reason(where, report.errors[0])))
            continue
        if not report.text.strip():
            summary.failed.append((where, "empty text"))
            continue
        digest = content_hash(report.text)
        if digest in known:
            summary.skipped += 1
            continue
        known.add(digest)
        out.append(((where, digest), report))
    return out


def _reason(where: str, error: str) -> str:
    return error[len(where) + 2:] if error.startswith(where + ": ") else error
