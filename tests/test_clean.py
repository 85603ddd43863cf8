from conflictwire.doc import Doc
from conflictwire.model import Article
from conflictwire.resources import Resources
from conflictwire.stages import clean


def _clean(text: str) -> Doc:
    doc = Doc(Article(text=text))
    return clean.run(doc, Resources())


def test_dateline_is_source_and_place_not_text():
    doc = _clean("MOSUL (Nineveh Wire) – Gunmen killed two shepherds near Badush on Sunday.")
    assert doc.dateline_source == "Nineveh Wire"
    assert doc.dateline_place.text == "MOSUL"
    assert "MOSUL" not in doc.clean_text and "Gunmen killed" in doc.clean_text


def test_wire_dateline_with_date():
    doc = _clean("KABUL, May 3 (Agency) - Taliban fighters attacked a checkpoint.")
    assert doc.dateline_place.text == "KABUL" and doc.dateline_source == "Agency"


def test_boilerplate_lines_blanked_offsets_kept():
    text = (
        "Troops clashed with rebels.\nRead More: Another story headline\n"
        "Police said two died.\nEditing by Jane Doe"
    )
    doc = _clean(text)
    assert len(doc.clean_text) == len(text)
    assert "Another story" not in doc.clean_text and "Jane Doe" not in doc.clean_text
    assert doc.clean_text.index("Police said") == text.index("Police said")
    assert doc.clean_text.count("\n") == text.count("\n")


def test_plain_text_untouched():
    text = "On 9 May 2020, medical interns protested in Haifa."
    doc = _clean(text)
    assert doc.clean_text == text and doc.dateline_place is None


def test_dateline_after_headline_is_read_when_known():
    text = "Two hurt in crash. HARTFORD — Two people were hurt on Route 9 on Monday."
    doc = _clean(text)
    assert doc.dateline_place.text == "HARTFORD"
    assert "HARTFORD" not in doc.clean_text and "Two hurt in crash." in doc.clean_text
    assert len(doc.clean_text) == len(text)


def test_capitals_after_headline_not_a_place_are_kept():
    text = "Council meets. XQZZY — The council voted on Monday."
    doc = _clean(text)
    assert doc.dateline_place is None and "XQZZY" in doc.clean_text


def test_wire_dateline_without_dash_after_source():
    doc = _clean("MEXICO CITY (AP) Mexico's Senate has passed a resolution.")
    assert doc.dateline_place.text == "MEXICO CITY" and doc.dateline_source == "AP"
    assert doc.clean_text.lstrip().startswith("Mexico's Senate")


def test_bare_dateline_of_known_place_at_start():
    doc = _clean("LONDON The Latest on the talks between both sides.")
    assert doc.dateline_place.text == "LONDON"
    assert doc.clean_text.lstrip().startswith("The Latest")


def test_caption_label_blanks_only_the_label():
    body = "Police closed the road near Colchester while paramedics attended the scene. " * 5
    text = "(Image: Jane Doe) " + body
    doc = _clean(text)
    assert "Jane Doe" not in doc.clean_text and doc.clean_text.endswith(body)
    long_credit = "Photo credit: Jane Doe. " + body
    doc = _clean(long_credit)
    assert "Jane Doe" not in doc.clean_text and body.strip() in doc.clean_text


def test_dateline_dates_of_every_form_are_blanked_with_it():
    for text, source in (
        ("SAN SALVADOR, 3 JAN 90 (RADIO CADENA) -- Rebels shelled a garrison.", "RADIO CADENA"),
        ("TUNIS (AP) Jan. 5, 2004 -- Police broke up a sit-in.", "AP"),
        ("LAGOS, Nigeria, 28 February 2016 - Traders shut their stalls.", None),
        ("NAIROBI — 4 April 2018 — Traders shut their stalls.", None),
    ):
        doc = _clean(text)
        assert doc.dateline_place is not None and doc.dateline_source == source
        assert not any(ch.isdigit() for ch in doc.clean_text), doc.clean_text
        assert len(doc.clean_text) == len(text)


def test_a_weekday_is_no_dateline_place():
    doc = _clean("MONDAY, MARCH 14, 2016 - Farmers blocked the highway.")
    assert doc.dateline_place is None
    assert doc.extra["published_from"] == "first line"
