"""The learned event decision: features, the model file, the decision stage and training."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import numpy as np
import pytest

from conflictwire.decision.features import candidate_features, words
from conflictwire.decision.model import EventDecisionModel, model_dir
from conflictwire.doc import Doc
from conflictwire.model import Article
from conflictwire.resources import Resources
from conflictwire.stages import actors, clean, counts, dates, decide, events, places

N = 2**10
ABDUCTION = "Abduction/forced disappearance"
CLASSES = [
    "Armed clash", "Attack", "Peaceful protest", "Other", ABDUCTION, "Arrests",
    "Violent demonstration", "Protest with intervention", "Remote explosive/landmine/IED",
    "Shelling/artillery/missile attack", "Excessive force against protesters",
    "Change to group/activity", "Mob violence",
]


def _model(
    event_bias: float, weights: dict[str, float] | None = None, favourite: str = "Peaceful protest"
) -> EventDecisionModel:
    """A tiny hand-made model: P(event) from a bias and a few feature weights; its type head
    always says ``favourite``."""
    header = {
        "n_features": N,
        "classes": CLASSES,
        "threshold": 0.5,
        "calibration": {"a": 1.0, "b": 0.0},
    }
    m = EventDecisionModel(
        header,
        {
            "event_coef": np.zeros(N, dtype=np.float32),
            "event_intercept": np.array([event_bias], dtype=np.float32),
            "type_coef": np.zeros((len(CLASSES), N), dtype=np.float32),
            "type_intercept": np.array(
                [5.0 if c == favourite else 0.0 for c in CLASSES], dtype=np.float32
            ),
        },
    )
    for f, w in (weights or {}).items():
        m.event_coef[m.vectorise([[f]]).indices[0]] += w
    return m


def _candidates(pipeline, text: str, res: Resources) -> Doc:
    doc = Doc(Article(text=text, id="t"))
    clean.run(doc, res)
    doc.spacy = pipeline.nlp(doc.clean_text)
    for stage in (events, places, dates, counts, actors):
        stage.run(doc, res)
    return doc


def test_words_fold_numbers():
    got = words("Gunmen killed 12 people in 2019.")
    assert got == ["gunmen", "killed", "0", "people", "in", "0"]


def test_words_join_compounds_however_written():
    # news writes "air strike", ACLED's notes "airstrike": one word for the model
    assert words("Two air strikes, an air-strike and an airstrike.") == [
        "two", "airstrikes", "an", "airstrike", "and", "an", "airstrike"
    ]
    assert words("A cease-fire; chair strikes.") == ["a", "ceasefire", "chair", "strikes"]


def test_candidate_features_name_their_groups(pipeline):
    doc = _candidates(pipeline, "Rebels attacked an army base near Beni on Monday.", Resources())
    (m,) = [m for m in doc.mentions if not decide.weak(m)]
    feats = candidate_features(doc, m)
    assert "w=attacked" in feats and "t=attack" in feats
    assert f"rule={m.sub_event_type}" in feats
    assert any(f.startswith("a1=") for f in feats) and "bias" in feats
    assert any(f.startswith("d=") for f in feats)


def test_decision_keeps_or_sets_aside(pipeline):
    text = "Rebels attacked an army base near Beni on Monday."
    res = Resources()
    res.decision = _model(-8.0)  # says no to everything
    doc = decide.run(_candidates(pipeline, text, res), res)
    assert doc.mentions == [] and doc.extra["rejected"]
    res.decision = _model(8.0, favourite=ABDUCTION)  # yes to everything, always an abduction
    doc = decide.run(_candidates(pipeline, text, res), res)
    assert doc.mentions and all(m.sub_event_type == ABDUCTION for m in doc.mentions)
    assert all(m.event_type == "Violence against civilians" for m in doc.mentions)
    assert all(0.0 < m.confidence <= 1.0 for m in doc.mentions)


def test_a_type_the_model_changes_gets_the_actors_it_calls_for(pipeline):
    text = "Rebels attacked an army base near Beni on Monday."
    res = Resources()
    before = _candidates(pipeline, text, res)
    (m,) = [m for m in before.mentions if not decide.weak(m)]
    assert m.event_type == "Battles" and m.actor2 is not None and m.actor2.inter == 1
    res.decision = _model(8.0, favourite=ABDUCTION)
    (m,) = decide.run(_candidates(pipeline, text, res), res).mentions
    assert (m.event_type, m.sub_event_type) == ("Violence against civilians", ABDUCTION)
    assert m.actor2 is not None and m.actor2.inter == 7  # civilians, not the army
    assert "rules:" + before.mentions[0].sub_event_type in m.cues


def test_a_type_the_model_changes_is_read_from_its_own_words(pipeline):
    # the rules read a clash from "joint operation"; the model's arrest is told by "arrested",
    # whose subject made it
    text = (
        "In a joint operation, Chirang Police and Indian Army arrested a cadre of the National "
        "Democratic Front of Bodoland in Chirang District on May 3."
    )
    res = Resources()
    (before,) = [m for m in _candidates(pipeline, text, res).mentions if not decide.weak(m)]
    assert before.sub_event_type == "Armed clash" and "Arrests" in before.triggers
    res.decision = _model(8.0, favourite="Arrests")
    (m,) = decide.run(_candidates(pipeline, text, res), res).mentions
    assert m.sub_event_type == "Arrests" and m.trigger.text == "arrested"
    assert m.actor1 is not None and m.actor1.name == "Police Forces of India"
    assert m.actor2 is not None and m.actor2.name.startswith("NDFB")


@pytest.mark.parametrize(
    ("favourite", "vetoed", "kept", "allowed"),
    [
        # no demonstration without a crowd
        ("Peaceful protest", "Rebels attacked an army base near Beni on Monday.",
         "Battles", "Police arrested 20 protesters in Harare on Monday."),
        # no Violent demonstration without the crowd's own violence
        ("Violent demonstration",
         "Riot police used tear gas to disperse demonstrators in Monrovia on Monday.",
         "Protests", "Demonstrators threw stones at police in Monrovia on Monday."),
        # no Violent demonstration where the report tells no demonstration: a mob
        ("Violent demonstration",
         "Residents pelted stones at police enforcing the curfew in Bhopal on Monday.",
         "Riots", "Residents pelted stones at police during a protest in Bhopal on Monday."),
        # no Excessive force without lethal force told
        ("Excessive force against protesters",
         "Police fired tear gas and water cannon at protesters in Yaounde on Saturday.",
         "Protests", "Police fired live rounds on protesters in Yaounde on Saturday."),
        # no Battle from a weapon named with no fighting told
        ("Armed clash", "Five houses were damaged by explosives in Aguilares on Monday.",
         "Explosions/Remote violence",
         "Rebels clashed with troops and fired mortars at their base in Beni on Monday."),
        # no political violence without a word of violence
        ("Armed clash", "The army deployed 126 units of special troops to Peten on Monday.",
         "Strategic developments", "The army attacked a rebel camp near Beni on Monday."),
    ],
)  # fmt: skip
def test_the_text_settles_what_the_model_may_not_retype(
    pipeline, favourite: str, vetoed: str, kept: str, allowed: str
) -> None:
    res = Resources()
    res.decision = _model(8.0, favourite=favourite)  # sure of that type every time
    (m,) = decide.run(_candidates(pipeline, vetoed, res), res).mentions
    assert m.event_type == kept and m.sub_event_type != favourite
    (m,) = decide.run(_candidates(pipeline, allowed, res), res).mentions
    assert m.sub_event_type == favourite  # the text tells it: the model may say so


def test_the_catch_all_type_never_replaces_the_rules_type(pipeline):
    text = "Rebels attacked an army base near Beni on Monday."
    res = Resources()
    (before,) = [m for m in _candidates(pipeline, text, res).mentions if not decide.weak(m)]
    res.decision = _model(8.0, favourite="Other")  # sure of "Other" every time
    (m,) = decide.run(_candidates(pipeline, text, res), res).mentions
    assert m.sub_event_type == before.sub_event_type != "Other"
    assert not any(c.startswith("rules:") for c in m.cues)
    (d,) = res.decision.decide([["bias"]])  # with no proposal of the rules, "Other" it is
    assert d.sub_event_type == "Other"


@pytest.mark.parametrize(
    ("text", "favourite", "sub_event_type"),
    [
        # the model's Attack, but the side hit is an armed one: ACLED's Armed clash
        ("Gunmen shot dead two soldiers at a checkpoint in Beni on Monday.", "Attack",
         "Armed clash"),
        # the model's Armed clash, but the side hit is named and unarmed
        ("Gunmen shot dead two farmers in their field near Beni on Monday.", "Armed clash",
         "Attack"),
    ],
)  # fmt: skip
def test_the_side_hit_settles_attack_or_armed_clash(pipeline, text, favourite, sub_event_type):
    res = Resources()
    res.decision = _model(8.0, favourite=favourite)
    doc = decide.run(_candidates(pipeline, text, res), res)
    (m,) = doc.mentions
    assert m.sub_event_type == sub_event_type
    assert "actor2" in m.evidence
    assert not any(c.startswith("rules:") for c in m.cues)  # the rules' type stood
    from conflictwire.decision.explain import explain

    (row,) = explain(doc, res.decision)
    assert (row["rules"], row["sub_event_type"], row["model_type"]) == (
        sub_event_type, sub_event_type, favourite
    )


def test_a_clash_in_which_both_sides_fired_stays_a_battle(pipeline):
    text = (
        "Rebels fired mortars at army positions near Beni on Monday. Monitors recorded 40 "
        "explosions in both directions of the front line."
    )
    res = Resources()
    res.decision = _model(8.0, favourite="Attack")
    ms = decide.run(_candidates(pipeline, text, res), res).mentions
    assert ms[0].sub_event_type == "Armed clash" and "return_fire" in ms[0].cues


def test_an_abduction_with_deaths_is_an_attack(pipeline):
    text = "Gunmen abducted and killed two farmers near Beni on Monday."
    res = Resources()
    res.decision = _model(8.0, favourite=ABDUCTION)
    (m,) = decide.run(_candidates(pipeline, text, res), res).mentions
    assert m.fatalities == 2
    assert (m.event_type, m.sub_event_type) == ("Violence against civilians", "Attack")
    res.decision = None  # the rules alone, likewise
    ms = decide.run(_candidates(pipeline, text, res), res).mentions
    assert ms and all(x.sub_event_type != ABDUCTION for x in ms)


def test_a_type_the_rules_would_set_aside_takes_their_bar(pipeline):
    # retyped to an arrest for an ordinary offence, a candidate is kept only as surely as one
    # the rules set aside (threshold_weak), whatever bar its own type had
    text = (
        "Police in Lima, Peru, raided a cocaine smuggling ring on 5 March 2021. Officers fired on "
        "the drug traffickers."
    )
    res = Resources()
    res.decision = _model(1.0, favourite="Arrests")  # P(event) 0.73: above 0.5, below 0.9
    res.decision.threshold_weak = 0.9
    doc = _candidates(pipeline, text, res)
    assert doc.mentions and not any(decide.weak(m) for m in doc.mentions)
    doc = decide.run(doc, res)
    assert not [m for m in doc.mentions if m.sub_event_type == "Arrests"]
    assert any("weak:ordinary_crime" in m.cues for m in doc.extra["rejected"])
    res.decision = _model(3.0, favourite="Arrests")  # P(event) 0.95: sure enough
    res.decision.threshold_weak = 0.9
    kept = decide.run(_candidates(pipeline, text, res), res).mentions
    assert [m.sub_event_type for m in kept] == ["Arrests"] * len(kept) and kept


def test_without_a_model_the_rules_decide_alone(pipeline):
    res = Resources(propose_weak=True)
    res.decision = None
    doc = _candidates(pipeline, "The offices, which were damaged by a bomb, reopened.", res)
    assert doc.mentions and all(decide.weak(m) for m in doc.mentions)
    assert decide.run(doc, res).mentions == []


def test_a_feature_weight_moves_the_decision_and_explains_it():
    m = _model(0.0, {"w=stabbed": 3.0, "w=match": -3.0})
    (yes, no) = m.decide([["w=stabbed", "bias"], ["w=match", "bias"]])
    assert yes.accept and not no.accept
    assert yes.p_event > 0.9 > 0.1 > no.p_event
    assert m.explain(["w=stabbed", "bias"])[0] == ("w=stabbed", pytest.approx(3.0))


def test_calibration_is_monotone():
    m = _model(0.0)
    m.calibration = {"a": 1.3, "b": -0.4}
    values = [m.calibrate(p, 0.9) for p in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert values == sorted(values)


def test_shipped_model_is_small_and_loads():
    folder = model_dir()
    npz = folder / "event_decision.npz"
    if not npz.is_file():
        pytest.skip("no model shipped")
    assert npz.stat().st_size < 30 * 2**20
    m = EventDecisionModel.load(folder)
    assert m.type_coef.shape == (len(m.classes), m.n_features)
    assert (folder / "MODEL_CARD.md").is_file()


# ----------------------------------------------------------------------------- training

NOTES = [
    ("Armed clash", "On 3 May 2020, rebels clashed with the army near Beni, killing two soldiers."),
    ("Armed clash", "Militants fought police forces in Kismayo; three militants were killed."),
    ("Attack", "Gunmen shot dead a village chief in Kaduna state."),
    ("Attack", "Unidentified armed men attacked farmers in Djibo and killed four."),
    ("Peaceful protest", "Around 200 teachers protested outside the ministry in Nairobi."),
    ("Peaceful protest", "Students demonstrated in Dhaka against the fee increase."),
]
NEGATIVES = [
    ("Sports", "Federer beat Goffin in a battle of the backhands on Sunday."),
    ("Sports", "The Raptors attacked the basket and defeated the Celtics."),
    ("CRIME", "Man arrested after stabbing his neighbour in a dispute over parking."),
    ("Business", "A price war between airlines killed profits this quarter."),
]


def _write_train(folder: Path) -> Path:
    train = folder / "train"
    train.mkdir()
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["event_type", "sub_event_type", "notes"])
    w.writeheader()
    parent = {"Armed clash": "Battles", "Attack": "Violence against civilians",
              "Peaceful protest": "Protests"}  # fmt: skip
    for sub, note in NOTES:
        w.writerow({"event_type": parent[sub], "sub_event_type": sub, "notes": note})
    with gzip.open(train / "acled-notes.csv.gz", "wt", encoding="utf-8") as f:
        f.write(buf.getvalue())
    with gzip.open(train / "news-negatives.jsonl.gz", "wt", encoding="utf-8") as f:
        for label, text in NEGATIVES:
            f.write(json.dumps({"text": text, "label": label}) + "\n")
    with gzip.open(train / "events-labelled.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": "x", "task": "other", "event_present": 0}) + "\n")
    return train


def test_training_is_deterministic_and_writes_a_card(tmp_path):
    from conflictwire.decision.train import train

    data = _write_train(tmp_path)
    a = train(data, out=tmp_path / "a", workers=1, log=lambda _: None)
    b = train(data, out=tmp_path / "b", workers=1, log=lambda _: None)
    za, zb = np.load(a / "event_decision.npz"), np.load(b / "event_decision.npz")
    for k in za.files:
        assert np.array_equal(za[k], zb[k]), k
    header = json.loads((a / "event_decision.json").read_text())
    assert set(header["classes"]) == {"Armed clash", "Attack", "Peaceful protest"}
    assert header["training"]["positive"] > 0 and header["training"]["negative"] > 0
    card = (a / "MODEL_CARD.md").read_text()
    assert "acled:Battles" in card and "negative:Sports" in card
    model = EventDecisionModel.load(a)
    p_event, _ = model.scores([["w=clashed", "w=army", "bias"], ["w=federer", "w=goffin", "bias"]])
    assert p_event[0] > p_event[1]
    gate = json.loads((a / "relevance.json").read_text())
    assert gate["threshold"] == 0.0  # no gold data to set it by: the gate stops nothing
    assert (a / "relevance.npz").read_bytes() == (b / "relevance.npz").read_bytes()


def test_explain_lists_every_candidate_with_the_weights_that_decided(pipeline):
    from conflictwire.decision.explain import explain

    res = Resources()
    res.decision = _model(-8.0, {"w=attacked": 20.0})
    text = "Rebels attacked an army base near Beni on Monday. Fans marched to the stadium."
    doc = decide.run(_candidates(pipeline, text, res), res)
    rows = explain(doc, res.decision)
    kept = [r for r in rows if r["kept"]]
    assert kept and kept[0]["trigger"]["text"] == "attacked"
    assert kept[0]["weights"][0] == ["w=attacked", 20.0]
    assert all(not r["kept"] for r in rows if r["trigger"]["text"] != "attacked")



def test_our_hashing_is_scikit_learns():
    """The models were trained on scikit-learn's FeatureHasher matrices; decision/hashing.py
    must give the same matrix for any strings (accents, CJK, emoji, empty, repeated)."""
    import random

    from sklearn.feature_extraction import FeatureHasher

    from conflictwire.decision.hashing import Hasher

    rnd = random.Random(7)
    alphabet = "abcXYZ019 =_-'éüçñ中文🙂"
    def feature() -> str:
        word = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        return rnd.choice(("w=", "b=", "k=", "")) + word

    rows = [[feature() for _ in range(rnd.randint(0, 30))] for _ in range(500)]
    rows.append(["w=attack", "w=attack", "bias"])
    for n in (2**17, 2**18, 97):
        want = FeatureHasher(n_features=n, input_type="string", alternate_sign=False)
        a, b = want.transform(rows), Hasher(n).transform(rows)
        a.sort_indices()
        assert a.shape == b.shape and a.dtype == b.dtype and (a != b).nnz == 0
    assert Hasher(2**17).transform([["w=attack", "w=attack"]]).data.tolist() == [2.0]


def test_labelled_news_is_never_trained_on(tmp_path):
    # the gold set and the check sets choose and measure the model: none of their articles may
    # be among the training reports, whatever group the training files put them in
    from conflictwire.decision.dataset import training_reports

    train = _write_train(tmp_path)
    every = {r.article.id for r in training_reports(train)}
    assert "news-negatives:0" in every and "news-negatives:2" in every
    gold, check = tmp_path / "labels.jsonl", tmp_path / "round9-labels.jsonl"
    gold.write_text(json.dumps({"id": "news-negatives:0", "events": []}) + "\n")
    check.write_text(json.dumps({"id": "news-negatives:2", "events": []}) + "\n")
    left = {r.article.id for r in training_reports(train, gold, checks=(check,))}
    assert left == every - {"news-negatives:0", "news-negatives:2"}


def _acled_file(folder: Path, notes: list[tuple[str, str, str]]) -> tuple[Path, dict[str, str]]:
    """An ACLED export of ``notes`` (event_type, sub_event_type, note), ids chosen so that both
    halves get some; returns it and each note's half."""
    from conflictwire.evaluate.handcoded import split_of

    path, halves = folder / "acled.csv", {}
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["event_id_cnty", "event_date", "event_type", "sub_event_type",
                               "notes"])  # fmt: skip
        w.writeheader()
        for i, (event_type, sub, note) in enumerate(notes):
            eid = f"XYZ{i}"
            halves[eid] = split_of(eid)
            w.writerow({"event_id_cnty": eid, "event_date": "2020-05-02", "event_type": event_type,
                        "sub_event_type": sub, "notes": note})  # fmt: skip
    return path, halves


def _word(i: int) -> str:
    return "zq" + chr(97 + i) * 3  # a word no other note has


ACLED_EVAL = [
    ("Battles", "Armed clash", f"On 2 May 2020, rebels clashed with soldiers near Town{i}; "
     f"{_word(i)} fighters were killed.") for i in range(16)
]  # fmt: skip


def test_only_the_acled_files_dev_half_is_trained_on(tmp_path):
    from conflictwire.decision.dataset import training_reports

    train = _write_train(tmp_path)
    acled, halves = _acled_file(tmp_path, ACLED_EVAL)
    assert set(halves.values()) == {"dev", "test"}
    ids = {r.article.id for r in training_reports(train, acled_dev=acled)}
    assert {i for i, h in halves.items() if h == "dev"} <= ids
    assert not {i for i, h in halves.items() if h == "test"} & ids
    assert {r.article.id for r in training_reports(train)}.isdisjoint(halves)


def test_each_acled_dev_note_bounds_the_threshold_unseen(tmp_path):
    # the heads that read an ACLED dev note for the bound were fitted without it: a word only
    # that note has weighs nothing there, and something in the heads fitted on every note
    from conflictwire.decision.dataset import training_reports
    from conflictwire.decision.train import candidates, cross_fold, fit_heads, held_out_heads

    train = _write_train(tmp_path)
    acled, halves = _acled_file(tmp_path, ACLED_EVAL)
    reports = training_reports(train, acled_dev=acled)
    rows = candidates([r.article for r in reports], workers=1)
    header = {"n_features": 2**17, "classes": [], "threshold": 0.5, "calibration": {}}
    folds = held_out_heads(reports, rows, header)
    arrays, classes, _ = fit_heads(reports, rows)
    full = EventDecisionModel({**header, "classes": classes}, arrays)
    dev = [i for i, (eid, h) in enumerate(halves.items()) if h == "dev"]
    assert {cross_fold(f"XYZ{i}") for i in dev} == {0, 1}
    for i in dev:
        (col,) = full.vectorise([[f"w={_word(i)}"]]).indices
        assert full.event_coef[col] != 0
        assert folds[cross_fold(f"XYZ{i}")].event_coef[col] == 0
    assert held_out_heads(training_reports(train), rows[: len(training_reports(train))],
                          header) is None  # fmt: skip


def test_the_candidate_of_a_report_the_rules_read_nothing_in_is_not_trained_on():
    from conflictwire.decision.dataset import TrainReport
    from conflictwire.decision.train import candidates, fit_heads

    texts = [
        ("Rebels clashed with the army near Beni, killing two soldiers.", True, "Armed clash"),
        ("Teachers protested outside the ministry in Nairobi.", True, "Peaceful protest"),
        ("Federer beat Goffin in a battle of the backhands.", False, None),
        ("The governor halted all entries to the district for two weeks.", True, "Other"),
    ]
    reports = [TrainReport(Article(text=t, id=f"r{i}"), ok, sub, "test")
               for i, (t, ok, sub) in enumerate(texts)]  # fmt: skip
    rows = candidates([r.article for r in reports], workers=1)
    assert [c.features.count("cue=weak:unread") for c in rows[3]] == [1]
    counts = fit_heads(reports, rows)[2]
    assert counts["candidates"] == sum(len(r) for r in rows[:3])
