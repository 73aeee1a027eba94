"""Time to render the HTML report, and the page's size, for the draft example and for a
~20,000-word report built from all the examples (the same text bench_check.py checks).

The check itself is timed by bench_check.py; this times only html_report.render, the part
`--format html` adds. Run: .venv/bin/python benchmarks/bench_html.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_check import build_report  # noqa: E402

from cpclint import html_report  # noqa: E402
from cpclint.api import check_path, check_text  # noqa: E402
from cpclint.config import Config  # noqa: E402


def main() -> None:
    big = build_report()
    for name, report in (("icpc-report-draft.md", check_path(ROOT / "examples" / "icpc-report-draft.md")),
                         (f"{len(big.split())}-word report", check_text(big, path="big.md", config=Config()))):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            page = html_report.render(report)
            times.append(time.perf_counter() - start)
        print(f"{name}: {report.stats.words} words, {len(report.findings)} findings; "
              f"render median {statistics.median(times) * 1000:.0f} ms; page {len(page.encode()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
