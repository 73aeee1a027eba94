"""Speed of `cpclint check` on a ~20,000-word report, beside a bare spaCy parse of it.

Prints whole-process wall time (the figure a user waits for), words per second,
and how long spaCy alone takes to import, load and parse the same text, so the
cost of parsing only what checks need is visible. Run: make bench
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ["icpc-report-draft.md", "review-report.txt", "icpc-report-rewritten.md",
           "letter-to-child.md"]
TARGET_WORDS = 20_000


def build_report() -> str:
    bodies = []
    for name in SAMPLES:
        text = (ROOT / "examples" / name).read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[2]
        bodies.append(text)
    out, words, i = [], 0, 0
    while words < TARGET_WORDS:
        body = bodies[i % len(bodies)]
        out.append(f"\n## Part {i + 1}\n\n{body}")
        words += len(body.split())
        i += 1
    return "".join(out)


def timed(cmd: list[str], runs: int = 3) -> tuple[float, subprocess.CompletedProcess]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


SPACY_ONLY = """
import sys, time
t0 = time.perf_counter()
import spacy
t1 = time.perf_counter()
from cpclint.nlp import pipeline
nlp = pipeline()
t2 = time.perf_counter()
from cpclint.sources import read_path
doc = read_path(sys.argv[1])
texts = [doc.prose[p.start:p.end] for p in doc.paragraphs]
t3 = time.perf_counter()
list(nlp.pipe(texts, batch_size=64))
t4 = time.perf_counter()
print(f"{t1-t0:.3f} {t2-t1:.3f} {t4-t3:.3f}")
"""


def main() -> None:
    exe = ROOT / ".venv" / "bin" / "cpclint"
    py = ROOT / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-report.md"
        path.write_text(build_report(), encoding="utf-8")
        words = len(path.read_text(encoding="utf-8").split())
        wall, result = timed([str(exe), "check", "--format", "json", str(path)])
        data = json.loads(result.stdout)
        findings = len(data["files"][0]["findings"])
        sentences = len(data["files"][0]["sentences"])
        # the same report checked as an initial conference report: the whole-report checks run too
        kind_wall, _ = timed([str(exe), "check", "--format", "json", "--kind", "icpc-report", str(path)])
        _, spacy_run = timed([str(py), "-c", SPACY_ONLY, str(path)], runs=1)
        imp, load, parse = (float(x) for x in spacy_run.stdout.split())
        small = ROOT / "examples" / "icpc-report-draft.md"
        small_wall, _ = timed([str(exe), "check", str(small)])
    print(f"report: {words} words, {sentences} sentences, {findings} findings")
    print(f"cpclint check (whole process, median of 3): {wall:.2f} s  ->  {words / wall:,.0f} words/s")
    print(f"with --kind icpc-report (sections, plans, names and dates too): {kind_wall:.2f} s")
    print(f"spaCy alone: import {imp:.2f} s, load {load:.2f} s, parse every paragraph {parse:.2f} s "
          f"({words / parse:,.0f} words/s); total {imp + load + parse:.2f} s")
    print(f"cpclint check of the 479-word sample draft: {small_wall:.2f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
