"""Settings: discovery, precedence, validation with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpclint.api import check_path
from cpclint.errors import ConfigError
from cpclint.glossary import load_file


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_settings_file_wins_and_front_matter_beats_it(tmp_path: Path) -> None:
    write(tmp_path / ".cpclint.yaml", "rules: {jargon: off}\n")
    write(tmp_path / "team" / ".cpclint.yaml", "audience: professional\n")
    report = write(tmp_path / "team" / "r.md", "Nan has contact with Jayden.\n")
    result = check_path(str(report))
    assert result.config.audience == "professional"
    assert [f.rule for f in result.findings] == ["jargon-term"]  # the outer file is not read
    other = write(tmp_path / "r2.md", "---\naudience: child\n---\nNan has contact with Jayden.\n")
    result = check_path(str(other))
    assert result.config.audience == "child" and result.findings == []


def test_rule_severity_and_category_settings(tmp_path: Path) -> None:
    write(tmp_path / ".cpclint.yaml",
          "rules:\n  jargon: error\n  wordy-phrase: off\naccept: [ICPC]\n")
    report = write(tmp_path / "r.md", "Nan has contact with Jayden prior to the ICPC.\n")
    findings = check_path(str(report)).findings
    assert [(f.rule, f.severity) for f in findings] == [("jargon-term", "error")]


def test_council_glossary_adds_a_term(tmp_path: Path) -> None:
    write(tmp_path / "ours.yaml", """meta: {list: jargon}
entries:
  - term: team around the family meeting
    alternatives: [meeting of the people helping your family]
    explanation: A meeting of everyone who helps your family.
    source: Our council's practice guide
""")
    write(tmp_path / ".cpclint.yaml", "glossary: [ours.yaml]\n")
    report = write(tmp_path / "r.md", "The Team Around the Family meeting is on Monday.\n")
    [f] = [f for f in check_path(str(report)).findings if f.rule == "jargon-term"]
    assert f.suggestions == ["meeting of the people helping your family"]


@pytest.mark.parametrize(("text", "says"), [
    ("audience: parents\n", "r.yaml:1: 'audience' must be one of parent, child, professional"),
    ("rules:\n  jargon: loud\n", "r.yaml:2: the setting for 'jargon' must be"),
    ("colour: red\n", "r.yaml:1: unknown setting 'colour'"),
    ("family:\n  - {name: Sarah}\n", "r.yaml:2: Sarah needs a 'role'"),
    ("family:\n  - {name: Sarah, role: mother, age: old}\n", "'age' for Sarah must be a whole number"),
    ("rules: [\n", "r.yaml:2: this is not valid YAML"),
])
def test_invalid_settings_name_file_and_line(tmp_path: Path, text: str, says: str) -> None:
    cfg = write(tmp_path / "r.yaml", text)
    report = write(tmp_path / "x.md", "We met.\n")
    with pytest.raises(ConfigError) as exc:
        check_path(str(report), config_path=str(cfg))
    assert says in str(exc.value)


def test_unknown_rule_name_in_settings(tmp_path: Path) -> None:
    cfg = write(tmp_path / "r.yaml", "rules: {jargonn: off}\n")
    with pytest.raises(ConfigError, match="no rule or category called 'jargonn'"):
        check_path(str(write(tmp_path / "x.md", "We met.\n")), config_path=str(cfg))


def test_family_is_parsed_for_later_checks(tmp_path: Path) -> None:
    report = write(tmp_path / "r.md", """---
audience: child
family:
  - {name: Amira Haddad, role: child, age: 10, also: [Amira], reader: true}
  - {name: Leila Haddad, role: mother, also: [Mum]}
---
Dear Amira, we met.
""")
    config = check_path(str(report)).config
    assert [p.name for p in config.family] == ["Amira Haddad", "Leila Haddad"]
    assert config.family[0].reader and config.family[0].age == 10
    assert config.target_reading_age == 10


@pytest.mark.parametrize(("entry", "says"), [
    ("  - term: x\n    alternatives: [y]\n    source: s\n", "bad.yaml:3: the entry 'x' has no 'explanation:'"),
    ("  - term: x\n    alternatives: [y]\n    explanation: e\n    source: s\n    context: {skip_after: ['(']}\n",
     "is not a valid regular expression"),
    ("  - term: x\n    alternative: [y]\n    explanation: e\n    source: s\n",
     "bad.yaml:4: unknown field 'alternative'"),
])
def test_malformed_glossary_names_file_and_line(tmp_path: Path, entry: str, says: str) -> None:
    path = write(tmp_path / "bad.yaml", "meta: {list: jargon}\nentries:\n" + entry)
    with pytest.raises(ConfigError) as exc:
        load_file(path)
    assert says in str(exc.value)


def test_malformed_rule_file_names_file_and_line(tmp_path: Path) -> None:
    from cpclint.rules import load_file as load_rule_file

    path = write(tmp_path / "rules.yaml", "rules:\n  - id: my-rule\n    kind: existance\n")
    with pytest.raises(ConfigError, match=r"rules.yaml:3: the rule 'my-rule' has kind 'existance'"):
        load_rule_file(path)


def test_council_rule_file(tmp_path: Path) -> None:
    write(tmp_path / "ours.yaml", """rules:
  - id: no-service-user
    kind: existence
    category: judgemental
    severity: warning
    options: {patterns: ['\\bservice users?\\b']}
    summary: Calls a family "service users".
    message: 'Call people by their names, not “{text}”.'
    advice: Use the person's name.
    docs: {what: Finds "service user"., why: It labels people., source: Our council}
    examples: {bad: [The service user attended.], good: [Sarah attended.]}
""")
    write(tmp_path / ".cpclint.yaml", "rule_files: [ours.yaml]\n")
    report = write(tmp_path / "r.md", "The service user attended.\n")
    assert "no-service-user" in [f.rule for f in check_path(str(report)).findings]
