"""A loopback web server for the link tests: post pages, feeds, transcripts and the episode.

The stdlib ``ThreadingHTTPServer`` on 127.0.0.1 (port 0) in a thread, serving
``tests/fixtures/links/`` (``{{BASE}}`` in a file becomes the server's own base URL) plus:

- ``/media/podsim-mini.opus``: the shared episode's audio (``audio/ogg``); ``/media/jfk.flac``
  the shared JFK clip (the page without a transcript plays it);
- ``ETag`` / ``Last-Modified`` on every file, and ``304`` for a matching ``If-None-Match``;
- ``/redirect/N/PATH``: N 302 hops, then ``/PATH``; ``/loop/a`` <-> ``/loop/b``: a loop;
- ``/missing/...``: 404; paths in ``server.broken``: 503;
- ``/huge.html``: a 50 MB HTML body streamed without a length, ``/huge-declared.html``: the
  same with its Content-Length.

Every request is logged (``server.log``: ``(method, path, status)``), so tests can assert
that a second run fetched nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "links"
SHARED = Path(__file__).resolve().parents[2] / "shared"
HUGE = 50 * 1024 * 1024
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
}
_LAST_MODIFIED = formatdate(1723118469, usegmt=True)


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log: list[tuple[str, str, int]] = []
        self.lock = threading.Lock()
        #: paths that answer 503 for now (a server having a bad day)
        self.broken: set[str] = set()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")

    def requests(self) -> list[tuple[str, str, int]]:
        with self.lock:
            return list(self.log)

    def clear(self) -> None:
        with self.lock:
            self.log.clear()


class _Handler(BaseHTTPRequestHandler):
    server: LinkServer

    def log_message(self, *args: object) -> None:
        pass

    def _done(self, status: int) -> None:
        with self.server.lock:
            self.server.log.append((self.command, self.path, status))

    def _body(self, path: str) -> tuple[bytes, str] | None:
        if path == "/media/podsim-mini.opus":
            return (SHARED / "audio" / "podsim-mini.opus").read_bytes(), _TYPES[".opus"]
        if path == "/media/jfk.flac":
            return (SHARED / "audio" / "jfk.flac").read_bytes(), _TYPES[".flac"]
        rel = path.lstrip("/").split("?", 1)[0]
        for candidate in (rel, rel.rsplit("/", 1)[-1]):
            file = FIXTURES / candidate
            if candidate and file.is_file() and file.resolve().parent == FIXTURES:
                data = file.read_bytes().replace(b"{{BASE}}", self.server.base.encode())
                return data, _TYPES.get(file.suffix, "application/octet-stream")
        return None

    def _redirect(self, location: str) -> None:
        self._done(302)  # logged before answering: the client may act on the answer at once
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        path = self.path
        if path.startswith("/redirect/"):
            _, _, n, rest = path.split("/", 3)
            hops = int(n)
            return self._redirect(f"/redirect/{hops - 1}/{rest}" if hops > 1 else f"/{rest}")
        if path.startswith("/loop/"):
            return self._redirect("/loop/b" if path == "/loop/a" else "/loop/a")
        if path.startswith(("/huge.html", "/huge-declared.html")):
            return self._huge(declared=path.startswith("/huge-declared"), head=head)
        if path in self.server.broken:
            self._done(503)
            self.send_response(503, "Service Unavailable")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        found = None if path.startswith("/missing/") else self._body(path)
        if found is None:
            body = b"<html><body><h1>404 Not Found</h1></body></html>"
            self._done(404)
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return None
        data, ctype = found
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._done(304)
            self.send_response(304)
            self.send_header("ETag", etag)
            return self.end_headers()
        self._done(200)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", _LAST_MODIFIED)
        self.end_headers()
        if not head:
            with contextlib.suppress(OSError):
                self.wfile.write(data)

    def _huge(self, *, declared: bool, head: bool) -> None:
        self._done(200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        if head:
            return
        chunk = b"<p>" + b"x" * (1 << 16) + b"</p>"
        sent = 0
        try:
            while sent < HUGE:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the client stopped reading (the cap): that is the point
        self.close_connection = True


@pytest.fixture(scope="module", name="link_server")
def serve_links() -> Iterator[LinkServer]:
    """The ``link_server`` fixture (import ``serve_links`` into a test module to use it)."""
    server = LinkServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
