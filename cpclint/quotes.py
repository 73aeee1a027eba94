"""Find quoted words: a family member's own words are never flagged or changed."""

from __future__ import annotations

import re

from cpclint.document import Paragraph

_DOUBLE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
# Single quotes are also apostrophes, so only a quote that opens after a space or
# bracket and closes before a space or punctuation counts.
_SINGLE = re.compile(r"(?<![\w])[‘'](?=\w)[^\n‘’']*?(?<=[\w.!?,])[’'](?![\w])")


def find_quotes(prose: str, paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for para in paragraphs:
        found = [(m.start(), m.end()) for m in _DOUBLE.finditer(prose, para.start, para.end)]
        taken = found[:]
        for m in _SINGLE.finditer(prose, para.start, para.end):
            if not any(s <= m.start() < e for s, e in taken):
                found.append((m.start(), m.end()))
        # An opening double quote with no close in the paragraph runs to its end.
        for m in re.finditer(r"[“\"]", prose[para.start : para.end]):
            pos = para.start + m.start()
            if not any(s <= pos < e for s, e in found):
                if m.group(0) == "“" or prose[para.start : pos].count('"') % 2 == 0:
                    found.append((pos, para.end))
                    break
        spans.extend(found)
    spans.sort()
    return spans
