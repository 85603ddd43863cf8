"""The resolver: one object per text, turning each candidate into a ``Timex``.

It combines one mixin per family of expressions (``absolute``, ``periods``, ``relative``,
``clock``, ``durations``) over the shared reading state in ``context``; ``_DISPATCH`` names the
method that resolves each pattern kind.
"""

from __future__ import annotations

from conflictwire.timex.clock import _Clock
from conflictwire.timex.durations import _Durations
from conflictwire.timex.periods import _Periods
from conflictwire.timex.relative import _Relative


class _Resolver(_Periods, _Relative, _Clock, _Durations):
    """Every family's resolution methods over one text (see the modules of the mixins)."""


_DISPATCH = {
    "range_dmdm": "day_month", "range_mdmd": "day_month", "dmy": "day_month",
    "mdy": "day_month", "iso": "numeric", "numeric": "numeric", "month": "month",
    "year": "year", "weekday": "weekday", "relday": "relday", "relperiod": "relperiod",
    "ago": "ago", "anaphoric": "anaphoric", "vague": "vague", "time": "time",
    "duration": "duration", "set": "set_", "year_span": "year_span", "week_x": "week_x",
    "duration_bare": "duration_bare", "spelled_year": "spelled_year", "decade": "decade",
    "quarter": "quarter", "season": "season", "month_rel": "month_rel",
    "quarter_ana": "quarter_ana", "year_end": "year_end", "daypart": "daypart",
    "holiday": "holiday", "monthday": "month_day", "the_day": "the_day",
    "old_year": "old_year", "period_part": "period_part",
}  # fmt: skip
