"""The web page in a real browser (Debian's Chromium) against a real server on 127.0.0.1."""

from __future__ import annotations

import base64
import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from tests.test_server import WORD_REPORT, make_docx
from tests.webserver import live_server

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "examples" / "icpc-report-draft.md").read_text(encoding="utf-8")
WAIT = 30_000  # ms: the first check loads the language model


@pytest.fixture(scope="module")
def url():
    with live_server() as address:
        yield address


@pytest.fixture
def app_page(page, url):
    page.set_default_timeout(WAIT)
    page.goto(url)
    wait_until(page, "document.querySelectorAll('#kind option').length > 1")  # /api/info arrived
    yield page
    assert page.console_errors == []


def wait_until(page, script: str, timeout: float = WAIT) -> None:
    """Poll a JavaScript expression (Playwright's wait_for_function needs eval, which the page's CSP forbids)."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {script}")
        page.wait_for_timeout(40)


def paste(page, text: str) -> None:
    page.fill("#editor", text)
    wait_until(page, "document.getElementById('status').textContent.startsWith('Checked')")


def finding_head(page, words: str):
    return page.locator("#findings .finding-head", has_text=words).first


def test_paste_the_sample_and_see_highlights(app_page):
    paste(app_page, SAMPLE)
    assert app_page.locator("#findings > li").count() > 50
    assert app_page.locator("#backdrop .hl").count() > 50
    for cat in ("jargon", "acronym", "role-label", "vague", "judgemental"):
        assert app_page.locator(f"#backdrop .hl.cat-{cat}").count() >= 1, cat
    # The highlighted characters are exactly the text's own, in the same place.
    assert app_page.eval_on_selector("#backdrop", "b => b.textContent") == SAMPLE + "\n "
    assert app_page.locator("#backdrop .hl", has_text="disguised compliance").first.get_attribute("class") \
        == "hl cat-judgemental"
    assert app_page.text_content("#fig-age").startswith("13.8")
    assert app_page.text_content("#fig-you").startswith("0%")
    assert "Danielle Carter (reads it)" in app_page.text_content("#family-summary")
    # Choosing a finding names its kind in the text, not by colour alone.
    finding_head(app_page, "MASH").click()
    assert app_page.text_content("#backdrop .hl.active .tag") == "Acronym"
    assert "What it means" in app_page.text_content("#findings li.selected")
    # Fact and opinion on request.
    app_page.click("#stance-toggle")
    assert app_page.locator("#backdrop .st-tag-opinion").count() >= 5
    assert re.search(r"Opinion \(\d+\)", app_page.text_content("#stances"))
    app_page.click("#stance-toggle")
    assert app_page.locator("#backdrop .hl").count() > 50


def test_apply_a_suggestion(app_page):
    paste(app_page, "We met prior to the meeting, therefore it went well.\n")
    finding_head(app_page, "therefore").click()
    app_page.locator("#findings li.selected .suggestions button", has_text="so").click()
    wait_until(app_page, "!document.getElementById('editor').value.includes('therefore')")
    assert app_page.input_value("#editor") == "We met prior to the meeting, so it went well.\n"
    wait_until(app_page, "document.getElementById('status').textContent.startsWith('Checked')")
    messages = app_page.locator("#findings .msg").all_text_contents()
    assert not any("therefore" in m for m in messages)
    assert any("Prior to" in m or "prior to" in m for m in messages)  # the rest is still there


def test_typing_rechecks_and_updates_the_figures(app_page):
    paste(app_page, "Mum failed to engage.\n")
    assert app_page.locator("#backdrop .hl.cat-judgemental").count() == 1
    app_page.click("#editor")
    app_page.keyboard.press("End")
    app_page.keyboard.type(" She was hostile.")
    wait_until(app_page, "document.querySelectorAll('#backdrop .hl.cat-judgemental').length == 2")
    assert app_page.text_content("#fig-words").startswith("7")


def test_family_form_changes_the_suggestions(app_page):
    paste(app_page, "Sarah did not come to the meeting on 4 May.\n")
    assert app_page.locator("#backdrop .hl.cat-third-person").count() == 0
    app_page.click("#family summary")
    app_page.click("#add-person")
    person = app_page.locator("#people .person").first
    person.locator("[data-field=name]").fill("Sarah Jones")
    person.locator("[data-field=also]").fill("Sarah")
    person.locator("[data-field=reader]").check()
    wait_until(app_page, "document.querySelectorAll('#backdrop .hl.cat-third-person').length == 1")
    finding_head(app_page, "Sarah").click()
    button = app_page.locator("#findings li.selected .suggestions button").first
    assert "You did not come" in button.text_content()
    button.click()
    wait_until(app_page, "document.getElementById('editor').value.startsWith('You did not come')")
    assert "Using your list: Sarah Jones (reads it)" in app_page.text_content("#family-summary")


def drop_file(page, name: str, data: bytes) -> None:
    page.evaluate(
        """([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name));
            const zone = document.getElementById('drop');
            zone.dispatchEvent(new DragEvent('dragenter', {dataTransfer: dt, bubbles: true}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""", [name, base64.b64encode(data).decode()])


def test_drop_a_word_file_and_download_the_annotated_copy(app_page, tmp_path):
    import docx

    drop_file(app_page, "Carter report.docx", make_docx(WORD_REPORT))
    wait_until(app_page, "document.getElementById('status').textContent.startsWith('Checked')")
    assert app_page.input_value("#editor").startswith("## Reason for conference\n\nPrior to the ICPC")
    with app_page.expect_download() as info:
        app_page.click("[data-download=annotate]")
    download = info.value
    assert download.suggested_filename == "Carter report.cpclint.docx"
    saved = tmp_path / "annotated.docx"
    download.save_as(saved)
    document = docx.Document(str(saved))
    assert document.paragraphs[0].text == "Reason for conference"  # the Word file itself, not the text
    comments = [c.text for c in document.comments]
    assert len(comments) >= 4 and any("ICPC" in c for c in comments)
    with app_page.expect_download() as info:
        app_page.click("[data-download=fix]")
    info.value.save_as(tmp_path / "fixed.docx")
    xml = zipfile.ZipFile(tmp_path / "fixed.docx").read("word/document.xml").decode()
    assert "<w:ins " in xml
    with app_page.expect_download() as info:
        app_page.click("[data-download=explain]")
    info.value.save_as(tmp_path / "words.docx")
    assert "ICPC" in "\n".join(p.text for p in docx.Document(str(tmp_path / "words.docx")).paragraphs)


def test_choose_a_file_and_download_the_html_report(app_page, tmp_path):
    app_page.set_input_files("#file", files=[{"name": "notes.md", "mimeType": "text/markdown",
                                              "buffer": b"The core group met.\n"}])
    wait_until(app_page, "document.getElementById('status').textContent.startsWith('Checked')")
    with app_page.expect_download() as info:
        app_page.click("[data-download=html]")
    assert info.value.suggested_filename == "notes.cpclint.html"
    info.value.save_as(tmp_path / "r.html")
    assert "core group" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_bad_file_gets_a_plain_message(app_page):
    drop_file(app_page, "scan.pdf", b"%PDF-1.4")
    assert "cpclint opens Word (.docx)" in app_page.text_content("#status")
    drop_file(app_page, "broken.docx", b"PK\x03\x04 not really a zip")
    wait_until(app_page, "document.getElementById('status').classList.contains('error')")
    wait_until(app_page, "document.getElementById('status').textContent.includes('damaged')")
    # The browser itself logs the server's 400 answer; that one is expected here, nothing else is.
    app_page.console_errors[:] = [e for e in app_page.console_errors if "status of 400" not in e]


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def test_keyboard_only(app_page):
    page = app_page
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to the report"
    page.keyboard.press("Enter")  # the skip link goes straight to the report box
    assert focused(page) == "editor"
    page.keyboard.insert_text("We met prior to the meeting, therefore it went well.\n")
    wait_until(page, "document.getElementById('status').textContent.startsWith('Checked')")
    # Tab out of the report into the results; every stop shows where the focus is.
    for _ in range(40):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", focused(page)
        if page.evaluate("document.activeElement.classList.contains('finding-head')"):
            break
    else:
        pytest.fail("the findings cannot be reached with the Tab key")
    # Open findings with Enter until one offers words to put in, then use them.
    for _ in range(30):
        if page.evaluate("document.activeElement.closest('.suggestions') !== null"):
            break
        if page.evaluate("document.activeElement.getAttribute('aria-expanded') === 'false'"):
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
        page.keyboard.press("Tab")
    else:
        pytest.fail("no suggestion could be reached with the keyboard")
    before = page.input_value("#editor")
    page.keyboard.press("Enter")
    wait_until(page, "document.getElementById('status').textContent.startsWith('Checked')")
    wait_until(page, f"document.getElementById('editor').value !== {before!r}")
    assert page.evaluate("document.activeElement.classList.contains('finding-head')")  # ready for the next
    # The tabs work with the arrow keys.
    page.focus("#tab-check")
    page.keyboard.press("ArrowRight")
    assert focused(page) == "tab-practise"
    assert page.is_visible("#panel-practise") and not page.is_visible("#panel-check")
    page.keyboard.press("ArrowLeft")
    assert page.is_visible("#panel-check")


def test_every_control_has_a_label(app_page):
    unlabelled = app_page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((e) => !e.hidden && e.type !== 'file')
        .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                       && !e.textContent.trim())
        .map((e) => e.outerHTML)""")
    assert unlabelled == []
    assert app_page.get_attribute("html", "lang") == "en-GB"


def test_exercise_mode(app_page):
    page = app_page
    page.click("#tab-practise")
    wait_until(page, "document.querySelectorAll('#exercise option').length > 2")
    passage = page.text_content("#passage")
    assert len(passage) > 40
    page.click("#get-feedback")
    assert "Write your rewrite first" in page.text_content("#practise-status")
    page.click("#copy-passage")
    page.click("#get-feedback")
    page.wait_for_selector("#feedback:not([hidden])")
    poor = int(page.text_content("#feedback .score").split()[0])
    feedback = page.text_content("#feedback")
    assert "Still to fix" in feedback and "null" not in feedback and "undefined" not in feedback
    page.click("#show-model")
    page.wait_for_selector("#model:not([hidden])")
    model = page.text_content("#model-body")
    assert model and model != passage
    page.fill("#answer", model)
    page.click("#get-feedback")
    wait_until(page, f"!document.querySelector('#feedback .score').textContent.startsWith('{poor} ')")
    assert int(page.text_content("#feedback .score").split()[0]) > poor
    # Another exercise starts clean.
    second = page.eval_on_selector_all("#exercise option", "o => o[1].value")
    page.select_option("#exercise", second)
    assert page.input_value("#answer") == "" and page.is_hidden("#feedback")


def test_nothing_in_browser_storage(app_page):
    paste(app_page, "Mum failed to engage.\n")
    stored = app_page.evaluate("""async () => ({
        local: localStorage.length, session: sessionStorage.length, cookies: document.cookie,
        dbs: indexedDB.databases ? (await indexedDB.databases()).length : 0})""")
    assert stored == {"local": 0, "session": 0, "cookies": "", "dbs": 0}


def test_closing_the_tab_forgets_its_session(app_page, url):
    paste(app_page, "Mum failed to engage.\n")
    sessions = url.app.state.checker.sessions
    before = len(sessions)
    assert before >= 1
    app_page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    deadline = time.monotonic() + 10
    while len(sessions) >= before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(sessions) == before - 1


def test_word_helper_builds_real_files():
    assert zipfile.is_zipfile(io.BytesIO(make_docx(WORD_REPORT)))
