"""'Words in this report': only the report's own terms, first use first, explained for families."""

from __future__ import annotations

import io
import statistics

import docx
import pytest

from cpclint.api import check_path, check_text
from cpclint.cli import main
from cpclint.explain import explain_docx, explain_markdown, explain_terms
from cpclint.glossary import load_glossary
from cpclint.readability import all_counts, stats_from
from cpclint.sources import document_from_text
from tests.conftest import EXAMPLES


def test_only_terms_in_the_report_in_order_of_first_use() -> None:
    report = check_text("We held a strategy discussion. A CIN plan followed. The strategy discussion "
                        "was short. Mum had contact with Mia.\n", "r.md")
    terms = explain_terms(report)
    assert [t.word for t in terms] == ["strategy discussion", "CIN", "contact"]
    assert terms[1].stands_for == "Child in Need" and "extra help" in terms[1].meaning
    assert terms[0].first < terms[1].first < terms[2].first


def test_spelled_out_acronyms_are_still_explained_and_quotes_are_not() -> None:
    report = check_text('A Family Group Conference (FGC) will be held. Dad said "the LADO rang me".\n', "r.md")
    words = [t.word for t in explain_terms(report)]
    assert "FGC" in words  # not a finding, but the family will hear "FGC" at the meeting
    assert "LADO" not in words  # only inside the family's own words


def test_ordinary_words_are_not_explained() -> None:
    report = check_text("Please contact me on 01632 960 123. Your GP can help too.\n", "r.md")
    assert explain_terms(report) == []
    assert "does not use any" in explain_markdown([])


def test_markdown_and_word_outputs() -> None:
    terms = explain_terms(check_path(EXAMPLES / "icpc-report-draft.md"))
    md = explain_markdown(terms)
    assert md.startswith("# Words in this report\n")
    assert "**MASH (Multi-Agency Safeguarding Hub)**" in md
    assert md.index("**MASH") < md.index("**ICPC") < md.index("**CIN")
    d = docx.Document(io.BytesIO(explain_docx(terms, title="Words in Mia's report")))
    assert d.paragraphs[0].text == "Words in Mia's report"
    bold = [r.text for p in d.paragraphs for r in p.runs if r.bold]
    assert bold == [(f"{t.word} ({t.stands_for})" if t.stands_for else t.word) for t in terms]


def test_explain_command(tmp_path, capsys) -> None:
    src = tmp_path / "r.md"
    src.write_text("The ICPC will look at the threshold.\n", encoding="utf-8")
    main(["explain", str(src)])
    out = capsys.readouterr().out
    assert "**ICPC (Initial Child Protection Conference)**" in out and "**threshold**" in out
    main(["explain", str(src), "-o", str(tmp_path / "words.docx")])
    assert "2 words explained" in capsys.readouterr().err
    assert docx.Document(str(tmp_path / "words.docx")).paragraphs[0].text == "Words in this report"


def _reading_age(text: str) -> float:
    doc = document_from_text(text, "x", "text")
    return stats_from(list(all_counts(doc).values())).reading_age


@pytest.mark.parametrize("list_name", ["jargon", "acronyms"])
def test_family_explanations_read_at_about_age_9_to_11(list_name: str) -> None:
    entries = load_glossary().of(list_name)
    ages = [_reading_age(e.explanation) for e in entries]
    assert statistics.median(ages) <= 11
    assert sum(a > 14 for a in ages) / len(ages) < 0.06  # a few long words (“psychologist”) are unavoidable
    for e in entries:
        assert len(e.explanation.split()) <= 60, e.term  # short: a sentence or three
        assert not e.explanation.lower().startswith(("refers to", "denotes")), e.term
