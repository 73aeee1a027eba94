"""Mask an edited text again by masking only the lines that changed.

`markdown.mask` reads a text line by line, and a blank line (outside a code
fence) leaves it in the same state whatever came before: every paragraph is
closed. So when the edit lies between two blank lines, masking that block on
its own and keeping the last version's prose and paragraphs either side gives
exactly what masking the whole text gives. Constructs that can run across
blank lines (code fences and inline code, HTML comments, images) and front
matter changes are not attempted: the whole text is masked, as before.
"""

from __future__ import annotations

from cpclint.document import Paragraph
from cpclint.markdown import Masked, mask, split_front_matter

# Any of these in either version: mask the whole text.
_UNSAFE = ("`", "~~~", "<!--", "![")


def mask_again(text: str, markdown: bool, memo) -> Masked:
    """mask(text, markdown), reusing the memo's last result where the text did not change."""
    last = getattr(memo, "last_mask", None)
    masked = None
    if last is not None and last[1] == markdown and not any(u in text or u in last[0] for u in _UNSAFE):
        masked = _splice(last[0], last[2], text, markdown)
    if masked is None:
        masked = mask(text, markdown=markdown)
    memo.last_mask = (text, markdown, masked)
    return masked


def _splice(old: str, old_masked: Masked, new: str, markdown: bool) -> Masked | None:
    if old == new:
        return old_masked
    front = split_front_matter(new)
    if front != split_front_matter(old):
        return None
    body = front[2]
    p = _common_prefix(old, new)
    q = _common_suffix(old, new, min(len(old), len(new)) - p)
    start = _after_blank_line(new, body, p)
    end = _blank_line_from(new, len(new) - q)
    if start < body:
        return None
    block = new[start:end]
    if block.startswith("---"):
        return None  # on its own it would read as front matter
    delta = len(new) - len(old)
    old_end = end - delta
    inner = mask(block, markdown=markdown)
    if inner.front_matter is not None or inner.comments:
        return None
    prose = old_masked.prose[:start] + inner.prose + old_masked.prose[old_end:]
    paragraphs = [p for p in old_masked.paragraphs if p.end <= start]
    paragraphs += [Paragraph(p.start + start, p.end + start, p.kind, p.level) for p in inner.paragraphs]
    paragraphs += [Paragraph(p.start + delta, p.end + delta, p.kind, p.level)
                   for p in old_masked.paragraphs if p.start >= old_end]
    return Masked(prose, paragraphs, old_masked.front_matter, old_masked.front_matter_line, [])


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # the longest equal prefix, by halving (each comparison is one memcmp)
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _after_blank_line(text: str, floor: int, limit: int) -> int:
    """Start of the line after the last whitespace-only line whose newline comes before `limit`
    (lines from `floor`, a line start); `floor` when there is none."""
    end = text.rfind("\n", floor, limit)
    while end != -1:
        previous = text.rfind("\n", floor, end)
        begin = previous + 1 if previous != -1 else floor
        if not text[begin:end].strip():
            return end + 1
        end = previous
    return floor


def _blank_line_from(text: str, at: int) -> int:
    """Start of the first whitespace-only line starting at or after `at`; the text's length if none."""
    if at == 0 or text[at - 1] == "\n":
        begin = at
    else:
        nl = text.find("\n", at)
        if nl == -1:
            return len(text)
        begin = nl + 1
    while begin < len(text):
        nl = text.find("\n", begin)
        line_end = len(text) if nl == -1 else nl
        if not text[begin:line_end].strip():
            return begin
        if nl == -1:
            break
        begin = nl + 1
    return len(text)
