"""Text written in one case gets its words' usual case back (``casing.py``), offsets kept."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwire.casing import Casing, default_casing, one_case, restore
from conflictwire.cli import app
from conflictwire.train_casing import build, conventional, count

TABLE = Casing(
    lower=frozenset({"the", "attacked", "home", "of", "guards", "in", "said", "a", "grenade",
                     "police", "on", "branch", "and", "del", "hit"}),  # fmt: skip
    upper=frozenset({"fmln"}),
)


def test_a_line_in_capitals_gets_its_words_usual_case() -> None:
    text = "FMLN UNITS ATTACKED THE HOME OF RICARDO ALVARENGA IN VINA DEL MAR. A GRENADE HIT."
    got = restore(text, TABLE)
    want = "FMLN Units attacked the home of Ricardo Alvarenga in Vina del Mar. A grenade hit."
    assert got == want
    assert len(got) == len(text)


def test_initials_possessives_and_other_lines_are_kept() -> None:
    text = "Police said so on Monday.\nTHE U.S. GUARDS OF ALVARENGA'S HOME SAID SO ON MONDAY."
    got = restore(text, TABLE)
    first, second = got.split("\n")
    assert first == "Police said so on Monday."  # a line in ordinary case is left alone
    # "U.S." stays, and its full stop ends no sentence; "'S" is the ending of the word before
    assert second.startswith("The U.S. guards of Alvarenga's home said")


def test_a_headline_in_title_case_gets_its_ordinary_words_in_lower_case() -> None:
    words = {"die", "in", "fighting", "new", "company", "reports", "earnings", "guards", "attacked"}
    table = Casing(lower=frozenset(words), upper=frozenset())
    text = "3 Israelis Die in Gaza Fighting. JABALYA, Gaza (Reuters) - Three Israelis died."
    got = restore(text, table)
    assert got == "3 Israelis die in Gaza fighting. JABALYA, Gaza (Reuters) - Three Israelis died."
    # a name goes on before a capitalised word that stays ("New York"); the first word stays
    assert restore("The New York Times Company Reports Earnings.", table) == (
        "The New York Times company reports earnings."
    )
    # names in title case (no ordinary word among them) and ordinary headlines are left alone
    for kept in ("John Smith, Mary Jones and Peter Brown in Gaza.",
                 "Guards attacked in Gaza on Monday. Police Attacked Nobody."):  # fmt: skip
        assert restore(kept, table) == kept


def test_a_lower_case_text_after_a_source_prefix_is_restored() -> None:
    # a source that lower-cases its stories but puts its own line before them
    text = ("This story is from March 31, 2002 anand: police said a grenade hit the home of "
            "ricardo alvarenga. the guards said so on monday, and the police said so again.")
    assert one_case(text)
    got = restore(text, default_casing())
    assert got.startswith("This story is from March 31, 2002 Anand: Police said a grenade hit")
    assert "the home of Ricardo Alvarenga. The guards said so on Monday" in got
    assert len(got) == len(text)
    # ordinary prose with a long stretch in lower case is not such a text: no sentence of it
    # starts in lower case
    prose = ("Police in Vina del Mar said on Monday that a grenade hit the home of a guard and "
             "that the guards attacked the branch of the bank in the night.")  # fmt: skip
    assert not one_case(prose)
    assert restore(prose, TABLE) == prose


def test_only_long_lines_in_one_case_are_restored() -> None:
    assert one_case("GUERRILLAS ATTACKED THE POLICE STATION")
    assert one_case("guerrillas attacked the police station in the town")
    assert not one_case("Guerrillas attacked the police station")
    assert not one_case("BAGHDAD (AP)")  # too short to say
    assert restore("BAGHDAD (AP) - Police said", TABLE) == "BAGHDAD (AP) - Police said"
    assert restore("ANY TEXT AT ALL IN CAPITALS HERE", None) == "ANY TEXT AT ALL IN CAPITALS HERE"


def test_the_shipped_table_reads_telex_capitals() -> None:
    casing = default_casing()
    assert casing is not None
    got = restore("GUERRILLAS ATTACKED A POLICE BRANCH IN SAN SALVADOR ON 10 MAY.", casing)
    assert "San Salvador" in got and "police" in got and "May" in got  # months stay names


def test_the_pipeline_reads_places_and_people_in_a_telex(pipeline) -> None:
    from conflictwire.model import Article

    text = (
        "SAN SALVADOR, 12 JAN 90 -- GUERRILLA URBAN COMMANDOS ATTACKED THE HOME OF NATIONAL "
        "ASSEMBLY PRESIDENT RICARDO ALVARENGA IN SAN SALVADOR TODAY, KILLING A POLICE OFFICER "
        "GUARDING THE HOUSE. A GRENADE WAS THROWN AT A BANK BRANCH IN THE CAPITAL."
    )
    doc = next(iter(pipeline.pipe([Article(text=text, id="telex")])))
    names = {t.text: t.place.country if t.place else None for t in doc.toponyms}
    assert names.get("San Salvador") == "El Salvador"
    assert not {"Alvarenga", "Grenade", "Branch"} & set(names)
    for ev in pipeline.events(doc):  # evidence quotes the input's own words
        for e in ev.evidence.values():
            assert text[e.start : e.end] == e.text


def test_training_counts_words_inside_sentences_of_conventional_texts() -> None:
    seen: dict[str, list[int]] = {}
    count("Police said the police in Kabul met UN staff. Police left.", seen)
    assert seen["police"] == [1, 0, 0]  # sentence starts are not counted
    assert seen["kabul"] == [0, 1, 0] and seen["un"] == [0, 0, 1]
    assert not conventional("ALL IN CAPITALS HERE")
    assert not conventional("This story is from March 7, 2002 ahmedabad: curfew was imposed in "
                            "mehamdabad town of kheda district after 14 houses were set on fire "
                            "in the evening, police said.")
    assert not conventional("Troops fired. then they left.")
    assert conventional("Troops fired on protesters in Kabul. They left.")


def test_build_from_training_files(tmp_path: Path) -> None:
    train = tmp_path / "train"
    train.mkdir()
    notes = "notes\n" + "\n".join(['"Troops of the FMLN attacked a police post in Usulutan."'] * 3)
    with gzip.open(train / "acled-notes.csv.gz", "wt", encoding="utf-8") as fh:
        fh.write(notes + "\n")
    for name in ("news-negatives.jsonl.gz", "events-labelled.jsonl.gz"):
        with gzip.open(train / name, "wt", encoding="utf-8") as fh:
            line = {"text": "A MAY DAY RALLY IN CAPITALS IS SKIPPED ENTIRELY."}
            fh.write(json.dumps(line) + "\n")
    casing = build(train)
    assert {"attacked", "police", "of"} <= casing.lower and "usulutan" not in casing.lower
    assert casing.upper == frozenset({"fmln"})
    assert "rally" not in casing.lower  # from a text in capitals: not counted


def test_train_casing_without_data_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "casing.json"
    r = CliRunner().invoke(app, ["train-casing", "--data", str(tmp_path), "--out", str(out)])
    assert r.exit_code == 2
    assert "training files not found" in r.output and "Traceback" not in r.output
    assert not out.exists()


@pytest.mark.parametrize("text", ["", "   ", "12 34 56", "ẞTRASSE ẞTRASSE ẞTRASSE ẞTRASSE ẞTRASSE"])
def test_odd_text_keeps_its_length(text: str) -> None:
    assert len(restore(text, TABLE)) == len(text)


def test_a_lower_case_text_with_a_few_stray_capitals_is_restored() -> None:
    # a site's sharing links after a story it prints in lower case
    text = ("ahmedabad: two persons were stabbed in ahmedabad on thursday. the police said so. "
            "the stabbings took place on relief road. a curfew was imposed in the city. it was "
            "lifted on friday. shops opened again. Facebook Twitter Linkedin Mail")  # fmt: skip
    assert one_case(text)
    got = restore(text, default_casing())
    assert got.startswith("Ahmedabad: Two persons were stabbed in Ahmedabad on Thursday. The")
    assert got.endswith("Facebook Twitter Linkedin Mail") and len(got) == len(text)
    # ordinary prose with its capitals, and a headline over a body in lower case, are not
    prose = ("Police said so. The guards said so too. Rebels attacked the town. Nobody knows "
             "who they were or why they came to the town of Goma on Friday night.")  # fmt: skip
    assert not one_case(prose)
    headline = "Darfur conditions worsen. rebels struggle to make headway in talks in Abuja."
    assert not one_case(headline)
