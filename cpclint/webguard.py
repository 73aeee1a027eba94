"""What stands between the local web page and everything else: who may talk to it, what it
may be sent, and the headers every answer carries.

The page is about children at risk, so the server answers only its own page:
a request whose Host is not the server's own address (DNS rebinding) or whose
Origin is another site is refused. Bodies are read into memory with a hard
limit, Word files are unpacked entry by entry under a limit before python-docx
sees them (zip bombs), and any fault becomes one plain JSON error, never a
traceback that could carry report text into a log.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass

from cpclint.errors import InputError

# One place for every limit, so the page, the docs and the tests agree.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a Word report with photographs is rarely over 5 MB
MAX_TEXT_CHARS = 400_000  # about 60,000 words: several times the longest real report
MAX_DOCX_UNZIPPED = 64 * 1024 * 1024  # stricter than cpclint.sources' 500 MB for files on disk
MAX_DOCX_ENTRIES = 1000
# An exercise rewrite: a few paragraphs. Kept under the parser's 4,000-word mark for a second process,
# because exercise feedback checks through the plain API, which may fork (unsafe in a threaded server).
MAX_ANSWER_CHARS = 20_000

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
     b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    (b"cache-control", b"no-store"),
]


class RequestProblem(Exception):
    """A request cpclint cannot answer: the status and one plain sentence to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def too_big(what: str) -> RequestProblem:
    return RequestProblem(413, f"{what} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB, "
                               "too big to be a report. Try a copy without the photographs.")


def allowed_hosts(host: str, port: int | None) -> set[str]:
    """Host header values this server answers to: its own address, by any loopback name."""
    names = set(LOOPBACK_NAMES) if host in ("127.0.0.1", "localhost", "::1") else set()
    names.add(f"[{host}]" if ":" in host and not host.startswith("[") else host)
    if port is None:
        return names
    return {f"{n}:{port}" for n in names} | ({*names} if port == 80 else set())


@dataclass
class Guard:
    """ASGI middleware: refuse strangers, add the security headers, hide faults."""

    app: object
    hosts: set[str]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if host.lower() not in self.hosts:
            await _plain(send, 403, "This cpclint page only answers at its own address "
                                    f"({sorted(self.hosts)[0]}).")
            return
        origin = headers.get("origin")
        if origin is not None and not (origin.lower().startswith("http://") and origin.lower()[7:] in self.hosts):
            await _plain(send, 403, "cpclint only answers its own page, not other web sites.")
            return
        if headers.get("sec-fetch-site") == "cross-site":
            await _plain(send, 403, "cpclint only answers its own page, not other web sites.")
            return
        started = False

        async def send_with_headers(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - never let a fault (or its message) reach a log
            if not started:
                await _plain(send, 500, "Something went wrong inside cpclint "
                                        f"({type(exc).__name__}). Your report has not been kept.")


async def _plain(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


async def read_body(request, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The request body, in memory, refusing more than `limit` bytes before reading them all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_big("The file")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big("The file")
        chunks.append(chunk)
    return b"".join(chunks)


def check_docx_package(data: bytes, name: str) -> None:
    """Refuse a Word file that is not a zip, has too many parts, or unpacks to too much.

    Every entry is really unpacked (to nowhere) with a running count, because a
    zip's own size fields can lie.
    """
    if not data.startswith(b"PK"):
        raise InputError(f"{name}: this is not a Word (.docx) file cpclint can open. "
                         "If it is an old .doc file, save it as .docx first.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            entries = zf.infolist()
            if len(entries) > MAX_DOCX_ENTRIES:
                raise InputError(f"{name}: this Word file has far too many parts to be a report.")
            if sum(i.file_size for i in entries) > MAX_DOCX_UNZIPPED:
                raise InputError(f"{name}: this Word file unpacks to something far too big to be a report.")
            total = 0
            for info in entries:
                with zf.open(info) as part:
                    while chunk := part.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_DOCX_UNZIPPED:
                            raise InputError(f"{name}: this Word file unpacks to something far too big "
                                             "to be a report.")
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError):
        raise InputError(f"{name}: this Word file is damaged or incomplete, so cpclint cannot open it. "
                         "Try saving it again in Word.") from None
