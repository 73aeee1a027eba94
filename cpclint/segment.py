"""Sentences and sections over the masked prose: fast rules, no parser.

The parser is the expensive part of cpclint, so sentence splitting does not
use it: every check, the readability figures and the JSON all share these
sentences, and spaCy only ever sees the few sentences a check asks for.
"""

from __future__ import annotations

import re

from cpclint.document import Paragraph, Section, Sentence

# Words that end in a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms miss dr prof st no nos vs etc e.g eg i.e ie approx dept est fig
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur
    thurs fri sat sun tel ref para paras cf al inc ltd co gov rd ave""".split()
)

_BOUNDARY = re.compile(
    r"""(?P<end>[.!?]+|…)          # the end mark
        (?P<close>["'”’)\]]*)      # closing quotes or brackets belong to this sentence
        (?P<space>\s+)
        (?=["'“‘(\[]?[A-Z0-9])     # the next sentence starts with a capital or digit
    """,
    re.X,
)
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def split_sentences(prose: str, paragraphs: list[Paragraph]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for index, para in enumerate(paragraphs):
        start = para.start
        if para.kind == "heading":
            sentences.append(Sentence(para.start, para.end, index))
            continue
        for m in _BOUNDARY.finditer(prose, para.start, para.end):
            if m.group("end") == "." and not m.group("close"):
                before = _WORD_BEFORE.search(prose, max(start, m.start() - 12), m.start())
                if before:
                    word = before.group(1).lower().rstrip(".")
                    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                        continue
            end = m.start("space")
            if _has_word(prose, start, end):
                sentences.append(Sentence(start, end, index))
            start = m.end()
        end = para.end
        if start < end and _has_word(prose, start, end):
            sentences.append(Sentence(start, end, index))
    return sentences


def _has_word(prose: str, start: int, end: int) -> bool:
    for i in range(start, end):
        if prose[i].isalnum():
            return True
    return False


def build_sections(text: str, paragraphs: list[Paragraph], length: int) -> list[Section]:
    """A section runs from one heading to the next; text before any heading is an untitled one."""
    sections: list[Section] = []
    heads = [p for p in paragraphs if p.kind == "heading"]
    first_body = next((p for p in paragraphs if p.kind != "heading"), None)
    if heads and first_body is not None and first_body.start < heads[0].start:
        sections.append(Section(None, 0, first_body.start, heads[0].start))
    elif not heads and paragraphs:
        sections.append(Section(None, 0, paragraphs[0].start, length))
    for i, head in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else length
        title = " ".join(text[head.start : head.end].split())
        sections.append(Section(title, head.level, head.start, end, head.start, head.end))
    return sections
