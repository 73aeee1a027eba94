"""The safe rewrites: findings cpclint can fix without anyone's judgement, as edits.

One module shared by `cpclint fix`, `cpclint annotate` and the local web page.
A fix is a plain edit in document offsets (`report.document.text`), so a .md or
.txt file changes only inside the fixed spans and a Word file gets one tracked
change per fix.

Only three kinds of finding are ever fixed, and only when the answer is clear:

- a jargon or wordy term whose glossary entry has exactly one alternative (in
  the tense and case the finding already worked out);
- a known acronym on its first use, written out: "CIN" -> "Child in Need (CIN)";
- a sentence about the family's reader(s) rewritten to them ("you"), using
  `person.py`'s own edits, when the report says who the readers are.

Vague, opinion, plan, judgemental, structure, consistency, readability and
passive findings need the writer's knowledge and are never applied. Quoted
family words, headings and Markdown syntax are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cpclint.findings import Finding
from cpclint.glossary import Entry, _is_plural_of, load_glossary

# Category -> what kind of fix it can have.
SUBSTITUTION = ("jargon", "wordy")
ACRONYM = ("acronym",)
PERSON_RULES = ("third-person-reader", "writer-third-person", "role-label")
# "If you are writing to them": a guess about who reads the report, so never applied.
PERSON_UNSURE = ("third-person-people",)
FIXABLE_CATEGORIES = ("jargon", "wordy", "acronym", "third-person", "role-label")

# "Perinatal Mental Health Service (PMHS)": the writer's spelling-out of an acronym.
_EXPANSION_AFTER = re.compile(r"[^().,;:!?\n]{0,40}?\(\s*[A-Z][A-Za-z0-9&.]*[A-Z0-9]s?\s*\)")
_ACRONYM_BEFORE = re.compile(r"\b[A-Z][A-Z0-9&]+s?\)?\s+$")


@dataclass(frozen=True)
class Fix:
    """Replace document.text[start:end] with `replacement`, because of one finding."""

    start: int
    end: int
    replacement: str
    rule: str
    category: str
    message: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement,
                "rule": self.rule, "category": self.category, "message": self.message}


def safe_fixes(report, only: Iterable[str] | None = None, parse=None) -> list[Fix]:
    """Every safe fix for the report, sorted and never overlapping.

    `only` limits them to some categories or rule ids ("jargon", "acronym-undefined").
    `parse` (default `nlp.parse`) lets the web page reuse its re-checker's cached parses.
    """
    wanted = {w.lower() for w in only} if only else None

    def chosen(f: Finding) -> bool:
        return wanted is None or f.category.lower() in wanted or f.rule.lower() in wanted

    doc = report.document
    findings = [f for f in report.findings if chosen(f) and f.scope == "term"]
    groups: list[list[Fix]] = []  # each group is all-or-nothing (one sentence's rewrite)
    groups.extend(_person_fixes(report, [f for f in findings if f.rule in PERSON_RULES], parse))
    index = _entries(report.config.glossary)
    for f in findings:
        fix = None
        if f.category in ACRONYM:
            fix = _acronym_fix(doc, f, index["acronyms"])
        elif f.category in SUBSTITUTION:
            fix = _substitution_fix(doc, f, index)
        if fix is not None:
            groups.append([fix])
    taken: list[tuple[int, int]] = []
    out: list[Fix] = []
    for group in groups:  # earlier groups win: a whole-sentence rewrite, then single words
        if any(_overlaps(fx, taken) for fx in group):
            continue
        taken.extend((fx.start, fx.end) for fx in group)
        out.extend(group)
    return sorted(out, key=lambda fx: (fx.start, fx.end))


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    """The text with every fix applied; everything between the fixes is left exactly as it was."""
    parts: list[str] = []
    pos = 0
    for fx in sorted(fixes, key=lambda fx: (fx.start, fx.end)):
        if fx.start < pos or fx.end < fx.start or fx.end > len(text):
            raise ValueError("fixes overlap or fall outside the text")
        parts.append(text[pos:fx.start])
        parts.append(fx.replacement)
        pos = fx.end
    parts.append(text[pos:])
    return "".join(parts)


def _overlaps(fx: Fix, taken: list[tuple[int, int]]) -> bool:
    return any(fx.start < e and s < fx.end or fx.start == fx.end == s for s, e in taken)


# --- where a fix may go -----------------------------------------------------------------------


def _editable(doc, start: int, end: int) -> bool:
    """Plain prose only: no quoted family words, no headings, no Markdown syntax, one Word paragraph."""
    if start >= end or doc.in_quote(start, end):
        return False
    if doc.text[start:end] != doc.prose[start:end]:
        return False  # Markdown syntax, a link or a comment inside the span
    if doc.format == "docx" and "\n" in doc.text[start:end]:
        return False  # the span crosses two Word paragraphs
    sentence = doc.sentences[doc.sentence_at(start)] if doc.sentences else None
    if sentence is None or not (sentence.start <= start and end <= sentence.end):
        return False
    return doc.paragraphs[sentence.paragraph].kind != "heading"


# --- glossary substitutions -------------------------------------------------------------------


def _entries(glossary_files: tuple[str, ...]) -> dict[str, dict[str, Entry]]:
    """Every form of every term, per list; acronyms keep their case."""
    glossary = load_glossary(tuple(glossary_files))
    out: dict[str, dict[str, Entry]] = {"acronyms": {}, "terms": {}}
    for e in glossary.entries:
        if e.list == "acronyms":
            out["acronyms"][e.term] = e
        elif e.list in ("jargon", "wordy"):
            for form in e.forms:
                out["terms"].setdefault(" ".join(form.lower().split()), e)
    return out


def _substitution_fix(doc, f: Finding, index) -> Fix | None:
    if len(f.suggestions) != 1 or not _editable(doc, f.start, f.end):
        return None
    matched = " ".join(doc.text[f.start:f.end].split())
    entry = index["terms"].get(matched.lower().replace("’", "'")) or index["terms"].get(matched.lower())
    if entry is None or len(entry.alternatives) != 1:
        return None
    replacement = f.suggestions[0]
    if "—" in replacement or "[" in replacement:
        return None  # a prompt for the writer, not words to put in
    if entry.inflect == "noun" and _is_plural_of(matched, entry.term) and " " in entry.alternatives[0]:
        return None  # "health reviews" -> "health check": the number would be wrong
    if entry.list == "jargon" and not _drop_in(entry):
        return None  # "centile" -> "line on the growth chart" explains the word; it does not replace it
    if entry.list == "jargon" and entry.inflect == "verb" and matched.lower() == entry.term.lower():
        return None  # "dissent" may be the noun ("her dissent"): a verb would not fit
    m = _ARTICLE.match(replacement)
    if m and _DETERMINER_BEFORE.search(doc.text, max(0, f.start - 8), f.start):
        replacement = replacement[m.end():]  # "the local authority" -> "the council", not "the the council"
    if len(matched) > 1 and matched.isupper():
        return None  # written in capitals (a title): leave it to the writer
    if matched[:1].isupper() and replacement[:1].islower():
        replacement = replacement[:1].upper() + replacement[1:]
    if _EXPANSION_AFTER.match(doc.text, f.end):
        return None  # part of the words an acronym stands for
    if _ACRONYM_BEFORE.search(doc.text, max(0, f.start - 12), f.start):
        return None  # "DASH risk assessment": one name with its acronym, not the jargon alone
    if len(matched.split()) > len(entry.term.split()):
        return None  # "two-year health review" -> "health check" would lose "two-year"
    if replacement == doc.text[f.start:f.end]:
        return None
    return Fix(f.start, f.end, replacement, f.rule, f.category, f.message)


_ARTICLE = re.compile(r"(?:the|a|an) ", re.I)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|our|your|their|his|her|its)\s+$", re.I)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.I)


def _drop_in(entry: Entry) -> bool:
    """Can a jargon entry's alternative stand in the term's place? About as long, and not about "you"."""
    alternative = entry.alternatives[0]
    return len(alternative.split()) <= len(entry.term.split()) + 1 and not _SECOND_PERSON.search(alternative)


# --- acronyms on first use --------------------------------------------------------------------

_ARTICLE_BEFORE = re.compile(r"\b(an?|An?)( )$")


def _acronym_fix(doc, f: Finding, acronyms: dict[str, Entry]) -> Fix | None:
    term = doc.text[f.start:f.end]
    entry = acronyms.get(term)
    if entry is None or not entry.expansion or not _editable(doc, f.start, f.end):
        return None
    sentence = doc.sentences[doc.sentence_at(f.start)]
    before = doc.text[sentence.start:f.start]
    if before.count("(") > before.count(")"):
        return None  # already inside brackets: "(DOB 12/05/2019)" would nest them
    start = f.start
    replacement = f"{entry.expansion} ({entry.term})"
    m = _ARTICLE_BEFORE.search(doc.text, max(0, f.start - 4), f.start)
    if m:
        article = "an" if _starts_with_vowel_sound(entry.expansion) else "a"
        if m.group(1).lower() != article:
            article = article.capitalize() if m.group(1)[0].isupper() else article
            start = m.start()
            replacement = f"{article} {replacement}"
    return Fix(start, f.end, replacement, f.rule, f.category, f.message)


def _starts_with_vowel_sound(words: str) -> bool:
    w = words.lower()
    return w[:1] in "aeiou" and not w.startswith(("uni", "use", "eu", "one", "ur"))


# --- second person -----------------------------------------------------------------------------


def _person_fixes(report, findings: list[Finding], parse=None) -> list[list[Fix]]:
    """One group of edits per sentence, exactly the rewrite the finding suggests."""
    findings = [f for f in findings if f.suggestions and f.suggestions[0]]
    if not findings:
        return []
    from cpclint import nlp
    from cpclint.person import Addressee, plan

    doc = report.document
    addressee = Addressee.from_config(report.config)
    if not addressee.readers:
        return []  # nobody is known to be reading the report, so "you" would be a guess
    unsure = {doc.sentence_at(f.start) for f in report.findings if f.rule in PERSON_UNSURE}
    by_sentence: dict[int, list[Finding]] = {}
    for f in findings:
        by_sentence.setdefault(doc.sentence_at(f.start), []).append(f)
    groups = []
    for rewrite, _ in plan(doc, addressee, parse or nlp.parse):
        i = doc.sentence_at(rewrite.start)
        mine = by_sentence.get(i)
        if not mine or i in unsure or not rewrite.edits:
            continue
        if any(" ".join(rewrite.text.split()) != f.suggestions[0] for f in mine):
            continue  # not the rewrite the finding showed: leave it to the writer
        edits = sorted(rewrite.edits, key=lambda e: e.start)
        if any(not _editable(doc, e.start, e.end) and not _insertion_ok(doc, e) for e in edits):
            continue
        if any(a.end > b.start for a, b in zip(edits, edits[1:], strict=False)):
            continue
        group = []
        for e in edits:
            owner = next((f for f in mine if f.start < e.end and e.start < f.end), mine[0])
            group.append(Fix(e.start, e.end, e.replacement, owner.rule, owner.category, owner.message))
        groups.append(group)
    return groups


def _insertion_ok(doc, e) -> bool:
    """An edit that only inserts words: fine outside quotes and headings."""
    if e.start != e.end or doc.in_quote(e.start, e.start + 1):
        return False
    s = doc.sentences[doc.sentence_at(e.start)]
    return doc.paragraphs[s.paragraph].kind != "heading"
