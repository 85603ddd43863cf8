"""The focus: which parts of a report that passed the relevance gate spaCy parses.

The parse is most of a report's cost, and most sentences of a report that tells an event tell
nothing codable (background, quotes, reactions). The gate has already read every sentence
(``decision/relevance.py``); the focus keeps for the parse:
- each sentence the gate gives at least ``FOCUS_P``, with ``NEIGHBOURS`` sentences either side
  (the sentence before often names the actors or the place, the one after the toll);
- the report's lede: every sentence that starts in its first ``LEDE_CHARS`` characters (the
  dateline, the title line, what the report is about: the decision's ``d=`` features);
- whatever the gate did not read (past ``relevance.MAX_CHARS``).

Everything else is blanked to spaces (line breaks kept) in the text handed to spaCy, so every
offset stays the report's own and a blanked sentence costs one white-space token. The clean-up
stage and the places stage's country cues and dateline still read all of the text; the parse,
and so the candidates, entities, roles and actor hints, and the dates (tagged on the focus joined
into one shorter text: ``Compact``) come from the focus.

``FOCUS_P`` and ``NEIGHBOURS`` were set on the gold DEV split, the two check sets, the ACLED DEV
half and GLOCON's tune half: the share of gold event sentences kept and the events matched and
falsely found, against the share of a news corpus's characters parsed. ``Pipeline(focus=False)``
parses the whole of every report.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np

from conflictwire.decision.features import LEDE_CHARS

FOCUS_P = 0.3
NEIGHBOURS = 1
_NOT_NEWLINE = re.compile(r"[^\n]")


def focus_spans(
    spans: list[tuple[int, int]],
    probs: np.ndarray,
    length: int,
    threshold: float = FOCUS_P,
    neighbours: int = NEIGHBOURS,
) -> list[tuple[int, int]]:
    """The (start, end) ranges of a text of ``length`` characters to parse, given the gate's
    sentence ``spans`` and their ``probs``: sorted, disjoint, and joined across the gap between
    two kept neighbouring sentences (so a short piece between them, "He died.", is kept too)."""
    n = len(spans)
    keep = [False] * n
    for i, p in enumerate(probs):
        if p >= threshold:
            for j in range(max(0, i - neighbours), min(n, i + neighbours + 1)):
                keep[j] = True
    for i, (a, _) in enumerate(spans):
        if a >= LEDE_CHARS:
            break
        keep[i] = True
    out: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(spans):
        if not keep[i]:
            continue
        if i and keep[i - 1] and out:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    read_to = spans[-1][1] if spans else 0
    if length > read_to:  # past what the gate read: parsed whole
        if out and out[-1][1] == read_to:
            out[-1] = (out[-1][0], length)
        else:
            out.append((read_to, length))
    return out


def blank_outside(text: str, keep: list[tuple[int, int]]) -> str:
    """``text`` with every character outside the ``keep`` ranges replaced by a space, line
    breaks kept: the same length, so spaCy's offsets are the text's."""
    out, pos = [], 0
    for a, b in keep:
        if a > pos:
            out.append(_blank(text[pos:a]))
        out.append(text[a:b])
        pos = max(pos, b)
    if pos < len(text):
        out.append(_blank(text[pos:]))
    return "".join(out)


def _blank(piece: str) -> str:
    return _NOT_NEWLINE.sub(" ", piece)


def share_kept(keep: list[tuple[int, int]], length: int) -> float:
    """The share of a text's characters inside ``keep``."""
    return sum(b - a for a, b in keep) / length if length else 1.0


class Compact:
    """A text's focus ranges joined into one shorter text (a blank line between two ranges),
    for readers whose cost grows with the text's length and who need no parse (the time
    tagger): ``text`` is that shorter text, ``to_full`` maps its offsets back."""

    SEP = "\n\n"

    def __init__(self, full: str, keep: list[tuple[int, int]]) -> None:
        parts: list[str] = []
        self._starts: list[int] = []  # where each range starts in the compact text
        self._full: list[int] = []  # and in the full text
        pos = 0
        for a, b in keep:
            if parts:
                parts.append(self.SEP)
                pos += len(self.SEP)
            self._starts.append(pos)
            self._full.append(a)
            parts.append(full[a:b])
            pos += b - a
        self.text = "".join(parts)

    def to_full(self, pos: int) -> int:
        """The full text's offset of the compact text's ``pos`` (a position in a separator
        maps to the end of the range before it)."""
        i = max(0, bisect_right(self._starts, pos) - 1)
        if not self._starts:
            return pos
        return self._full[i] + pos - self._starts[i]

    def same_range(self, start: int, end: int) -> bool:
        """Whether the compact span [start, end) lies within one range (no separator in it)."""
        i = bisect_right(self._starts, start)
        return i >= len(self._starts) or end <= self._starts[i] - len(self.SEP)
