"""HTML markup left in a report's text is read as what it stands for, offsets unmoved."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from conflictwire.markup import neutralise
from conflictwire.model import Article


def test_plain_text_is_unchanged():
    text = "Casualties: <10 dead & 3 hurt; a < b > c. R&D; AT&T."
    assert neutralise(text) == text


def test_tags_become_blanks_and_block_tags_line_breaks():
    text = '<p class="x">Gunmen attacked.</p><span>Police</span> said<br/>more.'
    out = neutralise(text)
    assert len(out) == len(text)
    assert out.split() == ["Gunmen", "attacked.", "Police", "said", "more."]
    assert out[0] == "\n" and out[text.index("<br/>")] == "\n"
    assert out[text.index("<span>")] == " "


def test_scripts_styles_and_comments_are_blanked_with_their_content():
    text = "A<script>var killed = 40;</script>B<!-- 12 dead -->C<style>p{}</style>D"
    out = neutralise(text)
    assert len(out) == len(text) and out.split() == ["A", "B", "C", "D"]


def test_character_references_are_read_in_place():
    text = "4 people &amp; 2 soldiers, the village&#8217;s guards &#x2014; &nbsp;&bogus;"
    out = neutralise(text)
    assert len(out) == len(text)
    assert out.startswith("4 people &     2 soldiers, the village’      s guards —")
    assert "&bogus;" in out  # not a reference: left as written


@given(st.text(alphabet=st.sampled_from(list("<>&;#/ap =\"'x0123\n")), max_size=60))
def test_the_length_is_always_kept(text):
    assert len(neutralise(text)) == len(text)


def test_an_entity_is_not_a_victim_and_evidence_stays_exact(pipeline):
    text = (
        "<p>Gunmen killed 4 people &amp; wounded 2 in Mosul, Iraq, on Monday, "
        "police said.</p>"
    )
    events = pipeline.extract(Article(text=text, id="html", published=date(2020, 3, 10)))
    assert [e.fatalities for e in events] == [4]
    for ev in events[0].evidence.values():
        if hasattr(ev, "start"):
            assert text[ev.start : ev.end] == ev.text
