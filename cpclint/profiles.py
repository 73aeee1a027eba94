"""Report kinds: what each kind of report is expected to contain, as data.

A kind (profiles/*.yaml) lists its sections with the headings people really
use for them, how to recognise it, its limits and its template. A council's
own file with the same id adds headings to a built-in kind; a new id adds a
kind. Nothing here looks at a report's words beyond its first heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cpclint.errors import ConfigError
from cpclint.yamlio import load_yaml_file

SECTION_IDS = ("reason", "changes", "involvement", "strengths", "worries", "parents-words",
               "child-words", "plan", "next", "history", "help", "questions")
_SATISFIED_BY = ("parent-quote", "child-quote")
_ROLES = ("plan", "history", "reason")
_KEYS = {"id", "name", "summary", "audience", "match", "share_days", "reason_within_words",
         "max_words", "max_history_share", "voice", "sections", "template"}
_SECTION_KEYS = {"id", "title", "headings", "required", "role", "satisfied_by", "prompt"}


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    headings: tuple[re.Pattern, ...]
    required: bool = False
    role: str | None = None
    satisfied_by: str | None = None
    prompt: str = ""

    def matches(self, heading: str) -> bool:
        key = normalise_heading(heading)
        return bool(key) and any(p.fullmatch(key) for p in self.headings)


@dataclass(frozen=True)
class ReportKind:
    id: str
    name: str
    summary: str = ""
    audience: str = "parent"
    match: tuple[re.Pattern, ...] = ()
    share_days: int | None = None
    reason_within_words: int | None = None
    max_words: int | None = None
    max_history_share: float | None = None
    voice: tuple[str, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    template: dict = field(default_factory=dict)
    file: str = ""

    def section(self, section_id: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def sections_with_role(self, role: str) -> list[SectionSpec]:
        return [s for s in self.sections if s.role == role or (role == "reason" and s.id == "reason")]


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[a-z][.)]|[ivx]+[.)])\s+")


@lru_cache(maxsize=4096)
def normalise_heading(heading: str) -> str:
    """'2. What’s going well?' → "what's going well": what heading patterns are matched against."""
    key = heading.lower().replace("’", "'").replace("‘", "'")
    key = _NUMBERING.sub("", key.strip())
    key = re.sub(r"[^\w' ]+", " ", key)
    return " ".join(key.split())


def builtin_dir() -> Path:
    here = Path(__file__).resolve().parent
    repo = here.parent / "profiles"
    return repo if repo.is_dir() else here / "builtin_profiles"


def load_kinds(extra_files: tuple[str, ...] = ()) -> dict[str, ReportKind]:
    """The built-in kinds, then each extra file: a known id gains headings, a new id is added."""
    return _load_kinds(tuple(extra_files))


@lru_cache(maxsize=16)
def _load_kinds(extra_files: tuple[str, ...]) -> dict[str, ReportKind]:
    kinds: dict[str, ReportKind] = {}
    files = sorted(str(p) for p in builtin_dir().glob("*.yaml"))
    for path in [*files, *extra_files]:
        kind = _parse(path)
        if kind.id in kinds:
            kinds[kind.id] = _merge(kinds[kind.id], kind)
        else:
            kinds[kind.id] = kind
    return kinds


def _merge(base: ReportKind, extra: ReportKind) -> ReportKind:
    specs = {s.id: s for s in base.sections}
    for s in extra.sections:
        if s.id in specs:
            old = specs[s.id]
            specs[s.id] = SectionSpec(old.id, old.title, old.headings + s.headings, old.required,
                                      old.role, old.satisfied_by, old.prompt)
        else:
            specs[s.id] = s
    return ReportKind(base.id, base.name, base.summary, base.audience, base.match + extra.match,
                      base.share_days, base.reason_within_words, base.max_words,
                      base.max_history_share, base.voice, tuple(specs.values()), base.template, base.file)


def _parse(path: str) -> ReportKind:
    data = load_yaml_file(path, "report kind")

    def fail(what: str, key: str | None = None, where=None) -> ConfigError:
        holder = where if where is not None else data
        line = holder.line_of(key) if key and hasattr(holder, "line_of") else getattr(holder, "line", 1)
        return ConfigError(f"{path}:{line}: {what}")

    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: a report kind must be 'key: value' lines.")
    unknown = set(data) - _KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f"unknown field '{key}' (a report kind has: {', '.join(sorted(_KEYS))}).", key)
    kind_id = data.get("id")
    if not isinstance(kind_id, str) or not re.fullmatch(r"[a-z0-9-]+", kind_id):
        raise fail("a report kind needs an 'id' of lower-case letters, digits and hyphens.", "id")
    sections = []
    for raw in data.get("sections") or []:
        if not isinstance(raw, dict) or raw.get("id") not in SECTION_IDS:
            raise fail(f"each section needs an 'id', one of: {', '.join(SECTION_IDS)}.", None, raw)
        bad = set(raw) - _SECTION_KEYS
        if bad:
            raise fail(f"unknown field '{sorted(bad)[0]}' in section '{raw['id']}'.", sorted(bad)[0], raw)
        if raw.get("satisfied_by") not in (None, *_SATISFIED_BY):
            raise fail(f"'satisfied_by' must be one of: {', '.join(_SATISFIED_BY)}.", "satisfied_by", raw)
        if raw.get("role") not in (None, *_ROLES):
            raise fail(f"'role' must be one of: {', '.join(_ROLES)}.", "role", raw)
        sections.append(SectionSpec(
            raw["id"], str(raw.get("title") or raw["id"]), _compile(raw.get("headings") or [], fail, raw),
            bool(raw.get("required", False)), raw.get("role"), raw.get("satisfied_by"),
            " ".join(str(raw.get("prompt") or "").split())))
    for key in ("share_days", "reason_within_words", "max_words"):
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise fail(f"'{key}' must be a whole number or left out.", key)
    share = data.get("max_history_share")
    if share is not None and not (isinstance(share, (int, float)) and 0 < share <= 1):
        raise fail("'max_history_share' must be a fraction between 0 and 1, such as 0.33.",
                   "max_history_share")
    voice = tuple(data.get("voice") or ())
    if any(v not in ("parent", "child") for v in voice):
        raise fail("'voice' lists whose words the report should quote: parent, child.", "voice")
    template = data.get("template") or {}
    if not isinstance(template, dict):
        raise fail("'template' must have a title and an intro (or a body).", "template")
    return ReportKind(
        id=kind_id, name=str(data.get("name") or kind_id), summary=" ".join(str(data.get("summary") or "").split()),
        audience=str(data.get("audience") or "parent"), match=_compile(data.get("match") or [], fail, data),
        share_days=data.get("share_days"), reason_within_words=data.get("reason_within_words"),
        max_words=data.get("max_words"), max_history_share=share, voice=voice,
        sections=tuple(sections), template=dict(template), file=path,
    )


def _compile(patterns, fail, holder) -> tuple[re.Pattern, ...]:
    if isinstance(patterns, str):
        patterns = [patterns]
    out = []
    for p in patterns:
        try:
            out.append(re.compile(str(p), re.I))
        except re.error as e:
            raise fail(f"the pattern {p!r} is not a valid regular expression ({e}).", None, holder) from None
    return tuple(out)


def find_kind(kinds: dict[str, ReportKind], label: str | None) -> ReportKind | None:
    """The kind a `kind:`/`report:` value or a report's first heading names.

    The kinds written by someone other than the social worker are tried first:
    "Review conference – health visitor report" is an agency's report to a
    review, and "Letter to Amira after the ICPC" a letter, not the conference
    report itself."""
    if not label:
        return None
    key = " ".join(str(label).split()).lower()
    if key in kinds:
        return kinds[key]
    first = ("agency-report", "family-report", "letter-to-child")
    order = sorted(kinds.values(), key=lambda k: (first.index(k.id) if k.id in first else len(first), k.id))
    for kind in order:
        if any(p.search(key) for p in kind.match):
            return kind
    return None
