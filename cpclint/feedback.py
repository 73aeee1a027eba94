"""Feedback on a trainee's rewrite of an exercise passage.

Both texts are checked with the same settings; findings are matched by rule and
words (offsets move when a sentence is rewritten), so the trainee sees what they
fixed, what is left and what is new, whether the facts survived, and a score
that is simple enough to explain in one sentence.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from cpclint.facts import Fact, find_facts, index, missing, words
from cpclint.findings import Finding

if TYPE_CHECKING:
    from cpclint.api import FileReport
    from cpclint.exercises import Exercise

# What an exercise can practise, in the words a trainee sees.
GOAL_NAMES = {
    "jargon": "jargon",
    "acronym": "acronyms",
    "wordy": "wordy phrases",
    "third-person": "writing to the family, not about them",
    "role-label": "names instead of labels like “the mother”",
    "opinion": "telling fact from opinion",
    "vague": "vague worries",
    "judgemental": "judgemental labels",
    "plan": "plans that say who does what by when",
    "readability": "long sentences and reading age",
    "passive": "saying who did what",
}
CATEGORY_NAMES = {**GOAL_NAMES, "structure": "the shape of the report", "consistency": "names and dates",
                  "grammar": "grammar"}

GOAL_POINTS = 80  # for the things the exercise practises
OTHER_POINTS = 20  # for everything else cpclint found in the passage
NEW_COST = {"error": 5, "warning": 5, "suggestion": 2}
NEW_CAP = 25
FACT_COST = 10
_SIMILAR = 0.6  # how alike two findings' words must be to be the same finding, reworded
_SAME_SENTENCE = 0.75


@dataclass(frozen=True)
class Point:
    """One finding as feedback shows it: the words, what is wrong, what to do."""

    category: str
    rule: str
    severity: str
    words: str  # as written ('' when the finding is about the whole text)
    message: str
    advice: str
    scope: str = "term"  # term | sentence | document (the whole text: its words are only where it starts)
    # Where the words are: in the passage for what was fixed, in the rewrite for the rest.
    start: int = 0
    end: int = 0

    @classmethod
    def of(cls, f: Finding) -> Point:
        return cls(f.category, f.rule, f.severity, " ".join(f.text.split()), f.message, f.hint, f.scope,
                   f.start, f.end)

    @property
    def category_name(self) -> str:
        return CATEGORY_NAMES.get(self.category, self.category)

    def to_text(self, advice: bool = True) -> str:
        text = self.message
        if self.words and self.scope != "document" and self.words[:20] not in text:
            text = f"In “{short(self.words)}”: {text[0].lower()}{text[1:]}"
        if advice and self.advice:
            text = f"{text} {self.advice}"
        return text

    def to_json(self) -> dict:
        return {"category": self.category, "category_name": self.category_name, "rule": self.rule,
                "severity": self.severity, "words": self.words, "message": self.message,
                "advice": self.advice, "scope": self.scope, "start": self.start, "end": self.end,
                "text": self.to_text()}


@dataclass
class Feedback:
    exercise_id: str
    score: int  # 0–100
    resolved: list[Point]
    remaining: list[Point]  # as the rewrite has them
    introduced: list[Point]
    reading_age: tuple[float, float]  # before, after
    addressed: tuple[float | None, float | None]  # share of sentences about the family that say "you"
    facts_missing: list[tuple[str, str]]  # (kind, as the passage writes it)
    next_steps: list[str]
    explanation: str  # how the score was made
    goals: tuple[str, ...] = ()
    facts_total: int = 0
    target_reading_age: float | None = None
    title: str = ""
    empty: bool = False

    @property
    def still_failing(self) -> list[str]:
        """Categories with something left to fix, the exercise's goals first."""
        cats = {p.category for p in self.remaining + self.introduced}
        return [c for c in self.goals if c in cats] + sorted(cats - set(self.goals))

    def to_json(self) -> dict:
        return {
            "exercise": self.exercise_id, "score": self.score, "explanation": self.explanation,
            "resolved": [p.to_json() for p in self.resolved],
            "remaining": [p.to_json() for p in self.remaining],
            "introduced": [p.to_json() for p in self.introduced],
            "still_failing": self.still_failing,
            "reading_age": {"before": self.reading_age[0], "after": self.reading_age[1],
                            "target": self.target_reading_age},
            "addressed_to_family": {"before": self.addressed[0], "after": self.addressed[1]},
            "facts": {"total": self.facts_total, "kept": self.facts_total - len(self.facts_missing),
                      "missing": [{"kind": k, "text": t} for k, t in self.facts_missing]},
            "next_steps": list(self.next_steps),
        }

    def to_text(self) -> str:
        lines = [f"Feedback on your answer to “{self.title}” ({self.exercise_id})" if self.title
                 else f"Feedback on your answer to {self.exercise_id}", "",
                 f"Score: {self.score} out of 100", f"  {self.explanation}", ""]
        if self.resolved:
            lines.append(f"What you fixed ({len(self.resolved)}):")
            lines += [f"  - {_fixed(p)}" for p in self.resolved]
        if self.remaining:
            lines.append(f"Still to fix ({len(self.remaining)}):")
            lines += [f"  - {p.to_text()}" for p in self.remaining]
        if self.introduced:
            lines.append(f"New in your rewrite ({len(self.introduced)}):")
            lines += [f"  - {p.to_text()}" for p in self.introduced]
        if not (self.resolved or self.remaining or self.introduced):
            lines.append("cpclint found nothing to change in the passage or in your answer.")
        kept = self.facts_total - len(self.facts_missing)
        if not self.facts_total:
            lines.append("Facts kept: the passage has no dates, numbers, names or quotes to keep.")
        elif self.facts_missing:
            lines.append(f"Facts kept: {kept} of {self.facts_total}. Missing: {_facts(self.facts_missing)}.")
        else:
            lines.append(f"Facts kept: {self.facts_total} of {self.facts_total}: every date, number, name and "
                         "quoted word.")
        before, after = self.reading_age
        aim = f" (aim for {self.target_reading_age:g} or under)" if self.target_reading_age else ""
        lines.append(f"Reading age: {before:g} → {after:g}{aim}.")
        if self.addressed != (None, None):
            lines.append(f"Written to the family: {_share(self.addressed[0])} → {_share(self.addressed[1])} "
                         "of the sentences about the family say “you”.")
        lines += ["", "Next steps:"] + [f"  {i}. {s}" for i, s in enumerate(self.next_steps, 1)]
        return "\n".join(lines) + "\n"


def short(text: str, n: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:n]) + ("…" if len(parts) > n else "")


def _fixed(p: Point) -> str:
    if p.rule == "reading-age":
        return f"the reading age of the whole text ({p.category_name})"
    if p.words and p.scope != "document" and p.rule != "reading-age-section":
        return f"“{short(p.words)}” ({p.category_name})"
    return f"{p.message} ({p.category_name})"


_KIND_WORDS = {"quote": "words", "name": "name", "date": "date", "number": "number"}


def _share(value: float | None) -> str:
    return "none" if value is None else f"{round(value * 100)}%"


def _facts(facts: list[tuple[str, str]], n: int = 6) -> str:
    shown = [f"the {_KIND_WORDS.get(kind, kind)} “{text.rstrip('.,;:!?') if kind == 'quote' else text}”"
             for kind, text in facts[:n]]
    more = f" and {len(facts) - n} more" if len(facts) > n else ""
    return (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 and not more
            else ", ".join(shown)) + more


# --- checking the passage once --------------------------------------------------------------


@lru_cache(maxsize=64)
def passage_report(exercise: Exercise) -> FileReport:
    """The passage's findings: the same for every answer, so worked out once."""
    from cpclint.api import check_text

    return check_text(exercise.passage, "<passage>", "markdown", config=exercise.config())


@lru_cache(maxsize=64)
def passage_facts(exercise: Exercise) -> tuple[Fact, ...]:
    report = passage_report(exercise)
    flagged = [(f.start, f.end) for f in report.findings if f.scope == "term"]
    return tuple(find_facts(report.document, exercise.family, flagged))


# --- matching findings ------------------------------------------------------------------------


def _sentence(report: FileReport, f: Finding) -> str:
    doc = report.document
    if not doc.sentences:
        return ""
    s = doc.sentences[doc.sentence_at(f.start)]
    return " ".join(words(doc.text[s.start:s.end]))


def match(before: FileReport, after: FileReport) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(resolved, remaining, introduced): remaining are the rewrite's findings that were there before.

    Same rule and same words first; then the same rule with similar words ("ascertain" /
    "ascertained"); then the same rule in a similar sentence (a name changed, the
    label left)."""
    old, new = list(before.findings), list(after.findings)
    pairs: dict[int, int] = {}  # old index -> new index

    def free_pairs():
        return [(i, j) for i in range(len(old)) if i not in pairs
                for j in range(len(new)) if j not in pairs.values() and old[i].rule == new[j].rule]

    key = [" ".join(words(f.text)) for f in old], [" ".join(words(f.text)) for f in new]
    for i, j in free_pairs():
        if i not in pairs and j not in pairs.values() and key[0][i] == key[1][j]:
            pairs[i] = j
    for measure, limit in ((lambda i, j: _ratio(key[0][i], key[1][j]), _SIMILAR),
                           (lambda i, j: _ratio(_sentence(before, old[i]), _sentence(after, new[j])),
                            _SAME_SENTENCE)):
        scored = sorted(((measure(i, j), i, j) for i, j in free_pairs()), reverse=True)
        for score, i, j in scored:
            if score >= limit and i not in pairs and j not in pairs.values():
                pairs[i] = j
    resolved = [f for i, f in enumerate(old) if i not in pairs]
    kept = set(pairs.values())
    remaining = [f for j, f in enumerate(new) if j in kept]
    introduced = [f for j, f in enumerate(new) if j not in kept]
    return resolved, remaining, introduced


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# --- feedback ----------------------------------------------------------------------------------


def feedback(exercise: Exercise, answer: str) -> Feedback:
    """Compare a rewrite with the exercise's passage: what changed, what was lost, a score."""
    from cpclint.api import check_text

    before = passage_report(exercise)
    after = check_text(answer, "<answer>", "markdown", config=exercise.config())
    resolved, remaining, introduced = match(before, after)
    facts = passage_facts(exercise)
    lost = missing(facts, index(after.document))
    goals = set(exercise.goals)

    goal_found = [f for f in before.findings if f.category in goals]
    goal_fixed = [f for f in resolved if f.category in goals]
    other_found = [f for f in before.findings if f.category not in goals]
    other_fixed = [f for f in resolved if f.category not in goals]
    empty = not words(answer)
    goal_share = len(goal_fixed) / len(goal_found) if goal_found else 0.0
    other_share = len(other_fixed) / len(other_found) if other_found else 0.0
    # When the passage has only one of the two, it is worth all the points.
    goal_points = 0 if not goal_found else GOAL_POINTS if other_found else 100
    other_points = 0 if not other_found else OTHER_POINTS if goal_found else 100
    if not (goal_found or other_found):
        goal_share, goal_points = 1.0, 100
    new_cost = min(NEW_CAP, sum(NEW_COST[f.severity] for f in introduced))
    fact_cost = FACT_COST * len(lost)
    kept_share = 1 - len(lost) / len(facts) if facts else 1.0
    raw = goal_points * goal_share + other_points * other_share - new_cost - fact_cost
    score = 0 if empty else max(0, min(round(raw), round(100 * kept_share)))

    parts = []
    if goal_points:
        parts.append(f"{round(goal_points * goal_share)} of {goal_points} points for fixing {len(goal_fixed)} of "
                     f"the {len(goal_found)} things this exercise practises")
    if other_points:
        parts.append(f"{round(other_points * other_share)} of {other_points} for fixing {len(other_fixed)} of "
                     f"the {len(other_found)} other things cpclint found")
    if not (goal_found or other_found):
        parts = ["100 points to start with, as cpclint found nothing to fix in the passage"]
    if introduced:
        parts.append(f"minus {new_cost} for {len(introduced)} new thing{'s' if len(introduced) != 1 else ''} "
                     "to fix (5 each, 2 for a suggestion, at most 25)")
    if lost:
        parts.append(f"minus {fact_cost} for {len(lost)} fact{'s' if len(lost) != 1 else ''} left out (10 each)")
    explanation = (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + "."
    if lost and round(raw) > round(100 * kept_share):
        explanation += (f" The score can be no higher than the share of facts kept "
                        f"({round(100 * kept_share)}%).")
    if empty:
        explanation = "Your answer is empty, so there is nothing to score yet."

    result = Feedback(
        exercise_id=exercise.id, score=score,
        resolved=[Point.of(f) for f in resolved], remaining=[Point.of(f) for f in remaining],
        introduced=[Point.of(f) for f in introduced],
        reading_age=(before.stats.reading_age, after.stats.reading_age),
        addressed=(before.stats.addressed_to_family, after.stats.addressed_to_family),
        facts_missing=[(f.kind, f.text) for f in lost], next_steps=[], explanation=explanation,
        goals=exercise.goals, facts_total=len(facts), target_reading_age=after.config.target_reading_age,
        title=exercise.title, empty=empty,
    )
    result.next_steps = _next_steps(result, answer, exercise)
    return result


def _next_steps(fb: Feedback, answer: str, exercise: Exercise) -> list[str]:
    if fb.empty:
        return ["Write your version of the passage, then check it again. The hints can help you start."]
    steps: list[str] = []
    if " ".join(words(answer)) == " ".join(words(exercise.passage)):
        steps.append("Your answer is the passage as it was. Start with the first thing under “Still to fix”.")
    if fb.facts_missing:
        steps.append(f"Put back what the rewrite left out: {_facts(fb.facts_missing, 3)}. "
                     "Plain words should say everything the passage said.")
    goal_left = [p for p in fb.remaining if p.category in fb.goals]
    other_left = [p for p in fb.remaining if p.category not in fb.goals]
    for p in goal_left[:1] + fb.introduced[:1] + other_left[:1]:
        if len(steps) >= 2:
            break
        lead = "New in your rewrite: " if p in fb.introduced else ""
        steps.append(lead + p.to_text())
    if not steps:
        steps.append("Nothing is left to fix. Compare your answer with the model answer to see another way "
                     "of writing it.")
    return steps[:2]


__all__ = ["CATEGORY_NAMES", "GOAL_NAMES", "Feedback", "Point", "feedback", "match", "passage_facts",
           "passage_report"]
