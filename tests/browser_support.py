"""Support for the browser tests of the exported HTML player: the loopback server that answers
Range requests, the podsim-mini site (aligned by the real pipeline), headless Chromium through
selenium and ``/usr/bin/chromedriver``, and waiting helpers. The fixtures are re-exported by
tests/conftest.py for the two ``test_export_html_browser_*`` modules."""

from __future__ import annotations

import bisect
import contextlib
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from aligner.export import RenderOptions, render
from aligner.result import Alignment, LineStatus
from aligner.result_json import loads
from podalign.cli import main
from tests.html_support import hostile_alignment, hour_alignment

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DOCS_SHOT = Path(__file__).resolve().parents[1] / "docs" / "html-player.png"
CHAPTERS = (
    "# Ross Taylor on Papers with Code and Galactica\n\n### Chapters\n\n"
    "-   \\[00:01:07\\] Introduction of Ross Taylor and his background\n\n"
    "-   \\[00:02:12\\] Papers with Code\n\n"
    "-   \\[00:03:38\\] Weights, code and the open ecosystem\n\n"
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1280,900",
)
TYPES = {".html": "text/html; charset=utf-8", ".opus": "audio/ogg"}


class _Handler(BaseHTTPRequestHandler):
    """Serves ``server.files`` (URL path -> file) with byte ranges; records every request."""

    server: _Server

    def do_GET(self) -> None:
        self._send(body=True)

    def do_HEAD(self) -> None:
        self._send(body=False)

    def _send(self, body: bool) -> None:
        path = urlsplit(self.path).path
        self.server.requests.append(path)
        file = self.server.files.get(path)
        if file is None:
            self.send_error(404)
            return
        data = file.read_bytes()
        start, end, status = 0, len(data) - 1, 200
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        if m and (m[1] or m[2]):
            if m[1]:
                start, end = int(m[1]), min(int(m[2]) if m[2] else end, end)
            else:
                start = max(0, len(data) - int(m[2]))
            if start > end:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        self.send_header("Content-Type", TYPES.get(file.suffix, "application/octet-stream"))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.end_headers()
        if body:
            # the browser may drop a range it no longer needs
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data[start : end + 1])

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    files: dict[str, Path]
    requests: list[str]


@dataclass(frozen=True)
class Site:
    url: str  # the loopback server's root, e.g. http://127.0.0.1:PORT
    alignment: Alignment
    file_page: Path  # written by `podalign align` with the default (relative) audio address
    requests: list[str]


@pytest.fixture(scope="session")
def site(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("html-player")
    audio = shared_dir / "audio" / "podsim-mini.opus"
    transcript = work / "podsim-mini-chapters.md"
    transcript.write_text(CHAPTERS + (shared_dir / "examples" / "podsim-mini.md").read_text())
    mp = pytest.MonkeyPatch()
    mp.setenv("PODALIGN_CACHE", str(work / "cache"))
    try:
        argv = ["align", str(audio), "-t", str(transcript), "-q"]
        assert main([*argv, "-o", str(work / "episode.html"), "-o", str(work / "ep.json")]) == 0
        www = work / "www"
        www.mkdir()
        export = ["export", str(work / "ep.json"), "-o", str(www / "episode.html")]
        assert main([*export, "--audio-href", "podsim-mini.opus"]) == 0
    finally:
        mp.undo()
    alignment = loads((work / "ep.json").read_text())
    (www / "hostile.html").write_text(
        render(hostile_alignment(), "html", RenderOptions(audio_href="podsim-mini.opus"))
    )
    (www / "hour.html").write_text(render(hour_alignment(), "html", RenderOptions(audio_href="")))
    server = _Server(("127.0.0.1", 0), _Handler)
    server.files = {f"/{p.name}": p for p in www.iterdir()} | {"/podsim-mini.opus": audio}
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Site(f"http://{host}:{port}", alignment, work / "episode.html", server.requests)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        advice = "apt-get install -y chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} and {CHROMEDRIVER} are needed in CI ({advice})")
        pytest.skip(f"Chromium is not installed ({advice})")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="podalign-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(check: Callable[[], object], timeout: float = 15.0, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.05)


def _open(driver, url: str) -> None:  # type: ignore[no-untyped-def]
    driver.get("about:blank")  # a fresh page, not a jump within the last one
    driver.get(url)
    _wait(lambda: driver.execute_script("return !!window.podalign"), what="the player script")


def _wait_audio(driver) -> None:  # type: ignore[no-untyped-def]
    _wait(
        lambda: driver.execute_script("return document.getElementById('audio').readyState >= 1"),
        what="the audio's metadata",
    )


def _timed(alignment: Alignment) -> tuple[list[float], list[float], list[tuple[float, int]]]:
    """Line starts, line ends and (word start, line number) as the page has them (ms)."""
    lines = [al for al in alignment.lines if al.start is not None]
    lines = [al for al in lines if al.status is not LineStatus.NOT_IN_AUDIO]
    starts = [round(al.start or 0.0, 3) for al in lines]
    ends = [round(al.end or 0.0, 3) for al in lines]
    words = sorted((round(w.start, 3), i) for i, al in enumerate(lines) for w in al.words)
    return starts, ends, words


def expected_word(alignment: Alignment, t: float) -> float | None:
    """The start of the word that should be lit at ``t``: the last word begun, if it is in the
    line that is lit (the last line begun that has not ended more than 1.5 s ago)."""
    starts, ends, words = _timed(alignment)
    i = bisect.bisect_right(starts, t + 0.002) - 1
    if i < 0 or t >= ends[i] + 1.5:
        return None
    w = bisect.bisect_right(words, (t + 0.002, 1 << 30)) - 1
    return words[w][0] if w >= 0 and words[w][1] == i else None
