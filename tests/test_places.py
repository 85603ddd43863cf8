"""Places stage on short made-up reports (uses the default gazetteer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwire.doc import Doc, Mention
from conflictwire.model import Article
from conflictwire.resources import Resources
from conflictwire.stages import places

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "kurdistan24-ali-sarai.txt"


@pytest.fixture(scope="module")
def nlp():
    from conflictwire.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources()


def _doc(nlp, text: str, dateline: tuple[int, int] | None = None, sentence: int = 0) -> Doc:
    d = Doc(article=Article(text=text), clean_text=text)
    d.spacy = nlp(text)
    if dateline:
        d.dateline_place = d.evidence(*dateline)
    s = list(d.spacy.sents)[sentence]
    v = next((t for t in s if t.pos_ == "VERB"), s[0])
    span = (s.start_char, s.end_char)
    d.mentions = [Mention(d.evidence(v.idx, v.idx + len(v)), span, span, "Battles", "Armed clash")]
    return d


def test_near_town_in_province(nlp, res) -> None:
    text = "Gunmen attacked a checkpoint near Tikrit in Salahuddin province."
    d = places.run(_doc(nlp, text), res)
    p = d.mentions[0].place
    assert d.country == "Iraq"
    assert p is not None and p.name == "Tikrit" and p.geo_precision == 2
    assert p.iso == 368 and p.iso3 == "IRQ" and p.region == "Middle East"
    assert p.admin1 == "Sala al-Din"
    assert d.mentions[0].evidence["location"].text == "Tikrit"


def test_a_name_between_a_preposition_and_a_known_unit_is_a_place(nlp, res) -> None:
    # spaCy reads "Taxila" as a person after two people's names; "near X in Punjab" places it
    text = ("Police on January 3 seized a vehicle laden with explosives and arrested two "
            "suspected militants, Mohammad Safdar and Azhar Mehmood, on Thatta Khalil Road "
            "near Taxila in Punjab, reports Dawn.")  # fmt: skip
    d = places.run(_doc(nlp, text), res)
    p = d.mentions[0].place
    assert p is not None and p.name == "Taxila" and p.admin1 == "Punjab"


def test_dateline_is_not_the_place(nlp, res) -> None:
    text = "BAGHDAD (Reuters) - Militants killed two soldiers in Kirkuk on Monday."
    d = places.run(_doc(nlp, text, dateline=(0, 7)), res)
    assert d.mentions[0].place.name == "Kirkuk"
    # the dateline is a toponym of the text (geoparsing) but never the event's place
    assert d.extra["main_place"].name == "Kirkuk"


def test_demonym_and_org_are_not_places(nlp, res) -> None:
    text = "Iraqi police said gunmen attacked a patrol in Jalula, Kurdistan 24 reported."
    d = places.run(_doc(nlp, text), res)
    names = {t.text for t in d.toponyms}
    assert "Iraqi" not in names and "Kurdistan" not in names
    assert d.country == "Iraq"


def test_parenthesised_admin_units(nlp, res) -> None:
    text = "On 2 May 2020, residents protested in Badah town (Larkana, Sindh) against power cuts."
    d = places.run(_doc(nlp, text), res)
    p = d.mentions[0].place
    assert d.country == "Pakistan"
    assert p.name == "Badah" and p.admin1 == "Sindh" and p.admin2 == "Larkana"
    assert p.geo_precision == 2 and p.evidence.text == "Badah town"


def test_same_name_other_country_not_picked(nlp, res) -> None:
    text = "Syrian regime forces shelled Al Bab. Clashes continued in Idlib province."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Syria"
    assert all(t.place is None or t.place.country == "Syria" for t in d.toponyms)


def test_no_mentions_still_sets_country(nlp, res) -> None:
    d = _doc(nlp, "Protesters gathered in Mosul and Erbil.")
    d.mentions = []
    places.run(d, res)
    assert d.country == "Iraq" and len(d.toponyms) == 2


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not available")
def test_reference_article_village_falls_back(nlp, res) -> None:
    text = SEED.read_text(encoding="utf-8")
    d = places.run(_doc(nlp, text, dateline=(0, 5), sentence=1), res)
    p = d.mentions[0].place
    assert d.country == "Iraq"
    assert p.name == "Ali Sarai" and p.admin1 == "Kirkuk" and p.admin2 == "Daquq"
    assert p.geo_precision == 2
    assert abs(p.latitude - 35.0976) < 0.5 and abs(p.longitude - 44.3299) < 0.5


def test_admin1_uses_conflict_data_spelling(nlp, res) -> None:
    text = "Shelling hit houses in Horlivka, Donetsk region, on Monday."
    p = places.run(_doc(nlp, text), res).mentions[0].place
    assert p is not None and p.name == "Horlivka" and p.admin1 == "Donetsk"


def test_indian_state_abbreviation_in_parentheses(nlp, res) -> None:
    text = "Two groups clashed over land in Pipri, Kaushambi (UP) on Friday."
    d = places.run(_doc(nlp, text), res)
    p = d.mentions[0].place
    assert d.country == "India"
    assert p is not None and p.admin1 == "Uttar Pradesh"


def test_country_cue_without_known_place(nlp, res) -> None:
    text = "The OSCE SMM recorded 12 explosions near Zzyxabadivka on Sunday."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Ukraine"
    p = d.mentions[0].place
    assert p is not None and p.country == "Ukraine" and p.admin1 in ("Donetsk", "Luhansk")


def test_village_must_lie_in_the_named_unit(nlp, res) -> None:
    # the only gazetteer "Shyroka Balka" is elsewhere: fall back to the named oblast
    text = "Mortars were fired at positions near Shyroka Balka, Donetsk, on Monday."
    p = places.run(_doc(nlp, text), res).mentions[0].place
    assert p is not None and p.admin1 == "Donetsk"


def test_province_named_beats_foreign_forces(nlp, res) -> None:
    # the actor's nationality says who, the named province says where
    text = "Turkish forces shelled several villages in Idleb with artillery on Friday."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Syria"
    p = d.mentions[0].place
    assert p is not None and p.admin1 == "Idleb"


def test_country_as_noun_modifier_is_not_the_place(nlp, res) -> None:
    text = "Rioters angry at the US dollar exchange rate blocked the main road in Nabatiye."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Lebanon"
    assert d.mentions[0].place is not None and d.mentions[0].place.name == "Nabatiye"


def test_admin1_drops_unit_words_and_uses_dataset_spelling(nlp, res) -> None:
    from conflictwire.gazetteer.admin_names import admin1_of, plain

    assert plain("Northern Province") == "Northern"
    assert plain("Qyzylorda oblysy") == "Qyzylorda"
    assert plain("Province") == "Province"  # never to nothing
    # Serbia: the statistical region, but Belgrade is its own admin1
    assert admin1_of("RS", "RS.SE", "Central Serbia", "RS.SE.20", "Nisava") == "Central Serbia"
    assert admin1_of("RS", "RS.SE", "Central Serbia", "RS.SE.0", "Belgrade") == "Belgrade"


def test_unknown_village_falls_back_between_unit_centre_and_main_city(nlp, res) -> None:
    text = "Gunmen attacked Zzyxaville (Kolofata, Mayo-Sava, Extreme-Nord) on Monday."
    d = places.run(_doc(nlp, text), res)
    p = d.mentions[0].place
    g = res.gazetteer.by_code(d.extra["resolutions"][0].best.code)
    assert p is not None and d.country == "Cameroon" and p.admin1 == "Extreme-Nord"
    if g is not None and g.is_admin and g.cap_lat is not None and g.lat is not None:
        assert min(g.lat, g.cap_lat) <= p.latitude <= max(g.lat, g.cap_lat)


def test_currency_country_casts_no_vote(nlp, res) -> None:
    text = "Protesters angry at the high US dollar exchange rate blocked a road in Sidon."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Lebanon"
    assert d.mentions[0].place is not None and d.mentions[0].place.name == "Sidon"


def test_neighbourhood_yields_to_its_town(nlp, res) -> None:
    text = "Gunmen shot a Mexican taxi driver in Camargo community, in Celaya."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Mexico"
    assert d.mentions[0].place.name == "Celaya"


def test_town_word_blocks_same_named_unit_vote(nlp, res) -> None:
    # "Maan" is also a Jordanian governorate; "Maan town in Hama" is a Syrian village
    text = "A landmine exploded in Maan town in Hama countryside, killing a farmer."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Syria"


def test_loose_spelling_of_one_country_votes(nlp, res) -> None:
    # "Nabatiyeh" is only a loose spelling of Lebanon's Nabatiye; "Saray" is a Turkish town too
    text = "Demonstrators marched in Nabatiyeh from the Saray to the city entrance."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Lebanon"
    assert d.mentions[0].place is not None and d.mentions[0].place.admin1 == "Nabatiye"


def test_country_named_as_reference_point_is_not_the_place(nlp, res) -> None:
    text = "Residents rallied outside a hotel in Kilkis against 280 migrants from Afghanistan."
    d = places.run(_doc(nlp, text), res)
    assert d.country == "Greece"
    assert d.mentions[0].place is not None and d.mentions[0].place.name == "Kilkis"


def test_organisation_before_a_town_is_not_a_place(nlp, res) -> None:
    text = "Cleaners working for the Zorbex Group in Kirkuk protested over unpaid wages."
    d = places.run(_doc(nlp, text), res)
    assert [t.text for t in d.toponyms] == ["Kirkuk"]


def test_site_named_after_a_town_is_coded_to_the_town(nlp, res) -> None:
    text = "Drones targeted Hama Airbase on Friday."
    d = places.run(_doc(nlp, text), res)
    assert [t.text for t in d.toponyms] == ["Hama"]
    assert d.mentions[0].place is not None and d.mentions[0].place.admin1 == "Hama"


def test_facility_name_words_are_not_places(nlp, res) -> None:
    text = "Villagers protested at the gates of the Sri Krishna Rice Mill in Raghunathganj."
    d = places.run(_doc(nlp, text), res)
    assert all("Krishna" not in t.text for t in d.toponyms)


def test_road_named_for_a_small_town_places_it(nlp, res) -> None:
    # Halba (Lebanon) is too small to be taken as a place without context
    d = places.run(_doc(nlp, "Rioters blocked the Halba-Qoubaiyat road with burning tyres."), res)
    assert [t.text for t in d.toponyms] == ["Halba"]
    d = places.run(_doc(nlp, "Rioters said Halba would not forget."), res)
    assert d.toponyms == []


def test_country_countryinfo_lacks_is_known(nlp, res) -> None:
    # Kosovo is not in countryinfo; countries.yaml adds it with ACLED's codes
    k = res.countries.get("Kosovo")
    assert k is not None and (k.iso2, k.iso3, k.iso) == ("XK", "XKX", 0)
    d = places.run(_doc(nlp, "Kosovar police arrested two men in Pristina on Friday."), res)
    assert d.country == "Kosovo"
    assert d.mentions[0].place is not None and d.mentions[0].place.name == "Pristina"


def test_units_reach_through_an_unknown_middle_name(nlp, res) -> None:
    # neither village is in the gazetteer; a close spelling elsewhere in India must not win
    text = "A mob attacked health workers in Makhanpur village, Bhagwanpur (Uttarakhand)."
    d = places.run(_doc(nlp, text), res)
    assert d.mentions[0].place is not None and d.mentions[0].place.admin1 == "Uttarakhand"


def test_neighbourhood_in_its_own_clause_yields_to_the_town_named_before(nlp, res) -> None:
    text = "In Belford Roxo, Rio de Janeiro, a shoot-out took place in Roseiral neighborhood."
    d = places.run(_doc(nlp, text), res)
    assert d.mentions[0].place is not None and d.mentions[0].place.name == "Belford Roxo"


def test_an_event_told_after_a_neighbourhood_takes_its_municipality(rules) -> None:
    # the fight has no place of its own: the one named before it is a part of a municipality
    # (and a same-named municipality far off), so the municipality is the event's
    text = ("On 30 April 2020, in Ribeirao das Neves, Minas Gerais, civil police forces "
            "dismantled a crack lab in Sossego neighborhood. Two armed men exchanged fire with "
            "the police agents during the operation, and one was killed.")  # fmt: skip
    doc = rules.process(Article(text=text, id="t"))
    places_of = {(e.place.name, e.place.admin1) for e in rules.events(doc) if e.place}
    assert places_of and all(p == ("Ribeirao das Neves", "Minas Gerais") for p in places_of)


def _geo(text: str) -> list[tuple[str, str | None, str | None]]:
    from conflictwire.gazetteer.geoparse import Geoparser

    r = Geoparser(resources=Resources()).text(text)
    return [(m.text, m.country, m.admin1) for m in r.places]


def test_dateline_abbreviated_state_and_same_named_town() -> None:
    text = ("Ship to dock at Jeffersonville. JEFFERSONVILLE, Ind. (AP) - A landing ship "
            "will stop at Jeffersonville in August.")  # fmt: skip
    got = _geo(text)
    assert ("Ind.", "United States", "Indiana") in got
    assert all(a == "Indiana" for t, _, a in got if t.lower() == "jeffersonville")


def test_bare_dateline_read_by_the_text_places() -> None:
    text = ("City woman fined. COLUMBUS -- A Columbus woman was fined in Platte County "
            "court, officials in Norfolk said.")  # fmt: skip
    got = dict((t, a) for t, _, a in _geo(text))
    assert got["COLUMBUS"] == "Nebraska"


def test_dateline_country_region_sets_the_country() -> None:
    got = _geo("Plotters held in Georgia. TBILISI, Georgia - A court ruled on Monday.")
    assert ("TBILISI", "Georgia", "Tbilisi") in got
    assert ("Georgia", "Georgia", None) in got


def test_name_before_based_is_not_a_local_town(nlp, res) -> None:
    text = "Jane Prin of London-based BOP Consulting spoke in Boston and Chicago."
    d = places.run(_doc(nlp, text), res)
    london = next(t for t in d.toponyms if t.text == "London")
    assert london.place is not None and london.place.country == "United Kingdom"


def test_where_a_firm_sits_is_not_where_the_event_is(pipeline) -> None:
    text = ("Gunmen attacked an oil convoy in Nigeria on Monday, killing two guards, a "
            "London-based security firm said.")
    doc = pipeline.process(Article(text=text, id="seat"))
    assert doc.country == "Nigeria"
    assert [m.place.country for m in doc.mentions if m.place is not None] == ["Nigeria"]
    assert all(m.place.name != "London" for m in doc.mentions if m.place is not None)
    assert places.seats(text, []) == frozenset()


def test_where_a_statement_was_made_is_not_where_the_event_is(rules) -> None:
    text = ("Salvadoran politician Hector Oqueli was kidnapped today in Guatemala City, his "
            "party reported in Mexico City.")
    doc = rules.process(Article(text=text, id="said"))
    assert doc.country == "Guatemala"
    assert [m.place.name for m in doc.mentions if m.place is not None] == ["Guatemala City"]
    # a place where something was said is still the event's when no other is named
    text = "Two soldiers were killed, the army said in Kabul on Monday."
    doc = rules.process(Article(text=text, id="said"))
    assert [m.place.name for m in doc.mentions if m.place is not None] == ["Kabul"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Three soldiers were killed in a clash with rebels in Jucuapa, Usulutan Department, "
         "110 km east of San Salvador.", "Jucuapa"),
        ("Guerrillas ambushed an army patrol near Metapan, 105 km to the west of San Salvador, "
         "killing two soldiers.", "Metapan"),
        ("Militants attacked the village of Bashir, 20 miles away from Kirkuk, killing four.",
         "Bashir"),
    ],
)
def test_a_point_of_reference_is_not_the_place(nlp, res, text, where) -> None:
    d = places.run(_doc(nlp, text), res)
    assert d.mentions[0].place is not None and d.mentions[0].place.name == where


def test_a_point_of_reference_alone_places_the_event_near_it(nlp, res) -> None:
    d = places.run(_doc(nlp, "Gunmen killed two policemen at a checkpoint 20 km north of Kirkuk."),
                   res)  # fmt: skip
    p = d.mentions[0].place
    assert p is not None and p.name == "Kirkuk" and p.geo_precision >= 2


def test_a_part_of_a_place_is_no_point_of_reference(nlp) -> None:
    from conflictwire.gazetteer.recognise import _bearing_before

    sp = nlp("Fighting broke out in the north of Mosul and 30 km south of Tikrit.")
    at = {t.text: t.i for t in sp}
    assert not _bearing_before(sp, at["Mosul"])
    assert _bearing_before(sp, at["Tikrit"])


def test_a_unit_named_with_its_unit_word_is_a_place(nlp, res) -> None:
    text = ("Rebels attacked soldiers in Jucuapa, Usulutan Department. The Justice Department "
            "said nothing.")
    d = places.run(_doc(nlp, text), res)
    named = {t.text: t.place for t in d.toponyms}
    assert named["Usulutan Department"] is not None
    assert named["Usulutan Department"].admin1 == "Usulutan"
    assert not any("Justice" in t for t in named)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("THE GUERRILLAS ALSO ATTACKED THE SOLDIERS GUARDING TWO COFFEE MILLS IN SANTIAGO DE "
         "MARIA, USULUTAN DEPARTMENT.", "Santiago de Maria"),
        ("MARIELA ESPINOZA VILLEGAS, A HIGHER COURT MAGISTRATE IN ANTIOQUIA, WAS ASSASSINATED "
         "THIS EVENING IN MEDELLIN.", "Medellin"),
        ("THE EL DESPERTAR REFUGEE CENTER IN SAN SALVADOR WAS HIT BY A MISSILE FIRED BY A "
         "MILITARY PLANE LAST NIGHT.", "San Salvador"),
    ],
)
def test_english_words_are_no_unknown_place(rules, text, where) -> None:
    # a telex's capitals are guessed: "Mills", "Magistrate", "Center" in "X in <a place>" are
    # words, not villages the gazetteer lacks (the rule stages alone: whether the decision keeps
    # the event is not this test's matter)
    doc = rules.process(Article(text=text, id="english"))
    assert [m.place.name for m in doc.mentions if m.place is not None][:1] == [where]


def test_english_word(nlp) -> None:
    from conflictwire.nlp import english_word

    sp = nlp("Two coffee mills near Jucuapa.")
    words = {t.text: english_word(t) for t in sp}
    assert words["mills"] and words["coffee"] and not words["Jucuapa"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # one event per place listed for it (ACLED), in the order named, the toll split
        ("Gunmen attacked villages in Kathlal and Kapadvanj in Kheda district, India, on 4 March "
         "2002, killing 21 people.", [("Kathlal", 11), ("Kapadvanj", 10)]),
        ("Air strikes hit Kabul and Kandahar provinces, Afghanistan, on 4 March 2020, killing 3.",
         [("Kabul", 2), ("Kandahar", 1)]),
        # the road between two towns, and a town with its own district: one place each
        ("Fighting between Kabul and Jalalabad, Afghanistan, killed 5 soldiers on 4 March 2020.",
         [("Kabul", 5)]),
        ("Gunmen attacked Kathlal and Kheda district, India, on 4 March 2002, killing 2 people.",
         [("Kathlal", 2)]),
        # names the gazetteer lacks, listed with one it knows, are places too
        ("Heavy clashes took place in Metapan, Tejutepeque and Ilobasco, in Cabanas department, "
         "El Salvador, on 4 March 1989.",
         [("Metapan", 0), ("Tejutepeque", 0), ("Ilobasco", 0)]),
        # ... and without a unit named: they lie in the report's country (geo_precision 3)
        ("Salvadoran troops clashed with rebels in Metapan, Tejutepeque and Ilobasco on 4 March "
         "1989.", [("Metapan", 0), ("Tejutepeque", 0), ("Ilobasco", 0)]),
        # a list of where something goes is not one of where the event is
        ("Rebels downed a plane on 4 March 1989 that had been bringing death and destruction "
         "to Mejicanos, Soyapango and San Miguel, El Salvador.", [("Mejicanos", 0)]),
    ],
)  # fmt: skip
def test_listed_places_are_one_event_each(rules, text, where) -> None:
    doc = rules.process(Article(text=text, id="t"))
    got = [(e.place.name, e.fatalities) for e in rules.events(doc) if e.place]
    assert got == where


def test_the_datelines_town_places_a_report_that_names_no_other(rules) -> None:
    text = "KABUL, May 3 (Reuters) - A bomb exploded on Monday, killing three people, police said."
    doc = rules.process(Article(text=text, id="t"))
    (e,) = rules.events(doc)
    assert e.place is not None and (e.place.name, e.place.country) == ("Kabul", "Afghanistan")
    assert e.evidence["location"].text == "KABUL"  # quoted from the dateline
    # a place the report names is the event's, whatever the dateline
    text = "KABUL, May 3 (Reuters) - A bomb exploded in Kandahar on Monday, killing three people."
    (e,) = rules.events(rules.process(Article(text=text, id="t")))
    assert e.place is not None and e.place.name == "Kandahar"


def test_a_lower_case_report_has_its_dateline_and_a_causes_place_is_not_the_events(rules):
    text = ("This story is from March 5, 2002 lucknow: eminent citizens and artists staged a "
            "protest on monday against the godhra killings. the police did not stop them. they "
            "walked to the assembly and left by noon.")  # fmt: skip
    doc = rules.process(Article(text=text, id="t"))
    assert doc.dateline_place is not None and doc.dateline_place.text == "lucknow"
    (e,) = rules.events(doc)
    assert e.place is not None and e.place.name == "Lucknow"  # not Godhra, the cause's place
    assert e.event_date is not None and e.event_date.isoformat() == "2002-03-04"
