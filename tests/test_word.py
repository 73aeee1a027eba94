"""Word in, Word out: comments on the exact words, tracked changes, and the commands around them."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from cpclint import config as config_mod
from cpclint.api import check_document, check_path, check_text
from cpclint.cli import main
from cpclint.fixes import apply_fixes, safe_fixes
from cpclint.sources import docx_paragraphs, read_docx
from cpclint.wordout import annotate_docx, summary_text, tracked_docx
from tests.conftest import EXAMPLES
from tests.word_helpers import accept_all, comments, reject_all, resolve, sample_docx


@pytest.fixture(scope="module")
def sample():
    data = sample_docx()
    doc = read_docx(data, "sample.docx")
    config = config_mod.resolve("sample.docx", doc.front_matter, 0, None, None, "Danielle Carter", None)
    return data, check_document(doc, config)


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


# --- annotate --------------------------------------------------------------------------------------


def test_one_comment_per_finding_on_the_exact_words(sample) -> None:
    data, report = sample
    found = comments(annotate_docx(report, data))
    assert len(found) == len(report.findings) > 5
    for f, c in zip(report.findings, found, strict=True):
        assert c["author"] == "cpclint"
        assert c["paragraphs"][0] == f.message
        assert c["paragraphs"][1] == f.hint
        assert c["anchor"] == report.document.text[f.start:f.end]
    # "significant harm" crosses a plain and a bold run: both halves are inside the comment
    assert any(c["anchor"] == "significant harm" for c in found)


def test_annotate_keeps_text_formatting_header_table_and_image(sample) -> None:
    data, report = sample
    out = annotate_docx(report, data)
    assert read_docx(out, "a.docx").text == report.document.text  # comments add no words
    before, after = docx.Document(io.BytesIO(data)), docx.Document(io.BytesIO(out))
    assert after.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE header"
    assert len(after.tables) == 1 and after.tables[0].cell(0, 1).text == before.tables[0].cell(0, 1).text
    assert len(after.inline_shapes) == len(before.inline_shapes) == 1
    runs = after.paragraphs[1].runs
    assert [r.text for r in runs if r.bold] == ["significant"]
    assert all(r.font.size is not None and r.font.size.pt == 13 for r in runs if "threshold" in r.text)
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]


def test_summary_comment_comes_first_with_the_figures(sample) -> None:
    data, report = sample
    found = comments(annotate_docx(report, data, summary=True))
    assert len(found) == len(report.findings) + 1
    summary = found[-1]["paragraphs"]
    assert summary[0] == "cpclint summary of this report"
    assert any(line.startswith("Reading age:") for line in summary)
    assert any(line.startswith("Things to look at:") for line in summary)
    assert found[-1]["anchor"] == "Reason for conference"  # the first paragraph


def test_markdown_report_becomes_a_clean_word_file_with_comments() -> None:
    report = check_path(EXAMPLES / "icpc-report-draft.md")
    out = annotate_docx(report, None, summary=True)
    d = docx.Document(io.BytesIO(out))
    assert d.paragraphs[0].style.name.startswith("Heading")
    assert not any("**" in p.text or p.text.startswith("#") for p in d.paragraphs)
    assert any(p.style.name == "List Bullet" for p in d.paragraphs)
    found = comments(out)
    whole = sum(1 for f in report.findings if f.start == f.end and f.scope == "document")
    assert len(found) == len(report.findings) - whole + 1
    by_anchor = {c["anchor"] for c in found}
    for f in report.findings:
        span = report.document.text[f.start:f.end]
        if f.start < f.end and span == report.document.prose[f.start:f.end] and "\n" not in span:
            assert span in by_anchor, span


def test_a_word_file_that_changed_since_the_check_is_refused(sample) -> None:
    data, report = sample
    other = check_text("Something else entirely.", "x.md")
    with pytest.raises(Exception, match="not the one that was checked|not read from a Word"):
        annotate_docx(other, data)


# --- tracked changes ---------------------------------------------------------------------------------


def test_tracked_changes_accept_gives_fixed_text_and_reject_gives_original(sample) -> None:
    data, report = sample
    fixes = safe_fixes(report)
    out = tracked_docx(report, data, fixes)
    body = docx.Document(io.BytesIO(out)).element.body
    ins, dels = list(body.iter(qn("w:ins"))), list(body.iter(qn("w:del")))
    assert ins and dels
    assert {e.get(qn("w:author")) for e in ins + dels} == {"cpclint"}
    assert accept_all(out) == apply_fixes(report.document.text, fixes)
    assert reject_all(out) == report.document.text
    accepted = accept_all(out)
    assert "serious harm" in accepted and "You have not taken Tyler" in accepted
    assert "Child in Need (CIN) plan was made about school" in accepted
    assert "“the contact was prior to Christmas”" in accepted  # quoted words untouched


def test_tracked_changes_leave_other_paragraphs_node_for_node(sample) -> None:
    data, report = sample
    fixes = safe_fixes(report)
    out = tracked_docx(report, data, fixes)
    old = [etree.tostring(p._p) for p, _ in docx_paragraphs(docx.Document(io.BytesIO(data)))]
    new = [etree.tostring(p._p) for p, _ in docx_paragraphs(docx.Document(io.BytesIO(out)))]
    assert len(old) == len(new)
    touched = {report.document.text.count("\n", 0, fx.start) for fx in fixes}
    assert touched and len(touched) < len(old)
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        if i not in touched:
            assert a == b, i
        else:
            assert a != b
    after = docx.Document(io.BytesIO(out))
    assert len(after.inline_shapes) == 1 and after.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE header"
    # the inserted words take the deleted words' formatting: "serious" replaces a 13-point run
    first_ins = next(docx.Document(io.BytesIO(out)).element.body.iter(qn("w:ins")))
    assert first_ins.find(qn("w:r")) is not None


def test_fixing_the_accepted_document_again_changes_nothing(sample) -> None:
    data, report = sample
    accepted = resolve(tracked_docx(report, data, safe_fixes(report)), accept=True)
    doc = read_docx(accepted, "again.docx")
    config = config_mod.resolve("again.docx", {}, 0, None, None, "Danielle Carter", None)
    assert doc.text != report.document.text
    assert safe_fixes(check_document(doc, config)) == []


def test_summary_text_reads_plainly(sample) -> None:
    _, report = sample
    text = summary_text(report)
    assert "Reading age" in text and "Things to look at" in text
    assert "{" not in text and "None" not in text


# --- the commands ------------------------------------------------------------------------------------


def test_annotate_command_writes_beside_and_never_changes_the_input(tmp_path, capsys) -> None:
    src = tmp_path / "report.docx"
    src.write_bytes(sample_docx())
    before = src.read_bytes()
    code, _, err = run(capsys, "annotate", str(src), "--reader", "Danielle Carter")
    assert code == 0, err
    assert src.read_bytes() == before
    assert (tmp_path / "report.cpclint.docx").exists() and "comments" in err
    assert comments((tmp_path / "report.cpclint.docx").read_bytes())


def test_annotate_markdown_makes_a_docx(tmp_path, capsys) -> None:
    src = tmp_path / "draft.md"
    shutil.copy(EXAMPLES / "icpc-report-draft.md", src)
    code, _, err = run(capsys, "annotate", str(src), "-o", str(tmp_path / "out.docx"), "--summary")
    assert code == 0, err
    assert len(comments((tmp_path / "out.docx").read_bytes())) > 50


@pytest.mark.parametrize("args, message", [
    (["annotate", "{dir}/missing.docx"], "no such file"),
    (["annotate", "{dir}/notword.docx"], "not a Word (.docx) file"),
    (["annotate", "{dir}/r.md", "-o", "{dir}/r.md"], "that is the report itself"),
    (["annotate", "{dir}/r.md", "-o", "{dir}/r.pdf"], "must end in .docx"),
    (["fix", "{dir}/r.md", "-o", "{dir}/r.md"], "use --in-place"),
    (["fix", "{dir}/r.md", "--in-place", "-o", "{dir}/x.md"], "not both"),
    (["fix", "{dir}/r.md", "--no-backup"], "only goes with --in-place"),
    (["fix", "{dir}/r.md", "--only", "vague"], "cannot fix 'vague'"),
    (["fix", "{dir}/w.docx", "--diff"], "--diff works for .md and .txt"),
    (["explain", "{dir}/r.md", "-o", "{dir}/r.pdf"], "must end in"),
])
def test_misuse_is_one_plain_line_and_exit_2(tmp_path, capsys, args, message) -> None:
    (tmp_path / "r.md").write_text("Prior to the ICPC we met.\n", encoding="utf-8")
    (tmp_path / "notword.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "w.docx").write_bytes(sample_docx())
    before = (tmp_path / "r.md").read_bytes()
    code, out, err = run(capsys, *[a.format(dir=tmp_path) for a in args])
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("cpclint: ") and message in err, err
    assert "Traceback" not in err and out == ""
    assert (tmp_path / "r.md").read_bytes() == before


def test_fix_markdown_diff_and_new_file_keep_bytes_outside_the_spans(tmp_path, capsys) -> None:
    src = tmp_path / "r.md"
    raw = "\ufeffWe met prior to the visit.\r\nThe café was closed regarding the holiday.\r\n".encode()
    src.write_bytes(raw)
    code, out, _ = run(capsys, "fix", str(src), "--diff")
    assert code == 0 and "-We met prior to the visit." in out and "+We met before the visit." in out
    assert src.read_bytes() == raw
    code, _, err = run(capsys, "fix", str(src))
    assert code == 0, err
    new = (tmp_path / "r.fixed.md").read_bytes()
    assert new == raw.replace(b"prior to", b"before").replace(b"regarding", b"about")  # BOM, CRLF, é kept


def test_fix_in_place_is_atomic_keeps_a_backup_and_twice_changes_nothing(tmp_path, capsys) -> None:
    src = tmp_path / "r.txt"
    raw = b"We met prior to the visit. The CIN plan ended.\n"
    src.write_bytes(raw)
    code, _, err = run(capsys, "fix", str(src), "--in-place")
    assert code == 0 and "r.txt.bak" in err
    assert (tmp_path / "r.txt.bak").read_bytes() == raw
    once = src.read_bytes()
    assert once == b"We met before the visit. The Child in Need (CIN) plan ended.\n"
    (tmp_path / "r.txt.bak").unlink()
    code, _, err = run(capsys, "fix", str(src), "--in-place", "--no-backup")
    assert code == 0 and "Nothing to change" in err
    assert src.read_bytes() == once and not (tmp_path / "r.txt.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]  # no temporary files left behind


def test_fix_docx_writes_tracked_changes_to_a_new_file(tmp_path, capsys) -> None:
    src = tmp_path / "w.docx"
    src.write_bytes(sample_docx())
    before = src.read_bytes()
    code, _, err = run(capsys, "fix", str(src), "--reader", "Danielle Carter", "--only", "wordy,acronym")
    assert code == 0, err
    assert src.read_bytes() == before
    out = (tmp_path / "w.fixed.docx").read_bytes()
    accepted = accept_all(out)
    assert "Before the visit" in accepted and "Child in Need (CIN)" in accepted
    assert "significant harm" in accepted and "Danielle has not" in accepted  # not asked for
    assert reject_all(out) == read_docx(before, "w.docx").text


# --- what LibreOffice shows -----------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE or not shutil.which("pdftoppm"), reason="LibreOffice and pdftoppm are not installed")
def test_libreoffice_renders_the_comments_and_the_revisions(tmp_path) -> None:
    report = check_path(EXAMPLES / "icpc-report-draft.md")
    (tmp_path / "annotated.docx").write_bytes(annotate_docx(report, None, summary=True))
    (tmp_path / "tracked.docx").write_bytes(tracked_docx(report, None, safe_fixes(report)))
    notes = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    for name in ("annotated", "tracked"):
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", notes, "--outdir", str(tmp_path), str(tmp_path / f"{name}.docx")],
                       check=True, capture_output=True, timeout=240)
    annotated = (tmp_path / "annotated.pdf").read_bytes()
    # every comment becomes a PDF note on its words
    assert annotated.count(b"/Subtype/Text") + annotated.count(b"/Subtype /Text") >= len(comments(
        (tmp_path / "annotated.docx").read_bytes()))
    text = subprocess.run(["pdftotext", str(tmp_path / "tracked.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    # a revision shows both the old words (struck through) and the new ones, as in Word's Review view
    assert "CIN" in flat and "Child in Need (CIN)" in flat
    assert "Multi-Agency Safeguarding Hub (MASH)" in flat
    for name in ("annotated", "tracked"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, capture_output=True, timeout=120)
        pngs = list(Path(tmp_path).glob(f"{name}*.png"))
        assert pngs and pngs[0].stat().st_size > 5000


def test_new_words_take_plain_formatting_when_the_old_words_were_mixed(sample) -> None:
    data, report = sample
    out = tracked_docx(report, data, [fx for fx in safe_fixes(report) if fx.replacement == "serious harm"])
    inserted = [r for ins in docx.Document(io.BytesIO(out)).element.body.iter(qn("w:ins")) for r in ins]
    assert len(inserted) == 1
    rpr = inserted[0].find(qn("w:rPr"))
    assert rpr is None or rpr.find(qn("w:b")) is None  # "significant" was bold, "harm" was not


def test_a_tracked_document_reads_as_accepted_and_can_be_fixed_again(sample) -> None:
    data, report = sample
    fixes = safe_fixes(report)
    first = tracked_docx(report, data, [fx for fx in fixes if fx.category == "wordy"])
    doc = read_docx(first, "first.docx")
    assert doc.text == apply_fixes(report.document.text, [fx for fx in fixes if fx.category == "wordy"])
    config = config_mod.resolve("first.docx", {}, 0, None, None, "Danielle Carter", None)
    again = check_document(doc, config)
    second = tracked_docx(again, first, safe_fixes(again))
    assert accept_all(second) == apply_fixes(report.document.text, fixes)
    assert reject_all(second) == report.document.text
    assert len(comments(annotate_docx(again, first))) == len(again.findings)
