"""The pipeline: stages in order, failures recorded per report, streaming over processes in order."""

from rasd.model import Entity
from rasd.pipeline import Pipeline, make_report


def tag_first_word(doc):
    token = doc.tokens[0]
    doc.report.entities.append(Entity.of(doc.text, token.start, token.end, label="MISC"))


def explode(doc):
    raise RuntimeError("boom")


def test_stages_run_in_order_and_a_failing_stage_is_recorded():
    pipeline = Pipeline([("tag", tag_first_word), ("explode", explode)])
    report = pipeline("مرحبا بالعالم", source="test")
    assert [e.text for e in report.entities] == ["مرحبا"]
    assert report.source == "test"
    assert len(report.errors) == 1 and report.errors[0].startswith("stage explode failed: RuntimeError: boom")


def test_pipe_with_workers_keeps_order_and_equals_sequential():
    pipeline = Pipeline([("tag", tag_first_word)])
    reports = [make_report(f"نص رقم {i}") for i in range(40)]
    sequential = list(pipeline.pipe([make_report(r.text) for r in reports], workers=1))
    parallel = list(pipeline.pipe(reports, workers=2, chunksize=3))
    assert parallel == sequential
    assert [r.text for r in parallel] == [f"نص رقم {i}" for i in range(40)]
