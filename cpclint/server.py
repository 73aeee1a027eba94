"""The local web page: a small FastAPI app over the library API, for `cpclint serve`.

Everything happens in this process's memory. A report arrives as JSON text or
as a file's raw bytes (never multipart: Starlette spools multipart uploads to a
temporary file on disk), is checked, answered and dropped. The only thing kept
is each browser tab's re-checker (cached results of its last checks, so typing
is re-checked fast), in memory, for a short while (see cpclint.websessions).
Nothing is logged: there is no access log, and faults become a plain message
without the report's words (see cpclint.webguard).

The features other modules provide (Word output, the HTML report, exercises)
are imported inside their endpoints, so the page still starts if one is broken.
"""

from __future__ import annotations

import json
import time
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePath
from urllib.parse import quote, unquote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from cpclint import __version__
from cpclint import config as config_mod
from cpclint.config import AUDIENCES, ROLES, Config, Person
from cpclint.errors import ConfigError, CpclintError, InputError
from cpclint.webguard import (
    MAX_ANSWER_CHARS,
    MAX_DOCX_ENTRIES,
    MAX_DOCX_UNZIPPED,
    MAX_TEXT_CHARS,
    MAX_UPLOAD_BYTES,
    Guard,
    RequestProblem,
    allowed_hosts,
    check_docx_package,
    read_body,
)
from cpclint.websessions import Sessions, valid_id

FORMATS = ("markdown", "text", "docx")
TEXT_FORMATS = ("markdown", "text")
# Front-matter settings that name files: the page never reads files a pasted report points at.
_FILE_KEYS = ("glossary", "rule_files", "profiles")
MAX_FAMILY = 30
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATIC = {"index.html": "text/html; charset=utf-8", "app.css": "text/css; charset=utf-8",
          "app.js": "text/javascript; charset=utf-8", "favicon.svg": "image/svg+xml"}


# --- what the page sends -----------------------------------------------------------------------


@dataclass(frozen=True)
class PageSettings:
    """The page's family form: who the report is to, its readers, its kind. Empty means 'from the report'."""

    audience: str | None = None
    kind: str | None = None
    family: tuple[Person, ...] = ()

    def apply(self, config: Config) -> Config:
        if self.audience:
            config.audience = self.audience
            config.audience_set = True
        if self.kind:
            config.kind = self.kind
        if self.family:
            config.family = self.family
        return config


def parse_settings(raw: object) -> PageSettings:
    if raw is None:
        return PageSettings()
    if not isinstance(raw, dict):
        raise RequestProblem(422, "The family form did not arrive as it should. Reload the page and try again.")
    audience = raw.get("audience") or None
    if audience is not None and audience not in AUDIENCES:
        raise RequestProblem(422, f"Who the report is for must be one of: {', '.join(AUDIENCES)}.")
    kind = raw.get("kind") or None
    if kind is not None:
        from cpclint.profiles import load_kinds

        if not isinstance(kind, str) or kind.lower() not in load_kinds():
            raise RequestProblem(422, "cpclint does not know that kind of report. Choose one from the list.")
        kind = kind.lower()
    family = raw.get("family") or []
    if not isinstance(family, list) or len(family) > MAX_FAMILY:
        raise RequestProblem(422, f"The family list can have up to {MAX_FAMILY} people.")
    people = []
    for item in family:
        if not isinstance(item, dict):
            raise RequestProblem(422, "Each person in the family list needs a name and a role.")
        person = {k: v for k, v in item.items() if v not in (None, "", [])}
        if not person.get("name"):
            continue  # an empty row of the form
        if any(len(str(v)) > 200 for v in person.values()):
            raise RequestProblem(422, "A name in the family list is too long.")
        people.append(person)
    try:
        parsed = config_mod.parse_family(people, "The family list") if people else ()
    except ConfigError as exc:
        raise RequestProblem(422, str(exc)) from None
    return PageSettings(audience, kind, parsed)


@dataclass
class Submission:
    """One report as the page or an API client sent it."""

    name: str  # a display name: "<text>" or the file's name without any folder
    fmt: str
    text: str | None = None  # markdown and text
    data: bytes | None = None  # a Word file's bytes
    settings: PageSettings = PageSettings()
    session: str | None = None
    extra: dict | None = None  # the rest of a JSON request


def _safe_name(name: str) -> str:
    """The file's own name, without folders or control characters, for messages and downloads."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:120] or "report"


async def submission(request: Request) -> Submission:
    """Read JSON {text, format, name, settings, session} or a file's raw bytes (name in a header)."""
    body = await read_body(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise RequestProblem(400, "The request was not valid JSON.") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise RequestProblem(422, "Send the report as {\"text\": \"…\"}, or send the file itself.")
        raw_name = data.get("name") or "<text>"
        if not isinstance(raw_name, str):
            raise RequestProblem(422, "'name' must be the file's name.")
        name = raw_name if raw_name == "<text>" else _safe_name(raw_name)
        from cpclint.sources import format_for

        fmt = data.get("format") or (format_for(name) if name != "<text>" else None) or "markdown"
        if fmt not in TEXT_FORMATS:
            raise RequestProblem(422, "'format' must be markdown or text. Send a Word file as the file itself.")
        session = data.get("session")
        if session is not None and not valid_id(session):
            raise RequestProblem(422, "The page's session id is not valid. Reload the page.")
        text = data["text"].replace("\r\n", "\n")
        _check_length(text)
        return Submission(name, fmt, text=text, settings=parse_settings(data.get("settings")), session=session,
                          extra=data)
    raw_name = request.headers.get("x-cpclint-name") or request.query_params.get("name") or ""
    name = _safe_name(unquote(raw_name)) if raw_name else ""
    from cpclint.sources import decode, format_for

    fmt = request.query_params.get("format") or (format_for(name) if name else None)
    if not name and fmt is None:
        raise RequestProblem(400, "Say what the file is called (X-Cpclint-Name header or ?name=), "
                                  "so cpclint knows whether it is .docx, .md or .txt.")
    if fmt not in FORMATS:
        suffix = PurePath(name).suffix or "no extension"
        raise RequestProblem(415, f"{name}: cpclint reads .docx, .md and .txt files, not '{suffix}'. "
                                  "Save the report as a Word (.docx) or text file and try again.")
    settings = PageSettings()
    header = request.headers.get("x-cpclint-settings")
    if header:
        try:
            settings = parse_settings(json.loads(unquote(header)))
        except ValueError:
            raise RequestProblem(400, "The family form did not arrive as it should. Reload the page.") from None
    if not body:
        raise RequestProblem(400, f"{name or 'The file'} is empty.")
    if fmt == "docx":
        return Submission(name, fmt, data=body, settings=settings)
    try:
        text = decode(body, name or "the file")
    except InputError as exc:
        raise RequestProblem(400, str(exc)) from None
    text = text.replace("\r\n", "\n")
    _check_length(text)
    return Submission(name or "<text>", fmt, text=text, settings=settings)


def _check_length(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise RequestProblem(413, f"The report is longer than {MAX_TEXT_CHARS:,} characters (about "
                                  f"{MAX_TEXT_CHARS // 7:,} words), too long to check here. Check it in parts.")


# --- checking --------------------------------------------------------------------------------


def _front_matter(text: str, fmt: str, name: str) -> tuple[str | None, dict, int]:
    """The front matter's own text (the settings key) and its parsed settings, without file names."""
    if fmt != "markdown":
        return None, {}, 0
    from cpclint.markdown import split_front_matter
    from cpclint.sources import document_from_text

    fm_text, _line, body = split_front_matter(text)
    if fm_text is None:
        return None, {}, 0
    head = document_from_text(text[:body], name, fmt)
    front = head.front_matter
    for key in _FILE_KEYS:
        if key in front:
            del front[key]
    return fm_text, front, head.front_matter_line


class Checker:
    """Builds settings, documents and reports for the app; one per app."""

    def __init__(self, config_path: str | None) -> None:
        self.config_path = config_path
        self.sessions = Sessions()

    def config(self, name: str, front: dict, front_line: int, settings: PageSettings) -> Config:
        config = config_mod.resolve(name, front, front_line, self.config_path, search=False)
        return settings.apply(config)

    def document(self, sub: Submission):
        from cpclint.sources import document_from_text, read_docx

        if sub.fmt == "docx":
            check_docx_package(sub.data, sub.name)
            doc = read_docx(sub.data, sub.name)
            _check_length(doc.text)
            return doc
        doc = document_from_text(sub.text, sub.name, sub.fmt)
        for key in _FILE_KEYS:
            doc.front_matter.pop(key, None)
        return doc

    def report(self, sub: Submission):
        """A one-off check (an upload, a download): nothing outlives it, and the parser never forks."""
        from cpclint.api import check_document
        from cpclint.memo import Memo

        doc = self.document(sub)
        config = self.config(sub.name, doc.front_matter, doc.front_matter_line, sub.settings)
        return check_document(doc, config, memo=Memo(parallel=False, keep=False))

    def recheck(self, sub: Submission):
        """The page's check while typing: the tab's re-checker reuses what its last checks found."""
        from cpclint.incremental import Rechecker

        fm_text, front, front_line = _front_matter(sub.text, sub.fmt, sub.name)
        key = (sub.fmt, sub.name, fm_text, sub.settings)

        def make(old):
            config = self.config(sub.name, front, front_line, sub.settings)
            checker = Rechecker(config, fmt=sub.fmt, path=sub.name, parallel=False)
            if old is not None:
                checker.memo = old.memo  # parses stay good under new settings
            return checker

        session = self.sessions.session(sub.session, key, make)
        with session.lock:
            last = session.last
            if last is not None and last[0] == sub.text:
                return last[1], session
            report = session.checker.check(sub.text)
            session.last = (sub.text, report, None)
            return report, session

    def suggestions(self, sub: Submission, index: int) -> list:
        """The applicable suggestions for one finding of the tab's last check (worked out once per check)."""
        from cpclint import suggest

        report, session = self.recheck(sub)
        with session.lock:
            last = session.last
            if last is None or last[1] is not report:
                last = (sub.text, report, None)
            found = last[2]
            if found is None:
                found = suggest.actions(report, session.checker.memo.parse)
                session.last = (last[0], report, found)
        if not 0 <= index < len(found):
            raise RequestProblem(422, "That finding is not in the report any more. The page will check again.")
        return found[index]


def report_json(report) -> dict:
    """The data `cpclint check --format json` prints for this report (cpclint.output.json_report);
    the tests hold the two equal."""
    return {"version": 1, "tool": {"name": "cpclint", "version": __version__}, "files": [report.to_json()]}


def page_extras(report, started: float) -> dict:
    """What the page needs besides the CLI's JSON: the settings in force and the time taken."""
    config = report.config
    return {
        "settings": {"audience": config.audience, "family": [p.to_json() for p in config.family],
                     "kind": report.overview.kind.id if report.overview and report.overview.kind else None},
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }


# --- answers -----------------------------------------------------------------------------------


def problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def download(data: bytes, filename: str, media_type: str) -> Response:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def out_name(name: str, tag: str, suffix: str) -> str:
    stem = PurePath(name).stem if name and not name.startswith("<") else "report"
    return f"{stem}.{tag}{suffix}"


_DOC_BODY = {
    "required": True,
    "description": "The report: JSON text, or the file's own bytes with its name in `X-Cpclint-Name` "
                   "(or `?name=`). Never multipart: nothing is spooled to disk.",
    "content": {
        "application/json": {"schema": {
            "type": "object", "required": ["text"],
            "properties": {
                "text": {"type": "string", "maxLength": MAX_TEXT_CHARS},
                "format": {"type": "string", "enum": list(TEXT_FORMATS), "default": "markdown"},
                "name": {"type": "string", "description": "The file name, for messages and downloads."},
                "session": {"type": "string", "description": "The page's tab id: re-check fast while editing."},
                "settings": {"type": "object", "properties": {
                    "audience": {"type": "string", "enum": list(AUDIENCES)},
                    "kind": {"type": "string"},
                    "family": {"type": "array", "items": {"type": "object", "properties": {
                        "name": {"type": "string"}, "role": {"type": "string", "enum": list(ROLES)},
                        "reader": {"type": "boolean"}, "age": {"type": "integer"},
                        "also": {"type": "array", "items": {"type": "string"}}}}}}},
            }}},
        "application/octet-stream": {"schema": {"type": "string", "format": "binary",
                                                "maxLength": MAX_UPLOAD_BYTES}},
    },
}
_ERRORS = {str(code): {"description": what, "content": {"application/json": {"schema": {
    "type": "object", "properties": {"error": {"type": "string"}}}}}}
    for code, what in ((400, "Damaged or unreadable input"), (413, "Too big"), (415, "Not a .docx, .md or .txt"),
                       (422, "A setting the page sent is not right"))}


def _doc_route(summary: str, returns: dict) -> dict:
    return {"summary": summary, "openapi_extra": {"requestBody": _DOC_BODY}, "responses": {**returns, **_ERRORS}}


# --- the app -----------------------------------------------------------------------------------


def create_app(host: str = "127.0.0.1", port: int | None = None, config_path: str | None = None) -> FastAPI:
    """The web app. `host` and `port` are the address it answers at (any port when None)."""
    app = FastAPI(title="cpclint", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Check child protection reports for plain, fair, family-friendly writing. "
                              "Runs on this computer only; nothing is stored or sent anywhere.")
    checker = Checker(config_path)
    app.state.checker = checker
    static = {name: resources.files("cpclint").joinpath("data", "web", name).read_bytes() for name in STATIC}

    @app.exception_handler(RequestProblem)
    async def _problem(_request, exc: RequestProblem):
        return problem(exc.status, exc.message)

    @app.exception_handler(CpclintError)
    async def _cpclint_error(_request, exc: CpclintError):
        return problem(400, str(exc))

    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request, _exc):
        return problem(422, "The request was not in the form cpclint expects.")

    @app.exception_handler(HTTPException)
    async def _http(_request, exc: HTTPException):
        words = {404: "There is nothing at this address.", 405: "This address does not take that kind of request."}
        return problem(exc.status_code, words.get(exc.status_code, "cpclint could not answer that request."))

    def page_file(name: str):
        async def serve() -> Response:
            return Response(static[name], media_type=STATIC[name])
        return serve

    app.add_api_route("/", page_file("index.html"), methods=["GET", "HEAD"], include_in_schema=False)
    for name in STATIC:
        app.add_api_route(f"/{name}", page_file(name), methods=["GET", "HEAD"], include_in_schema=False)

    @app.get("/api/info", summary="What this server can do, and its limits")
    async def info() -> dict:
        from cpclint.findings import CATEGORIES
        from cpclint.profiles import load_kinds

        kinds = await run_in_threadpool(load_kinds)
        return {
            "version": __version__,
            "audiences": list(AUDIENCES), "roles": list(ROLES), "categories": list(CATEGORIES),
            "kinds": [{"id": k.id, "name": k.name, "audience": k.audience}
                      for k in sorted(kinds.values(), key=lambda k: k.name)],
            "limits": {"upload_bytes": MAX_UPLOAD_BYTES, "text_chars": MAX_TEXT_CHARS,
                       "docx_unzipped_bytes": MAX_DOCX_UNZIPPED, "docx_entries": MAX_DOCX_ENTRIES,
                       "answer_chars": MAX_ANSWER_CHARS},
            "features": _features(),
        }

    @app.post("/api/check", **_doc_route(
        "Check a report: the same JSON as `cpclint check --format json`",
        {"200": {"description": "The CLI's JSON; with a session, also `page` (the suggestions that can be "
                                "applied, the settings used, the time taken)."}}))
    async def check(request: Request) -> Response:
        started = time.perf_counter()
        sub = await submission(request)
        if sub.session and sub.fmt in TEXT_FORMATS:
            report, _session = await run_in_threadpool(checker.recheck, sub)
        else:
            report = await run_in_threadpool(checker.report, sub)
        data = await run_in_threadpool(report_json, report)
        if sub.session:
            data["page"] = page_extras(report, started)
        return JSONResponse(data)

    @app.post("/api/suggestions", summary="The suggestions that can be put into the text for one finding",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                  "type": "object", "required": ["text", "session", "finding"],
                  "properties": {"text": {"type": "string"}, "session": {"type": "string"},
                                 "finding": {"type": "integer", "description": "The finding's index in the "
                                                                                "check's JSON"}}}}}}},
              responses={"200": {"description": "{finding, actions: [{label, safe, edits: [{start, end, "
                                                "replacement}]}]}: edits in the text's character offsets"}})
    async def suggestions(request: Request) -> dict:
        sub = await submission(request)
        index = (sub.extra or {}).get("finding")
        if not sub.session or sub.fmt not in TEXT_FORMATS or not isinstance(index, int) or isinstance(index, bool):
            raise RequestProblem(422, "Send {text, session, finding} as JSON.")
        found = await run_in_threadpool(checker.suggestions, sub, index)
        return {"finding": index, "actions": [a.to_json() for a in found]}

    @app.post("/api/read", **_doc_route(
        "Turn a file into text for the page's editor (a Word file becomes Markdown)",
        {"200": {"description": "{name, format, text}"}}))
    async def read(request: Request) -> dict:
        sub = await submission(request)
        if sub.fmt != "docx":
            return {"name": sub.name, "format": sub.fmt, "text": sub.text}
        doc = await run_in_threadpool(checker.document, sub)
        return {"name": sub.name, "format": "markdown", "text": docx_markdown(doc)}

    @app.post("/api/fix", **_doc_route(
        "The safe rewrites: a Word file with tracked changes, or the fixed text",
        {"200": {"description": "A .docx (tracked changes) for a Word file or ?output=docx; "
                                "otherwise JSON {text, fixes}, or the fixed file with ?output=file.",
                 "content": {DOCX_TYPE: {}, "application/json": {}}}}))
    async def fix(request: Request, output: str | None = None, only: str | None = None) -> Response:
        sub = await submission(request)
        output = output or ("docx" if sub.fmt == "docx" else "json")
        if output not in ("docx", "json", "file"):
            raise RequestProblem(422, "'output' must be docx, json or file.")
        if output == "file" and sub.fmt == "docx":
            output = "docx"
        wanted = [w.strip() for w in (only or "").split(",") if w.strip()] or None

        def work():
            from cpclint.fixes import apply_fixes, safe_fixes
            from cpclint.memo import Memo

            report = checker.report(sub)
            fixes = safe_fixes(report, wanted, parse=Memo(parallel=False, keep=False).parse)
            if output == "docx":
                from cpclint.wordout import tracked_docx

                return tracked_docx(report, sub.data, fixes), fixes, report
            return apply_fixes(report.document.text, fixes), fixes, report

        result, fixes, report = await run_in_threadpool(work)
        if output == "docx":
            return download(result, out_name(sub.name, "fixed", ".docx"), DOCX_TYPE)
        if output == "file":
            suffix = ".txt" if sub.fmt == "text" else ".md"
            return download(result.encode("utf-8"), out_name(sub.name, "fixed", suffix),
                            "text/plain; charset=utf-8" if sub.fmt == "text" else "text/markdown; charset=utf-8")
        return JSONResponse({"text": result, "fixes": [f.to_json() for f in fixes]})

    @app.post("/api/annotate", **_doc_route(
        "A Word file with every finding as a comment on the exact words",
        {"200": {"description": "A .docx", "content": {DOCX_TYPE: {}}}}))
    async def annotate(request: Request, summary: bool = False) -> Response:
        sub = await submission(request)

        def work():
            from cpclint.wordout import annotate_docx

            report = checker.report(sub)
            return annotate_docx(report, sub.data, summary)

        data = await run_in_threadpool(work)
        return download(data, out_name(sub.name, "cpclint", ".docx"), DOCX_TYPE)

    @app.post("/api/explain", **_doc_route(
        "“Words in this report”: the report's terms and acronyms explained for the family",
        {"200": {"description": "JSON terms, or ?output=docx / markdown as a file",
                 "content": {"application/json": {}, DOCX_TYPE: {}, "text/markdown": {}}}}))
    async def explain(request: Request, output: str = "json") -> Response:
        if output not in ("json", "docx", "markdown"):
            raise RequestProblem(422, "'output' must be json, docx or markdown.")
        sub = await submission(request)

        def work():
            from cpclint.explain import explain_docx, explain_markdown, explain_terms

            terms = explain_terms(checker.report(sub))
            if output == "docx":
                return explain_docx(terms)
            if output == "markdown":
                return explain_markdown(terms).encode("utf-8")
            return [t.to_json() for t in terms]

        result = await run_in_threadpool(work)
        if output == "json":
            return JSONResponse({"terms": result})
        if output == "docx":
            return download(result, out_name(sub.name, "words", ".docx"), DOCX_TYPE)
        return download(result, out_name(sub.name, "words", ".md"), "text/markdown; charset=utf-8")

    @app.post("/api/html", **_doc_route(
        "The HTML report: one self-contained page to keep or share",
        {"200": {"description": "An HTML file", "content": {"text/html": {}}}}))
    async def html(request: Request) -> Response:
        sub = await submission(request)

        def work():
            from cpclint.html_report import render

            return render(checker.report(sub)).encode("utf-8")

        data = await run_in_threadpool(work)
        return download(data, out_name(sub.name, "cpclint", ".html"), "text/html; charset=utf-8")

    @app.get("/api/exercises", summary="The training exercises")
    async def exercises() -> dict:
        from cpclint.exercises import load_exercises

        found = await run_in_threadpool(load_exercises)
        return {"exercises": [_exercise_json(e) for e in found.values()]}

    @app.get("/api/exercises/{exercise_id}", summary="One exercise, without its model answers")
    async def exercise(exercise_id: str) -> dict:
        return _exercise_json(await run_in_threadpool(_find_exercise, exercise_id))

    @app.get("/api/exercises/{exercise_id}/answers", summary="An exercise's model answers")
    async def answers(exercise_id: str) -> dict:
        ex = await run_in_threadpool(_find_exercise, exercise_id)
        return {"id": ex.id, "model_answers": list(ex.model_answers)}

    @app.post("/api/exercises/{exercise_id}/feedback", summary="Feedback on a trainee's rewrite",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                  "type": "object", "required": ["answer"],
                  "properties": {"answer": {"type": "string", "maxLength": MAX_ANSWER_CHARS}}}}}}})
    async def exercise_feedback(exercise_id: str, request: Request) -> dict:
        body = await read_body(request, MAX_ANSWER_CHARS * 4 + 1024)
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise RequestProblem(400, "The request was not valid JSON.") from None
        answer = data.get("answer") if isinstance(data, dict) else None
        if not isinstance(answer, str):
            raise RequestProblem(422, "Send the rewrite as {\"answer\": \"…\"}.")
        if len(answer) > MAX_ANSWER_CHARS or answer.count(" ") > 3000:
            raise RequestProblem(413, f"The rewrite is longer than {MAX_ANSWER_CHARS:,} characters "
                                      "(or 3,000 words). An exercise needs a few paragraphs.")
        if not answer.strip():
            raise RequestProblem(422, "Write your rewrite first, then ask for feedback.")

        def work():
            from cpclint.exercises import feedback

            return feedback(_find_exercise(exercise_id), answer.replace("\r\n", "\n")).to_json()

        return await run_in_threadpool(work)

    @app.post("/api/session/end", summary="Forget a tab's re-checker now (the page calls this when it closes)",
              status_code=204)
    async def end_session(request: Request) -> Response:
        body = await read_body(request, 1024)
        try:
            sid = json.loads(body).get("session")
        except (ValueError, AttributeError, UnicodeDecodeError):
            sid = None
        if valid_id(sid):
            checker.sessions.end(sid)
        return Response(status_code=204)

    # Outside everything else, so even FastAPI's own errors get the headers and the checks.
    app.add_middleware(Guard, hosts=allowed_hosts(host, port) if port else _AnyPort(allowed_hosts(host, None)))
    return app


class _AnyPort(set):
    """Host names with any port (for tests, and for `create_app()` without a port)."""

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        name = value.rsplit(":", 1)[0] if value.count(":") == 1 or value.startswith("[") else value
        return set.__contains__(self, name) or set.__contains__(self, value)


def _find_exercise(exercise_id: str):
    from cpclint.exercises import find_exercise

    try:
        return find_exercise(exercise_id)
    except ConfigError:
        raise  # a broken exercise file: the trainer needs the message
    except CpclintError as exc:
        message = str(exc)
        raise RequestProblem(404, message[:1].upper() + message[1:]) from None


def _exercise_json(ex) -> dict:
    data = ex.to_json(include_answers=False)
    data.pop("source_path", None)  # a path on this computer is no business of the page
    return data


def _features() -> dict:
    """Which optional parts load: the page hides the buttons of any that do not."""
    import importlib

    found = {}
    for feature, module in (("recheck", "cpclint.incremental"), ("word", "cpclint.wordout"),
                            ("explain", "cpclint.explain"), ("html", "cpclint.html_report"),
                            ("exercises", "cpclint.exercises"), ("fix", "cpclint.fixes")):
        try:
            importlib.import_module(module)
            found[feature] = True
        except Exception:  # noqa: BLE001 - a broken module only hides its button
            found[feature] = False
    return found


def docx_markdown(doc) -> str:
    """A Word file's paragraphs as Markdown the page can edit: headings, list items, paragraphs."""
    blocks = []
    kind = doc.front_matter.get("kind") if doc.front_matter else None
    if kind:
        blocks.append(f"---\nkind: {kind}\n---")
    for p in doc.paragraphs:
        text = " ".join(doc.text[p.start:p.end].split())
        if p.kind == "heading":
            blocks.append("#" * max(1, min(p.level, 6)) + " " + text)
        elif p.kind == "list-item":
            blocks.append("- " + text)
        else:
            blocks.append(text)
    return "\n\n".join(blocks) + "\n"




# --- running it ----------------------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def bind(host: str, port: int):
    """Open the listening socket first, so a port in use is one plain sentence, not a traceback."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Connections inherit this: an answer's headers and body go out at once, not 40 ms apart.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
            raise CpclintError(f"port {port} is already in use (is cpclint already running? Try "
                               f"http://{_url_host(host)}:{port}), or start it with --port {port + 1}.") from None
        raise CpclintError(f"cannot listen at {host}:{port} ({exc.strerror or exc}).") from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def server_for(sock, host: str, config_path: str | None = None):
    """A uvicorn server for an already-bound socket: no access log, no server header."""
    import uvicorn

    port = sock.getsockname()[1]
    app = create_app(host="localhost" if host == "localhost" else host, port=port, config_path=config_path)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                            lifespan="off", ws="none", http="h11", timeout_keep_alive=5,
                            limit_concurrency=64)
    return uvicorn.Server(config), f"http://{_url_host(host)}:{port}"


def serve(host: str = "127.0.0.1", port: int = 8765, open_browser: bool = False,
          config_path: str | None = None, echo=print) -> None:
    """Run the page until Ctrl+C. The caller has already warned about a non-loopback host."""
    sock = bind(host, port)
    server, url = server_for(sock, host, config_path)
    import gc

    from cpclint import nlp

    nlp.pipeline()  # load the model before the first report, not during it
    # The model's ~95,000 objects never change; without this the collector walks them all
    # every few re-checks (a 50-80 ms pause while the user types).
    gc.collect()
    gc.freeze()
    echo(f"cpclint is running at {url}")
    echo("Open that address in your web browser. Reports you check stay on this computer;")
    echo("nothing is saved. Press Ctrl+C to stop.")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
