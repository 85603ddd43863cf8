"""Assembly: mentions of one incident merged into one event."""

from __future__ import annotations

from datetime import date

from conflictwire.doc import Mention
from conflictwire.model import Evidence, Place
from conflictwire.stages.assemble import merge_mentions


def _m(start: int, etype: str, sub: str, day: date | None = None, place: Place | None = None):
    m = Mention(
        trigger=Evidence("x", start, start + 1),
        sentence=(start, start + 40),
        clause=(start, start + 40),
        event_type=etype,
        sub_event_type=sub,
        date=day,
        place=place,
    )
    if day is not None:
        m.evidence["event_date"] = Evidence("on Monday", start + 10, start + 19)
    if place is not None:
        m.evidence["location"] = Evidence(place.name, start + 20, start + 20 + len(place.name))
    return m


GAZA = Place("Gaza", country="Palestine", admin1="Gaza Strip", geo_precision=1)
RAFAH = Place("Rafah", country="Palestine", admin1="Gaza Strip", geo_precision=1)
HEBRON = Place("Hebron", country="Palestine", admin1="West Bank", geo_precision=1)
STRIKE = ("Explosions/Remote violence", "Air/drone strike")


def test_an_undated_headline_is_the_event_its_story_tells():
    headline = _m(0, *STRIKE, place=GAZA)
    story = _m(50, *STRIKE, day=date(2004, 9, 7), place=RAFAH)
    (one,) = merge_mentions([headline, story], lede=0)
    assert one.date == date(2004, 9, 7)  # the story's day, with its evidence
    assert one.evidence["event_date"].start == 60


def test_a_headline_does_not_swallow_an_event_in_another_province():
    headline = _m(0, *STRIKE, place=GAZA)
    other = _m(50, *STRIKE, day=date(2004, 9, 7), place=HEBRON)
    assert len(merge_mentions([headline, other], lede=0)) == 2


def test_without_a_lede_dated_mentions_stay_apart():
    first = _m(0, *STRIKE, place=GAZA)
    later = _m(50, *STRIKE, day=date(2004, 9, 7), place=RAFAH)
    assert len(merge_mentions([first, later])) == 2
