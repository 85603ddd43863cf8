"""The actors stage: roles from the parse, defaults per event type, and the event types that
actors settle (attacks on armed targets, crowd violence, gang-style killings)."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwire.model import Actor, Article
from conflictwire.stages.actors import _external


def first(pipeline, text: str):
    doc = pipeline.process(Article(text=text, published=date(2021, 3, 10)))
    assert doc.mentions, text
    return doc.mentions[0]


def name(actor) -> str | None:
    return actor.name if actor is not None else None


def test_subject_acts_object_is_acted_upon(pipeline) -> None:
    m = first(
        pipeline, "On 5 March 2021, Taliban militants attacked a police checkpoint in Ghazni."
    )
    assert name(m.actor1) == "Taliban"
    assert m.actor2 is not None and m.actor2.name.startswith("Police Forces of Afghanistan")
    assert m.event_type == "Battles"
    assert "actor1" in m.evidence


def test_passive_agent_is_actor1(pipeline) -> None:
    m = first(pipeline, "On 4 March 2021, a farmer was shot dead by gunmen in Zamfara, Nigeria.")
    assert name(m.actor1) == "Unidentified Armed Group (Nigeria)"
    assert name(m.actor2) == "Civilians (Nigeria)"
    assert m.event_type == "Violence against civilians"


def test_repelled_attack_has_the_attacker_first(pipeline) -> None:
    m = first(
        pipeline,
        "On 3 March 2021, Afghan security forces repelled an attack by Taliban militants "
        "in Kunduz.",
    )
    assert name(m.actor1) == "Taliban"
    assert m.actor2 is not None and m.actor2.name.startswith("Military Forces of Afghanistan")


def test_actor_told_in_an_earlier_sentence(pipeline) -> None:
    m = next(
        x
        for x in pipeline.process(
            Article(
                text="On 2 March 2021, Kenyan police raided a house in Mombasa. "
                "Three men were arrested.",
                published=date(2021, 3, 10),
            )
        ).mentions
        if x.sub_event_type == "Arrests"
    )
    assert m.actor1 is not None and m.actor1.name.startswith("Police Forces of Kenya")


def test_violent_crowd_turns_a_protest_into_a_riot(pipeline) -> None:
    m = first(
        pipeline,
        "On 1 March 2021, residents protested in Valparaiso, Chile, over water cuts. "
        "They threw stones at the police and burned tyres.",
    )
    assert (m.event_type, m.sub_event_type) == ("Riots", "Violent demonstration")
    assert name(m.actor1) == "Rioters (Chile)"


def test_gang_style_killing_in_the_americas(pipeline) -> None:
    m = first(
        pipeline,
        "On 6 March 2021, in Celaya, Guanajuato, Mexico, armed men killed a man in a "
        "drive-by shooting.",
    )
    assert name(m.actor1) == "Unidentified Gang (Mexico)"


def test_front_line_fire_without_a_named_side(pipeline) -> None:
    m = first(
        pipeline,
        "On 7 March 2021, the OSCE SMM recorded 12 explosions involving mortars in both "
        "directions of the frontline near Avdiivka, Donetsk.",
    )
    assert m.actor1 is not None and m.actor1.name.startswith("Military Forces of Ukraine")
    assert "OSCE" not in name(m.actor1)


@pytest.mark.parametrize(
    ("actor", "country", "inter"),
    [
        (Actor("Military Forces of Turkey", 1, "Turkey"), "Syria", 8),
        (Actor("Military Forces of Turkey", 1, "Turkey"), "Turkey", 1),
        (Actor("Military Forces of the United States (2017-)", 1, "Somalia"), "Somalia", 8),
        (Actor("Military Forces of Artsakh (2007-)", 1, "Azerbaijan"), "Azerbaijan", 1),
        (Actor("Taliban", 2, "Afghanistan"), "Pakistan", 2),
    ],
)
def test_state_forces_abroad_are_external(actor: Actor, country: str, inter: int) -> None:
    out = _external(actor, country)
    assert out is not None and out.inter == inter
