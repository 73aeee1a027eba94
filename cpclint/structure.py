"""The report as a whole: which expected sections it has, whose words it quotes,
how long it is and how much of it is history.

Everything here is lexical and works on the document model's headings, so
the structure figures cost almost nothing and never wait for the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cpclint.config import Config, Person
from cpclint.document import Document
from cpclint.profiles import ReportKind, SectionSpec, find_kind, load_kinds
from cpclint.readability import WORD


@dataclass(frozen=True)
class Heading:
    """A heading, or a heading-like line: a short standalone line in plain text, or
    a 'Recommendation:' label opening a paragraph."""

    text: str
    start: int  # where the heading's words start
    end: int
    body_end: int  # where what it heads ends (the next heading)


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    speaker: str | None  # parent | child | family (someone in the family, not sure who) | None


@dataclass
class Outline:
    kind: ReportKind | None
    headings: list[Heading]
    found: dict[str, list[Heading]] = field(default_factory=dict)  # section id -> headings
    satisfied: dict[str, str] = field(default_factory=dict)  # section id -> how, when not by a heading
    quotes: list[Quote] = field(default_factory=list)
    words: int = 0

    @property
    def missing(self) -> list[SectionSpec]:
        if self.kind is None:
            return []
        return [s for s in self.kind.sections
                if s.required and s.id not in self.found and s.id not in self.satisfied]

    def voices(self) -> set[str]:
        return {q.speaker for q in self.quotes if q.speaker}


# --- which kind -----------------------------------------------------------------------------


def kind_for(doc: Document, config: Config) -> ReportKind | None:
    """`kind:` (an id) wins, then `report:` words, then the first heading or line."""
    kinds = load_kinds(tuple(config.profiles))
    if config.kind:
        kind = kinds.get(config.kind.lower()) or find_kind(kinds, config.kind)
        if kind is None:
            from cpclint.errors import ConfigError

            raise ConfigError(f"there is no kind of report called '{config.kind}' "
                              f"(cpclint knows: {', '.join(sorted(kinds))}).")
        return kind
    if config.report:
        kind = find_kind(kinds, config.report)
        if kind is not None:
            return kind
    first = _first_line(doc)
    kind = find_kind(kinds, first)
    if kind is None and config.audience == "child" and re.match(r"(?i)\s*dear\b", first or ""):
        kind = kinds.get("letter-to-child")
    return kind


def _first_line(doc: Document) -> str | None:
    """The report's title: its first heading, or a short first line that is not a sentence.

    "Dear Amira," counts too: it is how a letter says what it is."""
    for p in doc.paragraphs:
        line = " ".join(doc.prose[p.start:p.end].strip().split("\n")[0].split())
        if not line:
            continue
        if p.kind == "heading" or re.match(r"(?i)dear\b", line):
            return line
        if len(line.split()) <= 12 and not re.search(r"[.!?]$", line):
            return line
        return None
    return None


# --- headings -------------------------------------------------------------------------------

_LABEL = re.compile(r"[ \t]*([A-Z][\w'’ ,&/()-]{2,60}?)[ \t]*:(?=\s|$)")
_STANDALONE_END = re.compile(r"[.!?,;]\s*$")


def headings(doc: Document, memo=None, cache: dict | None = None) -> list[Heading]:
    """The report's headings. With a memo, each paragraph's are kept in it (they read only its words)."""
    if memo is None:
        found = _paragraph_headings(doc, doc.paragraphs)
    else:
        from cpclint.pieces import segments

        table = memo.table("headings")
        found = []
        for seg in segments(doc, {} if cache is None else cache, memo):
            if seg.index >= 0:
                local = table.get((doc.format, seg.key), lambda seg=seg: [
                    (t, s - seg.start, e - seg.start)
                    for t, s, e in _paragraph_headings(doc, [doc.paragraphs[seg.index]])])
                found.extend((t, s + seg.start, e + seg.start) for t, s, e in local)
    found.sort(key=lambda h: h[1])
    out = []
    for i, (text, start, end) in enumerate(found):
        body_end = found[i + 1][1] if i + 1 < len(found) else len(doc.text)
        out.append(Heading(text, start, end, body_end))
    return out


def _paragraph_headings(doc: Document, paragraphs) -> list[tuple[str, int, int]]:
    known = _all_specs()
    found: list[tuple[str, int, int]] = []
    for p in paragraphs:
        text = doc.prose[p.start:p.end]
        if p.kind == "heading":
            found.append((" ".join(text.split()), p.start, p.end))
            continue
        if doc.format != "markdown" and "\n" not in text.strip() and len(text.split()) <= 10 \
                and not _STANDALONE_END.search(text) and text.strip()[:1].isupper() \
                and not re.search(r":\s*\S", text):
            found.append((" ".join(text.split()), p.start, p.end))  # a plain-text heading line
            continue
        # "Recommendation: HV to…" opens a section; "Child: Oliver" and "The plan should
        # include:" do not, so a label counts only when a section's headings know it.
        for line in re.finditer(r"[^\n]+", text):
            m = _LABEL.match(line.group(0))
            if m and len(m.group(1).split()) <= 6 and any(spec.matches(m.group(1)) for spec in known):
                s = p.start + line.start() + m.start(1)
                found.append((" ".join(m.group(1).split()), s, s + len(m.group(1))))
    return found


def _all_specs() -> list[SectionSpec]:
    return [s for k in load_kinds().values() for s in k.sections]


def match_sections(specs: list[SectionSpec] | tuple[SectionSpec, ...],
                   heads: list[Heading]) -> dict[str, list[Heading]]:
    found: dict[str, list[Heading]] = {}
    for h in heads:
        for spec in specs:
            if spec.matches(h.text):
                found.setdefault(spec.id, []).append(h)
                break
    return found


# --- quotes and who said them ---------------------------------------------------------------

_SAY = (r"(?:said|says|say|told|tells|tell|stated|states|explained|explains|described|describes|"
        r"shared|shares|added|adds|asked|asks|replied|replies|commented|reported|wrote|writes|"
        r"put it|in (?:his|her|their|your|my) (?:own )?words|disclosed|answered|shouted|whispered|"
        r"called|cried|laughed|explaining|saying|telling)")
_SAY_RE = re.compile(rf"\b{_SAY}\b", re.I)
_PARENT_WORDS = ("mum", "mummy", "mother", "dad", "daddy", "father", "parent", "parents", "carer",
                 "carers", "stepdad", "stepmum", "step-dad", "step-mum", "grandmother", "grandad",
                 "grandfather", "nan", "nana", "gran", "granny", "grandma", "grandpa", "aunt", "auntie",
                 "uncle", "partner", "mrs", "mr", "ms", "miss")
_CHILD_WORDS = ("child", "children", "son", "daughter", "boy", "girl", "baby", "brother", "sister",
                "young person", "your child", "your children")


def _alias_pattern(people: tuple[Person, ...]) -> list[tuple[re.Pattern, Person]]:
    out = []
    for p in people:
        for form in sorted({p.name, *p.also, p.name.split()[0]}, key=len, reverse=True):
            out.append((re.compile(rf"(?<![\w'’-]){re.escape(form)}(?![\w-])", re.I if not form[:1].isupper()
                                   else 0), p))
    return out


def _speaker_of(person: Person) -> str:
    return "child" if person.role == "child" else "parent"


def attribute_quotes(doc: Document, config: Config, memo=None) -> list[Quote]:
    """Each quotation, with whose words it is when the sentence says so.

    The speaker is the family member named nearest to the quote in its
    sentence (before it, or right after it: '"…," said Mia'), or "you" (the
    readers), so long as a saying word is there too. A quote nobody in the
    family said (a school report's words, a term in scare quotes) has no speaker.
    """
    aliases = _alias_pattern(config.family)
    readers = [p for p in config.family if p.reader]
    reader_speaker = ("child" if config.audience == "child" else "parent") if not readers else \
        _speaker_of(readers[0])
    quotes = []
    for start, end in doc.quotes:
        i = doc.sentence_at(start)
        sentence = doc.sentences[i]
        s_start = doc.sentences[i - 1].start if i and not _SAY_RE.search(doc.prose, sentence.start, start) \
            and doc.prose[doc.sentences[i - 1].start:doc.sentences[i - 1].end].rstrip().endswith(":") \
            else sentence.start
        before = doc.prose[s_start:start]
        after = doc.prose[end:min(sentence.end, end + 60)]
        if end - start < 4 or not (_SAY_RE.search(before) or _SAY_RE.search(after[:40])
                                   or before.rstrip().endswith(":")):
            quotes.append(Quote(start, end, None))
            continue
        if memo is None:
            speaker = _who_said(before, after, aliases, reader_speaker)
        else:  # the words either side are all it reads (the family list is the memo's setting)
            speaker = memo.get("who-said", (before, after),
                               lambda before=before, after=after: _who_said(before, after, aliases, reader_speaker))
        quotes.append(Quote(start, end, speaker))
    return quotes


def _who_said(before: str, after: str, aliases, reader_speaker: str) -> str | None:
    best: tuple[int, str] | None = None  # (distance, speaker)

    def consider(distance: int, speaker: str) -> None:
        nonlocal best
        if best is None or distance < best[0]:
            best = (distance, speaker)

    for pattern, person in aliases:
        for m in pattern.finditer(before):
            consider(len(before) - m.end(), _speaker_of(person))
        m = pattern.search(after[:40])
        if m:
            consider(m.start() + 5, _speaker_of(person))
    for m in re.finditer(r"\b(?:you|your)\b", before, re.I):
        consider(len(before) - m.end() + 2, reader_speaker)
    low_before = before.lower()
    for word in _PARENT_WORDS:
        for m in re.finditer(rf"\b{re.escape(word)}\b", low_before):
            consider(len(before) - m.end() + 3, "parent")
    for word in _CHILD_WORDS:
        for m in re.finditer(rf"\b{re.escape(word)}\b", low_before):
            consider(len(before) - m.end() + 3, "child")
    if best is not None:
        return best[1]
    if re.search(r"\b(?:she|he|they)\b", before, re.I):
        return "family"
    return None


# --- the outline ----------------------------------------------------------------------------


def outline(doc: Document, config: Config, kind: ReportKind | None, memo=None, cache: dict | None = None) -> Outline:
    """`memo` and `cache` (a check's): keep each paragraph's part between checks of one report."""
    heads = headings(doc, memo, cache)
    found = match_sections(kind.sections, heads) if kind else {}
    quotes = attribute_quotes(doc, config, memo)
    if memo is None:
        words = len(WORD.findall(doc.prose))
    else:
        from cpclint.pieces import segments

        table = memo.table("words")
        words = sum(table.get(seg.key, lambda seg=seg: len(WORD.findall(doc.prose, seg.start, seg.end)))
                    for seg in segments(doc, {} if cache is None else cache, memo))
    result = Outline(kind, heads, found, {}, quotes, words)
    voices = result.voices()
    if kind is not None:
        for spec in kind.sections:
            if spec.id in found or not spec.satisfied_by:
                continue
            wanted = "parent" if spec.satisfied_by == "parent-quote" else "child"
            if wanted in voices:
                result.satisfied[spec.id] = spec.satisfied_by
            elif wanted == "child" and _young_children_only(config, doc):
                result.satisfied[spec.id] = "children too young to talk"
    return result


def _young_children_only(config: Config, doc: Document | None = None) -> bool:
    """Every child is under 3, by the family list or, without ages there, the dates of birth."""
    ages = [p.age for p in config.family if p.role == "child"]
    if ages and all(a is not None for a in ages):
        return all(a < 3 for a in ages)
    if doc is None:
        return False
    import datetime as dt

    from cpclint.consistency import birth_dates
    from cpclint.dates import age_on

    on = config.conference_date or config.today or dt.date.today()
    young = [age_on(b.date, on) for b in birth_dates(doc, config) if b.date and age_on(b.date, on) < 18]
    return bool(young) and all(a < 3 for a in young)


def plan_headings(doc: Document, kind: ReportKind | None, heads: list[Heading]) -> list[Heading]:
    """The plan sections: the kind's, or any kind's plan headings when the kind is not known."""
    specs = kind.sections_with_role("plan") if kind else \
        [s for k in load_kinds().values() for s in k.sections_with_role("plan")]
    return [h for h in heads if any(s.matches(h.text) for s in specs)]


def history_words(doc: Document, outline_: Outline) -> tuple[int, Heading | None]:
    """Words under history and background headings, and the first such heading."""
    if outline_.kind is None:
        return 0, None
    ids = {s.id for s in outline_.kind.sections_with_role("history")}
    heads = [h for i in ids for h in outline_.found.get(i, [])]
    total = sum(len(WORD.findall(doc.prose, h.end, h.body_end)) for h in heads)
    return total, min(heads, key=lambda h: h.start) if heads else None


def reason_position(doc: Document, outline_: Outline, cues: list[re.Pattern]) -> int | None:
    """Words before the reason for the meeting is given: its heading, or a sentence that says it."""
    spec = outline_.kind.section("reason") if outline_.kind else None
    starts = [h.start for h in outline_.found.get("reason", [])] if spec else []
    for pattern in cues:
        m = pattern.search(doc.prose)
        if m:
            starts.append(m.start())
    if not starts:
        return None
    first = min(starts)
    return len(WORD.findall(doc.prose, 0, first)) - _title_words(doc, outline_, first)


def _title_words(doc: Document, outline_: Outline, before: int) -> int:
    """The report's title and the headings before the reason do not count as words read."""
    return sum(len(WORD.findall(doc.prose, h.start, h.end)) for h in outline_.headings if h.end <= before)


# --- the rule kind --------------------------------------------------------------------------

STRUCTURE_CHECKS = ("reason", "sections", "voice", "length", "history")


def anchor(doc: Document) -> tuple[int, int]:
    """Where a finding about the whole report points: the title, else the first sentence."""
    for p in doc.paragraphs:
        if p.kind == "heading":
            return p.start, p.end
        break
    if doc.sentences:
        return doc.sentences[0].start, doc.sentences[0].end
    return 0, 0


def _variant(rule, name: str):
    messages = rule.options.get("messages") or {}
    return rule.with_changes(message=messages[name]) if name in messages else rule


def structure_kind(rule, ctx):
    from cpclint.kinds import make_finding

    doc, o = ctx.doc, ctx.outline()
    kind, check = o.kind, rule.options["check"]
    if kind is None or not doc.sentences:
        return
    start, end = anchor(doc)
    if check == "reason" and kind.reason_within_words is not None:
        cues = [re.compile(p, re.I) for p in rule.options.get("cues", [])]
        words = reason_position(doc, o, cues)
        if words is None:
            yield make_finding(_variant(rule, "missing"), doc, start, end, scope="document",
                               within=kind.reason_within_words)
        elif words > kind.reason_within_words:
            heads = o.found.get("reason")
            s, e = (heads[0].start, heads[0].end) if heads else (start, end)
            yield make_finding(_variant(rule, "late"), doc, s, e, scope="document", words=words,
                               within=kind.reason_within_words, heading=heads[0].text if heads else "")
    elif check == "sections":
        for spec in o.missing:
            if spec.id == "reason" and kind.reason_within_words is not None:
                continue  # reason-near-start says it, and says it better
            yield make_finding(rule, doc, start, end, scope="document", title=spec.title,
                               prompt=spec.prompt, kind=kind.name)
    elif check == "voice":
        voices = o.voices()
        for whose in kind.voice:
            if whose in voices or (whose == "parent" and "family" in voices):
                continue
            section = next((sp for sp in kind.sections if sp.satisfied_by == f"{whose}-quote"), None)
            if section is not None and section.required and section.id not in o.found:
                continue  # no section and no quotes: missing-section says it
            if whose == "child" and _young_children_only(ctx.config, doc):
                continue
            names = _names(ctx.config, whose)
            yield make_finding(_variant(rule, whose), doc, start, end, scope="document", names=names,
                               whose=names + ("’" if names.endswith("s") else "’s"))
    elif check == "length" and kind.max_words and o.words > kind.max_words:
        minutes = max(1, round(o.words / 200))
        yield make_finding(rule, doc, start, end, scope="document", words=f"{o.words:,}",
                           minutes=minutes, max=f"{kind.max_words:,}", kind=kind.name)
    elif check == "history" and kind.max_history_share and o.words:
        words, head = history_words(doc, o)
        share = words / o.words
        if head is not None and share > kind.max_history_share and words >= rule.options.get("min_words", 100):
            yield make_finding(rule, doc, head.start, head.end, scope="document",
                               percent=round(share * 100), heading=head.text)


def _names(config: Config, whose: str) -> str:
    people = [p for p in config.family if (p.role == "child") == (whose == "child")]
    if whose == "parent":
        people = [p for p in people if p.reader] or people
    names = [p.also[0] if p.also else p.name.split()[0] for p in people]
    if not names:
        return "the child" if whose == "child" else "the parents"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- the summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """What the summary and JSON `stats` say about the report as a whole."""

    kind: ReportKind | None
    sections_found: tuple[str, ...] = ()  # section ids, in the kind's order
    sections_missing: tuple[str, ...] = ()
    share_by: object = None  # datetime.date
    conference_date: object = None
    share_days: int | None = None

    def to_json(self) -> dict:
        return {
            "kind": self.kind.id if self.kind else None,
            "sections_found": list(self.sections_found),
            "sections_missing": list(self.sections_missing),
            "share_by": self.share_by.isoformat() if self.share_by else None,
        }

    def titles(self, ids) -> list[str]:
        return [self.kind.section(i).title for i in ids] if self.kind else []


def overview(o: Outline, config: Config) -> Overview:
    from cpclint.dates import working_days_before

    kind = o.kind
    if kind is None:
        return Overview(None, conference_date=config.conference_date)
    found = tuple(s.id for s in kind.sections if s.id in o.found or s.id in o.satisfied)
    missing = tuple(s.id for s in o.missing)
    share_by = None
    if kind.share_days and config.conference_date:
        share_by = working_days_before(config.conference_date, kind.share_days)
    return Overview(kind, found, missing, share_by, config.conference_date, kind.share_days)
