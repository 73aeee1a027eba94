"""Markdown and plain text to prose: mask what is not prose, find the paragraphs.

Masking replaces characters with spaces (newlines are kept), so offsets into the
masked prose are offsets into the file. Headings, list items and table cells
become their own paragraphs, so a sentence never runs across them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpclint.document import Paragraph

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^([ \t]{0,3})(#{1,6})([ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*\r?$")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*\r?$")
_LIST = re.compile(r"^([ \t]*)([-*+•]|\d{1,3}[.)])([ \t]+)(\[[ xX]\][ \t]+)?")
_QUOTE_MARK = re.compile(r"^([ \t]{0,3}>[ \t]?)+")
_TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*\r?$")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_INLINE_CODE = re.compile(r"(`+)[^`].*?\1", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"(\[)([^\]\n]*)(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]+>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_EMPHASIS = re.compile(r"\*{1,3}|~~|(?<![\w])_{1,3}(?=\w)|(?<=\w)_{1,3}(?![\w])")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"]+[^\s<>()\".,;:!?']|\b[\w.+-]+@[\w-]+\.[\w.-]+\w")


@dataclass
class Masked:
    prose: str
    paragraphs: list[Paragraph]
    front_matter: str | None  # the YAML between the --- lines
    front_matter_line: int  # 1-based line of the YAML's first line
    comments: list[tuple[int, int, str]]  # (start, end, inner text) of <!-- --> comments


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def split_front_matter(text: str) -> tuple[str | None, int, int]:
    """Return (yaml text, its first line, offset where the body starts)."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return None, 0, 0
    first = text.index("\n") + 1
    m = _FRONT_MATTER_END.search(text, first)
    if not m:
        return None, 0, 0
    end = m.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return text[first : m.start()], 2, end


def mask(text: str, markdown: bool = True) -> Masked:
    chars = list(text)
    comments: list[tuple[int, int, str]] = []
    fm_text, fm_line, body = split_front_matter(text)
    if fm_text is not None:
        _blank(chars, 0, body)

    # Comments first: they may hold suppression directives and may span lines.
    for m in _COMMENT.finditer(text, body):
        comments.append((m.start(), m.end(), m.group(0)[4:-3]))
        _blank(chars, m.start(), m.end())

    if markdown:
        for pattern in (_INLINE_CODE, _IMAGE, _AUTOLINK):
            for m in pattern.finditer(text, body):
                if chars[m.start()] != " ":
                    _blank(chars, m.start(), m.end())
    for m in URL.finditer(text, body):
        _blank(chars, m.start(), m.end())

    paragraphs: list[Paragraph] = []
    lines = _line_spans(text, body)
    in_fence: str | None = None
    para_start: int | None = None
    para_end = 0
    prev_kind = "blank"
    prev_line_text = ""
    para_kind = "prose"

    def close() -> None:
        nonlocal para_start, para_kind
        if para_start is not None:
            paragraphs.append(Paragraph(para_start, para_end, para_kind))
            para_start = None
        para_kind = "prose"

    def add(start: int, end: int, kind: str, level: int = 0) -> None:
        s, e = _trim(chars, start, end)
        if s < e:
            paragraphs.append(Paragraph(s, e, kind, level))

    for ls, le in lines:
        line = text[ls:le]
        if markdown:
            fence = _FENCE.match(line)
            if in_fence is not None:
                _blank(chars, ls, le)
                if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                    in_fence = None
                continue
            if fence:
                close()
                in_fence = fence.group(1)
                _blank(chars, ls, le)
                prev_kind = "blank"
                continue
        masked_line = "".join(chars[ls:le])
        if not masked_line.strip():
            close()
            prev_kind = "blank"
            continue
        if markdown:
            if prev_kind == "blank" and (line.startswith("    ") or line.startswith("\t")) \
                    and not _LIST.match(line):
                _blank(chars, ls, le)  # indented code block
                continue
            q = _QUOTE_MARK.match(line)
            if q:
                _blank(chars, ls, ls + q.end())
                line_body = ls + q.end()
            else:
                line_body = ls
            rest = text[line_body:le]
            if _RULE.match(rest) and prev_kind == "blank":
                _blank(chars, ls, le)
                continue
            setext = _SETEXT.match(rest)
            if setext and prev_kind in ("prose",) and para_start is not None:
                _blank(chars, ls, le)
                level = 1 if setext.group(1)[0] == "=" else 2
                start = para_start
                para_start = None
                s, e = _trim(chars, start, para_end)
                paragraphs.append(Paragraph(s, e, "heading", level))
                prev_kind = "blank"
                continue
            if _RULE.match(rest):
                close()
                _blank(chars, ls, le)
                prev_kind = "blank"
                continue
            if _REF_DEF.match(rest):
                _blank(chars, ls, le)
                continue
            atx = _ATX.match(rest)
            if atx:
                close()
                _blank(chars, line_body, line_body + atx.end())
                closing = _ATX_CLOSE.search(text, line_body, le)
                if closing:
                    _blank(chars, closing.start(), le)
                _mask_inline(text, chars, line_body, le)
                add(line_body, le, "heading", len(atx.group(2)))
                prev_kind = "blank"
                continue
            if _TABLE_DELIM.match(rest) and "-" in rest:
                _blank(chars, ls, le)
                continue
            if "|" in rest and rest.strip().startswith("|"):
                close()
                _mask_inline(text, chars, line_body, le)
                cell_start = line_body
                for i in range(line_body, le):
                    if text[i] == "|" and (i == 0 or text[i - 1] != "\\"):
                        chars[i] = " "
                        add(cell_start, i, "table-cell")
                        cell_start = i + 1
                add(cell_start, le, "table-cell")
                prev_kind = "blank"
                continue
            lst = _LIST.match(rest)
            if lst:
                close()
                _blank(chars, line_body, line_body + lst.end())
                _mask_inline(text, chars, line_body, le)
                para_kind = "list-item"
                para_start = line_body + lst.end()
                para_end = le
                prev_kind = "prose"
                prev_line_text = rest
                continue
            _mask_inline(text, chars, line_body, le)
        else:
            lst = _LIST.match(line)
            if lst:
                close()
                _blank(chars, ls, ls + lst.end())
                para_kind = "list-item"
                para_start = ls + lst.end()
                para_end = le
                prev_kind = "prose"
                prev_line_text = line
                continue
            if para_start is not None and _hard_break(prev_line_text, line):
                close()
        if para_start is None:
            s, _ = _trim(chars, ls, le)
            para_start = s
        para_end = le
        prev_kind = "prose"
        prev_line_text = text[ls:le]
    close()

    paragraphs = [_trimmed(chars, p) for p in paragraphs]
    paragraphs = [p for p in paragraphs if p.start < p.end]
    paragraphs.sort(key=lambda p: p.start)
    return Masked("".join(chars), paragraphs, fm_text, fm_line, comments)


def _mask_inline(text: str, chars: list[str], start: int, end: int) -> None:
    segment = text[start:end]
    for m in _LINK.finditer(segment):
        chars[start + m.start(1)] = " "
        _blank(chars, start + m.start(3), start + m.end(3))
    for m in _HTML_TAG.finditer(segment):
        _blank(chars, start + m.start(), start + m.end())
    for m in _ENTITY.finditer(segment):
        _blank(chars, start + m.start(), start + m.end())
    for m in _EMPHASIS.finditer(segment):
        _blank(chars, start + m.start(), start + m.end())
    # A backslash escape shows the character after it.
    i = text.find("\\", start, end - 1)
    while i != -1:
        if not text[i + 1].isalnum():
            chars[i] = " "
        i = text.find("\\", i + 1, end - 1)


def _hard_break(previous: str, line: str) -> bool:
    """In plain text, is this line break the end of a paragraph?

    Hard-wrapped prose runs on; form-like lines ("Child: Oliver  DOB: …") and
    short title lines do not.
    """
    prev = previous.rstrip()
    if not prev:
        return True
    if prev.endswith((".", "!", "?", ":", '"', "”")) and line[:1].isupper():
        return True
    if len(prev) < 45 and not prev.endswith((",", ";", "-")):
        return True
    return False


def _line_spans(text: str, start: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl == -1:
            spans.append((pos, n))
            break
        end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        spans.append((pos, end))
        pos = nl + 1
    return spans


def _trim(chars: list[str], start: int, end: int) -> tuple[int, int]:
    while start < end and chars[start].isspace():
        start += 1
    while end > start and chars[end - 1].isspace():
        end -= 1
    return start, end


def _trimmed(chars: list[str], p: Paragraph) -> Paragraph:
    s, e = _trim(chars, p.start, p.end)
    return Paragraph(s, e, p.kind, p.level)
