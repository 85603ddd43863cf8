"""The ACLED evaluator's metric definitions, checked with a fake pipeline and made-up rows."""

from __future__ import annotations

import csv
import io
import json
import zlib
from datetime import date

import pytest
from rich.console import Console

from conflictwire.evaluate.annotations import strip_annotations
from conflictwire.evaluate.handcoded import (
    FIELDS,
    EvaluationError,
    evaluate_acled,
    haversine_km,
    norm,
    parse_acled_date,
    parse_inter,
    print_report,
    split_of,
)
from conflictwire.model import Actor, Article, Event, Place

COLUMNS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1",
           "actor2", "inter2", "country", "admin1", "location", "latitude", "longitude", "source",
           "notes", "fatalities"]  # fmt: skip

# Made-up rows in three date styles; inter1 of the third is spelled out as in newer exports.
ROWS = [
    ["AAA1", "9-May-20", "Battles", "Armed clash", "Military Forces of Nigeria (2015-2023)", "1",
     "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "2", "Nigeria", "Borno",
     "Bama", "11.52", "13.69", "Desk One",
     "On 9 May 2020, soldiers clashed with Boko Haram near Bama (Borno). 5 dead.", "5"],
    ["AAA2", "2020-05-03", "Protests", "Peaceful protest", "Protesters (Colombia)", "6", "", "0",
     "Colombia", "Valle del Cauca", "Cali", "3.45", "-76.53", "Desk Two",
     "On 3 May 2020, nurses protested in Cali over pay. [size=no report]", "0"],
    ["AAA3", "09 May 2020", "Violence against civilians", "Attack", "Unidentified Armed Group",
     "Political militia", "Civilians (Mali)", "Civilians", "Mali", "Mopti", "Bandiagara",
     "14.35", "-3.61", "Desk Three", "On 9 May 2020, gunmen killed 2 villagers near Bandiagara.",
     "2"],
    ["AAA4", "8-May-20", "Explosions/Remote violence", "Remote explosive/landmine/IED",
     "Unidentified Armed Group (Iraq)", "3", "Military Forces of Iraq (2014-)", "1", "Iraq",
     "Al Anbar", "Ar Rutbah", "33.04", "40.28", "Desk Four",
     "On 8 May 2020, an IED killed 3 soldiers near Ar Rutbah (Al Anbar).", "3"],
]  # fmt: skip


def event(
    aid: str,
    etype: str,
    sub: str,
    a1: tuple[str, int] | None,
    a2: tuple[str, int] | None,
    day: date | None,
    country: str,
    admin1: str,
    lat: float,
    lon: float,
    fat: int,
    conf: float = 0.5,
) -> Event:
    return Event(
        article_id=aid, event_date=day, time_precision=1, disorder_type="Political violence",
        event_type=etype, sub_event_type=sub,
        actor1=Actor(*a1) if a1 else None, actor2=Actor(*a2) if a2 else None,
        place=Place(name="x", country=country, admin1=admin1, latitude=lat, longitude=lon),
        fatalities=fat, confidence=conf,
    )  # fmt: skip


PREDICTIONS = {
    # right everywhere after normalisation; 0.3 degrees of latitude (~33 km) off
    "AAA1": [event("AAA1", "battles", "Armed Clash", ("Military forces of Nigeria", 1),
                   ("Boko Haram: Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad (2019-)", 2),
                   date(2020, 5, 9), "NIGERIA", "Bornó", 11.82, 13.69, 5)],
    # wrong sub-type, ~56 km away, wrong date; fatalities 0 right
    "AAA2": [event("AAA2", "Protests", "Protest with intervention", ("Protesters (Colombia)", 6),
                   None, date(2020, 5, 4), "Colombia", "Valle del Cauca", 3.95, -76.53, 0)],
    # AAA3: no event at all
    # the lower-confidence event is right, but the most confident one is compared
    "AAA4": [
        event("AAA4", "Explosions/Remote violence", "Remote explosive/landmine/IED",
              ("Unidentified Armed Group (Iraq)", 3), ("Military Forces of Iraq", 1),
              date(2020, 5, 8), "Iraq", "Al Anbar", 33.04, 40.28, 3, conf=0.4),
        event("AAA4", "Battles", "Armed clash", ("Unidentified Armed Group (Iraq)", 3),
              ("Military Forces of Iraq (2014-2020)", 1), date(2020, 5, 8), "Iraq", "Anbar",
              35.0, 40.28, 2, conf=0.9),
    ],
}  # fmt: skip


class FakeExtract:
    """Duck-typed pipeline offering only extract()."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def extract(self, article: Article) -> list[Event]:
        self.seen.append(article)
        return PREDICTIONS.get(article.id, [])


class FakePipe:
    """Duck-typed pipeline offering pipe() + events(); 'docs' are the articles themselves."""

    def __init__(self) -> None:
        self.batches = 0

    def pipe(self, articles):
        self.batches += 1
        yield from articles

    def events(self, doc: Article) -> list[Event]:
        return PREDICTIONS.get(doc.id, [])


@pytest.fixture
def gold_csv(tmp_path):
    path = tmp_path / "gold.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(ROWS)
    return path


def test_normalisation_and_distance():
    assert norm("Military Forces of Nigeria (2015-2023)") == norm("military forces of nigeria")
    assert norm("Military Forces of Iraq (2014-)") == "militaryforcesofiraq"
    assert norm("Côte d'Ivoire") == norm("Cote dIvoire") == "cotedivoire"
    assert norm(None) == ""
    assert 111 < haversine_km(0, 0, 1, 0) < 111.4
    assert haversine_km(3.45, -76.53, 3.45, -76.53) == 0


def test_date_and_inter_formats():
    want = date(2020, 5, 9)
    for s in ("9-May-20", "2020-05-09", "09 May 2020", "9 May 2020"):
        assert parse_acled_date(s) == want
    with pytest.raises(EvaluationError):
        parse_acled_date("sometime in May")
    assert parse_inter("3") == 3 and parse_inter("Rioters") == 5 and parse_inter("") == 0


def test_every_metric_definition(gold_csv):
    fake = FakeExtract()
    rep = evaluate_acled(gold_csv, pipeline=fake)
    # inputs: notes, published = event_date + 3 days, source = the row's source
    assert [a.id for a in fake.seen] == ["AAA1", "AAA2", "AAA3", "AAA4"]
    assert fake.seen[0].published == date(2020, 5, 12)
    assert fake.seen[2].published == date(2020, 5, 12)
    assert fake.seen[1].source == "Desk Two"
    # by default the crowd-size tag is gone: the note is read as news reads
    assert fake.seen[1].text == "On 3 May 2020, nurses protested in Cali over pay."
    assert rep.mode == "stripped" and rep.rows[1].notes == fake.seen[1].text

    by_id = {r.id: r.correct for r in rep.rows}
    assert all(by_id["AAA1"][f] for f in FIELDS)  # folding, year ranges, 33 km all count as right
    a2 = by_id["AAA2"]
    assert a2["event_type"] and not a2["sub_event_type"] and not a2["event_date"]
    assert a2["actor2"] and a2["inter2"]  # both empty: right
    assert not a2["location_50km"] and a2["fatalities"] and a2["fatalities_nonzero"] is None
    assert not any(by_id["AAA3"].values())  # no event: wrong on every field
    a4 = by_id["AAA4"]  # the 0.9-confidence event is the one compared
    assert not a4["event_type"] and a4["actor1"] and a4["actor2"] and not a4["admin1"]
    assert not a4["fatalities"] and a4["fatalities_nonzero"] is False
    assert not a4["location_50km"]

    acc = rep.accuracy("all")
    assert acc["event_type"] == 0.5
    assert acc["sub_event_type"] == 0.25
    assert acc["fatalities"] == 0.5
    assert acc["fatalities_nonzero"] == pytest.approx(1 / 3)  # rows AAA1, AAA3, AAA4
    assert acc["location_50km"] == 0.25
    assert acc["event_date"] == 0.5
    assert acc["inter1"] == 0.75
    assert acc["no_event"] == 0.25
    assert rep.counts("all")["fatalities_nonzero"] == 3

    conf = rep.confusion()
    assert conf["Violence against civilians"] == {"(none)": 1}
    assert conf["Explosions/Remote violence"] == {"Battles": 1}
    assert conf["Battles"] == {"battles": 1}
    worst = rep.worst(2)
    assert worst[0].id == "AAA3" and worst[0].n_wrong == 12


def test_pipe_and_extract_agree_and_split_filters(gold_csv):
    fake = FakePipe()
    rep_pipe = evaluate_acled(gold_csv, pipeline=fake)
    rep_ext = evaluate_acled(gold_csv, pipeline=FakeExtract())
    assert fake.batches == 1
    assert [r.correct for r in rep_pipe.rows] == [r.correct for r in rep_ext.rows]

    dev_ids = {r[0] for r in ROWS if zlib.crc32(r[0].encode()) % 2 == 0}
    assert {r.id for r in rep_pipe.rows if split_of(r.id) == "dev"} == dev_ids
    for split in ("dev", "test"):
        fake = FakeExtract()
        rep = evaluate_acled(gold_csv, pipeline=fake, split=split)
        want = dev_ids if split == "dev" else {r[0] for r in ROWS} - dev_ids
        assert {a.id for a in fake.seen} == want
        assert rep.splits() == [split]
    rep = evaluate_acled(gold_csv, pipeline=FakeExtract(), limit=2)
    assert [r.id for r in rep.rows] == ["AAA1", "AAA2"]
    with pytest.raises(ValueError):
        evaluate_acled(gold_csv, pipeline=FakeExtract(), split="train")


def test_report_printing_and_json(gold_csv, tmp_path):
    out = tmp_path / "res.json"
    rep = evaluate_acled(gold_csv, pipeline=FakeExtract(), json_path=out)
    buf = io.StringIO()
    print_report(rep, Console(file=buf, width=200))
    text = buf.getvalue()
    for word in (
        "event_type",
        "fatalities_nonzero",
        "no_event",
        "DEV",
        "TEST",
        "(none)",
        "no event predicted",
        "AAA3",
        "mode=stripped",
        "confidence reliability",
        "expected calibration error",
    ):
        assert word in text
    assert "[size=no report]" not in text
    assert "trained on" not in text  # not the file the model was trained on
    data = json.loads(out.read_text())
    assert data["accuracy"]["all"]["event_type"] == 0.5
    assert set(data["accuracy"]) == {"all", "dev", "test"}
    assert data["rows"] == 4 and data["worst"][0]["id"] == "AAA3"
    assert data["mode"] == "stripped"
    # reliability: AAA1 (0.5, right), AAA2 (0.5, wrong sub-type), AAA4 (0.9, wrong); AAA3 none
    rel = data["reliability"]["all"]
    assert rel["n"] == 3
    assert [(b["range"], b["n"], b["accuracy"]) for b in rel["bins"]] == [
        ([0.5, 0.6], 2, 0.5),
        ([0.9, 1.0], 1, 0.0),
    ]
    assert rel["ece"] == pytest.approx((2 * 0.0 + 1 * 0.9) / 3, abs=1e-4)
    assert set(data["reliability"]) == {"all", "dev", "test"}

    raw = evaluate_acled(gold_csv, pipeline=FakeExtract(), strip=False)
    buf = io.StringIO()
    print_report(raw, Console(file=buf, width=200))
    assert raw.mode == "raw" and "mode=raw" in buf.getvalue()
    assert "[size=no report]" in buf.getvalue()
    assert raw.rows[1].notes == ROWS[1][14]


def test_the_report_says_when_its_dev_half_was_trained_on(gold_csv, monkeypatch):
    from conflictwire.evaluate import handcoded

    monkeypatch.setattr(handcoded, "trained_on_dev_half", lambda: gold_csv.name)
    buf = io.StringIO()
    print_report(evaluate_acled(gold_csv, pipeline=FakeExtract()), Console(file=buf, width=200))
    assert "DEV: notes the event decision was trained on" in buf.getvalue()


def test_bad_csv(tmp_path):
    with pytest.raises(EvaluationError):
        evaluate_acled(tmp_path / "missing.csv", pipeline=FakeExtract())
    p = tmp_path / "other.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="not an ACLED export"):
        evaluate_acled(p, pipeline=FakeExtract())


# --------------------------------------------------------------------------- coder annotations
# Sentences written for these tests in the style of ACLED's notes (not taken from any export).

STRIP_CASES = [
    # (a) a leading sub-event label
    ("Looting: On 2 March 2021, herders took goats from a farm near Kiru.",
     "On 2 March 2021, herders took goats from a farm near Kiru."),
    ("Property destruction: On 4 June, unknown men burned a school bus in Ozu.",
     "On 4 June, unknown men burned a school bus in Ozu."),
    ("Arrests: Police held three traders in Lome on 1 July.",
     "Police held three traders in Lome on 1 July."),
    ("Movement of forces:  On 9 May, a column of tanks entered Varo.",
     "On 9 May, a column of tanks entered Varo."),
    ("Looting/property destruction: Gunmen stripped a clinic in Beni.",
     "Gunmen stripped a clinic in Beni."),
    # not labels: ordinary words before a colon are kept
    ("Update: On 3 May, students marched in Accra.",
     "Update: On 3 May, students marched in Accra."),
    ("Police said: two men were shot in Kano.", "Police said: two men were shot in Kano."),
    ("On 5 May, the sign read: Arrests: none.", "On 5 May, the sign read: Arrests: none."),
    # (b) crowd-size tags
    ("On 6 May, nurses rallied in Lagos over pay. [size=around 40]",
     "On 6 May, nurses rallied in Lagos over pay."),
    ("On 6 May, [Size=no report] nurses rallied in Lagos.", "On 6 May, nurses rallied in Lagos."),
    # (c) fatality coding statements
    ("Militants raided a post in Tillia, killing soldiers. Fatalities coded as 10.",
     "Militants raided a post in Tillia, killing soldiers."),
    ("A mine hit a truck near Gao. Fatalities coded as 0 as the toll was not confirmed.",
     "A mine hit a truck near Gao."),
    ("Clashes went on for days near Ngala. 30 fatalities split between 3 events. Both sides "
     "withdrew.", "Clashes went on for days near Ngala. Both sides withdrew."),
    ("Raiders struck two hamlets; unclear fatalities coded as 6 and spread across two "
     "locations.", "Raiders struck two hamlets."),
    ("A soldier died near Avdiivka [1 fatality split among 4 events].",
     "A soldier died near Avdiivka."),
    ("Gunmen killed villagers.Fatalities are split across 2 events (1).",
     "Gunmen killed villagers."),
    # (d) coding remarks
    ("On 7 May, fighters (coded as Ansar Militia) shelled Bura. (Coded as Bura at GP3)",
     "On 7 May, fighters shelled Bura."),
    ("Workers marched in Sofia [coded to Sofia-Center] for pay.",
     "Workers marched in Sofia for pay."),
    ("Soldiers clashed with rebels in Kala, coded at Kala Hill (Tam, Nord), near the border.",
     "Soldiers clashed with rebels in Kala, near the border."),
    ("Traders blocked a road in Zahle. Coded at district capital with GP 2. [size=no report]",
     "Traders blocked a road in Zahle."),
    ("Raids hit four villages. One event for each village (total 4 events) has been coded.",
     "Raids hit four villages."),
]  # fmt: skip


@pytest.mark.parametrize(("note", "want"), STRIP_CASES)
def test_strip_annotations(note, want):
    assert strip_annotations(note) == want


def test_strip_annotations_keeps_everything_else():
    # news words that merely look like annotations stay byte for byte
    text = (
        "Five fatalities were reported in Tessit.  The death toll was split along clan lines. "
        "The code was cracked (as reported). 2.5 km away, 1 fatality.\n[Photo: AFP]"
    )
    assert strip_annotations(text) == text
    assert strip_annotations("") == ""
    # white space is only joined where something was removed; a label alone is not removed
    assert strip_annotations("Arrests:") == "Arrests:"
    assert strip_annotations("A\n[size=3]\nB") == "A\nB"
