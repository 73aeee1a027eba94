"""Facts in a passage — dates, numbers, names, quoted words — and whether a rewrite kept them.

Rewriting a report in plain words must not lose information. The checks are
lenient about form and strict about content: "4th May", "May 4" and "04/05/2026"
are the same date, "3 times" and "three times" the same number, "Jayden Brooks"
is kept by "Jayden", and a reader's own name may become "you".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cpclint.config import Person
from cpclint.dates import MONTHS, find_dates
from cpclint.document import Document

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {w: i for i, w in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
     "twenty"))}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100,
                     "twice": 2, "once": 1, "half": 50, "a dozen": 12})
# "one" and "once" are too common ("one of the", "once the plan starts") to be facts in a
# passage, but a rewrite may use them for "1".
_NOT_PASSAGE_FACTS = {"zero", "one", "once", "half", "hundred"}
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\d])")
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.I)
_MONTH_WORD = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b")
_MAY_DAY = re.compile(r"\bMay ([0-3]?\d)(?:st|nd|rd|th)?\b")
_WEEKDAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")(?=s?\b)", re.I)  # "Saturday", "Saturdays"
_CAPITALISED = re.compile(r"\b[A-Z][a-z’']+(?:[-’'][A-Z]?[a-z]+)*\b")
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx", "sir"}
# Capitalised words that are not names of people or places.
_NOT_NAMES = {"i", "i'm", "i've", "i'll", "i'd", "mum", "dad", "mummy", "daddy", "nan", "nana", "grandma",
              "grandad", "granddad", "gran", "nanny", "grandpa", "auntie", "uncle", "mother", "father",
              "english", "british", "christmas", "easter", "god", "ok", "okay", "dear", "from", "love",
              *WEEKDAYS, *MONTHS}
_RUN = re.compile(r"\b[A-Z][a-z’']+(?:[-’'][A-Z]?[a-z]+)*(?: [A-Z][a-z’']+(?:[-’'][A-Z]?[a-z]+)*)*")
# Words that open a sentence and are not part of the name after them.
_OPENERS = {"the", "a", "an", "this", "that", "on", "in", "at", "following", "during", "after", "before",
            "when", "since", "her", "his", "their", "our", "your", "my", "both", "if", "as", "and", "but",
            "by", "for", "with", "while", "we", "they", "she", "he", "it", "you", "there", "then"}
# Words of a name that say what kind of place it is; a rewrite may drop them ("Oakfield school").
_GENERIC = {"school", "primary", "secondary", "infant", "infants", "junior", "nursery", "academy", "college",
            "hospital", "centre", "center", "clinic", "surgery", "practice", "road", "street", "lane",
            "avenue", "house", "court", "team", "service", "services", "programme", "program", "project",
            "children's", "family", "families", "health", "medical", "group", "church", "high", "park"}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Fact:
    """Something the passage says that a rewrite must still say."""

    kind: str  # date | number | name | quote
    text: str  # as the passage writes it
    key: tuple  # what a rewrite must contain, normalised

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text}


def words(text: str) -> list[str]:
    """Lower-case words with straight apostrophes and no "'s": how quotes and names are compared."""
    return [w[:-2] if w.endswith("'s") else w
            for w in _WORD.findall(text.lower().replace("’", "'").replace("‘", "'"))]


def _date_key(mention) -> tuple:
    return (mention.date.day, mention.date.month, mention.date.year if mention.has_year else None)


def find_facts(doc: Document, family: Iterable[Person] = (), skip: Iterable[tuple[int, int]] = ()) -> list[Fact]:
    """The facts of a passage, in order of first appearance, each once.

    `skip` spans (jargon and acronyms cpclint flagged) are words the writer is
    meant to change, so capitalised words and numbers inside them ("section 47")
    are not facts to keep; dates and quotes always are."""
    prose, skip = doc.prose, list(skip)
    found: list[tuple[int, Fact]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for s, e in doc.quotes:
        inner = prose[s:e].strip(" \"“”‘’'")
        if words(inner):
            found.append((s, Fact("quote", inner, tuple(words(inner)))))
            taken.append((s, e))
    for m in find_dates(prose):
        if m.date is not None and free(m.start, m.end):
            found.append((m.start, Fact("date", prose[m.start:m.end], _date_key(m))))
            taken.append((m.start, m.end))
    for m in _MONTH_WORD.finditer(prose):  # "since July"
        if free(m.start(), m.end()) and not (m.group(0) == "May" and _sentence_start(prose, m.start())):
            found.append((m.start(), Fact("date", m.group(0), ("month", MONTHS[m.group(0).lower()]))))
            taken.append(m.span())
    for m in _WEEKDAY.finditer(prose):
        if free(m.start(), m.end()):
            found.append((m.start(), Fact("date", m.group(0), (m.group(0).lower(),))))
            taken.append(m.span())
    flagged = [span for span in skip if not any(a <= span[0] and span[1] <= b for a, b in taken)]
    for m in _NUMBER.finditer(prose):
        if free(m.start(), m.end()) and not any(a < m.end() and m.start() < b for a, b in flagged):
            found.append((m.start(), Fact("number", m.group(0), (_number(m.group(0)),))))
            taken.append(m.span())
    for m in _NUMBER_WORD.finditer(prose):
        word = m.group(0).lower()
        if word not in _NOT_PASSAGE_FACTS and free(m.start(), m.end()) \
                and not any(a < m.end() and m.start() < b for a, b in flagged):
            found.append((m.start(), Fact("number", m.group(0), (NUMBER_WORDS[word],))))
            taken.append(m.span())
    found.extend(_names(doc, family, taken + skip))
    out: list[Fact] = []
    seen: set[tuple[str, tuple]] = set()
    named: set[str] = set()  # words of the names so far: "Oliver" after "Oliver Walsh" is the same person
    for _, fact in sorted(found, key=lambda x: x[0]):
        if (fact.kind, fact.key) in seen:
            continue
        if fact.kind == "name":
            names = {w for form in fact.key for w in words(form)}
            if names <= named:
                continue
            named |= names | set(words(fact.text))
        seen.add((fact.kind, fact.key))
        out.append(fact)
    return out


def _number(text: str) -> float:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def _names(doc: Document, family: Iterable[Person], taken: list[tuple[int, int]]) -> list[tuple[int, Fact]]:
    """Family members who are not readers, then other capitalised names (places, schools, people)."""
    prose = doc.prose
    out: list[tuple[int, Fact]] = []
    family_words: set[str] = set()
    for person in family:
        forms = [person.name, *person.also, person.name.split()[0]]
        family_words.update(w for f in forms for w in words(f))
        if person.reader:
            continue  # the reader becomes "you": their name may go
        for m in _any_of(forms).finditer(prose):
            if not doc.in_quote(m.start(), m.end()):
                out.append((m.start(), Fact("name", person.name, tuple(sorted({f.lower() for f in forms})))))
                break
    headings = [(p.start, p.end) for p in doc.paragraphs if p.kind == "heading"]
    for m in _RUN.finditer(prose):
        parts = [(w.start(), w.end(), w.group(0)) for w in _CAPITALISED.finditer(m.group(0))]
        parts = [(m.start() + a, m.start() + b - (len(w) - len(_base(w))), _base(w)) for a, b, w in parts]
        if parts and _sentence_start(prose, parts[0][0]):
            if len(parts) == 1:
                continue  # "Following the visit": every sentence starts with a capital
            if parts[0][2].lower() in _OPENERS | _NOT_NAMES:
                parts = parts[1:]  # "The Freedom Programme", "From Jo"
        parts = [p for p in parts if not any(a < p[1] and p[0] < b for a, b in taken + headings)
                 and not doc.in_quote(p[0], p[1])]
        parts = [p for p in parts if p[2].lower() not in _NOT_NAMES | _TITLES | family_words]
        distinct = [w.lower() for _, _, w in parts if w.lower() not in _GENERIC]
        if not distinct:
            continue
        text = prose[parts[0][0]:parts[-1][1]] if len(parts) > 1 else parts[0][2]
        out.append((parts[0][0], Fact("name", text, tuple(distinct))))
    return out


_MARKUP_ONLY = re.compile(r"[\s*_#>•\-–(\[\"“‘'\d.)]*")


def _base(word: str) -> str:
    """The name without a possessive: "Jayden's" → "Jayden"."""
    return re.sub(r"['’]s$", "", word).replace("’", "'")


def _sentence_start(prose: str, s: int) -> bool:
    if _MARKUP_ONLY.fullmatch(prose, prose.rfind("\n", 0, s) + 1, s):
        return True  # first word of a line, a heading or a list item
    before = prose[:s].rstrip(" \t*_\"“‘'([")
    return not before or before[-1] in ".!?:\n"


def _any_of(forms: Iterable[str]) -> re.Pattern:
    alternation = "|".join(r"\s+".join(re.escape(w) for w in f.split())
                           for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.I)


@dataclass(frozen=True)
class Index:
    """What a rewrite contains, for looking facts up."""

    dates: frozenset[tuple]
    numbers: frozenset
    words: tuple[str, ...]
    text: str


def index(doc: Document) -> Index:
    prose = doc.prose
    dates = {_date_key(m) for m in find_dates(prose) if m.date is not None}
    dates |= {(int(m.group(1)), 5, None) for m in _MAY_DAY.finditer(prose)}  # "May 4": find_dates says maybe
    dates |= {(m.group(0).lower(),) for m in _WEEKDAY.finditer(prose)}
    dates |= {("month", d[1]) for d in list(dates) if len(d) == 3}
    dates |= {("month", MONTHS[m.group(0).lower()]) for m in _MONTH_WORD.finditer(prose)}
    numbers = {_number(m.group(0)) for m in _NUMBER.finditer(prose)}
    numbers |= {NUMBER_WORDS[m.group(0).lower()] for m in _NUMBER_WORD.finditer(prose)}
    return Index(frozenset(dates), frozenset(numbers), tuple(words(prose)), " " + " ".join(words(prose)) + " ")


def kept(fact: Fact, rewrite: Index) -> bool:
    if fact.kind == "date":
        if len(fact.key) < 3:  # a weekday or a month
            return fact.key in rewrite.dates
        day, month, year = fact.key
        return any(d[:2] == (day, month) and (year is None or d[2] in (None, year))
                   for d in rewrite.dates if len(d) == 3)
    if fact.kind == "number":
        return fact.key[0] in rewrite.numbers
    if fact.kind == "quote":
        return f" {' '.join(fact.key)} " in rewrite.text
    # a name: any of its forms, as whole words
    return any(f" {' '.join(words(form))} " in rewrite.text for form in fact.key)


def missing(facts: Iterable[Fact], rewrite: Index) -> list[Fact]:
    return [f for f in facts if not kept(f, rewrite)]
