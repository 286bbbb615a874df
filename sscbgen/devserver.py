"""The HTTP side of ``sscbgen serve``: the session's latest good build, from memory.

Only the files of the build can be served: a request names a key of the build's
``{path: bytes}``, never a place on disk, so ``..``, encoded dots, backslashes,
absolute paths and links out of the site all end at the 404 page. Only GET and
HEAD. Every HTML page gets the live-reload script (only here: a build has none)
and, while the latest build has errors, a box listing them over the page.
"""

from __future__ import annotations

import html
import ipaddress
import json
import mimetypes
import re
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

from sscbgen.errors import SourceError
from sscbgen.serve import Session, Snapshot

PREFIX = "/__sscbgen/"   # the server's own addresses; no built file starts with "__"
LIVE_SCRIPT = """// sscbgen serve only: reload the page when a new build is ready. Not part of the published site.
(function () {
  var generation = document.currentScript.getAttribute("data-generation");
  var events = new EventSource("/__sscbgen/events?generation=" + encodeURIComponent(generation));
  events.addEventListener("reload", function () { events.close(); window.location.reload(); });
})();
"""
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".svg": "image/svg+xml", ".ics": "text/calendar; charset=utf-8", ".xml": "application/xml",
         ".txt": "text/plain; charset=utf-8", ".json": "application/json", ".pdf": "application/pdf"}
KEEPALIVE = 10.0   # seconds between comments on an idle event stream (finds closed connections)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class DevServer(ThreadingHTTPServer):
    daemon_threads = True          # open event streams never hold up the exit
    allow_reuse_address = True

    def __init__(self, host: str, port: int, session: Session):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.session = session
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: DevServer
    server_version = "sscbgen-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass   # quiet: the terminal shows builds, not requests

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _refuse(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"Only GET and HEAD.\n", "text/plain; charset=utf-8", True, {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

    def _respond(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        if parts.path == PREFIX + "events" and send_body:
            return self._events(parts.query)
        if parts.path == PREFIX + "live.js":
            return self._send(HTTPStatus.OK, LIVE_SCRIPT.encode(), TYPES[".js"], send_body)
        if parts.path == PREFIX + "status":
            return self._send(HTTPStatus.OK, _status(self.server.session), TYPES[".json"], send_body)
        snapshot = self.server.session.snapshot
        name = build_path(parts.path)
        if name is not None and name in snapshot.files:
            return self._file(HTTPStatus.OK, name, snapshot, send_body)
        if name is not None and not name.endswith("/") and f"{name}/index.html" in snapshot.files:
            location = "/" + quote(name) + "/" + (f"?{parts.query}" if parts.query else "")
            return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", TYPES[".txt"], send_body, {"Location": location})
        if name is not None and f"{name}index.html" in snapshot.files:
            return self._file(HTTPStatus.OK, f"{name}index.html", snapshot, send_body)
        if "404.html" in snapshot.files:
            return self._file(HTTPStatus.NOT_FOUND, "404.html", snapshot, send_body)
        page = _no_build_page(snapshot)
        return self._send(HTTPStatus.SERVICE_UNAVAILABLE if snapshot.errors else HTTPStatus.NOT_FOUND, page, TYPES[".html"], send_body)

    def _file(self, status: HTTPStatus, name: str, snapshot: Snapshot, send_body: bool) -> None:
        data = snapshot.files[name]
        suffix = name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""
        kind = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        if suffix == ".html":
            data = decorate(data, snapshot)
        self._send(status, data, kind, send_body)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, send_body: bool, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for header, value in (headers or {}).items():
                self.send_header(header, value)
            self.end_headers()
            if send_body:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the reader went away

    def _events(self, query: str) -> None:
        """Server-Sent Events: 'reload' whenever a build newer than the page's is ready."""
        try:
            seen = int(parse_qs(query).get("generation", ["0"])[0])
        except ValueError:
            seen = 0
        session = self.server.session
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not session.stopping:
                snapshot = session.wait(seen, KEEPALIVE)
                if snapshot.generation > seen:
                    seen = snapshot.generation
                    self.wfile.write(f"event: reload\ndata: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass   # the page closed or reloaded


def build_path(url_path: str) -> str | None:
    """The path in the build that a URL's path names ("" for the home page), or None.

    Decoded once: ``%2e%2e`` is ``..``, which is refused, and ``%252e`` stays ``%2e``,
    which no built file is called. Whatever comes back is only ever a key to look up.
    """
    if not url_path.startswith("/"):
        return None
    try:
        name = unquote(url_path[1:], errors="strict")
    except UnicodeDecodeError:
        return None
    segments = name.split("/")
    if "\\" in name or "\0" in name or any(s in (".", "..") for s in segments) or "" in segments[:-1]:
        return None
    return name


_HEAD_END = re.compile(rb"</body>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body[^>]*>", re.IGNORECASE)


def live_script(snapshot: Snapshot) -> bytes:
    """The tag that loads the live-reload script, with the generation the page shows."""
    return f'<script src="{PREFIX}live.js" data-generation="{snapshot.generation}"></script>'.encode()


def decorate(page: bytes, snapshot: Snapshot) -> bytes:
    """A built page as serve shows it: with the live-reload script, and the errors box if any."""
    script = live_script(snapshot) + b"\n"
    end = _HEAD_END.search(page)
    page = page[: end.start()] + script + page[end.start():] if end else page + script
    if snapshot.errors:
        start = _BODY_START.search(page)
        at = start.end() if start else 0
        page = page[:at] + error_box(snapshot.errors, stale=True) + page[at:]
    return page


def error_box(errors: tuple[SourceError, ...], stale: bool) -> bytes:
    items = "".join(
        f'<li style="margin:0.4em 0"><code style="font-weight:700">{html.escape(e.where)}</code>'
        f'{html.escape(" " + e.field if e.field else "")}: {html.escape(e.message)}</li>'
        for e in errors)
    lead = ("This is the last version that built. Fix the problems below and save: the page reloads by itself."
            if stale else "Fix the problems below and save: the page reloads by itself.")
    return (f'<section id="sscbgen-errors" role="alert" aria-labelledby="sscbgen-errors-title" style="all:initial;display:block;'
            f'box-sizing:border-box;margin:0;padding:1em 1.25em;background:#fff;color:#0b0c0c;border:5px solid #d4351c;'
            f'font:16px/1.5 sans-serif;max-height:60vh;overflow:auto;position:relative;z-index:2147483647">'
            f'<h2 id="sscbgen-errors-title" style="margin:0 0 0.5em;font-size:1.25em;color:#0b0c0c">'
            f'The site could not be rebuilt: {len(errors)} {"problem" if len(errors) == 1 else "problems"}</h2>'
            f'<p style="margin:0 0 0.5em">{lead}</p><ul style="margin:0;padding-left:1.25em">{items}</ul></section>\n').encode()


def _no_build_page(snapshot: Snapshot) -> bytes:
    box = error_box(snapshot.errors, stale=False) if snapshot.errors else b"<p>The site has not been built yet.</p>"
    script = live_script(snapshot)
    return (b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            b"<title>sscbgen serve: the site could not be built</title></head><body><main>" + box + b"</main>" + script + b"</body></html>\n")


def _status(session: Session) -> bytes:
    """For tools and tests: what the server shows now, and what its latest build took."""
    snapshot = session.snapshot
    return json.dumps({
        "busy": session.busy,
        "generation": snapshot.generation, "builds": snapshot.builds, "files": len(snapshot.files),
        "errors": [str(e) for e in snapshot.errors], "warnings": [str(e) for e in snapshot.warnings],
        "pdf_pending": list(snapshot.pdf_pending), "search_pending": snapshot.search_pending, "changed": list(snapshot.changed),
        "timings": dict(snapshot.timings), "seen": snapshot.seen, "done": snapshot.done,
    }, indent=1).encode()
