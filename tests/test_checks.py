"""What the checks find, and the traps they must not fall into."""

from __future__ import annotations

from tests.conftest import rules_hit, run


def hits(text: str, rule: str, **kw) -> list[str]:
    return [f.text for f in run(text, **kw).findings if f.rule == rule]


# --- jargon: words with two meanings -------------------------------------------------

def test_contact_jargon_sense_is_flagged() -> None:
    assert hits("Nan has contact with the children most weekends.", "jargon-term") == ["contact"]
    assert "supervised contact" in " ".join(hits("Supervised contact takes place on Fridays.", "jargon-term")).lower()


def test_contact_everyday_sense_is_not() -> None:
    for text in ["Please contact me on 01632 960 123.", "Mia made good eye contact.",
                 "Your contact details are on the last page.", "You can contact the school at any time."]:
        assert hits(text, "jargon-term") == [], text


def test_placement_foster_vs_work() -> None:
    assert hits("Jayden is settled in his foster placement.", "jargon-term")
    assert hits("Her work placement at the garden centre went well.", "jargon-term") == []


def test_suggestion_keeps_sentence_case() -> None:
    [f] = [f for f in run("Contact with Dad will be on Saturdays.").findings if f.rule == "jargon-term"]
    assert f.suggestions[0][0].isupper()
    [g] = [f for f in run("Nan has contact with the children.").findings if f.rule == "jargon-term"]
    assert g.suggestions[0][0].islower()
    assert g.explanation  # a parent-facing explanation comes with every jargon finding


def test_quoted_family_words_are_never_flagged() -> None:
    text = 'She said "I had contact with the social worker prior to the ICPC and it was agreed".'
    assert run(text).findings == []
    assert rules_hit("She said ‘the threshold was met’ at the door.") == []


# --- wordy ----------------------------------------------------------------------------

def test_wordy_suggestion_in_same_tense() -> None:
    f = run("We ascertained that the flat was warm.").findings
    assert [x.suggestions[0] for x in f if x.rule == "wordy-phrase"] == ["found out"]
    f = run("I am utilising the notes.").findings
    assert [x.suggestions[0] for x in f if x.rule == "wordy-phrase"] == ["using"]


def test_numeric_date_in_words() -> None:
    [f] = [f for f in run("The school rang on 14/10/2026.").findings if f.rule == "numeric-date"]
    assert f.suggestions == ["14 October 2026"]
    assert "numeric-date" not in rules_hit("Call 01632 960 123 at 9/10 of the way.")


# --- acronyms -------------------------------------------------------------------------

def test_known_acronym_gets_expansion_and_plain_words() -> None:
    [f] = [f for f in run("An ICPC was held.").findings if f.rule == "acronym-undefined"]
    assert "Initial Child Protection Conference" in f.message
    assert any("(ICPC)" in s for s in f.suggestions)


def test_acronym_spelled_out_on_first_use_is_fine_afterwards() -> None:
    text = "A Family Group Conference (FGC) is a meeting your family plans. The FGC will be in May."
    assert "acronym-undefined" not in rules_hit(text)


def test_unknown_acronym_flagged_once_with_count() -> None:
    findings = [f for f in run("The QZX team came. The QZX team left.").findings
                if f.rule == "acronym-undefined"]
    assert len(findings) == 1 and "2 times" in findings[0].message


def test_everyday_abbreviations_and_capital_headings_are_fine() -> None:
    assert rules_hit("Please ask your GP or the NHS helpline. We met at 10 AM.") == []
    text = "REVIEW OF THE FAMILY PLAN\n\nWe met on Monday."
    assert "acronym-undefined" not in rules_hit(text, fmt="text")


def test_allow_list_is_configurable() -> None:
    from cpclint.config import RuleSetting
    text = "The QZX team came."
    assert "acronym-undefined" in rules_hit(text)
    assert "acronym-undefined" not in rules_hit(
        text, rules={"acronym-undefined": RuleSetting(options={"allow": ["QZX"]})})


# --- readability ----------------------------------------------------------------------

LONG = ("Following a referral from the school on the fourteenth of October a discussion was held "
        "between the police and the school and the outcome was that a visit should be made to the "
        "family home, and we visited on the next day.")


def test_sentence_length_levels() -> None:
    assert "sentence-very-long" in rules_hit(LONG)
    assert "sentence-long" not in rules_hit(LONG)  # one finding for one sentence
    medium = " ".join(["We"] + ["visited"] * 27) + "."
    assert "sentence-long" in rules_hit(medium)
    assert "sentence-long" not in rules_hit("We visited you on Monday. You were kind.")


def test_long_sentence_gets_a_split_rewrite() -> None:
    text = ("I visited your home on Monday and the kitchen was clean and tidy, but there was no "
            "food in the fridge and Tyler told me that he had not eaten breakfast that morning.")
    [f] = [f for f in run(text).findings if f.rule == "sentence-long"]
    assert f.suggestions and f.suggestions[0].count(". ") == 1
    assert f.suggestions[0].split(". ")[1][0].isupper()


def test_reading_age_target_by_audience() -> None:
    hard = ("The multi-agency consideration of the aforementioned circumstances substantiated "
            "safeguarding concerns necessitating the instigation of statutory intervention. "
            "Professional deliberation established that parental capacity demonstrates considerable "
            "variability regarding environmental stability. Subsequent evaluation recommended "
            "comprehensive therapeutic interventions.")
    assert "reading-age" in rules_hit(hard)
    assert "reading-age" not in rules_hit(hard, audience="professional")
    report = run(hard)
    assert report.stats.reading_age > 11 and report.stats.words > 30


# --- passive --------------------------------------------------------------------------

def test_hidden_actor_passive_with_rewrite() -> None:
    [f] = [f for f in run("It was agreed that the children need a plan.").findings
           if f.rule == "passive-hidden-actor"]
    assert f.text == "It was agreed"
    assert f.suggestions == ["[Who] agreed"]
    [g] = [f for f in run("Mother was referred to the Freedom Programme.").findings
           if f.rule == "passive-hidden-actor"]
    assert g.suggestions == ["[Who] referred Mother"]


def test_passive_with_agent_rewritten_active() -> None:
    [f] = [f for f in run("Mia was seen by the school nurse on 3 May.").findings
           if f.rule == "passive-voice"]
    assert f.suggestions == ["the school nurse saw Mia"] or f.suggestions == ["The school nurse saw Mia"]


def test_feelings_and_births_are_not_passives() -> None:
    for text in ["You were worried about money.", "Mia was born in May 2019.",
                 "I am concerned about the stairs.", "You were upset when I left."]:
        assert not {"passive-hidden-actor", "passive-voice"} & set(rules_hit(text)), text


def test_part_of_speech_decides_two_meanings() -> None:
    # "request" is wordy as a verb only; the parser decides, for that sentence alone
    assert hits("I will request a meeting with the school.", "wordy-phrase") == ["request"]
    assert hits("Your request for help was agreed.", "wordy-phrase") == []
