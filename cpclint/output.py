"""Text and JSON output of reports. Nothing here decides what to report."""

from __future__ import annotations

import json

import click

from cpclint import __version__
from cpclint.api import FileReport
from cpclint.findings import Finding
from cpclint.readability import Stats
from cpclint.rules import Rule

_COLOURS = {"error": "red", "warning": "yellow", "suggestion": "cyan"}


def ease_words(score: float) -> str:
    """Flesch reading ease in words (Flesch's own bands)."""
    for limit, words in ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
                         (50, "fairly hard"), (30, "hard")):
        if score >= limit:
            return words
    return "very hard"


def format_finding(path: str, f: Finding, explain: bool = True) -> list[str]:
    head = (f"{path}:{f.line}:{f.column}: "
            f"{click.style(f.severity, fg=_COLOURS[f.severity], bold=True)} "
            f"{click.style('[' + f.rule + ']', dim=True)} {f.message}")
    lines = [head]
    if f.hint:
        lines.append(f"  → {f.hint}")
    if explain and f.explanation:
        lines.append(click.style(f"    What it means: {f.explanation}", dim=True))
    return lines


def format_stats(stats: Stats, target: float | None, audience: str) -> list[str]:
    if not stats.words:
        return ["Readability: no sentences to measure."]
    if target is None:
        age = f"reading age {stats.reading_age:g}"
    else:
        ok = stats.reading_age <= target
        mark = click.style("✓", fg="green") if ok else click.style("above target", fg="yellow")
        age = f"reading age {stats.reading_age:g} (target for a {audience}: {target:g} or under, {mark})"
    minutes = stats.reading_time_minutes
    time = "under a minute" if minutes < 1 else f"about {round(minutes):g} minute{'s' if round(minutes) != 1 else ''}"
    return [
        f"Readability: {stats.words} word{'s' if stats.words != 1 else ''}, "
        f"{stats.sentences} sentence{'s' if stats.sentences != 1 else ''}, "
        f"{stats.average_sentence_length:g} words a sentence on average.",
        f"  Flesch reading ease {stats.flesch_reading_ease:g} ({ease_words(stats.flesch_reading_ease)}), "
        f"Flesch–Kincaid grade {stats.flesch_kincaid_grade:g}, {age}.",
        f"  Reading time: {time}.",
        *([f"  Written to the family: {round(stats.addressed_to_family * 100)}% of the sentences "
           "about the family say “you”."] if stats.addressed_to_family is not None else []),
    ]


def format_overview(report: FileReport) -> list[str]:
    """The kind of report, its sections and the share-by date, in one block."""
    from cpclint.dates import weekday_in_words

    o = report.overview
    if o is None or o.kind is None:
        return ["Kind of report: not known, so its sections are not checked. "
                "Add 'kind: icpc-report' (or another from 'cpclint new') to the front matter, or use --kind."]
    expected = [s for s in o.kind.sections if s.required]
    lines = [f"Kind of report: {o.kind.name} ({o.kind.id})."]
    if expected:
        found = sum(1 for s in expected if s.id in o.sections_found)
        line = f"  Sections: {found} of {len(expected)} expected found."
        if o.sections_missing:
            line += " Missing: " + ", ".join(f"“{t}”" for t in o.titles(o.sections_missing)) + "."
        lines.append(line)
    if o.share_by is not None:
        today = report.config.today or __import__("datetime").date.today()
        when = "should have reached" if o.share_by < today <= o.conference_date else "must reach"
        lines.append(f"  The report {when} the family by {weekday_in_words(o.share_by)}: "
                     f"{o.share_days} working days before the conference on {weekday_in_words(o.conference_date)}.")
    elif o.kind.share_days and o.conference_date is None:
        lines.append("  Add 'conference_date:' to the front matter to see when the family must have the report.")
    return lines


def counts_line(findings: list[Finding]) -> str:
    if not findings:
        return click.style("No problems found. Well done.", fg="green")
    parts = []
    for sev, word in (("error", "error"), ("warning", "warning"), ("suggestion", "suggestion")):
        n = sum(1 for f in findings if f.severity == sev)
        if n:
            parts.append(f"{n} {word}{'s' if n != 1 else ''}")
    return "Found " + ", ".join(parts) + "."


_STANCE_COLOURS = {"fact": "green", "observation": "blue", "allegation": "magenta", "opinion": "yellow",
                   "other": None}


def stance_lines(report: FileReport) -> list[str]:
    doc = report.document
    lines = []
    for s, st in zip(doc.sentences, report.stances, strict=True):
        line, column = doc.position(s.start)
        text = " ".join(doc.text[s.start:s.end].split())
        if len(text) > 90:
            text = text[:87] + "…"
        label = click.style(f"{st.label:<11}", fg=_STANCE_COLOURS[st.label])
        cues = f"  ({', '.join(st.cues)})" if st.cues else ""
        lines.append(f"{report.path}:{line}:{column}: {label} {text}{click.style(cues, dim=True)}")
    counts = {k: sum(1 for st in report.stances if st.label == k) for k in _STANCE_COLOURS}
    lines.append("Stance: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n) + ".")
    lines.append("")
    return lines


def text_report(report: FileReport, explain: bool = True, show_stance: bool = False) -> str:
    lines = [click.style(report.path, bold=True, underline=True)]
    if show_stance:
        lines.extend(stance_lines(report))
    for f in report.findings:
        lines.extend(format_finding(report.path, f, explain))
    if report.findings:
        lines.append("")
    lines.extend(format_stats(report.stats, report.config.target_reading_age, report.config.audience))
    lines.extend(format_overview(report))
    lines.append(counts_line(report.findings))
    return "\n".join(lines) + "\n"


def json_report(reports: list[FileReport], errors: list[tuple[str, str]]) -> str:
    data = {
        "version": 1,
        "tool": {"name": "cpclint", "version": __version__},
        "files": [r.to_json() for r in reports],
    }
    if errors:
        data["errors"] = [{"path": p, "message": m} for p, m in errors]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def rule_list(rules: list[Rule]) -> str:
    width = max(len(r.id) for r in rules)
    lines = [f"{'id'.ljust(width)}  {'category':<12} {'severity':<10} summary"]
    for r in sorted(rules, key=lambda r: (r.category, r.id)):
        lines.append(f"{r.id.ljust(width)}  {r.category:<12} {r.severity:<10} {r.summary}")
    lines.append("")
    lines.append("Run 'cpclint rules ID' for what a rule finds, why, and examples.")
    return "\n".join(lines) + "\n"


def _example(mark: str, text: str) -> str:
    """One example: a sentence on its line, or a whole small report indented under the mark."""
    lines = text.rstrip("\n").split("\n")
    if len(lines) == 1:
        return f"  {mark} {lines[0]}"
    return f"  {mark}\n" + "\n".join(f"    │ {line}" if line else "    │" for line in lines)


def rule_doc(rule: Rule) -> str:
    bad = "\n".join(_example("✗", b) for b in rule.bad)
    good = "\n".join(_example("✓", g) for g in rule.good)
    return (
        f"{click.style(rule.id, bold=True)} ({rule.category}, {rule.severity})\n"
        f"{rule.summary}\n\n"
        f"What it finds\n  {rule.what}\n\n"
        f"Why\n  {rule.why}\n\n"
        f"Source\n  {rule.source}\n\n"
        f"Written like this, it is flagged:\n{bad}\n\n"
        f"Written like this, it is fine:\n{good}\n\n"
        f"Defined in {rule.file}. Switch it off in .cpclint.yaml with:\n"
        f"  rules:\n    {rule.id}: off\n"
    )
