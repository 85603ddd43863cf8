"""A test helper: a parsed Doc with bare mentions planted on given trigger words, so that one
stage (dates, counts) can be tested without the events stage."""

from __future__ import annotations

from datetime import date

from conflictwire.doc import Doc, Mention
from conflictwire.model import Article


def doc_with_mentions(nlp, text: str, published: date | None, triggers: list[str] | None) -> Doc:
    """``triggers`` None: one mention on the first verb of the first sentence."""
    doc = Doc(article=Article(text=text, published=published), clean_text=text)
    doc.spacy = nlp(text)
    sents = list(doc.spacy.sents)
    if triggers is None:
        triggers = [next(t for t in sents[0] if t.pos_ == "VERB").text]
    for word in triggers:
        start = text.index(word)
        sent = next(s for s in sents if s.start_char <= start < s.end_char)
        span = (sent.start_char, sent.end_char)
        doc.mentions.append(
            Mention(
                trigger=doc.evidence(start, start + len(word)),
                sentence=span,
                clause=span,
                event_type="",
                sub_event_type="",
            )
        )
    return doc


def first(rules, text: str):
    """The first candidate the rule stages tell in ``text`` (published 10 March 2021)."""
    from conflictwire.model import Article

    doc = rules.process(Article(text=text, published=date(2021, 3, 10)))
    assert doc.mentions, text
    return doc.mentions[0]
