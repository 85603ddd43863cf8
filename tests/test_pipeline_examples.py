"""End to end on short made-up reports from several countries: type, actors, place, toll."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwire.model import Article

CASES = [
    # text, (event_type, sub_event_type), actor1, actor2, country, fatalities
    ("ISIL militants killed a dozen shepherds near Tikrit in Iraq on Sunday.",
     ("Violence against civilians", "Attack"), "Islamic State (Iraq)", "Civilians (Iraq)", "Iraq",
     12),
    ("Daesh fighters attacked an army checkpoint in Anbar province, Iraq, yesterday, killing at "
     "least five soldiers.", ("Battles", "Armed clash"), "Islamic State (Iraq)",
     "Military Forces of Iraq", "Iraq", 5),
    ("Dozens of protesters rallied in Basra, Iraq on Friday demanding jobs.",
     ("Protests", "Peaceful protest"), "Protesters (Iraq)", "", "Iraq", 0),
    ("Security forces fired live ammunition at protesters in Baghdad on Tuesday, killing three and "
     "wounding 20.", ("Protests", "Excessive force against protesters"), "Protesters (Iraq)",
     "Military Forces of Iraq", "Iraq", 3),
    ("Police arrested five opposition leaders in Harare on Monday.",
     ("Strategic developments", "Arrests"), "Police Forces of Zimbabwe", None, "Zimbabwe", 0),
    ("Soldiers fired live ammunition at rebels near Beni in North Kivu on Saturday.",
     ("Battles", "Armed clash"), "Military Forces of the Democratic Republic of Congo", None,
     "Democratic Republic of Congo", 0),
    ("On 2 May 2020, opposition factions shelled regime positions in Idleb countryside.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
     "Opposition Rebels (Syria)", "Military Forces of Syria", "Syria", 0),
    ("Gunmen abducted a priest in Kaduna, Nigeria, on Wednesday night.",
     ("Violence against civilians", "Abduction/forced disappearance"),
     "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)", "Nigeria", 0),
]  # fmt: skip


@pytest.mark.parametrize(("text", "types", "actor1", "actor2", "country", "dead"), CASES)
def test_examples(pipeline, text, types, actor1, actor2, country, dead):
    events = pipeline.extract(Article(text=text, id="x", published=date(2020, 5, 8)))
    assert events, text
    e = max(events, key=lambda ev: ev.confidence).to_dict()
    assert (e["event_type"], e["sub_event_type"]) == types
    assert e["actor1"] == actor1
    if actor2 is not None:
        assert e["actor2"] == actor2
    assert e["country"] == country
    assert e["fatalities"] == dead
