"""The one document model every input (plain text, Markdown, Word) becomes.

`text` is the text as cpclint reads it: the file itself for .txt/.md, the
paragraphs joined with newlines for .docx. `prose` has exactly the same length,
with everything that is not prose (front matter, Markdown syntax, code, comments,
links' addresses) replaced by spaces. Checks search `prose`, so every offset they
find is an offset into `text` and the original file, with no mapping tables.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

_TOKEN = re.compile(r"\w+(?:[&'’./-]\w+)*")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    kind: str = "prose"  # prose | heading | list-item | table-cell
    level: int = 0  # heading level (1-6); 0 otherwise


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into Document.paragraphs


@dataclass(frozen=True)
class Section:
    heading: str | None
    level: int
    start: int
    end: int
    heading_start: int = 0
    heading_end: int = 0


@dataclass(frozen=True)
class Suppression:
    """Findings of `rules` (empty: every rule) between start and end are not reported."""

    start: int
    end: int
    rules: frozenset[str] = frozenset()


@dataclass
class Document:
    path: str
    format: str  # text | markdown | docx
    text: str
    prose: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_line: int = 0  # line of the first front-matter key, for error messages
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        assert len(self.text) == len(self.prose), "prose must align with text"
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._line_starts = starts

    @cached_property
    def tokens(self) -> list[tuple[int, int]]:
        """(start, end) of every word of the prose, shared by all lexical checks."""
        return [m.span() for m in _TOKEN.finditer(self.prose)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence an offset falls in (or the one before it)."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    @cached_property
    def words(self) -> tuple[list[str], list[str]]:
        """Each token's text (curly apostrophes made straight), as written and lower-cased."""
        exact = [self.prose[s:e].replace("’", "'") for s, e in self.tokens]
        return exact, [w.lower() for w in exact]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def in_quote(self, start: int, end: int) -> bool:
        """True when the span touches a family member's quoted words."""
        i = bisect.bisect_right(self.quotes, (start, 10**12)) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.quotes):
                q_start, q_end = self.quotes[j]
                if q_start < end and start < q_end:
                    return True
        return False

    def inside_quote(self, start: int, end: int) -> bool:
        """True when the whole span lies within quoted words."""
        i = bisect.bisect_right(self.quotes, (start, 10**12)) - 1
        return i >= 0 and self.quotes[i][0] <= start and end <= self.quotes[i][1]
