"""ACLED's coder annotations, taken out of a note so that it reads as news does.

ACLED's ``notes`` carry remarks that no news report has: a leading sub-event label
("Looting: On 3 May ..."), a crowd-size tag ("[size=dozens]"), statements of how fatalities were
coded ("Fatalities coded as 10.", "20 fatalities split between 3 events.") and remarks on how
actors or places were coded ("(coded as Popular Resistance)", "[coded to Baku with GP2]",
"Coded at district capital with GP 2."). :func:`strip_annotations` removes those four kinds and
keeps every other character as it was; only the white space around a removed piece is joined
(one space at most, none before punctuation or at either end).
"""

from __future__ import annotations

import re
from functools import cache

from conflictwire.taxonomy import Taxonomy

# Labels ACLED puts before a colon at the start of a note: its event and sub-event types (and
# each half of "Looting/property destruction" and the like), plus the qualifiers its coders use
# for strategic developments and disrupted weapons use.
EXTRA_LABELS = (
    "Looting", "Property destruction", "Arrest", "Movement of forces", "Security measures",
    "Non-violent activity", "Detonation", "Defusal", "Interception", "Weapons seizure",
    "Explosive remnants of war", "Change to armed group", "Land seizure", "Headquarters",
    "Base established", "Ceasefire", "Curfew", "Displacement", "Abduction",
    "Forced disappearance", "Kidnapping", "Protest", "Riot", "Shelling", "Air strike",
    "Drone strike", "Remote explosive", "Landmine", "IED", "Suicide bombing",
)  # fmt: skip
MAX_LABEL_WORDS = 4


@cache
def _label_regex() -> re.Pattern[str]:
    tax = Taxonomy.load()
    names = set(EXTRA_LABELS)
    for sub in tax.sub_event_types:
        names.add(sub)
        names.update(part.strip() for part in sub.split("/"))
        names.add(tax.event_type(sub))
    names = {n for n in names if n and len(n.split()) <= MAX_LABEL_WORDS}
    alt = "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )
    one = rf"(?:{alt})"
    # one label, or two joined by "/", "&" or "and" ("Looting/property destruction")
    return re.compile(rf"\A\s*{one}(?:\s*(?:/|&|\band\b)\s*{one})?\s*:(?!//)", re.IGNORECASE)


_SIZE = re.compile(r"\[\s*size\s*=[^\]]*\]", re.IGNORECASE)
# "coded" as a coder's verb: "coded as X", "coded to Athens", "coded at", "coded in",
# "coded with GP2", "coded separately", "coded according to ..."; or a geo-precision code.
_CODED_VERB = r"\bcoded\s+(?:as|to|at|in|with|separately|according|across|by)\b"
_CODED_ANY = re.compile(rf"{_CODED_VERB}|\bGP\s?\d\b", re.IGNORECASE)
_FATALITY = r"\bfatalit(?:y|ies|ie|es)\b|\bfatalites\b"
# "split between 3 events", "spread across two locations", "distributed across six events",
# "divided equally across three events", "split among 12 events", "across 2 events"
_SPREAD = re.compile(
    r"\b(?:split|spread|distributed|divided)\b(?:\s+(?:up|equally|evenly))?\s+"
    r"(?:between|among|across|over)\b[^.;]*?\b(?:events?|locations?|days?)\b"
    r"|\bcoded\s+across\b",
    re.IGNORECASE,
)
# Brackets or parentheses holding a coding remark ("(coded as Southern Resistance)",
# "[coded to Athens-Central Athens]", "(Batken center is coded with GP2)",
# "[1 fatality split among 12 events]").
_BRACKETED = re.compile(r"\[[^\[\]]*\]|\([^()]*\)")
# An inline remark: ", coded as Security Belt forces by default due to ..." up to the next
# comma, semicolon or full stop (a parenthesis inside it is part of it).
_INLINE = re.compile(
    rf",\s*{_CODED_VERB}(?:[^,;.()\[\]]|\([^()]*\))*",
    re.IGNORECASE,
)
_CODING_SENTENCE_START = re.compile(r"\A\W*coded\b", re.IGNORECASE)
_CODING_OBJECT = re.compile(r"\b(?:events?|locations?|GP\s?\d|geo-?precision)\b", re.IGNORECASE)
# "*ACLED uses a location close to the border to record events ...": a note on ACLED's practice
_ACLED_PRACTICE = re.compile(r"\bACLED\s+(?:uses|used|codes|coded|records|recorded)\b")


def _is_fatality_coding(s: str) -> bool:
    """ "Fatalities coded as 10", "Unknown fatalities coded at 3", "20 fatalities split between
    3 events", "Fatalities are split across 4 events (2)", "Two fatalities distributed across two
    days"."""
    if not re.search(_FATALITY, s, re.IGNORECASE):
        return False
    return bool(re.search(r"\bcoded\b", s, re.IGNORECASE) or _SPREAD.search(s))


def _is_coding_remark(s: str, sentence: bool = False) -> bool:
    """A remark on coding: in brackets any "coded as/to/at/with ..." or "GP2"; as a sentence of
    its own, one that starts with "Coded" ("Coded at district capital with GP 2.") or speaks of
    coding events, locations or geo-precision ("One event for each location (total 3 events)
    have been coded.")."""
    if _CODING_SENTENCE_START.search(s) or _ACLED_PRACTICE.search(s):
        return True
    if not sentence and _CODED_ANY.search(s):
        return True
    return bool(re.search(r"\bcoded\b", s, re.IGNORECASE) and _CODING_OBJECT.search(s))


def _join(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans``. The white space on either side of a gap becomes one white
    space character (the first one there), none at the ends of the text or before punctuation."""
    if not spans:
        return text
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = ""
    pos = 0
    for s, e in merged:
        left = text[pos:s]
        kept = out + left
        stripped = kept.rstrip()
        gap = kept[len(stripped) :]
        end = e
        while end < len(text) and text[end].isspace():
            end += 1
        gap += text[e:end]
        out, pos = stripped, end
        after = text[end:]
        if not out or not after:
            continue
        if gap and after[0] not in ".,;:!?)]" and out[-1] not in "([":
            out += gap[0]
        elif not gap and out[-1] in ".;!?" and after[0].isalnum():
            out += " "  # "...Urozgan.[size=3]Police" -> "Urozgan. Police"
    return out + text[pos:]


def _clauses(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end of body, end with terminator, the terminator before it) of each clause: the
    text between full stops, semicolons, "!" and "?" (outside brackets; "2.5" does not end one)."""
    out: list[tuple[int, int, int, str]] = []
    depth = 0
    start = 0
    prev_term = ""
    n = len(text)
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ".;!?" and depth == 0:
            if ch == "." and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue
            out.append((start, i, i + 1, prev_term))
            start, prev_term = i + 1, ch
    if text[start:].strip():
        out.append((start, n, n, prev_term))
    return out


def _remove_brackets(text: str) -> str:
    spans = [m.span() for m in _SIZE.finditer(text)]
    for m in _BRACKETED.finditer(text):
        inner = m.group()[1:-1]
        if _is_coding_remark(inner) or _is_fatality_coding(inner):
            spans.append(m.span())
    return _join(text, spans)


def _remove_inline(text: str) -> str:
    return _join(text, [m.span() for m in _INLINE.finditer(text)])


def _remove_sentences(text: str) -> str:
    spans: list[tuple[int, int]] = []
    for start, body_end, end, prev in _clauses(text):
        body = text[start:body_end]
        if not body.strip():
            continue
        if not (_is_fatality_coding(body) or _is_coding_remark(body, sentence=True)):
            continue
        if prev == ";":
            spans.append((start - 1, body_end))  # "fighters; unknown fatalities coded as 10."
        else:
            spans.append((start, end))
    return _join(text, spans)


def _remove_label(text: str) -> str:
    m = _label_regex().match(text)
    if m is None or not text[m.end() :].strip():
        return text
    return _join(text, [m.span()])


def strip_annotations(notes: str) -> str:
    """``notes`` without ACLED's coder annotations (see the module doc); the rest unchanged."""
    if not notes:
        return notes
    text = _remove_brackets(notes)
    text = _remove_inline(text)
    text = _remove_sentences(text)
    text = _remove_label(text)
    return text
