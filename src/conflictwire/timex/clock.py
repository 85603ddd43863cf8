"""Times of day: clock times ("5 p.m.", "0900 GMT", "noon") on the day in focus, and parts of
the day ("in the morning") as TimeML TIME values (``<day>T<part>``)."""

from __future__ import annotations

from conflictwire.doc import Timex
from conflictwire.timex.context import _Context
from conflictwire.timex.lexicon import _Cand


class _Clock(_Context):
    """Clock times and parts of the day."""

    def daypart(self, c: _Cand) -> Timex | None:
        if self.pub is None:
            return None
        return self._day_timex(c, self._story_day(c), c.m.group("part").lower())

    def time(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        ref = self.ref.date if self.ref is not None and self.ref.precision == 1 else None
        day = ref or self.pub
        anchor = day.isoformat() if day else "XXXX-XX-XX"
        if g.get("noon"):
            hm = "24:00" if g["noon"].lower() == "midnight" else "12:00"
            return self.make(c, "TIME", f"{anchor}T{hm}", day, 1 if day else None)
        h = int(g["h"]) if g["h"].isdigit() else self.lex.data["clock_hours"][g["h"].lower()]
        ap = (g.get("ap") or "").lower()
        if ap.startswith("p") and h < 12:
            h += 12
        elif ap.startswith("a") and h == 12:
            h = 0
        if h > 23:
            return None
        value = f"{anchor}T{h:02d}:{g.get('mi') or '00'}"
        return self.make(c, "TIME", value, day, 1 if day else None)
