"""ACLED's taxonomy (data/taxonomy.yaml): types, sub-types and the groups the stages ask for."""

from __future__ import annotations

from conflictwire.decision.model import PROTEST_TYPES
from conflictwire.taxonomy import Taxonomy


def test_six_types_and_twenty_five_sub_types():
    tax = Taxonomy.load()
    assert len(set(tax.parent.values())) == 6 and len(tax.sub_event_types) == 25
    assert tax.event_type("Armed clash") == "Battles"


def test_groups_come_from_the_disorder_types():
    tax = Taxonomy.load()
    assert tax.political_violence == {
        "Battles", "Explosions/Remote violence", "Violence against civilians",
    }  # fmt: skip
    assert tax.demonstrations == {"Protests", "Riots"}
    # Mob violence counts as political violence in ACLED's disorder types, but its event type
    # (Riots) is a demonstration: groups go by event type
    assert tax.disorder_type("Mob violence") == "Political violence"
    assert "Mob violence" in tax.demonstration_sub_types
    assert tax.demonstration_sub_types == PROTEST_TYPES and len(PROTEST_TYPES) == 5
