"""A document in pieces: one segment per paragraph, the unit of work the checks share.

A segment runs from the start of one paragraph to the start of the next, so the
segments cover the document without gaps. Word-level work (term look-ups,
sentence counts, stances, who is named) is done segment by segment and nothing
it finds runs across a paragraph's start. Each segment carries a key holding
everything such work may read: its text and prose, a few characters either
side of it, and where its paragraph and sentences are. Results are stored in
the check's Memo under that key, with offsets relative to the segment, so a
re-check after an edit reuses every paragraph the edit did not touch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpclint.document import Document
from cpclint.findings import Finding
from cpclint.memo import Key

EDGE = 64  # characters either side a step may look at (the glossary's context window is 40)
_TOKEN = re.compile(r"\w+(?:[&'’./-]\w+)*")


@dataclass(frozen=True)
class Segment:
    index: int  # the paragraph's index (-1: a document with no paragraphs)
    start: int
    end: int
    first: int  # index of its first sentence
    stop: int  # one past its last sentence
    key: Key  # what work inside the segment may read (offsets relative to start)

    @property
    def sentences(self) -> range:
        return range(self.first, self.stop)


def segments(doc: Document, cache: dict, memo=None) -> list[Segment]:
    """The document's segments, worked out once per check (their keys interned in the memo)."""
    found = cache.get("segments")
    if found is None:
        found = cache["segments"] = _segments(doc, memo.key if memo is not None else Key)
    return found


def _segments(doc: Document, key_of) -> list[Segment]:
    text, prose, n = doc.text, doc.prose, len(doc.text)
    paras = doc.paragraphs
    sentences = doc.sentences
    out = []
    if not paras:
        return [Segment(-1, 0, n, 0, len(sentences), key_of((text, prose, 0, (), tuple(
            (s.start, s.end) for s in sentences))))]
    j = 0
    for i, p in enumerate(paras):
        start = 0 if i == 0 else p.start
        end = paras[i + 1].start if i + 1 < len(paras) else n
        first = j
        while j < len(sentences) and sentences[j].paragraph == i:
            j += 1
        lo = max(0, start - EDGE)
        key = (text[start:end], prose[lo:min(n, end + EDGE)], start - lo,
               (p.kind, p.level, p.start - start, p.end - start),
               tuple((s.start - start, s.end - start) for s in sentences[first:j]))
        out.append(Segment(i, start, end, first, j, key_of(key)))
    return out


def shifted(found: list[Finding], delta: int) -> list[Finding]:
    """Fresh copies of stored findings, moved to where their segment now starts."""
    out = []
    new = object.__new__
    for f in found:
        g = new(Finding)
        g.__dict__.update(f.__dict__)
        g.start += delta
        g.end += delta
        g.suggestions = list(f.suggestions)
        out.append(g)
    return out


def relative(found: list[Finding], base: int) -> list[Finding]:
    """Findings in offsets from `base`, to store."""
    return shifted(found, -base)


def tokens(prose: str, seg: Segment) -> list[tuple[int, int]]:
    """(start, end) of every word in the segment: Document.tokens, cut at paragraph starts."""
    return [m.span() for m in _TOKEN.finditer(prose, seg.start, seg.end)]


def words_of(prose: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    exact = [prose[s:e].replace("’", "'") for s, e in spans]
    return exact, [w.lower() for w in exact]


def term_matches(ctx, list_name: str) -> list[tuple[Segment, list]]:
    """Every term of a list, per segment: (segment, [(start, end, entry)] relative to it).

    The matcher's own output, before any rule's filters; the substitution,
    acronym and opinion checks share it."""
    from cpclint.glossary import matcher_for

    cached = ctx.cache.get(("terms", list_name))
    if cached is not None:
        return cached
    doc = ctx.doc
    matcher = matcher_for(ctx.glossary_files, list_name)
    table = ctx.memo.table("terms")  # one entry per segment: {list name: its matches}
    words_now = ctx.cache.setdefault("segment-words", {})  # this check's words of a segment, by index

    def compute(seg: Segment):
        if seg.index not in words_now:
            spans = tokens(doc.prose, seg)
            words_now[seg.index] = (spans, words_of(doc.prose, spans))
        spans, words = words_now[seg.index]
        return [(s - seg.start, e - seg.start, entry) for s, e, entry in matcher.finditer(doc.prose, spans, words)]

    out = []
    for seg in segments(doc, ctx.cache, ctx.memo):
        lists = table.get((ctx.glossary_files, seg.key), dict)
        found = lists.get(list_name)
        if found is None:
            found = lists[list_name] = compute(seg)
        out.append((seg, found))
    ctx.cache[("terms", list_name)] = out
    return out
