"""The HTML report: markup checked with the standard library's parser, then the page in a
real Chromium (skipped without one, except in CI)."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from html.parser import HTMLParser

import pytest

from cpclint import html_report
from cpclint.api import check_path, check_text
from cpclint.config import Config
from cpclint.findings import Finding
from tests.conftest import EXAMPLES

DRAFT = EXAMPLES / "icpc-report-draft.md"
VOID = {"meta", "br", "input", "img", "hr", "link", "line", "rect"}


class Page(HTMLParser):
    """Collects each finding's marked text, the list items, tags, and checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.marked: dict[int, str] = {}  # finding number -> its marked text, all parts
        self.focusable: list[int] = []  # marks with tabindex, in document order
        self.items: dict[int, str] = {}
        self.tags: list[tuple[str, dict]] = []
        self.text_in: dict[str, list[str]] = {}
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "mark" and "tabindex" in a:
            self.focusable.append(int(a["data-n"]))
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        for tag, a in self.stack:
            if tag == "mark":
                n = int(a["data-n"])
                self.marked[n] = self.marked.get(n, "") + data
            if tag == "li" and a.get("id", "").startswith("n-"):
                n = int(a["id"][2:])
                self.items[n] = self.items.get(n, "") + data
        if self.stack:
            self.text_in.setdefault(self.stack[-1][0], []).append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert not p.errors, p.errors[:5]
    assert [t for t, _ in p.stack] == [], "every element is closed"
    return p


def squash(text: str) -> str:
    return "".join(text.split())


def shown(report, f: Finding) -> str:
    """A finding's words as the page shows them: Markdown syntax left out."""
    doc = report.document
    return squash("".join(c for c, p in zip(doc.text[f.start:f.end], doc.prose[f.start:f.end], strict=True)
                          if p != " " or c.isspace()))


@pytest.fixture(scope="module")
def draft():
    report = check_path(DRAFT)
    return report, html_report.render(report)


def test_every_finding_is_marked_with_its_own_words_and_listed(draft):
    report, page = draft
    p = parse(page)
    in_text = [n for n, f in enumerate(report.findings, 1) if f.end > f.start]
    assert len(report.findings) > 50 and len(in_text) >= len(report.findings) - 3
    assert sorted(p.focusable) == in_text  # one Tab stop each...
    starts = [report.findings[n - 1].start for n in p.focusable]
    assert starts == sorted(starts)  # ...in reading order (at the same word, the longer finding first)
    for n in in_text:
        f = report.findings[n - 1]
        assert squash(p.marked[n]) == shown(report, f), (n, f.rule)
    assert sorted(p.items) == list(range(1, len(report.findings) + 1))
    for n, f in enumerate(report.findings, 1):
        assert squash(f.message) in squash(p.items[n])
        if f.hint:
            assert squash(f.hint) in squash(p.items[n])
    whole = [n for n in range(1, len(report.findings) + 1) if n not in in_text]
    assert all("the whole report" in p.items[n] for n in whole)


def test_each_mark_says_its_kind_in_words_and_points_at_its_message(draft):
    report, page = draft
    p = parse(page)
    ids = {a.get("id") for _, a in p.tags}
    for tag, a in p.tags:
        if tag == "mark" and "tabindex" in a:
            n = int(a["data-n"])
            assert a["aria-describedby"].split()[0] == f"m-{n}" and f"m-{n}" in ids
            assert html_report.cat_class(report.findings[n - 1].category) in a["class"].split()
    # the list names the kind in words, so colour is never the only signal
    jargon = next(n for n, f in enumerate(report.findings, 1) if f.category == "jargon")
    assert p.items[jargon].startswith("Jargon")


def test_structure_of_the_report_shows(draft):
    report, page = draft
    p = parse(page)
    tags = [t for t, _ in p.tags]
    assert tags.count("h1") == 1 and "main" in tags and "aside" in tags and "header" in tags
    assert tags.count("h3") == 1 + 1  # the report's title ('#'), and the page's own "Kinds of finding"
    assert tags.count("h4") == 5  # the report's '##' headings, under the page's h1 and h2
    assert re.search(r"<ul>\s*<li>Home conditions to improve\.", re.sub(r"<[^>]*mark[^>]*>|<span[^>]*></span>",
                                                                      "", page))
    assert "kind: icpc-report" not in page and "conference_date:" not in page  # front matter is not shown
    assert "Missing:" in page and "What is going well" in page  # the overview's missing sections


def test_markdown_syntax_and_inline_html_are_left_out():
    text = '# Plan\n\nWe **met** on <b>Monday</b> <!-- zebra -->.\n'
    page = html_report.render(check_text(text, path="x.md", config=Config()))
    assert "We met on Monday ." in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "&lt;b&gt;" not in page and "zebra" not in page and "**" not in page


def test_markdown_tables_keep_their_rows():
    report = check_text("# Plan\n\n| Who | What |\n|---|---|\n| Sam | Ring school |\n", path="x.md",
                        config=Config())
    page = html_report.render(report)
    parse(page)
    body = re.sub(r"<mark[^>]*>|</mark>|<span[^>]*></span>", "", page)
    assert re.search(r'<table class="cells"><tr>\s*<td>Who</td>\s*<td>What</td>\s*</tr><tr>\s*<td>Sam</td>'
                     r"\s*<td>Ring school</td>\s*</tr></table>", body)


def test_report_text_is_escaped_everywhere():
    text = ('Plan <script>alert("x")</script>\n\nPrior to the ICPC <img src=x onerror=alert(1)> '
            'mum said "</mark><script>alert(2)</script>".\n')
    report = check_text(text, path='<b>"evil".txt', fmt="text", config=Config())
    page = html_report.render(report, title="</title><script>alert(3)</script>")
    p = parse(page)
    assert [t for t, _ in p.tags].count("script") == 1  # the page's own, nothing from the report
    assert not any(t == "img" for t, _ in p.tags)
    assert "alert(" not in "".join(p.text_in.get("script", []))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;/title&gt;&lt;script&gt;alert(3)" in page
    assert "&lt;b&gt;&quot;evil&quot;.txt" in page
    assert any(f.text == "Prior to" for f in report.findings)  # findings next to the markup still marked
    assert "Prior to" in p.marked.values()


def test_nothing_points_outside_the_page():
    text = ("# Reason\n\nSee [the procedures](https://evil.example/track.png) and //cdn.example/x.js.\n\n"
            "Prior to the ICPC we met.\n")
    page = html_report.render(check_text(text, path="x.md", config=Config()))
    assert not re.search(r"""\b(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:[a-z]+:|//)""", page, re.I)
    assert not re.search(r"url\(|@import", page, re.I)
    assert "evil.example" not in page  # a Markdown link's address is markup, left out
    assert "//cdn.example/x.js" in page  # plain text stays text, escaped, never a link
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "http" not in csp


def test_the_policy_allows_exactly_the_page_own_style_and_script(draft):
    _, page = draft
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    for source in (style, script):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in page
    assert " style=" not in page  # inline style attributes would be blocked by the policy


def test_quoted_words_are_shown_but_never_marked():
    text = 'Mum said "I failed to engage with the threshold stuff" and the threshold was met.\n'
    report = check_text(text, path="x.md", config=Config())
    p = parse(html_report.render(report))
    assert "threshold" in p.marked.values()  # the writer's own 'threshold' is marked...
    quote = text.index('"'), text.rindex('"')
    for f in report.findings:  # ...and nothing inside the family's words
        assert not (quote[0] < f.start < quote[1]), f.rule
    assert 'I failed to engage with the threshold stuff' in "".join(p.text_in["p"])


def _with_findings(report, spans):
    made = [Finding(f"r{i}", cat, "warning", f"message {i}", s, e, report.document.text[s:e], hint=f"hint {i}")
            for i, (cat, s, e) in enumerate(spans)]
    return dataclasses.replace(report, findings=made)


def test_crossing_and_nested_findings_split_cleanly():
    text = "Alpha bravo charlie delta echo foxtrot.\n\nGolf hotel india.\n"
    report = check_text(text, path="x.txt", fmt="text", config=Config())
    a, b = text.index("bravo"), text.index("delta")
    spans = [("jargon", a, text.index("charlie") + 7),  # bravo charlie
             ("vague", text.index("charlie"), b + 5),  # charlie delta: crosses the first
             ("wordy", text.index("charlie"), text.index("charlie") + 7),  # inside both
             ("opinion", 0, len("Alpha bravo charlie delta echo foxtrot.")),  # the whole sentence, around all
             ("plan", text.index("foxtrot"), text.index("hotel") + 5)]  # runs across two paragraphs
    rep = _with_findings(report, spans)
    page = html_report.render(rep)
    p = parse(page)  # well formed: every mark closes inside its parent
    for n, f in enumerate(rep.findings, 1):
        assert squash(p.marked[n]) == squash(f.text), (n, p.marked[n])
    assert p.focusable == [4, 1, 2, 3, 5]  # one Tab stop per finding, at its first word
    assert page.count('id="f-2"') == 1 and page.count('data-n="2"') >= 3  # split, still one finding
    # every character sits inside exactly the marks of the findings that cover it
    inner = re.search(r'<div class="doc">(.*?)</div>', page, re.S).group(1)
    pos = 0
    open_: list[int] = []
    source = text
    for tok in re.finditer(r"<mark[^>]*data-n=\"(\d+)\"[^>]*>|</mark>|<[^>]+>|([^<]+)", inner):
        if tok.group(0).startswith("<mark"):
            open_.append(int(tok.group(1)))
        elif tok.group(0) == "</mark>":
            open_.pop()
        elif tok.group(2):
            for ch in tok.group(2):
                if ch.isspace():
                    continue
                pos = source.index(ch, pos)
                want = sorted(n for n, f in enumerate(rep.findings, 1) if f.start <= pos < f.end)
                assert sorted(open_) == want, (ch, pos, open_, want)
                pos += 1


def test_stance_markers_one_per_sentence_and_generated_text_only(draft):
    report, page = draft
    p = parse(page)
    markers = [a for t, a in p.tags if t == "span" and "st" in a.get("class", "").split()]
    body = [st for st, s in zip(report.stances, report.document.sentences, strict=True)
            if report.document.paragraphs[s.paragraph].kind != "heading"]
    assert len(markers) == len(body) > 20
    assert [m["data-stance"] for m in markers] == [st.label for st in body]
    assert 'id="stance-toggle"' in page


def test_render_is_a_pure_function(draft):
    report, page = draft
    assert html_report.render(report) == page


def test_no_findings_says_well_done():
    report = check_text("You and I met on Monday. We talked about school.\n", path="x.md", config=Config())
    page = html_report.render(report)
    parse(page)
    assert "No problems found. Well done." in page and "<mark" not in page


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run cpclint in this process (the language model is loaded once for the whole file)."""
    from cpclint.cli import main

    code = 0
    try:
        main(["check", *args])
    except SystemExit as exc:
        code = exc.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_writes_one_page_and_keeps_exit_codes(tmp_path, capsys):
    out = tmp_path / "report.html"
    text_code, _, _ = cli(capsys, "--fail-on", "warning", str(DRAFT))
    code, stdout, stderr = cli(capsys, "--format", "html", "--fail-on", "warning", "-o", str(out), str(DRAFT))
    assert code == text_code == 1
    assert stdout == "" and "Wrote" in stderr and out.read_text(encoding="utf-8").startswith("<!doctype html>")
    code, stdout, _ = cli(capsys, "--format", "html", str(DRAFT))
    assert code == 0 and stdout == out.read_text(encoding="utf-8")
    code, _, stderr = cli(capsys, "--format", "html", "-o", str(out), str(EXAMPLES))
    assert code == 2 and "one report" in stderr and "Traceback" not in stderr


def test_cli_never_writes_over_the_report(tmp_path, capsys):
    src = tmp_path / "draft.md"
    src.write_text("Prior to the meeting we spoke.\n", encoding="utf-8")
    before = src.read_bytes()
    code, _, stderr = cli(capsys, "--format", "html", "-o", str(src), str(src))
    assert code == 2 and "will not write over it" in stderr
    assert src.read_bytes() == before
    code, _, stderr = cli(capsys, "--format", "html", "-o", str(tmp_path / "no" / "such" / "dir.html"), str(src))
    assert code == 2 and "cannot write the file" in stderr and "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == [src]


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture
def draft_page(page, draft, tmp_path):
    report, html = draft
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page.set_viewport_size({"width": 1366, "height": 768})  # a laptop screen
    page.goto(path.as_uri())
    return page, report


def test_browser_page_loads_clean_with_every_highlight(draft_page, tmp_path):
    page, report = draft_page
    in_text = [f for f in report.findings if f.end > f.start]
    assert page.locator("mark.f[tabindex='0']").count() == len(in_text)
    assert page.locator("#findings .item").count() == len(report.findings)
    assert page.locator("mark.f").first.is_visible()
    page.screenshot(path=str(tmp_path / "laptop.png"), full_page=True)
    assert page.console_errors == []  # a blocked inline script or style would show here


def test_browser_tab_moves_between_findings_and_shows_the_message(draft_page):
    page, report = draft_page
    tip = page.locator("#tip")
    assert tip.is_hidden()
    page.locator("#stance-toggle").focus()
    seen = []
    for _ in range(4):
        page.keyboard.press("Tab")
        n = page.evaluate("document.activeElement.dataset.n")
        assert n is not None, "Tab goes from the controls straight to the findings"
        seen.append(int(n))
        assert tip.is_visible()
        assert squash(report.findings[int(n) - 1].message) in squash(tip.inner_text())
        assert page.locator(f"#n-{n}").get_attribute("class").split()[-1] == "current"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"  # focus is visible
    assert seen == parse(page.content()).focusable[:4]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.n") == str(seen[-2])
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.locator("mark.f[data-n='30']").first.hover()
    assert tip.is_visible() and squash(report.findings[29].message) in squash(tip.inner_text())
    page.locator("#n-40 a.goto").click()  # the list links to the words
    assert page.evaluate("document.activeElement.id") == "f-40"
    assert page.console_errors == []


def test_browser_stance_toggle_shows_each_sentence_kind(draft_page):
    page, _ = draft_page

    def label():
        return page.evaluate("getComputedStyle(document.querySelector('.doc .st'), '::before').content")

    assert label() in ("none", "normal")
    page.locator("label[for='stance-toggle']").click()
    assert page.locator("#stance-toggle").is_checked()
    assert label() == '"fact"'
    page.locator("#stance-toggle").press("Space")  # and by keyboard
    assert label() in ("none", "normal")
    assert page.console_errors == []


def test_browser_print_shows_notes_not_hover(draft_page, tmp_path):
    page, report = draft_page
    page.locator("mark.f").first.focus()
    page.emulate_media(media="print")
    assert page.locator("#tip").is_hidden() and page.locator(".controls").is_hidden()
    assert page.locator("aside").evaluate("e => getComputedStyle(e).position") == "static"
    assert page.locator("#findings .item").last.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.ref'), '::after').content") == '"1"' or \
        page.evaluate("getComputedStyle(document.querySelector('.ref'), '::after').content").strip('"').isdigit()
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert page.console_errors == []


# --- colour contrast (WCAG AA), read from the stylesheet itself --------------------------------


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_meet_wcag_aa():
    css = html_report.CSS
    root = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", css.split("}", 1)[0]))
    ink, paper = root["ink"], root["paper"]
    for name in ("muted", "link", "focus"):
        assert contrast(root[name], paper) >= 4.5, name
        assert contrast(root[name], root["soft"]) >= 4.5, name
    cats = re.findall(r"\.cat-([\w-]+) \{ --bg: (#[0-9a-f]{6}); --ac: (#[0-9a-f]{6});", css)
    assert {c for c, _, _ in cats} == set(html_report.CATEGORY_NAMES)
    for cat, bg, accent in cats:
        assert contrast(ink, bg) >= 7, cat  # the report's words on their highlight
        assert contrast(root["muted"], bg) >= 4.5, cat  # note numbers inside a highlight
        assert contrast(accent, bg) >= 3, cat  # the underline, a graphic, against its highlight
    stances = re.findall(r"\.st-([\w-]+) \{ --sb: (#[0-9a-f]{6}); --sc: (#[0-9a-f]{6}); \}", css)
    assert {s for s, _, _ in stances} == set(html_report.STANCES)
    for stance, bg, fg in stances:
        assert contrast(fg, bg) >= 4.5, stance
    for fg in re.findall(r"\.(?:bad|good) \{ color: (#[0-9a-f]{6})", css):
        assert contrast(fg, paper) >= 4.5


def test_chart_has_a_bar_per_sentence_and_agrees_with_the_long_sentence_rule(draft):
    report, page = draft
    bars = re.findall(r'<rect class="(bar(?: over)?)"', page)
    body = [s for s in report.document.sentences if report.document.paragraphs[s.paragraph].kind != "heading"]
    assert len(bars) == len(body)
    long_ones = [f for f in report.findings if f.rule in ("sentence-long", "sentence-very-long")]
    assert bars.count("bar over") == len(long_ones) > 0
    assert f"{len(long_ones)} of {len(bars)} sentences are over 25 words" in page


def test_a_team_category_is_named_in_words_and_cannot_break_the_markup():
    report = check_text("We spoke prior to the visit.\n", path="x.txt", fmt="text", config=Config())
    start = report.document.text.index("prior to")
    rep = _with_findings(report, [('our "style" <rule>', start, start + 8)])
    page = html_report.render(rep)
    p = parse(page)
    assert p.marked == {1: "prior to"}
    mark = next(a for t, a in p.tags if t == "mark")
    assert mark["class"].split()[:2] == ["f", "cat-our-style-rule-"]
    assert p.items[1].startswith('Our "style" <rule>')  # its name, in words, escaped in the markup
