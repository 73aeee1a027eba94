"""The local web page's server: the same answers as the CLI, the limits, the guard, the privacy rules."""

from __future__ import annotations

import builtins
import io
import json
import logging
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpclint import webguard
from cpclint.cli import cli
from cpclint.websessions import Sessions

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note about httpx versions, not about cpclint
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "icpc-report-draft.md"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SESSION = "s" * 32


@pytest.fixture(scope="module")
def app():
    from cpclint.server import create_app

    return create_app(port=PORT)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, base_url=BASE) as c:
        yield c


def cli_json(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def same_report(api: dict, expected: dict, name: str) -> None:
    """The API's JSON is the CLI's, apart from the file's name (the CLI shows its path)."""
    api = {k: v for k, v in api.items() if k != "page"}
    expected = json.loads(json.dumps(expected))
    expected["files"][0]["path"] = name
    assert api == expected


@pytest.fixture(scope="module")
def sample_cli() -> dict:
    return cli_json(SAMPLE)


def make_docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    import docx

    d = docx.Document()
    for text, style in paragraphs:
        if style and style.startswith("Heading"):
            d.add_heading(text, level=int(style[-1]))
        else:
            d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


WORD_REPORT = [("Reason for conference", "Heading 2"),
               ("Prior to the ICPC, Mum had contact with Dad. The threshold was met.", None),
               ("What we are worried about", "Heading 2"),
               ("There are concerns around home conditions and the children were exposed to arguments.", None)]


# --- the same answers as the CLI -------------------------------------------------------------


def test_check_upload_equals_cli_json(client, sample_cli):
    r = client.post("/api/check", content=SAMPLE.read_bytes(),
                    headers={"X-Cpclint-Name": "icpc-report-draft.md"})
    assert r.status_code == 200
    same_report(r.json(), sample_cli, "icpc-report-draft.md")
    assert len(r.json()["files"][0]["findings"]) > 20


def test_check_json_text_and_session_equal_cli_json(client, sample_cli):
    text = SAMPLE.read_text(encoding="utf-8")
    plain = client.post("/api/check", json={"text": text, "name": "icpc-report-draft.md"})
    same_report(plain.json(), sample_cli, "icpc-report-draft.md")
    assert "page" not in plain.json()
    for _ in range(2):  # a fresh re-checker, then its caches
        live = client.post("/api/check", json={"text": text, "name": "icpc-report-draft.md", "session": SESSION})
        same_report(live.json(), sample_cli, "icpc-report-draft.md")
    page = live.json()["page"]
    assert page["settings"]["family"][0]["name"] == "Danielle Carter"  # from the front matter
    assert page["elapsed_ms"] > 0


def suggestions(client, body: dict, finding: int) -> list[dict]:
    r = client.post("/api/suggestions", json={**body, "finding": finding})
    assert r.status_code == 200, r.text
    assert r.json()["finding"] == finding
    return r.json()["actions"]


def test_word_upload_equals_cli_json(client, tmp_path):
    data = make_docx(WORD_REPORT)
    path = tmp_path / "word-report.docx"
    path.write_bytes(data)
    r = client.post("/api/check", content=data, headers={"X-Cpclint-Name": "word-report.docx"})
    assert r.status_code == 200
    same_report(r.json(), cli_json(path), "word-report.docx")
    rules = {f["rule"] for f in r.json()["files"][0]["findings"]}
    assert {"acronym-undefined", "jargon-term", "vague-concern"} <= rules


def test_read_turns_word_into_markdown(client):
    r = client.post("/api/read?name=report.docx", content=make_docx(WORD_REPORT))
    assert r.status_code == 200
    body = r.json()
    assert body["format"] == "markdown"
    assert body["text"].startswith("## Reason for conference\n\nPrior to the ICPC")
    plain = client.post("/api/read", content="Hello.\r\nSecond line.".encode("cp1252"),
                        headers={"X-Cpclint-Name": "a.txt"})
    assert plain.json() == {"name": "a.txt", "format": "text", "text": "Hello.\nSecond line."}


def test_family_form_makes_you_suggestions(client):
    text = "Sarah did not come to the meeting on 4 May. Mum said she was ill."
    bare = client.post("/api/check", json={"text": text, "session": "f" * 32})
    settings = {"audience": "parent", "family": [
        {"name": "Sarah Jones", "role": "mother", "also": ["Sarah", "Mum"], "reader": True}]}
    told = client.post("/api/check", json={"text": text, "session": "f" * 32, "settings": settings})
    assert told.status_code == 200
    rules = [f["rule"] for f in told.json()["files"][0]["findings"]]
    assert "third-person-reader" in rules
    assert rules != [f["rule"] for f in bare.json()["files"][0]["findings"]]
    i = rules.index("third-person-reader")
    action = suggestions(client, {"text": text, "session": "f" * 32, "settings": settings}, i)[0]
    assert action["safe"] and action["label"].startswith("You did not come")
    assert told.json()["page"]["settings"]["family"][0]["reader"] is True


def test_applying_a_suggestion_removes_its_finding(client):
    text = "The meeting went well, therefore the plan can end.\n"
    r = client.post("/api/check", json={"text": text, "session": "a" * 32}).json()
    findings = r["files"][0]["findings"]
    i = next(n for n, f in enumerate(findings) if f["text"] == "therefore")
    edit = suggestions(client, {"text": text, "session": "a" * 32}, i)[0]["edits"][0]
    assert edit["replacement"] == "so"
    new = text[:edit["start"]] + edit["replacement"] + text[edit["end"]:]
    assert new == "The meeting went well, so the plan can end.\n"
    again = client.post("/api/check", json={"text": new, "session": "a" * 32}).json()
    assert "therefore" not in [f["text"] for f in again["files"][0]["findings"]]


def test_advice_is_never_offered_as_words_to_put_in(client):
    body = {"text": "There are concerns around home conditions. Mum failed to engage, it is felt.\n",
            "session": "b" * 32}
    findings = client.post("/api/check", json=body).json()["files"][0]["findings"]
    kinds = {f["category"] for f in findings}
    assert {"vague", "judgemental", "opinion"} <= kinds
    for i, f in enumerate(findings):
        actions = suggestions(client, body, i)
        if f["category"] in ("vague", "judgemental", "opinion", "plan", "passive"):
            assert actions == [], f


def test_suggestions_for_a_finding_that_is_gone(client):
    body = {"text": "Prior to that.\n", "session": "g" * 32}
    client.post("/api/check", json=body)
    r = client.post("/api/suggestions", json={**body, "finding": 99})
    assert r.status_code == 422 and "not in the report any more" in r.json()["error"]
    assert client.post("/api/suggestions", json={"text": "Hi.", "finding": 0}).status_code == 422  # no session


# --- downloads ---------------------------------------------------------------------------------


def test_annotate_word_file_has_comments(client):
    import docx

    r = client.post("/api/annotate", content=make_docx(WORD_REPORT), headers={"X-Cpclint-Name": "Carter.docx"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="Carter.cpclint.docx"' in r.headers["content-disposition"]
    comments = list(docx.Document(io.BytesIO(r.content)).comments)
    assert len(comments) >= 4
    assert any("ICPC" in c.text for c in comments)


def test_annotate_text_makes_a_word_file(client):
    import docx

    r = client.post("/api/annotate", json={"text": "Prior to the ICPC, Mum had contact with Dad.\n"})
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.content))
    assert "Prior to the ICPC" in d.paragraphs[0].text
    assert len(list(d.comments)) >= 3


def test_fix_gives_tracked_changes_and_fixed_text(client):
    r = client.post("/api/fix", content=make_docx(WORD_REPORT), headers={"X-Cpclint-Name": "r.docx"})
    assert r.status_code == 200 and 'filename="r.fixed.docx"' in r.headers["content-disposition"]
    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    text = client.post("/api/fix", json={"text": "We met prior to the meeting, therefore it went well.\n"}).json()
    assert text["text"] == "We met before the meeting, so it went well.\n"
    assert [f["rule"] for f in text["fixes"]] == ["wordy-phrase", "wordy-phrase"]
    as_file = client.post("/api/fix?output=file", json={"text": "Prior to that.\n", "name": "a.md"})
    assert as_file.content == b"Before that.\n" and "a.fixed.md" in as_file.headers["content-disposition"]


def test_explain_and_html(client):
    import docx

    text = "The ICPC decided on a core group.\n"
    terms = client.post("/api/explain", json={"text": text}).json()["terms"]
    assert {t["word"] for t in terms} >= {"ICPC", "core group"}
    word = client.post("/api/explain?output=docx", json={"text": text})
    assert "Words in this report" in docx.Document(io.BytesIO(word.content)).paragraphs[0].text
    md = client.post("/api/explain?output=markdown", json={"text": text})
    assert md.text.startswith("# Words in this report")
    html = client.post("/api/html", json={"text": text, "name": "r.md"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "core group" in html.text and 'filename="r.cpclint.html"' in html.headers["content-disposition"]


# --- exercises ---------------------------------------------------------------------------------


def test_exercises(client):
    listed = client.get("/api/exercises").json()["exercises"]
    assert len(listed) >= 3
    first = listed[0]
    assert "model_answers" not in first and "source_path" not in first
    one = client.get(f"/api/exercises/{first['id']}").json()
    assert one["passage"] == first["passage"] and "model_answers" not in one
    model = client.get(f"/api/exercises/{first['id']}/answers").json()["model_answers"][0]
    good = client.post(f"/api/exercises/{first['id']}/feedback", json={"answer": model}).json()
    poor = client.post(f"/api/exercises/{first['id']}/feedback", json={"answer": first["passage"]}).json()
    assert good["score"] > poor["score"]
    assert client.get("/api/exercises/no-such-thing").status_code == 404
    assert client.post(f"/api/exercises/{first['id']}/feedback", json={"answer": "  "}).status_code == 422


# --- the guard ---------------------------------------------------------------------------------


SECURITY = {
    "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY",
    "cache-control": "no-store",
}


@pytest.mark.parametrize("method,url", [("GET", "/"), ("GET", "/app.js"), ("GET", "/api/info"),
                                        ("GET", "/nowhere"), ("POST", "/api/check")])
def test_security_headers(client, method, url):
    r = client.request(method, url, json={"text": "Hello."} if method == "POST" else None)
    for k, v in SECURITY.items():
        assert r.headers[k] == v, (url, k)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp


def test_page_has_no_inline_script_or_outside_resources(client):
    page = client.get("/").text
    assert '<script src="/app.js" defer></script>' in page
    # No copy kept for form restoring, and no "enhanced" spell check sending the words away.
    for box in ('<textarea id="editor"', '<textarea id="answer"'):
        tag = page[page.index(box):page.index(">", page.index(box))]
        assert 'spellcheck="false"' in tag and 'autocomplete="off"' in tag
    assert "<script>" not in page and "onclick=" not in page and "style=" not in page
    for asset in (page, client.get("/app.js").text, client.get("/app.css").text):
        assert "http://" not in asset and "https://" not in asset and "@import" not in asset
    assert "localStorage" not in client.get("/app.js").text.replace("Nothing is put in localStorage", "")


def test_no_docs_pages_but_openapi(client):
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    spec = client.get("/api/openapi.json").json()
    wanted = {"/api/check", "/api/fix", "/api/annotate", "/api/explain", "/api/html", "/api/exercises"}
    assert wanted <= set(spec["paths"])
    body = spec["paths"]["/api/check"]["post"]["requestBody"]["content"]
    assert "application/json" in body and "application/octet-stream" in body


@pytest.mark.parametrize("headers", [
    {"host": "evil.example"}, {"host": "evil.example:8765"}, {"host": f"127.0.0.1:{PORT + 1}"},
    {"origin": "http://evil.example"}, {"origin": f"http://127.0.0.1:{PORT + 1}"}, {"origin": "null"},
    {"sec-fetch-site": "cross-site"},
])
def test_strangers_are_refused(client, headers):
    r = client.post("/api/check", json={"text": "Prior to the meeting."}, headers=headers)
    assert r.status_code == 403
    assert "only answers" in r.json()["error"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_own_names_are_welcome(client):
    for host in (f"localhost:{PORT}", f"127.0.0.1:{PORT}"):
        r = client.post("/api/check", json={"text": "Hello."}, headers={"host": host, "origin": f"http://{host}"})
        assert r.status_code == 200


def test_non_loopback_host_needs_a_flag():
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "--allow-network" in str(result.exception) or "--allow-network" in result.output


# --- limits and bad input ------------------------------------------------------------------------


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


def bad_requests() -> list[tuple[str, dict, bytes | None, dict | None, int, str]]:
    good = make_docx(WORD_REPORT)
    bomb = zip_bytes({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (webguard.MAX_DOCX_UNZIPPED + 1)})
    many = zip_bytes({f"part{i}.xml": b"x" for i in range(webguard.MAX_DOCX_ENTRIES + 1)})
    name = "X-Cpclint-Name"
    return [
        ("too big", {name: "big.txt"}, b"a" * (webguard.MAX_UPLOAD_BYTES + 1), None, 413, "larger than 10 MB"),
        ("zip bomb", {name: "bomb.docx"}, bomb, None, 400, "far too big"),
        ("many parts", {name: "many.docx"}, many, None, 400, "too many parts"),
        ("truncated", {name: "cut.docx"}, good[: len(good) // 2], None, 400, "damaged or incomplete"),
        ("junk docx", {name: "junk.docx"}, bytes(range(256)) * 40, None, 400, "not a Word (.docx) file"),
        ("junk text", {name: "junk.txt"}, b"\0\1\2binary" * 100, None, 400, "binary file"),
        ("pdf", {name: "report.pdf"}, b"%PDF-1.4 junk", None, 415, "not '.pdf'"),
        ("old word", {name: "report.doc"}, b"\xd0\xcf\x11\xe0junk", None, 415, "not '.doc'"),
        ("no name", {}, b"hello", None, 400, "Say what the file is called"),
        ("empty", {name: "e.docx"}, b"", None, 400, "is empty"),
        ("zip not word", {name: "z.docx"}, zip_bytes({"a.txt": b"hello"}), None, 400, "Word"),
        ("bad json", {"content-type": "application/json"}, b"{not json", None, 400, "not valid JSON"),
        ("no text", {}, None, {"words": "hi"}, 422, "Send the report"),
        ("long text", {}, None, {"text": "a " * (webguard.MAX_TEXT_CHARS // 2 + 1)}, 413, "longer than"),
        ("bad role", {}, None, {"text": "Hi.", "settings": {"family": [{"name": "Sam", "role": "wizard"}]}}, 422,
         "needs a 'role'"),
        ("bad kind", {}, None, {"text": "Hi.", "settings": {"kind": "nonsense"}}, 422, "kind of report"),
        ("bad audience", {}, None, {"text": "Hi.", "settings": {"audience": "everyone"}}, 422, "must be one of"),
        ("bad session", {}, None, {"text": "Hi.", "session": "../../etc"}, 422, "session id"),
        ("bad format", {}, None, {"text": "Hi.", "format": "docx"}, 422, "'format'"),
        ("bad settings header", {name: "a.txt", "X-Cpclint-Settings": "%7Bnope"}, b"Hello.", None, 400,
         "family form"),
    ]


@pytest.mark.parametrize("case", bad_requests(), ids=lambda c: c[0])
def test_bad_input_gets_a_plain_error_and_the_server_keeps_working(client, case, sample_cli):
    _label, headers, body, data, status, words = case
    if data is not None:
        r = client.post("/api/check", json=data, headers=headers)
    else:
        r = client.post("/api/check", content=body, headers=headers)
    assert r.status_code == status, r.text
    message = r.json()["error"]
    assert words in message
    assert "Traceback" not in message and "\n" not in message
    ok = client.post("/api/check", content=SAMPLE.read_bytes(), headers={"X-Cpclint-Name": "icpc-report-draft.md"})
    same_report(ok.json(), sample_cli, "icpc-report-draft.md")


def test_docx_check_counts_what_really_unpacks():
    """A zip whose entries together are too big is refused before python-docx reads it."""
    bomb = zip_bytes({"a.xml": b"\0" * (webguard.MAX_DOCX_UNZIPPED // 2 + 10),
                      "b.xml": b"\0" * (webguard.MAX_DOCX_UNZIPPED // 2 + 10)})
    from cpclint.errors import InputError

    with pytest.raises(InputError, match="far too big"):
        webguard.check_docx_package(bomb, "bomb.docx")
    webguard.check_docx_package(make_docx(WORD_REPORT), "fine.docx")  # a real report passes


# --- privacy -------------------------------------------------------------------------------------


def test_nothing_written_to_disk_or_logs(client, monkeypatch, caplog):
    """A Word upload checked, annotated and fixed: no file opened for writing, no report words logged."""
    written = []
    real_open = builtins.open

    def watching_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    import tempfile

    def no_temp(*_a, **_k):
        written.append("a temporary file")
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(builtins, "open", watching_open)
    for name in ("mkstemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, no_temp)
    secret = "Zebedee Quartermaine"
    data = make_docx([(f"{secret} did not engage, prior to the ICPC.", None)])
    caplog.set_level(logging.DEBUG)
    for url in ("/api/check", "/api/annotate", "/api/fix", "/api/explain", "/api/html", "/api/read"):
        r = client.post(url, content=data, headers={"X-Cpclint-Name": "secret.docx"})
        assert r.status_code == 200, url
    r = client.post("/api/check", json={"text": f"{secret} missed it.", "session": "p" * 32})
    assert r.status_code == 200
    assert written == []
    assert secret not in caplog.text
    assert "Zebedee" not in caplog.text


def test_a_fault_is_a_plain_message_without_the_report(app, client, monkeypatch, caplog):
    def broken(_sub):
        raise ValueError("Zebedee Quartermaine said something")

    monkeypatch.setattr(app.state.checker, "report", broken)
    caplog.set_level(logging.DEBUG)
    r = client.post("/api/check", json={"text": "Zebedee Quartermaine was seen."})
    assert r.status_code == 500
    assert r.json() == {"error": "Something went wrong inside cpclint (ValueError). Your report has not been kept."}
    assert "Zebedee" not in caplog.text
    assert client.get("/api/info").status_code == 200


# --- sessions ------------------------------------------------------------------------------------


def test_sessions_expire_and_are_capped():
    now = [0.0]
    made = []
    sessions = Sessions(idle_seconds=60, limit=3, clock=lambda: now[0])

    def make(old):
        made.append(old)
        return object()

    first = sessions.checker("a" * 16, "k", make)
    assert sessions.checker("a" * 16, "k", make) is first  # kept
    renewed = sessions.checker("a" * 16, "k2", make)  # new settings: a new checker, given the old one
    assert renewed is not first and made[-1] is first
    for sid in ("b" * 16, "c" * 16, "d" * 16):
        sessions.checker(sid, "k", make)
    assert len(sessions) == 3 and "a" * 16 not in sessions  # the least recently used went
    now[0] = 61
    assert len(sessions) == 0  # idle too long
    sessions.checker("e" * 16, "k", make)
    assert sessions.end("e" * 16) and not sessions.end("e" * 16)


def test_end_session_forgets_the_tab(app, client):
    sid = "q" * 32
    client.post("/api/check", json={"text": "Hello there.", "session": sid})
    assert sid in app.state.checker.sessions
    assert client.post("/api/session/end", json={"session": sid}).status_code == 204
    assert sid not in app.state.checker.sessions


# --- a real server under load ---------------------------------------------------------------------


def test_twenty_concurrent_checks_on_a_live_server(sample_cli):
    import httpx

    from tests.webserver import live_server

    data = SAMPLE.read_bytes()
    text = data.decode("utf-8")
    with live_server() as url:
        def one(n: int) -> dict:
            with httpx.Client(base_url=url, timeout=120) as c:
                if n % 2:
                    r = c.post("/api/check", content=data, headers={"X-Cpclint-Name": "icpc-report-draft.md"})
                else:
                    r = c.post("/api/check", json={"text": text, "name": "icpc-report-draft.md",
                                                   "session": f"{n:02d}" * 16})
                assert r.status_code == 200, r.text
                return r.json()

        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(one, range(20)))
        for result in results:
            same_report(result, sample_cli, "icpc-report-draft.md")
        with httpx.Client(base_url=url) as c:  # still up, and still refusing strangers
            assert c.get("/api/info").status_code == 200
            assert c.get("/api/info", headers={"host": "evil.example"}).status_code == 403


def test_a_port_in_use_is_one_plain_sentence():
    from cpclint.errors import CpclintError
    from cpclint.server import bind

    first = bind("127.0.0.1", 0)
    try:
        port = first.getsockname()[1]
        with pytest.raises(CpclintError, match=f"port {port} is already in use.*--port {port + 1}"):
            bind("127.0.0.1", port)
    finally:
        first.close()


def test_an_overlong_exercise_answer_is_refused(client):
    first = client.get("/api/exercises").json()["exercises"][0]["id"]
    r = client.post(f"/api/exercises/{first}/feedback", json={"answer": "word " * 5000})
    assert r.status_code == 413 and "longer than 20,000 characters" in r.json()["error"]
