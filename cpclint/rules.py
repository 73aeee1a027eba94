"""Rules as data: each rule is a YAML entry in rules/ naming one generic kind.

The kinds are a handful of Python functions (see kinds.py); everything a rule
says to the writer — message, severity, documentation, examples — is data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cpclint.errors import ConfigError
from cpclint.findings import CATEGORIES, SEVERITIES
from cpclint.yamlio import LineDict, load_yaml_file


def _builtin_dir(name: str, installed: str) -> Path:
    """The repository's folder when running from a checkout, else the installed copy."""
    here = Path(__file__).resolve().parent
    repo = here.parent / name
    return repo if repo.is_dir() else here / installed


BUILTIN_DIR = _builtin_dir("rules", "builtin_rules")
KINDS = ("substitution", "existence", "metric", "acronym", "passive", "person", "stance",
         "structure", "plan", "consistency", "grammar")
_KEYS = {"id", "kind", "category", "severity", "summary", "message", "suggestion", "advice",
         "docs", "examples", "options", "enabled"}
_DOC_KEYS = {"what", "why", "source"}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    category: str
    severity: str
    summary: str
    message: str
    suggestion: str
    advice: str
    what: str
    why: str
    source: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    enabled: bool = True
    file: str = ""
    line: int = 0

    def with_changes(self, **changes) -> Rule:
        data = {**self.__dict__, **changes}
        return Rule(**data)


def _fail(path: str, line: int, what: str):
    raise ConfigError(f"{path}:{line}: {what}")


def _text(raw: LineDict, key: str, path: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        _fail(path, raw.line_of(key), f"the rule '{raw.get('id', '?')}' needs '{key}:' as text.")
    return " ".join(value.split())


def parse_rule(raw: Any, path: str, line: int) -> Rule:
    if not isinstance(raw, dict):
        _fail(path, line, "each rule must be a mapping with 'id:', 'kind:' and so on.")
    line = getattr(raw, "line", line)
    unknown = set(raw) - _KEYS
    if unknown:
        key = sorted(unknown)[0]
        _fail(path, raw.line_of(key), f"unknown field '{key}' (expected one of: {', '.join(sorted(_KEYS))}).")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.replace("-", "").isalnum():
        _fail(path, line, "a rule needs an 'id:' made of letters, digits and hyphens.")
    kind = raw.get("kind")
    if kind not in KINDS:
        _fail(path, raw.line_of("kind"), f"the rule '{rule_id}' has kind {kind!r}; "
                                          f"it must be one of: {', '.join(KINDS)}.")
    category = raw.get("category")
    if category not in CATEGORIES:
        _fail(path, raw.line_of("category"), f"the rule '{rule_id}' has category {category!r}; "
                                              f"it must be one of: {', '.join(CATEGORIES)}.")
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        _fail(path, raw.line_of("severity"), f"the rule '{rule_id}' has severity {severity!r}; "
                                              f"it must be one of: {', '.join(SEVERITIES)}.")
    docs = raw.get("docs")
    if not isinstance(docs, dict):
        _fail(path, line, f"the rule '{rule_id}' needs a 'docs:' block with what, why and source.")
    bad_keys = set(docs) - _DOC_KEYS
    if bad_keys:
        _fail(path, docs.line_of(sorted(bad_keys)[0]), f"unknown docs field '{sorted(bad_keys)[0]}'.")
    examples = raw.get("examples")
    if not isinstance(examples, dict) or not examples.get("bad") or not examples.get("good"):
        _fail(path, line, f"the rule '{rule_id}' needs 'examples:' with at least one 'bad' and one 'good'.")
    bad = examples["bad"] if isinstance(examples["bad"], list) else [examples["bad"]]
    good = examples["good"] if isinstance(examples["good"], list) else [examples["good"]]
    if not all(isinstance(x, str) for x in [*bad, *good]):
        _fail(path, examples.line, f"the examples of '{rule_id}' must be sentences of text.")
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        _fail(path, raw.line_of("options"), f"'options' of '{rule_id}' must be a mapping.")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        _fail(path, raw.line_of("enabled"), "'enabled' must be true or false.")
    rule = Rule(
        id=rule_id, kind=kind, category=category, severity=severity,
        summary=_text(raw, "summary", path), message=_text(raw, "message", path),
        suggestion=_text(raw, "suggestion", path, required=False),
        advice=_text(raw, "advice", path, required=False),
        what=_text(docs, "what", path), why=_text(docs, "why", path),
        source=_text(docs, "source", path), bad=tuple(bad), good=tuple(good),
        options=dict(options), enabled=enabled, file=path, line=line,
    )
    from cpclint.kinds import validate_options

    problem = validate_options(rule)
    if problem:
        _fail(path, raw.line_of("options"), f"the rule '{rule_id}': {problem}")
    return rule


def load_file(path: str | Path) -> list[Rule]:
    path = str(path)
    data = load_yaml_file(path, "rule file")
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(f"{path}:1: a rule file needs a 'rules:' list.")
    items = data["rules"]
    return [parse_rule(raw, path, ln) for raw, ln in zip(items, items.item_lines, strict=False)]


@lru_cache(maxsize=16)
def load_rules(extra: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    rules: dict[str, Rule] = {}
    for path in [*sorted(BUILTIN_DIR.glob("*.yaml")), *extra]:
        for rule in load_file(path):
            if rule.id in rules and str(path) == rules[rule.id].file:
                _fail(str(path), rule.line, f"the rule id '{rule.id}' is used twice.")
            rules[rule.id] = rule
    return tuple(rules.values())
