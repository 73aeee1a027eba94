"""Inline suppression: <!-- cpclint-disable ID --> … <!-- cpclint-enable -->, and cpclint-ignore."""

from __future__ import annotations

import re

from cpclint.document import Suppression

_DIRECTIVE = re.compile(r"cpclint-(disable|enable|ignore)\b([^\n>]*)")


def _ids(raw: str) -> frozenset[str]:
    raw = raw.replace("-->", " ")
    return frozenset(t for t in re.split(r"[\s,]+", raw.strip()) if t)


def find_suppressions(text: str, comments: list[tuple[int, int, str]]) -> list[Suppression]:
    """Directives live in comments; in plain text a line may also say `cpclint-ignore`."""
    result: list[Suppression] = []
    open_blocks: list[tuple[int, frozenset[str]]] = []
    for start, end, inner in comments:
        m = _DIRECTIVE.search(inner)
        if not m:
            continue
        verb, ids = m.group(1), _ids(m.group(2))
        if verb == "disable":
            open_blocks.append((end, ids))
        elif verb == "enable":
            keep = []
            for block_start, block_ids in open_blocks:
                if not ids or block_ids & ids or not block_ids:
                    result.append(Suppression(block_start, start, block_ids))
                else:
                    keep.append((block_start, block_ids))
            open_blocks = keep
        else:
            result.append(_line_of(text, start, ids))
    for block_start, block_ids in open_blocks:
        result.append(Suppression(block_start, len(text), block_ids))
    commented = [(s, e) for s, e, _ in comments]
    for m in re.finditer(r"cpclint-ignore\b([^\n]*)", text):
        if not any(s <= m.start() < e for s, e in commented):
            result.append(_line_of(text, m.start(), _ids(m.group(1))))
    return result


def _line_of(text: str, offset: int, ids: frozenset[str]) -> Suppression:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return Suppression(start, len(text) if end == -1 else end, ids)
