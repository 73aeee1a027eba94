"""Speed of the Word outputs on a long report: annotate, safe fixes, tracked changes, explain.

Builds a ~20,000-word .docx in memory from the sample draft (with its family list as
--reader), then times each library step once after a warm-up check. Run:
.venv/bin/python benchmarks/bench_word.py
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx

from cpclint import config as config_mod
from cpclint.api import check_document
from cpclint.explain import explain_terms
from cpclint.fixes import safe_fixes
from cpclint.sources import read_docx
from cpclint.wordout import annotate_docx, tracked_docx

ROOT = Path(__file__).resolve().parent.parent
TARGET_WORDS = 20_000


def build_docx() -> bytes:
    text = (ROOT / "examples" / "icpc-report-draft.md").read_text(encoding="utf-8").split("---", 2)[2]
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    d = docx.Document()
    words = 0
    while words < TARGET_WORDS:
        for b in blocks:
            if b.startswith("#"):
                d.add_heading(b.lstrip("# "), level=2)
            else:
                p = d.add_paragraph()
                half = len(b) // 2
                p.add_run(b[:half])
                p.add_run(b[half:]).bold = True  # runs split mid-paragraph, as real documents are
            words += len(b.split())
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<28} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    data = build_docx()
    doc = read_docx(data, "long.docx")
    config = config_mod.resolve("long.docx", {}, 0, None, None, "Danielle Carter", None)
    print(f"{len(doc.text.split()):,} words, {len(doc.paragraphs)} paragraphs")
    report = timed("check", lambda: check_document(doc, config))
    print(f"{len(report.findings):,} findings")
    fixes = timed("safe_fixes", lambda: safe_fixes(report))
    print(f"{len(fixes):,} safe fixes")
    timed("annotate_docx (+summary)", lambda: annotate_docx(report, data, summary=True))
    timed("tracked_docx", lambda: tracked_docx(report, data, fixes))
    timed("explain_terms", lambda: explain_terms(report))


if __name__ == "__main__":
    main()
