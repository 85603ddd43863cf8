"""The tense of a clause, which decides whether a weekday or a day-month is past or coming.

A ``TenseFn`` maps a span ``(start, end)`` to "past", "present", "future" (or "unknown"); the
dates stage builds one from spaCy's parse, ``heuristic_tense`` is the fallback without a parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from conflictwire.timex.lexicon import TimeLexicon

TenseFn = Callable[[int, int], str]


def heuristic_tense(text: str, lex: TimeLexicon | None = None) -> TenseFn:
    """Future when the clause holds a future cue ("will", "is set to"), else unknown."""
    lex = lex or TimeLexicon.load()
    bounds = re.compile(r"[.;!?\n]|,\s+(?:but|while|and|as)\b")

    def tense(start: int, end: int) -> str:
        left = max((m.end() for m in bounds.finditer(text, 0, start)), default=0)
        m = bounds.search(text, end)
        right = m.start() if m else len(text)
        return "future" if lex.future_cue.search(text, left, right) else "unknown"

    return tense
