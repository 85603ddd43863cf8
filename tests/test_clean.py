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
