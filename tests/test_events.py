"""Event detection and classification on short made-up sentences."""

import pytest

from conflictwire.doc import Doc
from conflictwire.model import Article
from conflictwire.stages import clean, events


@pytest.fixture(scope="module")
def detect(pipeline):
    def run(text: str) -> list:
        doc = Doc(Article(text=text))
        clean.run(doc, pipeline.resources)
        doc.spacy = pipeline.nlp(doc.clean_text)
        return events.run(doc, pipeline.resources).mentions

    return run


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Hundreds of teachers protested outside the ministry in Nairobi.", "Peaceful protest"),
        (
            "Students demonstrated in Dhaka. Police dispersed them with tear gas.",
            "Protest with intervention",
        ),
        (
            "Protesters pelted stones at police and burned tyres in Srinagar.",
            "Violent demonstration",
        ),
        ("A mob lynched a man suspected of theft in Jharkhand.", "Mob violence"),
        ("Army troops clashed with rebels near Beni.", "Armed clash"),
        ("Warplanes bombed a market in Maarrat al-Numan.", "Air/drone strike"),
        (
            "Separatists shelled the positions of the army near Avdiivka.",
            "Shelling/artillery/missile attack",
        ),
        (
            "A roadside bomb exploded near a police vehicle in Kandahar.",
            "Remote explosive/landmine/IED",
        ),
        ("Gunmen abducted a priest in Kaduna.", "Abduction/forced disappearance"),
        ("Police arrested five opposition leaders in Harare.", "Arrests"),
        ("A suicide bomber blew himself up at a wedding hall in Kabul.", "Suicide bomb"),
        ("Militants hurled a grenade at a shop in Srinagar.", "Grenade"),
        (
            "The body of a young farmer with several gunshot wounds was found on a road near Homs.",
            "Attack",
        ),
        ("Soldiers seized two trucks of smuggled fuel near Gao.", "Looting/property destruction"),
        (
            "Federal police seized three tons of cocaine at the port of Santos.",
            "Looting/property destruction",
        ),
        ("Huts were torched during a two day battle between rebels and troops.", "Armed clash"),
        ("The army carried out an operation against IS near Tuz, killing two.", "Armed clash"),
        (
            "Arsonists torched a 20 year old telecommunications mast in Tulle.",
            "Looting/property destruction",
        ),
    ],
)
def test_sub_event_types(detect, text, sub):
    ms = detect(text)
    assert ms and ms[0].sub_event_type == sub, [(m.sub_event_type, m.trigger.text) for m in ms]


@pytest.mark.parametrize(
    "text",
    [
        "The minister called for an end to the attacks on civilians.",
        "Rebels threatened to attack the town if talks fail.",
        "The union will protest next week.",
        "Police did not arrest anyone.",
        "The team won the match 2-1 in a thrilling final.",
        "The camp that was attacked in 2017 reopened.",
        "The village is about 40 kilometers from the Monday attack.",
    ],
)
def test_no_event(detect, text):
    assert [m for m in detect(text) if m.event_type] == []


def test_trigger_evidence_matches_text(detect):
    text = "On Monday, gunmen attacked a checkpoint, killing two soldiers."
    (m,) = detect(text)
    assert text[m.trigger.start : m.trigger.end] == m.trigger.text == "attacked"


def test_trigger_lexicon_is_well_formed():
    """Every pattern is a string (a bare `label:` would load as a YAML mapping) and compiles."""
    import re

    from conflictwire.resources import load_yaml

    data = load_yaml("triggers.yaml")
    for name, kind in data["kinds"].items():
        for pat in kind["patterns"]:
            assert isinstance(pat, str), (name, pat)
            re.compile(pat)
    assert set(data["precedence"]) <= set(data["kinds"])


def test_acled_note_labels_are_cues(detect):
    ms = detect("Property destruction: On 7 May 2020, settlers uprooted 450 seedlings near Hebron.")
    assert ms and ms[0].sub_event_type == "Looting/property destruction"



def test_houses_burned_in_an_attack_are_part_of_it(detect):
    ms = detect("Gunmen killed nine villagers in Kamango. Several houses were burned.")
    assert [m.sub_event_type for m in ms] == ["Attack"]
