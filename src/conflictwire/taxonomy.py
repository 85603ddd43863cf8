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

    @classmethod
    @cache
    def load(cls) -> Taxonomy:
        data = load_yaml("taxonomy.yaml")
        parent: dict[str, str] = {}
        rank: dict[str, int] = {}
        disorder: dict[str, str] = {}
        for et in data["event_types"]:
            for sub in et["sub_event_types"]:
                parent[sub] = et["name"]
                rank[sub] = len(rank)
                disorder[sub] = data["disorder_overrides"].get(sub, et["disorder"])
        return cls(parent, rank, disorder)

    def event_type(self, sub_event_type: str) -> str:
        return self.parent[sub_event_type]

    def disorder_type(self, sub_event_type: str) -> str:
        return self.disorder[sub_event_type]

    @property
    def sub_event_types(self) -> list[str]:
        return list(self.parent)
