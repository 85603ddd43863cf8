"""The focus: which parts of a report that passed the gate spaCy parses (``focus.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from conflictwire.doc import Doc
from conflictwire.focus import Compact, blank_outside, focus_spans
from conflictwire.model import Article
from conflictwire.stages.dates import tag_focus
from conflictwire.stages.events import TriggerLexicon
from conflictwire.timex import tag

SPANS = [(0, 40), (301, 600), (601, 900), (901, 1200), (1201, 1500)]


def test_a_sentence_the_gate_scores_high_is_kept_with_its_neighbours_and_the_lede() -> None:
    probs = np.array([0.0, 0.0, 0.0, 0.9, 0.0])
    assert focus_spans(SPANS, probs, 1500, 0.5, 1) == [(0, 40), (601, 1500)]
    assert focus_spans(SPANS, probs, 1500, 0.5, 0) == [(0, 40), (901, 1200)]


def test_nothing_above_the_bar_keeps_the_lede_only_and_text_past_what_the_gate_read() -> None:
    probs = np.zeros(5)
    assert focus_spans(SPANS, probs, 1500, 0.5, 1) == [(0, 40)]
    assert focus_spans(SPANS, probs, 5000, 0.5, 1) == [(0, 40), (1500, 5000)]


def test_blanking_keeps_length_offsets_and_line_breaks() -> None:
    text = "Gunmen attacked a bus.\nThe mayor spoke.\nTwo people died."
    keep = [(0, 22), (41, len(text))]
    out = blank_outside(text, keep)
    assert len(out) == len(text)
    assert out[:22] == text[:22] and out[41:] == text[41:]
    assert out[22:41].strip() == "" and out.count("\n") == text.count("\n")


def test_compact_text_maps_back_to_the_full_text() -> None:
    text = "On Monday gunmen attacked. Blah blah blah. On 3 May 2020 two died."
    keep = [(0, 26), (43, len(text))]
    c = Compact(text, keep)
    k = c.text.index("3 May")
    assert text[c.to_full(k) : c.to_full(k) + 10] == "3 May 2020"
    assert c.same_range(k, k + 10)
    assert not c.same_range(20, k)


def test_the_focus_tags_the_same_dates_as_the_whole_text_in_the_kept_ranges() -> None:
    from conflictwire.nlp import load_nlp

    text = ("BAGHDAD, 4 May 2020 - Gunmen attacked a checkpoint on Sunday. The minister met "
            "bankers last year in Paris. Two soldiers died on Saturday night.")  # fmt: skip
    keep = [(0, 61), (text.index("Two"), len(text))]
    sp = load_nlp()(blank_outside(text, keep))
    got = [(t.start, t.end, t.value) for t in tag_focus(text, keep, None, sp)]
    whole = [(t.start, t.end, t.value) for t in tag(text)]
    inside = [w for w in whole if any(a <= w[0] and w[1] <= b for a, b in keep)]
    assert got == inside
    assert not any(text[a:b] == "last year" for a, b, _ in got)


@pytest.mark.parametrize("text", [
    "Protesters BLOCKED ROADS in Lagos; police fired tear gas.",
    "İstanbul: a car bomb exploded near a police station.",  # lower() changes the length
    "Troops SHELLED rebel positions; RIOTERS torched cars.",
])  # fmt: skip
def test_the_lower_cased_scan_finds_what_the_case_blind_patterns_find(text: str) -> None:
    lex = TriggerLexicon.load()
    want = [(k.name, m.span()) for k in lex.kinds for m in k.regex.finditer(text)]
    assert want
    assert [(k.name, m.span()) for k, m in lex.scan(text)] == want


def test_a_pipeline_parses_only_the_focus_of_a_long_mixed_report() -> None:
    from conflictwire.pipeline import Pipeline

    filler = " ".join(f"The bank reported quarterly earnings of {n} million dollars." for n in
                      range(40))  # fmt: skip
    text = ("Gunmen killed five soldiers in an attack on an army base in Borno State on "
            f"Monday, the army said. {filler}")
    p = Pipeline()
    doc = p.process(Article(text=text, id="f", published=None))
    assert doc.focus is not None and not doc.gated
    assert sum(b - a for a, b in doc.focus) < len(text) / 2
    assert doc.spacy is not None and doc.spacy.text != text and len(doc.spacy.text) == len(text)
    assert p.events(doc)
    whole = Pipeline(focus=False).process(Article(text=text, id="f", published=None))
    assert whole.focus is None and whole.spacy is not None and whole.spacy.text == text


def test_a_window_gets_its_share_of_the_focus() -> None:
    from conflictwire.windows import window_doc

    doc = Doc(article=Article(text="x" * 100, id="w"), clean_text="x" * 100)
    doc.focus = [(0, 10), (40, 60), (90, 100)]
    part = window_doc(doc, 50, 95)
    assert part.focus == [(0, 10), (40, 45)]


def test_the_events_stage_reuses_the_gates_trigger_matches_with_the_same_hits() -> None:
    from conflictwire.pipeline import Pipeline
    from conflictwire.stages.events import _hits

    text = ("KABUL - Taliban fighters attacked a police checkpoint on Monday. Protesters "
            "blocked roads in the city; police fired tear gas. Two soldiers were killed.")
    p = Pipeline()
    doc = p.process(Article(text=text, id="t"))
    assert doc.trigger_hits and doc.trigger_read_to == len(text.rstrip())
    lex = TriggerLexicon.load()
    reused = [[(h.kind.name, h.start, h.end) for h in _hits(doc, s, doc.clean_text, lex)]
              for s in doc.sentences()]  # fmt: skip
    doc.trigger_hits = None
    scanned = [[(h.kind.name, h.start, h.end) for h in _hits(doc, s, doc.clean_text, lex)]
               for s in doc.sentences()]  # fmt: skip
    assert reused == scanned and sum(map(len, reused)) >= 3
