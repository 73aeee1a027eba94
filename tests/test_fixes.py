"""Safe fixes: only clear rewrites, nothing outside the changed spans, and a second run changes nothing."""

from __future__ import annotations

import pytest

from cpclint.api import check_path, check_text
from cpclint.fixes import Fix, apply_fixes, safe_fixes
from tests.conftest import EXAMPLES

FAMILY = """---
family:
  - {name: Danielle Carter, role: mother, also: [Danielle, Mum], reader: true}
  - {name: Mia Carter, role: child, age: 7, also: [Mia]}
---
"""


def fixed(text: str, only=None, path: str = "r.md") -> tuple[str, list[Fix]]:
    report = check_text(text, path)
    fixes = safe_fixes(report, only)
    return apply_fixes(report.document.text, fixes), fixes


def test_one_alternative_swaps_keep_tense_and_capital() -> None:
    new, _ = fixed("Prior to the visit I phoned you. Mia resided with her nan and utilised the bus regarding school.\n")
    assert new == "Before the visit I phoned you. Mia lived with her nan and used the bus about school.\n"


def test_two_alternatives_are_never_chosen_for_the_writer() -> None:
    new, fixes = fixed("The threshold was met and the work was initiated.\n")
    assert new == "The threshold was met and the work was initiated.\n"  # threshold, initiated: two options each
    assert fixes == []


@pytest.mark.parametrize("text", [
    "There are concerns about home conditions.\n",  # vague
    "Mum failed to engage with the plan.\n",  # judgemental
    "It is felt that Mia is unhappy.\n",  # opinion
    "Home conditions to improve.\n",  # plan
    "A referral was received.\n",  # passive
])
def test_judgement_calls_are_never_fixed(text: str) -> None:
    report = check_text(text, "r.md")
    categories = {f.category for f in report.findings}
    assert categories & {"vague", "judgemental", "opinion", "plan", "passive"}, categories
    assert all(fx.category in ("jargon", "wordy", "acronym", "third-person", "role-label")
               for fx in safe_fixes(report))
    judged = [f for f in report.findings if f.category in ("vague", "judgemental", "opinion", "plan", "passive")]
    assert not any(fx.start < f.end and f.start < fx.end and fx.rule == f.rule
                   for fx in safe_fixes(report) for f in judged)


def test_acronym_written_out_on_first_use_with_the_right_article() -> None:
    new, _ = fixed("The case was closed after a CIN plan. The CIN plan ended.\n")
    assert new == "The case was closed after a Child in Need (CIN) plan. The CIN plan ended.\n"
    new, _ = fixed("An SGO was made in May.\n")
    assert new.startswith("A Special Guardianship Order (SGO) was made")


def test_acronym_already_in_brackets_is_left_alone() -> None:
    new, _ = fixed("Mia Carter (DOB 12/05/2019) lives with Danielle.\n")
    assert "(DOB 12/05/2019)" in new


def test_quoted_family_words_are_never_changed() -> None:
    text = FAMILY + 'Danielle said "the contact was prior to Christmas" and Mum said “CIN is fine”.\n'
    new, fixes = fixed(text)
    assert '"the contact was prior to Christmas"' in new and "“CIN is fine”" in new
    report = check_text(text, "r.md")
    assert not any(report.document.in_quote(fx.start, fx.end) for fx in fixes)


def test_second_person_uses_person_edits_when_readers_are_known() -> None:
    new, fixes = fixed(FAMILY + "Danielle has not taken Mia to the dentist.\n")
    assert new.endswith("You have not taken Mia to the dentist.\n")
    assert {fx.category for fx in fixes} == {"third-person"}
    # No family list: who "you" is would be a guess, so nothing is rewritten.
    new, fixes = fixed("Mum has not taken Mia to the dentist.\n")
    assert new == "Mum has not taken Mia to the dentist.\n" and fixes == []


def test_only_limits_the_kinds_of_fix() -> None:
    text = FAMILY + "Prior to the visit, Danielle has not taken Mia to the CIN meeting.\n"
    _, fixes = fixed(text, only=["wordy"])
    assert {fx.category for fx in fixes} == {"wordy"}
    _, fixes = fixed(text, only=["acronym-undefined"])
    assert {fx.rule for fx in fixes} == {"acronym-undefined"}


def test_markdown_syntax_and_headings_are_not_touched() -> None:
    text = "# Prior to the conference\n\nWe met **prior** to the visit, regarding [the plan](http://x.org).\n"
    new, _ = fixed(text)
    assert new.startswith("# Prior to the conference\n")
    assert "**prior** to" in new  # the syntax sits inside the phrase: left for the writer
    assert "about [the plan](http://x.org)" in new


def test_apply_fixes_keeps_everything_between_spans_and_refuses_overlaps() -> None:
    text = "abc def ghi"
    fixes = [Fix(4, 7, "XY", "r", "wordy", "m"), Fix(0, 3, "", "r", "wordy", "m")]
    assert apply_fixes(text, fixes) == " XY ghi"
    with pytest.raises(ValueError):
        apply_fixes(text, [Fix(0, 5, "x", "r", "c", "m"), Fix(4, 6, "y", "r", "c", "m")])


@pytest.mark.parametrize("name", ["icpc-report-draft.md", "icpc-report-rewritten.md", "review-report.txt",
                                  "letter-to-child.md"])
def test_examples_fix_is_idempotent_and_changes_only_the_spans(name: str) -> None:
    report = check_path(EXAMPLES / name)
    text = report.document.text
    fixes = safe_fixes(report)
    assert all(a.end <= b.start for a, b in zip(fixes, fixes[1:], strict=False))  # sorted, no overlaps
    new = apply_fixes(text, fixes)
    # Everything outside the changed spans is identical, in order.
    pos_old = pos_new = 0
    for fx in fixes:
        between = text[pos_old:fx.start]
        assert new[pos_new:pos_new + len(between)] == between
        pos_new += len(between) + len(fx.replacement)
        pos_old = fx.end
    assert new[pos_new:] == text[pos_old:]
    again = check_text(new, str(EXAMPLES / name))
    assert safe_fixes(again) == []


def test_draft_gets_the_expected_fixes() -> None:
    report = check_path(EXAMPLES / "icpc-report-draft.md")
    pairs = {(report.document.text[fx.start:fx.end], fx.replacement) for fx in safe_fixes(report)}
    assert ("CIN", "Child in Need (CIN)") in pairs
    assert ("therefore", "so") in pairs
    assert ("Mother", "You") in pairs
    assert not any(old in ("failed to engage", "home conditions", "hostile") for old, _ in pairs)


@pytest.mark.parametrize("text, expected", [
    # an explanation, not a drop-in word: "the 25th line on the growth chart" would be nonsense
    ("His weight is on the 25th centile and he was co-sleeping with Mum.\n", None),
    ("Her dissent was noted in the minutes.\n", None),  # the noun, where the verb "disagree" would not fit
    ("The local authority will write to you.\n", "The council will write to you.\n"),  # not "the the council"
    ("Mia has contact with her nan on Sundays.\n", "Mia has family time with her nan on Sundays.\n"),
])
def test_jargon_is_fixed_only_where_the_plain_words_fit(text: str, expected: str | None) -> None:
    new, _ = fixed(text)
    assert new == (expected or text)
