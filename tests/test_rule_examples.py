"""Every rule's documented examples are tests: bad ones must trigger it, good ones must not."""

from __future__ import annotations

import datetime as dt

import pytest

from cpclint.api import check_text
from cpclint.rules import load_rules

RULES = load_rules()
CASES = [(r.id, "bad", ex) for r in RULES for ex in r.bad] + \
        [(r.id, "good", ex) for r in RULES for ex in r.good]


@pytest.mark.parametrize(("rule_id", "which", "example"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_rule_example(rule_id: str, which: str, example: str) -> None:
    # front matter in an example (a family list, an audience) applies, as in a real report
    # "today" is fixed so the share-by examples (conferences in December 2026) keep their meaning
    hits = [f.rule for f in check_text(example, path="<example>.md", fmt="markdown",
                                       today=dt.date(2026, 11, 30)).findings]
    if which == "bad":
        assert rule_id in hits, f"{rule_id} should flag: {example!r}"
    else:
        assert rule_id not in hits, f"{rule_id} should not flag: {example!r}"


def test_every_rule_is_documented() -> None:
    assert len(RULES) >= 9
    for r in RULES:
        assert r.summary and r.what and r.why and r.source and r.message
        assert r.bad and r.good
        assert r.suggestion or r.advice, f"{r.id} has nothing to suggest"


def test_rule_ids_cover_the_issue_checks() -> None:
    categories = {r.category for r in RULES}
    assert {"jargon", "acronym", "wordy", "readability", "passive"} <= categories
