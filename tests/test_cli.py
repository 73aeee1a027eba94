"""The command line: exit codes, output formats, errors as one plain line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

CPCLINT = [sys.executable, "-m", "cpclint"]


def cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CPCLINT, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def draft_json() -> dict:
    path = str(EXAMPLES / "icpc-report-draft.md")
    assert cli("check", path).returncode == 0  # warnings only: below the default fail level
    result = cli("check", "--format", "json", "--fail-on", "warning", path)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def test_json_shape_is_stable(draft_json: dict) -> None:
    assert draft_json["version"] == 1 and draft_json["tool"]["name"] == "cpclint"
    f = draft_json["files"][0]
    assert f["format"] == "markdown"
    assert set(f["stats"]) == {"words", "sentences", "average_sentence_length", "flesch_reading_ease",
                               "flesch_kincaid_grade", "reading_age", "reading_time_minutes",
                               "addressed_to_family", "kind", "sections_found", "sections_missing",
                               "share_by"}
    assert f["stats"]["kind"] == "icpc-report"
    assert f["stats"]["share_by"] == "2026-12-01"  # Thursday 3 December: two working days before
    assert "strengths" in f["stats"]["sections_missing"] and "reason" in f["stats"]["sections_found"]
    keys = {"rule", "category", "severity", "message", "text", "start", "end", "line", "column",
            "suggestions", "explanation"}
    assert f["findings"] and all(keys <= set(x) for x in f["findings"])
    cats = {x["category"] for x in f["findings"]}
    assert {"jargon", "acronym", "wordy", "readability", "passive"} <= cats
    stances = {s["stance"] for s in f["sentences"]}
    assert stances <= {"fact", "observation", "allegation", "opinion", "other"}
    assert {"fact", "opinion", "other"} <= stances and all(s["cues"] for s in f["sentences"])
    text = (EXAMPLES / "icpc-report-draft.md").read_text(encoding="utf-8")
    for x in f["findings"]:
        if x["category"] in ("jargon", "acronym", "wordy"):
            assert " ".join(text[x["start"]:x["end"]].split()) == x["text"]


def test_text_output_format() -> None:
    result = cli("check", str(EXAMPLES / "review-report.txt"))
    assert result.returncode == 0  # warnings only; the default fail level is error
    lines = result.stdout.splitlines()
    first = next(line for line in lines if "[acronym-undefined]" in line)
    path, line, col, rest = first.split(":", 3)
    assert path.endswith("review-report.txt") and line.isdigit() and col.isdigit()
    assert rest.startswith(" warning [acronym-undefined] ")
    assert lines[lines.index(first) + 1].startswith("  → ")
    assert any(line.startswith("Readability: ") for line in lines)
    assert "reading age" in result.stdout and "Reading time" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal


def test_fail_on_levels() -> None:
    path = str(EXAMPLES / "review-report.txt")
    assert cli("check", "--fail-on", "warning", path).returncode == 1
    assert cli("check", "--fail-on", "error", path).returncode == 0


def test_stdin_and_directories(tmp_path: Path) -> None:
    result = cli("check", "--format", "json", "-", stdin="An ICPC was held.\n")
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "<stdin>"
    assert sorted(x["rule"] for x in data["files"][0]["findings"]) == ["acronym-undefined",
                                                                       "passive-hidden-actor"]
    (tmp_path / "a.md").write_text("We met.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("We met again.\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    data = json.loads(cli("check", "--format", "json", str(tmp_path)).stdout)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["a.md", "b.txt"]


@pytest.mark.parametrize(("args", "says"), [
    (["check", "no-such-file.md"], "no such file"),
    (["check", "README.pdf"], "cpclint reads .txt, .md and .docx"),
    (["check", "--format", "xml", "x.md"], "'xml' is not one of"),
    (["rules", "no-such-rule"], "there is no rule called 'no-such-rule'"),
    (["frobnicate"], "No such command"),
])
def test_bad_usage_is_one_plain_line(args: list[str], says: str, tmp_path: Path) -> None:
    (tmp_path / "README.pdf").write_bytes(b"%PDF-1.4")
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert says in result.stderr and "Traceback" not in result.stderr


def test_damaged_word_file_is_one_line_and_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = cli("check", str(bad))
    assert result.returncode == 2 and "not a Word (.docx) file" in result.stderr
    assert bad.read_bytes() == b"PK\x03\x04 this is not really a zip"


def test_rules_list_and_doc() -> None:
    listing = cli("rules")
    assert listing.returncode == 0
    for rule_id in ("jargon-term", "acronym-undefined", "wordy-phrase", "sentence-long",
                    "passive-hidden-actor", "reading-age"):
        assert rule_id in listing.stdout
    doc = cli("rules", "passive-hidden-actor")
    assert doc.returncode == 0
    for heading in ("What it finds", "Why", "Source", "flagged", "fine"):
        assert heading in doc.stdout
    assert "It was agreed that the threshold was met." in doc.stdout
