"""The temporal tagger alone: no parse, resolution against a publication date."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwire.timex import latest_day, tag

MON_12 = date(2019, 8, 12)  # a Monday
TUE_13 = date(2019, 8, 13)


def one(text: str, published: date | None = TUE_13):
    found = [t for t in tag(text, published) if t.type in ("DATE", "TIME")]
    assert len(found) == 1, found
    return found[0]


def test_weekday_past_tense_is_latest_on_or_before_publication() -> None:
    assert one("Gunmen attacked a checkpoint early Monday.", MON_12).date == MON_12
    assert one("Gunmen attacked a checkpoint early Monday.", TUE_13).date == MON_12
    assert one("Police said on Friday they arrested two men.", TUE_13).date == date(2019, 8, 9)


def test_weekday_future_tense_is_the_next_one() -> None:
    assert one("The union will march on Friday.", TUE_13).date == date(2019, 8, 16)
    assert one("Talks are set to resume next Monday.", TUE_13).date == date(2019, 8, 19)


def test_deictic_days_and_periods() -> None:
    assert one("Two people died yesterday.").date == MON_12
    assert one("Rebels shelled the town last night.").date == MON_12
    week = one("Clashes erupted last week.")
    assert week.value == "2019-W32" and week.precision == 2
    month = one("Protests began earlier this month.")
    assert month.value == "2019-08" and month.precision == 3 and month.date <= TUE_13
    assert one("Fighting continued over the weekend.").precision == 2


def test_explicit_dates_in_many_formats() -> None:
    assert one("On 9 May 2020, militants attacked.").date == date(2020, 5, 9)
    assert one("The raid on Aug 12 left one dead.").date == MON_12
    assert one("It happened on 8/12/2019.").date == MON_12
    assert one("On 12 August 2019 police fired.").value == "2019-08-12"
    assert one("Clashes took place on August 12th, 2019.").date == MON_12


def test_ranges_months_and_years() -> None:
    r = one("Fighting on May 3-4 displaced hundreds.", date(2019, 5, 10))
    assert r.date == date(2019, 5, 3) and r.precision == 2
    m = one("Troops overran the city in October 2017.")
    assert m.value == "2017-10" and m.precision == 3 and m.date == date(2017, 10, 15)
    assert one("Strikes resumed at the end of May.", date(2019, 6, 20)).date == date(2019, 5, 31)
    assert latest_day(m) == date(2017, 10, 31)


def test_anaphora_uses_the_previous_date() -> None:
    found = tag(
        "Troops entered the city in October 2017. Later that year, the war ended. "
        "On 3 May 2018 a bomb exploded; the next day police arrested a suspect.",
        TUE_13,
    )
    values = [t.value for t in found]
    assert values == ["2017-10", "2017", "2018-05-03", "2018-05-04"]


def test_no_publication_date_means_no_guess() -> None:
    assert one("Gunmen attacked early Monday.", None).date is None
    assert one("Two people died yesterday.", None).date is None
    assert one("On 9 May 2020, militants attacked.", None).date == date(2020, 5, 9)


def test_non_dates_are_not_tagged() -> None:
    text = "It may be that 2 may march. They live on July 7 Street, near the 23 March Movement."
    assert [t for t in tag(text, TUE_13) if t.type == "DATE"] == []
    assert tag("A 25-year-old man and 1,200 people, 40 kilometers away.", TUE_13) == []


def test_recently_is_past_ref() -> None:
    assert one("Two men who were recently kidnapped were freed.").value == "PAST_REF"


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 /-.,MayJuneMondaylastweek yesterday\n")),
        max_size=80,
    )
    | st.text(max_size=80)
)
def test_tagger_never_raises_and_spans_match(text: str) -> None:
    for pub in (TUE_13, None):
        for t in tag(text, pub):
            assert text[t.start : t.end] == t.text
            assert t.type in ("DATE", "TIME", "DURATION", "SET")


def test_quarters_seasons_and_spelled_years() -> None:
    pub = date(1998, 11, 4)
    assert one("Profit rose in the third quarter.", pub).value == "1998-Q3"
    assert one("Sales fell in the fourth quarter of 1996.", pub).value == "1996-Q4"
    assert one("They met last summer.", pub).value == "1998-SU"
    assert one("The vote is due next spring.", pub).value == "1999-SP"
    assert one("It began in nineteen ninety-six.", pub).value == "1996"
    assert one("Prices peaked in the late 1970s.", pub).value == "197"
    assert one("Output grew in fiscal 1997.", pub).value == "1997"


def test_months_with_year_words_and_untensed_dates() -> None:
    pub = date(1998, 2, 19)
    assert one("Talks collapsed in June last year.", pub).value == "1997-06"
    assert one("Elections are planned this September.", pub).value == "1998-09"
    # no tense: a date soon after publication is the coming one, else the last one
    assert one("The dividend, payable March 15, was declared.", pub).value == "1998-03-15"
    assert one("Shares, priced Dec. 10, rose.", pub).value == "1997-12-10"


def test_times_of_day_are_anchored() -> None:
    t = one("The blast came at 10 p.m. Monday.", TUE_13)
    assert t.type == "TIME" and t.value == "2019-08-12T22:00"
    assert one("Police fired this morning.", TUE_13).value == "2019-08-13TMO"
    assert one("The curfew starts at 9:30 p.m.", TUE_13).value == "2019-08-13T21:30"


def test_vague_and_counts() -> None:
    assert one("The army now controls the road.").value == "PRESENT_REF"
    assert one("Peace may come in the near future.").value == "FUTURE_REF"
    assert [t for t in tag("About 1990 people fled.", TUE_13) if t.type == "DATE"] == []
    assert one("Riots erupted in 1990.").value == "1990"


def test_deadlines_are_the_coming_date_whatever_the_tense() -> None:
    pub = date(2019, 11, 2)

    def past(start: int, end: int) -> str:
        return "past"

    text = "The army extended the curfew until Nov. 20."
    assert tag(text, pub, past)[0].value == "2019-11-20"
    assert tag("Rebels were told to leave by February.", pub, past)[0].value == "2020-02"
    # a past-tense date without a deadline word stays in the past
    assert tag("Rebels shelled the town on Nov. 20.", pub, past)[0].value == "2018-11-20"
    assert one("The ministry said it had closed the border by year-end.", pub).value == (
        "2019-12-31"
    )
    assert one("Prices have doubled since year-end.", pub).value == "2018-12-31"


def test_quarter_anaphora_and_year_ago_comparisons() -> None:
    pub = date(2019, 11, 2)
    found = tag(
        "Profit rose in the third quarter. It expects a better fourth quarter. Sales in the "
        "latest period were $5 million, up from $4 million in the year-ago quarter.",
        pub,
    )
    assert [t.value for t in found] == ["2019-Q3", "2019-Q4", "2019-Q3", "2018-Q3"]
    assert one("Net income fell in the quarter.", pub).value == "2019-Q3"
    found = tag("There are 13 sites, up from seven a year ago and five a year earlier.", pub)
    assert [t.value for t in found] == ["2018", "2018"]


def test_weekdays_and_nights_relative_to_the_day_in_focus() -> None:
    mon = date(2019, 8, 12)
    text = "Shares fell on Friday after overnight losses, down 3% from the previous Friday."
    assert [t.value for t in tag(text, mon)] == ["2019-08-09", "2019-08-08TNI", "2019-08-02"]
    assert one("Gunmen attacked the village two weeks ago.", mon).value == "2019-07-29"


def test_a_bare_year_does_not_govern_the_next_sentence() -> None:
    pub = date(2019, 10, 30)
    found = tag("It grew fast after 1980. In September, it bought a rival.", pub)
    assert [t.value for t in found] == ["1980", "2019-09"]


def timex(text: str, published: date | None = TUE_13, types=("DURATION", "SET")):
    return [(t.text, t.value) for t in tag(text, published) if t.type in types]


def test_durations_get_timeml_values() -> None:
    assert timex("Talks lasted for three months.") == [("three months", "P3M")]
    assert timex("He served two years in jail.") == [("two years", "P2Y")]
    assert timex("The siege lasted 5 hours.") == [("5 hours", "PT5H")]
    assert timex("a 1-day strike") == [("1-day", "P1D")]
    assert timex("It could take a couple of years.") == [("a couple of years", "P2Y")]
    assert timex("Fighting went on for several months.") == [("several months", "PXM")]
    assert timex("Prices rose over the past three months.") == [("the past three months", "P3M")]
    assert timex("after decades of war") == [("decades", "PXDE")]
    assert timex("in the past two decades") == [("the past two decades", "P20Y")]
    assert timex("Refugees stayed 2 1/2 years.") == [("2 1/2 years", "P2Y6M")]
    assert timex("within the next 12 to 18 months") == [("the next 12 to 18 months", "PXM")]
    assert timex("a 30-year bond and the last twenty-four hours") == [
        ("30-year", "P30Y"),
        ("the last twenty-four hours", "PT24H"),
    ]


def test_durations_leave_dates_alone() -> None:
    # "ago"/"later" make a date; "a quarter of" and "a second" are not durations
    assert timex("Two years ago and three days later.") == []
    assert timex("A quarter of the vote went to a second candidate.") == []
    assert one("Two years ago the town fell.", TUE_13).value == "2017"


def test_sets_get_timeml_values() -> None:
    assert timex("Patrols run every week.") == [("every week", "P1W")]
    assert timex("Curfew is enforced daily.") == [("daily", "P1D")]
    assert timex("The council meets annually.") == [("annually", "P1Y")]
    assert timex("Guards are changed twice a day.") == [("twice a day", "P1D")]
    assert timex("Flights leave every other week.") == [("every other week", "P2W")]
    assert timex("Markets close on Tuesday nights.") == [("Tuesday nights", "XXXX-WXX-2TNI")]
    assert timex("Four flights a week; $2 million a year.") == [
        ("a week", "P1W"),
        ("a year", "P1Y"),
    ]
    assert timex("Victory came within a week.") == [("a week", "P1W")]
    assert [t.type for t in tag("within a week")] == ["DURATION"]


def test_vague_future_and_year_long_periods() -> None:
    assert timex("Peace will one day return.", types=("DATE",)) == [("one day", "FUTURE_REF")]
    assert timex("Profit for the year ended June 30 rose.", types=("DURATION",)) == [
        ("the year", "P1Y")
    ]


def test_spelled_years_join_a_month_or_season() -> None:
    assert one("January nineteen ninety-seven. Atlanta again.").value == "1997-01"
    assert one("prices seen in the winter of nineteen ninety-four").value == "1994-WI"


def test_a_day_month_just_after_publication_is_not_last_years() -> None:
    # past tense, but ten days after publication: that date, not a year earlier
    assert one("The board set Aug. 23 as the deadline.", TUE_13).value == "2019-08-23"
    assert one("The board met on Aug. 3.", TUE_13).value == "2019-08-03"


def test_quarters_weekends_and_from_now() -> None:
    assert one("Sales will rise next quarter.").value == "2019-Q4"
    assert one("Sales fell last quarter.").value == "2019-Q2"
    assert one("Riots broke out last weekend.", MON_12).value == "2019-W32-WE"
    assert one("Riots broke out last weekend.", date(2019, 8, 15)).value == "2019-W32-WE"
    assert one("Elections are due two years from now.").value == "2021"
    assert one("Profit fell in the previous month.").value == "2019-07"


def test_vague_counts_ago_are_vague_but_dated_roughly() -> None:
    t = one("The camp was set up several years ago.")
    assert t.value == "PAST_REF" and t.date is not None and t.date.year == 2016
    d = one("Fighters left a few days ago.")
    assert d.value == "PAST_REF" and d.date == date(2019, 8, 10) and d.precision == 2
    assert one("Fighters left three days ago.").value == "2019-08-10"


def test_clock_times_keep_their_zone_and_join_a_day() -> None:
    t = one("The offer expires at 5 p.m. EST Aug. 30.")
    assert t.text == "5 p.m. EST Aug. 30" and t.value == "2019-08-30T17:00"
    assert one("Shelling began at 0400 GMT on Monday.").value == "2019-08-12T04:00"
    assert one("In 1990 GMT was the standard.").value == "1990"


def test_record_dates_and_quarters_of_a_named_year() -> None:
    assert one("It is payable to holders of record Sept. 2.", date(2019, 8, 20)).value == (
        "2019-09-02"
    )
    assert one("Sales may fall in the first quarter of next year.").value == "2020-Q1"
    text = "Profit rose in the third quarter. It fell in the same period last year."
    assert [t.value for t in tag(text, date(2019, 11, 5))] == ["2019-Q3", "2018-Q3"]


def test_parts_of_the_day_follow_the_story_day_across_paragraphs() -> None:
    text = "Markets fell on Friday.\n\nDealers placed orders in the morning."
    assert [t.value for t in tag(text, TUE_13)] == ["2019-08-09", "2019-08-09TMO"]


WED_1998 = date(1998, 3, 11)


def values(text: str, published: date | None = WED_1998) -> list[str]:
    return [t.value for t in tag(text, published) if t.type in ("DATE", "TIME")]


def test_short_and_spelled_decades() -> None:
    assert values("Prices rose in the early '90s.") == ["199"]
    assert values("Prices rose in the 80s.") == ["198"]
    assert values("Prices rose in the nineties.") == ["199"]
    assert values("Prices rose in the early nineteen-nineties.") == ["199"]
    assert values("Fashion from the twenties is back.", date(2019, 8, 12)) == ["192"]
    assert values("Fashion from the 20s is back.", date(2031, 1, 1)) == ["202"]
    assert values("She is in her 30s.") == []  # an age, not a decade


def test_relative_centuries_and_decades_ago() -> None:
    assert values("Prices rose last century.") == ["18"]
    assert values("Prices will rise in the next century.") == ["20"]
    assert values("Prices rose a decade ago.") == ["1988"]
    assert values("Prices rose two decades ago.") == ["1978"]
    assert values("Prices rose the year before last.") == ["1996"]


def test_fiscal_years_and_the_year_n() -> None:
    assert values("Sales rose in fiscal year 1997.") == ["1997"]
    assert values("Sales rose in the 1996 fiscal year.") == ["1996"]
    assert values("Sales rose in FY97.") == ["1997"]
    assert values("Sales will rise in FY02.", date(2001, 5, 1)) == ["2002"]
    assert values("Computers may fail in the year 2000.") == ["2000"]


def test_more_vague_references() -> None:
    assert values("Prices rose in recent weeks and months.") == ["PAST_REF"]
    assert values("Prices will stay low for the foreseeable future.") == ["FUTURE_REF"]
    assert values("Prices are high at the moment.") == ["PRESENT_REF"]
    assert values("Prices were low in those days.") == ["PAST_REF"]
    assert values("The plant closed some time ago.") == ["PAST_REF"]


def test_seasons_and_halves_with_year_words() -> None:
    assert values("Talks resume in the spring of next year.") == ["1999-SP"]
    assert values("Sales fell in the first half of the year.") == ["1998-H1"]
    assert values("Sales fell in the year's first half.") == ["1998-H1"]
    assert values("Sales rose in the September quarter.", date(1989, 10, 26)) == ["1989-Q3"]


def test_holidays() -> None:
    assert values("Shops were shut on Christmas Day.") == ["1997-12-25"]
    assert values("Shops will shut on Christmas Eve.") == ["1998-12-24"]
    assert values("Markets closed for Thanksgiving.", date(1989, 11, 27)) == ["1989-11-23"]
    assert values("Protesters marched on Easter Sunday.", date(2019, 5, 1)) == ["2019-04-21"]
    assert values("Rallies were held on Good Friday.", date(2019, 5, 1)) == ["2019-04-19"]
    assert values("Crops are planted in may day by day.") == []  # not a capitalised name


def test_progressive_present_weekday_is_the_coming_one() -> None:
    found = tag("The council is meeting Friday.", WED_1998, lambda s, e: "present")
    assert [t.value for t in found] == ["1998-03-13"]


def test_a_longer_match_starting_inside_another_is_not_hidden() -> None:
    import re

    from conflictwire.resources import load_yaml
    from conflictwire.timex import TimeLexicon, _candidates

    lex = TimeLexicon(load_yaml("time.yaml"))
    lex.patterns = [("vague", re.compile(r"\bin recent weeks\b|\brecent weeks and months\b"))]
    found = _candidates("in recent weeks and months", lex)
    assert [(c.start, c.end) for c in found] == [(3, 26)]


def test_a_match_that_does_not_resolve_gives_way_to_those_it_hid() -> None:
    # "at least the first two quarters" is no duration ("quarters of 1990"): the quarter wins
    text = "Losses will last through at least the first two quarters of 1990."
    assert values(text, date(1989, 10, 26)) == ["1990-H1"]
    assert [t.type for t in tag("Exports make up three-quarters of the output.", WED_1998)] == []


def test_race_times_are_no_clock_times() -> None:
    assert values("He won the marathon in 2:11:54 last year.") == ["1997"]


def test_month_or_year_before_agreement_is_a_date_but_a_full_date_is_a_name() -> None:
    assert values("It sold itself under a June agreement.", date(1989, 10, 27)) == ["1989-06"]
    assert values("They cited the 17 May Agreement.") == []
    assert values("They signed the 1994 accord.") == ["1994"]


def test_then_current_is_a_past_reference() -> None:
    assert values("Holders may buy shares at half the then current market price.") == ["PAST_REF"]


def test_a_later_day_month_in_the_same_sentence_keeps_the_year_of_the_earlier() -> None:
    text = "New flights start from March 30, with the third one leaving from August 6."
    assert values(text, date(1998, 2, 13)) == ["1998-03-30", "1998-08-06"]
    # listed out of order and far apart: each is dated on its own
    text = "The dividend is payable Jan. 2 to stock of record Dec. 15."
    assert values(text, date(1989, 11, 2)) == ["1990-01-02", "1989-12-15"]


def test_couple_and_countless_units_ago() -> None:
    assert values("They met a couple of years ago.") == ["1996"]
    assert values("They met years ago.") == ["PAST_REF"]
    assert values("Rebels left the town days ago.") == ["PAST_REF"]


def test_two_digit_years_take_the_century_of_publication() -> None:
    assert values("They met on 1/4/98.", date(1998, 4, 15)) == ["1998-04-01"]
    assert values("They met on 12/4/89.", date(1989, 12, 20)) == ["1989-12-04"]
    assert values("The deal closed in '97.") == ["1997"]
    assert values("The deal closed in Sept. '97.") == ["1997-09"]
    assert values("He said '97 was a good year.") == []


def test_early_hours_of_a_day_are_no_duration() -> None:
    found = tag("Rebels attacked in the early hours of Tuesday.", WED_1998)
    assert [(t.type, t.value) for t in found] == [("DATE", "1998-03-10")]
    assert [t.type for t in tag("They met after hours of talks.", WED_1998)] == ["DURATION"]


def test_day_of_a_named_week() -> None:
    # TUE_13 is in the week of Monday 12 August 2019
    assert one("The envoy arrived on Monday of last week.").value == "2019-08-05"
    assert one("The talks will open on Friday of next week.").value == "2019-08-23"
    t = tag(
        "Rebels took the town on 2 May 2019. They left on Tuesday of the following week.", TUE_13
    )
    assert t[-1].text == "Tuesday of the following week" and t[-1].value == "2019-05-07"


def test_bare_day_of_the_month() -> None:
    assert one("The checkpoint was attacked on the 9th.").value == "2019-08-09"
    assert one("The checkpoint was attacked on the 20th.").value == "2019-07-20"
    assert one("The council will vote on the 20th.").value == "2019-08-20"
    t = tag("Strikes began in March 2018 and ended on the 14th.", TUE_13)
    assert t[-1].text == "the 14th" and t[-1].value == "2018-03-14"
    assert [x for x in tag("He lives on the 13th floor.", TUE_13) if x.type == "DATE"] == []


def test_days_sharing_a_month_are_each_dated() -> None:
    t = tag("Rallies were held on April 1, 2 and 3.", TUE_13)
    assert [(x.text, x.value) for x in t] == [
        ("April 1", "2019-04-01"),
        ("2", "2019-04-02"),
        ("3", "2019-04-03"),
    ]
    t = tag("Rallies on 5 and 6 May 2018 turned violent.", TUE_13)
    assert [(x.text, x.value) for x in t] == [("5", "2018-05-05"), ("6 May 2018", "2018-05-06")]
    # "between" makes it one range
    assert one("Fighting raged between May 5 and 6.").text == "May 5 and 6"


def test_coming_weekend() -> None:
    assert one("Traders sold ahead of the weekend.").value == "2019-W33-WE"
    assert one("Fighting continued over the weekend.").value == "2019-W32-WE"
    assert one("Protests are expected this weekend.").value == "2019-W33-WE"


def test_quarter_ended_names_the_calendar_quarter() -> None:
    t = tag("Profit in the quarter ended Sept. 30 fell.", date(1989, 10, 26))
    assert (t[0].text, t[0].value) == ("the quarter", "1989-Q3")
    t = tag("Sales in the quarter ended March 31, 1990 rose.", date(1990, 8, 2))
    assert t[0].value == "1990-Q1"


def test_spelled_ordinal_days_as_transcripts_write_them() -> None:
    t = one("The ceasefire began on July twenty-first.")
    assert (t.text, t.value) == ("July twenty-first", "2019-07-21")
    t = one("Voting ended on the third of August.")
    assert (t.text, t.value) == ("the third of August", "2019-08-03")
    assert one("Rallies were held on August second, 2018.").value == "2018-08-02"
    # an ordinal that is not a day of a month is left alone
    assert [x.value for x in tag("She came second in March.", TUE_13)] == ["2019-03"]
    assert all(x.value != "2019-03-02" for x in tag("In the March second round, he won.", TUE_13))


def test_latest_fiscal_year_and_prior_year_periods() -> None:
    pub = date(1995, 11, 2)
    t = tag("Sales were $2 billion in the latest fiscal year.", pub)
    assert (t[0].text, t[0].value) == ("the latest fiscal year", "1994")
    assert tag("Costs will fall next fiscal year.", pub)[0].value == "1996"
    t = tag("Profit rose 5% from the prior-year quarter.", pub)
    assert (t[0].text, t[0].value) == ("the prior-year quarter", "1994-Q3")


def test_anaphoric_part_of_day_is_a_time() -> None:
    found = tag("Rebels seized the airport on 3 March 2019. That evening, jets struck.", TUE_13)
    assert [(t.type, t.value) for t in found][1] == ("TIME", "2019-03-03TEV")
    found = tag("Rebels seized the airport on 3 March 2019. The following afternoon they left.")
    assert (found[1].type, found[1].value, found[1].date) == ("TIME", "2019-03-04TAF",
                                                             date(2019, 3, 4))  # fmt: skip
    # with no day before, the publication day
    assert one("The next morning, residents fled.").value == "2019-08-14TMO"


def test_part_of_a_named_day() -> None:
    t = one("Clashes erupted on the night of 9 August 2019.")
    assert (t.text, t.type, t.value) == ("the night of 9 August 2019", "TIME", "2019-08-09TNI")
    assert one("Talks ended on the morning of Aug. 2.").value == "2019-08-02TMO"


def test_centuries_in_words_and_digits() -> None:
    assert one("The twenty-first century will be different.").value == "20"
    assert one("Borders drawn in the nineteenth century remain.").value == "18"
    assert one("A 20th century relic.").value == "19"


def test_the_day_in_focus() -> None:
    t = one("Earlier in the day, police fired tear gas.")
    assert (t.text, t.value) == ("the day", "2019-08-13")
    found = tag("Voting began on 9 August 2019. Later in the day, polls closed.", TUE_13)
    assert found[1].value == "2019-08-09"
    assert tag("It was the day's worst attack.", TUE_13) == []


def test_dotted_dates_are_day_first_and_quarters_short() -> None:
    assert one("The attack took place on 12.08.2019.").value == "2019-08-12"
    assert one("The attack took place on 08.12.2019.").value == "2019-12-08"
    assert one("Sales rose in Q2.").value == "2019-Q2"
    assert one("Sales will rise in Q4.").value == "2019-Q4"


def test_weekday_of_a_named_week_and_clock_words() -> None:
    assert one("The army withdrew on Tuesday last week.").value == "2019-08-06"
    assert one("The blast occurred at 9 o'clock.").value == "2019-08-13T09:00"
    assert one("The blast occurred at nine o'clock p.m.").value == "2019-08-13T21:00"


def test_each_month_is_a_set_but_not_a_modal() -> None:
    sets = [t for t in tag("Pilgrims come each March.", TUE_13) if t.type == "SET"]
    assert [(t.text, t.value) for t in sets] == [("each March", "XXXX-03")]
    assert not any(t.text.lower() == "each may" for t in tag("Each may vote twice.", TUE_13))


def test_names_and_counts_are_not_times() -> None:
    assert tag("Shares closed at 1998 yen.", TUE_13) == []
    assert tag("Shells hit the Summer Palace.", TUE_13) == []
    assert tag("The Spring Festival began.", TUE_13) == []
    assert tag("The Monday Club met.", TUE_13) == []
    prayers = tag("The Friday prayers were cancelled.", TUE_13)
    assert [(t.text, t.type) for t in prayers] == [("Friday", "DATE")]


def test_year_end_possessive() -> None:
    t = one("The mandate expires at year's end.")
    assert (t.text, t.value) == ("year's end", "2019-12-31")


def test_end_month_and_a_month_that_is_over() -> None:
    assert one("Debt will peak by end-March.").value == "2020-03"
    assert one("Debt peaked at end-2018.").value == "2018"
    feb = date(2019, 2, 25)  # March starts within days, but a past clause means last March
    found = tag("Clashes erupted in March.", feb, lambda s, e: "past")
    assert [t.value for t in found] == ["2018-03"]
    found = tag("Clashes will erupt in March.", feb, lambda s, e: "future")
    assert [t.value for t in found] == ["2019-03"]


def test_ordinal_day_of_month_keeps_its_article() -> None:
    t = one("The attack took place on the 12th of August 2019.")
    assert (t.text, t.value) == ("the 12th of August 2019", "2019-08-12")


def vals(text: str, published: date | None = TUE_13, tense=None) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, published, tense) if t.type in ("DATE", "TIME")]


def test_old_years_need_a_cue_word() -> None:
    assert vals("The treaty was signed in 1648.") == [("1648", "1648")]
    assert vals("The city has been walled since 1453.") == [("1453", "1453")]
    assert vals("The town was founded in 1500 BC.") == []
    assert vals("Police fired 1648 rounds.") == []
    assert vals("The index rose to 1648 points.") == []


def test_year_ranges_are_two_years() -> None:
    assert vals("During the 1992-95 war, thousands died.") == [("1992", "1992"), ("95", "1995")]
    assert vals("The 1992-1995 war ended.") == [("1992", "1992"), ("1995", "1995")]
    assert vals("The 1998-02 plan ended.") == [("1998", "1998"), ("02", "2002")]


def test_day_and_month_ranges_are_two_dates() -> None:
    assert vals("The strike lasted from Feb. 1 to March 5.") == [
        ("Feb. 1", "2019-02-01"),
        ("March 5", "2019-03-05"),
    ]
    assert vals("Exports rose in the January-June period.", tense=lambda s, e: "past") == [
        ("January", "2019-01"),
        ("June", "2019-06"),
    ]
    # a range that ends in a month still to come, in a past clause: last year's
    assert vals("Output fell from March to October.", TUE_13, lambda s, e: "past") == [
        ("March", "2018-03"),
        ("October", "2018-10"),
    ]


def test_parts_of_the_period_in_focus() -> None:
    assert vals("Troops will leave by the end of the month.") == [
        ("the end of the month", "2019-08")
    ]
    assert vals("Debt will double by the end of the decade.") == [("the end of the decade", "201")]
    assert vals("Growth slowed by mid-decade.") == [("mid-decade", "201")]


def test_titles_and_counted_periods_are_not_times() -> None:
    assert vals("He watched The Day After Tomorrow on DVD.") == []
    assert vals("Shares fell in the past three sessions.") == []
    assert vals("Prices were low in the past.") == [("in the past", "PAST_REF")]


def test_more_holidays_and_vague_pasts() -> None:
    assert vals("Voters went to the polls on Election Day.", date(2018, 11, 20)) == [
        ("Election Day", "2018-11-06")
    ]
    assert vals("The bomb went off a few minutes ago.") == [("a few minutes ago", "PAST_REF")]
    assert vals("A short time ago, he spoke.") == [("A short time ago", "PAST_REF")]


def test_a_bare_month_with_a_determiner_or_possessive() -> None:
    assert vals("January's jobs report was strong.", date(2019, 2, 20)) == [("January", "2019-01")]
    assert vals("The December figure was revised.", date(2019, 2, 20)) == [("December", "2018-12")]
    assert vals("The March on Washington drew crowds.") == []


def test_the_week_or_month_in_focus() -> None:
    assert vals("Fighting escalated earlier in the week.") == [("the week", "2019-W33")]
    assert vals("The report will be out later in the month.") == [("the month", "2019-08")]


def test_a_half_of_a_month_is_no_half_year() -> None:
    assert vals("Sales rose in the first half of this month.") == [("this month", "2019-08")]
    assert vals("Sales rose in the first half of the year.")[0][1] == "2019-H1"


def test_war_names_and_counted_things_are_not_times() -> None:
    assert vals("The Six-Day War began.") == []
    assert vals("The plane carried 1812 passengers.") == []
    assert vals("The law dates to 1789.") == [("1789", "1789")]


def test_clock_times_with_a_part_of_the_day_or_hours() -> None:
    assert vals("The rally starts at eight o'clock tonight.") == [
        ("eight o'clock tonight", "2019-08-13T20:00")
    ]
    assert vals("The train left at 7:45 this morning.") == [
        ("7:45 this morning", "2019-08-13T07:45")
    ]
    assert vals("The shooting began at 1700 hours.") == [("1700 hours", "2019-08-13T17:00")]
    assert [t.type for t in tag("He logged 1200 hours of flight.", TUE_13)] == ["DURATION"]


def test_old_year_cue_before_a_clock_time() -> None:
    assert vals("The curfew lasts until 1700 GMT.") == [("1700 GMT", "2019-08-13T17:00")]
    assert vals("Shelling continued since 1600 hours.")[0][1] != "1600"


def test_iso_date_with_a_clock_time() -> None:
    found = tag("Posted 2016-03-14T08:15:00Z by the newsroom.", None)
    assert found[0].text == "2016-03-14" and found[0].date == date(2016, 3, 14)


def test_a_military_clock_time_after_at_is_no_year() -> None:
    # wire copy writes its times so: "released on 27 August at 1800 in Grenada"
    t = one("The agents were released at 1800 in Grenada.", None)
    assert t.type == "TIME" and t.value == "XXXX-XX-XXT18:00"
    assert one("Rebels attacked the base at 2340 on Sunday.", TUE_13).value == "2019-08-11T23:40"
    # not a clock: a year after "in", minutes past 59, a level
    assert one("The town fell in 1800.", None).value == "1800"
    assert one("Prices stood at 1998 levels.", None).value == "1998"
