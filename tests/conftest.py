from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (DATA / "seed_report.txt").read_text(encoding="utf-8")
