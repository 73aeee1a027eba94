"""Take the README's picture of the web page: the sample report checked, one finding chosen.

Starts the page on 127.0.0.1 and a free port, drives Debian's Chromium at laptop size
(1366×768) and writes docs/img/web-page.png.
Run: .venv/bin/python tools/web_screenshot.py [OUT.png]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.webserver import live_server  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "web-page.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "examples" / "icpc-report-draft.md").read_text(encoding="utf-8")
    with live_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(url)
        page.fill("#editor", text)
        page.wait_for_selector("#findings li", timeout=60_000)
        page.locator("#findings .finding-head", has_text="MASH").first.click()
        page.wait_for_selector("#findings li.selected .suggestions button", timeout=30_000)
        page.evaluate("document.getElementById('editor').scrollTop = 300")
        page.evaluate("document.querySelector('#findings li.selected').scrollIntoView({block: 'nearest'})")
        page.evaluate("document.activeElement.blur()")
        time.sleep(0.3)
        page.screenshot(path=str(out))
        browser.close()
    print(f"Wrote {out}")


if __name__ == "__main__":
    main()
