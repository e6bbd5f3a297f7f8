"""rasd ingest / search / events / stats / export, end to end; an ingest killed mid-run resumes exactly."""

import csv
import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.inputs import read_records
from rasd.model import to_json
from rasd.pipeline import Pipeline, load
from rasd.store import open_store
from rasd.store.export import ACLED_COLUMNS
from rasd.store.ingest import ingest
from tests.test_inputs_formats import ARTICLE, ARTICLE2, PAGE
from tests.test_store import LIBYA, PROTEST, SYRIA, ingested

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"
runner = CliRunner()


def rasd(*args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200", **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_ingest_mixed_inputs_then_rerun_skips_everything(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "page.html").write_text(PAGE, encoding="utf-8")
    (inputs / "one.txt").write_text(ARTICLE2 + " تقرير منفصل.", encoding="utf-8")
    (inputs / "batch.jsonl.gz").write_bytes(gzip.compress(
        "".join(json.dumps({"id": f"j{i}", "text": f"تقرير رقم {i} عن بنغازي", "published": "2014-05-16"},
                           ensure_ascii=False) + "\n" for i in range(30)).encode() + b"{not json\n"))
    (inputs / "table.csv").write_text(f'text,title\n"{ARTICLE}",مقال\nبلا,عمود,زائد\n', encoding="utf-8")
    (inputs / "broken.bin.txt").write_bytes(bytes(range(256)) * 4)
    db = tmp_path / "x.db"

    first = rasd("ingest", inputs, "--db", db, "--workers", "1", "--no-progress")
    assert first.exit_code == 0, first.output
    assert "read 36  stored 33  skipped (content already stored or read) 0" in first.output
    assert "failed 3" in first.output and "malformed JSON" in first.output and "malformed CSV row" in first.output
    second = rasd("ingest", inputs, "--db", db, "--workers", "1", "--no-progress")
    assert "stored 0  skipped (content already stored or read) 33" in second.output
    with open_store(db) as store:
        assert store.stats().reports == 33 and store.report("j7").published == "2014-05-16"


def test_ingest_runs_the_available_stages_over_all_cores(tmp_path):
    db = tmp_path / "x.db"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:6]
    src = tmp_path / "six.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = rasd("ingest", src, "--db", db, "--workers", "2", "--no-progress")
    assert result.exit_code == 0 and "stored 6" in result.output
    with open_store(db) as store:
        stored = list(store.reports())
    assert [r.id for r in stored] == [json.loads(line)["id"] for line in lines]
    expected = list(load().pipe(r for _, r in read_records([str(src)])))
    assert stored == expected  # whatever the stages produce is stored and comes back unchanged


def test_ingest_of_nothing_readable_fails(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 64)
    result = rasd("ingest", bad, "--db", tmp_path / "x.db", "--no-progress")
    assert result.exit_code == 1 and "binary" in result.output


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "events.db"
    with open_store(path) as store:
        store.add([ingested(r) for r in (LIBYA, SYRIA, PROTEST)])
    return path


def test_query_commands(db, tmp_path):
    found = rasd("search", "اسامة", "--db", db)
    assert "1 reports match" in found.output and "sy1" in found.output
    hits = [json.loads(x) for x in rasd("search", "في", "--db", db, "--json").output.splitlines()]
    assert {h["report_id"] for h in hits} == {"ly1", "sy1", "tn1"}
    table = rasd("events", "--db", db, "--country", "LY").output
    assert "Armed clash" in table and "ly1" in table and "sy1" not in table
    rows = [json.loads(x) for x in rasd("events", "--db", db, "--json", "--since", "2014").output.splitlines()]
    assert [r["report_id"] for r in rows] == ["tn1", "sy1"] and rows[1]["event"]["plover"] == "ASSAULT"

    def ids(*options):
        return [json.loads(x)["report_id"] for x in rasd("events", "--db", db, "--json", *options).output.splitlines()]
    assert ids("--modality", "planned") == [] and len(ids("--modality", "asserted", "--modality", "planned")) == 3
    assert ids("--query", "اسامة") == ["sy1"]
    assert "3 reports, 3 events" in rasd("stats", "--db", db).output
    assert json.loads(rasd("stats", "--db", db, "--json").output)["places"] == 2
    assert json.loads(rasd("show", "sy1", "--db", db).stdout) == json.loads(to_json(SYRIA))
    assert rasd("show", "nope", "--db", db).exit_code == 1
    env_db = rasd("stats", "--json", env={"RASD_DB": str(db)}).output
    assert json.loads(env_db)["reports"] == 3
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database " * 100)
    broken = rasd("stats", "--db", not_a_db)
    assert broken.exit_code == 2 and "not a database" in broken.output
    missing = rasd("events", "--db", tmp_path / "none.db")
    assert missing.exit_code == 2 and "no database" in missing.output and not (tmp_path / "none.db").exists()


def test_exports(db, tmp_path):
    out = rasd("export", "--format", "acled-csv", "--db", db).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    libya = next(r for r in rows if r["report_id"] == "ly1")
    assert (libya["event_date"], libya["event_type"], libya["sub_event_type"], libya["actor1"], libya["country"],
            libya["location"], libya["latitude"], libya["geo_precision"], libya["time_precision"], libya["fatalities"],
            libya["notes"]) == ("2013-08-04", "Battles", "Armed clash", "Libyan National Army", "LY", "Tripoli",
                                "32.88", "1", "1", "3", LIBYA.text)
    syria = next(r for r in rows if r["report_id"] == "sy1")
    assert (syria["event_date"], syria["time_precision"], syria["fatalities"]) == ("2014-09-20", "2", "0")

    geo = json.loads(rasd("export", "--format", "geojson", "--db", db, "--country", "SY").stdout)
    [feature] = geo["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.16, 36.2]}
    assert feature["properties"]["location"] == "Aleppo"

    parquet = tmp_path / "events.parquet"
    assert rasd("export", "-f", "parquet", "-o", parquet, "--db", db).exit_code == 0
    table = pq.read_table(parquet)
    assert table.num_rows == 3 and table.schema.field("fatalities").type == "int32"
    assert sorted(table.column("report_id").to_pylist()) == ["ly1", "sy1", "tn1"]

    jsonl = tmp_path / "reports.jsonl"
    rasd("export", "-f", "jsonl", "-o", jsonl, "--db", db)
    assert [json.loads(x)["id"] for x in jsonl.read_text(encoding="utf-8").splitlines()] == ["ly1", "sy1", "tn1"]
    assert rasd("export", "-f", "xml", "--db", db).exit_code == 2


# -- killed mid-run -------------------------------------------------------------------------------------------------

STAGE = """
import time
from rasd.model import Entity

def slow_marker(doc):  # a cheap deterministic stage, slow enough to be killed in the middle
    time.sleep(0.001)
    i = doc.text.find("تونس")
    if i >= 0:
        doc.report.entities.append(Entity.of(doc.text, i, i + 4, label="LOC"))
"""
WORKER = """
import sys
from kill_stage import slow_marker
from rasd.inputs import read_records
from rasd.model import to_json
from rasd.pipeline import Pipeline, load
from rasd.store import open_store
from rasd.store.ingest import ingest

with open_store(sys.argv[1]) as store:
    ingest(store, read_records(sys.argv[2:]), Pipeline([("marker", slow_marker)]), workers=1, batch_size=7)
"""


def _ingest_process(db, *paths):
    """The ingest in another process (not a fork: SQLite state must not cross a fork), to be killed."""
    path = os.pathsep.join([str(Path(__file__).resolve().parents[1] / "src"), str(Path(db).parent)])
    return subprocess.Popen([sys.executable, "-c", WORKER, str(db), *map(str, paths)],
                            env={**os.environ, "PYTHONPATH": path})


def _count(db):
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _contents(db):
    conn = sqlite3.connect(db)
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not t.startswith("reports_fts")]
    contents = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    columns = [c[1] for c in conn.execute("PRAGMA table_info(reports)")]
    at = columns.index("ingested_at")
    contents["reports"] = [row[:at] + row[at + 1:] for row in contents["reports"]]
    for word in ("تونس", "الحكومة", "وزير", "نداء"):
        contents[f"fts {word}"] = conn.execute("SELECT rowid FROM reports_fts WHERE reports_fts MATCH ? ORDER BY rowid",
                                               (word,)).fetchall()
    return contents


def test_killed_ingest_resumes_to_the_same_database(tmp_path, monkeypatch):
    (tmp_path / "kill_stage.py").write_text(STAGE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    from kill_stage import slow_marker

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    sample = tmp_path / "sample.jsonl"  # with exact and near duplicates, to exercise the links
    sample.write_text("\n".join(lines[:150] + lines[:10] + [json.dumps({"text": json.loads(x)["text"] + " (وات)"},
                                                                      ensure_ascii=False) for x in lines[10:40]]),
                      encoding="utf-8")
    reference = tmp_path / "reference.db"
    with open_store(reference) as store:
        ingest(store, read_records([str(sample)]), Pipeline([("marker", slow_marker)]), workers=1)

    killed = tmp_path / "killed.db"
    process = _ingest_process(killed, sample)
    while _count(killed) < 50 and process.poll() is None:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 50 <= _count(killed) < 180
    assert _ingest_process(killed, sample).wait() == 0  # the same command again

    expected = _contents(reference)
    assert len(expected["reports"]) == 180 and len(expected["near_duplicates"]) >= 25
    assert _contents(killed) == expected
