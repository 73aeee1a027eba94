"""The library API: check a document, a string or a file. The CLI, the tests and
any editor integration all go through here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from cpclint import config as config_mod
from cpclint.config import Config
from cpclint.document import Document
from cpclint.findings import SEVERITY_RANK, Finding
from cpclint.kinds import KINDS, Context, Deferred
from cpclint.memo import Memo
from cpclint.person import Addressee, addressed_share
from cpclint.readability import Stats, document_stats
from cpclint.rules import Rule, load_rules
from cpclint.sources import document_from_text, format_for, read_path
from cpclint.structure import Overview, kind_for, overview

# When two rules flag exactly the same words, the first category here wins.
# Categories whose findings are about the words themselves, as spelling and grammar findings are.
_SAYS_THE_WORDS = {"wordy", "jargon", "acronym", "vague", "judgemental", "consistency", "role-label"}
_PRIORITY = {"judgemental": 0, "vague": 1, "opinion": 2, "acronym": 3, "jargon": 4, "wordy": 5,
             "passive": 6, "readability": 7}


@dataclass
class FileReport:
    path: str
    format: str
    stats: Stats
    findings: list[Finding]
    document: Document
    config: Config
    section_stats: list[tuple[str | None, Stats]] = field(default_factory=list)
    stances: list = field(default_factory=list)  # stance.Stance of each sentence
    overview: Overview | None = None  # the kind of report, its sections, the share-by date

    def to_json(self) -> dict:
        doc = self.document
        return {
            "path": self.path,
            "format": self.format,
            "stats": {**self.stats.to_json(), **(self.overview or Overview(None)).to_json()},
            "target_reading_age": self.config.target_reading_age,
            "audience": self.config.audience,
            "findings": [f.to_json() for f in self.findings],
            "sentences": [
                {"start": s.start, "end": s.end, "text": " ".join(doc.text[s.start:s.end].split()),
                 "stance": st.label if st else None, "cues": list(st.cues) if st else []}
                for s, st in zip(doc.sentences, self.stances or [None] * len(doc.sentences), strict=True)
            ],
            "sections": [
                {"heading": sec.heading, "level": sec.level, "start": sec.start, "end": sec.end,
                 "stats": st.to_json()}
                for sec, (_, st) in zip(doc.sections, self.section_stats, strict=False)
            ],
        }


def effective_rules(config: Config) -> list[Rule]:
    """The rules with the settings' switches, severities and options applied."""
    rules = load_rules(config.rule_files)
    config_mod.validate_rule_keys(config, {r.id for r in rules})
    out = []
    for rule in rules:
        enabled, severity, options = rule.enabled, rule.severity, dict(rule.options)
        for key in (rule.category, rule.id):  # the rule's own setting beats its category's
            setting = config.rules.get(key)
            if setting is None:
                continue
            if setting.enabled is not None:
                enabled = setting.enabled
            if setting.severity is not None:
                severity = setting.severity
            for k, v in setting.options.items():
                if isinstance(options.get(k), list):  # lists (e.g. allow) are added to
                    options[k] = [*options[k], *([v] if isinstance(v, str) else v)]
                else:
                    options[k] = v
        if enabled:
            out.append(rule.with_changes(severity=severity, options=options))
    return out


def check_document(doc: Document, config: Config, rules: list[Rule] | None = None,
                   memo: Memo | None = None) -> FileReport:
    """Check a document. `memo` keeps results between checks of successive versions of one
    report (see cpclint.incremental); without it, nothing outlives the check."""
    rules = effective_rules(config) if rules is None else rules
    kind = kind_for(doc, config)
    if kind is not None and not config.audience_set and kind.audience != config.audience:
        config = dataclasses.replace(config, audience=kind.audience)  # a letter to a child
    memo = Memo(keep=False) if memo is None else memo
    memo.settle((repr(config), kind.id if kind else None))
    addressee = Addressee.from_config(config)
    ctx = Context(doc, config.target_reading_age, config.glossary,
                  frozenset(a.lower() for a in config.accept), addressee=addressee,
                  config=config, kind=kind, memo=memo)
    findings: list[Finding] = []
    deferred: list[Deferred] = []
    for rule in rules:  # every cheap check first; the parser waits for the rest
        for item in KINDS[rule.kind](rule, ctx):
            (deferred if isinstance(item, Deferred) else findings).append(item)
    if deferred:
        wanted = sorted({i for d in deferred for i in d.needs})
        parsed = dict(zip(wanted, memo.parse([doc.prose[doc.sentences[i].start:doc.sentences[i].end]
                                             for i in wanted]), strict=True))
        for d in deferred:
            if d.sentence is None:
                findings.extend(d.resolve({i: parsed[i] for i in d.sentences}))
            else:
                findings.extend(d.resolve(parsed[d.sentence]))
    findings = _keep(doc, findings, config)
    for f in findings:
        f.line, f.column = doc.position(f.start)
    stats = document_stats(doc, ctx.counts)
    known = ctx.cache.get("person-mentions")  # found already if a person rule ran
    share = addressed_share(doc, addressee, ctx.counts, known[0] if known else None)
    stats = dataclasses.replace(stats, addressed_to_family=share)
    per_section = [(s.heading, ctx.section_stats(s)) for s in doc.sections]
    return FileReport(doc.path, doc.format, stats, findings, doc, config, per_section, ctx.stances(),
                      overview(ctx.outline(), config))


def _keep(doc: Document, findings: list[Finding], config: Config) -> list[Finding]:
    accept = {a.lower() for a in config.accept}
    kept = []
    for f in findings:
        if f.scope == "term" and doc.in_quote(f.start, f.end):
            continue
        if f.scope == "sentence" and doc.inside_quote(f.start, f.end):
            continue
        if f.text.lower() in accept:
            continue
        if doc.suppressions and any(s.start <= f.start < s.end and (not s.rules or f.rule in s.rules
                                                                     or f.category in s.rules)
                                    for s in doc.suppressions):
            continue
        kept.append(f)
    kept.sort(key=lambda f: (f.start, _PRIORITY.get(f.category, 9), -SEVERITY_RANK[f.severity]))
    out: list[Finding] = []
    spans: set[tuple[int, int]] = set()
    for f in kept:
        if f.scope == "term" and (f.start, f.end) in spans:
            continue  # the same words flagged twice: keep the clearer finding
        spans.add((f.start, f.end))
        out.append(f)
    # A spelling or grammar backend's finding on words another rule already flags says it twice
    # ("Olivr": the name rule; "prior to": the wordy list): the other rule's finding is kept. Words
    # merely inside a passive or an opinion ("was recieved") still get their spelling checked.
    others = [(f.start, f.end, f.category in _SAYS_THE_WORDS) for f in out
              if f.category != "grammar" and f.scope == "term"]
    if others and any(f.category == "grammar" for f in out):
        out = [f for f in out if f.category != "grammar" or not any(
            (s, e) == (f.start, f.end) or (lexical and s < f.end and f.start < e) for s, e, lexical in others)]
    return out


def check_text(text: str, path: str = "<text>", fmt: str | None = None,
               config_path: str | None = None, audience: str | None = None,
               config: Config | None = None, reader: str | None = None,
               kind: str | None = None, today=None, grammar: bool | None = None) -> FileReport:
    fmt = fmt or format_for(path) or "markdown"
    doc = document_from_text(text, path, fmt)
    if config is None:
        config = config_mod.resolve(path, doc.front_matter, doc.front_matter_line,
                                    config_path, audience, reader, kind, grammar=grammar)
        config.today = today
    return check_document(doc, config)


def check_path(path: str | Path, config_path: str | None = None,
               audience: str | None = None, reader: str | None = None,
               kind: str | None = None, grammar: bool | None = None) -> FileReport:
    doc = read_path(str(path))
    config = config_mod.resolve(str(path), doc.front_matter, doc.front_matter_line,
                                config_path, audience, reader, kind, grammar=grammar)
    return check_document(doc, config)
