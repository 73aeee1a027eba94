"""Readability figures for a report, its sections and its sentences.

The formulas are Flesch reading ease and Flesch–Kincaid grade, as textstat
computes them; the UK reading age is the grade plus five. Words and sentences
come from cpclint's own document model, so a heading or a list item counts as
what it is, not as one long run-on sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from cpclint.document import Document, Section, Sentence
from cpclint.syllables import syllables

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
WORDS_PER_MINUTE = 200  # a steady adult reader; families reading under stress go slower


@dataclass(frozen=True)
class Counts:
    words: int
    sentences: int
    syllables: int


@dataclass(frozen=True)
class Stats:
    words: int
    sentences: int
    average_sentence_length: float
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    reading_age: float
    reading_time_minutes: float
    # share of sentences about the family that are written to them ("you"); None: none are
    addressed_to_family: float | None = None

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def sentence_words(doc: Document, sentence: Sentence) -> list[str]:
    return WORD.findall(doc.prose, sentence.start, sentence.end)


def count(doc: Document, sentence: Sentence) -> Counts:
    words = sentence_words(doc, sentence)
    return Counts(len(words), 1, sum(syllables(w) for w in words))


def stats_from(counts: list[Counts]) -> Stats:
    words = sum(c.words for c in counts)
    sentences = sum(c.sentences for c in counts)
    syl = sum(c.syllables for c in counts)
    if not words or not sentences:
        return Stats(words, sentences, 0.0, 0.0, 0.0, 0.0, 0.0)
    asl = words / sentences
    spw = syl / words
    ease = 206.835 - 1.015 * asl - 84.6 * spw
    grade = 0.39 * asl + 11.8 * spw - 15.59
    return Stats(
        words=words, sentences=sentences, average_sentence_length=round(asl, 1),
        flesch_reading_ease=round(ease, 1), flesch_kincaid_grade=round(grade, 1),
        reading_age=round(max(grade, 0.0) + 5, 1),
        reading_time_minutes=round(words / WORDS_PER_MINUTE, 1),
    )


def body_sentences(doc: Document) -> list[int]:
    """Indexes of sentences that are prose (headings are not counted)."""
    return [i for i, s in enumerate(doc.sentences) if doc.paragraphs[s.paragraph].kind != "heading"]


def document_stats(doc: Document, counts: dict[int, Counts]) -> Stats:
    return stats_from([counts[i] for i in body_sentences(doc)])


def section_stats(doc: Document, section: Section, counts: dict[int, Counts]) -> Stats:
    # sentences are in document order, so a section's sentences are a slice of them
    starts = doc._sentence_starts
    lo = bisect.bisect_left(starts, section.start)
    hi = bisect.bisect_left(starts, section.end)
    return stats_from([counts[i] for i in range(lo, hi) if i in counts])


def all_counts(doc: Document) -> dict[int, Counts]:
    return {i: count(doc, doc.sentences[i]) for i in body_sentences(doc)}


def piece_counts(doc: Document, cache: dict, memo) -> dict[int, Counts]:
    """all_counts, worked out paragraph by paragraph and kept in the check's memo."""
    from cpclint.pieces import segments

    table = memo.table("counts")
    out: dict[int, Counts] = {}
    for seg in segments(doc, cache, memo):
        if seg.first == seg.stop:
            continue
        found = table.get(seg.key, lambda seg=seg: [
            None if doc.paragraphs[doc.sentences[i].paragraph].kind == "heading" else count(doc, doc.sentences[i])
            for i in seg.sentences])
        for i, c in zip(seg.sentences, found, strict=True):
            if c is not None:
                out[i] = c
    return out
