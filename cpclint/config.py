"""Configuration: built-in defaults < nearest .cpclint.yaml < front matter < command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpclint.errors import ConfigError
from cpclint.findings import CATEGORIES, SEVERITIES
from cpclint.grammar import GrammarSettings, parse_settings
from cpclint.yamlio import LineDict, load_yaml_file

CONFIG_NAMES = (".cpclint.yaml", ".cpclint.yml")
AUDIENCES = ("parent", "child", "professional")
ROLES = ("mother", "father", "carer", "parent", "step-parent", "stepmother", "stepfather",
         "child", "grandparent", "grandmother", "grandfather", "aunt", "uncle", "sibling",
         "brother", "sister", "partner", "guardian", "foster carer", "other")
KNOWN_KEYS = {"audience", "reading_age", "rules", "glossary", "rule_files", "accept", "family",
              "kind", "report", "conference_date", "profiles", "grammar"}
PARENT_TARGET = 11.0  # GOV.UK writes for a reading age of 9; 9–11 covers most adults
DEFAULT_CHILD_TARGET = 9.0


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    also: tuple[str, ...] = ()
    reader: bool = False
    age: int | None = None
    dob: dt.date | None = None

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role, "also": list(self.also),
                "reader": self.reader, "age": self.age,
                "dob": self.dob.isoformat() if self.dob else None}


@dataclass
class RuleSetting:
    enabled: bool | None = None
    severity: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Config:
    audience: str = "parent"
    reading_age: float | None = None  # None: from the audience
    reading_age_off: bool = False
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    glossary: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    family: tuple[Person, ...] = ()
    reader: str | None = None  # --reader "Sarah Jones": who "you" is, without front matter
    kind: str | None = None  # a report kind's id (profiles/*.yaml)
    report: str | None = None  # free words naming the report ("Initial conference report")
    conference_date: dt.date | None = None
    profiles: tuple[str, ...] = ()  # a council's own report kinds
    audience_set: bool = False  # said by a setting, not the default (a kind may then not change it)
    today: dt.date | None = None  # for tests; None: the real date
    sources: tuple[str, ...] = ()  # where settings came from, for --verbose and errors
    grammar: GrammarSettings = field(default_factory=GrammarSettings)  # spelling and grammar backend

    @property
    def target_reading_age(self) -> float | None:
        """The reading age to aim at: parent 9–11 (flag above 11), child by age, professional off."""
        if self.reading_age is not None:
            return self.reading_age
        if self.reading_age_off or self.audience == "professional":
            return None
        if self.audience == "child":
            ages = [p.age for p in self.family if p.reader and p.age]
            ages = ages or [p.age for p in self.family if p.role == "child" and p.age]
            return float(max(7, min(ages))) if ages else DEFAULT_CHILD_TARGET
        return PARENT_TARGET


def find_config_file(start: Path) -> Path | None:
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in [folder, *folder.parents]:
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                return path
    return None


def read_config_file(path: Path) -> LineDict:
    data = load_yaml_file(str(path), "settings file")
    if data is None:
        return LineDict()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the settings file must be 'key: value' lines.")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise ConfigError(f"{path}:{data.line_of(key)}: unknown setting '{key}' "
                          f"(cpclint knows: {', '.join(sorted(KNOWN_KEYS))}).")
    return data


def apply(config: Config, data: dict, source: str, base: Path | None,
          line_offset: int = 0, front_matter: bool = False) -> Config:
    """Lay `data` (a settings file or front matter) over `config`."""

    def where(key: str) -> str:
        line = data.line_of(key) + line_offset if isinstance(data, LineDict) else 0
        return f"{source}:{line}" if line else source

    def fail(key: str, what: str):
        raise ConfigError(f"{where(key)}: {what}")

    if "audience" in data:
        if data["audience"] not in AUDIENCES:
            fail("audience", f"'audience' must be one of {', '.join(AUDIENCES)}, not {data['audience']!r}.")
        config.audience = data["audience"]
        config.audience_set = True
    if "reading_age" in data:
        value = data["reading_age"]
        if value is None or value is False or value == "off":
            config.reading_age = None
            config.reading_age_off = value is not None
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and 5 <= value <= 25:
            config.reading_age = float(value)
            config.reading_age_off = False
        else:
            fail("reading_age", "'reading_age' must be a number of years between 5 and 25.")
    if "rules" in data:
        rules = data["rules"]
        if not isinstance(rules, dict):
            fail("rules", "'rules' must map rule ids or categories to on, off, or a severity.")
        for key, value in rules.items():
            line = rules.line_of(key) + line_offset if isinstance(rules, LineDict) else 0
            config.rules[str(key)] = _rule_setting(str(key), value, f"{source}:{line}")
    for key in ("kind", "report"):
        if key in data:
            if not isinstance(data[key], str) or not data[key].strip():
                fail(key, f"'{key}' must be the name of a kind of report, such as icpc-report.")
            setattr(config, key, " ".join(data[key].split()))
    if data.get("conference_date") is not None:
        from cpclint.dates import parse_date

        when = parse_date(data["conference_date"])
        if when is None:
            fail("conference_date", "'conference_date' must be a date such as 2026-12-03 or 3 December 2026.")
        config.conference_date = when
    for key in ("glossary", "rule_files", "profiles"):
        if key in data:
            files = data[key]
            files = [files] if isinstance(files, str) else files
            if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
                fail(key, f"'{key}' must be a list of file names.")
            resolved = tuple(str((base / f) if base and not Path(f).is_absolute() else Path(f))
                             for f in files)
            for f in resolved:
                if not Path(f).is_file():
                    fail(key, f"the file '{f}' named in '{key}' does not exist.")
            setattr(config, key, getattr(config, key) + resolved)
    if "accept" in data:
        terms = data["accept"]
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            fail("accept", "'accept' must be a list of words or phrases cpclint should never flag.")
        config.accept = config.accept + tuple(" ".join(t.split()) for t in terms)
    if "grammar" in data:
        raw = data["grammar"]

        def where_grammar(key):
            if key is not None and isinstance(raw, LineDict) and key in raw:
                return f"{source}:{raw.line_of(key) + line_offset}"
            return where("grammar")
        config.grammar = parse_settings(raw, config.grammar, where_grammar, front_matter=front_matter)
    if data.get("family") is not None:  # "family:" left empty (a new template) means no list yet
        config.family = parse_family(data["family"], where("family"), line_offset)
    config.sources = config.sources + (source,)
    return config


def _rule_setting(key: str, value: Any, where: str) -> RuleSetting:
    if isinstance(value, bool):
        return RuleSetting(enabled=value)
    if value in ("on", "off"):
        return RuleSetting(enabled=value == "on")
    if value in SEVERITIES:
        return RuleSetting(enabled=True, severity=value)
    if isinstance(value, dict):
        setting = RuleSetting()
        for k, v in value.items():
            if k == "enabled":
                if not isinstance(v, bool):
                    raise ConfigError(f"{where}: 'enabled' for '{key}' must be true or false.")
                setting.enabled = v
            elif k == "severity":
                if v not in SEVERITIES:
                    raise ConfigError(f"{where}: the severity for '{key}' must be one of "
                                      f"{', '.join(SEVERITIES)}.")
                setting.severity = v
            else:
                setting.options[k] = v
        return setting
    raise ConfigError(f"{where}: the setting for '{key}' must be on, off, error, warning, "
                      "suggestion, or a mapping with 'enabled', 'severity' and options.")


def parse_family(raw: Any, where: str, line_offset: int = 0) -> tuple[Person, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: 'family' must be a list of people, each with a 'name' and 'role'.")
    people = []
    lines = getattr(raw, "item_lines", [])
    for i, item in enumerate(raw):
        here = where.rsplit(":", 1)[0] + f":{lines[i] + line_offset}" if i < len(lines) and ":" in where \
            else where
        if not isinstance(item, dict):
            raise ConfigError(f"{here}: each person in 'family' needs a 'name' and a 'role'.")
        unknown = set(item) - {"name", "role", "also", "reader", "age", "dob"}
        if unknown:
            raise ConfigError(f"{here}: unknown field '{sorted(unknown)[0]}' for a person "
                              "(use name, role, also, reader, age, dob).")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{here}: a person in 'family' has no 'name'.")
        role = item.get("role")
        if not isinstance(role, str) or role.strip().lower() not in ROLES:
            raise ConfigError(f"{here}: {name} needs a 'role', one of: {', '.join(ROLES)}.")
        also = item.get("also") or []
        also = [also] if isinstance(also, str) else also
        if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
            raise ConfigError(f"{here}: 'also' for {name} must be a list of other names.")
        reader = item.get("reader", False)
        if not isinstance(reader, bool):
            raise ConfigError(f"{here}: 'reader' for {name} must be true or false.")
        age = item.get("age")
        if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 120):
            raise ConfigError(f"{here}: 'age' for {name} must be a whole number of years.")
        dob = None
        if item.get("dob") is not None:
            from cpclint.dates import parse_date

            dob = parse_date(item["dob"])
            if dob is None:
                raise ConfigError(f"{here}: 'dob' for {name} must be a date such as 2019-05-12.")
        people.append(Person(" ".join(name.split()), role.strip().lower(),
                             tuple(" ".join(a.split()) for a in also), reader, age, dob))
    return tuple(people)


def resolve(path: str | None, front_matter: dict, front_line: int, explicit: str | None = None,
            audience: str | None = None, reader: str | None = None, kind: str | None = None,
            search: bool = True, grammar: bool | None = None) -> Config:
    """Build the settings for one file: defaults, settings file, front matter, command line.

    `search=False` (the web page) reads no settings file unless one is named."""
    config = Config()
    cfg_path = None
    if explicit:
        cfg_path = Path(explicit)
        if not cfg_path.is_file():
            raise ConfigError(f"{explicit}: no such settings file.")
    elif search:
        start = Path(path) if path and path != "-" and not path.startswith("<") else Path.cwd()
        cfg_path = find_config_file(start)
    if cfg_path is not None:
        apply(config, read_config_file(cfg_path), str(cfg_path), cfg_path.parent)
    if front_matter:
        known = {k: v for k, v in front_matter.items() if k in KNOWN_KEYS}
        if known:
            fm = LineDict(known)
            fm.line = getattr(front_matter, "line", 1)
            fm.key_lines = getattr(front_matter, "key_lines", {})
            base = Path(path).parent if path and not path.startswith("<") and path != "-" else None
            apply(config, fm, str(path or "<stdin>"), base, line_offset=front_line - 1, front_matter=True)
    if audience:
        config.audience = audience
        config.audience_set = True
    if kind:
        config.kind = kind
    if reader:
        config.reader = " ".join(reader.split())
    if grammar is not None:  # --grammar / --no-grammar: the settings' backend, else the offline one
        on = config.grammar.backend if config.grammar.backend in ("offline", "languagetool") else "offline"
        config.grammar = dataclasses.replace(config.grammar, backend=on if grammar else "off")
    return config


def validate_rule_keys(config: Config, rule_ids: set[str]) -> None:
    for key in config.rules:
        if key not in rule_ids and key not in CATEGORIES:
            raise ConfigError(f"{', '.join(config.sources) or 'settings'}: there is no rule or "
                              f"category called '{key}' (see 'cpclint rules').")
