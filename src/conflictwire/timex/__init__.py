"""A rule-based temporal tagger: TIMEX3-style time expressions, resolved against a report's date.

``tag(text, published, tense)`` finds dates ("12 August 2019", "Aug 12", "8/12/2019", "May 3-4",
"in October 2017"), deictic expressions ("yesterday", "early Monday", "last week", "the weekend"),
anaphoric ones ("the next day", "later that year": resolved from the previous date in the text),
vague ones ("recently" -> PAST_REF), times, durations and sets. Word lists live in
``data/time.yaml``; the patterns are built from them once per process.

A weekday is resolved with the tense of its clause: in a past-tense clause it is the latest such
day on or before publication, in a future-tense clause the next one. ``tense`` is a callable
``(start, end) -> "past" | "present" | "future"``; without one a cue-word heuristic is used.

Values follow TimeML (TIMEX3): DATE ``2019-08-12``, ``2019-08``, ``2019``, ``2019-W33``,
``2019-Q3``, ``2019-SU``, ``199`` (a decade), ``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``; TIME
``2019-08-12T17:00`` or ``2019-08-12TEV`` (a part of the day); DURATION ``P3Y``, ``PXW``; SET
``XXXX-WXX-5``, ``P1D``. Each ``Timex`` also carries the day it stands for and the ACLED time
precision it supports (1 day, 2 week, 3 month).

Where things live:

- ``tagger``: ``tag`` itself (candidate matching, the left-to-right loop, span tidying);
- ``lexicon``: ``TimeLexicon``, the word lists and the compiled patterns, in priority order;
- ``tense``: ``TenseFn`` and the cue-word ``heuristic_tense``;
- ``days``: date arithmetic and calendar facts (holidays, Easter, ISO weeks, ``latest_day``);
- ``resolver``: ``_Resolver``, one mixin per family of expressions over the shared state of
  ``context``: ``absolute`` (explicit dates, months, years, decades), ``periods`` (quarters,
  seasons, holidays, year-end), ``relative`` (weekdays, "yesterday", "last week", "N days ago",
  anaphora), ``clock`` (times and parts of the day), ``durations`` (vague references, durations,
  sets).
"""

from conflictwire.timex.days import holiday_date, latest_day
from conflictwire.timex.lexicon import TimeLexicon
from conflictwire.timex.tagger import _candidates, tag
from conflictwire.timex.tense import TenseFn, heuristic_tense

__all__ = [
    "TenseFn",
    "TimeLexicon",
    "_candidates",
    "heuristic_tense",
    "holiday_date",
    "latest_day",
    "tag",
]
