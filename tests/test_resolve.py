"""The resolver: which reading of a place name a report means (made-up sentences)."""

from __future__ import annotations

from conflictwire.doc import Doc
from conflictwire.gazetteer.lookup import GazPlace
from conflictwire.gazetteer.recognise import Candidate
from conflictwire.gazetteer.resolve import _choose, _region_share, _region_votes
from conflictwire.model import Article
from conflictwire.stages import places


def _places(pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    """Toponym text -> (country, admin1) after the places stage."""
    d = Doc(article=Article(text=text), clean_text=text)
    d.spacy = pipeline.nlp(text)
    places.run(d, pipeline.resources)
    return {t.text: (t.place.country, t.place.admin1) for t in d.toponyms if t.place is not None}


def _town(gid: int, name: str, iso2: str, a1: str, pop: int, lat: float, lon: float) -> GazPlace:
    return GazPlace(gid, name, name, (), "P", "PPL", iso2, None, f"{iso2}.{a1}", a1, None, None,
                    pop, lat, lon)  # fmt: skip


def _cand(text: str, start: int = 0) -> Candidate:
    return Candidate(0, 1, start, start + len(text), text, start + len(text), True)


def test_state_named_in_text_picks_the_namesake_there() -> None:
    # Two readings of "Millbrook"; the text's other names point to state "BB".
    a = _town(1, "Millbrook", "US", "AA", 20_000, 40.0, -80.0)
    b = _town(2, "Millbrook", "US", "BB", 3_000, 35.0, -90.0)
    other = _town(3, "Oakdale", "US", "BB", 5_000, 35.1, -90.1)
    mill, oak = _cand("Millbrook"), _cand("Oakdale", 20)
    res = {id(mill): _res(mill), id(oak): _res(oak, other)}
    opts = {id(mill): [a, b], id(oak): [other]}
    votes = _region_votes([mill, oak], res, opts, "US")
    share = _region_share(votes, "millbrook")
    assert share == {"US.BB": 1.0}
    best, _, _ = _choose(mill, [a, b], "US", [], [], None, share)
    assert best is b
    best, _, _ = _choose(mill, [a, b], "US", [], [], None, {})
    assert best is a  # without the other name, the larger town


def test_far_larger_namesake_keeps_against_the_text_region() -> None:
    capital = _town(1, "Kingsford", "US", "CC", 700_000, 39.0, -77.0)
    village = _town(2, "Kingsford", "US", "BB", 900, 35.0, -90.0)
    best, _, _ = _choose(_cand("Kingsford"), [capital, village], "US", [], [], None, {"US.BB": 1.0})
    assert best is capital


def test_alternate_name_loses_to_main_name() -> None:
    # the learned weights trade an alternate name for about a tenfold population
    alias = _town(1, "Greenhill Park", "US", "AA", 20_000, 41.0, -87.0)
    main = _town(2, "Rossville", "US", "BB", 4_000, 36.0, -83.0)
    best, _, _ = _choose(_cand("Rossville"), [alias, main], "US", [], [], None, None)
    assert best is main


def _res(c: Candidate, p: GazPlace | None = None):
    from conflictwire.gazetteer.resolve import Resolution

    return Resolution(c, p)


def test_local_pattern_keeps_country_name_as_home_town(pipeline) -> None:
    text = (
        "Jane Miller of Lebanon was hurt when her car left the road near Harrisburg, "
        "Pennsylvania, on Tuesday. Lebanon police said she was taken to a hospital in Hershey."
    )
    found = _places(pipeline, text)
    assert found["Lebanon"][0] == "United States"
    assert found["Harrisburg"][0] == "United States"


def test_country_name_without_local_pattern_stays_the_country(pipeline) -> None:
    text = "On 3 May, Israeli jets struck a position in southern Lebanon near the border."
    found = _places(pipeline, text)
    assert found["Lebanon"][0] == "Lebanon"


def test_hyphenated_demonym_does_not_set_the_country(pipeline) -> None:
    text = (
        "On 9 May, Saudi-led coalition airstrikes hit a farm in Sirwah district (Marib). "
        "No casualties were reported."
    )
    found = _places(pipeline, text)
    assert found["Sirwah"][0] == "Yemen"


def test_name_repeated_as_its_own_unit_does_not_vote_abroad(pipeline) -> None:
    text = "On 4 May, residents demonstrated in Kati, Kati Commune (Kati, Koulikoro)."
    found = _places(pipeline, text)
    assert found["Kati"][0] == "Mali"


def _state(gid: int, iso2: str, a1: str, lat: float, lon: float) -> GazPlace:
    return GazPlace(gid, a1, a1, (), "A", "ADM1", iso2, None, f"{iso2}.{a1}", a1, None, None,
                    1_000_000, lat, lon, code=f"{iso2}.{a1}")  # fmt: skip


def test_small_town_outside_the_named_state_is_framed_by_it() -> None:
    from conflictwire.gazetteer.resolve import _agree_with_named_units

    state = _state(10, "MX", "AA", 20.0, -100.0)
    far = _town(1, "Camarillo", "MX", "BB", 5_000, 25.0, -105.0)
    r = _res(_cand("Camarillo"), far)
    _agree_with_named_units(r, [state], [far])
    assert r.place is far and r.framed is state  # geoparsing keeps it; events take the state
    inside = _town(2, "Camarillo", "MX", "AA", 800, 20.1, -100.1)
    r = _res(_cand("Camarillo"), far)
    _agree_with_named_units(r, [state], [far, inside])
    assert r.place is inside and r.framed is None
    big = _town(3, "Camarillo", "MX", "BB", 900_000, 25.0, -105.0)
    r = _res(_cand("Camarillo"), big)
    _agree_with_named_units(r, [state], [big])
    assert r.place is big and r.framed is None


def test_text_units_vote_for_the_names_inside_them() -> None:
    from conflictwire.gazetteer.resolve import _colocated

    class _Gaz:
        def exact(self, name: str, loose: bool = True) -> list[GazPlace]:
            return table.get(name, [])

    unit = GazPlace(9, "Dara", "Dara", (), "A", "ADM1", "SY", None, "SY.06", "Dara", None, None,
                    1000, 32.6, 36.1, code="SY.06")  # fmt: skip
    table = {
        "Tafas": [_town(1, "Tafas", "SY", "06", 30000, 32.7, 36.0),
                  _town(2, "Tafas", "TR", "38", 40000, 38.4, 35.6)],
        "Dara": [unit],
    }  # fmt: skip
    votes = _colocated([_cand("Tafas"), _cand("Dara", 20)], _Gaz())  # type: ignore[arg-type]
    assert votes["SY"] > 0 and votes["TR"] == 0


def test_town_and_county_named_apart_settle_each_other(pipeline) -> None:
    text = "The fire broke out in Paris on Monday, the Henry County sheriff said."
    found = _places(pipeline, text)
    assert found["Paris"] == ("United States", "Tennessee")
    assert found["Henry County"] == ("United States", "Tennessee")
    text = "Residents of Alexandria gathered on Monday, the Douglas County board said."
    found = _places(pipeline, text)
    assert found["Alexandria"] == ("United States", "Minnesota")


def test_country_name_in_a_named_county_is_the_town(pipeline) -> None:
    text = (
        "Officers in Palestine arrested a man on Friday. The Anderson County sheriff said he "
        "was held in Palestine overnight."
    )
    found = _places(pipeline, text)
    assert found["Palestine"] == ("United States", "Texas")


def test_name_listed_with_states_is_the_state(pipeline) -> None:
    text = "The team has worked in Alaska, Hawaii, Florida and Washington this year."
    found = _places(pipeline, text)
    assert found["Washington"] == ("United States", "Washington")
    assert found["Hawaii"] == ("United States", "Hawaii")
    text = "The team has worked in Alaska, Florida and Washington, D.C., this year."
    found = _places(pipeline, text)
    assert found["Washington"] == ("United States", "Columbia")  # qualified: the capital


def test_foreign_capital_beats_a_small_focus_country_namesake(pipeline) -> None:
    text = (
        "Britain expelled 23 diplomats on Monday. In Washington, officials said more would "
        "follow, and ministers met in London."
    )
    found = _places(pipeline, text)
    assert found["Washington"] == ("United States", "Columbia")


def test_paired_readings_need_their_own_names() -> None:
    from conflictwire.gazetteer.resolve import paired

    class _Gaz:
        def exact(self, name: str, loose: bool = True) -> list[GazPlace]:
            return table.get(name, [])

    def county(gid: int, name: str, a1: str, a2: str) -> GazPlace:
        code = f"US.{a1}.{a2}"
        return GazPlace(gid, name, name, (), "A", "ADM2", "US", None, f"US.{a1}", a1, code,
                        name, 10_000, 35.0, -90.0, code=code)  # fmt: skip

    town = GazPlace(1, "Houston", "Houston", (), "P", "PPL", "US", None, "US.MO", "MO",
                    "US.MO.215", "Texas County", 2_000, 37.3, -91.9)  # fmt: skip
    table = {
        "Houston": [town],
        "Texas": [county(2, "Texas County", "MO", "215")],  # "Texas" is not Texas County
        "Texas County": [county(2, "Texas County", "MO", "215")],
    }
    assert paired([_cand("Houston"), _cand("Texas", 20)], _Gaz()) == set()  # type: ignore[arg-type]
    got = paired([_cand("Houston"), _cand("Texas County", 20)], _Gaz())  # type: ignore[arg-type]
    assert got == {1, 2}


def test_first_level_units_in_a_list_are_not_nested(pipeline) -> None:
    got = _places(pipeline, "Firms are moving to cheaper states such as Utah, Colorado, and Idaho.")
    assert got["Utah"] == ("United States", "Utah")
    assert got["Colorado"] == ("United States", "Colorado")
