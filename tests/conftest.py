"""Shared fixtures: one pipeline (and one spaCy model) per test session; a fresh store on each
backend (SQLite, and PostgreSQL when ``make test`` provides a server: ``storehelp``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storehelp import BACKENDS, drop_db, fresh_db_url

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from conflictwire.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def rules():
    """The rule stages without the learned decision: for tests of one rule stage, where every
    candidate the rules tell is kept whatever the model would say of it."""
    from conflictwire.pipeline import Pipeline

    return Pipeline(decide=False)


@pytest.fixture(scope="session")
def reference_text() -> str:
    path = SHARED / "seed" / "kurdistan24-ali-sarai.txt"
    if not path.is_file():
        pytest.skip("../shared/seed is not here")
    return path.read_text(encoding="utf-8")


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """The URL of a fresh, empty store database on each backend (dropped afterwards)."""
    url = fresh_db_url(request.param, tmp_path)
    yield url
    drop_db(url)


@pytest.fixture
def store(db_url):
    """A Store on ``db_url``, closed afterwards."""
    from conflictwire.store import Store

    s = Store(db_url)
    yield s
    s.close()
