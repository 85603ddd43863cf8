"""The actor catalogue: names, scoping by country and demonym, case rules, offsets."""

from __future__ import annotations

import time

import pytest

from conflictwire.catalogue import ActorCatalogue


@pytest.fixture(scope="module")
def cat() -> ActorCatalogue:
    return ActorCatalogue.load()


def names(cat: ActorCatalogue, text: str, country: str | None) -> list[str]:
    return [m.actor.name for m in cat.find(text, country)]


def test_generic_templates(cat: ActorCatalogue) -> None:
    assert cat.generic("civilians", "Iraq").name == "Civilians (Iraq)"
    assert cat.generic("civilians", "Iraq").inter == 7
    assert cat.generic("military", "Philippines").name == "Military Forces of the Philippines"
    assert cat.generic("police", "Kenya").name == "Police Forces of Kenya"
    assert cat.generic("protesters", "Chile").inter == 6
    unscoped = cat.generic("military", None)
    assert unscoped.name == "Military Forces" and unscoped.country is None


def test_a_government_force_is_the_military_not_the_government(cat: ActorCatalogue) -> None:
    # "Al Shabaab militants attacked a Govt force": a fighting side, not officials
    found = names(cat, "Al Shabaab attacked a Govt force in Afmadow.", "Somalia")
    assert found == ["Al Shabaab", "Military Forces of Somalia"]


def test_demonym_sets_country(cat: ActorCatalogue) -> None:
    text = "Iraqi federal police repelled an attack; Turkish troops shelled a village."
    ms = cat.find(text, "Syria")
    assert [m.actor.name for m in ms] == ["Police Forces of Iraq", "Military Forces of Turkey"]
    assert all(m.country_from == "demonym" for m in ms)
    assert ms[0].text == "Iraqi federal police"
    assert text[ms[1].start : ms[1].end] == "Turkish troops"


def test_context_country_scopes_generic_actors(cat: ActorCatalogue) -> None:
    ms = cat.find("Gunmen killed two villagers near the market.", "Kenya")
    assert [m.actor.name for m in ms] == [
        "Unidentified Armed Group (Kenya)",
        "Civilians (Kenya)",
    ]
    assert [m.kind for m in ms] == ["unidentified_armed_group", "civilians"]
    assert ms[0].country_from == "context"
    assert cat.find("Gunmen fled.", None)[0].actor.country is None


def test_named_actor_depends_on_country(cat: ActorCatalogue) -> None:
    text = "Islamic State fighters attacked the post."
    assert names(cat, text, "Iraq") == ["Islamic State (Iraq)"]
    assert names(cat, text, "Syria") == ["Islamic State (Syria)"]
    assert names(cat, text, "Mali") == ["Islamic State (Greater Sahara)"]
    assert names(cat, "Taliban insurgents ambushed a convoy.", "Afghanistan") == ["Taliban"]
    assert names(cat, "Taliban insurgents ambushed a convoy.", "Pakistan") == [
        "TTP: Tehreek-i-Taliban Pakistan"
    ]


def test_suffix_is_part_of_named_mention(cat: ActorCatalogue) -> None:
    ms = cat.find("Daesh members raided the village", "Iraq")
    assert ms[0].text == "Daesh members" and ms[0].kind == "named"


def test_acronyms_are_case_sensitive(cat: ActorCatalogue) -> None:
    assert names(cat, "IS claimed the attack.", "Iraq") == ["Islamic State (Iraq)"]
    assert names(cat, "This is what it is.", "Iraq") == []
    assert names(cat, "Let us go.", "India") == []
    assert names(cat, "LeT militants were killed.", "India") == ["LeT: Lashkar-e-Taiba"]


def test_local_aliases_only_at_home(cat: ActorCatalogue) -> None:
    text = "Separatists fired mortars at the village."
    assert names(cat, text, "Ukraine") == ["NAF: United Armed Forces of Novorossiya"]
    assert names(cat, text, "Cameroon") == ["Ambazonian Separatists (Cameroon)"]
    # "Al Shabaab" in Mozambique is the local Islamist insurgency, not the Somali group
    assert names(cat, "Al Shabaab attacked Mocimboa.", "Mozambique") == [
        "Islamist Militia (Mozambique)"
    ]
    assert names(cat, "Al Shabaab attacked Afgoye.", "Somalia") == ["Al Shabaab"]


def test_blocked_prefix(cat: ActorCatalogue) -> None:
    ms = cat.find("Anti-Houthi militiamen and pro-Houthi forces clashed.", "Yemen")
    assert [m.text for m in ms][-1] == "pro-Houthi forces"
    assert ms[-1].actor.name == "Military Forces of Yemen (2016-) Supreme Political Council"
    assert all(not m.text.startswith("Houthi") for m in ms)


def test_country_overrides(cat: ActorCatalogue) -> None:
    assert names(cat, "Hitmen shot a man.", "Mexico") == [
        "Unidentified Gang (Mexico)",
        "Civilians (Mexico)",
    ]
    assert names(cat, "Hitmen shot a man.", "Kenya")[0] == "Unidentified Gang (Kenya)"
    assert names(cat, "Regime forces shelled Kafr Nabl.", "Syria") == ["Military Forces of Syria"]


def test_longest_match_and_offsets(cat: ActorCatalogue) -> None:
    text = "Later, unidentified armed men abducted a teacher."
    ms = cat.find(text, "Nigeria", offset=100)
    assert ms[0].text == "unidentified armed men"
    assert ms[0].start == 100 + text.index("unidentified")
    assert ms[0].end == ms[0].start + len("unidentified armed men")


def test_no_phrase_across_sentences(cat: ActorCatalogue) -> None:
    ms = cat.find("They fled to Iraq. Police arrived later.", "Iraq")
    assert [m.text for m in ms] == ["Police"]


def test_coordinated_actors(cat: ActorCatalogue) -> None:
    ms = cat.find("Military forces of India and Pakistan exchanged fire.", "India")
    assert [m.actor.name for m in ms] == ["Military Forces of India", "Military Forces of Pakistan"]
    ms = cat.find("Fellata and Rizeigat militias clashed.", "Sudan")
    assert [m.actor.name for m in ms] == [
        "Fellata Ethnic Militia (Sudan)",
        "Rizeigat Ethnic Militia (Sudan)",
    ]


def test_sub_units_and_coalitions(cat: ActorCatalogue) -> None:
    assert names(cat, "Military police officers shot a suspect.", "Brazil")[0] == (
        "Military Forces of Brazil (2019-) Military Police"
    )
    assert names(cat, "CRPF personnel were attacked.", "India") == [
        "Police Forces of India (2014-) Central Reserve Police Force"
    ]
    assert names(cat, "Saudi-led coalition air raids hit Sadah.", "Yemen") == [
        "Operation Restoring Hope"
    ]


def test_find_identity(cat: ActorCatalogue) -> None:
    ms = cat.find_identity("Kurdish nurses and students rallied.", "Iraq")
    assert [m.actor.name for m in ms] == [
        "Kurdish Ethnic Group (Iraq)",
        "Health Workers (Iraq)",
        "Students (Iraq)",
    ]


def test_load_is_cached_and_matching_fast(cat: ActorCatalogue) -> None:
    assert ActorCatalogue.load() is cat
    text = "Unknown gunmen killed two soldiers and a civilian in the north. " * 30
    t = time.perf_counter()
    ms = cat.find(text, "Mali")
    assert len(ms) == 90
    assert time.perf_counter() - t < 0.5


def test_named_lookup_by_acled_name(cat: ActorCatalogue) -> None:
    naf = cat.named("NAF: United Armed Forces of Novorossiya", "Ukraine")
    assert naf is not None and naf.inter == 2
    assert cat.named("No Such Actor", "Ukraine") is None


def test_observer_is_a_country_hint_not_an_actor(cat: ActorCatalogue) -> None:
    ms = cat.find("The OSCE SMM recorded ceasefire violations.", None)
    assert [m.kind for m in ms] == ["observer"]
    assert ms[0].actor.country == "Ukraine" and ms[0].country_from == "named"


def test_syrian_coalition_names_are_syrian_only(cat: ActorCatalogue) -> None:
    # "National Liberation Front" is a Syrian coalition in Syria, and other groups elsewhere
    text = "Fighters of the National Liberation Front attacked an army post."
    assert "Opposition Rebels (Syria)" in names(cat, text, "Syria")
    assert "Opposition Rebels (Syria)" not in names(cat, text, "El Salvador")
    # the catalogue's words for Syria's rebels all count there (a repeated key had dropped some)
    assert names(cat, "Opposition factions shelled the town.", "Syria") == [
        "Opposition Rebels (Syria)"
    ]
    assert names(cat, "Rebels shelled the town.", "Syria") == ["Opposition Rebels (Syria)"]


def test_data_files_repeat_no_key() -> None:
    """A key repeated in a mapping silently drops the first value (YAML keeps the last)."""
    from importlib import resources

    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: Strict, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = {k for k in keys if keys.count(k) > 1}
        assert not repeated, f"repeated keys {sorted(map(str, repeated))} at {node.start_mark}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    data = resources.files("conflictwire") / "data"
    files = sorted(p for p in data.iterdir() if p.name.endswith(".yaml"))
    assert len(files) >= 10
    for p in files:
        yaml.load(p.read_text(encoding="utf-8"), Loader=Strict)


def test_el_salvadors_rebels_are_known_there(cat: ActorCatalogue) -> None:
    fmln = "FMLN: Farabundo Marti National Liberation Front"
    assert names(cat, "FMLN units attacked an army post", "El Salvador")[0] == fmln
    text = "Guerrillas of the Farabundo Marti National Liberation Front attacked a post"
    assert fmln in names(cat, text, "El Salvador")


def test_a_name_that_ends_a_longer_name_is_not_that_actor(cat: ActorCatalogue) -> None:
    # "National Liberation Army" ends the Garo group's name: not Colombia's ELN
    got = [m.actor.name for m in cat.find("the Garo National Liberation Army killed two.", "India")]
    assert "ELN: National Liberation Army" not in got
    # a demonym, an opener, a day, a hyphenated prefix or a dash before it does not hide it
    for text in ("Colombian National Liberation Army rebels attacked.",
                 "The National Liberation Army attacked a base.",
                 "On Sunday National Liberation Army rebels attacked.",
                 "Arauca - National Liberation Army rebels attacked.",
                 "Troops clashed. Suspected National Liberation Army rebels fled."):  # fmt: skip
        got = [m.actor.name for m in cat.find(text, "Colombia")]
        assert "ELN: National Liberation Army" in got, text
    got = [m.actor.name for m in cat.find("Nairobi - United Nations peacekeepers fired.", "")]
    assert got and "United Nations" in got[0]


def test_words_for_many_countries_rebels_name_a_group_only_at_home(cat: ActorCatalogue) -> None:
    # "Maoist" and "communist guerrillas" describe rebels in Peru, Nepal or Colombia too
    assert names(cat, "Maoist Shining Path guerrillas killed a mayor", "Peru") == [
        "Shining Path", "Civilians (Peru)"]  # fmt: skip
    assert "NPA: New People's Army" not in names(cat, "communist guerrillas attacked", "Colombia")
    assert names(cat, "Maoist rebels attacked", "India") == ["Naxal-Maoist Rebels (India)"]
    assert names(cat, "communist rebels attacked", "Philippines") == ["NPA: New People's Army"]


def test_insurgencies_of_earlier_decades_are_named(cat: ActorCatalogue) -> None:
    assert names(cat, "an ambush by FARC guerrillas", "Colombia") == [
        "FARC: Revolutionary Armed Forces of Colombia"]  # fmt: skip
    assert names(cat, "FARC dissidents attacked", "Colombia") == [
        "FARC Dissident: Revolutionary Armed Forces of Colombia Dissident Faction"]  # fmt: skip
    assert names(cat, "LTTE cadres attacked", "Sri Lanka") == [
        "LTTE: Liberation Tigers of Tamil Eelam"]  # fmt: skip


def test_state_forces_named_by_their_acronyms_where_they_fight(cat: ActorCatalogue) -> None:
    assert names(cat, "the IDF struck positions in Gaza", "Palestine")[0] == (
        "Military Forces of Israel (1948-)")  # fmt: skip
    assert names(cat, "the Syrian Arab Army shelled Idlib", "Syria") == [
        "Military Forces of Syria (2000-)"]  # fmt: skip
