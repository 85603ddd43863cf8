"""Importing GeoNames dumps: small files written in the GeoNames format."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conflictwire.gazetteer import Gazetteer
from conflictwire.gazetteer.geonames import GeoNamesError, import_geonames


def _geoname(gid, name, alts, lat, lon, fclass, fcode, cc, a1="", a2="", pop=0) -> str:
    ascii_ = name.replace("ā", "a")
    cols = [str(gid), name, ascii_, ",".join(alts), str(lat), str(lon), fclass, fcode, cc, "",
            a1, a2, "", "", str(pop), "", "300", "Asia/Baghdad", "2020-01-01"]  # fmt: skip
    assert len(cols) == 19
    return "\t".join(cols)


ROWS = [
    _geoname(94823, "Kirkuk Governorate", ["Muhafazat Kirkuk"], 35.5, 44.3, "A", "ADM1", "IQ",
             "13"),
    _geoname(9166581, "Daquq District", [], 35.1, 44.4, "A", "ADM2", "IQ", "13", "9166581"),
    _geoname(94824, "Kirkuk", ["Karkuk", "Kerkuk"], 35.468, 44.392, "P", "PPLA", "IQ", "13",
             "", 601433),
    _geoname(99001, "Dāqūq", ["Tawuq"], 35.14, 44.45, "P", "PPLA2", "IQ", "13", "9166581", 30000),
    _geoname(99002, "Ali Sarai", [], 35.2, 44.5, "P", "PPL", "IQ", "13", "9166581"),
]  # fmt: skip


@pytest.fixture()
def dumps(tmp_path: Path) -> list[Path]:
    main = tmp_path / "IQ.txt"
    main.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    a1 = tmp_path / "admin1CodesASCII.txt"
    a1.write_text("IQ.13\tKirkuk\tKirkuk\t94823\n", encoding="utf-8")
    a2 = tmp_path / "admin2Codes.txt"
    a2.write_text("IQ.13.9166581\tDaquq\tDaquq\t9166581\n", encoding="utf-8")
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text(
        "1\t99002\ten\tAlisaray\t\t\t\t\t\t\n2\t99002\tlink\thttps://x\t\t\t\t\t\t\n",
        encoding="utf-8",
    )
    return [main, a1, a2, alt]


def test_import_and_lookup(dumps: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "gaz.sqlite"
    stats = import_geonames(dumps, target)
    assert stats["places"] == len(ROWS)
    gaz = Gazetteer.open(target)
    k = gaz.lookup("Kirkuk", "IQ")[0]
    assert (k.geonameid, k.admin1, k.fcode) == (94824, "Kirkuk", "PPLA")
    assert gaz.lookup("Kerkuk", "IQ")[0].geonameid == 94824  # alternate name, main file
    assert gaz.lookup("Alisaray", "IQ")[0].geonameid == 99002  # alternateNamesV2
    d = gaz.lookup("Daquq", "IQ")
    assert d[0].geonameid == 99001 and d[0].admin2 == "Daquq"
    assert gaz.by_code("IQ.13").name == "Kirkuk Governorate"
    assert gaz.lookup("Iraq")[0].fcode == "PCLI"  # countries always present
    assert not gaz.exact("https://x")


def test_import_zip(dumps: list[Path], tmp_path: Path) -> None:
    z = tmp_path / "IQ.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(dumps[0], "IQ.txt")
        zf.writestr("readme.txt", "about")
    target = tmp_path / "gaz.sqlite"
    import_geonames([z], target)
    assert Gazetteer.open(target).lookup("Ali Sarai", "IQ")[0].geonameid == 99002


def _expect_error(files: list[Path], target: Path, *words: str) -> None:
    before = target.read_bytes()
    with pytest.raises(GeoNamesError) as e:
        import_geonames(files, target)
    for w in words:
        assert w in str(e.value)
    assert target.read_bytes() == before  # the existing gazetteer is left intact
    assert [p.name for p in target.parent.glob("*.tmp")] == []


def test_bad_inputs_leave_the_gazetteer_intact(dumps: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "gaz.sqlite"
    import_geonames(dumps[:1], target)
    bad = tmp_path / "XX.txt"
    bad.write_text(ROWS[0] + "\n" + ROWS[1][:40] + "\n", encoding="utf-8")  # truncated row
    _expect_error([bad], target, "XX.txt:2", "columns")
    bad.write_text(ROWS[0].replace("\tIQ\t", "\tQQ\t") + "\n", encoding="utf-8")
    _expect_error([bad], target, "XX.txt:1", "unknown country code 'QQ'")
    bad.write_text(ROWS[0].replace("35.5", "north") + "\n", encoding="utf-8")
    _expect_error([bad], target, "XX.txt:1", "latitude")
    z = tmp_path / "YY.zip"
    z.write_bytes(b"PK\x03\x04 not really a zip")
    _expect_error([z], target, "YY.zip", "zip")
    a1 = tmp_path / "admin1CodesASCII.txt"
    a1.write_text("IQ.13\tKirkuk\n", encoding="utf-8")
    _expect_error([dumps[0], a1], target, "admin1CodesASCII.txt:1", "expected 4")
    _expect_error([dumps[1]], target, "main file")


def test_default_prefers_the_user_gazetteer(monkeypatch, tmp_path: Path, dumps) -> None:
    from conflictwire.gazetteer.paths import EMBEDDED, default_path, user_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CONFLICTWIRE_GAZETTEER", raising=False)
    assert default_path() == EMBEDDED
    import_geonames(dumps[:1], user_path())
    assert default_path() == user_path()
    assert Gazetteer.open(None).path == user_path()


def test_dumps_added_onto_a_gazetteer_keep_its_places_and_fill_only_what_it_lacks(
    dumps: list[Path], tmp_path: Path
) -> None:
    base = tmp_path / "base.sqlite"
    import_geonames(dumps, base)
    more = tmp_path / "cities15000.txt"  # a later dump: Kirkuk again, without its units' codes
    more.write_text("\n".join([
        _geoname(94824, "Kirkuk", ["Kirkouk"], 35.468, 44.392, "P", "PPLA", "IQ", "", "", 975000),
        _geoname(98182, "Baghdad", [], 33.34, 44.40, "P", "PPLC", "IQ", "07", "", 5672513),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    a1 = tmp_path / "admin1CodesASCII.txt"
    a1.write_text("IQ.13\tKirkuk Province\tKirkuk Province\t94823\nIQ.07\tBaghdad\tBaghdad\t1\n",
                  encoding="utf-8")  # fmt: skip
    target = tmp_path / "added.sqlite"
    stats = import_geonames([more, a1], target, onto=base)
    assert stats["places"] == 2
    gaz = Gazetteer.open(target)
    k = gaz.lookup("Kirkuk", "IQ")[0]
    assert k.geonameid == 94824 and k.population == 975000  # the dump's figure
    assert k.admin1 == "Kirkuk"  # the base's name stays
    assert gaz.lookup("Kirkouk", "IQ")[0].geonameid == 94824  # and the dump's names are added
    assert gaz.lookup("Alisaray", "IQ")[0].geonameid == 99002  # the base's places stay
    assert gaz.lookup("Baghdad", "IQ")[0].admin1 == "Baghdad"  # a new place gets its unit
    with pytest.raises(GeoNamesError, match="no gazetteer"):
        import_geonames([more], tmp_path / "x.sqlite", onto=tmp_path / "missing.sqlite")


REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "geonames"


@pytest.mark.skipif(not (REAL / "cities15000.txt").is_file(), reason="../shared/data/geonames "
                    "not found")  # fmt: skip
def test_the_real_geonames_files_import(tmp_path: Path) -> None:
    files = [REAL / n for n in ("cities15000.txt", "admin1CodesASCII.txt", "admin2Codes.txt")]
    target = tmp_path / "real.sqlite"
    stats = import_geonames(files, target)
    assert stats["places"] == 22_841 and stats["admin codes"] == 3_955 + 44_796
    gaz = Gazetteer.open(target)
    kirkuk = gaz.lookup("Kirkuk", "IQ")[0]
    assert kirkuk.fcode.startswith("PPL") and kirkuk.admin1  # named from admin1CodesASCII
    assert any(p.fcode == "PCLI" for p in gaz.lookup("Iraq"))  # countries always present
    added = import_geonames(files, tmp_path / "added.sqlite", onto=gaz.path)
    assert added["places"] == 22_841
    both = Gazetteer.open(tmp_path / "added.sqlite")
    assert both.lookup("Kirkuk", "IQ")[0].geonameid == kirkuk.geonameid
