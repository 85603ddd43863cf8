"""The resolver's ranking model: a reading's features, the model's choice and its explanation,
fitting it, and the labels its training reads (made-up places)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.gazetteer.lookup import GazPlace
from conflictwire.gazetteer.rank import (
    FEATURES,
    HINT,
    Ranker,
    default_ranker,
    explain,
    features,
    setting,
)
from conflictwire.gazetteer.recognise import Candidate
from conflictwire.gazetteer.train_rank import (
    Choice,
    TrainRankError,
    _acled_gold,
    _source_weights,
    accuracy,
    fit,
    near,
    unit_named,
)


def _place(gid: int, name: str, fcode: str = "PPL", iso2: str = "US", a1: str = "AA",
           pop: int = 1_000, lat: float = 40.0, lon: float = -80.0, a2: str | None = None,
           code: str | None = None, admin1: str = "Alpha") -> GazPlace:  # fmt: skip
    return GazPlace(gid, name, name, (), "P" if fcode.startswith("PPL") else "A", fcode, iso2,
                    None, f"{iso2}.{a1}", admin1, a2, a2, pop, lat, lon, code)  # fmt: skip


def _cand(text: str, **kw) -> Candidate:
    return Candidate(0, 1, 0, len(text), text, len(text), True, **kw)


def test_features_read_the_text_around_the_name() -> None:
    unit = _place(10, "Alpha", "ADM1", code="US.AA", pop=3_000_000)
    inside = _place(1, "Millbrook", a1="AA", pop=2_000)
    abroad = _place(2, "Millbrook", iso2="CA", a1="BB", pop=90_000, lat=45.0)
    c = _cand("Millbrook")
    s = setting(c, [inside, abroad], focus="US", hints=[unit])
    f_in, f_out = features(inside, s), features(abroad, s)
    assert f_in["in_focus"] == 1.0 and f_in["hint_inside"] == 1.0
    assert "in_focus" not in f_out and "hint_inside" not in f_out
    assert f_out["largest"] == 1.0 and f_in["log_below_top"] > 1.0
    # a name that only qualifies another reads with features of its own kind
    hint = _cand("Alpha", is_hint=True)
    f_hint = features(unit, setting(hint, [unit, _place(11, "Alpha")], focus="US"))
    assert f_hint[HINT + "hint_unit"] == 1.0 and not any(k in FEATURES[:5] for k in f_hint)


def test_listed_units_count_the_units_in_the_list() -> None:
    state = _place(1, "Washington", "ADM1", a1="WA", pop=6_000_000)
    capital = _place(2, "Washington", "PPLC", a1="DC", pop=700_000)
    peers = [_place(3 + i, n, "ADM1", a1=n[:2].upper()) for i, n in enumerate(["Alaska", "Iowa"])]
    s = setting(_cand("Washington"), [state, capital], focus="US", peers=peers)
    assert features(state, s)["listed_units"] == 2.0
    assert "listed_units" not in features(capital, s)


def test_ranker_chooses_the_highest_score_and_gives_probabilities() -> None:
    r = Ranker({"in_focus": 2.0, "alt_name": -1.0})
    best, probs = r.choose([{"alt_name": 1.0}, {"in_focus": 1.0}, {}])
    assert best == 1 and abs(sum(probs) - 1.0) < 1e-9 and probs[1] > probs[2] > probs[0]
    assert r.contributions({"in_focus": 1.0, "alt_name": 1.0}) == [("in_focus", 2.0),
                                                                    ("alt_name", -1.0)]  # fmt: skip


def test_model_file_round_trip_and_bad_files() -> None:
    r = Ranker({"in_focus": 1.5}, {"choices": 3})
    back = Ranker.from_json(json.loads(json.dumps(r.to_json())))
    assert back.weights["in_focus"] == 1.5 and back.meta == {"choices": 3}
    with pytest.raises(ValueError, match="unknown features"):
        Ranker.from_json({"features": ["no_such_cue"], "weights": [1.0]})


def test_shipped_model_knows_every_feature_and_explains() -> None:
    model = default_ranker()
    assert set(model.weights) == set(FEATURES)
    assert model.meta["choices"] and model.meta["trained_on"]
    a = _place(1, "Millbrook", pop=2_000)
    b = _place(2, "Millbrook", iso2="CA", pop=2_000, lat=45.0)
    s = setting(_cand("Millbrook"), [a, b], focus="US")
    readings = explain([(a, features(a, s)), (b, features(b, s))])
    assert readings[0].place is a and readings[0].p > readings[1].p
    assert ("in_focus", model.weights["in_focus"]) in readings[0].because


def _choices() -> list[Choice]:
    """Made-up choices where the reading in the report's country is always the right one and
    the larger one is right half the time."""
    out = []
    for i in range(40):
        big_right = i % 2 == 0
        rows = [{"in_focus": 1.0, "log_population": 3.0}, {"log_population": 5.0}]
        out.append(Choice(str(i), "X", rows, [True, False] if not big_right else [True, True],
                          "a"))  # fmt: skip
        out.append(Choice(str(i), "Y", rows[::-1], [False, True], "b"))
    return out


def test_fit_learns_the_cue_that_decides_and_is_deterministic() -> None:
    cs = _choices()
    one, two = fit(cs), fit(cs)
    assert one.weights == two.weights
    assert one.weights["in_focus"] > 0 and accuracy(one, cs) == 1.0
    with pytest.raises(TrainRankError):
        fit([])


def test_each_source_weighs_the_same() -> None:
    cs = [Choice("1", "a", [{}], [True], "big")] * 3 + [Choice("2", "b", [{}], [True], "small")]
    w = _source_weights(cs)
    assert sum(w[:3]) == pytest.approx(w[3])


def test_training_labels() -> None:
    town = _place(1, "Vesele", a1="DO", lat=48.0, lon=37.7, admin1="Donetsk")
    far = _place(2, "Vesele", a1="ZA", lat=47.0, lon=35.0, admin1="Zaporizhia")
    assert near(48.01, 37.71)(town) and not near(48.01, 37.71)(far)
    oblast = _place(3, "Donetska oblast", "ADM1", a1="DO", admin1="Donetsk")
    raion = _place(4, "Donetsk Raion", "ADM2", a1="DO", a2="Donetsk", admin1="Donetsk")
    first_level = unit_named(1, "donetsk", "donetsk")
    assert first_level(oblast) and not first_level(raion)
    row = {"location": "Vesele", "latitude": "48.0", "longitude": "37.7", "admin1": "Donetsk",
           "admin2": "Bakhmutskyi"}  # fmt: skip
    gold = _acled_gold(row)
    assert gold(_cand("Vesele"))(town) and not gold(_cand("Vesele"))(far)
    assert gold(_cand("Donetsk", is_hint=True))(oblast)
    assert gold(_cand("Kramatorsk")) is None


def test_geoparse_explain_on_the_command_line() -> None:
    text = "Shelling hit Vesele, Donetsk, on Monday, officials in Kyiv said."
    res = CliRunner().invoke(app, ["geoparse", "--explain", "-"], input=text)
    assert res.exit_code == 0, res.output
    line = next(x for x in res.stdout.splitlines() if x.startswith("{"))
    places = {p["text"]: p for p in json.loads(line)["places"]}
    why = places["Vesele"]["explain"]
    assert why["readings"][0]["p"] >= why["readings"][-1]["p"]
    assert "hint_inside" in why["readings"][0]["because"]
    plain = CliRunner().invoke(app, ["geoparse", "-"], input=text)
    assert '"explain"' not in plain.stdout


def test_train_resolver_without_data_says_so(tmp_path) -> None:
    res = CliRunner().invoke(app, ["train-resolver", "--data", str(tmp_path),
                                   "--out", str(tmp_path / "m.json")])  # fmt: skip
    assert res.exit_code == 2 and "not found" in res.output
    assert not (tmp_path / "m.json").exists()


def test_score_is_the_models_probability_of_the_reading_kept(pipeline) -> None:
    from conflictwire.gazetteer.geoparse import Geoparser
    from conflictwire.model import Article

    gp = Geoparser(pipeline.resources, pipeline.nlp)
    text = ("Shelling hit Vesele, Donetsk, and Kherson on Monday; talks were held in Washington, "
            "and the team worked in Alaska, Hawaii and Florida.")  # fmt: skip
    doc = next(gp.docs([Article(text=text)]))
    checked = 0
    for r in doc.extra["resolutions"]:
        if len(r.readings) < 2:
            continue
        kept = [p for (q, _), p in zip(r.readings, r.probs, strict=True) if q is r.place]
        assert r.score == (kept[0] if kept else 0.0)
        assert abs(sum(r.probs) - 1.0) < 1e-9
        checked += 1
    assert checked >= 3
