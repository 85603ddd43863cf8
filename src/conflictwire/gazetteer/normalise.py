"""Lookup keys for place names: a strict key and a looser spelling-variant "skeleton"."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from unidecode import unidecode

from conflictwire.resources import load_yaml

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@cache
def _conf() -> dict:
    conf = load_yaml("gazetteer_normalise.yaml")
    return {
        "articles": frozenset(conf["articles"]),
        "generic": frozenset(conf["generic_words"]),
        "rules": [(re.compile(a), b) for a, b in conf["skeleton_rules"]],
    }


def _tokens(name: str) -> list[str]:
    s = unidecode(unicodedata.normalize("NFC", name)).lower()
    s = _APOSTROPHES.sub("", s)
    return _NON_ALNUM.sub(" ", s).split()


@lru_cache(maxsize=200_000)
def key(name: str) -> str:
    """The strict key: ASCII, lower case, punctuation gone, articles ("al-", "el-") dropped."""
    toks = _tokens(name)
    kept = [t for t in toks if t not in _conf()["articles"]]
    return " ".join(kept or toks)


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """The loose key: ``key`` with transliteration variants folded (ay/ai, ee/i, q/k, w/u...)."""
    s = key(name)
    for pat, rep in _conf()["rules"]:
        s = pat.sub(rep, s)
    return s


def strip_generic(name: str) -> str:
    """``key`` without leading/trailing unit words ("Kirkuk Governorate" -> "kirkuk"), maybe ""."""
    toks = key(name).split()
    generic = _conf()["generic"]
    while toks and toks[0] in generic:
        toks.pop(0)
    while toks and toks[-1] in generic:
        toks.pop()
    return " ".join(toks)


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script (so its ASCII folding is meaningful)."""
    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return any(ch.isalpha() for ch in name)
