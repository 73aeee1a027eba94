"""How long the web page waits for a re-check: one round trip through the local server's API.

A real uvicorn server on 127.0.0.1 and a real HTTP client, as the page uses them:
POST /api/check with the tab's session id, after a one-word edit in the middle of a
~20,000-word report (the same report and edit as bench_recheck.py), and for the
sample report. The figure includes everything the page waits for: the re-check,
the JSON both ways and HTTP on this computer; and what choosing a finding costs (its
suggestions are worked out for the whole check when the first one is chosen). Prints
milliseconds (median of several runs); asserts nothing.
Run: .venv/bin/python benchmarks/bench_web.py
"""

from __future__ import annotations

import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
from bench_check import build_report  # noqa: E402
from bench_recheck import FAMILY, edit_word  # noqa: E402

from cpclint import nlp  # noqa: E402
from tests.webserver import live_server  # noqa: E402

RUNS = 7
SETTINGS = {"family": [{"name": p.name, "role": p.role, "also": list(p.also), "reader": p.reader,
                        **({"age": p.age} if p.age else {})} for p in FAMILY]}


def round_trips(client: httpx.Client, text: str, label: str, session: str, edit) -> None:
    body = {"text": text, "name": "report.md", "settings": SETTINGS, "session": session}
    start = time.perf_counter()
    first = client.post("/api/check", json=body)
    cold = (time.perf_counter() - start) * 1000
    first.raise_for_status()
    data = first.json()
    size = len(first.content)
    times, server = [], []
    for run in range(RUNS):
        body["text"] = text = edit(text, run)
        start = time.perf_counter()
        r = client.post("/api/check", json=body)
        r.raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
        server.append(r.json()["page"]["elapsed_ms"])
    findings = r.json()["files"][0]["findings"]
    chosen = next((i for i, f in enumerate(findings) if f["category"] == "role-label"), 0)
    start = time.perf_counter()
    client.post("/api/suggestions", json={**body, "finding": chosen}).raise_for_status()
    first_choice = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    client.post("/api/suggestions", json={**body, "finding": chosen}).raise_for_status()
    next_choice = (time.perf_counter() - start) * 1000
    print(f"\n{label}: {len(text.split()):,} words, {len(data['files'][0]['findings']):,} findings, "
          f"{size / 1024:,.0f} KB of JSON")
    print(f"  first check of the tab (cold caches):      {cold:8.0f} ms")
    print(f"  round trip after a one-word edit:          {statistics.median(times):8.0f} ms  (median of {RUNS})")
    print(f"    of which the server's own work:          {statistics.median(server):8.0f} ms")
    print(f"  suggestions for a finding, first after it: {first_choice:8.0f} ms  (works them out for all)")
    print(f"  suggestions for another finding:           {next_choice:8.0f} ms")


def main() -> None:
    nlp.pipeline()  # `cpclint serve` loads the model with the first check; the figures leave that out
    sample = (ROOT / "examples" / "icpc-report-draft.md").read_text(encoding="utf-8")
    big = build_report()
    # TCP_NODELAY as browsers set it: without it the client's small writes wait ~40 ms for an ACK.
    transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    with live_server() as url, httpx.Client(base_url=url, timeout=300, transport=transport) as client:
        round_trips(client, sample, "sample report (examples/icpc-report-draft.md)", "a" * 32,
                    lambda t, run: t.replace("most weekends", f"most weekends {run}", 1))
        round_trips(client, big, "~20,000-word report with a family list", "b" * 32, edit_word)


if __name__ == "__main__":
    main()
