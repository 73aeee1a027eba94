"""Written to the family: findings, suggestions, the reader option and the figure."""

from __future__ import annotations

import json
import subprocess
import sys

from cpclint.api import check_text

FAMILY = """---
family:
  - {name: Sarah Jones, role: mother, also: [Sarah, Ms Jones], reader: true}
  - {name: Mark Jones, role: father, also: [Mark, Mr Jones], reader: true}
  - {name: Mia, role: child, age: 7}
  - {name: Tyler, role: child, age: 3}
---
"""


def findings(text: str, **kw):
    return check_text(text, path="<t>.md", fmt="markdown", **kw).findings


def test_reader_named_gets_whole_sentence_rewrite() -> None:
    [f] = [f for f in findings(FAMILY + "Sarah and Mark have told me that they argue.\n")
           if f.category == "third-person"][:1]
    assert f.rule == "third-person-reader"
    assert f.suggestions[0] == "You have told me that you argue."
    assert f.text == "Sarah"


def test_one_of_two_readers_is_named_with_you() -> None:
    [f] = [f for f in findings(FAMILY + "Mark will clear the kitchen by 6 December.\n")
           if f.rule == "third-person-reader"]
    assert f.suggestions[0] == "Mark, you will clear the kitchen by 6 December."


def test_names_said_to_the_reader_are_fine() -> None:
    text = FAMILY + "Sarah and Mark, I have written this report to you. Mark, you have done well.\n"
    assert [f for f in findings(text) if f.category == "third-person"] == []


def test_role_labels_use_names_and_you() -> None:
    result = findings(FAMILY + "The parents' relationship is volatile and the children are scared.\n")
    labels = {f.text: f for f in result if f.rule == "role-label"}
    assert set(labels) == {"The parents", "the children"}
    assert labels["the children"].suggestions[0] == "Your relationship is volatile and Mia and Tyler are scared."
    assert "Use Mia and Tyler" in labels["the children"].message


def test_relationships_and_letters_to_children_are_not_labels() -> None:
    assert [f for f in findings("Mia and Tyler live with their mother. A loving mum helps.\n")
            if f.rule == "role-label"] == []
    letter = """---
audience: child
family:
  - {name: Amira Haddad, role: child, age: 10, also: [Amira], reader: true}
  - {name: Leila Haddad, role: mother, also: [Leila, Mum]}
---
Mum came to the meeting. Amira told me she likes school.
"""
    result = findings(letter)
    assert [f.rule for f in result if f.category == "role-label"] == []
    [f] = [f for f in result if f.rule == "third-person-reader"]
    assert f.suggestions[0] == "You told me you like school."


def test_writer_says_i() -> None:
    [f] = [f for f in findings("The social worker has visited the home twice.\n")
           if f.rule == "writer-third-person"]
    assert f.suggestions[0] == "I have visited the home twice."


def test_without_a_family_titled_names_are_flagged() -> None:
    [f] = [f for f in findings("Ms Jones has not attended the meetings.\n") if f.rule == "third-person-people"]
    assert f.suggestions[0] == "You have not attended the meetings."


def test_addressed_to_family_share() -> None:
    report = check_text(FAMILY + "You came to the meeting. Sarah was upset. I saw Mia.\n", path="<t>.md")
    # "You came…" is written to the family, "Sarah was upset" about them; "I saw Mia" is neither
    assert report.stats.addressed_to_family == 0.5


def test_reader_on_the_command_line() -> None:
    result = subprocess.run([sys.executable, "-m", "cpclint", "check", "--format", "json", "--reader",
                             "Sarah Jones", "-"], input="Sarah has not taken Jayden to school.\n",
                            capture_output=True, text=True)
    data = json.loads(result.stdout)
    [f] = [f for f in data["files"][0]["findings"] if f["rule"] == "third-person-reader"]
    assert f["suggestions"][0] == "You have not taken Jayden to school."
    assert data["files"][0]["stats"]["addressed_to_family"] == 0.0


def test_child_in_need_and_child_protection_are_processes_not_labels() -> None:
    text = FAMILY + ("At the Child in Need meeting on 4 May, Sarah agreed to the plan. "
                     "The child protection plan will be reviewed. The child was seen alone on 4 May.\n")
    labels = [f.text for f in findings(text) if f.rule == "role-label"]
    assert labels == ["The child"]  # only the one that names a person
