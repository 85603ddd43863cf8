"""De-duplication: events of different reports that describe one incident become one incident.

Two events *link* when their dates are within a day, their places within 25 km or in the same
admin2, their sub-event types compatible and their actors compatible (rules in
``data/dedup.yaml``); events of the same report never link. Incidents are built by complete
linkage: links are taken best first and two groups merge only when every pair across them links.
Links are ordered by score and then by the events' keys (which depend on the reports' text, not
on when they were stored), so the same events always give the same incidents.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from conflictwire.geo import haversine_km
from conflictwire.resources import load_yaml
from conflictwire.text import fold

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Rules:
    max_days: int
    max_km: float
    groups: tuple[frozenset[str], ...]
    generic_prefixes: tuple[str, ...]


@cache
def rules() -> Rules:
    data = load_yaml("dedup.yaml")
    groups = tuple(frozenset(v) for v in data["compatible_sub_event_types"].values())
    prefixes = tuple(fold(p) for p in data.get("generic_actor_prefixes", []))
    return Rules(int(data["max_days"]), float(data["max_km"]), groups, prefixes)


def _date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def _f(v: Any) -> str:
    return fold(v) if isinstance(v, str) and v.strip() else ""


def _specific(name: str, r: Rules) -> bool:
    return bool(name) and not name.startswith(r.generic_prefixes)


def _types_ok(a: Row, b: Row, r: Rules) -> str | None:
    sa, sb = a.get("sub_event_type") or "", b.get("sub_event_type") or ""
    if sa == sb:
        return f"same sub-event type ({sa or 'none'})"
    if any(sa in g and sb in g for g in r.groups):
        return f"compatible sub-event types ({sa} ~ {sb})"
    return None


def _actors_ok(a: Row, b: Row, r: Rules) -> str | None:
    sa = {_f(x) for x in (a.get("assoc_actor_1") or "").split(";") if x.strip()}
    sb = {_f(x) for x in (b.get("assoc_actor_1") or "").split(";") if x.strip()}
    if sa and sb and not sa & sb:
        return None  # e.g. teachers marching vs truckers blocking roads
    a1, b1 = _f(a.get("actor1")), _f(b.get("actor1"))
    a2, b2 = _f(a.get("actor2")), _f(b.get("actor2"))
    if not _specific(a1, r) or not _specific(b1, r):
        return "actor1 unidentified in one report"
    if a1 == b1:
        return f"same actor1 ({a.get('actor1')})"
    if a1 == b2 and b1 == a2:
        return f"same actors, roles swapped ({a.get('actor1')} / {b.get('actor1')})"
    return None


def _place_ok(a: Row, b: Row, r: Rules) -> tuple[str, float] | None:
    ca, cb = _f(a.get("country")), _f(b.get("country"))
    if ca and cb and ca != cb:
        return None
    la, oa = a.get("latitude"), a.get("longitude")
    lb, ob = b.get("latitude"), b.get("longitude")
    km = math.inf
    if None not in (la, oa, lb, ob):
        km = haversine_km(la, oa, lb, ob)
        if km <= r.max_km:
            return f"{km:.1f} km apart", km
    a2, b2 = _f(a.get("admin2")), _f(b.get("admin2"))
    if a2 and a2 == b2 and ca and ca == cb:
        return f"same admin2 ({a.get('admin2')})", min(km, r.max_km)
    la_, lb_ = _f(a.get("location")), _f(b.get("location"))
    if math.isinf(km) and la_ and la_ == lb_ and ca and ca == cb:
        return f"same location ({a.get('location')})", r.max_km
    return None


def link(a: Row, b: Row, r: Rules | None = None) -> tuple[float, list[str]] | None:
    """(score, reasons) when events ``a`` and ``b`` describe the same incident, else None."""
    r = r or rules()
    if a.get("article_id") == b.get("article_id"):
        return None
    da, db = _date(a.get("event_date")), _date(b.get("event_date"))
    if da is None or db is None:
        return None
    days = abs((da - db).days)
    if days > r.max_days:
        return None
    types = _types_ok(a, b, r)
    if types is None:
        return None
    place = _place_ok(a, b, r)
    if place is None:
        return None
    actors = _actors_ok(a, b, r)
    if actors is None:
        return None
    where, km = place
    score = 10.0 - 3 * days - 2 * km / r.max_km
    score += 2 if a.get("sub_event_type") == b.get("sub_event_type") else 0
    score += 1 if actors.startswith("same actor1") else 0
    score += 1 if _f(a.get("location")) and _f(a.get("location")) == _f(b.get("location")) else 0
    when = "same date" if days == 0 else f"dates {days} day apart"
    return score, [when, where, types, actors]


@dataclass
class Cluster:
    """One incident: its member event keys (sorted) and why they were merged."""

    members: list[str]
    reasons: list[dict[str, Any]] = field(default_factory=list)


def cluster(events: Sequence[Row], r: Rules | None = None) -> list[Cluster]:
    """Group events (each with a unique ``key``) into incidents; deterministic in the set."""
    r = r or rules()
    rows = sorted(events, key=lambda e: e["key"])
    by_key = {e["key"]: e for e in rows}
    links: dict[tuple[str, str], tuple[float, list[str]]] = {}
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            got = link(a, b, r)
            if got is not None:
                links[(a["key"], b["key"])] = got
    group: dict[str, Cluster] = {k: Cluster([k]) for k in by_key}
    order = sorted(links.items(), key=lambda kv: (-kv[1][0], kv[0]))
    for (ka, kb), (score, reasons) in order:
        ga, gb = group[ka], group[kb]
        if ga is gb:
            continue
        if not all((min(x, y), max(x, y)) in links for x in ga.members for y in gb.members):
            continue
        ga.members = sorted(ga.members + gb.members)
        ga.reasons += gb.reasons + [{"events": [ka, kb], "score": round(score, 2), "why": reasons}]
        for k in gb.members:
            group[k] = ga
    seen: dict[int, Cluster] = {}
    for c in group.values():
        seen.setdefault(id(c), c)
    return sorted(seen.values(), key=lambda c: c.members[0])


def incident_id(members: Iterable[str]) -> str:
    """A stable id: a hash of the smallest member key."""
    return hashlib.sha1(min(members).encode()).hexdigest()[:16]


def fatality_estimates(counts: Iterable[int]) -> dict[str, int]:
    """ACLED's figure (the lowest credible report) and UCDP-style low / best / high.

    Reports that give no number (0) do not lower the figure; best is the median report.
    """
    xs = sorted(int(c) for c in counts if c and int(c) > 0)
    if not xs:
        return {"fatalities": 0, "fatalities_low": 0, "fatalities_best": 0, "fatalities_high": 0}
    return {
        "fatalities": xs[0],
        "fatalities_low": xs[0],
        "fatalities_best": xs[(len(xs) - 1) // 2],
        "fatalities_high": xs[-1],
    }


def _report_order(e: Row) -> tuple:
    pub = _date(e.get("published")) or date.max
    return (pub, e.get("source") or "", e["key"])


def summarise(members: Sequence[Row], fields: Sequence[str]) -> dict[str, Any]:
    """The incident record of a group of events: the most precise, most confident member's
    fields, every source (earliest report first), merged fatality figures."""
    best = min(
        members,
        key=lambda e: (
            -(e.get("confidence") or 0.0),
            e.get("geo_precision") or 9,
            e.get("time_precision") or 9,
            e["key"],
        ),
    )
    out = {f: best.get(f) for f in fields}
    sources: list[str] = []
    for e in sorted(members, key=_report_order):
        for s in (e.get("source") or "").split(";"):
            s = s.strip()
            if s and s not in sources:
                sources.append(s)
    out["sources"] = "; ".join(sources)
    out.update(fatality_estimates(e.get("fatalities") or 0 for e in members))
    inj = sorted(int(e.get("injuries") or 0) for e in members if (e.get("injuries") or 0) > 0)
    out["injuries"] = inj[0] if inj else 0
    out["n_reports"] = len({e.get("article_id") for e in members})
    return out
