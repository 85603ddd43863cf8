"""Property tests: extract never raises; every evidence span lies inside the text and matches it."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictwire.model import Article

WORDS = st.sampled_from([
    "gunmen", "attacked", "killed", "two", "soldiers", "in", "Kirkuk", "on", "Monday", "protesters",
    "police", "arrested", "\n", "Read More:", "ERBIL (Agency) –", ",", ".", "village", "near",
    "airstrike", "at least", "dozens", "wounded", "Islamic State", "yesterday", "12 August 2019",
])  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
def test_extract_never_raises_and_evidence_matches(pipeline, text, published):
    events = pipeline.extract(Article(text=text, id="p", published=published))
    for e in events:
        d = e.to_dict()
        for ev in d["evidence"].values():
            assert 0 <= ev["start"] <= ev["end"] <= len(text)
            assert text[ev["start"] : ev["end"]] == ev["text"]
        assert 0.0 <= d["confidence"] <= 1.0
        assert d["inter1"] in range(9) and d["inter2"] in range(9)
