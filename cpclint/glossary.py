"""Term lists (jargon, acronyms, wordy phrases) as data, compiled to fast matchers.

A council adds a term by adding a YAML entry; nothing here needs to change.
All the terms of a list become one regular expression, so finding every term in
a 20,000-word report is one pass over the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cpclint import inflect
from cpclint.errors import ConfigError
from cpclint.yamlio import LineDict, load_yaml_file

LISTS = ("jargon", "acronyms", "wordy", "vague", "judgemental")
OTHER_LISTS = ("stance",)  # data files of another shape, read by their own module
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "glossary"
if not BUILTIN_DIR.is_dir():  # installed from a wheel: the lists live inside the package
    BUILTIN_DIR = Path(__file__).resolve().parent / "builtin_glossary"
_ENTRY_KEYS = {"term", "variants", "inflect", "alternatives", "explanation", "source",
               "case_sensitive", "context", "expansion"}
_CONTEXT_KEYS = {"pos", "skip_before", "skip_after", "require_before", "require_after"}
_POS_TAGS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "AUX", "ADP", "NUM", "PRON", "DET"}
WINDOW = 40


@dataclass(frozen=True)
class Context:
    pos: str | None = None
    skip_before: tuple[re.Pattern, ...] = ()
    skip_after: tuple[re.Pattern, ...] = ()
    require_before: tuple[re.Pattern, ...] = ()
    require_after: tuple[re.Pattern, ...] = ()

    def allows(self, prose: str, start: int, end: int) -> bool:
        """Decide from the words around a match (the cheap part of the context)."""
        before = prose[max(0, start - WINDOW) : start]
        after = prose[end : end + WINDOW]
        if any(p.search(before) for p in self.skip_before):
            return False
        if any(p.search(after) for p in self.skip_after):
            return False
        if self.require_before and not any(p.search(before) for p in self.require_before):
            return False
        if self.require_after and not any(p.search(after) for p in self.require_after):
            return False
        return True


@dataclass(frozen=True)
class Entry:
    term: str
    alternatives: tuple[str, ...]
    explanation: str
    source: str
    list: str
    file: str
    line: int
    forms: tuple[str, ...] = ()
    inflect: str | None = None
    case_sensitive: bool = False
    expansion: str | None = None
    context: Context | None = None

    def suggestions_for(self, matched: str, at_start: bool = False) -> list[str]:
        """Alternatives in the same form as the matched words, with a capital at a sentence start."""
        out = []
        for alt in self.alternatives:
            if self.inflect == "verb":
                alt = inflect.same_form(matched.split()[0], self.term.split()[0], alt)
            elif self.inflect == "noun" and _is_plural_of(matched, self.term):
                alt = _pluralise_phrase(alt)
            out.append(alt[:1].upper() + alt[1:] if at_start else alt)
        return out


def _is_plural_of(matched: str, term: str) -> bool:
    m = matched.lower().split()
    t = term.lower().split()
    return len(m) == len(t) and m[-1] != t[-1] and m[-1] == inflect.plural(t[-1])


def _pluralise_phrase(alt: str) -> str:
    words = alt.split(" ")
    if len(words) == 1:
        return inflect.plural(alt)
    return alt  # a phrase: leave it for the writer to adjust


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)

    def of(self, list_name: str) -> list[Entry]:
        return [e for e in self.entries if e.list == list_name]


TOKEN = re.compile(r"\w+(?:[&'’./-]\w+)*")


def tokens_of(text: str) -> list[str]:
    return TOKEN.findall(text.replace("’", "'"))


@dataclass
class Matcher:
    """Finds every form of every term in a list in one pass over the words.

    Terms are indexed by their first word, so the cost is one dictionary look-up
    per word of the report, however many terms a council adds.
    """

    folded: dict[str, list[tuple[tuple[str, ...], Entry]]]
    exact: dict[str, list[tuple[tuple[str, ...], Entry]]]

    def finditer(self, prose: str, tokens: list[tuple[int, int]],
                 words: tuple[list[str], list[str]] | None = None):
        """Yield (start, end, entry) for each match, longest first, never overlapping.

        `words` (a Document's .words) saves re-reading each token for every list."""
        n = len(tokens)
        if words is None:
            exact_words = [prose[s:e].replace("’", "'") for s, e in tokens]
            words = (exact_words, [w.lower() for w in exact_words])
        exact_words, folded_words = words
        exact, folded = self.exact, self.folded
        i = 0
        while i < n:
            best = None
            for table, seq in ((exact, exact_words), (folded, folded_words)):
                options = table.get(seq[i])
                if not options:
                    continue
                for form, entry in options:
                    k = len(form)
                    if best is not None and k <= best[0]:
                        break
                    if i + k > n or not _words_match(prose, tokens, seq, i, form):
                        continue
                    best = (k, entry)
                    break
            if best is None:
                i += 1
                continue
            k, entry = best
            yield tokens[i][0], tokens[i + k - 1][1], entry
            i += k


def _words_match(prose, tokens, seq, i, form) -> bool:
    prev_end = tokens[i][1]
    for j in range(1, len(form)):
        if seq[i + j] != form[j]:
            return False
        s, e = tokens[i + j]
        if not prose[prev_end:s].isspace():  # only spaces or line breaks between words
            return False
        prev_end = e
    return True


def compile_matcher(entries: list[Entry]) -> Matcher:
    folded: dict[str, list] = {}
    exact: dict[str, list] = {}
    seen: set[tuple[bool, tuple[str, ...]]] = set()
    for e in reversed(entries):  # later files (a council's own) win a shared form
        for form in e.forms:
            words = tuple(tokens_of(form if e.case_sensitive else form.lower()))
            if not words or (e.case_sensitive, words) in seen:
                continue
            seen.add((e.case_sensitive, words))
            table = exact if e.case_sensitive else folded
            table.setdefault(words[0], []).append((words, e))
    for table in (folded, exact):
        for options in table.values():
            options.sort(key=lambda o: -len(o[0]))
    return Matcher(folded, exact)


# --- loading -------------------------------------------------------------------------


def _fail(path: str, line: int, what: str):
    raise ConfigError(f"{path}:{line}: {what}")


def _strings(value, path, line, what) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(path, line, f"'{what}' must be a list of words or phrases.")
    return tuple(v.strip() for v in value)


def _patterns(value, path, line, what) -> tuple[re.Pattern, ...]:
    out = []
    for raw in _strings(value, path, line, what):
        try:
            out.append(re.compile(raw, re.IGNORECASE))
        except re.error as exc:
            _fail(path, line, f"the pattern {raw!r} in '{what}' is not a valid regular expression ({exc}).")
    return tuple(out)


def _forms(term: str, variants: tuple[str, ...], how: str | None) -> tuple[str, ...]:
    forms = [term, *variants]
    if how == "verb":
        for base in (term, *variants):
            f = inflect.verb_forms(base)
            forms += [f["s"], f["past"], f["pp"], f["ing"]]
    elif how == "noun":
        for base in (term, *variants):
            words = base.split(" ")
            words[-1] = inflect.plural(words[-1]) if not words[-1].isupper() else words[-1] + "s"
            forms.append(" ".join(words))
    elif forms and term.isupper():
        forms += [f + "s" for f in (term, *variants) if f.isupper()]  # ICPCs
    seen: list[str] = []
    for f in forms:
        if f not in seen:
            seen.append(f)
    return tuple(seen)


def parse_entry(raw, list_name: str, path: str, line: int) -> Entry:
    if not isinstance(raw, dict):
        _fail(path, line, "each entry must be a mapping with 'term:', 'alternatives:' and so on.")
    line = getattr(raw, "line", line)
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        key = sorted(unknown)[0]
        _fail(path, raw.line_of(key) if isinstance(raw, LineDict) else line,
              f"unknown field '{key}' (expected one of: {', '.join(sorted(_ENTRY_KEYS))}).")
    term = raw.get("term")
    if not isinstance(term, str) or not term.strip():
        _fail(path, line, "an entry has no 'term:'.")
    term = " ".join(term.split())
    for key in ("explanation", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            _fail(path, line, f"the entry '{term}' has no '{key}:'.")
    alternatives = _strings(raw.get("alternatives"), path, line, "alternatives")
    if not alternatives:
        _fail(path, line, f"the entry '{term}' has no 'alternatives:'.")
    how = raw.get("inflect")
    if how not in (None, "noun", "verb"):
        _fail(path, line, f"'inflect' must be 'noun' or 'verb', not {how!r}.")
    expansion = raw.get("expansion")
    if list_name == "acronyms" and not (isinstance(expansion, str) and expansion.strip()):
        _fail(path, line, f"the acronym '{term}' has no 'expansion:'.")
    case = raw.get("case_sensitive", list_name == "acronyms")
    if not isinstance(case, bool):
        _fail(path, line, "'case_sensitive' must be true or false.")
    context = None
    if raw.get("context") is not None:
        ctx = raw["context"]
        if not isinstance(ctx, dict):
            _fail(path, line, "'context' must be a mapping (pos, skip_before, skip_after…).")
        bad = set(ctx) - _CONTEXT_KEYS
        if bad:
            _fail(path, line, f"unknown context field '{sorted(bad)[0]}' "
                              f"(expected one of: {', '.join(sorted(_CONTEXT_KEYS))}).")
        pos = ctx.get("pos")
        if pos is not None and pos not in _POS_TAGS:
            _fail(path, line, f"context 'pos' must be one of {', '.join(sorted(_POS_TAGS))}.")
        context = Context(pos, *(_patterns(ctx.get(k), path, line, k) for k in
                                 ("skip_before", "skip_after", "require_before", "require_after")))
    variants = _strings(raw.get("variants"), path, line, "variants")
    return Entry(
        term=term, alternatives=alternatives, explanation=" ".join(raw["explanation"].split()),
        source=" ".join(raw["source"].split()), list=list_name, file=path, line=line,
        forms=_forms(term, variants, how), inflect=how, case_sensitive=case,
        expansion=" ".join(expansion.split()) if isinstance(expansion, str) else None,
        context=context,
    )


def load_file(path: str | Path) -> list[Entry]:
    path = str(path)
    data = load_yaml_file(path, "glossary file")
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise ConfigError(f"{path}:1: a glossary file needs a 'meta:' block naming its 'list:'.")
    list_name = data["meta"].get("list")
    if list_name in OTHER_LISTS:
        return []
    if list_name not in LISTS:
        _fail(path, data["meta"].line, f"'list' must be one of {', '.join(LISTS)}, not {list_name!r}.")
    entries = data.get("entries")
    if not isinstance(entries, list):
        _fail(path, getattr(data, "line", 1), "a glossary file needs an 'entries:' list.")
    lines = getattr(entries, "item_lines", [0] * len(entries))
    return [parse_entry(raw, list_name, path, ln) for raw, ln in zip(entries, lines, strict=False)]


@lru_cache(maxsize=32)
def load_glossary(extra: tuple[str, ...] = ()) -> Glossary:
    """The built-in lists plus a council's own files (theirs win for a repeated term)."""
    builtin = sorted(BUILTIN_DIR.glob("*.yaml"))
    entries: list[Entry] = []
    for path in [*builtin, *extra]:
        entries.extend(load_file(path))
    # Later files (a council's) override earlier ones for the same term.
    final: dict[tuple[str, str], Entry] = {}
    for e in entries:
        final[(e.list, e.term.lower())] = e
    return Glossary(list(final.values()))


@lru_cache(maxsize=32)
def matcher_for(extra: tuple[str, ...], list_name: str) -> Matcher:
    return compile_matcher(load_glossary(extra).of(list_name))
