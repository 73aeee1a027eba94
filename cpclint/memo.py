"""Results of pure steps of a check, kept between checks of one report.

A step (a paragraph's term matches, a sentence's stance, a sentence's parse)
is stored under a key that holds everything the step reads: the words of its
paragraph or sentence, the few characters around them it looks at, and the
settings. So a stored result is only ever reused where the step would compute
exactly the same thing again, and an edit costs only the steps whose words it
touched. Every table is a bounded LRU held in memory; nothing is written
anywhere. A full check uses a throwaway Memo, so both paths run the same code.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

# Entries per table until a Rechecker fits the tables to its report (Memo.fit). A
# 20,000-word report has about 900 paragraphs and 1,800 sentences.
PARSE_LIMIT = 6000
TABLE_LIMIT = 6000


class Table:
    """One bounded table; when full, the oldest entry goes first.

    Every check looks up each paragraph in a dozen tables, so a hit does no
    bookkeeping at all: an entry still in use that is dropped is simply worked
    out again (and stored again) the next time."""

    __slots__ = ("data", "limit")

    def __init__(self, limit: int) -> None:
        self.data: dict[Hashable, Any] = {}
        self.limit = limit

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        data = self.data
        try:
            return data[key]
        except KeyError:
            value = data[key] = compute()
            if len(data) > self.limit:
                del data[next(iter(data))]
            return value

    def __len__(self) -> int:
        return len(self.data)


class Key:
    """A key made of long strings and tuples, hashed once: a paragraph's key is looked up in
    many tables, and the same (interned) Key object is found by identity, without comparing."""

    __slots__ = ("value", "hash")

    def __init__(self, value: tuple) -> None:
        self.value = value
        self.hash = hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or isinstance(other, Key) and self.hash == other.hash and self.value == other.value


class Memo:
    """The tables of one report being edited (or of one full check, then dropped)."""

    def __init__(self, parallel: bool = True, keep: bool = True) -> None:
        self.parallel = parallel  # may nlp.parse fork a second process?
        self.keep = keep  # False: a one-off check, nothing is kept after it
        self.tables: dict[str, Table] = {}  # emptied when the settings change
        self.free: dict[str, Table] = {}
        self.parses: OrderedDict[str, Any] = OrderedDict()  # least recently used first
        self.keys = Table(TABLE_LIMIT)
        self.fingerprint: Any = None
        self.parse_limit = PARSE_LIMIT
        self._requested = 0  # most sentences one parse call asked for since the last fit
        self.last_mask: Any = None  # (text, markdown?, markdown.Masked) of the last version

    def table(self, name: str, settings_free: bool = False) -> Table:
        """A named table. `settings_free`: its keys hold all it depends on, settings
        included, so a change of settings need not empty it."""
        tables = self.free if settings_free else self.tables
        table = tables.get(name)
        if table is None:
            table = tables[name] = Table(TABLE_LIMIT)
        return table

    def get(self, name: str, key: Hashable, compute: Callable[[], Any]) -> Any:
        return self.table(name).get(key, compute)

    def settle(self, fingerprint: Any) -> None:
        """Start a check under these settings; different settings make every stored result stale."""
        if fingerprint != self.fingerprint:
            self.tables.clear()
            self.keys = Table(TABLE_LIMIT)
            self.fingerprint = fingerprint

    def key(self, value: tuple) -> Key:
        """The stored Key equal to this value (so later look-ups match by identity)."""
        key = Key(value)
        return self.keys.get(key, lambda: key)

    def parse(self, texts: list[str]) -> list:
        """spaCy Docs for the texts: a sentence already parsed is not parsed again."""
        from cpclint import nlp

        if not self.keep:
            return nlp.parse(texts, parallel=self.parallel)
        data = self.parses
        self._requested = max(self._requested, len(set(texts)))
        found: dict[str, Any] = {}
        for t in dict.fromkeys(texts):
            if t in data:
                data.move_to_end(t)
                found[t] = data[t]
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        for text, parsed in zip(missing, nlp.parse(missing, parallel=self.parallel), strict=True):
            found[text] = data[text] = parsed
            if len(data) > self.parse_limit:
                data.popitem(last=False)
        return [found[t] for t in texts]

    def fit(self, units: int) -> None:
        """Bound every table by the report's size: room for each paragraph or sentence (`units`)
        twice over, so the versions a writer is moving between stay, and old ones go; and the
        parses by the sentences the last check needed parsed."""
        limit = 2 * units + 1000
        for table in (self.keys, *self.tables.values(), *self.free.values()):
            table.limit = limit
            while len(table.data) > limit:
                del table.data[next(iter(table.data))]
        # A parse is about 13 KB: keep twice the sentences the last check needed parsed.
        if self._requested:
            self.parse_limit = 2 * self._requested + 200
            self._requested = 0
        while len(self.parses) > self.parse_limit:
            self.parses.popitem(last=False)

    def sizes(self) -> dict[str, int]:
        return {"parses": len(self.parses), "keys": len(self.keys),
                **{k: len(v) for k, v in {**self.free, **self.tables}.items()}}
