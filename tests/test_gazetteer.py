"""Gazetteer: key normalisation, a tiny injected build, lookup and in-country fuzzy matching."""

from __future__ import annotations

import pytest

from conflictwire.countries import Countries
from conflictwire.gazetteer import Gazetteer
from conflictwire.gazetteer.build import build, display_name
from conflictwire.gazetteer.normalise import key, skeleton, strip_generic
from conflictwire.gazetteer.sources import CityLink, Sources, Unit


@pytest.mark.parametrize(
    "a, b",
    [("Ali Sarai", "Ali Saray"), ("Miqdadiya", "Al Miqdadiyah"), ("Hawija", "Haweeja"),
     ("Hawija", "Al Hawijah"), ("Jalawla", "Jalula"), ("Idleb", "Idlib"),
     ("Sala al-Din", "Salah ad Din")],
)  # fmt: skip
def test_skeleton_folds_variants(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_key_and_generic_words() -> None:
    assert key("Al-Ḩawījah") == "hawijah"
    assert key("Kirkuk") != key("Erbil")
    assert skeleton("Kirkuk") != skeleton("Karbala")
    assert strip_generic("Kirkuk Governorate") == "kirkuk"
    assert strip_generic("Rio de Janeiro") == "rio de janeiro"
    assert display_name("Daquq District") == "Daquq"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    units = [
        Unit(1, "Kirkūk", "IQ.13", 1, "IQ", 98410, ("Kirkuk Governorate",)),
        Unit(2, "Daquq District", "IQ.13.9166581", 2, "IQ", 9166581, (), "IQ.13"),
        Unit(3, "Diyālá", "IQ.10", 1, "IQ", 96965, ("Diyala Governorate",)),
    ]
    cities = [
        {"geonameid": 94787, "name": "Kirkuk", "latitude": 35.468, "longitude": 44.392,
         "countrycode": "IQ", "population": 1031000, "admin1code": "13",
         "alternatenames": ["Kerkuk", "كركوك"]},
        {"geonameid": 99062, "name": "Al Miqdādīyah", "latitude": 33.978, "longitude": 44.937,
         "countrycode": "IQ", "population": 155968, "admin1code": "10", "alternatenames": []},
        {"geonameid": 1, "name": "Kirkuk", "latitude": 10.0, "longitude": 10.0,
         "countrycode": "US", "population": 50, "admin1code": "XX", "alternatenames": []},
    ]  # fmt: skip
    links = {94787: CityLink(("IQ.13", "IQ.13.9166581"), 1031000, 35.468, 44.392)}
    countries = [c for c in Countries.load().all if c.iso2 in ("IQ", "US")]
    src = Sources(cities=cities, units=units, city_links=links, countries=countries)
    path = build(tmp_path_factory.mktemp("gaz") / "tiny.sqlite", sources=src)
    return Gazetteer.open(path)


def test_lookup_exact_and_country_filter(tiny: Gazetteer) -> None:
    hits = tiny.lookup("Kirkuk")
    assert {p.iso2 for p in hits} == {"IQ", "US"}
    iq = tiny.lookup("Kerkuk", "IQ")
    assert iq and all(p.iso2 == "IQ" for p in iq)
    city = next(p for p in iq if p.fcode == "PPL")
    assert city.admin1 == "Kirkuk" and city.admin2 == "Daquq"
    gov = next(p for p in tiny.lookup("Kirkuk Governorate", "IQ") if p.admin_level == 1)
    assert city.within(gov)
    assert gov.lat == pytest.approx(35.468)  # the unit's most populous city


def test_loose_and_fuzzy_lookup(tiny: Gazetteer) -> None:
    assert tiny.lookup("Miqdadiya", "IQ")[0].geonameid == 99062
    # Muqdadiyah differs by a vowel: only the in-country fuzzy match finds it.
    assert not tiny.exact("Muqdadiyah")
    assert tiny.lookup("Muqdadiyah", "IQ")[0].geonameid == 99062
    assert tiny.lookup("Muqdadiyah", "US") == []
    assert tiny.lookup("Nowhereville", "IQ") == []


def test_admin_units_and_get(tiny: Gazetteer) -> None:
    assert {u.code for u in tiny.admin_units("IQ", 1)} == {"IQ.13", "IQ.10"}
    assert tiny.get(9166581).fcode == "ADM2"
    assert tiny.by_code("IQ.13").geonameid == 98410


def test_open_missing_path_raises(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        Gazetteer.open(tmp_path / "absent.sqlite")


def test_admin_display_names_and_cues() -> None:
    from conflictwire.gazetteer.admin_names import admin1_of, unit_name
    from conflictwire.gazetteer.cues import country_cues, cue_regions

    assert unit_name("SY.12", "Idlib") == "Idleb"
    assert unit_name("XX.99", "Somewhere") == "Somewhere"
    assert admin1_of("UG", "UG.N", "Northern", "UG.N.30", "Gulu") == "Gulu"
    assert admin1_of("IQ", "IQ.15", "Ninawa", None, None) == "Ninewa"
    assert country_cues("AMISOM troops and the OSCE SMM") == ["SO", "UA"]
    assert country_cues("the SMMS report") == []
    assert cue_regions("OSCE SMM observed")[:1] == ["UA.05"]


def test_alternate_names_that_are_codes_are_not_indexed() -> None:
    from conflictwire.gazetteer.build import usable_alternate

    assert usable_alternate("Ali Saray", "Ali Sarai")
    assert usable_alternate("Bombay", "Mumbai")
    for code in ("HOG", "JWN", "BOM", "10001", "Ali Sarai"):
        assert not usable_alternate(code, "Ali Sarai")


def test_unit_centre_is_the_middle_of_its_cities_not_their_median() -> None:
    from conflictwire.gazetteer.build import _mid

    # Most cities crowd one end of the unit; its centre is still the middle of their spread.
    assert _mid([0.0] * 10 + [10.0]) == 5.0
    # One far outlier in a hundred does not move it.
    assert _mid([float(x) for x in range(1, 100)] + [1000.0]) == 50.5


def test_build_marks_capitals_and_places_codeless_units(tmp_path) -> None:
    from conflictwire.countries import Country
    from conflictwire.gazetteer.build import build
    from conflictwire.gazetteer.sources import Sources, Unit

    city = {"geonameid": 1, "name": "Capitalia", "latitude": 10.0, "longitude": 20.0,
            "countrycode": "ZZ", "population": 50000, "alternatenames": []}  # fmt: skip
    town = {"geonameid": 2, "name": "Westbury", "latitude": 11.0, "longitude": 21.0,
            "countrycode": "ZZ", "population": 900, "alternatenames": []}  # fmt: skip
    country = Country(name="Zedland", iso2="ZZ", iso3="ZZZ", iso=999, region="Nowhere",
                      latitude=10.5, longitude=20.5, capital="Capitalia",
                      capital_latitude=10.01, capital_longitude=20.01)  # fmt: skip
    units = [Unit(1, "North", "ZZ.01", 1, "ZZ", geonameid=101),
             Unit(2, "Westbury District", "ZZ.u2", 2, "ZZ", parent_code="ZZ.01")]  # fmt: skip
    path = build(tmp_path / "g.sqlite", Sources([city, town], units, countries=[country]))
    gaz = Gazetteer.open(path)
    assert gaz.exact("Capitalia")[0].fcode == "PPLC"
    westbury = next(p for p in gaz.exact("Westbury District") if p.fcode == "ADM2")
    assert (westbury.lat, westbury.lon) == (11.0, 21.0)  # its namesake town's point
