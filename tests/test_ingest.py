"""Input readers: good inputs come through, every kind of bad input is rejected with a reason."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from conflictwire.ingest import (
    InputError,
    Rejection,
    english_problem,
    parse_published,
    read_inputs,
    split_results,
)
from conflictwire.model import Article

REPORT = "Gunmen killed three farmers in a village near Kano on Monday, police said."


def read(paths, **kw):
    return split_results(read_inputs([str(p) for p in paths], **kw))


def jsonl(path: Path, lines: list) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


# --------------------------------------------------------------------------- good inputs


def test_txt_file_is_one_report_with_stem_id(tmp_path):
    p = tmp_path / "kano-report.txt"
    p.write_text(REPORT, encoding="utf-8")
    arts, rejs = read([p], published=date(2023, 3, 6), source="Desk")
    assert rejs == []
    assert arts == [
        Article(text=REPORT, id="kano-report", published=date(2023, 3, 6), source="Desk")
    ]


def test_jsonl_fields_defaults_and_cli_fallbacks(tmp_path):
    p = jsonl(tmp_path / "batch.jsonl", [
        {"id": "a1", "text": REPORT, "published": "2020-05-09", "source": "Own", "url": "u",
         "title": "T"},
        {"text": REPORT},
        {"id": 7, "text": REPORT, "published": "2020-05-09T22:15:00Z"},
    ])  # fmt: skip
    arts, rejs = read([p], published="2021-01-02", source="CLI")
    assert rejs == []
    assert [a.id for a in arts] == ["a1", "batch:2", "7"]
    assert arts[0].published == date(2020, 5, 9) and arts[0].source == "Own"
    assert (arts[0].url, arts[0].title) == ("u", "T")
    assert arts[1].published == date(2021, 1, 2) and arts[1].source == "CLI"
    assert arts[2].published == date(2020, 5, 9)


def test_jsonl_gz_and_missing_date_is_none(tmp_path):
    p = tmp_path / "wire.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": REPORT}) + "\n")
    arts, rejs = read([p])
    assert rejs == []
    assert arts[0].id == "wire:1" and arts[0].published is None


def test_stdin_is_one_plain_text_report():
    arts, rejs = read(["-"], stdin=io.BytesIO(REPORT.encode()))
    assert rejs == [] and arts[0].text == REPORT and arts[0].id == "stdin"
    arts, _ = read(["-"], stdin=io.StringIO(REPORT))
    assert arts[0].text == REPORT


def test_short_and_place_heavy_english_is_accepted(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("Gunmen killed 3 in Kano.", encoding="utf-8")
    names = tmp_path / "names.txt"
    names.write_text(
        "Clashes were reported in Maiduguri, Konduga, Bama, Gwoza, Dikwa, Monguno, Marte, Ngala, "
        "Kukawa, Damboa, Biu, Askira, Uba, Chibok, Gubio, Magumeri, Mafa, Kaga, Nganzai, Abadam, "
        "Jere, Hawul, Shani, Bayo, Gajiram, Dalori, Banki and Pulka.",
        encoding="utf-8",
    )
    cartel = tmp_path / "cartel.txt"
    cartel.write_text(
        "Members of Los Zetas and the Cartel del Golfo clashed in Nuevo Laredo "
        "(Tamaulipas), leaving 4 dead.",
        encoding="utf-8",
    )
    arts, rejs = read([short, names, cartel])
    assert rejs == [] and len(arts) == 3


def test_bundled_sample_reads_cleanly():
    path = resources.files("conflictwire.data").joinpath("sample-news.jsonl")
    arts, rejs = read([str(path)])
    assert rejs == []
    assert 10 <= len(arts) <= 14
    assert len({a.id for a in arts}) == len(arts)
    assert all(a.published and a.source for a in arts)


# --------------------------------------------------------------------------- bad inputs


def one_rejection(paths, **kw) -> Rejection:
    arts, rejs = read(paths, **kw)
    assert arts == [] and len(rejs) == 1
    return rejs[0]


def test_missing_file_and_directory(tmp_path):
    r = one_rejection([tmp_path / "nope.txt"])
    assert "no such file" in r.reason and r.input.endswith("nope.txt")
    r = one_rejection([tmp_path])
    assert "directory" in r.reason


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_or_whitespace_text(tmp_path, text):
    p = tmp_path / "blank.txt"
    p.write_text(text, encoding="utf-8")
    assert "empty" in one_rejection([p]).reason


def test_binary_file(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in one_rejection([p]).reason
    q = tmp_path / "ctrl.txt"
    q.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 100)
    assert "binary" in one_rejection([q]).reason


def test_invalid_utf8_names_byte_offset(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes(b"Protesters gathered in Bogot" + b"\xe1 on Monday, police said.")
    r = one_rejection([p])
    assert "invalid UTF-8" in r.reason and "byte offset 28" in r.reason


def test_oversized_report_names_size(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_bytes((REPORT + " ").encode() * (10_000_000 // (len(REPORT) + 1) + 1))
    r = one_rejection([p])
    assert "too large" in r.reason and "10.0 MB" in r.reason and "5.0 MB" in r.reason
    small_limit = one_rejection([tmp_path / "huge.txt"], max_bytes=1000)
    assert "over the 1.0 KB limit" in small_limit.reason


@pytest.mark.parametrize("text", [
    "Des hommes armés ont tué trois personnes dans le village de Kano, selon la police locale.",
    "Hombres armados mataron a tres personas en la ciudad de Culiacán, según la policía.",
    "Армия заявила, что обстрел продолжался всю ночь.",
    "Watu watatu waliuawa na wanamgambo katika kijiji cha Beni, kwa mujibu wa polisi.",
])  # fmt: skip
def test_non_english_rejected(tmp_path, text):
    p = tmp_path / "foreign.txt"
    p.write_text(text, encoding="utf-8")
    assert "not English" in one_rejection([p]).reason


def test_jsonl_bad_lines_do_not_stop_good_ones(tmp_path):
    p = jsonl(tmp_path / "mixed.jsonl", [
        {"id": "ok1", "text": REPORT},
        '{"id": "broken", "text": "unterminated',
        '["a", "list"]',
        {"id": "notext", "title": "no text"},
        {"id": "num", "text": 42},
        {"id": "blank", "text": "  "},
        {"id": "bad-day", "text": REPORT, "published": "2019-02-30"},
        {"id": "word-day", "text": REPORT, "published": "yesterday"},
        {"id": "fr", "text": "Les manifestants sont dans la rue pour le climat et contre la loi."},
        {"id": "ok2", "text": REPORT, "published": None},
    ])  # fmt: skip
    arts, rejs = read([p])
    assert [a.id for a in arts] == ["ok1", "ok2"]
    by_line = {r.line: r.reason for r in rejs}
    assert set(by_line) == {2, 3, 4, 5, 6, 7, 8, 9}
    assert "malformed JSON" in by_line[2]
    assert "not an object" in by_line[3]
    assert "no 'text'" in by_line[4]
    assert "not a string" in by_line[5]
    assert "empty" in by_line[6]
    assert "impossible publication date '2019-02-30'" in by_line[7]
    assert "'yesterday' is not an ISO date" in by_line[8]
    assert "not English" in by_line[9]
    assert all(r.input == str(p) for r in rejs)
    assert str(rejs[0]).startswith(f"{p}:2: ")


def test_jsonl_invalid_utf8_line_names_file_offset(tmp_path):
    p = tmp_path / "enc.jsonl"
    good = (json.dumps({"text": REPORT}) + "\n").encode()
    bad = b'{"text": "Caf\xe9 attacked"}\n'
    p.write_bytes(good + bad + good)
    arts, rejs = read([p])
    assert len(arts) == 2 and len(rejs) == 1
    assert rejs[0].line == 2
    assert f"byte offset {len(good) + 13}" in rejs[0].reason


def test_jsonl_nul_and_oversized_record(tmp_path):
    p = jsonl(tmp_path / "x.jsonl", [{"text": REPORT + "\u0000"}, {"text": REPORT * 20}])
    arts, rejs = read([p], max_bytes=1000)
    assert arts == []
    assert "binary" in rejs[0].reason and "too large" in rejs[1].reason


def test_corrupt_gzip_is_rejected(tmp_path):
    p = tmp_path / "bad.jsonl.gz"
    p.write_bytes(b"this is not gzip data at all")
    r = one_rejection([p])
    assert "cannot read" in r.reason


def test_rejection_never_stops_other_inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    arts, rejs = read([tmp_path / "missing.txt", tmp_path, good])
    assert [a.id for a in arts] == ["good"] and len(rejs) == 2


def test_parse_published():
    assert parse_published("2020-05-09") == date(2020, 5, 9)
    assert parse_published("2020-05-09T23:59:59+03:00") == date(2020, 5, 9)
    assert parse_published(None) is None and parse_published("") is None
    for bad in ("2019-02-30", "yesterday", "09/05/2020", "2020-13-01"):
        with pytest.raises(InputError):
            parse_published(bad)
    with pytest.raises(InputError):
        list(read_inputs(["-"], published="2019-02-30", stdin=io.StringIO(REPORT)))


def test_english_problem_reasons():
    assert english_problem(REPORT) is None
    assert english_problem("1234 5678 !!!") == "no words in the text"


def test_json_file_object_or_array(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": REPORT, "published": "2020-01-02"}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": REPORT}, {"title": "no text"}]), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    arts, rejs = read([one, many, broken])
    assert [a.id for a in arts] == ["one", "many:1"]
    assert arts[0].published == date(2020, 1, 2)
    assert len(rejs) == 2
    assert rejs[0].reason == "item 2: record has no 'text' field"
    assert rejs[1].input == str(broken) and "malformed JSON" in rejs[1].reason
