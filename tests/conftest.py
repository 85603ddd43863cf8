"""Shared fixtures: one pipeline (and one spaCy model) per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

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
