"""The actors stage: roles from the parse, defaults per event type, and the event types that
actors settle (attacks on armed targets, crowd violence, gang-style killings)."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwire.model import Actor, Article
from conflictwire.stages.actors import _external
from mentions import first


def name(actor) -> str | None:
    return actor.name if actor is not None else None


def test_subject_acts_object_is_acted_upon(rules) -> None:
    m = first(
        rules, "On 5 March 2021, Taliban militants attacked a police checkpoint in Ghazni."
    )
    assert name(m.actor1) == "Taliban"
    assert m.actor2 is not None and m.actor2.name.startswith("Police Forces of Afghanistan")
    assert m.event_type == "Battles"
    assert "actor1" in m.evidence


def test_passive_agent_is_actor1(rules) -> None:
    m = first(rules, "On 4 March 2021, a farmer was shot dead by gunmen in Zamfara, Nigeria.")
    assert name(m.actor1) == "Unidentified Armed Group (Nigeria)"
    assert name(m.actor2) == "Civilians (Nigeria)"
    assert m.event_type == "Violence against civilians"


def test_repelled_attack_has_the_attacker_first(rules) -> None:
    m = first(
        rules,
        "On 3 March 2021, Afghan security forces repelled an attack by Taliban militants "
        "in Kunduz.",
    )
    assert name(m.actor1) == "Taliban"
    assert m.actor2 is not None and m.actor2.name.startswith("Military Forces of Afghanistan")


GANG_VICTIM = (
    "On 2 May 2020, in {town}, a man was shot and injured by an armed man in a market. "
    "The victim had charges against him for several crimes, including drug trafficking."
)


@pytest.mark.parametrize(
    ("town", "sub_event_type", "actor2"),
    [
        ("Governador Valadares, Minas Gerais", "Armed clash", "Unidentified Gang (Brazil)"),
        # the Philippines' drug war: ACLED codes its victims as civilians
        ("Tondo, Manila", "Attack", "Civilians (Philippines)"),
    ],
)
def test_a_victim_tied_to_drug_trafficking_is_a_gang_where_acled_codes_gangs(
    rules, town: str, sub_event_type: str, actor2: str
) -> None:
    m = first(rules, GANG_VICTIM.format(town=town))
    assert (m.sub_event_type, name(m.actor2)) == (sub_event_type, actor2)
    if sub_event_type == "Armed clash":
        assert "drug trafficking" in m.evidence["actor2"].text


@pytest.mark.parametrize(
    ("text", "sub_event_type", "actor2"),
    [
        # ACLED names no second side of a peaceful protest, least of all the government it
        # addresses
        ("On 7 May 2020, hundreds of protesters gathered in Najaf demanding the resignation of "
         "the government.", "Peaceful protest", None),
        ("On 7 May 2020, workers protesting against the government in Najaf were dispersed by "
         "police.", "Protest with intervention", "Police Forces of Iraq"),
    ],
)  # fmt: skip
def test_the_government_a_crowd_addresses_is_no_side(
    rules, text: str, sub_event_type: str, actor2: str | None
) -> None:
    m = first(rules, text)
    assert m.sub_event_type == sub_event_type
    assert name(m.actor2) == actor2


@pytest.mark.parametrize(
    ("text", "sub_event_type", "actor1"),
    [
        ("On 5 May 2020, a group of local people killed a man by setting him on fire in "
         "Butembo, Nord-Kivu.", "Mob violence", "Rioters (Democratic Republic of Congo)"),
        # a firearm makes them an armed group
        ("On 5 May 2020, a group of men shot dead a trader in Butembo, Nord-Kivu.", "Attack",
         "Unidentified Armed Group (Democratic Republic of Congo)"),
    ],
)  # fmt: skip
def test_people_in_a_group_who_kill_are_a_mob(
    rules, text: str, sub_event_type: str, actor1: str
) -> None:
    m = first(rules, text)
    assert (m.sub_event_type, name(m.actor1)) == (sub_event_type, actor1)
    assert name(m.actor2) == "Civilians (Democratic Republic of Congo)"


# Who acted and who was hit, one sentence each: (text, sub_event_type, actor1, actor2); a name
# ending in "..." is a prefix (ACLED adds a period to some: "Military Forces of Myanmar (2021-)").
SIDES = [
    # whom a mob turned on: people it beat are civilians, groups that clashed are rioters
    ("On 5 May 2020, a mob beat up an ambulance driver with rods in Barojiakur village, Nadia "
     "district, West Bengal.", "Mob violence", "Rioters (India)", "Civilians (India)"),
    ("On 3 May 2020, two groups of cement factory workers clashed in Abdasa, Kachchh, Gujarat, "
     "over transport.", "Mob violence", "Rioters (India)", "Rioters (India)"),
    # ACLED's default for arrests: the police of the country
    ("A Communist Party of India (Maoist) cadre was arrested from Bijapur District, "
     "Chhattisgarh, on 15 September 2020.", "Arrests", "Police Forces of India...",
     "CPI (Maoist)..."),
    # where ACLED codes gangs, a gang member shot is no civilian: a clash
    ("On 3 May 2020, in Jucuapa (Usulutan), an alleged gang member was shot and killed by "
     "several unidentified armed men.", "Armed clash", None, "Unidentified Gang (El Salvador)"),
    # an ambush of someone ACLED counts as a civilian (an officer off duty) is an Attack
    ("On 2 May 2020, in Apatzingan, Michoacan, armed men ambushed the chief of the police, who "
     "was off duty, in Colonia Adolfo Lopez Mateos.", "Attack", "Unidentified Armed Group...",
     "Civilians (Mexico)"),
    # a people named in the plural is a crowd of that country
    ("On 4 May 2020, clashes erupted between Palestinians and Israeli forces at the Qalandia "
     "camp in Jerusalem.", "Mob violence", "Rioters (Palestine)", "Military Forces of Israel..."),
    # a crowd keeps its nationality
    ("On 8 May 2020, a clash ensued between Chinese demonstrators and Nepal Police in front of "
     "Singha Durbar in Kathmandu.", "Violent demonstration", "Rioters (China)",
     "Police Forces of Nepal..."),
    # the other side named together with the first
    ("On 7 May 2020, in Paletwa Township, Chin State, the Myanmar military and AA clashed.",
     "Armed clash", "Military Forces of Myanmar...", "ULA/AA..."),
    # air strikes that back a ground operation do not decide its type
    ("On 4 May 2020, an operation by Afghan special forces, backed by airstrikes, killed 18 "
     "Taliban militants in Qalat district, Zabul.", "Armed clash", "Military Forces of "
     "Afghanistan...", "Taliban"),
    # a nominal trigger after "in": the verb's subject acted, its object was hit
    ("FARC dissidents killed two soldiers in an ambush in Cauca on 3 May 2020.", "Armed clash",
     "FARC Dissident...", "Military Forces of Colombia..."),
    # people hit, named on the acting side, yield to the armed group named there
    ("Presidential candidate Alberto Fujimori escaped a dynamite attack perpetrated by a "
     "Shining Path cell in Lima on 6 May 1990.", None, "Shining Path", None),
]  # fmt: skip


def _named(actor, expected: str | None) -> bool:
    if expected is None:
        return True
    if expected.endswith("..."):
        return actor is not None and actor.name.startswith(expected[:-3])
    return name(actor) == expected


@pytest.mark.parametrize(("text", "sub_event_type", "actor1", "actor2"), SIDES)
def test_who_acted_and_who_was_hit(
    rules, text: str, sub_event_type: str | None, actor1: str | None, actor2: str | None
) -> None:
    m = first(rules, text)
    assert sub_event_type is None or m.sub_event_type == sub_event_type
    assert _named(m.actor1, actor1), name(m.actor1)
    assert _named(m.actor2, actor2), name(m.actor2)


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Serb forces killed three ethnic Albanians in a gunbattle near Presevo on 3 May 1999.",
         "Military Forces of Serbia"),
        ("Croat forces shelled Mostar on 9 November 1993.", "Military Forces of Croatia"),
    ],
)  # fmt: skip
def test_short_demonyms_scope_state_forces(rules, text: str, actor1: str) -> None:
    m = first(rules, text)
    assert m.actor1 is not None and m.actor1.name.startswith(actor1)


def test_actor_told_in_an_earlier_sentence(rules) -> None:
    m = next(
        x
        for x in rules.process(
            Article(
                text="On 2 March 2021, Kenyan police raided a house in Mombasa. "
                "Three men were arrested.",
                published=date(2021, 3, 10),
            )
        ).mentions
        if x.sub_event_type == "Arrests"
    )
    assert m.actor1 is not None and m.actor1.name.startswith("Police Forces of Kenya")


def test_violent_crowd_turns_a_protest_into_a_riot(rules) -> None:
    m = first(
        rules,
        "On 1 March 2021, residents protested in Valparaiso, Chile, over water cuts. "
        "They threw stones at the police and burned tyres.",
    )
    assert (m.event_type, m.sub_event_type) == ("Riots", "Violent demonstration")
    assert name(m.actor1) == "Rioters (Chile)"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # no demonstration told: a mob
        ("On 5 May 2020, residents pelted stones at police who were enforcing the coronavirus "
         "lockdown in Bhopal, India.", "Mob violence"),
        # the same crowd in a protest, or blocking a road with burning tyres: a demonstration
        ("On 5 May 2020, residents pelted stones at police during a protest against the "
         "lockdown in Bhopal, India.", "Violent demonstration"),
        ("On 5 May 2020, residents blocked the main road with burning tyres in Bhopal, India.",
         "Violent demonstration"),
    ],
)  # fmt: skip
def test_a_riot_is_a_demonstration_only_where_one_is_told(rules, text, sub_event_type) -> None:
    m = first(rules, text)
    assert (m.event_type, m.sub_event_type) == ("Riots", sub_event_type)


def test_looted_things_are_no_violent_crowd(rules) -> None:
    m = first(
        rules,
        "On 2 May 2020, protesters marched through Hasbaya, Lebanon, against high prices. "
        "Protesters also demand the recovery of looted funds.",
    )
    assert m.sub_event_type == "Peaceful protest"


@pytest.mark.parametrize(
    ("text", "sub_event_type", "actor1"),
    [
        ("On 4 May 2020, villagers clashed with police in Temuco, Chile, over land.",
         "Mob violence", "Rioters (Chile)"),
        ("On 4 May 2020, clashes erupted between vendors and soldiers in Temuco, Chile.",
         "Mob violence", "Rioters (Chile)"),
        # armed, they are no mob
        ("On 4 May 2020, armed villagers clashed with police in Temuco, Chile.",
         "Armed clash", "Unidentified Armed Group (Chile)"),
    ],
)  # fmt: skip
def test_people_clashing_with_forces_are_a_mob(rules, text, sub_event_type, actor1) -> None:
    m = first(rules, text)
    assert m.sub_event_type == sub_event_type
    assert name(m.actor1) == actor1
    assert m.actor2 is not None and m.actor2.inter == 1


def test_gang_style_killing_in_the_americas(rules) -> None:
    m = first(
        rules,
        "On 6 March 2021, in Celaya, Guanajuato, Mexico, armed men killed a man in a "
        "drive-by shooting.",
    )
    assert name(m.actor1) == "Unidentified Gang (Mexico)"
    # a bombing is no manner of killing, whatever the report says of drug traffickers
    m = first(
        rules,
        "On 6 March 2021, a bomb exploded at a bank in Medellin, Colombia, as drug traffickers "
        "stepped up their war on the state.",
    )
    assert name(m.actor1) == "Unidentified Armed Group (Colombia)"


def test_front_line_fire_without_a_named_side(rules) -> None:
    m = first(
        rules,
        "On 7 March 2021, the OSCE SMM recorded 12 explosions involving mortars in both "
        "directions of the frontline near Avdiivka, Donetsk.",
    )
    assert m.actor1 is not None and m.actor1.name.startswith("Military Forces of Ukraine")
    assert "OSCE" not in name(m.actor1)


@pytest.mark.parametrize(
    ("actor", "country", "inter"),
    [
        (Actor("Military Forces of Turkey", 1, "Turkey"), "Syria", 8),
        (Actor("Military Forces of Turkey", 1, "Turkey"), "Turkey", 1),
        (Actor("Military Forces of the United States (2017-)", 1, "Somalia"), "Somalia", 8),
        (Actor("Military Forces of Artsakh (2007-)", 1, "Azerbaijan"), "Azerbaijan", 1),
        (Actor("Taliban", 2, "Afghanistan"), "Pakistan", 2),
    ],
)
def test_state_forces_abroad_are_external(actor: Actor, country: str, inter: int) -> None:
    out = _external(actor, country)
    assert out is not None and out.inter == inter


# ------------------------------------------------ missions and forces as targets (issue 11)

MISSION_TARGETS = [
    # text, actor1 (prefix), actor2 (prefix)
    ("On 5 March 2021, gunmen attacked a MINUSMA convoy near Kidal, Mali.",
     "Unidentified Armed Group (Mali)", "MINUSMA"),
    ("On 5 March 2021, gunmen attacked UN peacekeepers near Kidal, Mali.",
     "Unidentified Armed Group (Mali)", "MINUSMA"),
    ("On 5 March 2021, there was an attack on the MINUSMA camp in Kidal, Mali.",
     "Unidentified Armed Group (Mali)", "MINUSMA"),
    ("On 5 March 2021, AMISOM troops were ambushed by al-Shabaab near Afgoye, Somalia.",
     "Al Shabaab", "AMISOM"),
    ("On 5 March 2021, an AMISOM convoy was attacked by al-Shabaab militants near Afgoye, "
     "Somalia.", "Al Shabaab", "AMISOM"),
    ("On 5 March 2021, a MONUSCO patrol was ambushed by ADF rebels near Beni, DR Congo.",
     "ADF", "MONUSCO"),
    ("On 5 March 2021, an attack on MINUSMA peacekeepers by JNIM militants near Kidal, Mali, "
     "left two dead.", "JNIM", "MINUSMA"),
    ("On 5 March 2021, the MINUSMA camp in Aguelhok, Mali, was attacked with mortars.",
     "Unidentified Armed Group (Mali)", "MINUSMA"),
    ("On 5 March 2021, a roadside bomb exploded near an AMISOM convoy in Afgoye, Somalia.",
     "Unidentified Armed Group (Somalia)", "AMISOM"),
    ("On 5 March 2021, MINUSMA said its peacekeepers were attacked by gunmen near Kidal, Mali.",
     "Unidentified Armed Group (Mali)", "MINUSMA"),
    ("On 5 March 2021, AMISOM troops were ambushed by al-Shabaab near Afgoye, Somalia, a "
     "military official said.", "Al Shabaab", "AMISOM"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "actor1", "actor2"), MISSION_TARGETS)
def test_a_mission_that_is_hit_is_actor2(rules, text: str, actor1: str, actor2: str) -> None:
    m = first(rules, text)
    assert name(m.actor1) is not None and name(m.actor1).startswith(actor1), text
    assert name(m.actor2) is not None and name(m.actor2).startswith(actor2), text


def test_a_force_named_as_a_landmark_is_no_party(rules) -> None:
    m = first(
        rules,
        "On 5 March 2021, near an army checkpoint in Kano, Nigeria, gunmen shot dead a trader.",
    )
    assert name(m.actor1) == "Unidentified Armed Group (Nigeria)"
    assert "Military" not in (name(m.actor2) or "")


def test_airstrikes_that_killed_militants(rules) -> None:
    # a means ("by airstrikes") takes its verb's voice: the passive subject was hit
    m = first(
        rules,
        "On 5 March 2021, 8 Taliban militants were killed and 4 were wounded by Afghan military "
        "airstrikes in Logar.",
    )
    assert name(m.actor1) is not None and name(m.actor1).startswith("Military Forces of Afghan")
    assert name(m.actor2) == "Taliban"


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("On 5 March 2021, clashes took place between members of the Taliban and Afghan "
         "soldiers in Ghazni.", "Taliban"),
        ("On 5 March 2021, clashes took place between Afghan soldiers and members of the "
         "Taliban in Ghazni.", "Military Forces of Afghanistan"),
    ],
)  # fmt: skip
def test_clash_between_two_sides_keeps_their_order(rules, text: str, actor1: str) -> None:
    m = first(rules, text)
    assert name(m.actor1) is not None and name(m.actor1).startswith(actor1)
    sides = {name(m.actor1), name(m.actor2)}
    assert "Taliban" in sides and any(
        s and s.startswith("Military Forces of Afghan") for s in sides
    )


def test_a_battle_whose_sides_are_not_told_is_the_named_rebels(rules) -> None:
    # the report names one rebel group; a battle told without its sides is theirs
    doc = rules.process(
        Article(
            text="The FMLN said it controls five neighbourhoods of San Salvador.\n\nA report "
            "from Santa Ana says that heavy shootouts took place in Metapan on Monday.",
            published=date(1989, 11, 14),
        )
    )
    m = next(x for x in doc.mentions if x.trigger.text == "shootouts")
    assert name(m.actor1) == "FMLN: Farabundo Marti National Liberation Front"


def test_who_reports_an_event_is_no_party_to_it(rules) -> None:
    # "they" are the peasants, not the authorities who reported it; "indicated" reports too
    text = ("Military authorities have reported that two peasants were killed when they set off "
            "a mine in Morazan Department.")  # fmt: skip
    m = first(rules, text)
    assert m.actor1 is None or not m.actor1.name.startswith("Military Forces")
    text = ("The Salvadoran Armed Forces, which confirmed the attack, indicated that 3 soldiers "
            "were killed in a 2-hour clash that took place in Tejutepeque.")  # fmt: skip
    m = first(rules, text)
    assert m.actor1 is None or not m.actor1.name.startswith("Military Forces")
    # a pronoun that points back to the speaker still makes it the party
    m = first(rules, "On 5 March 2021, Kenyan police said they arrested five men in Mombasa.")
    assert m.actor1 is not None and m.actor1.name.startswith("Police Forces of Kenya")


def test_killings_in_a_report_of_communal_rioting_are_the_mobs(rules) -> None:
    riots = ("Mobs went on a rampage in Ahmedabad on Thursday, torching shops. Communal violence "
             "spread to Kheda district.\n\n")  # fmt: skip
    for told, trigger in (("At least 6 persons have been burnt alive in Navaseshan village.",
                           "burnt"), ("A cook was stabbed to death in Mehmedabad.", "stabbed")):
        doc = rules.process(Article(text=riots + told, published=date(2002, 3, 2)))
        m = next(x for x in doc.mentions if x.trigger.text == trigger)
        assert (m.event_type, m.sub_event_type) == ("Riots", "Mob violence"), told
        assert m.actor1 is not None and m.actor1.name == "Rioters (India)"
    # a firearm, or an armed author named, keeps it an attack
    doc = rules.process(Article(text=riots + "Gunmen shot dead six persons in Navaseshan "
                                "village.", published=date(2002, 3, 2)))  # fmt: skip
    m = next(x for x in doc.mentions if x.trigger.text == "shot")
    assert m.event_type == "Violence against civilians"


def test_those_killed_in_police_firing_were_not_armed(rules) -> None:
    m = first(rules, "Mamata Banerjee expressed condolences to family members of six farmers who "
              "were killed in alleged police firing in Madhya Pradesh on Tuesday.")
    assert m.sub_event_type == "Attack"
    assert m.actor1 is not None and m.actor1.name.startswith("Police Forces of India")


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # "civilians" stand ahead of the trigger, but the parse says the forces launched the
        # strikes ("air" is only a word of the trigger phrase "air strikes", whose place is the
        # noun's)
        ("On 3 May 2021, 12 civilians were killed as Syrian government forces launched air "
         "strikes on a village in Idlib.", "Military Forces of Syria"),
        # a weapon named as the trigger names no author: the group that planted it is actor1
        ("On 2 May 2021, IS militants planted an IED targeting an army patrol near Tikrit.",
         "Islamic State (Iraq)"),
        # what a clause inside the trigger's phrase tells: by whom (acted), in what (a target)
        ("On 6 May 2021, an IED planted in an SDF vehicle by unknown assailants exploded near "
         "Raqqa.", "Unidentified Armed Group (Syria)"),
    ],
)  # fmt: skip
def test_the_side_told_by_the_parse_comes_before_one_told_by_position(
    rules, text: str, actor1: str
) -> None:
    assert name(first(rules, text).actor1) == actor1


def test_their_attack_repelled_is_the_attackers(rules) -> None:
    m = first(rules, "On 4 May 2021, 10 Taliban fighters were killed when Afghan forces repulsed "
              "their attack in Helmand.")  # fmt: skip
    assert name(m.actor1) == "Taliban"
    assert m.actor2 is not None and m.actor2.name.startswith("Military Forces of Afghanistan")


@pytest.mark.parametrize(
    "text",
    [
        "The Superintendent of Police told reporters that an explosive device went off in a "
        "market in Quetta on Monday.",
        "The region's law enforcement agencies said that a remote control bomb went off in a "
        "market in Quetta on Monday.",
    ],
)  # fmt: skip
def test_an_officer_or_agency_who_reports_a_blast_did_not_set_it_off(rules, text: str) -> None:
    m = first(rules, text)
    assert m.event_type == "Explosions/Remote violence"
    assert m.actor1 is None or not m.actor1.name.startswith("Police Forces")


def test_a_pronoun_points_to_its_speaker_outside_the_events_clause(rules) -> None:
    # the sentence is split at "after" (another event may follow it); "it" is still the Army
    m = first(rules, "The Chadian Army says it has killed twelve militants after an air raid on "
              "a camp near Lake Chad.")  # fmt: skip
    assert m.actor1 is not None and m.actor1.name.startswith("Military Forces of Chad")


def test_those_hit_in_a_clash_are_acted_upon_and_their_opponent_acted(rules) -> None:
    m = first(rules, "On 8 April 1989, four rebels were killed in clashes with government troops "
              "in Cabanas Department, El Salvador.")  # fmt: skip
    assert name(m.actor1) == "Military Forces of El Salvador"
    # every verb of a list of casualties tells who was hit
    m = first(rules, "On 8 April 1989, four army members were killed and six soldiers were "
              "wounded in clashes in Santa Ana, El Salvador.")  # fmt: skip
    assert name(m.actor2) == "Military Forces of El Salvador"
    assert m.actor1 is not None and not m.actor1.name.startswith("Military Forces")


def test_a_member_of_a_state_force_is_the_force(rules) -> None:
    # members of a party are civilians; members of the police are the police
    m = first(rules, "On 2 May 1989, a Treasury police member was killed in a rebel attack in "
              "San Miguel, El Salvador.")  # fmt: skip
    assert m.event_type == "Battles"
    assert name(m.actor2) == "Police Forces of El Salvador"
    m = first(rules, "On 28 April 2020, two members of UPDF were shot dead by unidentified "
              "assailants at Dighinala in Khagrachhari, Bangladesh.")  # fmt: skip
    assert m.event_type == "Violence against civilians"


def test_the_side_told_before_is_read_from_the_last_two_sentences_and_not_a_source(rules) -> None:
    # the army acted three sentences back; the sentence itself only reports through the army
    text = ("On 14 November 1989, army units toured several areas of San Salvador. Thousands "
            "of people went to their workplaces. Many shops opened in the capital. The armed "
            "forces also reported that a harassment attack was made on the garrison of the 4th "
            "Infantry Brigade in Chalatenango.")  # fmt: skip
    doc = rules.process(Article(text=text, published=date(1989, 11, 15)))
    m = doc.mentions[-1]  # "a harassment attack was made"
    assert m.actor1 is None or not m.actor1.name.startswith("Military Forces")
    # a source that tells its own act is still the side that acted
    text = ("On 14 November 1989, the army said it had attacked rebel positions in Chalatenango. "
            "Two guerrillas were killed.")  # fmt: skip
    doc = rules.process(Article(text=text, published=date(1989, 11, 15)))
    m = next(x for x in doc.mentions if x.trigger.text == "killed")
    assert m.actor1 is not None and m.actor1.name.startswith("Military Forces of El Salvador")


def test_a_bomb_squad_is_the_police(rules) -> None:
    m = first(rules, "On 26 January 2016, an IED was defused by Bomb Disposal Squad personnel in "
              "Peshawar, Pakistan.")  # fmt: skip
    assert m.actor1 is not None and m.actor1.name.startswith("Police Forces of Pakistan")


@pytest.mark.parametrize(
    ("text", "published", "trigger", "actor1"),
    [
        # a fight's only named side is the subject of the clause that tells it: it fought
        ("Heavy fighting raged near Kidal on Sunday when Ansar Dine fighters stormed a camp.",
         date(2013, 5, 6), "fighting", "JNIM: Group for Support of Islam and Muslims"),
        # "terrorists" in a report that names one rebel group are that group
        ("Police blamed Shining Path for a wave of attacks in Ayacucho this month.\n\n"
         "A local mayor was shot dead by terrorists in Huanta on Monday, police said.",
         date(1989, 5, 6), "shot", "Shining Path"),
        # "X blamed Y for the attacks": Y is the acting side, not the speaker X
        ("Police blamed Shining Path for a wave of attacks in Ayacucho this month.",
         date(1989, 5, 6), "attacks", "Shining Path"),
        # a side that claims its own act is its author, not the source of the report
        ("On 5 May 2020, National Resistance forces claimed to have shelled Houthi positions "
         "in Hays, Yemen.", date(2020, 5, 6), "shelled", "National Resistance Forces"),
        # a government does not fight: its forces do
        ("On 5 May 2020, Syrian government shelling killed one Turkish soldier in Idlib, Syria.",
         date(2020, 5, 6), "shelling", "Military Forces of Syria"),
        # paramilitary forces the news names alone
        ("On 5 May 2020, three militants were killed in an exchange of fire with Rangers in "
         "Karachi, Pakistan.", date(2020, 5, 6), "exchange", "Military Forces of Pakistan"),
    ],
)  # fmt: skip
def test_the_side_that_acted_is_actor1(rules, text, published, trigger, actor1) -> None:
    doc = rules.process(Article(text=text, published=published))
    m = next(x for x in doc.mentions if x.trigger.text == trigger)
    assert name(m.actor1) == actor1


def test_police_who_clash_with_unarmed_people_meet_a_mob(rules) -> None:
    # ACLED: a clash between state forces and people who are no armed group is Mob violence,
    # whichever side the sentence names first; foreign nationals are such people too
    for text, crowd in [
        ("A clash erupted between police and traders at the central market in Kano on Monday "
         "after officers tried to close their stalls.", "Rioters (Nigeria)"),
        ("Hundreds of Bangladeshi nationals clashed with border guards near Petrapole on "
         "Monday.", "Rioters (Bangladesh)"),
    ]:  # fmt: skip
        doc = rules.process(Article(text=text, published=date(2020, 5, 6)))
        (m,) = doc.mentions
        assert (m.sub_event_type, name(m.actor1)) == ("Mob violence", crowd)
    # with firearms it stays a fight
    doc = rules.process(
        Article(
            text="Police and traders clashed at the central market in Kano on Monday, and "
            "officers fired live rounds.",
            published=date(2020, 5, 6),
        )
    )
    assert doc.mentions[0].event_type == "Battles"


def test_an_ambush_of_civilians_is_an_attack_of_forces_a_clash(rules) -> None:
    for text, sub in [
        ("Gunmen ambushed and killed five farmers near Zurmi on Sunday.", "Attack"),
        ("Gunmen ambushed and killed five soldiers near Zurmi on Sunday.", "Armed clash"),
    ]:
        doc = rules.process(Article(text=text, published=date(2020, 5, 6)))
        m = next(x for x in doc.mentions if x.trigger.text == "ambushed")
        assert m.sub_event_type == sub


def test_a_place_seized_from_a_fighting_side_by_troops_is_regained(rules) -> None:
    doc = rules.process(
        Article(
            text="Iraqi troops seized large oil fields near Kirkuk from Kurdish forces on Monday.",
            published=date(2017, 10, 17),
        )
    )
    (m,) = doc.mentions
    assert m.sub_event_type == "Government regains territory"
    assert name(m.actor1).startswith("Military Forces of Iraq")
