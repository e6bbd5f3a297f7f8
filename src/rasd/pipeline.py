"""The pipeline: a report's text flows one way through small stages (text -> ner -> geo -> time -> events).

A stage is any callable taking a :class:`Document` and filling fields of ``doc.report``. Stages share the
text analysis (sentences, tokens) through the document so that it is computed once per report.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from multiprocessing import get_context
from typing import Any

from rasd import text as textlayer
from rasd.model import Report, text_id


class Document:
    """A report being processed, with its text analysis computed lazily and shared by the stages."""

    __slots__ = ("report", "__dict__")

    def __init__(self, report: Report):
        self.report = report

    @property
    def text(self) -> str:
        return self.report.text

    @cached_property
    def sentences(self) -> list[textlayer.Sentence]:
        return textlayer.sentences(self.report.text)

    @cached_property
    def tokens(self) -> list[textlayer.Token]:
        return textlayer.tokenize(self.report.text)

    @cached_property
    def normalized(self) -> textlayer.Normalized:
        return textlayer.normalize(self.report.text)


Stage = Callable[[Document], None]


def make_report(text: str, *, id: str | None = None, title: str | None = None, source: str | None = None,
                url: str | None = None, published: str | None = None, errors: list[str] | None = None) -> Report:
    """A fresh report; the id defaults to a stable hash of the text."""
    return Report(id=id or text_id(text), title=title, source=source, url=url, published=published,
                  text=text, errors=list(errors or []))


class Pipeline:
    """Stages applied in order. ``pipeline(text)`` makes one report; ``pipeline.pipe(...)`` streams many."""

    def __init__(self, stages: Iterable[tuple[str, Stage]] = ()):
        self.stages: list[tuple[str, Stage]] = list(stages)

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def __call__(self, text: str, **fields: Any) -> Report:
        return self.process(make_report(text, **fields))

    def process(self, report: Report) -> Report:
        """Run every stage over ``report``; a failing stage is recorded in ``report.errors``, not raised."""
        doc = Document(report)
        for name, stage in self.stages:
            try:
                stage(doc)
            except Exception as exc:  # one stage's bug must not lose the report
                last = traceback.extract_tb(exc.__traceback__)[-1]
                report.errors.append(f"stage {name} failed: {type(exc).__name__}: {exc} "
                                     f"({os.path.basename(last.filename)}:{last.lineno})")
        return report

    def pipe(self, reports: Iterable[Report], workers: int | None = 1, chunksize: int = 8) -> Iterator[Report]:
        """Process reports in order, over ``workers`` processes (``None`` or 0: one per core)."""
        workers = workers or os.cpu_count() or 1
        if workers == 1:
            for report in reports:
                yield self.process(report)
            return
        ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
        with ctx.Pool(workers, initializer=_init_worker, initargs=(self,)) as pool:
            yield from pool.imap(_process_in_worker, reports, chunksize=chunksize)


_worker_pipeline: Pipeline | None = None


def _init_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _process_in_worker(report: Report) -> Report:
    assert _worker_pipeline is not None
    return _worker_pipeline.process(report)


def load(stages: Iterable[str] | None = None) -> Pipeline:
    """The default pipeline with every working stage, or only the named ones."""
    available = _available_stages()
    names = list(available) if stages is None else list(stages)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; available: {list(available)}")
    return Pipeline((name, available[name]()) for name in names)


def _available_stages() -> dict[str, Callable[[], Stage]]:
    """Stage factories in pipeline order. Each issue that lands a working stage registers it here."""
    from rasd import events, geo, ner, quantities, time

    return {
        "ner": ner.load,
        "geo": geo.stage,
        "time": time.stage,
        "quantities": quantities.stage,
        "events": events.stage,
    }
