"""Case-blind patterns read as lower-cased ones (``text.lowered``, ``text.lower_pattern``): the
trigger scan and the time tagger find exactly what the case-blind patterns find."""

from __future__ import annotations

import re

import pytest

import conflictwire.timex.tagger as tagger
from conflictwire.text import lower_pattern, lowered
from conflictwire.timex import tag


def test_a_pattern_is_lower_cased_but_its_escapes_and_named_groups_are_not() -> None:
    assert lower_pattern(r"(?P<Yr>\d{4})\S+(?P=Yr) May\W") == r"(?P<yr>\d{4})\S+(?P=yr) may\W"


@pytest.mark.parametrize("text", ["İzmir, 3 May", "Yıldırım said on Monday", "ſunday"])
def test_a_text_whose_lower_casing_would_mislead_is_read_case_blind(text: str) -> None:
    assert lowered(text) is None
    assert lowered("On MONDAY, 3 May 2020") == "on monday, 3 may 2020"


@pytest.mark.parametrize("text", [
    "On MONDAY, 3 MAY 2020, gunmen attacked. Last Week the army said it Would respond by Friday.",
    "Yıldırım said on Monday that the strike ended in early March.",
    "KABUL, Afghanistan (AP) - Two days after the Eid al-Fitr holiday, in mid-2019 ...",
])  # fmt: skip
def test_the_time_tagger_finds_the_same_with_and_without_the_lower_cased_finders(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run() -> list[tuple[int, int, str]]:
        return [(t.start, t.end, t.value) for t in tag(text)]

    fast = run()
    monkeypatch.setattr(tagger, "lowered", lambda s: None)
    assert run() == fast and fast


def test_every_time_pattern_compiles_lower_cased() -> None:
    from conflictwire.timex.lexicon import TimeLexicon

    lex = TimeLexicon.load()
    finders = tagger._finders(lex)
    assert len(finders) == len(lex.patterns)
    assert all(f is not None and not f.flags & re.IGNORECASE for f in finders)
