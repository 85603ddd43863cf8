"""The dates stage: each mention gets the date of its clause, sentence or paragraph."""

from datetime import date
from pathlib import Path

import pytest

from conflictwire.doc import Doc
from conflictwire.nlp import load_nlp
from conflictwire.stages import dates
from mentions import doc_with_mentions

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "kurdistan24-ali-sarai.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def make_doc(nlp, text: str, published: date | None, triggers: list[str]) -> Doc:
    doc = doc_with_mentions(nlp, text, published, triggers)
    return dates.run(doc, None)


def test_clause_date_and_evidence(nlp) -> None:
    doc = make_doc(
        nlp, "On Sunday, gunmen attacked a bus near the border.", date(2021, 3, 9), ["attacked"]
    )
    m = doc.mentions[0]
    assert (m.date, m.time_precision, m.historical) == (date(2021, 3, 7), 1, False)
    assert m.evidence["event_date"].text == "Sunday"


def test_later_sentence_inherits_paragraph_date(nlp) -> None:
    text = "Militants stormed a village on 2 March 2021. They burned houses."
    doc = make_doc(nlp, text, date(2021, 3, 9), ["burned"])
    assert doc.mentions[0].date == date(2021, 3, 2)


def test_a_date_in_a_relative_clause_dates_no_later_sentence(nlp) -> None:
    # "the war, which began with the invasion in March 2003": the war's date, not the bombing's
    text = ("A car bomb exploded in Baghdad on Thursday. The blast came as attacks fell to the "
            "levels of the war, which began with the invasion in March 2003. The military said "
            "eight people were killed.")  # fmt: skip
    doc = make_doc(nlp, text, None, ["killed"])
    assert doc.mentions[0].date is None
    # told in a main clause, it still dates what follows it
    text = "The invasion began in March 2003. Eight people were killed."
    doc = make_doc(nlp, text, None, ["killed"])
    assert doc.mentions[0].date == date(2003, 3, 15)


def test_fallback_to_publication_week_precision(nlp) -> None:
    doc = make_doc(nlp, "Soldiers clashed with rebels in the hills.", date(2021, 3, 9), ["clashed"])
    m = doc.mentions[0]
    assert (m.date, m.time_precision) == (date(2021, 3, 9), 2)
    assert "event_date" not in m.evidence


def test_no_publication_date_no_guess(nlp) -> None:
    doc = make_doc(nlp, "Gunmen attacked a bus on Monday.", None, ["attacked"])
    m = doc.mentions[0]
    assert (m.date, m.time_precision) == (None, None)


def test_historical_and_vague(nlp) -> None:
    text = (
        "Rebels seized the town in June 2015. Later that year, the army retook it. "
        "Two men who were recently kidnapped were freed on Friday."
    )
    doc = make_doc(nlp, text, date(2021, 3, 9), ["seized", "retook", "kidnapped", "freed"])
    seized, retook, kidnapped, freed = doc.mentions
    assert seized.historical and seized.date == date(2015, 6, 15) and seized.time_precision == 3
    assert retook.historical and retook.date is None
    assert kidnapped.date is None and not kidnapped.historical
    assert freed.date == date(2021, 3, 5) and freed.time_precision == 1


@pytest.mark.skipif(not SEED.exists(), reason="reference article not available")
@pytest.mark.parametrize("published", [date(2019, 8, 12), date(2019, 8, 13)])
def test_reference_article(nlp, published: date) -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = make_doc(
        nlp,
        text,
        published,
        ["attacked", "overran", "proclaimed", "announced", "announced the conclusion"],
    )
    attack, overran, victory, rescue, operation = doc.mentions
    assert (attack.date, attack.time_precision) == (date(2019, 8, 12), 1)
    assert attack.evidence["event_date"].text == "early Monday"
    assert overran.historical and overran.date is not None and overran.date.year == 2017
    assert victory.historical
    assert rescue.date == date(2019, 8, 11)
    assert operation.date == date(2019, 8, 9)


def test_future_in_past_and_present_passive(nlp) -> None:
    pub = date(2019, 8, 14)  # a Wednesday
    said = "The party said it would boycott the vote on Monday."
    assert dates.tag_text(said, pub, nlp(said))[0].value == "2019-08-19"
    perfect = "He said he would have resigned on Monday."
    assert dates.tag_text(perfect, pub, nlp(perfect))[0].value == "2019-08-12"
    planned = "Rallies are planned this weekend."
    assert dates.tag_text(planned, pub, nlp(planned))[0].value == "2019-W33-WE"
    past = "Rallies were held this weekend."
    assert dates.tag_text(past, date(2019, 8, 19), nlp(past))[0].value == "2019-W33-WE"


def test_scheduled_in_present_passive_is_ahead(nlp) -> None:
    pub = date(2019, 2, 14)

    def value(text: str) -> str:
        return dates.tag_text(text, pub, nlp(text))[0].value

    assert value("The run-off is set for Nov. 3.") == "2019-11-03"
    assert value("A hearing is slated for October 21.") == "2019-10-21"
    assert value("The next instalment is due on Sept. 1.") == "2019-09-01"
    # a past clause keeps the latest such day
    assert value("The run-off was held on Nov. 3.") == "2018-11-03"


def test_a_scheduled_present_with_a_weekday_is_ahead(nlp) -> None:
    pub = date(2019, 8, 14)  # a Wednesday

    def value(text: str) -> str:
        return dates.tag_text(text, pub, nlp(text))[0].value

    assert value("The envoy arrives in Baghdad on Saturday.") == "2019-08-17"
    assert value("The deadline is Friday.") == "2019-08-16"
    # a verb of saying reports the day's news; a past verb nearby makes a past story
    assert value("The minister says Monday that talks failed.") == "2019-08-12"
    assert value("The index, which fell 2%, closes Monday at 400.") == "2019-08-12"


@pytest.mark.parametrize(
    ("text", "trigger", "weak"),
    [
        # a tally over years, or an event known only to its year: ACLED records neither
        ("Between 2007 and 2011, more than 500 drivers were killed.", "killed", True),
        ("A total of 18 drivers have been murdered in the region since 2012.", "murdered", True),
        ("So far in 2019, 300 people have been killed in the province.", "killed", True),
        # known to the month or the day: an event
        ("In March 2019 gunmen killed five people in the market.", "killed", False),
        ("Gunmen killed five people in the market on Monday.", "killed", False),
    ],
)
def test_an_event_known_only_to_its_year_is_set_aside(nlp, text, trigger, weak) -> None:
    (m,) = make_doc(nlp, text, None, [trigger]).mentions
    assert ("weak:years" in m.cues) is weak


def test_a_clock_time_is_no_year_that_sets_an_event_aside(nlp) -> None:
    # "at 1800" read as the year 1800 had set every kidnapping of the report aside
    text = (
        "The agents were freed on 27 August at 1800 in Grenada. "
        "They were kidnapped on 14 August."
    )
    kidnapped = make_doc(nlp, text, None, ["kidnapped"]).mentions[0]
    assert "weak:years" not in kidnapped.cues


@pytest.mark.parametrize(
    ("text", "historical"),
    [
        # no publication date: a report that dates a day of 2009 was written then or later
        ("On March 3, 2009, police reopened the case. A mob shot two farmers on July 25, 1946.",
         True),
        ("On March 3, 2009, police reopened the case. A mob shot two farmers on March 1, 2009.",
         False),
        # a year alone, or a date in the future, tells nothing of when the report was written
        ("The plan runs to 2030. A mob shot two farmers on July 25, 1946.", False),
    ],
)
def test_without_a_publication_date_the_latest_full_date_dates_the_report(
    nlp, text, historical
) -> None:
    (m,) = make_doc(nlp, text, None, ["shot"]).mentions
    assert m.historical is historical


@pytest.mark.parametrize(
    ("text", "historical"),
    [
        # news of its own days names the year only of what is past
        ("Gunmen killed an agent on Tuesday. Another was shot dead in Juarez in March 2010.",
         True),
        # without a day of its own too: with no publication date, a month told with its year
        # in the event's own sentence is what is past ("In May 2013, a dealer was executed")
        ("Another agent was shot dead in Juarez in March 2010.", True),
        # a day of that month still dates it
        ("Another agent was shot dead in Juarez on 3 March 2010.", False),
        # counted back a month or more from the unknown day of the report: past; not weeks
        ("Another agent was shot dead in Juarez three months ago.", True),
        ("Another agent was shot dead in Juarez last year.", True),
        ("Another agent was shot dead in Juarez two weeks ago.", False),
        # a month and year told in another sentence does not date the event
        ("Gunmen killed an agent on Tuesday. The gang grew in March 2010. Another was shot "
         "dead in Juarez.", False),
    ],
)  # fmt: skip
def test_news_of_its_own_days_names_the_year_only_of_the_past(nlp, text, historical) -> None:
    (m,) = make_doc(nlp, text, None, ["shot"]).mentions
    assert m.historical is historical


def test_a_year_that_names_a_thing_dates_no_other_event(nlp) -> None:
    text = ("Government troops raided the party's base, prompting Renamo to tear up a 1992 peace "
            "deal. A daily said six people were injured in the attack in Ancuabe.")  # fmt: skip
    m = make_doc(nlp, text, None, ["injured"]).mentions[0]
    assert m.date is None and "weak:years" not in m.cues
    # a year told as the event's own time still dates it
    text = "Rebels attacked the town in 1992. Six people were injured in the attack."
    m = make_doc(nlp, text, None, ["injured"]).mentions[0]
    assert "weak:years" in m.cues
