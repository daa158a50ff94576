"""What the bad-input tests share: a loopback web server, a cache seeded with one real
alignment, each case's sandbox (:class:`Ctx`) and the bad inputs themselves.

Imported (fixtures and all) by test_bad_input.py,
test_interrupts.py and test_unusual_input.py, so the fixtures (``web``, ``seeded_cache``,
``ctx``) are defined once.
"""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from hardening_support import JFK_TEXT, SHARED, cli_argv, cli_env, verify_cache
from made_inputs import pdf_bytes, png_bytes, write_audio

JFK = SHARED / "audio" / "jfk.flac"
PODSIM = SHARED / "audio" / "podsim-mini.opus"
PODSIM_MD = SHARED / "examples" / "podsim-mini.md"

__all__ = [
    "JFK",
    "JFK_TEXT",
    "PODSIM",
    "PODSIM_MD",
    "UNICODE_TEXT",
    "Ctx",
    "alignment_entries",
    "audio",
    "closed_port",
    "corrupt",
    "limit_file_size",
    "one_line_5000_words",
    "pdf_bytes",
    "png_bytes",
    "ten_mb",
    "truncated",
]


# -- a local web server: a slow episode, an HTML page with no media ------------------------------


class _Handler(BaseHTTPRequestHandler):
    episode = PODSIM.read_bytes() if PODSIM.exists() else b""

    def log_message(self, *args: object) -> None:
        pass

    def _head(self, ctype: str, length: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_HEAD(self) -> None:
        if self.path.startswith(("/slow/", "/stall/")):
            self._head("audio/ogg", len(self.episode))
        else:
            self._head("text/html; charset=utf-8", 0)

    def do_GET(self) -> None:
        if self.path.startswith(("/slow/", "/stall/")):
            # /slow/: ~40 KB/s (15 s for the episode); /stall/: 64 KB, then ~2 KB/s
            self._head("audio/ogg", len(self.episode))
            slow = self.path.startswith("/slow/")
            try:
                for i in range(0, len(self.episode), 4096):
                    self.wfile.write(self.episode[i : i + 4096])
                    self.wfile.flush()
                    time.sleep(0.1 if slow or i < 65536 else 2.0)
            except OSError:
                pass
            return
        page = (
            b"<!doctype html><html><head><title>Show notes</title></head><body>"
            + (b"<p>No audio or video here, just words.</p>" * 20)
            + b"</body></html>"
        )
        self._head("text/html; charset=utf-8", len(page))
        self.wfile.write(page)


@pytest.fixture(scope="module")
def web() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


# -- the seeded cache and each case's sandbox ------------------------------------------------


@pytest.fixture(scope="session")
def seeded_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache holding one finished alignment (jfk.flac + its transcript), made by the CLI."""
    work = tmp_path_factory.mktemp("seed")
    cache = work / "cache"
    transcript = work / "jfk.txt"
    transcript.write_text(JFK_TEXT + "\n", encoding="utf-8")
    proc = subprocess.run(
        cli_argv(["align", JFK, "--transcript", transcript, "-o", work / "seed.vtt", "-q"]),
        cwd=work,
        env=cli_env(cache),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert verify_cache(cache).entries.get("alignments") == 1
    return cache


@dataclass
class Ctx:
    """A case's sandbox: ``work`` (cwd), ``out`` (empty output folder), ``cache`` (a copy of the
    seeded cache), ``web`` (the local server's base URL)."""

    work: Path
    out: Path
    cache: Path
    web: str
    env: dict[str, str] = field(default_factory=dict)

    def file(self, name: str, content: bytes | str) -> Path:
        path = self.work / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    def jfk_transcript(self, text: str = JFK_TEXT) -> Path:
        return self.file("jfk.txt", text + "\n")

    def align(self, source: object, transcript: object | None = "jfk", *extra: object) -> list:
        """``align SOURCE [--transcript T] -o out/out.vtt -o out/out.json EXTRA...``."""
        args: list = ["align", source]
        if transcript == "jfk":
            transcript = self.jfk_transcript()
        if transcript is not None:
            args += ["--transcript", transcript]
        return [*args, "-o", self.out / "out.vtt", "-o", self.out / "out.json", *extra]


@pytest.fixture
def ctx(tmp_path: Path, seeded_cache: Path, web: str) -> Ctx:
    cache = tmp_path / "cache"
    shutil.copytree(seeded_cache, cache)
    out = tmp_path / "out"
    out.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    return Ctx(work=work, out=out, cache=cache, web=web)


# -- inputs ------------------------------------------------------------------------------------


def audio(ctx: Ctx, name: str, samples: np.ndarray) -> Path:
    return write_audio(ctx.work / name, samples)


def truncated(ctx: Ctx, keep: float) -> Path:
    raw = JFK.read_bytes()
    return ctx.file("half-downloaded.flac", raw[: int(len(raw) * keep)])


def corrupt(ctx: Ctx) -> Path:
    raw = JFK.read_bytes()
    noise = np.random.default_rng(7).bytes(len(raw) - 8192)
    return ctx.file("corrupt.flac", raw[:8192] + noise)


def ten_mb(ctx: Ctx) -> Path:
    para = f"**Host** [00:00:00]: {JFK_TEXT} " + " ".join(["words of another talk"] * 40) + "\n\n"
    return ctx.file("huge.md", para * (10 * 1024 * 1024 // len(para) + 1))


def one_line_5000_words(ctx: Ctx) -> Path:
    words = (JFK_TEXT.replace(",", "").replace(".", "") + " ").split()
    line = " ".join(words[i % len(words)] for i in range(5000))
    return ctx.file("one-line.txt", line + "\n")


UNICODE_TEXT = (
    "**Ведущий 🎙️** [00:00:00]: And so, my fellow Americans 🇺🇸, ask not what your country "
    "can do for you, ask what you can do for your country. (שָׁלוֹם — مرحبا) ✨\n"
)


def limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    # CPython ignores SIGXFSZ, so an over-limit write fails with EFBIG like a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def alignment_entries(cache: Path) -> set[str]:
    folder = cache / "alignments"
    return {p.name for p in folder.glob("*.json")} if folder.is_dir() else set()
