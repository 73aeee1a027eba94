"""Names, dates of birth and ages that disagree within one report.

"Spell… names correctly and ensure DOBs are correctly recorded": a family
that sees their child's name spelled two ways, or the wrong birthday, stops
trusting the rest. Lexical only: names are compared by edit distance with the
family list (or with each other), dates read by cpclint.dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from cpclint.config import Config, Person
from cpclint.dates import DateMention, age_on, find_dates
from cpclint.document import Document

_NAME_TOKEN = re.compile(r"(?<![\w'’-])[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?![\w-])")


def close(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two swapped (Damerau distance 1)."""
    a, b = a.lower(), b.lower()
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _inflected(word: str, name: str) -> bool:
    """'Carters', 'Ryans': a plural or a possessive missing its apostrophe, not a misspelling."""
    w, n = word.lower(), name.lower()
    return w in (n + "s", n + "es") or n in (w + "s", w + "es")


@dataclass(frozen=True)
class NameSlip:
    start: int
    end: int
    written: str
    right: str
    person: Person | None = None


def name_tokens(doc: Document, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Capitalised words outside quotes, in prose[start:end]."""
    end = len(doc.prose) if end is None else end
    return [(m.start(), m.end(), m.group(0)) for m in _NAME_TOKEN.finditer(doc.prose, start, end)
            if not doc.in_quote(m.start(), m.end())]


def name_slips(doc: Document, config: Config, known_words=None, tokens=None) -> list[NameSlip]:
    """Names spelled a second way: against the family list when there is one, else each other.

    A capitalised word one letter away from a family name is a slip when it
    stands mid-sentence (so it is a name) or is not an English word. Without a
    family list, the rarer of two such spellings is the slip, and only when it
    is not a word the dictionary knows ("Olivr" beside "Oliver"). `tokens`:
    name_tokens(doc), when already found."""
    known_words = known_words if known_words is not None else _dictionary()
    tokens = name_tokens(doc) if tokens is None else tokens
    starts = doc.__dict__.get("_sentence_and_paragraph_starts")
    if starts is None:  # worked out once per document, as name_slips may be asked paragraph by paragraph
        starts = {s.start for s in doc.sentences} | {p.start for p in doc.paragraphs}
        doc.__dict__["_sentence_and_paragraph_starts"] = starts
    slips = []
    if config.family:
        names: dict[str, Person] = {}
        for person in config.family:
            for form in (person.name, *person.also):
                for part in form.split():
                    if part[:1].isupper() and len(part) >= 4:
                        names.setdefault(part, person)
        lowered = {n.lower() for n in names}
        nearest: dict[str, tuple[str, Person] | None] = {}  # the first family name a word is one slip from
        for s, e, word in tokens:
            if word.lower() in lowered or len(word) < 4:
                continue
            if word not in nearest:
                nearest[word] = next(((name, person) for name, person in names.items()
                                      if (len(name) >= 5 or len(word) == len(name)) and close(word, name)
                                      and word[0].lower() == name[0].lower() and not _inflected(word, name)), None)
            if nearest[word] is None:
                continue
            name, person = nearest[word]
            at_start = s in starts or doc.prose[max(0, s - 2):s].strip() in ("", "“", '"')
            if at_start and word.lower() in known_words:
                continue
            if len(name) < 5 and not _swapped(word, name):
                continue
            slips.append(NameSlip(s, e, word, name, person))
        return slips
    counts = Counter(w for _, _, w in tokens)
    mid = {w for s, _, w in tokens if s not in starts}
    names_seen = [w for w in counts if w in mid and len(w) >= 5]
    rarer: dict[str, str | None] = {}  # the commoner spelling a word is one slip from
    for s, e, word in tokens:
        if len(word) < 5 or word.lower() in known_words:
            continue
        if word not in rarer:
            rarer[word] = next((other for other in names_seen
                                if other != word and counts[other] > counts[word] and close(word, other)
                                and word[0] == other[0] and not _inflected(word, other)), None)
        if rarer[word] is not None:
            slips.append(NameSlip(s, e, word, rarer[word]))
    return slips


def _swapped(a: str, b: str) -> bool:
    return len(a) == len(b) and sorted(a.lower()) == sorted(b.lower())


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from cpclint.syllables import _table

    return frozenset(_table())


# --- dates of birth and ages ----------------------------------------------------------------

_DOB = re.compile(r"\b(?:D\.?O\.?B\.?|date\s+of\s+birth|born(?:\s+on)?|birthday\s+is)\b[\s:,(–-]*(?:is\s+|was\s+)?",
                  re.I)
_AGE_AFTER = re.compile(r"\s*(?:\(\s*(?:aged?\s+)?(\d{1,2})(?:\s*(?:years?|yrs?)(?:\s*old)?)?\s*\)"
                        r"|,?\s*(?:aged?|who\s+is)\s+(\d{1,2})(?:\s+years?\s+old)?\b)", re.I)
_AGE_BEFORE = re.compile(r"\b(\d{1,2})[- ]years?[- ]old\s*$", re.I)


@dataclass(frozen=True)
class BirthDate:
    start: int
    end: int
    who: str  # the person's name as the family list gives it, or as written
    person: Person | None
    date: dt.date | None
    mention: DateMention


@dataclass(frozen=True)
class StatedAge:
    start: int
    end: int
    who: str
    person: Person | None
    age: int


def _people_pattern(config: Config) -> list[tuple[re.Pattern, Person]]:
    out = []
    for p in config.family:
        for form in sorted({p.name, *p.also, p.name.split()[0]}, key=len, reverse=True):
            if form[:1].isupper():
                out.append((re.compile(rf"(?<![\w'’-]){re.escape(form)}(?![\w-])"), p))
    return out


def _owner(doc: Document, at: int, people, line_start: int) -> tuple[str, Person | None] | None:
    """The person a date of birth belongs to: the family member named last before it on its
    line or in its sentence; else the capitalised name there."""
    i = doc.sentence_at(at)
    start = max(line_start, doc.sentences[i].start if doc.sentences else 0)
    before = doc.prose[start:at]
    best = None
    for pattern, person in people:
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), person.name, person)
    if best:
        return best[1], best[2]
    names = re.findall(r"((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)*)\W*$", before)
    if names:
        return names[-1], None
    return None


def birth_dates(doc: Document, config: Config, start: int = 0, end: int | None = None) -> list[BirthDate]:
    """Dates of birth and whose they are; with `start` and `end`, those whose label is in prose[start:end]."""
    people = _people_pattern(config)
    out = []
    for m in _DOB.finditer(doc.prose, start, len(doc.prose) if end is None else end):
        mention = next(find_dates(doc.prose, m.end(), min(len(doc.prose), m.end() + 40)), None)
        if mention is None or mention.start != m.end() or mention.date is None:
            continue
        line_start = doc.prose.rfind("\n", 0, m.start()) + 1
        owner = _owner(doc, m.start(), people, line_start)
        if owner is None:
            continue
        out.append(BirthDate(mention.start, mention.end, owner[0], owner[1], mention.date, mention))
    return out


def stated_ages(doc: Document, config: Config, start: int = 0, end: int | None = None) -> list[StatedAge]:
    """'Mia (7)', 'Mia, aged 7', '7-year-old Mia': ages the text gives to family members
    (with `start` and `end`, to those named in prose[start:end])."""
    out = []
    for pattern, person in _people_pattern(config):
        for m in pattern.finditer(doc.prose, start, len(doc.prose) if end is None else end):
            after = _AGE_AFTER.match(doc.prose, m.end(), min(len(doc.prose), m.end() + 30))
            before = _AGE_BEFORE.search(doc.prose, max(0, m.start() - 20), m.start())
            for found in (after, before):
                if found:
                    age = int(next(g for g in found.groups() if g))
                    out.append(StatedAge(found.start(), found.end(), person.name, person, age))
    return sorted(set(out), key=lambda a: a.start)


# --- the rule kind --------------------------------------------------------------------------

CONSISTENCY_CHECKS = ("names", "dates-of-birth", "numeric-dates", "share-by")


def _variant(rule, name: str):
    messages = rule.options.get("messages") or {}
    return rule.with_changes(message=messages[name]) if name in messages else rule


def _possessive(name: str) -> str:
    first = name.split()[0]
    return first + ("’" if first.endswith("s") else "’s")


def consistency_kind(rule, ctx):
    from cpclint.dates import in_words, weekday_in_words, working_days_before
    from cpclint.kinds import make_finding
    from cpclint.structure import anchor

    doc, config = ctx.doc, ctx.config
    check = rule.options["check"]
    if check == "names":
        slips = _piece_name_slips(ctx) if config.family else name_slips(doc, config, tokens=_piece_name_tokens(ctx))
        for slip in slips:
            yield make_finding(rule, doc, slip.start, slip.end, suggestions=[slip.right], right=slip.right)
    elif check == "dates-of-birth":
        yield from _dob_findings(rule, ctx, make_finding, in_words)
    elif check == "numeric-dates":
        # dates are found paragraph by paragraph, and each paragraph's findings kept in the memo:
        # they read its own words and whether the report writes any date in words
        from cpclint.pieces import relative, segments, shifted

        found = ctx.memo.table("dates")
        per = [(seg, found.get(seg.key, lambda seg=seg: [
            dataclasses.replace(d, start=d.start - seg.start, end=d.end - seg.start)
            for d in find_dates(doc.prose, seg.start, seg.end)])) for seg in segments(doc, ctx.cache, ctx.memo)]
        worded = any(d.style == "words" for _, dates in per for d in dates)
        table = ctx.memo.table("date-findings")
        for seg, dates in per:
            if dates:
                yield from shifted(table.get((rule.id, worded, seg.key), lambda seg=seg, dates=dates: relative(list(
                    _date_findings(rule, doc, [dataclasses.replace(d, start=d.start + seg.start, end=d.end + seg.start)
                                               for d in dates], worded, make_finding, in_words)), seg.start)),
                                   seg.start)
    elif check == "share-by":
        kind, conference = ctx.outline().kind, config.conference_date
        if kind is None or not kind.share_days or conference is None:
            return
        share_by = working_days_before(conference, kind.share_days)
        today = config.today or dt.date.today()
        if share_by < today <= conference:
            start, end = anchor(doc)
            yield make_finding(rule, doc, start, end, scope="document", share_by=weekday_in_words(share_by),
                               days=kind.share_days, conference=weekday_in_words(conference))


def _date_findings(rule, doc: Document, mentions: list[DateMention], worded: bool, make_finding, in_words):
    for d in mentions:
        if d.style == "words" or doc.in_quote(d.start, d.end):
            continue
        if d.date is None:
            yield make_finding(_variant(rule, "invalid"), doc, d.start, d.end)
        elif d.ambiguous:
            us = dt.date(d.date.year, d.date.day, d.date.month)
            yield make_finding(_variant(rule, "ambiguous"), doc, d.start, d.end,
                               suggestions=[in_words(d.date)], uk=in_words(d.date, False),
                               us=in_words(us, False))
        else:
            yield make_finding(_variant(rule, "mixed" if worded else "numeric"), doc, d.start, d.end,
                               suggestions=[in_words(d.date)])


def _moved(item, delta: int):
    """A found thing (NameSlip, BirthDate, StatedAge) moved by delta characters."""
    if delta == 0:
        return item
    changes = {"start": item.start + delta, "end": item.end + delta}
    if isinstance(item, BirthDate):
        changes["mention"] = dataclasses.replace(item.mention, start=item.mention.start + delta,
                                                 end=item.mention.end + delta)
    return dataclasses.replace(item, **changes)


def _pieces(ctx, name: str, find) -> list:
    """find(segment) for every paragraph's segment, each kept in the memo under the segment's key
    (the settings, the family list among them, are the memo's own)."""
    from cpclint.pieces import segments

    table = ctx.memo.table(name)
    out = []
    for seg in segments(ctx.doc, ctx.cache, ctx.memo):
        local = table.get(seg.key, lambda seg=seg: [_moved(x, -seg.start) for x in find(seg)])
        out.extend(_moved(x, seg.start) for x in local)
    return out


def _piece_name_slips(ctx) -> list[NameSlip]:
    """With a family list, whether a word is a slip reads only the word and what is just before it."""
    doc, config = ctx.doc, ctx.config
    return _pieces(ctx, "name-slips", lambda seg: name_slips(doc, config, tokens=name_tokens(doc, seg.start, seg.end)))


def _piece_name_tokens(ctx) -> list[tuple[int, int, str]]:
    """name_tokens, paragraph by paragraph, kept in the memo."""
    from cpclint.pieces import segments

    doc = ctx.doc
    table = ctx.memo.table("name-tokens")
    out = []
    for seg in segments(doc, ctx.cache, ctx.memo):
        local = table.get(seg.key, lambda seg=seg: [(s - seg.start, e - seg.start, w)
                                                     for s, e, w in name_tokens(doc, seg.start, seg.end)])
        out.extend((s + seg.start, e + seg.start, w) for s, e, w in local)
    return out


def _dob_findings(rule, ctx, make_finding, in_words):
    doc, config = ctx.doc, ctx.config
    reference = config.conference_date or config.today or dt.date.today()
    seen: dict[str, BirthDate] = {}
    stated: list[StatedAge] | None = None
    for b in _pieces(ctx, "birth-dates", lambda seg: birth_dates(doc, config, seg.start, seg.end)):
        key = b.who.lower()
        first = seen.setdefault(key, b)
        line = doc.position(first.start)[0]
        if first is not b and first.date != b.date:
            yield make_finding(_variant(rule, "two-dates"), doc, b.start, b.end,
                               who=_possessive(b.who), date=in_words(b.date), other=in_words(first.date),
                               line=line)
            continue
        person = b.person
        if person is not None and person.dob is not None and person.dob != b.date:
            yield make_finding(_variant(rule, "family-list"), doc, b.start, b.end, who=_possessive(b.who),
                               date=in_words(b.date), other=in_words(person.dob))
            continue
        if stated is None:
            stated = sorted(set(_pieces(ctx, "stated-ages", lambda seg: stated_ages(doc, config, seg.start, seg.end))),
                            key=lambda a: a.start)
        ages = [(a.age, f"line {doc.position(a.start)[0]}") for a in stated
                if a.person is not None and a.person is person]
        if person is not None and person.age is not None:
            ages.insert(0, (person.age, "the family list"))
        actual = age_on(b.date, reference)
        for age, where in ages:
            if age != actual and b.date < reference:
                yield make_finding(_variant(rule, "age"), doc, b.start, b.end, who=b.who.split()[0],
                                   actual=actual, age=age, where=where, on=in_words(reference))
                break
