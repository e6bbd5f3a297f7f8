"""The hand-checked sentence sets stay consistent and the extractors keep at least 95 % exact sentences on them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name,fields", [
    ("time_cases.jsonl", {"value", "precision", "calendar", "relative"}),
    ("quantity_cases.jsonl", {"value", "kind", "unit"}),
])
def test_cases_are_well_formed(name, fields):
    cases = [json.loads(line) for line in (ROOT / "tests" / "data" / name).open(encoding="utf-8")]
    assert len(cases) >= 150 and sum(len(c["expected"]) for c in cases) >= 150
    for case in cases:
        assert case["split"] in ("dev", "heldout", "heldout2", "heldout3")
        for item in case["expected"]:
            assert case["sentence"][item["start"]:item["start"] + len(item["text"])] == item["text"]
            assert fields <= set(item)


def test_exact_sentences_at_least_95_percent():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_time.py"), "--check", "95"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
