from __future__ import annotations

from pathlib import Path

import pytest

from cpclint.api import check_text
from cpclint.config import Config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(text: str, fmt: str = "markdown", **config):
    """Check `text` with explicit settings (no settings file is looked for)."""
    return check_text(text, path=f"<test>.{'md' if fmt == 'markdown' else 'txt'}", fmt=fmt,
                      config=Config(**config))


def rules_hit(text: str, **kw) -> list[str]:
    return [f.rule for f in run(text, **kw).findings]


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


# --- a real browser, for the HTML report and the web page ------------------------------------
# Debian's Chromium driven by Playwright. A developer without Chromium sees these tests skipped;
# CI installs Chromium and sets CPCLINT_REQUIRE_BROWSER=1, so there a missing browser fails.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    import os

    if not Path(CHROMIUM).exists():
        if os.environ.get("CPCLINT_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing, and CPCLINT_REQUIRE_BROWSER is set")
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors in `page.console_errors`."""
    context = browser.new_context()
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    try:
        yield pg
    finally:
        context.close()
