"""ACLED's event taxonomy (``data/taxonomy.yaml``): types, sub-types, disorder, precedence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from conflictwire.resources import load_yaml


@dataclass(frozen=True)
class Taxonomy:
    parent: dict[str, str]  # sub-event type -> event type
    rank: dict[str, int]  # sub-event type -> precedence (lower wins when tactics mix)
    disorder: dict[str, str]  # sub-event type -> disorder type
    event_disorder: dict[str, str]  # event type -> its disorder type (before sub-type overrides)
    catch_all: str = "Other"  # the sub-event type for what no other one fits

    @classmethod
    @cache
    def load(cls) -> Taxonomy:
        data = load_yaml("taxonomy.yaml")
        parent: dict[str, str] = {}
        rank: dict[str, int] = {}
        disorder: dict[str, str] = {}
        event_disorder: dict[str, str] = {}
        for et in data["event_types"]:
            event_disorder[et["name"]] = et["disorder"]
            for sub in et["sub_event_types"]:
                parent[sub] = et["name"]
                rank[sub] = len(rank)
                disorder[sub] = data["disorder_overrides"].get(sub, et["disorder"])
        return cls(parent, rank, disorder, event_disorder, data["catch_all"])

    def event_type(self, sub_event_type: str) -> str:
        return self.parent[sub_event_type]

    def disorder_type(self, sub_event_type: str) -> str:
        return self.disorder[sub_event_type]

    @property
    def sub_event_types(self) -> list[str]:
        return list(self.parent)

    @property
    def political_violence(self) -> frozenset[str]:
        """The event types of political violence (Battles, Explosions/Remote violence, Violence
        against civilians)."""
        return frozenset(e for e, d in self.event_disorder.items() if d == "Political violence")

    @property
    def demonstrations(self) -> frozenset[str]:
        """The event types of demonstrations (Protests, Riots)."""
        return frozenset(e for e, d in self.event_disorder.items() if d == "Demonstrations")

    @property
    def demonstration_sub_types(self) -> frozenset[str]:
        """The sub-event types of the demonstrations' event types."""
        return frozenset(s for s, e in self.parent.items() if e in self.demonstrations)
