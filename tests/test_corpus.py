"""Every report the full pipeline makes from real news validates against the shipped JSON Schema, and every
span in it slices the original text."""

import json
from pathlib import Path

import jsonschema
import pytest

import rasd
from rasd import model
from tests.test_model import schema

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"


def spans(obj):
    """Every object with start/end/text inside a JSON report."""
    if isinstance(obj, dict):
        if {"start", "end", "text"} <= obj.keys():
            yield obj
        for value in obj.values():
            yield from spans(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from spans(value)


@pytest.fixture(scope="module")
def outputs(seed_text):
    nlp = rasd.load()
    articles = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")][::8]
    reports = [nlp(seed_text, published="2013-09-02", source="بوابة افريقيا")]
    reports += [nlp(a["text"], id=a["id"], title=a["title"], published=a["published"], source=a["source"],
                    url=a["url"]) for a in articles]
    return [json.loads(model.to_json(r)) for r in reports]


def test_outputs_validate_against_the_schema(outputs):
    validator = jsonschema.Draft202012Validator(schema())
    for report in outputs:
        errors = list(validator.iter_errors(report))
        assert not errors, (report["id"], errors[0].message)


def test_every_span_slices_the_original_text(outputs):
    for report in outputs:
        text = report["text"]
        for span in spans({k: v for k, v in report.items() if k != "text"}):
            assert text[span["start"]:span["end"]] == span["text"], (report["id"], span)
        assert not report["errors"], report["errors"]
