"""The counts stage: fatalities and injuries tied to their event mention."""

from datetime import date
from pathlib import Path

import pytest

from conflictwire.doc import Doc
from conflictwire.model import Article
from conflictwire.nlp import load_nlp
from conflictwire.stages import counts, dates
from mentions import doc_with_mentions

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "kurdistan24-ali-sarai.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def run(nlp, text: str, triggers: list[str] | None = None) -> Doc:
    doc = doc_with_mentions(nlp, text, date(2021, 3, 9), triggers)
    dates.run(doc, None)
    return counts.run(doc, None)


@pytest.mark.parametrize(
    ("text", "fatalities", "injuries"),
    [
        ("Gunmen attacked a bus, killing two passengers and injuring five more.", 2, 5),
        ("Rebels attacked the village and killed at least 5 people.", 5, 0),
        ("Militants raided a farm and killed a man.", 1, 0),
        ("Gunmen stormed his house and killed him.", 1, 0),
        ("Two Somali citizens and four Kenyan citizens died in the crash.", 6, 0),
        ("Bandits attacked a market; 3 dead and 7 injured.", 3, 7),
        ("The explosion left two soldiers dead.", 2, 0),
        ("Fighters shelled the camp, killing twenty-one civilians.", 21, 0),
        ("Police said 1,200 people were displaced and dozens were killed.", 12, 0),
        ("Clashes erupted and between 5 to 7 people were killed.", 5, 0),
        ("Jets struck the base. No casualties were reported.", 0, 0),
        ("Jets struck the base, causing casualties.", 0, 0),
        ("Police recovered the bodies of 4 men near the river.", 4, 0),
        ("Troops clashed with rebels. 12 rebels and 3 soldiers were killed.", 15, 0),
        ("A 25-year-old man was shot dead 40 kilometers from the town.", 1, 0),
        ("Jets carried out 5 airstrikes and destroyed 2 excavators.", 0, 0),
        ("Residents protested against the killing of a student by police.", 0, 0),
        ("Gunmen attempted to kill a judge in the capital.", 0, 0),
        ("A mob stabbed a trader to death in the market.", 1, 0),
        # people named, set off from the verb by an apposition or a clause (read in the parse)
        ("Ahmed Ali Khan, 42, and Bilal Musa, 39, were shot dead in the market.", 2, 0),
        ("Judge Maria Lopez, a magistrate in the province, was assassinated in the city.", 1, 0),
        ("The soldiers, who were on patrol, were killed in an ambush.", 0, 0),
        ("Rebels killed the mayor of the town, as well as two farmers, in the north.", 3, 0),
    ],
)
def test_counts(nlp, text: str, fatalities: int, injuries: int) -> None:
    m = run(nlp, text).mentions[0]
    assert (m.fatalities, m.injuries) == (fatalities, injuries)


def test_evidence_is_the_phrase(nlp) -> None:
    m = run(nlp, "Gunmen attacked a post, killing two guards and injuring three more.").mentions[0]
    assert m.evidence["fatalities"].text == "killing two guards"
    assert m.evidence["injuries"].text.startswith("injuring three")


def test_counts_go_to_their_own_event(nlp) -> None:
    text = "Rebels attacked a town on Monday. Separately, police arrested 3 men, killing one."
    doc = run(nlp, text, ["attacked", "arrested"])
    assert [m.fatalities for m in doc.mentions] == [0, 1]


def test_no_counts_for_historical_events(nlp) -> None:
    text = "In June 2015, rebels attacked the town, killing 40 people."
    m = run(nlp, text, ["attacked"]).mentions[0]
    assert m.historical and m.fatalities == 0


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Gunmen attacked a farm and killed 4 herders.", 4),
        ("Militants shelled a camp, killing several fighters.", 3),
    ],
)
@pytest.mark.parametrize(
    "statement",
    [
        "Fatalities coded as 0.",
        "Unknown fatalities coded as 10.",
        "Fatalities split between 2 events.",
        "Total fatalities coded to 12.",
    ],
)
def test_coding_statements_are_not_read(nlp, text: str, fatalities: int, statement: str) -> None:
    # ACLED's coder statements are not news: the count comes from the report's own words
    assert run(nlp, text).mentions[0].fatalities == fatalities
    assert run(nlp, f"{text} {statement}").mentions[0].fatalities == fatalities


def test_no_mentions_no_counts(nlp) -> None:
    doc = Doc(article=Article(text="Two people were killed."), clean_text="Two people were killed.")
    assert counts.run(doc, None).mentions == []


@pytest.mark.skipif(not SEED.exists(), reason="reference article not available")
def test_reference_article(nlp) -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = doc_with_mentions(nlp, text, date(2019, 8, 12), ["attacked"])
    counts.run(dates.run(doc, None), None)
    m = doc.mentions[0]
    assert (m.fatalities, m.injuries) == (2, 2)
    assert m.evidence["fatalities"].text == "killing two members"
    assert m.evidence["injuries"].text == "injuring two more"


def test_a_tally_after_the_event_is_not_its_toll(nlp) -> None:
    text = ("Two factions of the group clashed in Lima on Monday. Shining Path, which operates "
            "with 5,000 armed men, has caused the death of 20,000 people.")  # fmt: skip
    assert run(nlp, text, ["clashed"]).mentions[0].fatalities == 0
    # the cue may follow the count: "240 deaths since April"
    text = ("A man was killed in Kanyosha on Sunday. The U.N. has cited at least 240 deaths "
            "since April.")  # fmt: skip
    assert run(nlp, text, ["killed"]).mentions[0].fatalities == 1
    # the toll told in the next sentence is the event's
    text = "Gunmen attacked a bus in Lima on Monday. Five passengers were killed."
    assert run(nlp, text, ["attacked"]).mentions[0].fatalities == 5
