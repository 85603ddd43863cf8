"""Admin1 of event places: the report's country from prominent places, units named through
their seats, places named as origins, and provinces filed under another region (made-up text)."""

from __future__ import annotations

from dataclasses import replace

from conflictwire.doc import Doc
from conflictwire.gazetteer.admin_names import admin1_of
from conflictwire.gazetteer.lookup import GazPlace
from conflictwire.gazetteer.recognise import Candidate
from conflictwire.gazetteer.resolve import Resolution, _dominant, _unfiled_in
from conflictwire.model import Article
from conflictwire.stages import places


def _run(pipeline, text: str) -> Doc:
    d = Doc(article=Article(text=text), clean_text=text)
    d.spacy = pipeline.nlp(text)
    places.run(d, pipeline.resources)
    return d


def _town(gid: int, iso2: str, pop: int, fcode: str = "PPL") -> GazPlace:
    return GazPlace(gid, "Elmstead", "Elmstead", (), "P", fcode, iso2, None, f"{iso2}.01", "01",
                    None, None, pop, 10.0, 10.0)  # fmt: skip


def _res(text: str, start: int) -> Resolution:
    c = Candidate(0, 1, start, start + len(text), text, start + len(text), True)
    return Resolution(c, _town(start + 1, "AA", 5_000))


def test_city_dwarfing_namesakes_abroad_is_dominant() -> None:
    city, village = _town(1, "AA", 400_000), _town(2, "BB", 1_500)
    assert _dominant(city, [city, village])
    assert not _dominant(village, [city, village])


def test_capital_needs_a_smaller_ratio_than_a_town() -> None:
    rival = _town(3, "BB", 100_000)
    assert _dominant(_town(1, "AA", 600_000, "PPLC"), [rival])
    assert not _dominant(_town(2, "AA", 600_000), [rival])  # not 20 times larger
    assert not _dominant(_town(4, "AA", 60_000, "PPLC"), [_town(5, "BB", 100)])  # too small


def test_capital_outvotes_a_scatter_of_small_namesakes(pipeline) -> None:
    d = _run(pipeline, "Hospital staff protested in central Athens on Monday.")
    assert d.country == "Greece"


def test_origin_places_are_not_the_event_place(pipeline) -> None:
    text = "Dozens of protesters from Beirut and Byblos gathered in Tripoli City on Sunday."
    d = _run(pipeline, text)
    rs = d.extra["resolutions"]
    away = places.origins(d, [r.cand for r in rs])
    assert {r.cand.text for r in rs if id(r.cand) in away} == {"Beirut", "Byblos"}
    picked = places._pick(rs, frozenset(), away)
    assert picked is not None and picked.cand.text == "Tripoli City"


def test_origin_only_place_is_still_used() -> None:
    only = _res("Harwick", 10)
    assert places._pick([only], frozenset(), frozenset({id(only.cand)})) is only


def test_unit_named_through_its_seat_frames_a_far_village(pipeline) -> None:
    d = _run(pipeline, "Gunmen raided a farm in Mala, a hamlet in al-Hasakeh, on Tuesday.")
    mala = next(r for r in d.extra["resolutions"] if r.cand.text == "Mala")
    assert mala.framed is not None and mala.framed.code == "SY.01"


def test_seat_is_not_framed_by_another_seat(pipeline) -> None:
    text = "Crowds rallied in Kherson on Sunday, and police watched a march in Odessa."
    d = _run(pipeline, text)
    rs = {r.cand.text: r for r in d.extra["resolutions"]}
    assert rs["Kherson"].framed is None and rs["Kherson"].place.admin1_code == "UA.08"


def test_province_filed_under_a_neighbouring_region_reports_its_own() -> None:
    assert admin1_of("PH", "PH.11", "Davao", "PH.12.70", "South Cotabato") == "Soccsksargen"
    assert admin1_of("PH", "PH.11", "Davao", "PH.11.25", "Davao del Sur") == "Davao"


def _span_cand(d: Doc, name: str) -> Candidate:
    start = d.clean_text.index(name)
    sp = d.spacy.char_span(start, start + len(name), alignment_mode="expand")
    return Candidate(sp.start, sp.end, start, start + len(name), name, start + len(name), True)


def test_route_ends_only_point_to_the_route(pipeline) -> None:
    text = "Farmers blocked the Lahore-Multan road in Okara on Monday, and Sahiwal-Okara traders."
    d = Doc(article=Article(text=text), clean_text=text)
    d.spacy = pipeline.nlp(text)
    cands = [_span_cand(d, n) for n in ("Lahore", "Multan", "Okara", "Sahiwal")]
    away = places.origins(d, cands)
    assert {c.text for c in cands if id(c) in away} == {"Lahore", "Multan"}  # no route word


def test_unit_named_for_a_place_abroad_is_not_its_enclosing_unit(pipeline) -> None:
    d = _run(pipeline, "Gunmen attacked Tondikiwindi village (Dessa, Tillaberi) on Friday.")
    rs = {r.cand.text: r for r in d.extra["resolutions"]}
    assert d.country == "Niger"
    assert rs["Tondikiwindi"].best is not None and rs["Tondikiwindi"].best.iso2 == "NE"


def test_municipality_named_with_a_town_is_no_peer_unit(pipeline) -> None:
    # a namesake municipality elsewhere in the country does not read a town qualified by
    # another municipality and its department
    d = _run(pipeline, "Farmers marched in Caracoli, Malambo, Atlantico department, on Friday.")
    r = next(r for r in d.extra["resolutions"] if r.cand.text == "Caracoli")
    assert r.place is None and r.best is not None and r.best.admin1_code == "CO.04"


def test_name_qualified_by_its_units_outvotes_a_larger_namesake(pipeline) -> None:
    text = "Soldiers searched houses between Banh and Koumbri (Banh, Loroum) on Sunday."
    assert _run(pipeline, text).country == "Burkina Faso"


def test_country_alias_that_is_a_city_own_name_reads_the_city(pipeline) -> None:
    d = _run(pipeline, "Fishermen protested at the port of Gaza on Friday.")
    (t,) = d.toponyms
    assert t.place is not None and t.place.feature_code != "PCLI"
    assert (t.place.country, t.place.admin1) == ("Palestine", "Gaza Strip")
    d = _run(pipeline, "Workers rallied in Holland on Friday.")  # no such city there
    assert d.toponyms[0].place is not None and d.toponyms[0].place.feature_code == "PCLI"


def test_unit_filed_without_its_parent_takes_admin1_from_its_code(pipeline) -> None:
    d = _run(pipeline, "Troops shelled a post in Zeitoun neighbourhood of Gaza city.")
    got = {t.text: t.place.admin1 for t in d.toponyms if t.place is not None}
    assert got["Zeitoun"] == "Gaza Strip"


def test_town_named_as_a_hint_is_framed_by_the_unit_named_near(pipeline) -> None:
    text = "Youths rallied at Amaezike Community in Oba town, in Anambra, on Monday."
    rs = {r.cand.text: r for r in _run(pipeline, text).extra["resolutions"]}
    assert rs["Oba"].framed is not None and rs["Oba"].framed.code == "NG.25"
    community = rs["Amaezike Community"]
    assert community.best is not None and community.best.admin1_code == "NG.25"


def test_city_filed_in_no_unit_takes_the_unit_it_lies_in(pipeline) -> None:
    d = _run(pipeline, "Teachers held a sit-in in Nouakchott on Monday.")
    assert d.toponyms[0].place is not None
    assert d.toponyms[0].place.admin1 == "Nouakchott-Ouest"


def test_acled_admin1_scheme_for_newer_units() -> None:
    assert admin1_of("IQ", "IQ.19", "Halabja", None, None) == "Sulaymaniyah"


def test_town_qualified_by_a_state_is_not_read_through_a_namesake_of_the_state(pipeline) -> None:
    # "Nuevo Leon" is also a village in another state, near a Benito Juarez of its own
    text = "Police found two bodies in Benito Juarez, Nuevo Leon, on Saturday."
    rs = {r.cand.text: r for r in _run(pipeline, text).extra["resolutions"]}
    best = rs["Benito Juarez"].best
    assert best is not None and best.admin1_code == "MX.19"


def test_unit_names_keep_their_own_words() -> None:
    assert admin1_of("TT", "TT.PRT", "Princes", None, None) == "Princes Town"


def test_town_just_across_a_border_reports_the_unit_the_text_names(pipeline) -> None:
    # the gazetteer files the town in the neighbouring district; the text names its own
    d = _run(pipeline, "Militias fought near Qasr Bin Ghashir (Aljfara) on Monday.")
    r = next(r for r in d.extra["resolutions"] if r.cand.text == "Qasr Bin Ghashir")
    assert r.place is not None and r.place.admin1_code != "LY.81"
    assert r.unit is not None and r.unit.code == "LY.81"
    got = {t.text: t.place.admin1 for t in d.toponyms if t.place is not None}
    assert got["Qasr Bin Ghashir"] == "Aljfara"


def _unit(gid: int, code: str, a1: str, lvl: int = 2) -> GazPlace:
    return GazPlace(gid, "Northvale", "Northvale", (), "A", f"ADM{lvl}", "AA", None, a1, "Upland",
                    code if lvl == 2 else None, None, 0, 5.0, 5.0, code)  # fmt: skip


def test_town_filed_in_a_region_only_may_lie_in_a_district_of_it() -> None:
    town = _town(1, "AA", 20_000)  # filed in AA.01, in no district
    assert _unfiled_in(town, [_unit(2, "AA.01.7", "AA.01")])
    assert not _unfiled_in(town, [_unit(3, "AA.02.7", "AA.02")])  # another region's district
    filed = replace(town, admin2_code="AA.01.9")
    assert not _unfiled_in(filed, [_unit(2, "AA.01.7", "AA.01")])  # filed in another district


def test_town_qualified_by_a_district_keeps_its_reading_when_filed_in_no_district(
    pipeline,
) -> None:
    d = _run(pipeline, "Shopkeepers closed their stalls in Bosaso town (Bossaso, Bari) on Monday.")
    r = next(r for r in d.extra["resolutions"] if r.cand.text == "Bosaso")
    assert r.place is not None and r.place.admin_level is None and r.place.iso2 == "SO"


def test_city_named_like_a_country_abroad_is_the_focus_countrys_city(pipeline) -> None:
    d = _run(pipeline, "Nurses marched through Salvador, Bahia, on Tuesday to demand masks.")
    r = next(r for r in d.extra["resolutions"] if r.cand.text == "Salvador")
    assert r.place is not None and r.place.iso2 == "BR" and r.place.fcode != "PCLI"


def test_unknown_village_in_a_district_sits_nearer_the_districts_middle() -> None:
    unit = replace(_unit(4, "AA.01.7", "AA.01"), lat=0.0, lon=0.0, cap_lat=1.0, cap_lon=1.0)
    lat, _ = places._point(unit, fallback=True)
    assert lat is not None and 0.0 < lat < 0.5
    region = replace(_unit(5, "AA.01", "AA.01", lvl=1), lat=0.0, lon=0.0, cap_lat=1.0,
                     cap_lon=1.0)  # fmt: skip
    lat, _ = places._point(region, fallback=True)
    assert lat is not None and lat > 0.5  # a region: nearer its main city
    lat, _ = places._point(unit, fallback=False)
    assert lat == 1.0  # a district named as such: its main city
