"""The actor catalogue: ACLED-style actor names and the phrases that name them in reports.

Knowledge lives in ``data/actors_generic.yaml`` (country templates: "Military Forces of {country}",
"Civilians ({country})", ...), ``data/actors_named.yaml`` (armed groups, cartels, coalitions,
state-force sub-units) and ``data/actors_identity.yaml`` (nationality words, ethnic groups, clans,
identity groups). This module compiles them into one token trie and finds every actor mention in a
text: longest match first, left to right, on word boundaries, with per-alias case rules.

    cat = ActorCatalogue.load()
    for m in cat.find("Iraqi federal police clashed with IS members", country="Iraq"):
        print(m.text, m.actor.name, m.kind, m.country_from)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

import yaml

from conflictwire.model import Actor
from conflictwire.resources import DATA_PACKAGE
from conflictwire.text import fold

_TOKEN = re.compile(r"[^\W_]+")
_GAP_OK = re.compile(r"[\s\-‐‑–'’/()&]{0,4}")
_GAP_DOT = re.compile(r"\.[\s\-]?")
# A demonym whose plural names the people ("Palestinian" -> "Palestinians", "Iraqi" -> "Iraqis");
# not "Sudanese" or "Turkish"
_PEOPLE_PLURAL = re.compile(r"[A-Z][a-z]+(an|i)")
_SLOT = re.compile(r"^\{(demonym|people|country|ethnic)\}$")
_COORD = frozenset({"and", "or"})

_Tok = tuple[int, int, str, str]  # start, end, raw text, folded
_SlotHit = tuple[str, str, int, int]  # slot name, value, first token, end token

# Priorities of competing readings of one span (higher wins).
_P_HOME, _P_OVERRIDE, _P_TRANSNATIONAL, _P_GENERIC, _P_ABROAD = 5, 4, 3, 2, 1


@dataclass(frozen=True)
class ActorMatch:
    """One actor mention: ``text == input[start - offset:end - offset]``."""

    start: int
    end: int
    text: str
    actor: Actor
    kind: str  # generic kind ("military", "civilians", ...), "named", "ethnic_militia", "identity",
    # or "observer" (a monitoring mission: it hints at the country but is no party to events)
    country_from: str  # "demonym" (a nationality word in the phrase), "named" or "context"


@dataclass(frozen=True)
class _Entry:
    """One reading of an alias: which actor it names and when it applies."""

    kind: str
    ref: int  # index into ActorCatalogue._named (named) or -1 (templates)
    exact: tuple[str, ...] | None  # literal tokens that must match case-sensitively
    local: bool  # only when the report's country is one of the actor's countries
    override: str | None = None  # generic alias that applies only in this country
    group: str | None = None  # ethnic group / clan name for ethnic and clan militias
    group_country: str | None = None


@dataclass
class _Node:
    kids: dict[str, _Node] = field(default_factory=dict)
    slots: dict[str, _Node] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)


@dataclass(frozen=True)
class _Named:
    name: str
    inter: int
    countries: tuple[str, ...] | None
    names: dict[str, str]
    observer: bool = False  # a monitor or reporter: points to a country, never an actor


@dataclass(frozen=True)
class _Template:
    kind: str
    name: str
    inter: int


def _tokens(text: str) -> list[_Tok]:
    """(start, end, raw, folded) for every alphanumeric run."""
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        out.append((m.start(), m.end(), raw, _fold_token(raw)))
    return out


def _is_exact(alias: str) -> bool:
    """An alias with an upper-case letter after a word's first character is case-sensitive."""
    return any(any(ch.isupper() for ch in tok[1:]) for tok in _TOKEN.findall(alias))


def _short_acronym(alias: str) -> bool:
    toks = _TOKEN.findall(alias)
    return len(toks) == 1 and len(toks[0]) <= 3 and toks[0].isupper()


def _fold_token(tok: str) -> str:
    return tok.lower() if tok.isascii() else fold(tok)


def _alias_tokens(alias: str) -> list[str]:
    """Alias -> trie keys: folded tokens, slots kept as "{demonym}" etc."""
    if "{" not in alias:
        return [_fold_token(t) for t in _TOKEN.findall(alias)]
    out: list[str] = []
    for part in alias.split():
        if _SLOT.match(part):
            out.append(part)
        else:
            out.extend(_fold_token(t) for t in _TOKEN.findall(part))
    return out


def _load_data(name: str) -> Any:
    """A data file, parsed with libyaml when available (the named list is large)."""
    text = importlib_resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def _literal_tokens(alias: str) -> tuple[str, ...]:
    return tuple(t for part in alias.split() if not _SLOT.match(part) for t in _TOKEN.findall(part))


def _fill(template: str, country: str | None, the_countries: frozenset[str]) -> str:
    """Fill {country}/{the_country}; without a country drop the scoped part."""
    if country is None:
        name = re.sub(r"\s*\(\{country\}\)", "", template)
        name = re.sub(r"\s+of \{the_country\}", "", name)
        return name.replace("{country}", "").replace("{the_country}", "").strip()
    the = f"the {country}" if country in the_countries else country
    return template.replace("{the_country}", the).replace("{country}", country)


class ActorCatalogue:
    """Actor names (generic templates + named actors) and a fast mention finder."""

    def __init__(self, generic: dict[str, Any], named: dict[str, Any], identity: dict[str, Any]):
        from conflictwire.countries import Countries

        countries = Countries.load()
        self._the = frozenset(generic.get("the_countries") or [])
        self._blocked = frozenset(fold(w) for w in generic.get("blocked_before") or [])
        self._openers = frozenset(fold(w) for w in generic.get("name_openers") or [])
        self._suffixes = frozenset(fold(w) for w in named.get("suffixes") or [])
        self._templates: dict[str, _Template] = {}
        self._named: list[_Named] = []
        self._root = _Node()
        self._id_root = _Node()
        # slot tries: {demonym} and {country} -> ACLED country; {ethnic} -> group name
        self._slot_roots: dict[str, _Node] = {
            "{demonym}": _Node(),
            "{people}": _Node(),
            "{country}": _Node(),
            "{ethnic}": _Node(),
        }
        self._slot_value: dict[int, str] = {}
        for c in countries.all:
            for d in c.demonyms:
                for part in d.split(","):
                    self._add_slot("{demonym}", part.strip(), c.name)
                    if _PEOPLE_PLURAL.fullmatch(part.strip()):  # "Palestinians", "Iraqis"
                        self._add_slot("{people}", part.strip() + "s", c.name)
            for a in (c.name, *c.aliases):
                if len(a) > 3 or a.isupper():
                    self._add_slot("{country}", a, c.name)
        for word, cname in (identity.get("demonyms") or {}).items():
            self._add_slot("{demonym}", word, cname, override=True)
        self._load_generic(generic)
        self._load_named(named)
        self._load_identity(identity)

    # ---- building -------------------------------------------------------------------------

    def _add_slot(self, slot: str, phrase: str, value: str, override: bool = False) -> None:
        node = self._slot_roots[slot]
        for t in _alias_tokens(phrase):
            node = node.kids.setdefault(t, _Node())
        key = id(node)
        if override or key not in self._slot_value:
            self._slot_value[key] = value
        if not node.entries:
            node.entries.append(_Entry("slot", -1, None, False))

    def _insert(self, alias: str, entry: _Entry, root: _Node | None = None) -> None:
        toks = _alias_tokens(alias)
        if not toks:
            return
        node = root or self._root
        for t in toks:
            node = (node.slots if _SLOT.match(t) else node.kids).setdefault(t, _Node())
        node.entries.append(entry)

    def _load_generic(self, conf: dict[str, Any]) -> None:
        for kind, spec in conf["templates"].items():
            self._templates[kind] = _Template(kind, spec["name"], int(spec["inter"]))
            for alias in spec.get("aliases") or []:
                exact = _literal_tokens(alias) if _is_exact(alias) else None
                self._insert(alias, _Entry(kind, -1, exact, False))
                if spec.get("prefix") and "{" not in alias:
                    self._insert("{demonym} " + alias, _Entry(kind, -1, exact, False))
        for country, kinds in (conf.get("country_overrides") or {}).items():
            for kind, aliases in kinds.items():
                for alias in aliases:
                    exact = _literal_tokens(alias) if _is_exact(alias) else None
                    self._insert(alias, _Entry(kind, -1, exact, False, override=country))

    def _load_named(self, conf: dict[str, Any]) -> None:
        for spec in conf["actors"]:
            countries = spec.get("countries")
            ref = len(self._named)
            self._named.append(
                _Named(
                    name=spec["name"],
                    inter=int(spec["inter"]),
                    countries=tuple(countries) if countries else None,
                    names=dict(spec.get("names") or {}),
                    observer=bool(spec.get("observer")),
                )
            )
            for alias, local in [(a, False) for a in spec.get("aliases") or []] + [
                (a, True) for a in spec.get("local") or []
            ]:
                alias = str(alias)
                exact = _literal_tokens(alias) if _is_exact(alias) else None
                # Short acronyms are too ambiguous abroad ("NAF", "ADF", "CV").
                local = local or (countries is not None and _short_acronym(alias))
                self._insert(alias, _Entry("named", ref, exact, local))

    def _load_identity(self, conf: dict[str, Any]) -> None:
        self._templates["ethnic_militia"] = _Template(
            "ethnic_militia", "{group} Ethnic Militia ({country})", 4
        )
        self._templates["clan_militia"] = _Template(
            "clan_militia", "{group} Clan Militia ({country})", 4
        )
        self._templates["ethnic_group"] = _Template(
            "ethnic_group", "{group} Ethnic Group ({country})", 7
        )
        words = [str(w) for w in conf.get("militia_words") or []]
        for group, forms in (conf.get("ethnic") or {}).items():
            for form in forms:
                self._add_slot("{ethnic}", form, group)
        for w in words:
            self._insert("{ethnic} " + w, _Entry("ethnic_militia", -1, None, False))
        self._insert("{ethnic}", _Entry("ethnic_group", -1, None, False), self._id_root)
        for country, clans in (conf.get("clans") or {}).items():
            for clan in clans:
                label = clan.replace("Habar Gidir", "Habar Gedir")
                if "-" in label:
                    label = label.replace(" Clan", "") + " Sub-Clan"
                else:
                    label = label + " Clan"
                for w in words:
                    for mid in ("", "clan ", "sub-clan "):
                        self._insert(
                            f"{clan} {mid}{w}",
                            _Entry(
                                "clan_militia", -1, None, True, group=label, group_country=country
                            ),
                        )
        for template, aliases in (conf.get("identity") or {}).items():
            kind = "identity:" + template
            self._templates[kind] = _Template(kind, template, 7)
            for alias in aliases:
                exact = _literal_tokens(alias) if _is_exact(alias) else None
                self._insert(alias, _Entry(kind, -1, exact, False), self._id_root)

    @classmethod
    @cache
    def load(cls) -> ActorCatalogue:
        """The catalogue of the shipped data files (cached per process)."""
        return cls(
            _load_data("actors_generic.yaml"),
            _load_data("actors_named.yaml"),
            _load_data("actors_identity.yaml"),
        )

    # ---- names ----------------------------------------------------------------------------

    def generic(self, kind: str, country: str | None) -> Actor:
        """The template actor of `kind` in `country` (``generic("civilians", "Iraq")``)."""
        t = self._templates[kind]
        return Actor(_fill(t.name, country, self._the), t.inter, country)

    def named(self, name: str, country: str | None) -> Actor | None:
        """The named actor whose ACLED name (template) is `name`, scoped to `country`."""
        for ref, n in enumerate(self._named):
            if n.name == name:
                return self._named_actor(ref, country)[0]
        return None

    def kinds(self) -> list[str]:
        return list(self._templates)

    def _named_actor(self, ref: int, country: str | None) -> tuple[Actor, str]:
        n = self._named[ref]
        if country and country in n.names:
            return Actor(n.names[country], n.inter, country), "context"
        if n.countries is None:
            return Actor(_fill(n.name, country, self._the), n.inter, country), "context"
        if country in n.countries:
            return Actor(_fill(n.name, country, self._the), n.inter, country), "context"
        home = n.countries[0]
        if home in n.names:
            return Actor(n.names[home], n.inter, home), "named"
        return Actor(_fill(n.name, home, self._the), n.inter, home), "named"

    # ---- matching -------------------------------------------------------------------------

    @staticmethod
    def _joined(text: str, toks: list[_Tok], j: int) -> bool:
        """May token j follow token j-1 inside one phrase?"""
        gap = text[toks[j - 1][1] : toks[j][0]]
        if _GAP_OK.fullmatch(gap):
            return "\n\n" not in gap
        return bool(_GAP_DOT.fullmatch(gap)) and len(toks[j - 1][2]) <= 2

    def _walk(
        self,
        text: str,
        toks: list[_Tok],
        node: _Node,
        j: int,
        lit: tuple[str, ...],
        slot: _SlotHit | None,
        out: list[tuple[int, _Entry, tuple[str, ...], _SlotHit | None]],
    ) -> None:
        """Depth-first walk from token j; collects (end token, entry, literal tokens, slot)."""
        for e in node.entries:
            out.append((j, e, lit, slot))
        if j >= len(toks) or (lit or slot) and not self._joined(text, toks, j):
            return
        child = node.kids.get(toks[j][3])
        if child is not None:
            self._walk(text, toks, child, j + 1, (*lit, toks[j][2]), slot, out)
        for name, sub in node.slots.items():
            for k, value in self._slot_matches(text, toks, name, j):
                self._walk(text, toks, sub, k, lit, (name, value, j, k), out)

    def _slot_matches(
        self, text: str, toks: list[_Tok], name: str, j: int
    ) -> list[tuple[int, str]]:
        node = self._slot_roots.get(name)
        out: list[tuple[int, str]] = []
        k = j
        while node is not None and k < len(toks):
            if k > j and not self._joined(text, toks, k):
                break
            node = node.kids.get(toks[k][3])
            k += 1
            if node is not None and node.entries:
                out.append((k, self._slot_value[id(node)]))
        return out

    def _score(self, e: _Entry, country: str | None) -> int:
        """Priority of one reading in the report's country (0: not applicable)."""
        if e.kind == "named":
            n = self._named[e.ref]
            home = n.countries is not None and country in n.countries
            if e.local and not home:
                return 0
            if home:
                return _P_HOME
            return _P_TRANSNATIONAL if n.countries is None else _P_ABROAD
        if e.override is not None:
            return _P_OVERRIDE if e.override == country else 0
        if e.local and e.group_country and e.group_country != country:
            return 0
        return _P_GENERIC

    def _best_at(
        self, text: str, toks: list[_Tok], root: _Node, i: int, country: str | None
    ) -> tuple[int, _Entry, _SlotHit | None] | None:
        """The longest applicable match starting at token i (ties: the best reading)."""
        cands: list[tuple[int, _Entry, tuple[str, ...], _SlotHit | None]] = []
        self._walk(text, toks, root, i, (), None, cands)
        best = None
        for end, e, lit, slot in cands:
            if end <= i or (e.exact is not None and lit != e.exact):
                continue
            score = self._score(e, country)
            if score and (best is None or (end, score) > (best[0], best[1])):
                best = (end, score, e, slot)
        return None if best is None else (best[0], best[2], best[3])

    def _emit(
        self,
        text: str,
        toks: list[_Tok],
        i: int,
        end: int,
        e: _Entry,
        slot: _SlotHit | None,
        country: str | None,
        offset: int,
    ) -> ActorMatch:
        actor, source = self._actor(e, slot, country)
        s, t = toks[i][0], toks[end - 1][1]
        kind = self._kind(e)
        if e.kind == "named" and self._named[e.ref].observer:
            kind = "observer"
        return ActorMatch(s + offset, t + offset, text[s:t], actor, kind, source)

    def _find(self, root: _Node, text: str, country: str | None, offset: int) -> list[ActorMatch]:
        toks = _tokens(text)
        out: list[ActorMatch] = []
        i = 0
        while i < len(toks):
            if self._blocked_at(text, toks, i):
                i += 1
                continue
            first = self._coordinated_first(text, toks, root, i, country)
            if first is not None:  # "Fellata and Rizeigat militias": Fellata's militia too
                k, e, slot = first
                out.append(self._emit(text, toks, i, k, e, slot, country, offset))
                i = k + 1
                continue
            best = self._best_at(text, toks, root, i, country)
            if best is None:
                i += 1
                continue
            end, e, slot = best
            if e.kind == "named" and self._tail_of_name(text, toks, i, end):
                i = end  # "the Garo National Liberation Army": not the ELN
                continue
            slot_at_end = slot is not None and slot[3] == end
            if (
                e.kind == "named"
                and end < len(toks)
                and toks[end][3] in self._suffixes
                and self._joined(text, toks, end)
            ):
                end += 1
            out.append(self._emit(text, toks, i, end, e, slot, country, offset))
            i = end
            # "military forces of India and Pakistan": Pakistan's forces too
            while slot_at_end and slot is not None and i + 1 < len(toks):
                if toks[i][3] not in _COORD or not self._joined(text, toks, i + 1):
                    break
                hits = self._slot_matches(text, toks, slot[0], i + 1)
                if not hits:
                    break
                k, value = hits[-1]
                slot = (slot[0], value, i + 1, k)
                out.append(self._emit(text, toks, i + 1, k, e, slot, country, offset))
                i = k
        return out

    def _coordinated_first(
        self, text: str, toks: list[_Tok], root: _Node, i: int, country: str | None
    ) -> tuple[int, _Entry, _SlotHit] | None:
        """A slot word coordinated with the slot of the next match ("A and B militias")."""
        for name in ("{demonym}", "{ethnic}"):
            for k, value in self._slot_matches(text, toks, name, i):
                if k + 1 >= len(toks) or toks[k][3] not in _COORD:
                    continue
                if not (self._joined(text, toks, k) and self._joined(text, toks, k + 1)):
                    continue
                nxt = self._best_at(text, toks, root, k + 1, country)
                if nxt is None or nxt[2] is None or nxt[2][0] != name or nxt[2][2] != k + 1:
                    continue
                if nxt[2][3] == nxt[0]:  # the slot is the whole next match: nothing shared
                    continue
                return k, nxt[1], (name, value, i, k)
        return None

    def _tail_of_name(self, text: str, toks: list[_Tok], i: int, end: int) -> bool:
        """Whether the match ``[i, end)`` of a name of several words ends a longer name: a
        capitalised word joined right before it that is no demonym or common opener ("Garo
        National Liberation Army", not "Colombian National Liberation Army" or "The National
        ..."). Text in capitals tells nothing."""
        if i == 0 or end - i < 2 or text[toks[i - 1][1] : toks[i][0]] != " ":
            return False
        prev, first = toks[i - 1][2], toks[i][2]
        titled = prev[:1].isupper() and prev[1:].islower() and first[:1].isupper()
        before = text[: toks[i - 1][0]].rstrip(" \"'(")
        opens = not before or before[-1] in ".!?:;"  # "One Boko Haram fighter was killed."
        hyphened = text[toks[i - 1][0] - 1 : toks[i - 1][0]] == "-"  # "anti-Houthi National ..."
        if not titled or opens or hyphened or fold(prev) in self._openers:
            return False
        return not self._slot_matches(text, toks, "{demonym}", i - 1)

    def _blocked_at(self, text: str, toks: list[_Tok], i: int) -> bool:
        return i > 0 and toks[i - 1][3] in self._blocked and self._joined(text, toks, i)

    @staticmethod
    def _kind(e: _Entry) -> str:
        return e.kind.split(":", 1)[0]

    def _actor(self, e: _Entry, slot: _SlotHit | None, country: str | None) -> tuple[Actor, str]:
        if e.kind == "named":
            return self._named_actor(e.ref, country)
        source, group = "context", e.group
        if slot is not None and slot[0] in ("{demonym}", "{people}", "{country}"):
            country, source = slot[1], "demonym"
        elif slot is not None and slot[0] == "{ethnic}":
            group = slot[1]
        if e.group_country:
            country, source = e.group_country, "named"
        t = self._templates[e.kind]
        name = t.name.replace("{group}", group or "")
        return Actor(_fill(name, country, self._the), t.inter, country), source

    def find(self, text: str, country: str | None = None, offset: int = 0) -> list[ActorMatch]:
        """Every actor mention in `text`, left to right (longest non-overlapping matches).

        `country` is the report's focus country (ACLED name): it scopes generic actors
        ("gunmen" -> Unidentified Armed Group (<country>)) and picks among named actors sharing
        a phrase ("Taliban" in Pakistan -> TTP). Offsets are shifted by `offset`.
        """
        return self._find(self._root, text, country, offset)

    def find_identity(
        self, text: str, country: str | None = None, offset: int = 0
    ) -> list[ActorMatch]:
        """Identity / associated-actor mentions ("nurses" -> Health Workers (<country>),
        "Kurdish" -> Kurdish Ethnic Group (<country>)), kind "identity" or "ethnic_group"."""
        return self._find(self._id_root, text, country, offset)

    def names(self) -> list[str]:
        """Every named actor's name template (for tests and audits)."""
        return [n.name for n in self._named]
