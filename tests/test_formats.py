"""Every news format in (formats/): HTML pages, RSS and Atom feeds from files and URLs, WARC
archives, directories; and bad input of each kind, named, with the rest of the input kept."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date

import pytest

from conflictwire.formats import kind
from conflictwire.ingest import Rejection, Sourced, read_sourced
from formathelp import FORMATS, KIRKUK, MOSUL, free_port, serve, warc_bytes


def read(paths, **kw) -> tuple[list[Sourced], list[Rejection]]:
    items = list(read_sourced([str(p) for p in paths], **kw))
    return ([i for i in items if isinstance(i, Sourced)],
            [i for i in items if isinstance(i, Rejection)])  # fmt: skip


def test_kind_by_name():
    assert [kind(n) for n in ("a.txt", "a.JSONL.GZ", "a.ndjson", "a.json", "a.htm", "a.html",
                              "a.xml", "a.rss", "a.atom", "a.warc", "a.warc.gz", "a.pdf",
                              "README", "https://x.example/feed")] == [
        "text", "jsonl", "jsonl", "json", "html", "html", "feed", "feed", "feed", "warc", "warc",
        None, None, "feed"]  # fmt: skip


# --------------------------------------------------------------------------- HTML


def test_html_page_main_text_and_metadata():
    (s,), rejs = read([FORMATS / "article.html"], source="Given")
    assert rejs == []
    a = s.article
    assert a.id == "article" and s.input.endswith("article.html")
    assert a.title == "Gunmen kill two police officers near Kirkuk"
    assert a.published == date(2019, 8, 12) and a.source == "Tigris Wire"
    assert a.url == "https://tigris-wire.example/iraq/kirkuk-checkpoint-attack"
    assert "killing two officers" in a.text and "No group claimed" in a.text
    for boilerplate in ("cookies", "Copyright", "About us", "Home"):
        assert boilerplate not in a.text
    assert "\nThe attackers fled" in a.text  # paragraphs stay apart
    assert a.text.startswith("Gunmen attacked")  # the headline is the title, not the text


def test_html_page_without_article_is_one_rejection_naming_it():
    arts, (r,) = read([FORMATS / "no-article.html"])
    assert arts == [] and r.input.endswith("no-article.html") and "no article text" in r.reason


def test_html_page_date_missing_takes_the_given_one(tmp_path):
    page = tmp_path / "p.htm"
    page.write_text(f"<html><body><article><p>{KIRKUK}</p></article></body></html>")
    (s,), _ = read([page], published="2019-08-13", source="Desk")
    assert (s.article.published, s.article.source, s.article.id) == (date(2019, 8, 13), "Desk", "p")


# --------------------------------------------------------------------------- feeds


def test_rss_items_with_their_dates_links_and_text():
    arts, rejs = read([FORMATS / "feed.rss"])
    a, b = (s.article for s in arts)
    assert [s.item for s in arts] == [1, 2]
    assert (a.id, a.url, a.source) == ("tigris-2019-0812-1",
                                       "https://tigris-wire.example/iraq/kirkuk-checkpoint-attack",
                                       "Tigris Wire")  # fmt: skip
    assert a.title == "Gunmen kill two police officers near Kirkuk"
    assert a.published == date(2019, 8, 12)  # RFC 2822
    assert a.text.startswith(KIRKUK) and "\nNo group claimed responsibility & the" in a.text
    assert "<p>" not in a.text and "&amp;" not in a.text
    assert b.published == date(2016, 12, 17)  # "December 17, 2016 4:45:51 EST PM"
    (r,) = rejs
    assert r.input.endswith("feed.rss") and r.reason.startswith("item 3: ")
    assert "'sometime last week'" in r.reason


def test_atom_entries_content_summary_and_update_date():
    arts, rejs = read([FORMATS / "feed.atom"], source="Given")
    assert rejs == []
    a, b = (s.article for s in arts)
    assert a.id == "urn:example:sahel-monitor:1" and a.source == "Sahel Monitor"
    assert a.published == date(2020, 3, 9)  # the day written, in its zone
    assert a.text == ("A roadside bomb killed four Malian soldiers near Gao on Monday, the army "
                      "said.\nSix other soldiers were wounded in the blast.")  # fmt: skip
    assert b.published == date(2020, 3, 8) and b.url == "https://sahel-monitor.example/nigeria/clash"
    assert b.text.startswith("Clashes between herders")


def test_garbage_feed_is_one_rejection():
    arts, (r,) = read([FORMATS / "garbage.xml"])
    assert arts == [] and r.input.endswith("garbage.xml") and "not an RSS or Atom feed" in r.reason


def test_feed_from_a_url_down_missing_or_garbage(tmp_path):
    shutil.copy(FORMATS / "feed.atom", tmp_path / "feed.atom")
    (tmp_path / "page.html").write_text("<html><body><p>Not a feed at all.</p></body></html>")
    down = f"http://127.0.0.1:{free_port()}/feed.rss"
    with serve(tmp_path) as base:
        arts, rejs = read([f"{base}/feed.atom", down, f"{base}/missing.rss", f"{base}/page.html"])
    assert [s.article.id for s in arts] == ["urn:example:sahel-monitor:1",
                                            "urn:example:sahel-monitor:2"]  # fmt: skip
    assert arts[0].input == f"{base}/feed.atom"
    by_input = {r.input: r.reason for r in rejs}
    assert len(rejs) == 3
    assert by_input[down].startswith("cannot fetch the feed")
    assert "HTTP 404" in by_input[f"{base}/missing.rss"]
    assert "not an RSS or Atom feed" in by_input[f"{base}/page.html"]


def test_feed_over_the_size_limit(tmp_path):
    big = tmp_path / "big.rss"
    big.write_text("<rss>" + "x" * 5000 + "</rss>")
    _, (r,) = read([big], max_bytes=1000)
    assert "too large" in r.reason


# --------------------------------------------------------------------------- WARC


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_are_reports(tmp_path, gz):
    path = tmp_path / ("cc-news.warc.gz" if gz else "cc-news.warc")
    path.write_bytes(warc_bytes(gzip=gz))
    arts, rejs = read([path])
    assert [(s.article.id, s.item) for s in arts] == [("cc-news:2", 2), ("cc-news:6", 6)]
    a, b = (s.article for s in arts)
    assert a.url == "https://news.example/iraq/kirkuk" and KIRKUK in a.text
    assert a.published == date(2019, 8, 12)  # WARC-Date: the page gives none
    assert b.published == date(2016, 12, 18) and MOSUL in b.text
    (r,) = rejs  # the request, redirect and JPEG are passed over; the empty page is named
    assert r.input == str(path) and r.reason.startswith("record 5 (https://news.example/): ")
    assert "no article text" in r.reason
    assert arts[0].rejection("boom").reason == "record 2: boom"


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_the_records_before(tmp_path, gz):
    data = warc_bytes(gzip=gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) - 120])  # into the last record
    arts, rejs = read([path])
    assert [s.article.id for s in arts] == ["cut:2"]
    assert rejs[-1].input == str(path) and rejs[-1].reason.startswith("record 6")
    assert "truncated" in rejs[-1].reason or "damaged" in rejs[-1].reason


def test_damaged_warc_is_one_rejection(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is no web archive\r\n" * 20)
    arts, (r,) = read([path])
    assert arts == [] and r.reason.startswith("record 1: not a WARC archive")


def test_warc_damaged_in_the_middle_keeps_the_records_before(tmp_path, capfd):
    data = bytearray(warc_bytes(gzip=True))
    at = len(data) * 3 // 4
    data[at : at + 40] = b"\x00" * 40
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(bytes(data))
    arts, rejs = read([path])
    assert [s.article.id for s in arts] == ["bad:2"]
    assert len(rejs) == 1 and rejs[0].reason.startswith("record ")
    assert "cannot read the archive" in rejs[0].reason or "damaged" in rejs[0].reason
    assert capfd.readouterr().err == ""  # warcio's own warnings are not shown


# --------------------------------------------------------------------------- gzip, folders


def test_truncated_jsonl_gz_keeps_the_lines_before(tmp_path):
    lines = "".join(json.dumps({"id": f"r{i}", "text": KIRKUK + f" Report {i}."}) + "\n"
                    for i in range(200))  # fmt: skip
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    arts, (r,) = read([path])
    assert arts and [s.article.id for s in arts] == [f"r{i}" for i in range(len(arts))]
    assert r.input == str(path) and r.line == len(arts) + 1 and "cannot read the file" in r.reason


def _folder(tmp_path):
    root = tmp_path / "news"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a.txt").write_text(KIRKUK)
    (root / "b" / "deep" / "page.html").write_bytes((FORMATS / "article.html").read_bytes())
    (root / "b" / "feed.atom").write_bytes((FORMATS / "feed.atom").read_bytes())
    (root / "b" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / "c.jsonl").write_text(json.dumps({"id": "j1", "text": MOSUL}) + "\n")
    (root / ".hidden.txt").write_text(MOSUL)
    return root


def test_directory_is_read_recursively_in_name_order(tmp_path):
    root = _folder(tmp_path)
    notes: list[Rejection] = []
    arts, rejs = read([root], notes=notes.append)
    assert rejs == []
    assert [s.article.id for s in arts] == [
        "a", "page", "urn:example:sahel-monitor:1", "urn:example:sahel-monitor:2", "j1"]
    assert [n.input for n in notes] == [str(root / "b" / "notes.pdf")]
    assert "not a format read here" in notes[0].reason
    assert [s.article.id for s in read([root])[0]] == [s.article.id for s in arts]  # stable


def test_a_file_is_read_once_however_often_named(tmp_path):
    root = _folder(tmp_path)
    arts, rejs = read([root, root / "a.txt", root / "b" / ".." / "c.jsonl"])
    assert [s.article.id for s in arts].count("a") == 1
    assert len(rejs) == 2 and all("already read" in r.reason for r in rejs)


def test_empty_directory_is_a_rejection(tmp_path):
    (tmp_path / "only.pdf").write_bytes(b"%PDF")
    arts, (r,) = read([tmp_path])
    assert arts == [] and "directory with no file to read" in r.reason


@pytest.mark.parametrize("name", ["b.txt", "b.html", "b.jsonl", "b.warc.gz", "b.rss"])
def test_a_file_that_disappears_mid_run_is_named(tmp_path, name):
    (tmp_path / "a.txt").write_text(KIRKUK)
    (tmp_path / name).write_text("whatever")
    (tmp_path / "c.txt").write_text(MOSUL)
    items = read_sourced([str(tmp_path)])
    first = next(items)
    (tmp_path / name).unlink()  # listed, then gone before it is read
    rest = list(items)
    assert first.article.id == "a"
    assert [type(i).__name__ for i in rest] == ["Rejection", "Sourced"]
    assert rest[0].input == str(tmp_path / name)
    assert "no such file" in rest[0].reason or "No such file" in rest[0].reason
