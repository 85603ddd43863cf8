"""The real-news evaluator: matching and scoring arithmetic on hand-made events, the loading of
texts by id, and one run of ``conflictwire evaluate news`` on a tiny gold set written here (in a
temporary data folder)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.evaluate.handcoded import EvaluationError
from conflictwire.evaluate.news import (
    GoldArticle,
    GoldEvent,
    PredEvent,
    error_items,
    evaluate_news,
    load_texts,
    match_events,
    read_labels,
    score_article,
    score_fields,
    sentence_at,
    summarise,
)
from conflictwire.model import Actor, Event, Evidence, Place

# A tiny gold set written for these tests: four articles of our own in a fake data folder.
ARTICLES = {
    "mini-attack": "BARDALE, Somalia - Al Shabaab fighters attacked an army checkpoint in the town "
    "of Bardale on 4 May 2021, killing two soldiers, officials said. The attackers fled after an "
    "exchange of fire.",
    "mini-protest": "NAIROBI - Hundreds of teachers marched through Nairobi, Kenya, on 3 March "
    "2021 to demand higher pay. The protest ended peacefully outside parliament.",
    "mini-sport": "Arsenal attacked from the first whistle and killed off the match before "
    "half-time. The striker shot twice into the top corner as the visitors were beaten 3-0 in "
    "London on Saturday.",
    "mini-court": "A man was sentenced to life in prison on Friday for a murder in Leeds in 2015, "
    "a court heard. The judge said the attack was brutal.",
}
LABELS = [
    {"id": "mixed-news:mini-attack", "split": "dev", "category": "conflict",
     "hard_negative": False, "events": [{
         "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Al Shabaab",
         "actor2": "Military Forces of Somalia", "location": "Bardale", "country": "Somalia",
         "event_date": "2021-05-04", "fatalities": 2,
         "sentence": "Al Shabaab fighters attacked an army checkpoint in the town of Bardale on 4 "
                     "May 2021, killing two soldiers, officials said."}]},
    {"id": "mixed-news:mini-protest", "split": "test", "category": "protest",
     "hard_negative": False, "events": [{
         "event_type": "Protests", "sub_event_type": "Peaceful protest",
         "actor1": "Protesters (Kenya)", "actor2": None, "location": "Nairobi",
         "country": "Kenya", "event_date": "2021-03-03", "fatalities": 0,
         "sentence": {"start": 10, "end": 100}}]},
    {"id": "mixed-news:mini-sport", "split": "dev", "category": "sport", "hard_negative": True,
     "events": []},
    {"id": "mixed-news:mini-court", "split": "test", "category": "court", "hard_negative": True,
     "events": []},
    {"id": "mixed-news:mini-missing", "split": "dev", "category": "other",
     "hard_negative": False, "events": []},
]  # fmt: skip


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    """A data folder holding the articles (``corpus/mixed-news.jsonl``) and ``labels.jsonl``."""
    root = tmp_path_factory.mktemp("news_gold_mini")
    (root / "corpus").mkdir()
    with (root / "corpus" / "mixed-news.jsonl").open("w", encoding="utf-8") as f:
        for aid, text in ARTICLES.items():
            f.write(json.dumps({"id": aid, "title": "", "url": "", "text": text}) + "\n")
    (root / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in LABELS))
    return root

BATTLE = "Battles"
VAC = "Violence against civilians"
PROTEST = "Protests"


def gold(etype: str, sub: str = "", span: tuple[int, int] | None = None, **kw) -> GoldEvent:
    return GoldEvent(event_type=etype, sub_event_type=sub, sentence=span, **kw)


def pred(etype: str, sub: str = "", trigger: int | None = None, conf: float = 0.5, **kw):
    return PredEvent(event_type=etype, sub_event_type=sub, trigger_start=trigger,
                     confidence=conf, **kw)  # fmt: skip


# --------------------------------------------------------------------------- matching


def test_same_type_pairs_and_prefers_same_sub_type_then_trigger_in_sentence():
    g = [gold(BATTLE, "Armed clash", (0, 50)), gold(BATTLE, "Government regains territory",
                                                   (60, 120))]  # fmt: skip
    # The first prediction has the second gold's sub-type: it pairs with it, not with gold 0.
    p = [pred(BATTLE, "Government regains territory", trigger=10), pred(BATTLE, "Armed clash", 70)]
    m = match_events(g, p)
    assert sorted(m.pairs) == [(0, 1), (1, 0)]
    assert m.false_positives == [] and m.misses == [] and m.type_errors == []

    # Same sub-types everywhere: the trigger inside a gold sentence decides.
    g = [gold(BATTLE, "Armed clash", (0, 50)), gold(BATTLE, "Armed clash", (60, 120))]
    p = [pred(BATTLE, "Armed clash", trigger=80), pred(BATTLE, "Armed clash", trigger=5)]
    assert sorted(match_events(g, p).pairs) == [(0, 1), (1, 0)]

    # Nothing to tell them apart: order.
    p = [pred(BATTLE, "Armed clash"), pred(BATTLE, "Armed clash")]
    assert sorted(match_events(g, p).pairs) == [(0, 0), (1, 1)]


def test_type_error_is_a_false_positive_and_a_miss_counted_separately():
    g = [gold(BATTLE, "Armed clash", (0, 50)), gold(PROTEST, "Peaceful protest", (60, 100))]
    p = [pred(VAC, "Attack", trigger=10), pred(PROTEST, "Peaceful protest", trigger=70),
         pred(PROTEST, "Peaceful protest", trigger=75)]  # fmt: skip
    m = match_events(g, p)
    assert m.pairs == [(1, 1)]
    assert m.type_errors == [(0, 0)]  # VAC predicted where gold has a Battle
    assert m.false_positives == [0, 2] and m.misses == [0]
    # The second protest finds no unmatched gold left: a plain false positive.
    s = summarise([score_article(GoldArticle("a", "dev", events=g), p)])["events"]
    assert (s["predicted"], s["gold"], s["matched"]) == (3, 2, 1)
    assert (s["false_positives"], s["misses"], s["type_errors"]) == (2, 1, 1)
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == pytest.approx(1 / 2)
    assert s["f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_no_pairing_across_articles_and_empty_sets():
    m = match_events([], [pred(BATTLE)])
    assert m.pairs == [] and m.false_positives == [0] and m.type_errors == []
    m = match_events([gold(BATTLE)], [])
    assert m.misses == [0]
    # Two articles: the Battle predicted in b does not match the Battle of a.
    a = score_article(GoldArticle("a", "dev", events=[gold(BATTLE)]), [])
    b = score_article(GoldArticle("b", "dev"), [pred(BATTLE)])
    s = summarise([a, b])["events"]
    assert (s["matched"], s["predicted"], s["gold"]) == (0, 1, 1)
    assert s["precision"] == 0.0 and s["recall"] == 0.0 and s["f1"] == 0.0
    assert summarise([])["events"]["precision"] is None


# --------------------------------------------------------------------------- fields


def test_field_rules():
    g = gold(BATTLE, "Armed clash", actor1="Islamic State", actor2="Police Forces of Iraq",
             location="Ali Sarai", country="Iraq", event_date="2019-08-12",
             fatalities=2)  # fmt: skip
    p = pred(BATTLE, "Armed clash", actor1="Islamic State (Iraq)",
             actor2="Police Forces of Iraq (2014-)", location="Ali Sarai village", country="IRAQ",
             event_date="2019-08-12", fatalities=2)  # fmt: skip
    assert all(score_fields(g, p).values())

    p2 = pred(BATTLE, "Attack", actor1="Taliban", actor2="", location="Kirkuk", country="Syria",
              event_date="2019-08-11", fatalities=3)  # fmt: skip
    assert not any(score_fields(g, p2).values())

    # No gold date or location: not scored. A predicted place without a name is skipped when it
    # has coordinates (located by an enclosing unit), wrong when it has none.
    g3 = gold(PROTEST, "Peaceful protest", actor1="Protesters (Kenya)", country="Kenya")
    p3 = pred(PROTEST, "Peaceful protest", actor1="Protesters", country="Kenya", location="X")
    f3 = score_fields(g3, p3)
    assert f3["event_date"] is None and f3["location"] is None and f3["actor1"] is True
    assert f3["actor2"] is True  # both empty
    # ACLED's "acronym: name" names the same group as the name alone; another group differs
    g4 = gold(BATTLE, "Armed clash", actor1="Farabundo Marti National Liberation Front")
    fmln = pred(BATTLE, "Armed clash", actor1="FMLN: Farabundo Marti National Liberation Front")
    assert score_fields(g4, fmln)["actor1"]
    eln = pred(BATTLE, "Armed clash", actor1="ELN: National Liberation Army")
    assert not score_fields(g4, eln)["actor1"]
    assert score_fields(gold(PROTEST, location="Nairobi"), pred(PROTEST))["location"] is False
    located = pred(PROTEST, has_coordinates=True)
    assert score_fields(gold(PROTEST, location="Nairobi"), located)["location"] is None
    named = pred(PROTEST, location="Mombasa", has_coordinates=True)
    assert score_fields(gold(PROTEST, location="Nairobi"), named)["location"] is False


def test_field_accuracy_per_type_and_article_shares():
    ga = GoldArticle("a", "dev", events=[
        gold(BATTLE, "Armed clash", country="Iraq", fatalities=2, event_date="2019-08-12"),
        gold(PROTEST, "Peaceful protest", country="Kenya"),
    ])  # fmt: skip
    pa = [pred(BATTLE, "Armed clash", country="Iraq", fatalities=1, event_date="2019-08-12",
               conf=0.9),
          pred(PROTEST, "Protest with intervention", country="Kenya", conf=0.7)]  # fmt: skip
    hard_fp = GoldArticle("b", "dev", category="sport", hard_negative=True)
    hard_ok = GoldArticle("c", "test", category="court", hard_negative=True)
    plain = GoldArticle("d", "test", category="other")
    rs = [
        score_article(ga, pa),
        score_article(hard_fp, [pred(VAC, "Attack", conf=0.6)]),
        score_article(hard_ok, []),
        score_article(plain, [pred(BATTLE, conf=0.3)]),
    ]
    s = summarise(rs)
    assert s["fields"]["sub_event_type"] == {"accuracy": 0.5, "n": 2}
    assert s["fields"]["fatalities"] == {"accuracy": 0.5, "n": 2}
    assert s["fields"]["country"] == {"accuracy": 1.0, "n": 2}
    assert s["fields"]["event_date"] == {"accuracy": 1.0, "n": 1}
    assert s["by_type"][BATTLE] == {"predicted": 2, "gold": 1, "matched": 1, "precision": 0.5,
                                    "recall": 1.0, "f1": pytest.approx(2 / 3)}  # fmt: skip
    assert s["by_type"][VAC]["precision"] == 0.0 and s["by_type"][VAC]["recall"] is None
    assert s["by_type"]["Riots"]["predicted"] == 0 and s["by_type"]["Riots"]["precision"] is None
    a = s["articles"]
    assert (a["articles"], a["with_events"], a["hard_negatives"]) == (4, 1, 2)
    assert a["hard_negative_fp_share"] == 0.5
    assert a["no_event_articles"] == 3 and a["no_event_fp_share"] == pytest.approx(2 / 3)
    rel = s["reliability"]
    assert rel["n"] == 4
    # one a bin: 0.3 wrong, 0.6 wrong, 0.7 right (the protest, another sub-type), 0.9 right
    assert rel["ece"] == pytest.approx((0.3 + 0.6 + 0.3 + 0.1) / 4, abs=1e-4)

    errs = error_items(rs, cap=1)
    assert errs["false_positives_total"] == 2 and len(errs["false_positives"]) == 1
    assert errs["misses_total"] == 0


# --------------------------------------------------------------------------- texts


def test_load_texts_by_id_and_line(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "train").mkdir()
    (tmp_path / "corpus" / "mixed-news.jsonl").write_text(
        json.dumps({"id": "x1", "title": "t", "url": "u", "text": "First text."}) + "\n"
        + json.dumps({"id": "x2", "title": "t", "url": "u", "text": "Second text."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    with gzip.open(tmp_path / "train" / "news-negatives.jsonl.gz", "wt", encoding="utf-8") as fh:
        for i in range(5):
            fh.write(json.dumps({"text": f"negative {i}", "label": "Business"}) + "\n")
    ids = ["mixed-news:x2", "news-negatives:3", "news-negatives:0", "news-negatives:9",
           "mixed-news:nope", "elsewhere:1", "news-negatives:abc"]  # fmt: skip
    texts, missing = load_texts(ids, tmp_path)
    assert texts == {"mixed-news:x2": "Second text.", "news-negatives:3": "negative 3",
                     "news-negatives:0": "negative 0"}  # fmt: skip
    assert set(missing) == {"news-negatives:9", "mixed-news:nope", "elsewhere:1",
                            "news-negatives:abc"}  # fmt: skip
    # A needed source file that is not there is an error; an unneeded one is not needed.
    with pytest.raises(EvaluationError, match="events-labelled"):
        load_texts(["events-labelled:0"], tmp_path)
    with pytest.raises(EvaluationError, match="no such data folder"):
        load_texts(["mixed-news:x1"], tmp_path / "absent")


def test_read_labels_and_sentence_spans(mini):
    labels = read_labels(mini / "labels.jsonl")
    assert [g.id for g in labels][:2] == ["mixed-news:mini-attack", "mixed-news:mini-protest"]
    assert labels[0].events[0].fatalities == 2 and labels[1].events[0].actor2 is None
    assert labels[2].hard_negative and labels[2].events == []
    text = "One. Gunmen attacked a bus! Two"
    assert sentence_at(text, text.index("attacked")) == "Gunmen attacked a bus!"


def test_predicted_event_from_a_record():
    text = "Police fired tear gas. Islamic State fighters attacked a checkpoint in Kirkuk."
    at = text.index("attacked")
    ev = Event(
        article_id="a", event_date=None, time_precision=None, disorder_type="Political violence",
        event_type=BATTLE, sub_event_type="Armed clash", actor1=Actor("Islamic State (Iraq)", 2),
        actor2=Actor("Police Forces of Iraq", 1),
        fatalities=1, confidence=0.8, place=Place("Kirkuk", country="Iraq", latitude=35.5,
                                                    longitude=44.4),
        evidence={"trigger": Evidence("attacked", at, at + len("attacked"))},
    )  # fmt: skip
    p = PredEvent.from_event(ev, text)
    assert (p.event_type, p.actor1, p.location, p.country) == (BATTLE, "Islamic State (Iraq)",
                                                               "Kirkuk", "Iraq")  # fmt: skip
    assert p.trigger_start == at and p.confidence == 0.8 and p.has_coordinates
    assert p.snippet.startswith("Islamic State fighters attacked")


# --------------------------------------------------------------------------- end to end


class FakePipeline:
    """Gives a fixed list of events per article id (the Doc is the Article itself)."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.by_id = events

    def pipe(self, articles):
        yield from articles

    def events(self, doc):
        return self.by_id.get(doc.id, [])


def _event(aid: str, etype: str, sub: str, conf: float, trig: tuple[int, int]) -> Event:
    return Event(article_id=aid, event_date=None, time_precision=None, disorder_type="",
                 event_type=etype, sub_event_type=sub, actor1=None, confidence=conf,
                 evidence={"trigger": Evidence("x", *trig)})  # fmt: skip


def test_evaluate_news_with_a_fake_pipeline(tmp_path, mini):
    fake = FakePipeline({
        "mixed-news:mini-attack": [_event("a", BATTLE, "Armed clash", 0.9, (39, 47))],
        "mixed-news:mini-sport": [_event("s", VAC, "Attack", 0.6, (8, 16))],
        "mixed-news:mini-protest": [_event("p", PROTEST, "Peaceful protest", 0.7, (31, 38))],
    })  # fmt: skip
    rep = evaluate_news(mini / "labels.jsonl", mini, split="all", pipeline=fake,
                        json_path=tmp_path / "out.json")  # fmt: skip
    assert rep.not_found == {"mixed-news:mini-missing": "not in corpus/mixed-news.jsonl"}
    d = json.loads((tmp_path / "out.json").read_text())
    assert list(d["figures"]) == ["all", "dev", "test"] and "errors" not in d
    ev = d["figures"]["all"]["events"]
    assert (ev["gold"], ev["predicted"], ev["matched"]) == (2, 3, 2)
    assert d["figures"]["dev"]["events"]["precision"] == 0.5
    assert d["figures"]["test"]["events"]["recall"] == 1.0
    assert d["figures"]["all"]["articles"]["hard_negative_fp_share"] == 0.5
    dev = evaluate_news(mini / "labels.jsonl", mini, split="dev", pipeline=fake)
    errs = dev.to_dict()["errors"]
    assert [e["id"] for e in errs["false_positives"]] == ["mixed-news:mini-sport"]
    assert errs["false_positives"][0]["text"].startswith("Arsenal attacked")
    test = evaluate_news(mini / "labels.jsonl", mini, split="test", pipeline=fake)
    assert "errors" not in test.to_dict()


def test_a_check_set_without_dev_or_test_is_reported_whole(tmp_path, mini):
    rows = [json.loads(x) for x in (mini / "labels.jsonl").read_text().splitlines() if x]
    check = tmp_path / "check.jsonl"
    check.write_text("".join(json.dumps({**r, "split": "train"}) + "\n" for r in rows))
    fake = FakePipeline({"mixed-news:mini-attack": [_event("a", BATTLE, "Armed clash", 0.9,
                                                            (39, 47))]})  # fmt: skip
    rep = evaluate_news(check, mini, split="all", pipeline=fake, json_path=tmp_path / "o.json")
    assert rep.splits() == ["all"]
    d = json.loads((tmp_path / "o.json").read_text())
    assert list(d["figures"]) == ["all"] and d["figures"]["all"]["events"]["matched"] == 1


def run(*args: str):
    return CliRunner().invoke(app, ["evaluate", "news", *args])


def test_cli_end_to_end(tmp_path, mini):
    out = tmp_path / "news.json"
    res = run(str(mini / "labels.jsonl"), "--data", str(mini), "--split", "dev",
              "--json", str(out))  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "mini-missing" in res.stderr and "not found" in res.stderr
    assert "expected calibration error" in res.stdout
    d = json.loads(out.read_text())
    assert d["split"] == "dev" and d["not_found"] == 1 and list(d["figures"]) == ["dev"]
    figs = d["figures"]["dev"]
    assert figs["events"]["gold"] == 1
    assert figs["articles"] == {**figs["articles"], "articles": 2, "with_events": 1,
                                "hard_negatives": 1}  # fmt: skip
    e = figs["events"]
    assert e["matched"] + e["false_positives"] == e["predicted"]
    assert e["matched"] == 1  # the checkpoint attack is a clear Battle
    assert "errors" in d  # --split dev lists its errors
    assert "mini-protest" not in res.stdout  # a TEST article never shows in a DEV run


def test_cli_missing_data_is_a_clear_error(tmp_path, mini):
    res = run(str(mini / "labels.jsonl"), "--data", str(tmp_path / "nowhere"))
    assert res.exit_code == 2
    assert "no such data folder" in res.stderr and "Traceback" not in res.output
    (tmp_path / "corpus").mkdir()
    res = run(str(mini / "labels.jsonl"), "--data", str(tmp_path))
    assert res.exit_code == 2 and "mixed-news.jsonl" in res.stderr
    res = run(str(tmp_path / "no-labels.jsonl"), "--data", str(mini))
    assert res.exit_code == 2 and "no such labels file" in res.stderr
    res = run(str(mini / "labels.jsonl"), "--data", str(mini), "--split", "train")
    assert res.exit_code == 2


def test_chance_ece_says_how_large_a_gap_a_calibrated_score_shows() -> None:
    from conflictwire.evaluate.calibration import chance_ece, format_reliability, reliability

    few = chance_ece([0.3, 0.5, 0.7, 0.9] * 12)  # 48 records: a calibrated score shows a gap
    many = chance_ece([0.3, 0.5, 0.7, 0.9] * 2500)
    assert few == chance_ece([0.3, 0.5, 0.7, 0.9] * 12)  # the same figures every run
    assert few[1] <= few[0] <= few[2] and few[0] > 0.05 > many[2]
    assert chance_ece([1.0, 0.0] * 10) == (0.0, 0.0, 0.0)  # sure and right: no gap
    text = format_reliability(reliability([(0.9, True), (0.2, False)] * 20))
    assert "a perfectly calibrated confidence would show" in text
