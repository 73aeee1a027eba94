"""Which of a finding's suggestions can be put into the text as they stand, and where.

The web page shows every suggestion, but a button to use one only where the
words are a real replacement: a plainer word for a jargon term, an acronym
written out, a date in words, or a whole sentence rewritten (to "you", or split
in two). Advice for the writer ("say what you saw…") and made-up examples are
never put into a report. The safe fixes of `cpclint.fixes` come first: their
edits are exact, and a second-person rewrite may touch several places in one
sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Categories whose suggestions replace exactly the flagged words.
REPLACES_WORDS = ("jargon", "wordy", "acronym")
REPLACES_WORDS_RULES = ("numeric-date", "name-spelling")
# Rules whose suggestions are the whole sentence, rewritten.
REWRITES_SENTENCE = ("third-person-reader", "writer-third-person", "third-person-people", "role-label",
                     "sentence-long", "sentence-very-long")
_ADVICE = re.compile(r"[\[\]—…]|^(say|add|write|use|tell|give|ask|name)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True)
class Action:
    """One suggestion the page can apply: its words, and the edits that put them in."""

    label: str
    edits: tuple[Edit, ...]
    safe: bool = False  # one of cpclint's safe fixes (what `cpclint fix` would do)

    def to_json(self) -> dict:
        return {"label": self.label, "safe": self.safe, "edits": [e.to_json() for e in self.edits]}


def actions(report, parse=None) -> list[list[Action]]:
    """For each finding of the report (same order), the suggestions that can be applied.

    `parse` (default `nlp.parse`): a re-checker's cached parser, for speed while editing."""
    doc = report.document
    index = _FixIndex(doc, _safe_fixes(report, parse))
    out: list[list[Action]] = []
    for f in report.findings:
        found: list[Action] = []
        mine = index.own(f)
        if mine:
            label = f.suggestions[0] if f.rule in REWRITES_SENTENCE and f.suggestions else mine[0].replacement
            found.append(Action(label, tuple(Edit(x.start, x.end, x.replacement) for x in mine), safe=True))
        for s in f.suggestions:
            if not s or _ADVICE.search(s) or any(a.label == s or _same(a, s) for a in found):
                continue
            edit = _edit_for(doc, f, s)
            if edit is not None:
                found.append(Action(s if edit.end - edit.start > len(f.text) + 1 else edit.replacement, (edit,)))
        out.append(found)
    return out


def _safe_fixes(report, parse) -> list:
    from cpclint.fixes import safe_fixes

    return safe_fixes(report, parse=parse)


class _FixIndex:
    """The safe fixes, found by sentence (second-person rewrites) or by rule and place (word swaps)."""

    def __init__(self, doc, safe: list) -> None:
        self.doc = doc
        self.by_sentence: dict[int, list] = {}
        self.by_rule: dict[str, list] = {}
        for x in safe:  # sorted by start, never overlapping
            if x.rule in REWRITES_SENTENCE and doc.sentences:
                self.by_sentence.setdefault(doc.sentence_at(x.start), []).append(x)
            self.by_rule.setdefault(x.rule, []).append(x)
        self.starts = {rule: [x.start for x in fixes] for rule, fixes in self.by_rule.items()}

    def own(self, f) -> list:
        """The safe fixes that belong to this finding: its own span, or exactly its sentence's rewrite."""
        doc = self.doc
        if f.rule in REWRITES_SENTENCE:
            if not doc.sentences or not f.suggestions:
                return []
            s = doc.sentences[doc.sentence_at(f.start)]
            mine = [x for x in self.by_sentence.get(doc.sentence_at(f.start), []) if x.end <= s.end]
            if not mine:
                return []
            text, pos = [], s.start
            for x in mine:
                text += [doc.text[pos:x.start], x.replacement]
                pos = x.end
            text.append(doc.text[pos:s.end])
            return mine if " ".join("".join(text).split()) == f.suggestions[0] else []
        fixes = self.by_rule.get(f.rule)
        if not fixes:
            return []
        i = bisect.bisect_right(self.starts[f.rule], f.start) - 1
        return [fixes[i]] if i >= 0 and f.end <= fixes[i].end else []


def _same(action: Action, suggestion: str) -> bool:
    return len(action.edits) == 1 and action.edits[0].replacement == suggestion


def _edit_for(doc, f, suggestion: str) -> Edit | None:
    if f.rule in REWRITES_SENTENCE:
        if not doc.sentences:
            return None
        s = doc.sentences[doc.sentence_at(f.start)]
        if not (s.start <= f.start and f.end <= s.end) or not _plain(doc, s.start, s.end):
            return None
        if doc.inside_quote(s.start, s.end) or len(suggestion) < (s.end - s.start) * 0.5:
            return None
        return Edit(s.start, s.end, suggestion)
    if f.category in REPLACES_WORDS or f.rule in REPLACES_WORDS_RULES:
        if f.end <= f.start or not _plain(doc, f.start, f.end) or doc.in_quote(f.start, f.end):
            return None
        starts = bool(doc.sentences) and doc.sentences[doc.sentence_at(f.start)].start == f.start
        return Edit(f.start, f.end, _match_case(doc.text[f.start:f.end], suggestion, starts))
    return None


def _plain(doc, start: int, end: int) -> bool:
    """Prose only: no Markdown syntax, no line break, not a heading."""
    if doc.text[start:end] != doc.prose[start:end] or "\n" in doc.text[start:end]:
        return False
    if not doc.sentences:
        return True
    p = doc.sentences[doc.sentence_at(start)].paragraph
    return doc.paragraphs[p].kind != "heading"


def _match_case(original: str, replacement: str, sentence_start: bool) -> str:
    """"Prior to" -> "Before": a capital where the flagged words had one, or start the sentence."""
    capital = sentence_start or (original[:1].isupper() and not original.isupper())
    if capital and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
