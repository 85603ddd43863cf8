"""``tag``: find the candidates (every pattern's matches, the best non-overlapping set), resolve
them left to right, and tidy the spans (a leading preposition, "the night of", a clock time
joined to its day).

No expression can stop the tagging: one whose arithmetic leaves the calendar ("9999 years ago",
"tomorrow" on 9999-12-31) or whose number Python cannot read is left unresolved, and a day outside
``bounds.MIN_YEAR``..``bounds.MAX_YEAR`` keeps its TIMEX value but dates nothing
(``Timex.date`` None; ``days.latest_day`` still reads its value, so an event it dates is
background).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from conflictwire.bounds import year_ok
from conflictwire.doc import Timex
from conflictwire.text import lower_pattern, lowered
from conflictwire.timex.lexicon import TimeLexicon, _Cand
from conflictwire.timex.resolver import _DISPATCH, _Resolver
from conflictwire.timex.tense import TenseFn, heuristic_tense

_NAMEABLE = {"dmy", "mdy", "weekday", "month", "year", "month_rel", "holiday"}
# kinds that stand for several expressions (one per date), and those with no single reading
_LISTS = {"day_list": "day_list", "range_mdmd": "range_days", "range_dmdm": "range_days",
          "month_range": "month_range"}  # fmt: skip
_NO_SINGLE = {"day_list", "month_range"}
_TITLEABLE = {"relday", "anaphoric", "relperiod"}
_DAY_NAMEABLE = {"dmy", "mdy", "weekday", "holiday"}


_FINDERS: dict[int, tuple[TimeLexicon, list[re.Pattern[str] | None]]] = {}


def _finders(lex: TimeLexicon) -> list[re.Pattern[str] | None]:
    """For each of ``lex``'s case-blind patterns, the same pattern lower-cased and
    case-sensitive, to find where it matches in a lower-cased text: one case-sensitive search
    is about twice as fast as a case-blind one (None for a case-sensitive pattern)."""
    kept = _FINDERS.get(id(lex))
    if kept is None or kept[0] is not lex:
        pats = [re.compile(lower_pattern(p.pattern), p.flags & ~re.IGNORECASE)
                if p.flags & re.IGNORECASE else None for _, p in lex.patterns]  # fmt: skip
        kept = _FINDERS[id(lex)] = (lex, pats)
    return kept[1]


class _Pool:
    """Every match of every pattern, overlapping ones included (a longer expression may start
    inside another match: "in recent weeks and months"), and the best non-overlapping set: the
    longest first, at equal length the earlier pattern."""

    def __init__(self, text: str, lex: TimeLexicon) -> None:
        found: list[_Cand] = []
        low = lowered(text)
        finders = _finders(lex) if low is not None else None
        for order, (kind, pat) in enumerate(lex.patterns):
            pos, last_end = 0, -1
            finder = finders[order] if finders is not None else None
            while True:
                if finder is None:
                    m = pat.search(text, pos)
                else:  # where the lower-cased text matches; the match itself from ``pat``
                    f = finder.search(low, pos)  # type: ignore[arg-type]
                    m = None if f is None else (pat.match(text, f.start()) or pat.search(text, pos))
                if m is None:
                    break
                if m.end() > last_end:  # a match inside the previous one can never be chosen
                    found.append(_Cand(m.start(), m.end(), kind, m, order))
                    last_end = m.end()
                pos = m.start() + 1
        found.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
        self.found = found
        self.by_start = sorted(found, key=lambda c: c.start)
        self.starts = [c.start for c in self.by_start]
        self.longest = max((c.end - c.start for c in found), default=0)

    @staticmethod
    def _select(cands: list[_Cand]) -> list[_Cand]:
        taken: list[_Cand] = []
        for c in cands:
            if all(c.end <= t.start or c.start >= t.end for t in taken):
                taken.append(c)
        taken.sort(key=lambda c: c.start)
        return taken

    def best(self) -> list[_Cand]:
        return self._select(self.found)

    def instead(self, c: _Cand, lo: int, later: list[_Cand], tried: set[int]) -> list[_Cand]:
        """``later`` (the chosen matches after ``c``) re-chosen with the other matches
        overlapping ``c``, which did not resolve: "at least the first two quarters of 1990" is
        no duration, but holds "the first two quarters of 1990"."""
        i = bisect_left(self.starts, max(lo, c.start - self.longest))
        alts = [a for a in self.by_start[i : bisect_left(self.starts, c.end)]
                if id(a) not in tried and a.end > c.start and a.start >= lo]  # fmt: skip
        if not alts:
            return later
        tried.update(id(a) for a in alts)
        reach = max(a.end for a in alts)
        j = 0
        while j < len(later) and later[j].start < reach:
            j += 1
        pool = sorted([*alts, *later[:j]], key=lambda a: (-(a.end - a.start), a.order, a.start))
        return sorted([*self._select(pool), *later[j:]], key=lambda a: a.start)


T = TypeVar("T")


def _safely(resolve: Callable[[_Cand], T], c: _Cand) -> T | None:
    """``resolve(c)``, or None when its date arithmetic or number leaves what Python holds."""
    try:
        return resolve(c)
    except (OverflowError, ValueError):
        return None


def _bounded(tx: Timex) -> Timex:
    """A day outside the years an event can have dates nothing (its value stays)."""
    if tx.date is None or year_ok(tx.date):
        return tx
    return dataclasses.replace(tx, date=None, precision=None)


def _candidates(text: str, lex: TimeLexicon) -> list[_Cand]:
    return _Pool(text, lex).best()


def _trim(tx: Timex, text: str) -> Timex:
    """Drop a leading preposition ("on", "since") from the span, TimeML style."""
    m = re.match(r"(?:on|since|until|from|by)\s+", tx.text, re.IGNORECASE)
    if m and len(m.group()) < len(tx.text):
        s = tx.start + m.end()
        return Timex(text[s : tx.end], s, tx.end, tx.type, tx.value, tx.date, tx.precision)
    return tx


def _part_of(tx: Timex, text: str, lex: TimeLexicon) -> Timex:
    """ "the night of Feb. 3": a part of a named day, TimeML TIME ``<day>T<part>``."""
    if tx.type != "DATE" or tx.precision != 1 or tx.date is None:
        return tx
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", tx.value):
        return tx
    m = lex.part_of_day_before.search(text, max(0, tx.start - 40), tx.start)
    if m is None:
        return tx
    code = lex.day_part_codes[m.group("part").lower()]
    return Timex(text[m.start() : tx.end], m.start(), tx.end, "TIME", f"{tx.value}T{code}",
                 tx.date, 1)  # fmt: skip


def _title(s: str) -> bool:
    """ "The Day After Tomorrow": a title (a film, a book), every word capitalised, a
    function word among them."""
    words = s.split()
    return (
        len(words) >= 3
        and all(w[0].isupper() for w in words)
        and any(w.lower() in ("after", "before", "of", "the") for w in words[1:])
    )


def _pm(clock: Timex, day: Timex) -> str:
    """The clock time of ``clock``, in the afternoon when ``day`` says so and the clock does not
    ("eight o'clock tonight" is 20:00)."""
    hm = clock.value.split("T")[1]
    h = int(hm[:2])
    part = day.value.rsplit("T", 1)[-1] if "T" in day.value else ""
    if re.search(r"[ap]\.?m\b", clock.text, re.I) or h >= 12:
        return hm
    if part in ("AF", "EV") or (part == "NI" and h >= 6):
        return f"{h + 12:02d}{hm[2:]}"
    return hm


def _dated(tx: Timex) -> bool:
    return tx.date is not None or bool(re.match(r"\d{4}", tx.value))


def _clock(tx: Timex) -> bool:
    return tx.type == "TIME" and bool(re.search(r"T\d\d:\d\d$", tx.value))


def tag(
    text: str,
    published: date | None = None,
    tense: TenseFn | None = None,
    lexicon: TimeLexicon | None = None,
) -> list[Timex]:
    """Every time expression in ``text``, in order, resolved against ``published``."""
    lex = lexicon or TimeLexicon.load()
    resolver = _Resolver(text, published, tense or heuristic_tense(text, lex), lex)
    out: list[Timex] = []
    pool = _Pool(text, lex)
    cands = pool.best()
    tried = {id(c) for c in cands}
    i = -1
    while i + 1 < len(cands):
        i += 1
        c = cands[i]
        if c.kind in _NAMEABLE:
            names = lex.day_name_after if c.kind in _DAY_NAMEABLE else lex.name_after
            if names.match(text, c.end):
                continue
        if c.kind in ("month", "season") and not c.m.group("y") and i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.end : nxt.start]
            if nxt.kind == "spelled_year" and re.fullmatch(r",?\s+(?:of\s+)?", gap):
                merged = _safely(lambda c, nxt=nxt: resolver.with_spelled_year(c, nxt), c)
                if merged is not None:
                    merged = _bounded(merged)
                    cands[i + 1] = _Cand(nxt.start, nxt.start, "skip", nxt.m, nxt.order)
                    out.append(merged)
                    resolver.ref = merged
                    continue
        if c.kind == "skip" or (c.kind in _TITLEABLE and _title(c.m.group())):
            continue
        # "Monday, 12 August" / "Monday (Aug. 12)": the explicit date carries the value
        if c.kind == "weekday" and i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.end : nxt.start]
            if nxt.kind in ("dmy", "mdy", "numeric", "iso") and re.fullmatch(r"[\s,(]*", gap):
                continue
        if c.kind in _LISTS:
            days = _safely(getattr(resolver, _LISTS[c.kind]), c)
            if days:
                days = [_bounded(d) for d in days]
                out.extend(days)
                resolver.ref = days[-1]
                continue
        tx = None if c.kind in _NO_SINGLE else _safely(getattr(resolver, _DISPATCH[c.kind]), c)
        if tx is None:  # try the matches it hid
            lo = cands[i - 1].end if i else 0
            cands[i + 1 :] = pool.instead(c, lo, cands[i + 1 :], tried)
            continue
        tx = _bounded(tx)
        tx = _trim(tx, text)
        tx = _part_of(tx, text, lex)
        prev = out[-1] if out else None
        joined = prev is not None and _clock(prev) and tx.date is not None and tx.precision == 1
        if joined and re.fullmatch(r"\s*(?:on\s+|,\s*)?", text[prev.end : tx.start], re.I):
            hm = _pm(prev, tx)
            out[-1] = Timex(text[prev.start : tx.end], prev.start, tx.end, "TIME",
                                f"{tx.date.isoformat()}T{hm}", tx.date, 1)  # fmt: skip
            resolver.ref = out[-1]
            continue
        out.append(tx)
        if resolver.keep_ref:
            resolver.keep_ref = False
            continue
        if tx.type in ("DATE", "TIME") and _dated(tx):
            resolver.ref = tx
            ago = c.kind == "ago" and c.m.group("dir").lower() == "ago"
            resolver.ref_ago = (
                (lex.number(c.m.group("n")), lex.units[c.m.group("u").lower()]) if ago else None
            )
    return out
