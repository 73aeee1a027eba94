"""The generic rule kinds. Every rule in rules/*.yaml is one of these with data.

A kind looks at the document and yields findings. Work that needs the parser
is yielded as a `Deferred` naming the sentence it needs, so the engine can
parse all such sentences in one batch after every cheap check has run.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cpclint import inflect
from cpclint.document import Document
from cpclint.findings import Finding
from cpclint.glossary import Entry
from cpclint.pieces import relative, segments, shifted, term_matches, tokens
from cpclint.readability import Counts, piece_counts, section_stats, stats_from
from cpclint.rules import Rule


@dataclass
class Context:
    """What a kind may look at while checking one document."""

    doc: Document
    target_reading_age: float | None
    glossary_files: tuple[str, ...] = ()
    accept: frozenset[str] = frozenset()
    addressee: Any = None  # person.Addressee: who "you" is
    config: Any = None  # config.Config: the family list, dates, the kind of report
    kind: Any = None  # profiles.ReportKind, when known
    _counts: dict[int, Counts] | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    memo: Any = None  # memo.Memo: results kept between checks of one report being edited

    def stances(self) -> list:
        """Every sentence's stance, worked out once per check (paragraph by paragraph)."""
        if "stances" not in self.cache:
            from cpclint.stance import classify_pieces

            self.cache["stances"] = classify_pieces(self.doc, self.glossary_files, self.cache, self.memo)
        return self.cache["stances"]

    def outline(self):
        """The report's sections, quotes and length, worked out once per check."""
        if "outline" not in self.cache:
            from cpclint.config import Config
            from cpclint.structure import outline

            self.cache["outline"] = outline(self.doc, self.config or Config(), self.kind, self.memo, self.cache)
        return self.cache["outline"]

    @property
    def counts(self) -> dict[int, Counts]:
        if self._counts is None:
            self._counts = piece_counts(self.doc, self.cache, self.memo)
        return self._counts

    def sentence_at(self, offset: int) -> int:
        return self.doc.sentence_at(offset)

    def section_stats(self, section):
        """A section's readability figures, worked out once per check (a rule and the summary share them)."""
        done = self.cache.setdefault("section-stats", {})
        key = (section.start, section.end)
        if key not in done:
            done[key] = section_stats(self.doc, section, self.counts)
        return done[key]


@dataclass
class Deferred:
    """A check that needs sentences parsed.

    With `sentence`, `resolve` gets that sentence's spaCy Doc; with `sentences`
    (checks that read on from one sentence to the next), it gets a dict of them.
    """

    sentence: int | None
    resolve: Callable[[Any], list[Finding]]
    sentences: tuple[int, ...] = ()

    @property
    def needs(self) -> tuple[int, ...]:
        return self.sentences if self.sentence is None else (self.sentence,)


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, **values: Any) -> str:
    return template.format_map(_Values(values)) if template else ""


def make_finding(rule: Rule, doc: Document, start: int, end: int, *, suggestions=(),
                 explanation: str = "", scope: str = "term", **values: Any) -> Finding:
    text = " ".join(doc.text[start:end].split()) if scope == "term" else doc.text[start:end]
    values.setdefault("text", " ".join(doc.prose[start:end].split()))
    suggestions = [s for s in suggestions if s]
    if suggestions:
        values.setdefault("suggestion", suggestions[0])
        values.setdefault("suggestions", " or ".join(f"“{s}”" for s in suggestions))
        hint = render(rule.suggestion or rule.advice, **values)
    else:
        hint = render(rule.advice, **values)
    return Finding(
        rule=rule.id, category=rule.category, severity=rule.severity,
        message=render(rule.message, **values), start=start, end=end, text=text,
        suggestions=list(suggestions), explanation=explanation, scope=scope,
        hint=" ".join(hint.split()),  # an empty {placeholder} leaves no gap
    )


# --- substitution: a term list -------------------------------------------------------


_EXPLAINED = re.compile(
    r"(?:\s*\([^)]{15,}\)|,?\s+(?:means|which\s+(?:is|means)|(?:is|are)\s+(?:a|an|when|where|what|how|"
    r"someone|something|people|the\s+(?:name|word|way|meeting|plan|time|group|team|people))\b))", re.I)


def substitution(rule: Rule, ctx: Context) -> Iterator[Finding | Deferred]:
    doc = ctx.doc
    table = ctx.memo.table("substitution")
    matches = []  # (start, end, entry, specific, finding in offsets from the segment, segment start)
    for seg, terms in term_matches(ctx, rule.options["list"]):
        if terms:
            local = table.get((rule.id, ctx.accept, seg.key),
                              lambda seg=seg, terms=terms: _substitution_piece(rule, ctx, seg, terms))
            matches.extend((seg.start + s, seg.start + e, entry, specific, f, seg.start)
                           for s, e, entry, specific, f in local)
    # A term the writer explains ("A Child Protection Plan is a written plan…") is fine
    # from the sentence before the explanation onwards.
    explained: dict[str, int] = {}
    if rule.options.get("explained_ok"):
        for start, end, entry, *_ in matches:
            if entry.term not in explained and _EXPLAINED.match(doc.prose, end, end + 200):
                i = ctx.sentence_at(start)
                explained[entry.term] = doc.sentences[max(0, i - 1)].start
    for start, _, entry, specific, finding, base in matches:
        if entry.term in explained and start >= explained[entry.term]:
            continue
        if specific:
            continue
        finding = shifted([finding], base)[0]
        if entry.context and entry.context.pos:
            yield Deferred(ctx.sentence_at(start), _pos_check(doc, ctx, start, entry, finding))
        else:
            yield finding


def _substitution_piece(rule: Rule, ctx: Context, seg, terms) -> list:
    """One paragraph's matches that the rule's filters keep, with their findings (stored per paragraph)."""
    doc = ctx.doc
    specific_ok = rule.options.get("specific_ok")
    out = []
    for s, e, entry in terms:
        start, end = seg.start + s, seg.start + e
        if entry.term.lower() in ctx.accept or entry.context and not entry.context.allows(doc.prose, start, end):
            continue
        specific = bool(specific_ok and _is_specific(doc, ctx.sentence_at(start)))
        finding = None if specific else relative(
            [_term_finding(rule, doc, start, end, entry, _starts_sentence(ctx, start))], seg.start)[0]
        out.append((s, e, entry, specific, finding))
    return out


_SPECIFIC = re.compile(
    r"\b(?:on|since|by|from)\s+\d{1,2}(?:st|nd|rd|th)?\s+(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\bfor\s+example\b|"
    r"\bfor\s+instance\b|\bsuch\s+as\b|\bthis\s+means\b|\bwhich\s+means\b|\bso\s+(?:Mia|Tyler|\w+)\s+"
    r"(?:could|can|might|may|was|is|has|had|will)\b|\bbecause\b|\b(?:there\s+was|there\s+were)\s+(?:no|dog|broken|"
    r"\w+\s+(?:mess|glass|food|rubbish))\b|\b(?:I|we)\s+(?:saw|found|counted|noticed|heard)\b",
    re.I)


def _is_specific(doc: Document, index: int) -> bool:
    """Does the sentence (or the next one in its paragraph) say what happened, when, or what it means?"""
    s = doc.sentences[index]
    text = doc.prose[s.start:s.end]
    if index + 1 < len(doc.sentences) and doc.sentences[index + 1].paragraph == s.paragraph:
        nxt = doc.sentences[index + 1]
        text += " " + doc.prose[nxt.start:nxt.end]
    return bool(_SPECIFIC.search(text))


def _starts_sentence(ctx: Context, start: int) -> bool:
    s = ctx.doc.sentences[ctx.sentence_at(start)]
    return not ctx.doc.prose[s.start:start].strip(" \t\n\"“‘'(")


def _term_finding(rule: Rule, doc: Document, start: int, end: int, entry: Entry,
                  at_start: bool) -> Finding:
    matched = " ".join(doc.prose[start:end].split())
    return make_finding(
        rule, doc, start, end, suggestions=entry.suggestions_for(matched, at_start),
        explanation=entry.explanation, term=entry.term, expansion=entry.expansion or "",
        alternative=entry.alternatives[0],
    )


def _pos_check(doc: Document, ctx: Context, start: int, entry: Entry, finding: Finding):
    sentence_start = doc.sentences[ctx.sentence_at(start)].start

    def resolve(parsed) -> list[Finding]:
        for token in parsed:
            if token.idx + sentence_start == start:
                return [finding] if token.pos_ == entry.context.pos else []
        return [finding]

    return resolve


# --- existence: patterns ---------------------------------------------------------------


def existence(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Each pattern, paragraph by paragraph (a match never runs across a paragraph's start);
    each paragraph's findings are kept in the memo."""
    doc = ctx.doc
    flags = 0 if rule.options.get("case_sensitive") else re.IGNORECASE
    transform = TRANSFORMS.get(rule.options.get("transform", ""))
    patterns = [re.compile(raw, flags) for raw in rule.options["patterns"]]
    table = ctx.memo.table("existence")

    def piece(seg) -> list[list[Finding]]:
        found = []
        for pattern in patterns:
            local = []
            for m in pattern.finditer(doc.prose, seg.start, seg.end):
                if m.start() == m.end():
                    continue
                suggestions = [transform(m)] if transform else []
                local.append(make_finding(rule, doc, m.start(), m.end(), suggestions=suggestions))
            found.append(relative(local, seg.start))
        return found

    per = [(seg, table.get((rule.id, seg.key), lambda seg=seg: piece(seg)))
           for seg in segments(doc, ctx.cache, ctx.memo)]
    for k in range(len(patterns)):  # pattern by pattern, as a whole-text search would find them
        for seg, found in per:
            if found[k]:
                yield from shifted(found[k], seg.start)


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _date_in_words(m: re.Match) -> str:
    day, month, year = (int(x) for x in re.findall(r"\d+", m.group(0))[:3])
    if year < 100:
        year += 2000 if year < 50 else 1900
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{day} {_MONTHS[month - 1]} {year}"


TRANSFORMS: dict[str, Callable[[re.Match], str]] = {"date-words": _date_in_words}


# --- metric: numbers against thresholds --------------------------------------------------


def metric(rule: Rule, ctx: Context) -> Iterator[Finding]:
    name = rule.options["metric"]
    if name == "sentence_words":
        yield from _sentence_length(rule, ctx)
    elif name == "reading_age":
        yield from _reading_age(rule, ctx)


def _sentence_length(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Each paragraph's long sentences, kept in the memo (a sentence's length is its own business)."""
    doc = ctx.doc
    above = rule.options["above"]
    up_to = rule.options.get("up_to")
    counts = ctx.counts
    table = ctx.memo.table("sentence-length")

    def piece(seg) -> list[Finding]:
        found = []
        for i in seg.sentences:
            c = counts.get(i)
            if c is not None and c.words > above and (up_to is None or c.words <= up_to):
                s = doc.sentences[i]
                split = split_sentence(" ".join(doc.prose[s.start:s.end].split()))
                found.append(make_finding(rule, doc, s.start, s.end, suggestions=[split] if split else [],
                                          scope="sentence", value=c.words, limit=above))
        return relative(found, seg.start)

    for seg in segments(doc, ctx.cache, ctx.memo):
        if seg.first < seg.stop:
            found = table.get((rule.id, seg.key), lambda seg=seg: piece(seg))
            if found:
                yield from shifted(found, seg.start)


_SPLITS = re.compile(
    r";\s+|,\s+(?=(?:and|but|so|as|because|which|therefore|however|although|whilst|while|"
    r"where|when)\b)(?!and\s+(?:that|who|which|to)\b)|\s+(?=(?:but|so|because|therefore)\s)"
    r"|\s+(?=and\s+(?:I|we|he|she|they|it|you|there|this|the\s+\w+\s+(?:was|were|is|are|has|have|had))\b)",
    re.I)
_LEADS = {"and": "", "so": "So ", "therefore": "So ", "but": "But ", "which": "This ",
          "because": "This is because ", "as": "This is because ", "however": "However, ",
          "although": "But ", "whilst": "But ", "while": "But ", "where": "There, ",
          "when": "Then, "}


def split_sentence(sentence: str) -> str:
    """Split a long sentence in two where a joining word sits nearest the middle."""
    words = sentence.split()
    if len(words) < 12:
        return ""
    best = None
    middle = len(sentence) / 2
    for m in _SPLITS.finditer(sentence):
        before = sentence[: m.start()].rstrip(" ,;")
        after = sentence[m.end():]
        if len(before.split()) < 5 or len(after.split()) < 5:
            continue
        if before.count("“") != before.count("”") or before.count('"') % 2:
            continue  # never split inside quoted words
        distance = abs(m.start() - middle)
        if best is None or distance < best[0]:
            best = (distance, before, after)
    if best is None:
        return ""
    _, before, after = best
    first_word = after.split()[0].lower().strip(",")
    if first_word in _LEADS:
        rest = after.split(None, 1)[1] if len(after.split(None, 1)) > 1 else ""
        rest = rest.lstrip(", ")
        lead = _LEADS[first_word]
        after = (lead + rest) if lead else rest[:1].upper() + rest[1:]
    else:
        after = after[:1].upper() + after[1:]
    end = "" if before.endswith((".", "!", "?")) else "."
    return f"{before}{end} {after}"


def _reading_age(rule: Rule, ctx: Context) -> Iterator[Finding]:
    target = ctx.target_reading_age
    if target is None:
        return
    doc = ctx.doc
    min_words = rule.options.get("min_words", 60)
    if rule.options.get("scope") == "document":
        stats = stats_from(list(ctx.counts.values()))
        if stats.words >= min_words and stats.reading_age > target:
            first = next((s for s in doc.sentences), None)
            if first is not None:
                yield make_finding(rule, doc, first.start, first.start, scope="document",
                                   value=f"{stats.reading_age:g}", target=f"{target:g}")
        return
    if len(doc.sections) < 2:
        return  # one section is the whole report: the document rule covers it
    for section in doc.sections:
        stats = ctx.section_stats(section)
        if stats.words >= min_words and stats.reading_age > target:
            start, end = (section.heading_start, section.heading_end) if section.heading \
                else (section.start, section.start)
            yield make_finding(rule, doc, start, end, scope="document",
                               value=f"{stats.reading_age:g}", target=f"{target:g}",
                               heading=section.heading or "before the first heading")


# --- acronym: abbreviations not spelled out on first use -------------------------------

_CAPS = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9&.]*[A-Z0-9]$")
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_STOP = {"of", "and", "the", "for", "to", "in", "on", "a", "an", "&", "with", "at", "by"}


def acronym(rule: Rule, ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    allow = {a.upper() for a in rule.options.get("allow", [])} | {a.upper() for a in ctx.accept}
    list_name = rule.options.get("list", "acronyms")
    table = ctx.memo.table("acronym-uses")
    pieces = [(seg, table.get((list_name, seg.key), lambda seg=seg, terms=terms: _acronym_piece(ctx, seg, terms)))
              for seg, terms in term_matches(ctx, list_name)]
    # the glossary's acronyms first, then other words in capitals, each in the order written
    uses: dict[str, list[tuple[int, int, Entry | None]]] = {}
    for seg, (known, _) in pieces:
        for s, e, key, entry in known:
            uses.setdefault(key, []).append((seg.start + s, seg.start + e, entry))
    for seg, (_, other) in pieces:
        for s, e, key in other:
            uses.setdefault(key, []).append((seg.start + s, seg.start + e, None))
    for key, occurrences in uses.items():
        if key.upper() in allow or key.replace(".", "").upper() in allow:
            continue
        entry = occurrences[0][2]
        if _defined_before(doc, key, entry, occurrences[0][0]):
            continue
        start, end, _ = occurrences[0]
        count = len(occurrences)
        more = f" It is used {count} times." if count > 1 else ""
        if entry is not None:
            yield make_finding(
                rule, doc, start, end,
                suggestions=[*entry.suggestions_for(doc.prose[start:end],
                                                    _starts_sentence(ctx, start)),
                             f"{entry.expansion} ({entry.term})"],
                explanation=entry.explanation, expansion=entry.expansion,
                count=count, more=more,
            )
        else:
            unknown = dict(rule.options.get("unknown", {}))
            yield make_finding(
                _with_text(rule, unknown), doc, start, end, count=count, more=more,
            )


def _acronym_piece(ctx: Context, seg, terms) -> tuple[list, list]:
    """One paragraph's acronyms from the glossary, and its other words in capitals (offsets from its start)."""
    doc = ctx.doc
    known, other = [], []
    covered: set[int] = set()
    for s, e, entry in terms:
        start, end = seg.start + s, seg.start + e
        covered.add(start)
        if entry.context and not entry.context.allows(doc.prose, start, end):
            continue
        known.append((s, e, entry.term, entry))
    shouting: dict[int, bool] = {}
    for start, end in tokens(doc.prose, seg):
        if start in covered:
            continue
        word = doc.prose[start:end].rstrip(".")
        if word.endswith("s") and word[:-1].isupper():
            word = word[:-1]
        if not _CAPS.match(word) or _ROMAN.match(word) or len(word) > 8:
            continue
        para = doc.sentences[ctx.sentence_at(start)].paragraph
        if para not in shouting:
            shouting[para] = _shouting(doc, doc.paragraphs[para])
        if shouting[para]:
            continue
        other.append((start - seg.start, end - seg.start, word))
    return known, other


def _shouting(doc: Document, p) -> bool:
    """A paragraph written in capitals (a title): its words are not acronyms."""
    words = re.findall(r"[A-Za-z]{2,}", doc.prose[p.start:p.end])
    return len(words) >= 3 and sum(w.isupper() for w in words) / len(words) >= 0.6


def _with_text(rule: Rule, texts: dict) -> Rule:
    return rule.with_changes(
        message=texts.get("message", rule.message), advice=texts.get("advice", rule.advice),
    )


def _defined_before(doc: Document, key: str, entry: Entry | None, first: int) -> bool:
    """Is the acronym spelled out at or before its first use: "Family Group Conference (FGC)"?"""
    forms = set(entry.forms) if entry else {key}
    prose = doc.prose
    for form in forms:
        for m in re.finditer(r"\(\s*" + re.escape(form) + r"s?\s*\)", prose[: first + 64 + len(form)]):
            before = prose[max(0, m.start() - 120) : m.start()]
            if _initials_match(key, before, entry):
                return True
        for m in re.finditer(r"(?<![\w])" + re.escape(form) + r"s?\s*\(([^)]{3,120})\)",
                             prose[: first + 200]):
            if m.start() <= first and _initials_match(key, m.group(1), entry, inside=True):
                return True
    return False


def _initials_match(key: str, words_text: str, entry: Entry | None, inside: bool = False) -> bool:
    if entry is not None and entry.expansion:
        expansion = " ".join(entry.expansion.lower().split())
        text = " ".join(words_text.lower().split())
        if (text.endswith(expansion) if not inside else expansion in text):
            return True
    letters = [c.lower() for c in key if c.isalpha()]
    words = [w for w in re.findall(r"[A-Za-z]+", words_text)]
    if not inside:
        words = words[-(len(letters) + 4):]
    initials = [w[0].lower() for w in words if w.lower() not in _STOP]
    if not letters or not initials:
        return False
    # the acronym's letters, in order, within the initials, starting at the first
    # content word of the expansion
    for begin in range(len(initials)):
        if initials[begin] != letters[0]:
            continue
        i = 0
        for c in initials[begin:]:
            if i < len(letters) and c == letters[i]:
                i += 1
        if i == len(letters) and len(initials) - begin <= len(letters) + 2:
            return True
    return False


# --- passive: who did it? ----------------------------------------------------------------

_PARTICIPLES = "|".join(sorted(inflect.PARTICIPLE_TO_BASE, key=len, reverse=True))
PASSIVE_CANDIDATE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:(?:not|never|also|then|still|already|"
    r"just|now|\w+ly)\s+)*(?:\w+ed|\w+en|" + _PARTICIPLES + r")\b",
    re.I,
)
_OBJECT_PRONOUN = {"i": "me", "he": "him", "she": "her", "we": "us", "they": "them"}


def passive(rule: Rule, ctx: Context) -> Iterator[Deferred]:
    doc = ctx.doc
    want_agent = rule.options.get("agent", "absent") == "present"
    ignore = {w.lower() for w in rule.options.get("ignore", [])}
    seen: set[int] = set()
    table = ctx.memo.table("passive-candidates")
    for seg in segments(doc, ctx.cache, ctx.memo):
        candidates = table.get(seg.key, lambda seg=seg: [
            ctx.sentence_at(m.start()) - seg.first for m in PASSIVE_CANDIDATE.finditer(doc.prose, seg.start, seg.end)])
        for i in candidates:
            i += seg.first
            if i in seen or doc.paragraphs[doc.sentences[i].paragraph].kind == "heading":
                continue
            seen.add(i)
            yield Deferred(i, _passive_resolver(rule, ctx, i, want_agent, ignore))


def _passive_resolver(rule, ctx, i, want_agent, ignore):
    """The sentence's findings are kept in the memo under its own words: they read nothing else."""
    doc = ctx.doc
    base, end = doc.sentences[i].start, doc.sentences[i].end
    key = (rule.id, doc.prose[base:end], doc.text[base:end])

    def resolve(parsed) -> list[Finding]:
        return shifted(ctx.memo.get("passive", key, lambda: relative(clauses(parsed), base)), base)

    def clauses(parsed) -> list[Finding]:
        found = []
        for clause in passive_clauses(parsed):
            if clause["verb"].lower_ in ignore or bool(clause["agent"]) != want_agent:
                continue
            start, end = base + clause["start"], base + clause["end"]
            found.append(make_finding(
                rule, doc, start, end, suggestions=[clause["rewrite"]] if clause["rewrite"] else [],
                verb=clause["past"],
            ))
        return found

    return resolve


def passive_clauses(parsed) -> list[dict]:
    """Passive verbs in a parsed sentence, with the active rewrite of each."""
    out = []
    for verb in parsed:
        if verb.tag_ != "VBN" or not verb.is_alpha or verb.text_with_ws == verb.text and \
                verb.i + 1 < len(parsed) and parsed[verb.i + 1].text == "-":
            continue
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]
        if not any(c.dep_ == "auxpass" for c in auxes):
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")), None)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        actor_tokens = [t for t in agent.subtree][1:] if agent is not None else []
        if subj is not None and subj.dep_ == "nsubjpass" and subj.i < auxes[0].i:
            subj_tokens = [t for t in parsed[min(t.i for t in subj.subtree):auxes[0].i]]
            start = subj_tokens[0].idx
        else:
            subj_tokens = []
            start = auxes[0].idx
        last = actor_tokens[-1] if actor_tokens else verb
        end = last.idx + len(last.text)
        lemma = (verb.lemma_ or verb.text).lower()
        past = inflect.PARTICIPLE_TO_PAST.get(verb.lower_, verb.lower_)
        actor = " ".join(t.text for t in actor_tokens) if actor_tokens else "[who]"
        rewrite = _active(auxes, lemma, verb, past, actor, subj_tokens, parsed, start)
        out.append({"verb": verb, "agent": bool(actor_tokens), "start": start, "end": end,
                     "past": past, "rewrite": rewrite})
    return out


def _active(auxes, lemma, verb, past, actor, subj_tokens, parsed, start) -> str:
    words = [a.lower_ for a in auxes if a.dep_ != "neg"]
    negative = any(a.dep_ == "neg" for a in auxes)
    if "to" in words:
        return ""  # "Tyler to be taken to…": an instruction with no clear active form
    if words[-1:] == ["being"]:
        head = words[0] if words[0] != "being" else "is"
        phrase = f"{head} {'not ' if negative else ''}{inflect.gerund(lemma)}"
    elif "been" in words:
        head = words[0]
        phrase = f"{head} {'not ' if negative else ''}{verb.lower_}"
    elif words and words[0] in ("was", "were"):
        phrase = f"did not {lemma}" if negative else past
    elif words and words[0] in ("is", "are", "am", "'s", "'re"):
        plural = actor.lower() in ("we", "they", "you", "i") or actor.endswith("s")
        if negative:
            phrase = f"{'do' if plural else 'does'} not {lemma}"
        else:
            phrase = lemma if plural else inflect.third_person(lemma)
    elif len(words) >= 2 and words[-1] == "be":
        phrase = f"{' '.join(words[:-1])} {'not ' if negative else ''}{lemma}"
    else:
        return ""
    obj = ""
    if len(subj_tokens) == 1 and subj_tokens[0].lower_ in ("which", "that", "who", "whom"):
        return f"{subj_tokens[0].text} {actor} {phrase}"
    if subj_tokens and subj_tokens[0].lower_ not in ("it", "there"):
        if len(subj_tokens) == 1 and subj_tokens[0].lower_ in _OBJECT_PRONOUN:
            obj = _OBJECT_PRONOUN[subj_tokens[0].lower_]
        else:
            obj = "".join(t.text_with_ws for t in subj_tokens).strip()
            first = subj_tokens[0]
            if first.i == 0 and first.pos_ != "PROPN" and not (len(first.text) > 1 and first.text.isupper()):
                obj = obj[:1].lower() + obj[1:]
    actor_out = actor
    if start == 0 and actor_out[:1].islower():
        actor_out = actor_out[:1].upper() + actor_out[1:]
    if start == 0 and actor_out == "[who]":
        actor_out = "[Who]"
    return " ".join(p for p in (actor_out, phrase, obj) if p)


# --- person: written to the family, not about them ----------------------------------------

_FINDS = {
    "reader": ("reader", "pronoun"),
    "writer": ("writer", "writer-plural"),
    "role-label": ("role", "group", "child-label", "relative"),
    "people": ("titled",),
}


def person_kind(rule: Rule, ctx: Context) -> Iterator[Deferred]:
    plan = ctx.cache.get("person-mentions")
    if plan is None:
        plan = ctx.cache["person-mentions"] = _person_plan(ctx)
    mentions, wanted, pieces = plan
    kinds = _FINDS[rule.options["find"]]
    if not wanted or not any(m.kind in kinds for m in mentions) and "pronoun" not in kinds:
        return
    yield Deferred(None, lambda parsed: _person_findings(rule, ctx, kinds, pieces, parsed), tuple(wanted))


def _person_plan(ctx: Context):
    """Who is named where, and which sentences need parsing: paragraph by paragraph, kept in the memo.

    Returns (mentions, wanted sentences, [(segment, its mentions, its wanted sentences)])."""
    from cpclint import person as p

    doc, addressee = ctx.doc, ctx.addressee
    table = ctx.memo.table("person-mentions")

    def compute(seg):
        found = p.find_mentions(doc, addressee, seg.start, seg.end)
        wanted = p.candidate_sentences(doc, found, addressee)
        return ([p.Mention(m.start - seg.start, m.end - seg.start, m.kind, m.person) for m in found],
                [i - seg.first for i in wanted])

    mentions, wanted, pieces = [], [], []
    for seg in segments(doc, ctx.cache, ctx.memo):
        local, local_wanted = table.get(seg.key, lambda seg=seg: compute(seg))
        if local:
            found = [p.Mention(m.start + seg.start, m.end + seg.start, m.kind, m.person) for m in local]
            mentions.extend(found)
            local_wanted = [i + seg.first for i in local_wanted]
            wanted.extend(local_wanted)
            pieces.append((seg, found, local_wanted))
    return mentions, wanted, pieces


def _person_findings(rule: Rule, ctx: Context, kinds: tuple[str, ...], pieces, parsed: dict) -> list[Finding]:
    """Each paragraph's findings are kept in the memo: its rewrites read only its own sentences."""
    table = ctx.memo.table("person-findings")
    found = []
    for seg, mentions, wanted in pieces:
        if wanted:
            local = table.get((rule.id, seg.key), lambda seg=seg, mentions=mentions, wanted=wanted: relative(
                _person_piece(rule, ctx, kinds, seg, mentions, {i: parsed[i] for i in wanted}), seg.start))
            found.extend(shifted(local, seg.start))
    return found


def _person_piece(rule: Rule, ctx: Context, kinds: tuple[str, ...], seg, mentions, parsed: dict) -> list[Finding]:
    from cpclint import person as p

    doc = ctx.doc
    rewrites = ctx.cache.get(("person-rewrites", seg.index))
    if rewrites is None:
        rewrites = ctx.cache[("person-rewrites", seg.index)] = p.rewrite_parsed(doc, ctx.addressee, mentions, parsed)
    found = []
    for rewrite, mentions in rewrites:
        sentence = " ".join(rewrite.text.split())
        targets = [(m.start, m.end, m) for m in mentions if m.kind in kinds]
        if "pronoun" in kinds and not any(m.kind == "reader" for m in mentions) and rewrite.edits \
                and not any(m.start <= rewrite.edits[0].start < m.end for m in mentions):
            first = rewrite.edits[0]
            targets.append((first.start, first.end, None))
        for start, end, mention in targets:
            values = _person_values(ctx, mention, doc.prose[start:end])
            changed = any(e.start < end and start < e.end for e in rewrite.edits)
            suggestion = sentence if changed else ""
            found.append(make_finding(rule, doc, start, end, suggestions=[suggestion], **values))
    return found


def _person_values(ctx: Context, mention, text: str) -> dict[str, str]:
    readers = ctx.addressee.readers
    names = " and ".join(r.name.split()[0] for r in readers) or "the family"
    name = ""
    if mention is not None and mention.person is not None:
        name = mention.person.name.split()[0]
    elif mention is not None and mention.kind == "child-label":
        from cpclint.person import label_name

        name = label_name(mention, ctx.addressee, text) or ""
    is_reader = mention is not None and mention.kind in ("role", "group") and (
        (mention.person is not None and mention.person.reader)
        or (mention.person is None and (mention.kind == "group" and ctx.addressee.plural or not readers)))
    if ctx.addressee.audience == "child":
        is_reader = False
    fix = "“you” if you are writing to them" if is_reader and not readers else \
        "“you”" if is_reader else (name if mention is not None and mention.person is not None or
                                  mention is not None and mention.kind == "child-label" and name else "their name")
    return {"readers": names, "name": name or names, "fix": fix}


# --- stance: opinions that are not explained or are in the wrong place ------------------------

STANCE_FINDS = ("no-reason", "as-fact", "in-facts-section")


def stance_kind(rule: Rule, ctx: Context) -> Iterator[Finding]:
    from cpclint import stance as st

    doc = ctx.doc
    stances = ctx.stances()
    find = rule.options["find"]
    table = ctx.memo.table("stance-findings")

    def piece(seg) -> list[Finding]:
        found = []
        for i in seg.sentences:
            s = stances[i]
            if s.label != "opinion":
                continue
            sentence = doc.sentences[i]
            cue = s.cues[0] if s.cues else ""
            if find == "no-reason" and not s.evaluative_only and not st.reason_nearby(doc, stances, i):
                found.append(make_finding(rule, doc, sentence.start, sentence.end, scope="sentence", cue=cue))
            elif find == "as-fact" and s.evaluative_only and not _labelled(ctx, sentence.start, sentence.end):
                found.append(make_finding(rule, doc, sentence.start, sentence.end, scope="sentence", cue=cue))
            elif find == "in-facts-section":
                heading = st.in_fact_section(doc, sentence.start)
                if heading:
                    found.append(make_finding(rule, doc, sentence.start, sentence.end, scope="sentence",
                                              heading=heading, cue=cue))
        return relative(found, seg.start)

    # A paragraph's findings read its sentences' stances (and their neighbours in the paragraph),
    # its words and, for a facts section, the section's heading: that is the key.
    for seg in segments(doc, ctx.cache, ctx.memo):
        local = stances[seg.first:seg.stop]
        if not any(s.label == "opinion" for s in local):
            continue
        heading = st.in_fact_section(doc, doc.sentences[seg.first].start) if find == "in-facts-section" else None
        found = table.get((rule.id, seg.key, tuple(local), heading), lambda seg=seg: piece(seg))
        if found:
            yield from shifted(found, seg.start)


def _labelled(ctx: Context, start: int, end: int) -> bool:
    """Is there a vague or judgemental word in the span? Then that finding says it better."""
    spans = ctx.cache.get("label-spans")
    if spans is None:
        spans = ctx.cache["label-spans"] = sorted(
            seg.start + s for name in ("judgemental", "vague") for seg, terms in term_matches(ctx, name)
            for s, _, _ in terms)
    i = bisect.bisect_left(spans, start)
    return i < len(spans) and spans[i] < end


def _whole_report(module: str, name: str) -> Callable[[Rule, Context], Iterator]:
    """The whole-report kinds live in their own modules, imported when first used."""
    def run(rule: Rule, ctx: Context) -> Iterator:
        import importlib

        return getattr(importlib.import_module(f"cpclint.{module}"), name)(rule, ctx)
    return run


KINDS: dict[str, Callable[[Rule, Context], Iterator]] = {
    "substitution": substitution, "existence": existence, "metric": metric,
    "acronym": acronym, "passive": passive, "person": person_kind, "stance": stance_kind,
    "structure": _whole_report("structure", "structure_kind"), "plan": _whole_report("plans", "plan_kind"),
    "consistency": _whole_report("consistency", "consistency_kind"),
    "grammar": _whole_report("grammar", "grammar_kind"),
}
_CHECKS = {"structure": ("structure", "STRUCTURE_CHECKS"), "plan": ("plans", "PLAN_CHECKS"),
           "consistency": ("consistency", "CONSISTENCY_CHECKS"), "grammar": ("grammar", "GRAMMAR_CHECKS")}


def validate_options(rule: Rule) -> str | None:
    """Check a rule's options when it is loaded, so a bad rule file fails early and clearly."""
    o = rule.options
    if rule.kind == "substitution":
        from cpclint.glossary import LISTS

        if o.get("list") not in LISTS:
            return f"a substitution rule needs 'options: {{list: {'|'.join(LISTS)}}}'."
    elif rule.kind == "existence":
        patterns = o.get("patterns")
        if not isinstance(patterns, list) or not patterns:
            return "an existence rule needs 'options: {patterns: [...]}'."
        for p in patterns:
            try:
                re.compile(p)
            except (re.error, TypeError) as exc:
                return f"the pattern {p!r} is not a valid regular expression ({exc})."
        if o.get("transform") and o["transform"] not in TRANSFORMS:
            return f"unknown transform {o['transform']!r} (known: {', '.join(TRANSFORMS)})."
    elif rule.kind == "metric":
        if o.get("metric") not in ("sentence_words", "reading_age"):
            return "a metric rule needs 'options: {metric: sentence_words|reading_age}'."
        if o["metric"] == "sentence_words" and not isinstance(o.get("above"), int):
            return "a sentence_words rule needs 'above:' as a whole number of words."
    elif rule.kind == "stance":
        if o.get("find") not in STANCE_FINDS:
            return f"a stance rule needs 'options: {{find: {'|'.join(STANCE_FINDS)}}}'."
    elif rule.kind == "person":
        if o.get("find") not in _FINDS:
            return f"a person rule needs 'options: {{find: {'|'.join(_FINDS)}}}'."
    elif rule.kind == "passive":
        if o.get("agent", "absent") not in ("absent", "present"):
            return "'agent' must be 'absent' or 'present'."
    elif rule.kind in _CHECKS:
        import importlib

        module, name = _CHECKS[rule.kind]
        checks = getattr(importlib.import_module(f"cpclint.{module}"), name)
        if o.get("check") not in checks:
            return f"a {rule.kind} rule needs 'options: {{check: {'|'.join(checks)}}}'."
        for key in ("cues", "when", "prohibitions", "vague_phrases"):
            for p in o.get(key) or []:
                try:
                    re.compile(p)
                except (re.error, TypeError) as exc:
                    return f"the pattern {p!r} in '{key}' is not a valid regular expression ({exc})."
    return None
