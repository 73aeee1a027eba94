"""How fast the web page's re-check is on a ~20,000-word report (target: ≤ 100 ms after a
one-paragraph edit). Prints milliseconds, median of several runs; asserts nothing.

Each timed run edits the text the previous run checked, the way typing does, and
every edit is new text (so the changed sentences really are parsed again).
Run: .venv/bin/python benchmarks/bench_recheck.py [--profile]
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_check import build_report  # noqa: E402

from cpclint import nlp  # noqa: E402
from cpclint.api import check_text  # noqa: E402
from cpclint.config import Config, Person  # noqa: E402
from cpclint.incremental import Rechecker  # noqa: E402

RUNS = 7
FAMILY = (Person("Danielle Carter", "mother", ("Danielle", "Mum"), True),
          Person("Ryan Carter", "father", ("Ryan", "Dad"), True),
          Person("Mia Carter", "child", ("Mia",), False, 7),
          Person("Tyler Carter", "child", ("Tyler",), False, 3))


def middle_paragraph(text: str) -> tuple[int, int]:
    """The longest paragraph near the middle of the report."""
    spans, pos = [], 0
    for block in text.split("\n\n"):
        spans.append((pos, pos + len(block)))
        pos += len(block) + 2
    mid = len(text) // 2
    near = [s for s in spans if abs(s[0] - mid) < 4000 and not text[s[0]:s[1]].lstrip().startswith("#")]
    return max(near, key=lambda s: s[1] - s[0])


def edit_word(text: str, run: int) -> str:
    start, end = middle_paragraph(text)
    words = text[start:end].split(" ")
    words[len(words) // 2 + run % 3] = f"changed{run}"
    return text[:start] + " ".join(words) + text[end:]


def add_sentence(text: str, run: int) -> str:
    start, end = middle_paragraph(text)
    return text[:end] + f" I visited again on day {run + 2} and the kitchen was clean." + text[end:]


def edit_heading(text: str, run: int) -> str:
    mid = text.index("\n## Part", len(text) // 2)
    line_end = text.index("\n", mid + 1)
    return text[:line_end] + f" (update {run})" + text[line_end:]


def define_acronym(text: str, run: int) -> str:
    """A whole-report fact: an acronym spelled out at the top changes findings all through."""
    if text.startswith("The Multi-Agency"):
        return text[text.index("\n\n") + 2:]
    return f"The Multi-Agency Safeguarding Hub (MASH) sent us the referral on day {run}.\n\n" + text


def timed(rechecker: Rechecker, text: str, change) -> tuple[float, float, str]:
    """Median wall time and median CPU time of this process (CPU time says less about other
    programs sharing the machine), in ms."""
    times, cpu = [], []
    for run in range(RUNS):
        text = change(text, run)
        start, start_cpu = time.perf_counter(), time.process_time()
        rechecker.check(text)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), text


def scenario(name: str, config: Config, text: str, profile: bool) -> None:
    rechecker = Rechecker(config, path="<text>.md")
    start = time.perf_counter()
    report = rechecker.check(text)
    cold = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    check_text(text, "<text>.md", "markdown", config=config)
    full = (time.perf_counter() - start) * 1000
    print(f"\n{name}: {len(text.split()):,} words, {len(report.document.paragraphs)} paragraphs, "
          f"{len(report.document.sentences)} sentences, {len(report.findings)} findings")
    print(f"  full check_text (parses from scratch):  {full:8.0f} ms")
    print(f"  first Rechecker.check (cold caches):    {cold:8.0f} ms")
    rows = [("re-check, no change", lambda t, r: t), ("re-check after editing one word", edit_word),
            ("re-check after adding a sentence", add_sentence), ("re-check after editing a heading", edit_heading),
            ("re-check after defining an acronym at the top", define_acronym)]
    for label, change in rows:
        median, cpu, text = timed(rechecker, text, change)
        print(f"  {label + ':':<46} {median:6.0f} ms wall, {cpu:4.0f} ms CPU  (medians of {RUNS})")
    sizes = rechecker.sizes()
    print(f"  cache entries: {sum(sizes.values()):,} ({', '.join(f'{k} {v}' for k, v in sorted(sizes.items()))})")
    print(f"  memory of this process: {_rss_mb():.0f} MB")
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        rechecker.check(edit_word(text, 98))
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    profile = "--profile" in sys.argv
    print(f"load average at start: {os.getloadavg()[0]:.1f} (this machine has {os.cpu_count()} cores)")
    nlp.pipeline()  # load the model first: the web server does this once at start
    print(f"memory with the model loaded: {_rss_mb():.0f} MB")
    text = build_report()
    scenario("default settings", Config(), text, profile)
    scenario("with a family list (Danielle and Ryan read it)", Config(family=FAMILY), text, profile)
    # Python's cyclic garbage collector now and then walks every object (spaCy's too): a server
    # can leave the objects it made at start out of that walk with gc.freeze().
    gc.collect()
    gc.freeze()
    rechecker = Rechecker(Config(), path="<text>.md")
    rechecker.check(text)
    median, cpu, _ = timed(rechecker, text, edit_word)
    print(f"\nafter gc.freeze(), default settings, re-check after editing one word: {median:.0f} ms wall, "
          f"{cpu:.0f} ms CPU")


if __name__ == "__main__":
    main()
