"""The document model: offsets, lines and columns point at the original, for every format."""

from __future__ import annotations

from pathlib import Path

from cpclint.api import check_path
from cpclint.sources import document_from_text, read_path
from tests.conftest import run

MD = """---
audience: parent
family:
  - {name: Sarah Jones, role: mother, reader: true}
---

# Why we are **meeting**

See [the ICPC leaflet](https://example.org/ICPC-guide) for more.

```
It was agreed that the threshold was met. CAMHS MASH ICPC
```

- Nan has contact with Jayden.
- It was agreed that we meet again.

<!-- It was agreed that the threshold was met. -->
| Who | What |
|-----|------|
| Nan | has contact on Fridays |
"""


def test_every_finding_points_at_its_words_in_the_file() -> None:
    report = run(MD)
    assert report.findings
    lines = MD.split("\n")
    for f in report.findings:
        if f.scope != "term":
            continue
        assert " ".join(MD[f.start:f.end].split()) == f.text
        line = lines[f.line - 1]
        assert line[f.column - 1:].startswith(f.text.split()[0]), (f.rule, f.line, f.column)


def test_markdown_syntax_code_and_comments_are_not_prose() -> None:
    report = run(MD)
    texts = [f.text for f in report.findings]
    # the link's address and the code block are skipped; the link text is prose
    assert texts.count("ICPC") == 1
    assert "CAMHS" not in texts and "MASH" not in texts
    starts = [f.line for f in report.findings if f.rule == "passive-hidden-actor"]
    assert starts == [16]  # the list item, not the code block (12) or the comment (18)
    jargon_lines = sorted(f.line for f in report.findings if f.rule == "jargon-term")
    assert jargon_lines == [15, 21]  # list item and table cell


def test_front_matter_is_parsed_and_not_linted() -> None:
    doc = document_from_text(MD, "x.md", "markdown")
    assert doc.front_matter["family"][0]["name"] == "Sarah Jones"
    assert doc.prose[:20].strip() == ""
    assert len(doc.prose) == len(doc.text)


def test_headings_sections_and_sentences() -> None:
    doc = document_from_text("# One\n\nA first. A second, Mr. Jones said.\n\n## Two\n\nThird one.\n",
                             "x.md", "markdown")
    assert [s.heading for s in doc.sections] == ["One", "Two"]
    texts = [doc.prose[s.start:s.end] for s in doc.sentences]
    assert texts == ["One", "A first.", "A second, Mr. Jones said.", "Two", "Third one."]


def test_plain_text_form_lines_are_separate_paragraphs() -> None:
    text = "Child: Oliver Walsh   DOB: 17/08/2024\nParent: Chloe Walsh\n\nHe was well. We met."
    doc = document_from_text(text, "x.txt", "text")
    assert len(doc.paragraphs) == 3


def test_crlf_offsets_are_exact() -> None:
    text = "Hello there.\r\nNan has contact with Jayden.\r\n"
    [f] = [f for f in run(text, fmt="text").findings if f.rule == "jargon-term"]
    assert text[f.start:f.end] == "contact" and (f.line, f.column) == (2, 9)


def test_docx_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Why we are meeting", level=1)
    d.add_paragraph("We met on Monday.")
    d.add_paragraph("Nan has contact with Jayden.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Plan"
    table.cell(0, 1).text = "An ICPC will be held."
    path = tmp_path / "report.docx"
    d.save(path)
    before = path.read_bytes()
    doc = read_path(str(path))
    assert doc.format == "docx"
    assert doc.paragraphs[0].kind == "heading"
    assert doc.text.split("\n")[2] == "Nan has contact with Jayden."
    report = check_path(str(path))
    by_rule = {f.rule: f for f in report.findings}
    assert (by_rule["jargon-term"].line, by_rule["jargon-term"].column) == (3, 9)
    assert by_rule["acronym-undefined"].line == 5  # the table cell, as the fifth paragraph
    assert path.read_bytes() == before  # never touches the user's file


def test_suppression_comments_and_ignore_lines() -> None:
    text = ("<!-- cpclint-disable jargon -->\nNan has contact with Jayden.\n"
            "<!-- cpclint-enable -->\nNan has contact with Jayden.\n"
            "The ICPC is soon. <!-- cpclint-ignore -->\n")
    report = run(text)
    assert [(f.rule, f.line) for f in report.findings] == [("jargon-term", 4)]
    plain = "The ICPC is soon. cpclint-ignore acronym-undefined\nNan has contact with Jayden.\n"
    assert [f.rule for f in run(plain, fmt="text").findings] == ["jargon-term"]
