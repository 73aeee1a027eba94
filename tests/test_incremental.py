"""The re-checker behind the web page gives exactly what a full check gives, after any edit.

Property-style: seeded random edits of the kinds a writer makes (words typed or
deleted, paragraphs split and merged, headings changed, an acronym spelled out
at the top, a name spelled another way, quotes opened and closed, front matter
changed) are applied one after another, and after each one `Rechecker.check`
must equal a fresh `check_text`, field by field. Parses are cached by sentence
text for the fresh checks too (a sentence's parse does not depend on its
neighbours), so the test stays quick.
"""

from __future__ import annotations

import importlib.util
import random
import re

import pytest

from cpclint import nlp
from cpclint.api import check_text
from cpclint.config import Config, Person
from cpclint.errors import CpclintError
from cpclint.incremental import Rechecker
from tests.conftest import EXAMPLES, ROOT

FAMILY = (Person("Danielle Carter", "mother", ("Danielle", "Mum"), True),
          Person("Ryan Carter", "father", ("Ryan", "Dad"), True),
          Person("Mia Carter", "child", ("Mia",), False, 7),
          Person("Tyler Carter", "child", ("Tyler",), False, 3))

PHRASES = ["neglect", "the ICPC", "MASH", "the mother", "Mum", "you", "Danielle", "Mia", "was seen by the school",
           "I think", "because", "on 14/10/2026", "“I'm fine”", "\"no\"", "core group", "in order to",
           "failed to engage", "she", "her", "the FGC", "hostile", "Olivr", "Mai", "Ryan and Danielle",
           "the parents", "DOB 12/05/2019", "It is felt that", "It is believed", "the children", "(MASH)",
           "Family Group Conference (FGC)", "the social worker", "Tyler (4)", "aged 8", "will", "by 6 December",
           "HV", "Dad", "he", "his", "Chloe", "Oliver", "‘quoted’", "Plan:", "-", ":", ".", ",", "We"]
SENTENCES = ["The mother failed to engage with the MASH.", "It is felt that Danielle lacks insight.",
             "Mia said, “I like school.”", "She was seen by the health visitor on 3/4/2025.",
             "Ryan will clear the kitchen floor by 6 December.", "There are concerns about neglect.",
             "I think Tyler is happy because he laughed and played with his sister all afternoon.",
             "The Multi-Agency Safeguarding Hub (MASH) made a referral.", "Oliver was co-sleeping with mother.",
             "Parents to engage with services.", "Mum said: \"I am doing my best\".", "You told me you were tired."]
HEADINGS = ["## Why we are meeting", "## What is going well", "## Background", "## What needs to happen",
            "## Analysis", "# Plan", "## What you told me", "## Chronology"]
FRONT_LINES = ["audience: child", "kind: icpc-report", "reading_age: 9", "accept: [MASH, HV]",
               "report: Review conference report", "conference_date: 2026-12-03",
               "family:\n  - {name: Mia Carter, role: child, age: 7, also: [Mia]}"]
NAMES = ["Mia", "Tyler", "Danielle", "Ryan", "Carter", "Oliver", "Amira", "Chloe", "Leila"]


# --- the edits ---------------------------------------------------------------------------------


def _spot(text: str, rng: random.Random, pattern: str) -> re.Match | None:
    found = list(re.finditer(pattern, text))
    return rng.choice(found) if found else None


def insert_words(text, rng):
    m = _spot(text, rng, r" ")
    pos = m.start() if m else len(text)
    return text[:pos] + " " + rng.choice(PHRASES) + text[pos:]


def delete_word(text, rng):
    m = _spot(text, rng, r"\S+ ?")
    return text[:m.start()] + text[m.end():] if m else text


def type_letters(text, rng):
    m = _spot(text, rng, r"\w+")
    if not m:
        return text
    word = m.group(0)
    new = word[:-1] if len(word) > 2 and rng.random() < 0.5 else word + rng.choice("aest")
    return text[:m.start()] + new + text[m.end():]


def add_sentence(text, rng):
    m = _spot(text, rng, r"[.!?] ")
    pos = m.end() if m else len(text)
    return text[:pos] + rng.choice(SENTENCES) + " " + text[pos:]


def split_paragraph(text, rng):
    m = _spot(text, rng, r"[.!?] (?=[A-Z])")
    return text[:m.start() + 1] + "\n\n" + text[m.end():] if m else text


def merge_paragraphs(text, rng):
    m = _spot(text, rng, r"(?<=\S)\n\n(?=\S)")
    if not m or text.startswith("---") and m.start() < text.find("\n---", 3) + 4:
        return text
    return text[:m.start()] + " " + text[m.end():]


def edit_heading(text, rng):
    m = _spot(text, rng, r"(?m)^#{1,6} [^\n]*$")
    choice = rng.random()
    if m and choice < 0.4:
        return text[:m.start()] + rng.choice(HEADINGS) + text[m.end():]
    if m and choice < 0.6:
        return text[:m.end()] + " " + rng.choice(["and plan", "so far", "(MASH)", "history"]) + text[m.end():]
    if m and choice < 0.7:
        return text[:m.start()] + text[m.end():]  # the heading's words go, its line stays
    p = _spot(text, rng, r"\n\n(?=\S)")
    pos = p.end() if p else len(text)
    return text[:pos] + rng.choice(HEADINGS) + "\n\n" + text[pos:]


def define_acronym(text, rng):
    body = _body_start(text)
    definition = rng.choice(["The Multi-Agency Safeguarding Hub (MASH) is where referrals go. ",
                             "An Initial Child Protection Conference (ICPC) is a meeting. ",
                             "Your health visitor (HV) sees Oliver. ", "PMHS (perinatal mental health service). "])
    m = re.compile(r"\S").search(text, body)
    pos = m.start() if m else len(text)
    return text[:pos] + definition + text[pos:]


def respell_name(text, rng):
    m = _spot(text, rng, r"\b(?:" + "|".join(NAMES) + r")\b")
    if not m:
        return text
    word = m.group(0)
    i = rng.randrange(1, len(word) - 1)
    new = word[:i] + word[i + 1] + word[i] + word[i + 2:] if rng.random() < 0.5 else word[:i] + word[i + 1:]
    return text[:m.start()] + new + text[m.end():]


def toggle_quote(text, rng):
    m = _spot(text, rng, r"[\"“”‘’]")
    if m and rng.random() < 0.5:
        return text[:m.start()] + text[m.end():]
    s = _spot(text, rng, r" ")
    pos = s.end() if s else 0
    return text[:pos] + rng.choice(["\"", "“", "”", "‘"]) + text[pos:]


def edit_front_matter(text, rng):
    if not text.startswith("---\n"):
        return "---\n" + rng.choice(FRONT_LINES) + "\n---\n\n" + text
    end = text.find("\n---", 3)
    lines = text[4:end].split("\n")
    if rng.random() < 0.5 and any(line.split(":")[0] in {f.split(":")[0] for f in FRONT_LINES} for line in lines):
        keep = [line for line in lines if not line.startswith(("audience:", "kind:", "reading_age:", "accept:"))]
        if keep != lines:
            return "---\n" + "\n".join(keep) + text[end:]
    new = rng.choice(FRONT_LINES)
    if new.split(":")[0] in {line.split(":")[0] for line in lines}:
        return text.replace("Mia Carter", "Mya Carter", 1)
    return text[:end] + "\n" + new + text[end:]


def move_paragraph(text, rng):
    paras = text.split("\n\n")
    if len(paras) < 4:
        return text
    i = rng.randrange(1, len(paras))
    p = paras.pop(i)
    paras.insert(rng.randrange(1, len(paras)), p)
    return "\n\n".join(paras)


def edit_paragraph_edges(text, rng):
    """Words at the end of one paragraph and the start of the next: what each looks at around it."""
    m = _spot(text, rng, r"(?<=\S)\n\n(?=\S)")
    if not m:
        return text
    if rng.random() < 0.5:
        return text[:m.start()] + " " + rng.choice(EDGE_WORDS) + text[m.start():]
    return text[:m.end()] + rng.choice(EDGE_STARTS) + " " + text[m.end():]


EDGE_WORDS = ["Dear", "with", "made", "direct", "his", "in", "the", "and", "has", "of", "school", ":", ",", "Mum:",
              "said", "told me:", "Danielle,"]
EDGE_STARTS = ["contact", "Danielle,", "Danielle", "CPP", "OT", "ASD", "“fine”", "Mum", "the mother", "DOB",
               "12/05/2019", "Ryan and Danielle,", "meeting", "she", "Mr Carter", "Olivr"]


def _body_start(text: str) -> int:
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        return text.find("\n", end + 1) + 1 if end != -1 else 0
    return 0


EDITS = [insert_words, insert_words, delete_word, type_letters, type_letters, add_sentence, split_paragraph,
         merge_paragraphs, edit_heading, define_acronym, respell_name, toggle_quote, move_paragraph,
         edit_paragraph_edges, edit_paragraph_edges]


# --- the comparison ------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def cached_parses():
    """Parse each sentence text once for the whole module (fresh checks included)."""
    real = nlp.parse
    seen: dict[str, object] = {}

    def parse(texts, parallel=True):
        missing = [t for t in dict.fromkeys(texts) if t not in seen]
        seen.update(zip(missing, real(missing, parallel=parallel), strict=True))
        return [seen[t] for t in texts]

    nlp.parse = parse
    yield
    nlp.parse = real


def _result(check, text):
    try:
        return check(text).to_json()
    except CpclintError as exc:
        return f"error: {exc}"


def _first_difference(a, b, where="") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a.keys() | b.keys():
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{where}.{k}")
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
        return f"{where}: {len(a)} items, full check {len(b)}"
    return f"{where}: re-check {a!r}, full check {b!r}"


def _session(text: str, fmt: str, path: str, config: Config | None, steps: int, seed: int,
             edits=EDITS) -> None:
    rng = random.Random(seed)
    rechecker = Rechecker(config, fmt=fmt, path=path)

    def full(t):
        return check_text(t, path, fmt, config=config)

    for step in range(steps + 1):
        if step:
            text = rng.choice(edits)(text, rng)
        got, want = _result(rechecker.check, text), _result(full, text)
        assert got == want, f"seed {seed}, step {step}: {_first_difference(got, want)}"


SAMPLES = [("icpc-report-draft.md", "markdown"), ("icpc-report-rewritten.md", "markdown"),
           ("letter-to-child.md", "markdown"), ("review-report.txt", "text")]


@pytest.mark.parametrize(("name", "fmt"), SAMPLES)
def test_samples_after_random_edits_match_a_full_check(name: str, fmt: str) -> None:
    """Settings from the front matter, which the edits change too."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    _session(text, fmt, f"<text>.{'md' if fmt == 'markdown' else 'txt'}", None, steps=60, seed=sum(map(ord, name)),
             edits=[*EDITS, edit_front_matter, edit_front_matter])


@pytest.mark.parametrize("config", [Config(), Config(family=FAMILY, conference_date=None)],
                         ids=["no-family", "family"])
def test_samples_with_fixed_settings_match_a_full_check(config: Config) -> None:
    for seed, (name, fmt) in enumerate(SAMPLES):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        _session(text, fmt, "<text>", config, steps=30, seed=100 + seed)


def test_the_20000_word_report_after_random_edits_matches_a_full_check() -> None:
    spec = importlib.util.spec_from_file_location("bench_check", ROOT / "benchmarks" / "bench_check.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    _session(bench.build_report(), "markdown", "<text>.md", Config(family=FAMILY), steps=20, seed=7)


def test_a_recheck_reuses_what_it_worked_out() -> None:
    """The caches hold the report's sentences, and an unchanged text gives the same result."""
    text = (EXAMPLES / "icpc-report-draft.md").read_text(encoding="utf-8")
    rechecker = Rechecker(None, path="<text>.md")
    first = rechecker.check(text).to_json()
    sizes = rechecker.sizes()
    assert sizes["parses"] > 10
    assert rechecker.check(text).to_json() == first
    assert rechecker.sizes() == sizes


def test_caches_are_bounded_by_the_size_of_the_report() -> None:
    from cpclint.memo import Memo

    memo = Memo()
    table = memo.table("words")
    for i in range(1500):
        table.get(("paragraph", i), lambda i=i: i)
    memo.fit(10)  # a report of 10 paragraphs: room for 1,020 entries
    assert len(table) == 1020
    assert table.get(("paragraph", 1499), lambda: "again") == 1499  # the newest stay
    assert table.get(("paragraph", 0), lambda: "again") == "again"  # the oldest went
    assert len(table) == 1020
    rechecker = Rechecker(None, path="<text>.md")
    rechecker.check((EXAMPLES / "icpc-report-draft.md").read_text(encoding="utf-8"))
    parsed = len(rechecker.memo.parses)
    assert 10 < parsed and rechecker.memo.parse_limit == 2 * parsed + 200  # parses: twice what a check needs


# --- edits whose effect reaches past the paragraph they touch --------------------------------------


def _versions(texts: list[str], config: Config | None = None) -> list[list[tuple[str, str]]]:
    """Check each version with one Rechecker and with a full check; they must agree. Returns the
    (rule, text) of each version's findings."""
    rechecker = Rechecker(config, path="<text>.md")
    out = []
    for text in texts:
        got = rechecker.check(text).to_json()
        assert got == check_text(text, "<text>.md", "markdown", config=config).to_json()
        out.append([(f["rule"], f["text"]) for f in got["findings"]])
    return out


def test_a_word_ending_one_paragraph_changes_a_finding_at_the_start_of_the_next() -> None:
    """'Dear' before 'Danielle' makes her name a greeting; 'with' before 'OT' makes it not the acronym.
    The unchanged second paragraph must still be looked at again."""
    config = Config(family=FAMILY)
    body = "\n\nDanielle took Mia to school late on Monday.\n"
    before, after = _versions(["A short first paragraph." + body, "A short first paragraph. Dear" + body], config)
    assert ("third-person-reader", "Danielle") in before
    assert ("third-person-reader", "Danielle") not in after
    before, after = _versions(["The test results came back for\n\nDNA on Monday.\n",
                               "The test results came back for his\n\nDNA on Monday.\n"])
    assert ("acronym-undefined", "DNA") in before
    assert ("acronym-undefined", "DNA") not in after  # "his DNA" is not "did not attend"


def test_an_acronym_spelled_out_earlier_clears_its_first_use_later() -> None:
    text = "# Report\n\nFirst paragraph.\n\nThe MASH sent a referral. The MASH then closed it.\n"
    defined = text.replace("First paragraph.", "The Multi-Agency Safeguarding Hub (MASH) takes referrals.")
    first, second, third = _versions([text, defined, text])
    assert [r for r, _ in first].count("acronym-undefined") == 1
    assert "acronym-undefined" not in [r for r, _ in second]
    assert first == third


def test_a_name_spelled_two_ways_is_judged_across_the_report() -> None:
    """With no family list, the rarer of two spellings is the slip: counts come from every paragraph."""
    para = "Oliver went to nursery with Oliver's nan.\n\n"
    texts = [para * 3 + "Then Olivr slept.\n", para + "Then Olivr slept.\n\nOlivr and Olivr played.\n"]
    first, second = _versions(texts)
    assert ("name-spelling", "Olivr") in first
    assert ("name-spelling", "Olivr") not in second  # now the commoner spelling


def test_threads_checking_at_once_get_what_one_thread_gets() -> None:
    """The web server checks in threads: each with its own Rechecker, sharing the one parser."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [(EXAMPLES / name).read_text(encoding="utf-8") for name, fmt in SAMPLES if fmt == "markdown"]
    alone = [Rechecker(None, path="<text>.md").check(t).to_json() for t in texts]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda t: Rechecker(None, path="<text>.md").check(t).to_json(), texts * 2))
    assert together == alone * 2


MARKDOWN_BITS = ["\n\n", "\n", "\n\n    indented code\n\n", "\n===\n", "\n---\n", "\n- a list item\n", "\n1. first\n",
                 "| a | b |\n|---|---|\n| c | d |\n", "  \n", "\t\n", "## Heading\n", "> quoted\n", "Setext\n---\n",
                 "[a link](http://x.org)", "**bold**", "\r\n", "---\n", "https://example.org/page", "cpclint-ignore",
                 "Title line\n", "<b>tag</b>", "&amp;", "\\*"]
RUNNING_BITS = ["<!-- a comment -->", "`code`", "\n```\nfenced\n```\n", "![an image](x.png)", "<!--", "```"]


def test_masking_only_the_changed_lines_gives_what_masking_everything_gives(monkeypatch) -> None:
    """Blank lines, list items, tables, setext headings, code, comments, front matter: masking the
    changed block alone must give what masking the whole text gives."""
    from cpclint import remask
    from cpclint.markdown import mask
    from cpclint.memo import Memo

    spliced = []
    real = remask._splice
    monkeypatch.setattr(remask, "_splice", lambda *a: spliced.append(real(*a)) or spliced[-1])
    rng = random.Random(11)
    for name, fmt in SAMPLES:
        for _ in range(4):
            text = (EXAMPLES / name).read_text(encoding="utf-8")
            memo = Memo()
            for _ in range(40):
                if rng.random() < 0.5:
                    pos = rng.randrange(len(text) + 1)
                    bits = RUNNING_BITS if rng.random() < 0.04 else MARKDOWN_BITS
                    text = text[:pos] + rng.choice(bits) + text[pos:]
                else:
                    text = rng.choice(EDITS + [edit_front_matter])(text, rng)
                got, want = remask.mask_again(text, fmt == "markdown", memo), mask(text, markdown=fmt == "markdown")
                assert (got.prose, got.paragraphs, got.front_matter, got.front_matter_line, got.comments) == \
                    (want.prose, want.paragraphs, want.front_matter, want.front_matter_line, want.comments), name
    assert sum(m is not None for m in spliced) > 300  # most edits did take the short way


def test_parse_workers_are_never_forked_from_a_threaded_process() -> None:
    import threading

    from cpclint import nlp

    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert nlp._can_fork() is False  # the web server's threads: parse in-process
    finally:
        release.set()
        worker.join()
