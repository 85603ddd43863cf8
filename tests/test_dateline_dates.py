"""Publication dates read from a report's dateline or first line when the feed gives none."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import conflictwire
from conflictwire.doc import Doc
from conflictwire.model import Article
from conflictwire.nlp import load_nlp
from conflictwire.resources import Resources
from conflictwire.stages import clean, dates
from conflictwire.timex.published import find_published, two_digit_year
from mentions import doc_with_mentions

TODAY = date(2026, 6, 1)


def found(text: str, today: date = TODAY):
    doc = Doc(Article(text=text))
    m = clean.find_dateline(text, Resources(), Resources().boilerplate)
    spans = ()
    if m is not None:
        spans = tuple(m.span(g) for g in ("date", "sdate", "ddate") if m.groupdict().get(g))
    return find_published(doc.text, spans, m.end() if m else 0, today=today)


def cleaned(text: str, published: date | None = None) -> Doc:
    return clean.run(Doc(Article(text=text, published=published)), Resources())


@pytest.mark.parametrize(
    ("text", "day", "words", "where"),
    [
        ("LISBON, Oct 9 2017 (Harbour Wire) - Dockers walked out.", date(2017, 10, 9),
         "Oct 9 2017", "dateline"),
        ("SAN SALVADOR, 3 JAN 90 (RADIO CADENA) -- Rebels shelled a garrison.",
         date(1990, 1, 3), "3 JAN 90", "dateline"),
        ("TUNIS (AP) Jan. 5, 2004 -- Police broke up a sit-in.", date(2004, 1, 5),
         "Jan. 5, 2004", "dateline"),
        ("(AP) Jan. 5, 2004 -- Police broke up a sit-in at the port.", date(2004, 1, 5),
         "Jan. 5, 2004", "first line"),
        ("NAIROBI — 4 April 2018 — Traders shut their stalls.", date(2018, 4, 4),
         "4 April 2018", "dateline"),
        ("28 February 2016\nFarmers blocked the highway on Sunday.", date(2016, 2, 28),
         "28 February 2016", "first line"),
        ("Monday, March 14, 2016\nFarmers blocked the highway.", date(2016, 3, 14),
         "March 14, 2016", "first line"),
        ("12.08.2019 - Farmers blocked the highway on Sunday.", date(2019, 8, 12),
         "12.08.2019", "first line"),
        ("2016-03-14 Farmers blocked the highway on Sunday.", date(2016, 3, 14),
         "2016-03-14", "first line"),
        ("2016-03-14T08:15:00Z\nFarmers blocked the highway.", date(2016, 3, 14),
         "2016-03-14", "first line"),
        ("By Ana Ruiz | 28 February 2016 | 10:42 GMT\nFarmers blocked the highway.",
         date(2016, 2, 28), "28 February 2016", "first line"),
        ("Published: Sunday 13 March 2016\nFarmers blocked the highway.", date(2016, 3, 13),
         "13 March 2016", "first line"),
        ("Road protest widens\nUpdated 14 March 2016\nFarmers blocked the highway.",
         date(2016, 3, 14), "14 March 2016", "opening lines"),
        # a site's own label, the story's place and words right after the date on its line
        ("This story is from March 2, 2002 hyderabad: mobs attacked a police station on friday.",
         date(2002, 3, 2), "March 2, 2002", "first line"),
    ],
)  # fmt: skip
def test_each_form(text: str, day: date, words: str, where: str) -> None:
    p = found(text)
    assert p is not None and p.date == day and p.precision == 1
    assert text[p.start : p.end] == words and p.source == where


def test_a_sentence_date_is_an_events_not_the_reports() -> None:
    assert found("On 28 February 2016, farmers blocked the highway.") is None
    assert found("Farmers blocked the highway on 28 February 2016 near the port.") is None
    assert found("March 14, 2016, was the day farmers blocked the highway.") is None
    assert found("Farmers blocked the highway.") is None


def test_two_digit_years() -> None:
    assert two_digit_year(90, TODAY) == 1990
    assert two_digit_year(26, TODAY) == 2026
    assert two_digit_year(27, TODAY) == 1927
    assert two_digit_year(5, TODAY) == 2005
    p = found("QUITO, 7 MAR 05 (RADIO ANDES) -- Miners marched.")
    assert p is not None and p.date == date(2005, 3, 7)
    p = found("12.08.19 - Miners marched on Sunday.")
    assert p is not None and p.date == date(2019, 8, 12)


def test_day_and_month_without_a_year_give_no_date() -> None:
    text = "WASHINGTON, Feb 28 (Reuters) - Farmers blocked the highway on Sunday."
    p = found(text)
    assert p is not None and p.date is None and text[p.start : p.end] == "Feb 28"
    doc = cleaned(text)
    assert doc.extra["published"] is None and doc.extra["published_from"] is None
    assert doc.extra["published_unresolved"].text == "Feb 28"


def test_a_year_in_the_first_paragraph_dates_it_less_surely() -> None:
    text = (
        "WASHINGTON, Feb 28 (Reuters) - Farmers blocked the highway on Sunday, two weeks "
        "after talks broke down on Feb. 14, 2016, organisers said.\nIn 2011 a march failed."
    )
    p = found(text)
    assert p is not None and (p.date, p.precision) == (date(2016, 2, 28), 2)
    assert p.year_span is not None and text[slice(*p.year_span)] == "Feb. 14, 2016"
    # the dateline's day nearest to the date named ("Jan 3" after "Dec. 30, 2015")
    p = found("KABUL, Jan 3 (Reuters) - Talks that began on Dec. 30, 2015 went on.")
    assert p is not None and (p.date, p.precision) == (date(2016, 1, 3), 2)
    # a bare year in the headline before the dateline
    text = "Harvest Festival 2016 opens LIMA, March 14 (Andes Wire) - Farmers sold maize."
    p = found(text)
    assert p is not None and (p.date, p.precision) == (date(2016, 3, 14), 2)
    assert text[slice(*p.year_span)] == "2016"
    # a bare year in the body is too often another year's; a later paragraph is not read
    assert found("KABUL, Jan 3 (Reuters) - Talks on a 1990 law went on.").date is None
    assert found("KABUL, Jan 3 (Reuters) - Talks went on.\nThey began on 2 May 2015.").date is None


def test_future_and_implausible_dates_are_not_used() -> None:
    today = date.today()
    ahead = today + timedelta(days=40)
    text = f"KABUL, {ahead:%d %B %Y} (Reuters) - Talks went on."
    assert found(text, today) is None
    tomorrow = today + timedelta(days=1)
    assert found(f"KABUL, {tomorrow:%d %B %Y} (Reuters) - Talks.", today).date == tomorrow
    assert found("KABUL, 3 Jan 1850 (Reuters) - Talks went on.") is None
    # an implausible dateline date gives way to a header date
    p = found("12 March 2015\nKABUL, 3 Jan 1850 (Reuters) - Talks went on.")
    assert p is not None and p.date == date(2015, 3, 12)
    # a year from the paragraph that puts the day in the future is not taken
    later = f"KABUL, Dec 30 (Reuters) - Talks set for 2 January {TODAY.year + 1} went on."
    assert found(later).date is None


def test_clean_records_where_the_date_came_from() -> None:
    text = "SAN SALVADOR, 3 JAN 90 (RADIO CADENA) -- Rebels shelled a garrison."
    doc = cleaned(text)
    assert doc.dateline_place.text == "SAN SALVADOR" and doc.dateline_source == "RADIO CADENA"
    assert (doc.extra["published"], doc.extra["published_from"]) == (date(1990, 1, 3), "dateline")
    ev = doc.extra["published_evidence"]
    assert ev.text == "3 JAN 90" and text[ev.start : ev.end] == ev.text
    assert "JAN" not in doc.clean_text and len(doc.clean_text) == len(text)
    doc = cleaned("28 February 2016\nFarmers blocked the highway.")
    assert doc.extra["published_from"] == "first line"
    doc = cleaned("SAN SALVADOR, 3 JAN 90 (RADIO CADENA) -- Rebels.", published=date(1990, 1, 4))
    assert (doc.extra["published"], doc.extra["published_from"]) == (date(1990, 1, 4), "feed")
    assert doc.extra["published_evidence"] is None


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def dated(nlp, text: str, triggers: list[str]) -> Doc:
    doc = doc_with_mentions(nlp, text, None, triggers)
    clean.run(doc, Resources())
    return dates.run(doc, None)


def test_relative_dates_resolve_against_the_dateline(nlp) -> None:
    text = "SAN SALVADOR, 3 JAN 90 (RADIO CADENA) -- Rebels attacked a garrison yesterday."
    m = dated(nlp, text, ["attacked"]).mentions[0]
    assert (m.date, m.time_precision) == (date(1990, 1, 2), 1)
    assert m.evidence["event_date"].text == "yesterday"
    assert m.evidence["published"].text == "3 JAN 90"


def test_the_header_date_dates_the_report_not_the_event(nlp) -> None:
    text = "Monday, March 14, 2016\nFarmers blocked the highway near the port."
    m = dated(nlp, text, ["blocked"]).mentions[0]
    assert (m.date, m.time_precision) == (date(2016, 3, 14), 2)
    assert "event_date" not in m.evidence and m.evidence["published"].text == "March 14, 2016"


def test_a_weekday_after_a_labelled_date_is_the_day_before_it(nlp) -> None:
    text = ("This story is from March 2, 2002 hyderabad: frenzied mobs attacked the police "
            "station in the old city on friday.")  # fmt: skip
    m = dated(nlp, text, ["attacked"]).mentions[0]
    assert m.date == date(2002, 3, 1) and m.evidence["event_date"].text == "friday"


def test_a_day_after_the_report_dates_no_event(nlp) -> None:
    text = ("SAN SALVADOR, 3 JAN 90 (RADIO CADENA) -- Rebels attacked a garrison, and talks will "
            "resume on 20 January.")  # fmt: skip
    m = dated(nlp, text, ["attacked"]).mentions[0]
    assert m.date == date(1990, 1, 3) and "event_date" not in m.evidence


def test_a_year_from_elsewhere_makes_derived_dates_week_precision(nlp) -> None:
    text = (
        "LIMA, March 14 (Andes Wire) - Farmers blocked the highway on Sunday in the "
        "largest protest of 2016. Talks began on 2 March 2016."
    )
    doc = dated(nlp, text, ["blocked", "began"])
    blocked, began = doc.mentions
    # a full date's year is taken before a bare year's
    assert doc.extra["published_year_evidence"].text == "2 March 2016"
    assert (blocked.date, blocked.time_precision) == (date(2016, 3, 13), 2)
    assert blocked.evidence["published"].text == "March 14"
    assert (began.date, began.time_precision) == (date(2016, 3, 2), 1)  # its own year
    assert "published" not in began.evidence


def test_extract_end_to_end_without_a_feed_date() -> None:
    text = (
        "KABUL, March 14, 2016 (Wire Service) - Taliban gunmen attacked a police checkpoint "
        "in Kunduz province on Sunday, killing four policemen, officials said."
    )
    events = conflictwire.extract(text)
    attack = next(e for e in events if e.event_type == "Battles")
    assert (attack.event_date, attack.time_precision) == (date(2016, 3, 13), 1)
    assert attack.evidence["event_date"].text == "Sunday"
    pub = attack.evidence["published"]
    assert pub.text == "March 14, 2016" and text[pub.start : pub.end] == pub.text
    # the same report without the dateline's year: no date, never a guess
    undated = text.replace("March 14, 2016", "March 14")
    attack = next(e for e in conflictwire.extract(undated) if e.event_type == "Battles")
    assert attack.event_date is None and attack.time_precision is None
