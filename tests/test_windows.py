"""Long reports in bounded windows: cuts at boundaries, exact offsets, same events as alone."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictwire.decision.features import LEDE_CHARS
from conflictwire.doc import Doc, Mention
from conflictwire.model import Actor, Article, Evidence, Place
from conflictwire.windows import WINDOW_CHARS, absorb, shift_mention, spans, windows_of

# Longer than the decision's lede (decision.features.LEDE_CHARS), so the words that follow a
# report do not change what the decision reads of it.
EVENT = (
    "A roadside bomb struck a police vehicle on the outskirts of Kunduz city in northern "
    "Afghanistan early on Sunday, killing four officers and wounding two others, a provincial "
    "spokesman said. The device was hidden under a culvert on the road to Imam Sahib district "
    "and was detonated as the patrol passed shortly after dawn, the spokesman told reporters. "
    "No group immediately claimed responsibility for the blast."
)
FILLER = (
    "The city council met to discuss the budget for the new library, and members agreed to "
    "review the plans again once the architects have answered their questions."
)
PUBLISHED = date(2023, 8, 14)


def _covers(text: str, got: list[tuple[int, int]]) -> None:
    assert got[0][0] == 0 and got[-1][1] == len(text)
    for (_, b), (a, _) in zip(got, got[1:], strict=False):
        assert a == b


def test_short_text_is_one_window():
    assert spans("one paragraph.", 100) == [(0, 14)]
    assert spans("", 100) == [(0, 0)]


def test_windows_end_at_paragraph_breaks():
    text = "\n\n".join(f"Paragraph {i}. " + "word " * (i % 7 + 3) for i in range(200))
    got = spans(text, 300)
    _covers(text, got)
    assert len(got) > 5
    for a, b in got:
        assert b - a <= 300
    for _, b in got[:-1]:
        assert text[b - 2 : b] == "\n\n"  # a cut right after a blank line


def test_single_line_breaks_when_no_blank_line():
    text = "\n".join("Line with a few words in it." for _ in range(100))
    got = spans(text, 200)
    _covers(text, got)
    assert all(text[b - 1] == "\n" for _, b in got[:-1])


def test_a_huge_paragraph_is_cut_at_sentence_ends():
    text = " ".join(f"Sentence number {i} says little." for i in range(500))
    got = spans(text, 1000)
    _covers(text, got)
    for a, b in got:
        assert b - a <= 1000
    for _, b in got[:-1]:
        assert text[:b].rstrip().endswith(".")


def test_no_white_space_at_all_is_cut_hard():
    text = "x" * 2500
    assert spans(text, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_window_size_must_be_usable():
    with pytest.raises(ValueError):
        spans("text", 1)


def test_shift_mention_moves_every_offset():
    ev = Evidence("Kunduz", 10, 16)
    m = Mention(
        trigger=Evidence("struck", 2, 8), sentence=(0, 40), clause=(0, 30),
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        place=Place(name="Kunduz", evidence=ev), actor1=Actor("X", 3, evidence=ev),
        evidence={"location": ev},
    )  # fmt: skip
    s = shift_mention(m, 100)
    assert s.trigger == Evidence("struck", 102, 108)
    assert (s.sentence, s.clause) == ((100, 140), (100, 130))
    assert s.place.evidence == s.evidence["location"] == Evidence("Kunduz", 110, 116)
    assert s.actor1.evidence == Evidence("Kunduz", 110, 116)
    assert m.trigger.start == 2 and m.place.evidence.start == 10  # the original is untouched


@pytest.fixture(scope="module")
def windowed(pipeline):
    """The pipeline with small windows, so short texts are cut into several."""
    from conflictwire.pipeline import Pipeline

    return lambda size: Pipeline(resources=pipeline.resources, window=size)


def _events(p, text: str) -> list[dict]:
    return [e.to_dict() for e in p.extract(Article(text=text, id="w", published=PUBLISHED))]


def _shifted(events: list[dict], delta: int) -> list[dict]:
    out = []
    for e in events:
        e = dict(e)
        e["evidence"] = {
            k: {**v, "start": v["start"] + delta, "end": v["end"] + delta}
            for k, v in e["evidence"].items()
        }
        out.append(e)
    return out


def test_default_window_leaves_ordinary_reports_whole(pipeline):
    assert pipeline.window == WINDOW_CHARS
    doc = pipeline.process(Article(text=EVENT, id="w", published=PUBLISHED))
    assert doc.spacy is not None and "windows" not in doc.extra


def test_long_report_gives_the_first_paragraphs_events_as_alone(pipeline, windowed):
    assert len(EVENT) > LEDE_CHARS  # else the decision would read the filler as its lede
    alone = _events(pipeline, EVENT)
    assert alone, "the paragraph alone has an event"
    text = EVENT + "\n\n" + "\n\n".join([FILLER] * 12)
    p = windowed(len(EVENT) + 3 * len(FILLER))
    doc = p.process(Article(text=text, id="w", published=PUBLISHED))
    assert len(doc.extra["windows"]) > 2 and doc.spacy is None
    assert [e.to_dict() for e in p.events(doc)] == alone


def test_event_just_after_a_window_boundary_is_found_once_at_exact_offsets(pipeline, windowed):
    head = "\n\n".join([FILLER] * 6) + "\n\n"
    text = head + EVENT + "\n\n" + "\n\n".join([FILLER] * 6)
    size = len(head) + len(EVENT) // 2  # the limit falls inside the event's paragraph
    assert spans(text, size)[1][0] == len(head)  # cut before the paragraph, not inside it
    got = _events(windowed(size), text)
    assert got == _shifted(_events(pipeline, EVENT), len(head))
    assert len(got) == 1
    for ev in got[0]["evidence"].values():
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_events_in_several_windows_each_found_with_exact_offsets(windowed):
    text = "\n\n".join([EVENT.replace("Sunday", day) + "\n\n" + FILLER for day in
                       ("Sunday", "Thursday", "Friday")])  # fmt: skip
    p = windowed(len(EVENT) + len(FILLER) + 10)
    doc = p.process(Article(text=text, id="w", published=PUBLISHED))
    assert len(doc.extra["windows"]) == 3
    got = [e.to_dict() for e in p.events(doc)]
    assert [e["event_date"] for e in got] == ["2023-08-13", "2023-08-10", "2023-08-11"]
    for e in got:
        for ev in e["evidence"].values():
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_pipe_windows_long_reports_in_a_batch(pipeline, windowed):
    p = windowed(len(EVENT) + 3 * len(FILLER))
    long_text = EVENT + "\n\n" + "\n\n".join([FILLER] * 12)
    arts = [Article(text=t, id=str(i), published=PUBLISHED)
            for i, t in enumerate([EVENT, long_text, FILLER])]  # fmt: skip
    docs = list(p.pipe(arts))
    assert [d.article.id for d in docs] == ["0", "1", "2"]
    assert "windows" in docs[1].extra and "windows" not in docs[0].extra
    first, second = ([e.to_dict() | {"article_id": "w"} for e in p.events(d)] for d in docs[:2])
    assert first == second == _events(pipeline, EVENT)


WORDS = st.sampled_from([
    "gunmen", "attacked", "killed", "two", "soldiers", "in", "Kirkuk", "on", "Monday", "police",
    "\n", "\n\n", "Read More:", "ERBIL (Agency) –", ",", ".", "wounded", "yesterday", "dozens",
])  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(WORDS, max_size=120), size=st.integers(20, 200))
def test_evidence_exact_whatever_the_windows(windowed, words, size):
    text = " ".join(words)
    _covers(text, spans(text, size))
    for e in _events(windowed(size), text):
        for ev in e["evidence"].values():
            assert 0 <= ev["start"] <= ev["end"] <= len(text)
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_later_windows_date_events_from_the_datelines_publication_date(windowed):
    head = "WASHINGTON, Feb 28, 2016 (Reuters) - " + FILLER
    text = "\n\n".join(
        [head] + [FILLER] * 5 + [EVENT] + [FILLER] * 5 + [EVENT.replace("Sunday", "Friday")]
    )
    p = windowed(1200)
    doc = p.process(Article(text=text, id="d"))  # no feed date: the dateline gives it
    assert len(doc.extra["windows"]) == 3
    got = [e.to_dict() for e in p.events(doc)]
    assert [e["event_date"] for e in got] == ["2016-02-28", "2016-02-26"]
    assert all(e["source"] == "Reuters" for e in got)
    for e in got:
        assert e["evidence"]["published"]["start"] < len(head)  # the dateline's words
        for ev in e["evidence"].values():
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_each_window_sees_only_what_the_clean_up_left():
    text = "\n\n".join(["word " * 10] * 8)
    doc = Doc(article=Article(text=text, id="c"), clean_text=text)
    doc.extra["published"] = PUBLISHED
    for start, part in windows_of(doc, 120):
        assert set(part.extra) == {"published"}  # not what earlier windows added
        if start == 0:
            part.extra["rejected"] = [
                Mention(trigger=Evidence("word", 0, 4), sentence=(0, 50), clause=(0, 50),
                        event_type="Battles", sub_event_type="Armed clash")
            ]  # fmt: skip
        absorb(doc, part, start)
    assert len(doc.extra["windows"]) > 3
    assert [m.trigger for m in doc.extra["rejected"]] == [Evidence("word", 0, 4)]


def test_a_later_window_takes_no_place_from_the_datelines_words(windowed):
    # the dateline's town places a report that names no other place, but only in the window
    # that holds the dateline: its evidence must be words of the text
    text = "ERBIL (Agency) – police in Kirkuk .\n\n" + "\n\n".join(["gunmen attacked , killed"] * 3)
    for e in _events(windowed(40), text):
        for ev in e["evidence"].values():
            assert 0 <= ev["start"] <= ev["end"] <= len(text)
            assert text[ev["start"] : ev["end"]] == ev["text"]
