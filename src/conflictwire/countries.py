"""Countries: ACLED names, ISO codes, ACLED regions, capitals, and the words that name them.

Built from the `countryinfo` package plus ``data/countries.yaml`` (ACLED's spellings and regions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from conflictwire.resources import load_yaml
from conflictwire.text import fold


@dataclass(frozen=True)
class Country:
    name: str  # ACLED's spelling
    iso: int  # ISO 3166 numeric, as ACLED's `iso` column
    iso2: str
    iso3: str
    region: str  # ACLED region
    latitude: float | None = None
    longitude: float | None = None
    capital: str | None = None
    capital_latitude: float | None = None
    capital_longitude: float | None = None
    aliases: tuple[str, ...] = field(default=())
    demonyms: tuple[str, ...] = field(default=())


class Countries:
    """Look countries up by name, alias, demonym or ISO code (case- and accent-insensitive)."""

    def __init__(
        self, countries: list[Country], preferred: dict[str, list[str]] | None = None
    ) -> None:
        self.all = countries
        self._by_key: dict[str, Country] = {}
        self._by_demonym: dict[str, Country] = {}
        for c in countries:
            for key in (c.name, c.iso2, c.iso3, *c.aliases):
                self._by_key.setdefault(fold(key), c)
            for d in c.demonyms:
                self._by_demonym.setdefault(fold(d), c)
        for name, words in (preferred or {}).items():  # "American" is the United States'
            c = self._by_key.get(fold(name))
            for d in words if c is not None else ():
                self._by_demonym[fold(d)] = c

    @classmethod
    @cache
    def load(cls) -> Countries:
        from countryinfo import all_countries

        conf = load_yaml("countries.yaml")
        renames: dict = conf["acled_names"]
        regions: dict = conf["regions"]
        overrides: dict = conf["region_overrides"]
        extra: dict = conf["extra"]
        out: list[Country] = []
        for ci in all_countries():
            info = ci.info()
            raw = info.get("name")
            iso = info.get("ISO") or {}
            if not raw or not iso.get("numeric"):
                continue
            if raw in renames and renames[raw] is None:
                continue
            name = renames.get(raw, raw)
            sub = info.get("intermediateregion") or info.get("subregion") or ""
            region = (
                overrides.get(name)
                or regions.get(sub)
                or regions.get(info.get("subregion") or "", "")
            )
            ext = extra.get(name) or {}
            latlng = info.get("latlng") or [None, None]
            cap = info.get("capital_latlng") or [None, None]
            aliases = [raw, *[a for a in info.get("altSpellings", []) if len(a) > 3]]
            aliases += ext.get("aliases", [])
            demonyms = [info["demonym"]] if info.get("demonym") else []
            demonyms += ext.get("demonyms", [])
            out.append(
                Country(
                    name=name,
                    iso=int(iso["numeric"]),
                    iso2=iso.get("alpha2", ""),
                    iso3=iso.get("alpha3", ""),
                    region=region,
                    latitude=latlng[0] if len(latlng) > 1 else None,
                    longitude=latlng[1] if len(latlng) > 1 else None,
                    capital=info.get("capital") or None,
                    capital_latitude=cap[0] if len(cap) > 1 else None,
                    capital_longitude=cap[1] if len(cap) > 1 else None,
                    aliases=tuple(dict.fromkeys(aliases)),
                    demonyms=tuple(dict.fromkeys(demonyms)),
                )
            )
        for a in conf.get("added") or []:  # countries countryinfo lacks (Kosovo)
            fields = {k: v for k, v in a.items() if k not in ("aliases", "demonyms")}
            out.append(Country(**fields, aliases=tuple(a.get("aliases", [])),
                               demonyms=tuple(a.get("demonyms", []))))  # fmt: skip
        preferred = {name: (e or {}).get("demonyms", []) for name, e in extra.items()}
        return cls(out, preferred)

    def get(self, name_or_code: str | None) -> Country | None:
        """A country by ACLED name, alias or ISO alpha-2/alpha-3 code."""
        if not name_or_code:
            return None
        return self._by_key.get(fold(name_or_code))

    def by_demonym(self, word: str) -> Country | None:
        """The country of a demonym ("Iraqi" -> Iraq); None when unknown."""
        return self._by_demonym.get(fold(word))

    def names(self) -> dict[str, Country]:
        """Every folded name, alias and demonym -> its country (for text scanning)."""
        return {**self._by_demonym, **{k: v for k, v in self._by_key.items() if len(k) > 3}}
