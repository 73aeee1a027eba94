"""One self-contained HTML page for a checked report: the report's own words with every
finding marked, the findings listed beside it, and the readability figures.

A pure function of the FileReport. The page loads nothing: its CSS and script are
inline and allowed by hash in a strict Content-Security-Policy, so the page can be
opened from a laptop, emailed inside a team or offered as a download without it
ever reaching out to the network. Every piece of report text is escaped.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cpclint import __version__
from cpclint.api import FileReport
from cpclint.document import Document
from cpclint.findings import Finding
from cpclint.output import ease_words
from cpclint.readability import body_sentences, count
from cpclint.structure import headings

_DATA = Path(__file__).resolve().parent / "data"
CSS = (_DATA / "report.css").read_text(encoding="utf-8")
JS = (_DATA / "report.js").read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


# Nothing may load; only this page's own style and script may run (allowed by their hashes).
CSP = (f"default-src 'none'; style-src {_csp_hash(CSS)}; script-src {_csp_hash(JS)}; "
       "base-uri 'none'; form-action 'none'")

# Category names in plain words: the page never relies on colour alone.
CATEGORY_NAMES = {
    "jargon": "Jargon", "acronym": "Acronym", "wordy": "Wordy", "readability": "Hard to read",
    "passive": "Who did it?", "third-person": "Written about, not to", "role-label": "Label, not a name",
    "opinion": "Opinion", "vague": "Vague", "judgemental": "Judgemental label", "plan": "Plan",
    "structure": "Report shape", "consistency": "Dates and names", "grammar": "Grammar",
}
STANCES = ("fact", "observation", "allegation", "opinion", "other")
LONG_SENTENCE = 25  # GOV.UK's limit, the sentence-long rule's default


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def cat_class(category: str) -> str:
    """A category as a CSS class: categories from a team's own rules may hold any characters."""
    return "cat-" + (re.sub(r"[^a-z0-9-]+", "-", category.lower()) or "other")


def category_name(category: str) -> str:
    return CATEGORY_NAMES.get(category, category.replace("-", " ").capitalize())


def default_title(report: FileReport) -> str:
    name = os.path.basename(report.path) if report.path and not report.path.startswith("<") else "your report"
    return f"Plain-language check of {name}"


# --- the report text with findings marked ---------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """One finding's part inside one paragraph (a finding can run across paragraphs)."""

    n: int  # the finding's number, 1-based, as in the list of findings
    start: int
    end: int
    finding: Finding
    last: bool  # the finding's last part: its note number goes after it
    paragraph: int


def _spans(report: FileReport) -> tuple[list[_Span], list[int]]:
    """Each finding clipped to the paragraphs it touches; and the numbers of the findings
    about the report as a whole (no words of the text to mark)."""
    paragraphs = report.document.paragraphs
    starts = [p.start for p in paragraphs]
    spans: list[_Span] = []
    whole: list[int] = []
    for n, f in enumerate(report.findings, 1):
        parts = []
        for k in range(max(0, bisect.bisect_right(starts, f.start) - 1), bisect.bisect_left(starts, f.end)):
            s, e = max(f.start, paragraphs[k].start), min(f.end, paragraphs[k].end)
            if s < e:
                parts.append((s, e, k))
        if not parts:
            whole.append(n)
        spans.extend(_Span(n, s, e, f, i == len(parts) - 1, k) for i, (s, e, k) in enumerate(parts))
    return spans, whole


def plain(doc: Document, start: int, end: int) -> str:
    """The text between two offsets as a reader sees it: Markdown syntax, comments and link
    addresses (blanked in `prose`) are left out."""
    text, prose = doc.text[start:end], doc.prose[start:end]
    if text != prose:
        text = "".join(c for c, p in zip(text, prose, strict=True) if p != " " or c.isspace())
    return text


def _open_tag(span: _Span, first: bool) -> str:
    f = span.finding
    # A whole sentence, or a long clause, is underlined only, so the words inside it stand out.
    wide = " wide" if f.scope != "term" or len(f.text.split()) > 4 else ""
    cls = f"f {cat_class(f.category)}{wide}"
    if not first:  # a later part of a split or wrapped finding: marked, but one Tab stop per finding
        return f'<mark class="{cls} cont" data-n="{span.n}">'
    described = f"m-{span.n}" + (f" h-{span.n}" if f.hint else "")
    return f'<mark id="f-{span.n}" class="{cls}" data-n="{span.n}" tabindex="0" aria-describedby="{described}">'


def _inline(doc: Document, start: int, end: int, spans: list[_Span], markers: dict[int, str],
            started: set[int]) -> str:
    """The text from start to end with the findings' marks nested, and split where two
    findings cross, so the markup is well formed and each character sits inside the marks
    of exactly the findings that cover it."""
    bounds = sorted({start, end, *(s.start for s in spans), *(s.end for s in spans), *markers})
    pending = sorted(spans, key=lambda s: (s.start, -s.end, s.n))
    stack: list[_Span] = []
    out: list[str] = []
    k = 0
    for i, pos in enumerate(bounds):
        reopen: list[_Span] = []
        low = next((j for j, s in enumerate(stack) if s.end <= pos), None)
        if low is not None:  # close down to the first ending mark; reopen the ones that go on
            refs = []
            for s in reversed(stack[low:]):
                out.append("</mark>")
                if s.end > pos:
                    reopen.append(s)
                elif s.last:
                    refs.append(s.n)
            del stack[low:]
            out.extend(f'<span class="ref" data-n="{n}"></span>' for n in sorted(refs))
        if pos >= end:
            break
        if pos in markers:
            out.append(markers[pos])
        starting = []
        while k < len(pending) and pending[k].start == pos:
            starting.append(pending[k])
            k += 1
        for s in sorted([*reversed(reopen), *starting], key=lambda s: (-s.end, s.n)):
            stack.append(s)
            out.append(_open_tag(s, s.n not in started))
            started.add(s.n)
        out.append(esc(plain(doc, pos, bounds[i + 1])))
    return "".join(out)


def _stance_markers(report: FileReport) -> dict[int, dict[int, str]]:
    """An empty marker at the start of each sentence, by paragraph; CSS writes its stance
    there when asked (generated text, so the report's own words stay exactly as written)."""
    doc = report.document
    out: dict[int, dict[int, str]] = {}
    for i in body_sentences(doc) if report.stances else ():
        st, s = report.stances[i], doc.sentences[i]
        if st is not None:
            out.setdefault(s.paragraph, {})[s.start] = (
                f'<span class="st st-{esc(st.label)}" data-stance="{esc(st.label)}" '
                f'data-cues="{esc(", ".join(st.cues))}"></span>')
    return out


def report_body(report: FileReport, spans: list[_Span]) -> str:
    """The report's paragraphs as structure: headings, paragraphs, lists and tables."""
    doc = report.document
    markers = _stance_markers(report)
    # a short standalone line in plain text is a heading too, as the structure checks read it
    heading_lines = {(h.start, h.end) for h in headings(doc)} if doc.format != "markdown" else set()
    started: set[int] = set()
    out: list[str] = []
    group = ""  # "ul" or "table" while a run of list items or table cells is open
    row_line = -1
    closing = {"ul": "</ul>", "table": "</tr></table>", "": ""}
    by_paragraph: dict[int, list[_Span]] = {}
    for span in spans:
        by_paragraph.setdefault(span.paragraph, []).append(span)
    for k, p in enumerate(doc.paragraphs):
        inner = _inline(doc, p.start, p.end, by_paragraph.get(k, []), markers.get(k, {}), started)
        kind = {"list-item": "ul", "table-cell": "table"}.get(p.kind, "")
        if kind != group:
            out.append(closing[group])
            out.append({"ul": "<ul>", "table": '<table class="cells"><tr>', "": ""}[kind])
            group = kind
            row_line = -1
        if kind == "ul":
            out.append(f"<li>{inner}</li>")
        elif kind == "table":
            line = doc.position(p.start)[0]
            if row_line not in (-1, line):
                out.append("</tr><tr>")
            row_line = line
            out.append(f"<td>{inner}</td>")
        elif p.kind == "heading" or (p.start, p.end) in heading_lines:
            level = min(max(p.level, 1) + 2, 6)  # the page's own h1 and h2 come first
            out.append(f"<h{level}>{inner}</h{level}>")
        else:
            out.append(f'<p class="{esc(p.kind)}">{inner}</p>')
    out.append(closing[group])
    return "\n".join(x for x in out if x)


# --- the list of findings -------------------------------------------------------------------


def _quoted(text: str, limit: int = 60) -> str:
    words = " ".join(text.split())
    return "“" + (words if len(words) <= limit else words[:limit - 1].rstrip() + "…") + "”"


def _item(doc: Document, n: int, f: Finding, in_text: bool) -> str:
    where = (f'<a class="goto" href="#f-{n}">line {f.line}: {esc(_quoted(plain(doc, f.start, f.end)))}</a>'
             if in_text
             else '<span class="goto">the whole report</span>')
    parts = [f'<li id="n-{n}" value="{n}" class="item {cat_class(f.category)}">',
             f'<p class="item-head"><span class="badge">{esc(category_name(f.category))}</span> '
             f'<span class="sev">{esc(f.severity)}</span> {where}</p>',
             f'<p class="msg" id="m-{n}">{esc(f.message)}</p>']
    if f.hint:
        parts.append(f'<p class="hint" id="h-{n}">→ {esc(f.hint)}</p>')
    if f.explanation:
        parts.append(f'<p class="what">What it means: {esc(f.explanation)}</p>')
    parts.append("</li>")
    return "".join(parts)


def findings_list(report: FileReport, whole: list[int]) -> str:
    fs = report.findings
    if not fs:
        return '<p class="none">No problems found. Well done.</p>'
    by_cat: dict[str, int] = {}
    for f in fs:
        by_cat[f.category] = by_cat.get(f.category, 0) + 1
    legend = "".join(f'<li><span class="sw {cat_class(c)}">{esc(category_name(c))}</span> {k}</li>'
                     for c, k in sorted(by_cat.items(), key=lambda ck: (-ck[1], ck[0])))
    sev = [f"{k} {word}{'s' if k != 1 else ''}" for word in ("error", "warning", "suggestion")
           if (k := sum(1 for f in fs if f.severity == word))]
    whole_set = set(whole)
    items = "\n".join(_item(report.document, n, f, n not in whole_set) for n, f in enumerate(fs, 1))
    return (f'<p class="counts">{len(fs)} finding{"s" if len(fs) != 1 else ""}: {", ".join(sev)}.</p>\n'
            f'<h3 class="small">Kinds of finding</h3><ul class="legend">{legend}</ul>\n'
            f'<ol class="items">\n{items}\n</ol>')


# --- the figures ----------------------------------------------------------------------------


def long_sentence(report: FileReport) -> int:
    """The sentence-long rule's limit, as the settings have it."""
    setting = report.config.rules.get("sentence-long")
    above = setting.options.get("above") if setting is not None else None
    return int(above) if isinstance(above, int | float) and not isinstance(above, bool) else LONG_SENTENCE


def _sentence_chart(report: FileReport) -> str:
    """Words in each sentence, in order, as bars, with the 25-word line; an inline SVG."""
    doc = report.document
    limit = long_sentence(report)
    rows = [(i, count(doc, doc.sentences[i]).words) for i in body_sentences(doc)]
    rows = [(i, w) for i, w in rows if w]
    if not rows:
        return ""
    width, height, left, top = 640, 150, 34, 8
    plot_w, plot_h = width - left - 8, height - top - 22
    top_value = max(limit + 5, max(w for _, w in rows))
    step = plot_w / len(rows)
    bar = max(step * 0.75, 0.5)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / top_value)

    bars = []
    for k, (i, words) in enumerate(rows):
        line = doc.position(doc.sentences[i].start)[0]
        cls = "bar over" if words > limit else "bar"
        bars.append(f'<rect class="{cls}" x="{left + k * step:.1f}" y="{y(words):.1f}" width="{bar:.1f}" '
                    f'height="{top + plot_h - y(words):.1f}"><title>Sentence {k + 1} (line {line}): '
                    f'{words} words</title></rect>')
    over = sum(1 for _, w in rows if w > limit)
    longest = max(w for _, w in rows)
    limit_y = y(limit)
    svg = (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-cap">'
           f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}"/>'
           f'<text class="tick" x="{left - 4}" y="{top + plot_h + 4}" text-anchor="end">0</text>'
           f'<text class="tick" x="{left - 4}" y="{y(top_value) + 8:.1f}" text-anchor="end">{top_value}</text>'
           + "".join(bars) +
           f'<line class="limit" x1="{left}" y1="{limit_y:.1f}" x2="{width - 8}" y2="{limit_y:.1f}"/>'
           f'<text class="limit-label" x="{width - 10}" y="{limit_y - 4:.1f}" text-anchor="end">{limit} words</text>'
           f'<text class="tick" x="{left}" y="{height - 4}">first sentence</text>'
           f'<text class="tick" x="{width - 8}" y="{height - 4}" text-anchor="end">last sentence</text>'
           "</svg>")
    said = (f"{over} of {len(rows)} sentences are over {limit} words" if over
            else f"No sentence is over {limit} words")
    return (f'<figure class="chart-box">{svg}<figcaption id="chart-cap">Words in each sentence, in order. '
            f"Sentences above the dashed line ({limit} words) are hard to follow. {said}; "
            f"the longest has {longest} words.</figcaption></figure>")


def _stat(label: str, value: str, note: str, cls: str = "") -> str:
    return (f'<div class="stat{" " + cls if cls else ""}"><dt>{esc(label)}</dt>'
            f'<dd><strong>{esc(value)}</strong> {note}</dd></div>')


def figures(report: FileReport) -> str:
    s, cfg = report.stats, report.config
    if not s.words:
        return '<p>There are no sentences to measure.</p>'
    stats = []
    target = cfg.target_reading_age
    if target is None:
        stats.append(_stat("Reading age", f"{s.reading_age:g}", "No target: this report is for professionals."))
    else:
        ok = s.reading_age <= target
        stats.append(_stat("Reading age", f"{s.reading_age:g}",
                           f"Aim for {target:g} or under for a {esc(cfg.audience)}: "
                           + ("<span class=\"good\">on target</span>." if ok
                              else "<span class=\"bad\">too high</span>."), "good" if ok else "bad"))
    stats.append(_stat("Flesch reading ease", f"{s.flesch_reading_ease:g}",
                       f"{esc(ease_words(s.flesch_reading_ease))}. 60 or more is plain English."))
    minutes = round(s.reading_time_minutes)
    time = "under a minute" if minutes < 1 else f"about {minutes} minute{'s' if minutes != 1 else ''}"
    stats.append(_stat("Words", f"{s.words}", f"in {s.sentences} sentence{'s' if s.sentences != 1 else ''}, "
                       f"{s.average_sentence_length:g} words a sentence on average. Reading time: {time}."))
    if s.addressed_to_family is not None:
        stats.append(_stat("Written to the family", f"{round(s.addressed_to_family * 100)}%",
                           "of the sentences about the family say “you”."))
    stats.append(_overview(report))
    stance = _stance_counts(report)
    return (f'<dl class="stats">{"".join(stats)}</dl>\n{_sentence_chart(report)}\n{stance}')


def _overview(report: FileReport) -> str:
    from cpclint.dates import weekday_in_words

    o = report.overview
    if o is None or o.kind is None:
        return _stat("Kind of report", "not known", "so its sections are not checked. Add "
                     "<code>kind: icpc-report</code> (or another kind) to the front matter.")
    notes = []
    expected = [sec for sec in o.kind.sections if sec.required]
    if expected:
        found = sum(1 for sec in expected if sec.id in o.sections_found)
        notes.append(f"{found} of {len(expected)} expected sections found.")
        if o.sections_missing:
            missing = "".join(f"<li>{esc(t)}</li>" for t in o.titles(o.sections_missing))
            notes.append(f'Missing:<ul class="missing">{missing}</ul>')
    if o.share_by is not None:
        notes.append(f"The family must have it by {esc(weekday_in_words(o.share_by))} "
                     f"({o.share_days} working days before the conference).")
    return _stat("Kind of report", o.kind.name, " ".join(notes), "wide")


def _stance_counts(report: FileReport) -> str:
    if not report.stances:
        return ""
    doc = report.document
    labels = [report.stances[i].label for i in body_sentences(doc) if report.stances[i] is not None]
    parts = [f'<span class="st-key st-{k}">{k}</span> {n}' for k in STANCES
             if (n := labels.count(k))]
    return f'<p class="stance-counts">Sentences by kind: {", ".join(parts)}.</p>'



# --- the page -------------------------------------------------------------------------------

HOW_TO = ("<strong>How to use this page:</strong> words with a coloured background are things to look at "
          "again. Point at them, or press the Tab key to go from one to the next, to see what to change and a "
          "suggested rewrite. The list of findings says the same, in order: choose a finding to jump to its "
          "words. Make your changes in your own copy of the report, then check it again.")
HOW_TO_PRINT = ("<strong>How to use this page:</strong> words with a coloured background are things to look at "
                "again. The small number after them is the finding's number in the list at the end, which says "
                "what to change and suggests a rewrite.")
PRIVACY = ("This page contains the whole report. Keep it as safely as the report itself, and delete it when "
           "you no longer need it. It works offline and loads nothing from the internet.")


def render(report: FileReport, title: str | None = None) -> str:
    """One self-contained HTML page for a checked report."""
    title = title or default_title(report)
    spans, whole = _spans(report)
    toggle = ('<p class="controls"><input type="checkbox" id="stance-toggle"> <label for="stance-toggle">Show '
              "whether each sentence is a fact, an observation, an allegation or an opinion</label></p>"
              if report.stances else "")
    path = esc(report.path)
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="cpclint {__version__}">
<title>{esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to the list of findings</a>
<header class="top">
<h1>{esc(title)}</h1>
<p class="meta">Checked by cpclint {__version__}: <span class="path">{path}</span></p>
<p class="howto screen-only">{HOW_TO}</p>
<p class="howto print-only">{HOW_TO_PRINT}</p>
</header>
<div class="layout">
<main>
<section class="figures" aria-labelledby="figures-h">
<h2 id="figures-h">How easy it is to read</h2>
{figures(report)}
</section>
<section class="report" aria-labelledby="report-h">
<h2 id="report-h">The report, with findings marked</h2>
{toggle}
<div class="doc">
{report_body(report, spans)}
</div>
</section>
</main>
<aside id="findings" aria-labelledby="findings-h" tabindex="-1">
<h2 id="findings-h">Findings</h2>
{findings_list(report, whole)}
</aside>
</div>
<footer class="bottom"><p>{PRIVACY}</p></footer>
<div id="tip" role="tooltip" hidden></div>
<script>{JS}</script>
</body>
</html>
"""
