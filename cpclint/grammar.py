"""Spelling and grammar (en-GB) through pluggable backends, without sending a word off the machine.

Two backends give `Match`es in offsets of the text they were given:

- `offline`: Harper (harper-py), a Rust grammar and spelling checker with a British
  dialect, in this process. Chosen by measurement (docs/grammar.md).
- `languagetool`: a LanguageTool server the user runs themselves (`grammar.server`),
  or a LanguageTool install under $LTP_PATH that cpclint starts on 127.0.0.1. cpclint
  speaks LanguageTool's /v2/check protocol itself with urllib (no proxies), so nothing
  can reach LanguageTool's public API and language-tool-python never downloads anything.

`grammar_kind` turns matches into findings of the `spelling` and `grammar` rules, after
the filters every backend shares: family names, glossary words, `accept` words and names
the report uses consistently are never misspelt; all-capital words are acronyms; quoted
words are the family's own (api._keep drops findings touching them, and any grammar
finding overlapping what another cpclint rule already says).
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cpclint.errors import ConfigError, CpclintError

BACKENDS = ("offline", "languagetool", "off")
LANGUAGE = "en-GB"
TIMEOUT = 20  # seconds for one /v2/check of a whole report
RETRY_AFTER = 60.0  # seconds before a backend that could not check is tried (and reported) again
# LanguageTool's own public service: never called, whatever the settings say.
PUBLIC_API_HOSTS = ("languagetool.org", "languagetoolplus.com", "languagetool.com")


@dataclass(frozen=True)
class GrammarSettings:
    """`grammar:` in .cpclint.yaml or front matter, and --grammar/--no-grammar."""

    backend: str | None = None  # offline | languagetool | off; None: not set (off: see docs/grammar.md)
    server: str | None = None  # a LanguageTool server the user runs, e.g. http://localhost:8081
    allow_remote: bool = False  # a server that is not on this computer or a private network

    @property
    def active(self) -> str:
        return self.backend or "off"


_SETTING_KEYS = ("backend", "server", "allow_remote")


def parse_settings(raw: object, current: GrammarSettings, where, front_matter: bool = False) -> GrammarSettings:
    """`grammar:` from a settings file or front matter, laid over `current`.

    `where(key)` names the file and line for an error. A report's own front matter may
    turn the checks on or off but not choose a server: a report passed on from elsewhere
    must not decide where its text is sent."""
    if isinstance(raw, bool):
        raw = {"backend": "offline" if raw else "off"}
    elif isinstance(raw, str):
        raw = {"backend": raw}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where(None)}: 'grammar' must be offline, languagetool or off, or a mapping "
                          "with 'backend', 'server' and 'allow_remote'.")
    unknown = sorted(set(map(str, raw)) - set(_SETTING_KEYS))
    if unknown:
        raise ConfigError(f"{where(unknown[0])}: unknown setting '{unknown[0]}' under 'grammar' "
                          f"(use {', '.join(_SETTING_KEYS)}).")
    if front_matter:
        for key in ("server", "allow_remote"):
            if key in raw:
                raise ConfigError(f"{where(key)}: '{key}' for grammar can only be set in a .cpclint.yaml "
                                  "settings file, not in a report, so a report cannot choose where its text goes.")
    backend, server, allow_remote = current.backend, current.server, current.allow_remote
    if "backend" in raw:
        backend = raw["backend"] if raw["backend"] is not False else "off"
        if backend not in BACKENDS:
            raise ConfigError(f"{where('backend')}: the grammar 'backend' must be one of {', '.join(BACKENDS)}, "
                              f"not {raw['backend']!r}.")
    if "allow_remote" in raw:
        if not isinstance(raw["allow_remote"], bool):
            raise ConfigError(f"{where('allow_remote')}: 'allow_remote' under 'grammar' must be true or false.")
        allow_remote = raw["allow_remote"]
    if "server" in raw:
        server = parse_server(raw["server"], allow_remote, where("server"))
        if "backend" not in raw and backend in (None, "off"):
            backend = "languagetool"  # naming a server says which backend to use
    elif "allow_remote" in raw and server:
        server = parse_server(server, allow_remote, where("allow_remote"))
    return GrammarSettings(backend, server, allow_remote)


@dataclass(frozen=True)
class Match:
    """One thing a backend says, in code-point offsets of the text it checked."""

    start: int
    end: int
    message: str
    replacements: tuple[str, ...]
    rule_id: str  # the backend's own rule, e.g. Harper's "PronounInflectionBe"
    category: str  # the backend's category, e.g. LanguageTool's "TYPOS"
    kind: str  # spelling | grammar
    backend: str


class BackendUnavailable(Exception):
    """The backend cannot check now (server down, not installed). Said in one line; other checks go on."""


# --- the offline backend: Harper ---------------------------------------------------------

# Harper rules that misfire on British report text (docs/grammar.md). The first five were
# found on the sample reports; the last two on the labelled set (tests/data/grammar.yaml).
HARPER_RULES_OFF = {
    "OrthographicConsistency": "'Mia' -> 'MIA', 'Nan' -> 'NaN': names that are also acronyms",
    "UseTitleCase": "Title Case for headings; GOV.UK style is sentence case",
    "OxfordComma": "British style does not use the serial comma",
    "Regionalisms": "says 'duvet' is not British",
    "Spaces": "runs of spaces where cpclint blanks Markdown syntax",
    "MissingPreposition": "'Mum is worried she will…', 'I am worried that…'",
    "SplitWords": "'grandad' -> 'gran dad'",
}
# Everyday British words Harper's dictionary lacks.
HARPER_EXTRA_WORDS = ("Nan", "nan", "Nana", "nana", "Nanna", "nanna", "Grandad", "grandad",
                      "fiancé", "fiancée", "Ofsted")



def harper_replacements(h, lint) -> list[str]:
    """What each of Harper's suggestions turns the flagged words into ("" to remove them)."""
    out = []
    for s in lint.suggestions:
        if s.kind == h.SuggestionKind.REMOVE:
            out.append("")
        elif s.kind == h.SuggestionKind.INSERT_AFTER:
            out.append(lint.problem_text + s.replacement_text)
        else:
            out.append(s.replacement_text)
    return out

class HarperBackend:
    name = "offline"

    def __init__(self) -> None:
        import harper  # imported here: only checks with grammar on pay for it

        self._harper = harper
        self._linter = harper.Linter(harper.Dialect.BRITISH)  # about a second: built once per process
        self._linter.set_lint_config({rule: False for rule in HARPER_RULES_OFF})
        # Harper knows a word's possessive only when told ("Nan's" as well as "Nan").
        self._linter.import_words([*HARPER_EXTRA_WORDS, *(w + "'s" for w in HARPER_EXTRA_WORDS)])
        self._lock = threading.Lock()  # a Linter refuses calls from two threads at once (web page)

    def check(self, text: str) -> list[Match]:
        h = self._harper
        with self._lock:
            lints = self._linter.organized_lints(text, language=h.Language.PLAINTEXT)
        out = []
        for rule, found in lints.items():
            for lint in found:
                replacements = harper_replacements(h, lint)
                kind = "spelling" if rule == "SpellCheck" else "grammar"
                # Harper's spans are code points of the str (harper-py documents it; tools/eval_grammar.py checks it)
                out.append(Match(lint.span.start, lint.span.end, lint.message, tuple(replacements), rule,
                                 lint.lint_kind, kind, "offline"))
        return sorted(out, key=lambda m: (m.start, m.end))


@lru_cache(maxsize=1)
def harper_backend() -> HarperBackend:
    try:
        return HarperBackend()
    except ImportError as exc:  # a machine the harper-py wheel does not cover
        raise BackendUnavailable("the offline grammar checker (harper-py) is not installed; "
                                 "run 'make venv' to install cpclint's dependencies.") from exc


# --- LanguageTool: the /v2/check protocol --------------------------------------------------


def public_api(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in PUBLIC_API_HOSTS)


def parse_server(url: object, allow_remote: bool, where: str) -> str:
    """Check a `grammar.server` address when the settings are read; return it normalised.

    LanguageTool's public API is refused whatever `allow_remote` says; an address that is
    plainly public (an IP address that is not loopback or private) needs `allow_remote`.
    Host names are looked up when the check runs (`server_host_ok`)."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{where}: 'server' under 'grammar' must be an address such as http://localhost:8081.")
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: the grammar server {url!r} must be an address such as http://localhost:8081.")
    if public_api(parts.hostname):
        raise ConfigError(f"{where}: cpclint never sends reports to LanguageTool's public service "
                          f"({parts.hostname}). Use a LanguageTool server your organisation runs.")
    if not allow_remote and _address_is_public(parts.hostname):
        raise ConfigError(f"{where}: the grammar server {parts.hostname} is not on this computer or a private "
                          "network, so report text would leave it. Add 'allow_remote: true' under 'grammar' "
                          "only if your organisation runs that server.")
    return url.strip()


def _address_is_public(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: looked up when the check runs
    return not (ip.is_loopback or ip.is_private or ip.is_link_local)


def server_host_ok(host: str) -> bool:
    """Is every address the host name stands for on this computer or a private network?"""
    if host.lower() == "localhost":
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
        return not _address_is_public(host)  # an address, not a name: nothing to look up
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        raise BackendUnavailable(f"the grammar server {host} cannot be found ({exc.strerror or exc}).") from exc
    return bool(infos) and all(not _address_is_public(str(info[4][0]).split("%")[0]) for info in infos)


def _utf16_to_index(text: str) -> list[int]:
    """Java's UTF-16 offsets (LanguageTool's) to Python str indices: a character beyond
    U+FFFF (an emoji) is two UTF-16 units and one code point."""
    out = []
    for i, ch in enumerate(text):
        out.append(i)
        if ord(ch) > 0xFFFF:
            out.append(i)
    out.append(len(text))
    return out


def matches_from_response(payload: dict, text: str, backend: str = "languagetool") -> list[Match]:
    """LanguageTool's JSON `matches` as Matches in code points of `text`."""
    units = _utf16_to_index(text)
    out = []
    for m in payload.get("matches") or []:
        try:
            offset, length = int(m["offset"]), int(m["length"])
        except (KeyError, TypeError, ValueError):
            continue
        if offset < 0 or length < 0 or offset + length >= len(units):
            continue
        start, end = units[offset], units[offset + length]
        rule = m.get("rule") or {}
        category = (rule.get("category") or {}).get("id", "")
        issue = rule.get("issueType", "")
        kind = "spelling" if issue == "misspelling" or category == "TYPOS" else "grammar"
        values = tuple(r.get("value", "") for r in m.get("replacements") or [] if isinstance(r, dict))
        out.append(Match(start, end, m.get("message") or m.get("shortMessage") or "", values,
                         rule.get("id", ""), category, kind, backend))
    return out


# Report text goes to the server the user named and nowhere else: no proxy from the
# environment (HTTP_PROXY would send it to a third machine) and no redirects.
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


class LanguageToolBackend:
    name = "languagetool"

    def __init__(self, url: str, allow_remote: bool = False) -> None:
        self.url = url.rstrip("/")
        self.host = urllib.parse.urlsplit(url).hostname or ""
        if public_api(self.host):  # settings already refuse it; a caller of this class must not slip past
            raise CpclintError(f"cpclint never sends reports to LanguageTool's public service ({self.host}).")
        if not server_host_ok(self.host):
            if not allow_remote:
                raise CpclintError(f"the grammar server {self.host} is not on this computer or a private network, "
                                   "so report text would leave it. Add 'allow_remote: true' under 'grammar' only "
                                   "if your organisation runs that server.")
            _say_once(f"cpclint: warning: report text is sent to the grammar server {self.host}, "
                      "outside this computer and private network (allow_remote is on).")
        self.endpoint = (self.url if self.url.endswith("/v2") else self.url + "/v2") + "/check"

    def check(self, text: str) -> list[Match]:
        body = urllib.parse.urlencode({"text": text, "language": LANGUAGE}).encode("utf-8")
        request = urllib.request.Request(self.endpoint, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"})
        try:
            with _OPENER.open(request, timeout=TIMEOUT) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise BackendUnavailable(f"the grammar server {self.host} answered with an error "
                                     f"({exc.code} {exc.reason}).") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BackendUnavailable(f"the grammar server {self.host} cannot be reached ({reason}).") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackendUnavailable(f"the grammar server {self.host} did not answer like LanguageTool.") from exc
        if not isinstance(payload, dict):
            raise BackendUnavailable(f"the grammar server {self.host} did not answer like LanguageTool.")
        return matches_from_response(payload, text)


@lru_cache(maxsize=4)
def languagetool_backend(url: str | None, allow_remote: bool) -> LanguageToolBackend:
    if url:
        return LanguageToolBackend(url, allow_remote)
    return LanguageToolBackend(_local_server(), allow_remote=False)


def _local_server() -> str:
    """Start an installed LanguageTool (under $LTP_PATH) on 127.0.0.1 and return its address.

    Uses language-tool-python only to find the install and build the Java command: its
    download() is never called, so nothing is fetched when LanguageTool is missing."""
    import os
    import subprocess

    if not os.environ.get("LTP_PATH"):
        raise BackendUnavailable("grammar is set to LanguageTool, but there is no 'server' in the settings "
                                 "and no LanguageTool install under LTP_PATH.")
    try:
        from language_tool_python.download_lt import LocalLanguageTool

        local = LocalLanguageTool.get_latest_installed_version()
        if local is None:
            raise BackendUnavailable(f"no LanguageTool install was found under LTP_PATH ({os.environ['LTP_PATH']}); "
                                     "cpclint does not download it.")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd = local.get_server_cmd(port)
    except BackendUnavailable:
        raise
    except Exception as exc:  # Java missing, a broken install: say so, carry on with the other checks
        raise BackendUnavailable(f"the LanguageTool install under LTP_PATH cannot be started ({exc}).") from exc
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import atexit

    atexit.register(proc.terminate)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BackendUnavailable("the LanguageTool install under LTP_PATH stopped as it started.")
        try:
            with _OPENER.open(url + "/v2/healthcheck", timeout=2):
                return url
        except OSError:
            time.sleep(0.3)
    raise BackendUnavailable("the LanguageTool install under LTP_PATH did not start within 30 seconds.")


# --- from matches to findings -------------------------------------------------------------------

_said: dict[str, float] = {}  # one line per problem, not one per file of a folder (again after a minute)


def _say_once(message: str) -> None:
    if time.monotonic() - _said.get(message, -RETRY_AFTER) >= RETRY_AFTER:
        _said[message] = time.monotonic()
        print(message, file=sys.stderr)  # the issue asks for one plain line on stderr, from CLI or library


def backend_for(settings: GrammarSettings):
    if settings.active == "offline":
        return harper_backend()
    if settings.active == "languagetool":
        return languagetool_backend(settings.server, settings.allow_remote)
    return None


# Backends that could not check, and when: a folder of reports waits for a dead server once,
# while a long-running process (the web page) tries again after a minute.
_unavailable: dict[tuple, float] = {}


def check_matches(text: str, settings: GrammarSettings) -> list[Match]:
    """The backend's matches on `text`, or none (said once on stderr) when it cannot check."""
    key = (settings.active, settings.server)
    if time.monotonic() - _unavailable.get(key, -RETRY_AFTER) < RETRY_AFTER:
        return []  # down a moment ago: don't wait for it again on every file
    try:
        backend = backend_for(settings)
        return backend.check(text) if backend is not None else []
    except BackendUnavailable as exc:
        _unavailable[key] = time.monotonic()
        _say_once(f"cpclint: {exc} Grammar and spelling were not checked; the other checks were.")
        return []


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-zà-ÿ]+(?:['’-][A-Za-zà-ÿ]+)*(?![\w'’-])")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def known_words(ctx) -> frozenset[str]:
    """Words never misspelt in this report, lower-cased: family names, glossary terms and
    acronyms, `accept` words, and capitalised names the report uses consistently."""
    words: set[str] = set()
    config = ctx.config
    for person in getattr(config, "family", ()) or ():
        for form in (person.name, *person.also):
            words.update(w.lower() for w in _WORD.findall(form))
    for phrase in ctx.accept:
        words.update(w.lower() for w in _WORD.findall(phrase))
    words |= _glossary_words(ctx.glossary_files)
    words |= consistent_names(ctx.doc)
    return frozenset(words)


@lru_cache(maxsize=8)
def _glossary_words(files: tuple[str, ...]) -> frozenset[str]:
    from cpclint.glossary import load_glossary

    words: set[str] = set()
    for e in load_glossary(files).entries:
        for form in (e.term, *e.forms, e.expansion or ""):
            words.update(w.lower() for w in _WORD.findall(form))
    return frozenset(words)


def consistent_names(doc) -> set[str]:
    """Capitalised words written the same way at least twice, once mid-sentence: names
    ("Oakfield", "Okonkwo") the writer uses consistently. Quoted words don't count."""
    starts = {s.start for s in doc.sentences} | {p.start for p in doc.paragraphs}
    seen: Counter[str] = Counter()
    mid: set[str] = set()
    for m in _CAPITALISED.finditer(doc.prose):
        if doc.in_quote(m.start(), m.end()):
            continue
        word = _bare(m.group())
        seen[word] += 1
        if m.start() not in starts and doc.prose[max(0, m.start() - 2):m.start()].strip() not in ("", "“", '"'):
            mid.add(word)
    return {w.lower() for w, n in seen.items() if n >= 2 and w in mid}


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "nurse", "pc", "ds", "dc", "judge"}
_PLACE_WORDS = {"road", "street", "lane", "avenue", "close", "drive", "court", "way", "crescent", "grove",
                "park", "estate", "house", "centre", "center", "hospital", "surgery", "school", "primary",
                "academy", "college", "nursery", "infirmary", "practice", "clinic", "village", "town", "city"}
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")
_PREV_WORD = re.compile(r"([A-Za-z][\w'’-]*)\.?[ \t]+$")


def looks_like_name(doc, start: int, end: int, unknown: set[int] = frozenset()) -> bool:
    """A capitalised word standing in a name: after a title ("Mrs Okonkwo"), before a place
    word ("Hartley Road"), or beside another capitalised word that is mid-sentence or also
    unknown ("Priya Sharma"). `unknown`: where the other unknown words start. Names the
    family list doesn't give are the writer's to spell, not a dictionary's."""
    word = doc.prose[start:end]
    if not (word[:1].isupper() and any(c.islower() for c in word[1:])):
        return False
    first = doc.sentences[doc.sentence_at(start)].start if doc.sentences else 0

    def capitalised(m) -> bool:
        return bool(m) and m.group(1)[:1].isupper() and any(c.islower() for c in m.group(1))

    def opens_sentence(at: int) -> bool:
        return not doc.prose[first:at].strip()

    prev = _PREV_WORD.search(doc.prose, max(first, start - 40), start) if start > first else None
    nxt = _NEXT_WORD.match(doc.prose, end)
    if prev and prev.group(1).lower() in _TITLES:
        return True
    if capitalised(nxt) and nxt.group(1).lower() in _PLACE_WORDS:
        return True
    if capitalised(prev) and (not opens_sentence(prev.start(1)) or prev.start(1) in unknown):
        return True
    return capitalised(nxt) and (not opens_sentence(start) or nxt.start(1) in unknown)


def _bare(word: str) -> str:
    """'Kacper’s' and 'Jones'' are the names 'Kacper' and 'Jones'."""
    word = word.replace("’", "'")
    if word.lower().endswith("'s"):
        return word[:-2]
    return word[:-1] if word.endswith("'") else word


def _spelling_ok(word: str, known: frozenset[str]) -> bool:
    w = word.strip()
    if not w or any(ch.isdigit() for ch in w):
        return True
    letters = [c for c in w if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True  # an acronym: the acronym rule has its say
    bare = _bare(w).lower()
    return bare in known or all(p in known for p in bare.split("-") if p) and "-" in bare


_TICKS = re.compile(r"`([^`]*)`")


def plain_message(message: str) -> str:
    """A backend's message in cpclint's style: curly quotes, one line, a full stop."""
    text = " ".join(_TICKS.sub(r"“\1”", message).split())
    if text and text[-1] not in ".?!":
        text += "."
    return text[:1].upper() + text[1:]


def grammar_kind(rule, ctx) -> Iterator:
    """The `grammar` rule kind: `options: {check: spelling|grammar}`."""
    from cpclint.kinds import make_finding

    settings = getattr(ctx.config, "grammar", None) or GrammarSettings()
    if settings.active == "off":
        return
    doc = ctx.doc
    if "grammar-matches" not in ctx.cache:
        ctx.cache["grammar-matches"] = check_matches(doc.prose, settings) if doc.prose.strip() else []
    want = rule.options["check"]
    known = None
    unknown = {m.start for m in ctx.cache["grammar-matches"] if m.kind == "spelling"}
    for m in ctx.cache["grammar-matches"]:
        if m.kind != want or m.end <= m.start:
            continue
        words = doc.prose[m.start:m.end]
        if not words.strip() or (m.replacements and all(" ".join(r.split()) == " ".join(words.split())
                                                        for r in m.replacements)):
            continue  # spaces only: where cpclint blanked front matter or Markdown, not the writer's slip
        if want == "spelling":
            known = known if known is not None else known_words(ctx)
            if _spelling_ok(words, known) or looks_like_name(doc, m.start, m.end, unknown):
                continue
        suggestions = [r for r in m.replacements[:3] if r.strip()]
        yield make_finding(rule, doc, m.start, m.end, suggestions=suggestions,
                           detail=plain_message(m.message), backend=m.backend, backend_rule=m.rule_id)


GRAMMAR_CHECKS = ("spelling", "grammar")
