"""`rasd extract`: text, JSONL and stdin in; JSONL out; every bad input reported, none stopping the batch."""

import json

import jsonschema
from typer.testing import CliRunner

from rasd.cli import app
from tests.test_model import schema

runner = CliRunner()


def run(*args, input=None):
    result = runner.invoke(app, ["extract", *map(str, args)], input=input)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    for obj in lines:
        jsonschema.validate(obj, schema())
    return result, lines


def test_text_file_with_published_and_source(tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    result, [report] = run(path, "--published", "2013-09-02", "--source", "بوابة افريقيا")
    assert result.exit_code == 0
    assert report["text"] == seed_text
    assert report["published"] == "2013-09-02" and report["source"] == "بوابة افريقيا"


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, seed_text):
    good = tmp_path / "good.txt"
    good.write_text(seed_text, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 64)
    cp1256 = tmp_path / "legacy.txt"
    cp1256.write_bytes("قالت مصادر مطلعة في طرابلس".encode("cp1256"))
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("قالت مصادر مطلعة في بنغازي".encode("utf-16"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes("كلمة ".encode() * (20 * 1024 * 1024 // 10 + 1))
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text('{"id": "a", "text": "تونس"}\n{broken\n{"id": "c", "title": "t"}\n'
                     '{"id": "d", "text": "سوسة", "published": "2017-01-20T10:00:00"}\n', encoding="utf-8")
    missing = tmp_path / "missing.txt"

    result, reports = run(good, empty, binary, cp1256, utf16, huge, jsonl, missing)
    assert result.exit_code == 0
    assert len(reports) == 11
    by_text = {r["text"]: r for r in reports if r["text"]}
    assert set(by_text) == {seed_text, "قالت مصادر مطلعة في طرابلس", "قالت مصادر مطلعة في بنغازي", "تونس", "سوسة"}
    assert by_text["سوسة"]["published"] == "2017-01-20"
    errors = [e for r in reports if not r["text"] for e in r["errors"]]
    assert len(errors) == 6
    expected = [(empty, "empty input"), (binary, "binary"), (huge, "too large"), (f"{jsonl}:2", "malformed JSON"),
                (f"{jsonl}:3", 'no "text"')]
    for where, reason in expected:
        assert any(e.startswith(f"{where}: ") and reason in e for e in errors), (where, errors)
    assert any(e.startswith(f"{missing}: cannot read") for e in errors)
    assert "empty input" in result.stderr and "malformed JSON" in result.stderr


def test_stdin_plain_text_and_jsonl():
    result, [report] = run(input="خبر من صفاقس")
    assert result.exit_code == 0 and report["text"] == "خبر من صفاقس"
    result, reports = run("--jsonl", input='{"text": "أ"}\n{"text": "ب", "id": "x"}\n')
    assert [r["text"] for r in reports] == ["أ", "ب"] and reports[1]["id"] == "x"


def test_exit_status_is_non_zero_only_when_nothing_could_be_read(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result, reports = run(empty)
    assert result.exit_code == 1 and reports[0]["errors"]


def test_bad_published_option_is_a_usage_error():
    result = runner.invoke(app, ["extract", "--published", "yesterday"], input="نص")
    assert result.exit_code == 2
