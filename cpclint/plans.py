"""Plans: does each action say who will do what, by when, and is the goal positive?

A plan item is a list item in a plan section ("What needs to happen",
"Recommendations"), or a sentence there when the section has no list. The
checks are lexical over word lists kept in the rule's options (rules/plan.yaml),
so a council can add its own agencies and time words without Python.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cpclint import inflect
from cpclint.dates import find_dates
from cpclint.document import Document

_MODAL = re.compile(
    r"\b(?:won't|won’t|mustn't|mustn’t|shouldn't|shouldn’t|can't|can’t|cannot|will|shall|must|should|would|can|could|needs?\s+to|has\s+to|have\s+to|is\s+to|are\s+to|"
    r"(?:is|are|am)\s+going\s+to|(?:has|have)\s+agreed\s+to|agreed\s+to|agrees?\s+to|will\s+need\s+to|"
    r"(?:is|are)\s+expected\s+to|(?:is|are)\s+required\s+to|(?:is|are)\s+not\s+to|"
    r"to(?!\s+(?:the|a|an|his|her|their|my|your|our|its|this|that|these|those|me|us|him|them|you)\b))\b", re.I)
_PARTICIPLES = ("made|paid|said|sent|held|kept|left|told|found|brought|bought|taught|done|seen|given|taken|"
                "shown|known|put|set|met|read|led|sold|spent|built|lent|won|shut|cut|hit|caught|driven|"
                "written|spoken|chosen|drawn|grown|thrown|eaten|fed|heard|got|gotten|undertaken|overseen")
_PASSIVE = re.compile(rf"^\s*(?:not\s+)?(?:be|being|been)\s+(?:\w+ly\s+)?(\w+ed|{_PARTICIPLES})\b", re.I)
# What a subject's head is: "Direct work with Mia" is work, not Mia.
_PREPOSITION = re.compile(r"\s+(?:with|of|for|from|between|about|at|in|on|to|towards|around)\s+.*$", re.I)
_AUX = re.compile(r"^\s*(?:not\s+|also\s+|try\s+to\s+|now\s+|then\s+|always\s+|both\s+)*", re.I)


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    text: str  # the item's words, one line


@dataclass(frozen=True)
class Verdict:
    who: bool
    what: bool
    when: bool
    vague_verb: str | None = None  # the vague action, as written
    vague_when: str | None = None  # "as soon as possible": a time that is not one
    prohibition: str | None = None  # "will not argue"

    @property
    def missing(self) -> list[str]:
        return [name for name, ok in (("who", self.who), ("what", self.what), ("when", self.when)) if not ok]


def items(doc: Document, start: int, end: int) -> list[Item]:
    """The actions between start and end: list items if there are any, else sentences."""
    # paragraphs and sentences are in order: the section's are a slice of them (found by bisection)
    para_starts = doc.__dict__.get("_para_starts")
    if para_starts is None:
        para_starts = doc.__dict__["_para_starts"] = [p.start for p in doc.paragraphs]
    paras = [p for p in doc.paragraphs[bisect.bisect_left(para_starts, start):bisect.bisect_left(para_starts, end)]
             if p.kind != "heading"]
    listed = [p for p in paras if p.kind == "list-item"]
    out = []
    if listed:
        for p in listed:
            out.append(Item(p.start, p.end, " ".join(doc.prose[p.start:p.end].split())))
        return out
    first_sentence = max(0, bisect.bisect_right(doc._sentence_starts, start) - 1)
    for s in doc.sentences[first_sentence:bisect.bisect_left(doc._sentence_starts, end)]:
        # a sentence that starts with the section's label ("Recommendation: HV to…") counts from after it
        first = max(s.start, start)
        if first < s.end and first < end and doc.paragraphs[s.paragraph].kind != "heading":
            text = " ".join(doc.prose[first:s.end].split()).lstrip(":;-–— ")
            if not text or text.endswith(":") or not re.search(r"\w", text):
                continue
            out.append(Item(first + (len(doc.prose[first:s.end]) - len(doc.prose[first:s.end].lstrip(" :;-–—"))),
                            s.end, text))
    return out


@lru_cache(maxsize=32)
def _word_set(words: tuple[str, ...]) -> re.Pattern:
    alternation = "|".join(r"\s+".join(re.escape(w) for w in p.split())
                           for p in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w-])", re.I)


@lru_cache(maxsize=32)
def _vague_forms(verbs: tuple[str, ...]) -> dict[str, str]:
    """Every form of each vague verb ("engaging", "engaged") → its base."""
    out = {}
    for base in verbs:
        for form in inflect.verb_forms(base).values():
            out[form.lower()] = base
        out[base.lower()] = base
    return out


@lru_cache(maxsize=32)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def judge(text: str, options: dict, people: tuple[str, ...] = (), too_young: tuple[str, ...] = ()) -> Verdict:
    """Who, what and when for one item, from its clauses' subjects, verbs and time words.

    `people` are the family's names (a who); `too_young` the names of children too
    young to act on their own ("Tyler to attend nursery" does not say who takes him)."""
    who_words = _word_set(tuple(options.get("who", ())) + tuple(people))
    young = _word_set(too_young) if too_young else None
    who = what = False
    vague_verb = None
    for subject, phrase, modal, part in _clauses(text):
        passive = _PASSIVE.match(phrase) if modal else None
        agent = re.search(r"\bby\s+(.{2,60})", phrase)
        by_someone = bool(agent) and (bool(who_words.search(agent.group(1))) or _proper(agent.group(1)))
        if passive or subject is None:
            who = who or by_someone  # "to be taken by Ryan", "Weekly visits by the social worker"
        elif not (young and young.fullmatch(subject.strip())):
            who = who or _is_who(subject, who_words)
        clause = f"{subject or ''} {phrase}"
        if modal:
            action = passive.group(1) if passive else _AUX.sub("", phrase)
            vague_word = _vague_start(action, options) or _vague_in(clause, options)
        else:
            vague_word = _vague_anywhere(phrase, options)
        if not vague_word and prohibition(part, options):
            vague_word = "not"  # a ban alone says nothing that will be done
        if vague_word:
            vague_verb = vague_verb or vague_word
        elif re.search(r"\w", phrase):
            what = True
    when, vague_when = _when(text, options)
    return Verdict(who, what, when, None if what else vague_verb, vague_when, prohibition(text, options))


def _vague_start(action: str, options: dict) -> str | None:
    """The vague verb or phrase an action starts with ("engage with services" → "engage")."""
    for pattern in _compiled(tuple(options.get("vague_phrases", ()))):
        m = pattern.match(action)
        if m:
            return m.group(0)
    first = re.match(r"[\w'’-]+", action)
    vague = _vague_forms(tuple(options.get("vague_actions", {}) or ()))
    return first.group(0) if first and first.group(0).lower() in vague else None


def _vague_in(clause: str, options: dict) -> str | None:
    """Whole-clause phrases that leave the action vague wherever they stand ("do their best")."""
    for pattern in _compiled(tuple(options.get("vague_anywhere", ()))):
        m = pattern.search(clause)
        if m:
            return m.group(0)
    return None


def _vague_anywhere(text: str, options: dict) -> str | None:
    """For items with no verb group ("Improved home conditions."): any vague word."""
    for pattern in _compiled(tuple(options.get("vague_phrases", ())) + tuple(options.get("vague_anywhere", ()))):
        m = pattern.search(text)
        if m:
            return m.group(0)
    vague = _vague_forms(tuple(options.get("vague_actions", {}) or ()))
    for m in re.finditer(r"[\w'’-]+", text):
        if m.group(0).lower() in vague:
            return m.group(0)
    return None


def vague_advice(verdict: Verdict, options: dict) -> str:
    """The rule's advice for the vague verb, if it has one ("engage": say which group, when)."""
    if not verdict.vague_verb:
        return ""
    table = options.get("vague_actions") or {}
    word = verdict.vague_verb.lower()
    base = _vague_forms(tuple(table)).get(word.split()[0], word)
    return str(table.get(base) or "")


def _proper(text: str) -> bool:
    return bool(re.match(r"(?:the\s+)?[A-Z][a-z]+", text.strip()))


def _is_who(subject: str, who_words: re.Pattern) -> bool:
    """The subject names a person or agency: its last word (the head), or any of a list."""
    parts = re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", _PREPOSITION.sub("", subject.strip()))
    for part in parts:
        part = part.strip(" ,.;:-–—")
        if not part:
            continue
        if re.fullmatch(r"(?:I|we|you|he|she|they|both of you|each of you|all of us)", part, re.I):
            return True
        words = re.findall(r"[\w'’-]+", part)
        if not words:
            continue
        head = words[-1]
        if who_words.search(head) and who_words.search(head).group(0).lower() == head.lower():
            return True
        m = who_words.search(part)
        if m and m.end() == len(part.rstrip()):  # "the health visitor", "Mia's school"
            return True
        if head[:1].isupper() and not re.search(r"['’]s?$", head) and len(words) <= 3 \
                and all(w[:1].isupper() for w in words if w.lower() not in ("the", "of", "and")):
            return True  # a name: "Nurse Jones", "Oakfield Primary"
    return False


_CLAUSE_SPLIT = re.compile(r"(?<=[.;])\s+|\s+(?:and then|then)\s+", re.I)


def _clauses(text: str) -> list[tuple[str | None, str, bool, str]]:
    """(subject, what follows the modal, had a modal, the clause) for each sentence of an item."""
    out = []
    for part in _CLAUSE_SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        m = _MODAL.search(part)
        if m:
            subject = part[:m.start()].strip() or None
            out.append((subject, part[m.end():].strip(), True, part))
        else:
            out.append((None, part, False, part))
    return out


def _when(text: str, options: dict) -> tuple[bool, str | None]:
    vague = _word_set(tuple(options.get("vague_when", ()) or ("soon",)))
    v = vague.search(text)
    for d in find_dates(text):
        if d.date is not None:
            return True, None
    for pattern in _compiled(tuple(options.get("when", ()))):
        if pattern.search(text):
            return True, None
    return False, v.group(0) if v else None


def prohibition(text: str, options: dict) -> str | None:
    """The words of a goal written as what must not happen, unless they sit in an if-clause."""
    for pattern in _compiled(tuple(options.get("prohibitions", ()))):
        for m in pattern.finditer(text):
            before = text[:m.start()]
            if re.search(r"\b(?:if|when|unless|whether|so that|in case)\b[^,.;]*$", before, re.I):
                continue
            return m.group(0)
    return None


def plan_items(doc: Document, sections: list[tuple[int, int]]) -> Iterator[Item]:
    for start, end in sections:
        yield from items(doc, start, end)


# --- the rule kind --------------------------------------------------------------------------

PLAN_CHECKS = ("actions", "positive")
_MISSING_WORDS = {"who": "who will do it", "what": "what exactly will be done", "when": "by when"}


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def plan_kind(rule, ctx):
    from cpclint.kinds import make_finding
    from cpclint.structure import plan_headings

    doc, o = ctx.doc, ctx.outline()
    people = tuple({form for p in ctx.config.family for form in (p.name, *p.also, p.name.split()[0])})
    check = rule.options["check"]
    for head in plan_headings(doc, o.kind, o.headings):
        for item in items(doc, head.end, head.body_end):
            # an item's verdict reads only its words: kept in the memo between checks
            verdict = ctx.memo.get("plan-verdicts", (rule.id, item.text, people),
                                   lambda item=item: judge(item.text, rule.options, people))
            if check == "actions" and verdict.missing:
                advice = vague_advice(verdict, rule.options)
                if verdict.vague_when:
                    advice = (f"“{verdict.vague_when}” is not a date: give one. " + advice).strip()
                yield make_finding(rule, doc, item.start, item.end, scope="sentence",
                                   missing=_listed([_MISSING_WORDS[m] for m in verdict.missing]),
                                   detail=advice)
            elif check == "positive" and verdict.prohibition:
                yield make_finding(rule, doc, item.start, item.end, scope="sentence",
                                   words=verdict.prohibition)
