"""Assembly: mentions of one incident merged into one event."""

from __future__ import annotations

from datetime import date

from conflictwire.doc import Mention
from conflictwire.model import Evidence, Place
from conflictwire.stages.assemble import merge_mentions, per_place, split_count


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


def _attack_then(
    first: tuple[str, int], later: tuple[str, str], later_actor: tuple[str, int]
) -> tuple[Mention, Mention]:
    """An attack in Gaza by ``first`` (name, inter), then a mention of type ``later`` (event
    type, sub-event type) by ``later_actor``, both sides named in the text (with evidence)."""
    from conflictwire.model import Actor

    pair = (
        _m(0, "Violence against civilians", "Attack", day=date(2020, 5, 5), place=GAZA),
        _m(42, *later),
    )
    for m, (name, inter) in zip(pair, (first, later_actor), strict=True):
        m.actor1 = Actor(name, inter)
        m.evidence["actor1"] = Evidence("x", m.trigger.start, m.trigger.start + 1)
    return pair


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


def _toll(m: Mention, n: int) -> Mention:
    m.fatalities = n
    m.evidence["fatalities"] = Evidence(f"{n} killed", m.sentence[0] + 30, m.sentence[0] + 38)
    return m


def test_two_tolls_are_two_incidents_unless_the_later_points_back():
    a, b = _toll(_m(0, "Battles", "Armed clash"), 3), _toll(_m(50, "Battles", "Armed clash"), 2)
    assert len(merge_mentions([a, b])) == 2
    a, b = _toll(_m(0, "Battles", "Armed clash"), 3), _toll(_m(50, "Battles", "Armed clash"), 3)
    assert len(merge_mentions([a, b])) == 1  # the same toll told again
    a, b = _toll(_m(0, "Battles", "Armed clash"), 3), _toll(_m(50, "Battles", "Armed clash"), 2)
    b.anaphoric = True  # "two of them were soldiers": the clash told before
    assert len(merge_mentions([a, b])) == 1


def test_a_far_later_mention_placed_in_its_own_sentence_is_another_incident():
    near = Place(name="Beni", country="Democratic Republic of Congo", admin1="Nord-Kivu")
    a = _m(0, "Battles", "Armed clash")
    assert len(merge_mentions([a, _m(100, "Battles", "Armed clash", place=near)])) == 1
    a = _m(0, "Battles", "Armed clash")
    assert len(merge_mentions([a, _m(600, "Battles", "Armed clash", place=near)])) == 2
    a = _m(0, "Battles", "Armed clash")
    assert len(merge_mentions([a, _m(600, "Battles", "Armed clash")])) == 1  # no place: retold


def test_a_remote_weapon_names_an_attack_on_an_armed_side():
    # "the air force killed several militants after an air strike": the killing was read as an
    # Armed clash only because the side hit is armed; the air strike names the event
    killed = _m(0, "Battles", "Armed clash", place=GAZA)
    killed.cues = {"attack"}
    (one,) = merge_mentions([killed, _m(20, *STRIKE, place=GAZA)])
    assert (one.event_type, one.sub_event_type) == STRIKE
    # both sides fought: a Battle, as ACLED's precedence says
    fought = _m(0, "Battles", "Armed clash", place=GAZA)
    fought.cues = {"clash"}
    (one,) = merge_mentions([fought, _m(20, *STRIKE, place=GAZA)])
    assert one.sub_event_type == "Armed clash"


def test_a_remote_weapon_names_a_headline_killing_with_its_sides():
    # "14 Palestinian militants killed in Gaza." then "Israeli helicopters attacked a Hamas
    # camp early Tuesday, killing 14 militants": an air strike, by the side the story names
    from conflictwire.model import Actor

    headline = _m(0, "Violence against civilians", "Attack", place=GAZA)
    headline.cues = {"attack"}
    headline.actor1 = Actor("Unidentified Armed Group (Palestine)", 3)
    headline.evidence["actor1"] = Evidence("Palestinian", 3, 14)
    story = _m(50, *STRIKE, day=date(2004, 9, 7), place=GAZA)
    story.actor1, story.actor2 = Actor("Military Forces of Israel", 1), Actor("Hamas", 2)
    story.evidence["actor1"] = Evidence("Israeli", 50, 57)
    (one,) = merge_mentions([headline, story], lede=0)
    assert (one.event_type, one.sub_event_type) == STRIKE
    assert one.actor1.name == "Military Forces of Israel" and one.actor2.name == "Hamas"
    assert one.evidence["actor1"].text == "Israeli" and "actor2" not in one.evidence
    # a bombing years before, told as background, names nothing
    headline = _m(0, "Violence against civilians", "Attack", place=GAZA)
    old = _m(50, *STRIKE, place=GAZA)
    old.cues = {"ied", "weak:years"}
    assert merge_mentions([headline, old], lede=0)[0].sub_event_type == "Attack"


def test_acled_splits_a_total_evenly_the_remainder_to_the_first():
    assert split_count(20, 3) == [7, 7, 6]  # ACLED's own example
    assert split_count(1, 2) == [1, 0]
    assert split_count(0, 3) == [0, 0, 0]


def test_an_incident_told_of_listed_places_is_one_event_per_place():
    m = _m(0, *STRIKE, place=RAFAH)
    m.listed_places = [Place("Gaza", country="Palestine", admin1="Gaza Strip", geo_precision=1,
                             evidence=Evidence("Gaza", 5, 9))]  # fmt: skip
    m.fatalities, m.injuries = 5, 2
    told = per_place(m)
    # in the order the text names them, the toll split between them, each with its evidence
    assert [t.place.name for t in told] == ["Gaza", "Rafah"]
    assert [t.fatalities for t in told] == [3, 2] and [t.injuries for t in told] == [1, 1]
    assert [t.evidence["location"].text for t in told] == ["Gaza", "Rafah"]
    assert per_place(_m(0, *STRIKE, place=RAFAH))[0].place == RAFAH  # one place: as it is


def test_a_later_mention_of_a_listed_place_retells_the_incident():
    first = _m(0, *STRIKE, place=RAFAH)
    first.listed_places = [GAZA]
    later = _m(100, *STRIKE, place=GAZA)
    (one,) = merge_mentions([first, later])
    assert one.place == RAFAH and one.listed_places == [GAZA]


def test_a_sentence_opening_another_incident_starts_an_event():
    # "Meanwhile, ...", "In a separate incident, ...": not a retelling, even without a place
    first = _m(0, *STRIKE, place=GAZA)
    later = _m(50, *STRIKE)
    assert len(merge_mentions([first, later])) == 1  # no place of its own: told again
    later.new_incident = True
    assert len(merge_mentions([first, later])) == 2
    later.anaphoric = True  # "Meanwhile, the strike ...": points back
    assert len(merge_mentions([first, later])) == 1


def test_two_towns_off_the_map_are_two_places():
    # towns the gazetteer lacks stand at their province's point: vague, yet named apart
    tejutla = Place("Tejutla", admin1="Chalatenango", geo_precision=3, feature_code="ADM1")
    mercedes = Place("San Miguel de Mercedes", admin1="Chalatenango", geo_precision=3,
                     feature_code="ADM1")  # fmt: skip
    clash = ("Battles", "Armed clash")
    assert len(merge_mentions([_m(0, *clash, place=mercedes), _m(50, *clash, place=tejutla)])) == 2
    # the province itself ("in Chalatenango") may be either town's incident, told vaguely
    province = Place("Chalatenango", admin1="Chalatenango", geo_precision=3, feature_code="ADM1")
    assert len(merge_mentions([_m(0, *clash, place=province), _m(50, *clash, place=tejutla)])) == 1


def test_the_clashes_told_after_a_riot_are_the_riots():
    riot = _m(0, "Riots", "Violent demonstration", day=date(2016, 7, 9), place=GAZA)
    clashes = _m(60, "Battles", "Armed clash")
    clashes.anaphoric = True  # "The clashes continued for over an hour"
    (one,) = merge_mentions([riot, clashes], lede=-1)
    assert one.event_type == "Riots"
    # not when the later clashes are told as new ones
    clashes.anaphoric = False
    assert len(merge_mentions([riot, clashes], lede=-1)) == 2


def test_property_destroyed_in_an_attack_is_part_of_the_attack():
    # "militants attacked the village. They also burned several huts": one Attack (ACLED codes
    # Looting/property destruction only outside other violence)
    day = date(2020, 5, 3)
    attack = _m(0, "Violence against civilians", "Attack", day=day, place=GAZA)
    burned = _m(42, "Strategic developments", "Looting/property destruction", place=GAZA)
    (one,) = merge_mentions([attack, burned])
    assert one.sub_event_type == "Attack"
    # told far on, or with no violence before it, it stays an event of its own
    far = _m(900, "Strategic developments", "Looting/property destruction", place=GAZA)
    first = _m(0, "Violence against civilians", "Attack", place=GAZA)
    assert len(merge_mentions([first, far])) == 2
    protest = _m(0, "Protests", "Peaceful protest", place=GAZA)
    looted = _m(42, "Strategic developments", "Looting/property destruction", place=GAZA)
    assert len(merge_mentions([protest, looted])) == 2


def test_arrests_told_after_an_attack_or_a_protest_are_part_of_it():
    # "armed men attacked a man ... police officers arrested four of the perpetrators": one
    # Attack (ACLED codes no Arrests beside it)
    day = date(2020, 5, 5)
    attack, arrested = _attack_then(
        ("Unidentified Armed Group (Palestine)", 3),
        ("Strategic developments", "Arrests"),
        ("Police Forces of Palestine", 1),
    )
    (one,) = merge_mentions([attack, arrested])
    assert one.sub_event_type == "Attack"
    assert one.actor1.name == "Unidentified Armed Group (Palestine)"
    # arrests at a protest: the police intervened
    protest = _m(0, "Protests", "Peaceful protest", day=day, place=GAZA)
    (one,) = merge_mentions([protest, _m(42, "Strategic developments", "Arrests")])
    assert one.sub_event_type == "Protest with intervention"
    # unless the protest is against an arrest: "protested against the arrest of an editor. He
    # was arrested in a graft case"
    protest = _m(0, "Protests", "Peaceful protest", day=day, place=GAZA)
    protest.cues.add("arrest")
    (one,) = merge_mentions([protest, _m(42, "Strategic developments", "Arrests")])
    assert one.sub_event_type == "Peaceful protest"
    # after a bombing, the hunt for its authors is news of its own; far on, too
    bombing = _m(0, *STRIKE, day=day, place=GAZA)
    assert len(merge_mentions([bombing, _m(42, "Strategic developments", "Arrests")])) == 2
    attack = _m(0, "Violence against civilians", "Attack", day=day, place=GAZA)
    assert len(merge_mentions([attack, _m(900, "Strategic developments", "Arrests")])) == 2


def test_a_bombing_retold_close_by_as_a_fight_is_a_battle():
    # "forces conducted a raid ... killing 2 of them after an exchange of fire": both sides
    # fought, a Battle (ACLED's precedence)
    day = date(2020, 5, 1)
    raid = _m(0, *STRIKE, day=day, place=GAZA)
    fight = _m(42, "Battles", "Armed clash")
    fight.cues.add("return_fire")
    (one,) = merge_mentions([raid, fight])
    assert one.sub_event_type == "Armed clash"
    # told far on in a long report, the weapon still names the event
    raid = _m(0, *STRIKE, day=day, place=GAZA)
    fight = _m(300, "Battles", "Armed clash")
    fight.cues.add("clash")
    fight.anaphoric = True  # "the clashes": a retelling
    (one,) = merge_mentions([raid, fight])
    assert one.sub_event_type == STRIKE[1]


def test_a_protest_retold_with_the_police_intervening_is_a_protest_with_intervention():
    # "... held a protest outside the plant. Police resorted to lathi charge to disperse
    # protesters."
    day = date(2020, 5, 9)
    protest = _m(0, "Protests", "Peaceful protest", day=day, place=GAZA)
    dispersed = _m(42, "Protests", "Protest with intervention")
    (one,) = merge_mentions([protest, dispersed])
    assert one.sub_event_type == "Protest with intervention"
    # the reverse tells nothing less
    dispersed = _m(0, "Protests", "Protest with intervention", day=day, place=GAZA)
    (one,) = merge_mentions([dispersed, _m(42, "Protests", "Peaceful protest")])
    assert one.sub_event_type == "Protest with intervention"


def test_an_unidentified_side_can_be_the_one_named_before():
    # "Tiv militias attacked the villages ... Militiamen killed 8 residents and burnt houses":
    # the militiamen are no other side than the Tiv militias
    from conflictwire.model import Actor

    attack, later = _attack_then(
        ("Tiv Ethnic Militia (Nigeria)", 4),
        ("Violence against civilians", "Attack"),
        ("Unidentified Armed Group (Nigeria)", 3),
    )
    (one,) = merge_mentions([attack, later])
    assert one.actor1.name == "Tiv Ethnic Militia (Nigeria)"
    # two sides both named stay two incidents
    later.actor1 = Actor("Fulani Ethnic Militia (Nigeria)", 4)
    assert len(merge_mentions([attack, later])) == 2
