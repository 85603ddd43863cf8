"""Read-only knowledge the stages use, loaded once per process and passed in.

Every piece of knowledge lives in a data file under ``conflictwire/data/`` (YAML) or in the
gazetteer's SQLite file; this module only finds and loads them. A stage receives a ``Resources``
and touches only the attributes it needs, so a test can hand it a tiny one.
"""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import yaml

DATA_PACKAGE = "conflictwire.data"


@cache
def load_yaml(name: str) -> Any:
    """A YAML data file shipped in ``conflictwire/data/`` (cached per process)."""
    path = importlib_resources.files(DATA_PACKAGE).joinpath(name)
    with path.open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class Resources:
    """The lexicons, catalogues and gazetteer of one pipeline; each loaded on first use."""

    def __init__(
        self, gazetteer_path: str | Path | None = None, propose_weak: bool = True
    ) -> None:
        self.gazetteer_path = gazetteer_path
        # Whether the events stage also proposes the candidates its rules set aside. The shipped
        # model never keeps one, but it was trained with them among a report's candidates (its
        # rank feature counts them), so leaving them out would change its answers.
        self.propose_weak = propose_weak

    @cached_property
    def taxonomy(self) -> Any:
        from conflictwire.taxonomy import Taxonomy

        return Taxonomy.load()

    @cached_property
    def triggers(self) -> Any:
        from conflictwire.stages.events import TriggerLexicon

        return TriggerLexicon.load()

    @cached_property
    def actors(self) -> Any:
        from conflictwire.catalogue import ActorCatalogue

        return ActorCatalogue.load()

    @cached_property
    def countries(self) -> Any:
        from conflictwire.countries import Countries

        return Countries.load()

    @cached_property
    def gazetteer(self) -> Any:
        from conflictwire.gazetteer import Gazetteer

        return Gazetteer.open(self.gazetteer_path)

    @cached_property
    def boilerplate(self) -> Any:
        return load_yaml("boilerplate.yaml")

    @cached_property
    def numbers(self) -> Any:
        return load_yaml("numbers.yaml")

    @cached_property
    def decision(self) -> Any:
        """The shipped event-decision model (None when the package carries none)."""
        from conflictwire.decision.model import default_model

        return default_model()

    @cached_property
    def resolver(self) -> Any:
        """The shipped model that weighs a place name's readings (``gazetteer/rank.py``)."""
        from conflictwire.gazetteer.rank import default_ranker

        return default_ranker()

    @cached_property
    def casing(self) -> Any:
        """The shipped table of words' usual case (``casing.py``), or None."""
        from conflictwire.casing import default_casing

        return default_casing()

    @cached_property
    def relevance(self) -> Any:
        """The shipped relevance gate (None when the package carries none)."""
        from conflictwire.decision.relevance import default_relevance

        return default_relevance()


@cache
def default_resources() -> Resources:
    """The process-wide default resources (the embedded gazetteer)."""
    return Resources()
