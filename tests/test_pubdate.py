"""Publication dates in the forms feeds and pages write them (pubdate.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from conflictwire.ingest import InputError
from conflictwire.ingest import parse_published as ingest_parse
from conflictwire.pubdate import parse_published


@pytest.mark.parametrize(("written", "day"), [
    ("2020-05-09", date(2020, 5, 9)),
    ("2020-05-09T22:15:00Z", date(2020, 5, 9)),
    ("2016-12-17T23:30:00-05:00", date(2016, 12, 17)),  # the day written, not UTC's
    ("2016-12-17T23:30:00-0500", date(2016, 12, 17)),
    ("2016-12-17T16:45:00.123+01:00", date(2016, 12, 17)),
    ("2016-12-17 16:45 EST", date(2016, 12, 17)),
    ("Tue, 10 Jun 2003 04:00:00 GMT", date(2003, 6, 10)),
    ("Sat, 17 Dec 2016 23:30:00 -0500", date(2016, 12, 17)),
    ("10 Jun 2003 04:00 +0000", date(2003, 6, 10)),
    ("December 17, 2016 4:45 PM EST", date(2016, 12, 17)),
    ("December 17, 2016 4:45:51 EST PM", date(2016, 12, 17)),
    ("Saturday, December 17, 2016 - 16:45", date(2016, 12, 17)),
    ("17 Dec. 2016", date(2016, 12, 17)),
    ("  Dec 17, 2016  ", date(2016, 12, 17)),
])  # fmt: skip
def test_forms_feeds_and_pages_use(written, day):
    assert parse_published(written) == day
    assert ingest_parse(written) == day  # every reader goes through it


@pytest.mark.parametrize("written", [
    "yesterday", "2 days ago", "Monday", "December 17", "17 December", "now", "sometime",
    "09/05/2020", "17/12/2016", "1481993100", "may be soon",
])  # fmt: skip
def test_nothing_is_guessed_and_the_error_names_the_value(written):
    """No day is completed from today's date, and all-number dates are ambiguous."""
    with pytest.raises(InputError, match="is not an ISO date") as info:
        parse_published(written)
    assert repr(written) in str(info.value)


@pytest.mark.parametrize(("written", "why"), [
    ("2019-02-30", "impossible publication date '2019-02-30'"),
    ("2020-13-01", "impossible"),
    ("Sat, 31 Feb 2016 10:00:00 GMT", "impossible"),
    ("January 1, 1850", "outside 1900-2100"),
    ("Tue, 10 Jun 2103 04:00:00 GMT", "outside 1900-2100"),
    ("9999-12-31T23:59:59Z", "outside 1900-2100"),
])  # fmt: skip
def test_impossible_and_out_of_bounds_days(written, why):
    with pytest.raises(InputError, match=why):
        parse_published(written)


def test_empty_dates_and_objects():
    assert parse_published(None) is None and parse_published("  ") is None
    assert parse_published(date(2020, 1, 2)) == date(2020, 1, 2)
    aware = datetime(2020, 1, 2, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert parse_published(aware) == date(2020, 1, 2)
    with pytest.raises(InputError, match="not a string"):
        parse_published(20200102)
