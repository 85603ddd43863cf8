"""The dates stage: tag time expressions, then give each event mention its date.

A mention takes the time expression tied to its clause (by the parse: the expression hangs from
the trigger's verb), else one governing its clause ("On Sunday, police said they had ..."), else
one in its sentence, else the nearest earlier one in its paragraph, else the publication date with
time_precision 2 (ACLED's "as reported on" convention). Without a publication date, relative
expressions stay unresolved and the mention gets no date: never a guess.

The publication date is the feed's, else the one the clean-up stage read from the dateline or
first line (``doc.extra["published"]``, see ``timex.published``). A mention dated from such a date
(the fallback, or an expression without its own year resolved against it) carries its words as
``evidence["published"]``; when the date's year came from elsewhere in the first paragraph
(``published_precision`` 2), such a mention's time_precision is at least 2.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from conflictwire.doc import Doc, Mention, Timex
from conflictwire.focus import Compact
from conflictwire.timex import TenseFn, TimeLexicon, heuristic_tense, latest_day, tag

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token

HISTORICAL_DAYS = 30
_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
_VERBAL = {"VERB", "AUX"}


def _gov(tok: Token) -> Token:
    """The nearest verb at or above ``tok`` (the clause it belongs to)."""
    t = tok
    for _ in range(12):
        if t.pos_ in _VERBAL or t.head.i == t.i:  # a verb, or the root
            return t
        t = t.head
    return t


def _reported(v: Token) -> bool:
    """``v`` is the complement of a verb (of saying): "said [talks would resume]"."""
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    return v.dep_ in ("ccomp", "xcomp") and v.head.pos_ in _VERBAL


def spacy_tense(sp: SpacyDoc, fallback: TenseFn) -> TenseFn:
    """Tense of the clause holding a character span, read from the parse."""
    data = TimeLexicon.load().data
    future_aux = set(data["future_aux"])
    future_verbs = set(data["future_verbs"])
    would = set(data["future_in_past_aux"])
    present_passive = set(data["present_passive_aux"])
    schedule = set(data["schedule_verbs"])
    reporting = set(data["reporting_verbs"])

    def tense(start: int, end: int) -> str:
        span = sp.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return fallback(start, end)
        v = _gov(span.root)
        if v.pos_ not in _VERBAL:
            return fallback(start, end)
        kids = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        low = {c.lower_ for c in kids}
        if low & future_aux:
            return "future"
        if low & would and v.tag_ == "VB" and "have" not in low and _reported(v):
            return "future"  # "said it would vote on Monday": the future of the report
        if v.tag_ == "VB" and "to" in low and v.head.lower_ in future_verbs:
            return "future"
        if "to" in low and not any(c.tag_ == "VBD" for c in kids):
            return fallback(start, end)  # an infinitive ("to be published in May") has no tense
        if v.tag_ == "VBN" and low and low <= present_passive:
            if v.lower_ in schedule:
                return "future"  # "the vote is set for Nov. 5": scheduled, so ahead
            return "present"  # "talks are planned this weekend": a present passive
        if v.tag_ in ("VBZ", "VBP") and any(
            c.dep_ == "acomp" and c.lower_ in schedule for c in v.children
        ):
            return "future"  # "the payment is due on April 1"
        if v.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in kids):
            return "past"
        if v.tag_ == "VBG" and any(c.lower_ in ("is", "are", "am") for c in kids):
            return "future" if fallback(start, end) == "future" else "present"
        r = span.root
        direct = r.head.i == v.i or (r.head.dep_ == "prep" and r.head.head.i == v.i)
        possessive = any(t.tag_ == "POS" for t in r.children) or r.dep_ == "poss"
        if (
            v.tag_ in ("VBZ", "VBP")
            and not kids
            and direct
            and not possessive
            and v.lemma_.lower() not in reporting
            and not any(t.tag_ == "VBD" for t in v.sent)  # a past story around it
        ):
            # "the envoy arrives Saturday", "the deadline is Friday": a scheduled present
            return "future" if fallback(start, end) == "future" else "present"
        return fallback(start, end)

    return tense


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, len(text) if e < 0 else e


def _dated(tx: Timex) -> bool:
    return tx.date is not None or bool(re.match(r"\d{4}", tx.value))


def _attributive_year(tx: Timex, tok: Token | None) -> bool:
    """A bare year that names which thing a noun is ("a 1992 peace deal", "the 2015 Goldman
    Prize"): it dates that thing, not an event told beside it."""
    if tok is None or not re.fullmatch(r"\d{4}", tx.value) or not re.fullmatch(r"\d{4}", tx.text):
        return False
    return tok.dep_ in ("compound", "nummod", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN")


def _in_relative(tok: Token | None) -> bool:
    """A time told in a relative clause ("the war, which began with the invasion in March
    2003"): it dates the thing that clause describes, not an event told beside it."""
    return tok is not None and any(a.dep_ == "relcl" for a in [tok, *tok.ancestors])


def _usable(tx: Timex) -> bool:
    """Dates and times an event can take: not "now"/"soon", nor an adjective like "recent"."""
    if tx.value in ("PRESENT_REF", "FUTURE_REF"):
        return False
    if tx.value == "PAST_REF" and tx.text.lower() in TimeLexicon.load().data["unlinked_vague"]:
        return False
    return tx.type in ("DATE", "TIME") and (
        _dated(tx) or tx.value.endswith("_REF") or tx.value.startswith("XXXX-W")
    )


def _specificity(tx: Timex) -> int:
    """3 for a date with its year, 2 for "12 August", 1 for a resolved relative one, else 0."""
    if tx.date is None:
        return 0
    if re.search(r"\b(?:1[89]|20)\d\d\b", tx.text):
        return 3
    words = set(re.findall(r"[a-z]+", tx.text.lower()))
    return 2 if re.search(r"\d", tx.text) or words & TimeLexicon.load().months.keys() else 1


class _Linker:
    """Ranks the timexes of a doc for a mention: lower rank = more tightly tied."""

    def __init__(self, doc: Doc, timexes: list[Timex]) -> None:
        self.doc = doc
        self.timexes = [t for t in timexes if _usable(t)]
        self.sp = doc.spacy
        self.tok_of: dict[int, Any] = {}
        if self.sp is not None:
            for i, tx in enumerate(self.timexes):
                span = self.sp.char_span(tx.start, tx.end, alignment_mode="expand")
                if span is not None and len(span):
                    self.tok_of[i] = span.root

    @cached_property
    def latest(self) -> date | None:
        """The latest day the report dates in full (day, month and its own year; none after
        today): when the report has no publication date, it was written on that day or later,
        so an event it dates a month or more before is background ("an angry mob shot two
        sharecroppers on July 25, 1946" in a report that also names March 3, 2009)."""
        days = [t.date for t in self.timexes if t.date is not None and _FULL_DAY.match(t.value)
                and _specificity(t) == 3 and t.date <= date.today()]  # fmt: skip
        return max(days, default=None)

    def _trigger_token(self, m: Mention) -> Token | None:
        if self.sp is None:
            return None
        span = self.sp.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def rank(self, m: Mention) -> tuple[Timex | None, int]:
        trig = self._trigger_token(m)
        g_tr = _gov(trig) if trig is not None else None
        best: tuple[tuple[int, int, int], Timex] | None = None
        s0, s1 = m.sentence
        c0, c1 = m.clause
        p0, p1 = _paragraph(self.doc.text, m.trigger.start)
        for i, tx in enumerate(self.timexes):
            tok = self.tok_of.get(i)
            in_sent = tx.start >= s0 and tx.end <= s1
            in_clause = tx.start >= c0 and tx.end <= c1
            r = 9
            if in_sent and tok is not None and g_tr is not None:
                path = [tok, *list(tok.ancestors)]
                g_tx = _gov(tok)
                upto = path[: path.index(g_tx) + 1] if g_tx in path else path
                if g_tx == g_tr or trig in upto:
                    r = 0
                elif g_tx in g_tr.ancestors:
                    r = 1
                elif in_clause:
                    r = 2
                elif _dated(tx):
                    r = 3
            elif in_clause:
                r = 0
            elif in_sent and (_dated(tx) or g_tr is None):
                r = 3
            elif p0 <= tx.start and tx.end <= m.trigger.start and tx.end <= p1 and _dated(tx):
                r = 4
            if r == 9 or (r >= 3 and (_attributive_year(tx, tok) or _in_relative(tok))):
                continue
            dist = abs(tx.start - m.trigger.start) if r < 4 else m.trigger.start - tx.end
            key = (r, -_specificity(tx), dist)
            if best is None or key < best[0]:
                best = (key, tx)
        if best is None:
            return None, 9
        return best[1], best[0][0]


def _after(tx: Timex, pub: date | None) -> bool:
    """Whether ``tx`` dates a day after the report's publication date (a day's slack)."""
    return pub is not None and tx.date is not None and tx.date > pub + timedelta(days=1)


def _historical(tx: Timex, pub: date | None) -> bool:
    if pub is None:
        return False
    last = latest_day(tx)
    return last is not None and last < pub - timedelta(days=HISTORICAL_DAYS)


_MONTH = re.compile(r"^\d{4}-\d\d$")


# Any day: "three months ago" lies as far before it as before the unknown publication date.
_SOME_DAY = date(2001, 6, 15)


def _long_ago(tx: Timex) -> bool:
    """Whether ``tx``, read before an unknown publication date ("PAST_REF"), counts back a
    month or more from whatever day that is ("three months ago", "last year"; not "two weeks
    ago")."""
    if tx.value != "PAST_REF":
        return False
    again = tag_text(tx.text, _SOME_DAY)
    return len(again) == 1 and _historical(again[0], _SOME_DAY)


def _month_of_year(tx: Timex) -> bool:
    """Whether ``tx`` names a month with its year and no day ("in June 2013")."""
    return tx.precision == 3 and _MONTH.match(tx.value) is not None and _specificity(tx) == 3


# A year or a decade ("in 2013", "between 2007 and 2011", "since 2012", "so far this year"):
# ACLED records no event known less precisely than its month, and such words tell of a tally or
# of history, not of an event.
_YEARS = re.compile(r"^(\d{4}|\d{3}X)$")


def _years_long(tx: Timex) -> bool:
    """Whether ``tx`` names a whole year or decade (no month, week or day)."""
    return _YEARS.match(tx.value) is not None


def publication(doc: Doc) -> tuple[date | None, int]:
    """The report's publication date (the feed's, else the one its dateline or first line
    states) and its time_precision (1 as good as a feed date, 2 when its year was read from
    elsewhere in the first paragraph)."""
    if doc.article.published is not None:
        return doc.article.published, 1
    pub = doc.extra.get("published")
    if isinstance(pub, date):
        return pub, int(doc.extra.get("published_precision") or 1)
    return None, 1


def date_mention(doc: Doc, m: Mention, linker: _Linker) -> None:
    """Set ``m.date``, ``m.time_precision``, ``m.historical`` and the event_date evidence."""
    pub, pub_precision = publication(doc)
    from_text = doc.article.published is None and pub is not None
    pub_words = doc.extra.get("published_evidence") if from_text else None
    tx, rank = linker.rank(m)
    if tx is not None and _after(tx, pub):
        tx = None  # "three weeks after the riots broke out": no event is told before it happens
    if tx is None:
        m.date = pub
        m.time_precision = max(2, pub_precision) if pub else None
        m.evidence.pop("event_date", None)
        if pub_words is not None:
            m.evidence["published"] = pub_words
        return
    m.evidence["event_date"] = doc.evidence(tx.start, tx.end)
    m.historical = _historical(tx, pub or linker.latest) or (
        pub is None and rank <= 3 and (_month_of_year(tx) or _long_ago(tx))
    )  # with no publication date, a month with its year in the mention's own sentence ("In
    # May 2013, a dealer was executed"), or a month or more back ("three months ago"): past
    if tx.date is None:
        m.date, m.time_precision = None, None
        if _years_long(tx):  # set aside: the decision keeps it only when sure
            m.cues.add("weak:years")
        return
    m.date = tx.date
    m.time_precision = tx.precision or 1
    if from_text and _specificity(tx) < 3:  # resolved against the text's publication date
        m.time_precision = max(m.time_precision, pub_precision)
        if pub_words is not None:
            m.evidence["published"] = pub_words


def tag_text(text: str, published: date | None, sp: SpacyDoc | None = None) -> list[Timex]:
    """The time expressions of ``text``, with the clause tense read from ``sp`` when given."""
    fallback = heuristic_tense(text)
    tense = spacy_tense(sp, fallback) if sp is not None else fallback
    return tag(text, published, tense)


def tag_focus(
    text: str, keep: list[tuple[int, int]], published: date | None, sp: SpacyDoc
) -> list[Timex]:
    """The time expressions of the ``keep`` ranges of ``text`` (a report's focus), tagged in
    one shorter text that joins them (``focus.Compact``), at offsets into ``text``."""
    c = Compact(text, keep)
    full_tense = spacy_tense(sp, heuristic_tense(sp.text))

    def tense(start: int, end: int) -> str:
        return full_tense(c.to_full(start), c.to_full(start) + end - start)

    out = []
    for t in tag(c.text, published, tense):
        if c.same_range(t.start, t.end):
            start = c.to_full(t.start)
            out.append(replace(t, start=start, end=start + t.end - t.start))
    return out


def run(doc: Doc, res: object) -> Doc:
    """Tag ``doc.timexes`` and date every mention. The text tagged is the one parsed (a report's
    focus, ``focus.py``: the sentences its mentions come from and their neighbours)."""
    if doc.focus is not None and doc.spacy is not None:
        doc.timexes = tag_focus(doc.clean_text, doc.focus, publication(doc)[0], doc.spacy)
    else:
        doc.timexes = tag_text(doc.clean_text or doc.text, publication(doc)[0], doc.spacy)
    own = doc.extra.get("published_evidence") if doc.article.published is None else None
    # a header date that gave the publication date ("Monday, March 14, 2016" on its own line)
    # dates the report, not an event: its mentions take it "as reported" (precision 2)
    timexes = [t for t in doc.timexes if own is None or t.end <= own.start or t.start >= own.end]
    linker = _Linker(doc, timexes)
    for m in doc.mentions:
        date_mention(doc, m, linker)
    return doc
