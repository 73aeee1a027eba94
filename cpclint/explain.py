""""Words in this report": a short glossary for the family, of only the words their report uses.

The social worker gives it to the family with the report. It lists the
professional terms and acronyms cpclint found (and acronyms the writer spelled
out, which families still meet in the meeting), in the order they first
appear, each with the glossary's explanation written for families.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from cpclint.glossary import Entry, load_glossary, matcher_for

INTRO = ("These are words from the report that people who work with families often use. "
         "They are in the order they first come up. If anything is still not clear, please ask.")


@dataclass(frozen=True)
class Term:
    """One word or acronym of the report, with what it means for the family."""

    word: str  # as the report writes it ("MASH", "core group")
    meaning: str  # the explanation for families, from the glossary
    alternatives: tuple[str, ...]  # plain ways to say it
    first: int  # offset of its first use in report.document.text
    stands_for: str = ""  # for an acronym: what the letters stand for

    def to_json(self) -> dict:
        return {"word": self.word, "stands_for": self.stands_for, "meaning": self.meaning,
                "alternatives": list(self.alternatives), "first": self.first}


def explain_terms(report) -> list[Term]:
    """Terms and acronyms in the report, first use first, each once."""
    doc = report.document
    files = tuple(report.config.glossary)
    entries = load_glossary(files)
    by_form: dict[str, Entry] = {}
    for e in entries.entries:
        if e.list == "jargon":
            for form in e.forms:
                by_form.setdefault(" ".join(form.lower().split()), e)
    found: dict[tuple[str, str], Term] = {}

    def add(entry: Entry, start: int, end: int) -> None:
        key = (entry.list, entry.term.lower())
        if key in found:
            return
        written = " ".join(doc.text[start:end].split())
        if entry.list == "acronyms":
            word, stands_for = entry.term, entry.expansion or ""
        else:
            word = written
            if written[:1].isupper() and written[1:] == entry.term[1:] and entry.term[:1].islower():
                word = entry.term  # "Referral" only because it starts a sentence
            elif written.isupper() and len(written) > 3 and written.lower() == entry.term.lower():
                word = entry.term  # a title in capitals
            stands_for = ""
        found[key] = Term(word, entry.explanation, entry.alternatives, start, stands_for)

    for f in report.findings:
        if f.category == "jargon":
            entry = by_form.get(" ".join(doc.text[f.start:f.end].lower().split()).replace("’", "'")) \
                or by_form.get(" ".join(doc.text[f.start:f.end].lower().split()))
            if entry is not None:
                add(entry, f.start, f.end)
    # Every known acronym the report uses, flagged or spelled out.
    for start, end, entry in matcher_for(files, "acronyms").finditer(doc.prose, doc.tokens, doc.words):
        if entry.context and not entry.context.allows(doc.prose, start, end):
            continue
        if doc.in_quote(start, end):
            continue
        add(entry, start, end)
    return sorted(found.values(), key=lambda t: t.first)


def _heading(t: Term) -> str:
    return f"{t.word} ({t.stands_for})" if t.stands_for else t.word


def _everyday(t: Term) -> str:
    return f"In everyday words: “{t.alternatives[0]}”." if t.alternatives else ""


def explain_markdown(terms: Sequence[Term], title: str = "Words in this report") -> str:
    lines = [f"# {title}", "", INTRO, ""]
    if not terms:
        lines += ["The report does not use any of the professional words cpclint knows.", ""]
    for t in terms:
        lines.append(f"**{_heading(t)}**  ")
        lines.append(" ".join(p for p in (t.meaning, _everyday(t)) if p))
        lines.append("")
    return "\n".join(lines)


def explain_docx(terms: Sequence[Term], title: str = "Words in this report") -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(INTRO)
    if not terms:
        document.add_paragraph("The report does not use any of the professional words cpclint knows.")
    for t in terms:
        p = document.add_paragraph()
        p.paragraph_format.space_after = Pt(8)
        p.add_run(_heading(t)).bold = True
        p.add_run("\n" + " ".join(x for x in (t.meaning, _everyday(t)) if x))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
