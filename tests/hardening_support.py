"""Helpers for the hardening tests: run the real ``podalign`` CLI in a subprocess, check its
one-line error contract, watch a running CLI, and verify a cache directory entry by entry (the
inputs they feed it are made by ``made_inputs.py``).

Shared by ``test_bad_input.py``, ``test_fault_injection.py``, ``test_concurrency.py`` and
``test_hostile_names.py``; nothing here is a test by itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
JFK_TEXT = (
    "And so, my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
#: A message "says what to do" when it contains one of these words.
ADVICE = re.compile(
    r"\b(give|use|check|create|free|install|pass|try|run|fetch|export|choose|remove|make|add|"
    r"point|see|omit|fix|download|set|enable|pick)\b",
    re.IGNORECASE,
)
_MAGIC = "podalign-cache-v1"


def cli_env(cache: Path, **extra: str) -> dict[str, str]:
    """The environment for a CLI run: its own cache, no GPU (same results on any machine)."""
    env = dict(os.environ)
    env.update(
        PODALIGN_CACHE=str(cache),
        CUDA_VISIBLE_DEVICES="",
        PYTHONUNBUFFERED="1",
        COLUMNS="200",
        TERM="dumb",
    )
    env.pop("FORCE_COLOR", None)
    env.update(extra)
    return env


def cli_argv(args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "podalign", *map(str, args)]


def run_cli(
    args: Sequence[str],
    cache: Path,
    *,
    cwd: Path,
    timeout: float = 180,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m podalign ARGS`` to completion and capture its output."""
    return subprocess.run(
        cli_argv(args),
        cwd=cwd,
        env=env or cli_env(cache),
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec_fn,
        stdin=subprocess.DEVNULL,
    )


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("podalign:")]


def check_one_line_error(
    proc: subprocess.CompletedProcess[str] | tuple[int, str],
    code: int,
    problem: str,
    *,
    advice: bool = True,
) -> str:
    """Assert the CLI's error contract and return the message.

    Exit code ``code``; no traceback; exactly one ``podalign: ...`` line, which is the last
    thing on stderr; it matches ``problem`` (a case-insensitive regex) and, with ``advice``,
    says what to do.
    """
    rc, stderr = (proc.returncode, proc.stderr) if not isinstance(proc, tuple) else proc
    shown = f"exit {rc}, stderr:\n{stderr[-3000:]}"
    assert "Traceback" not in stderr, shown
    assert rc == code, shown
    lines = error_lines(stderr)
    assert len(lines) == 1, shown
    tail = [ln for ln in stderr.splitlines() if ln.strip()]
    assert tail and tail[-1] == lines[0], f"the error is not the last line; {shown}"
    message = lines[0]
    assert len(message) <= 400, f"message too long ({len(message)} chars): {message}"
    assert re.search(problem, message, re.IGNORECASE), f"{problem!r} not in: {message}"
    if advice:
        assert ADVICE.search(message), f"message does not say what to do: {message}"
    return message


# -- the cache, checked entry by entry ----------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` except lock files (which carry no data)."""
    out: dict[str, str] = {}
    if not root.is_dir():
        return out
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.name.endswith(".lock"):
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@dataclass
class CacheReport:
    """What :func:`verify_cache` found: ``bad`` entries are corrupt data under a final name."""

    entries: dict[str, int] = field(default_factory=dict)  # namespace -> count of data entries
    bad: list[str] = field(default_factory=list)
    temp_files: list[str] = field(default_factory=list)
    partials: list[str] = field(default_factory=list)


def _json_entry_ok(raw: bytes) -> bool:
    header_raw, sep, payload = raw.partition(b"\n")
    if not sep:
        return False
    try:
        header = json.loads(header_raw)
        data = json.loads(payload)
    except ValueError:
        return False
    return (
        header.get("magic") == _MAGIC
        and hashlib.sha256(payload).hexdigest() == header.get("sha256")
        and isinstance(data, dict)
    )


def _partial_ok(raw: bytes) -> bool:
    """An append-only checkpoint: every complete line is JSON (a torn last line is allowed)."""
    complete, _, _torn = raw.rpartition(b"\n")
    if not complete:
        return True
    for line in complete.split(b"\n"):
        try:
            json.loads(line)
        except ValueError:
            return False
    return True


def verify_cache(root: Path) -> CacheReport:
    """Check every entry of a podalign cache against its own hash.

    - ``*.json`` entries: the header's sha256 must match the payload (the store verifies this
      on read too; here a final-named entry that fails is counted as corrupt);
    - ``media/<sha256><ext>``: the file's bytes must hash to its name;
    - ``sources`` records must point at a media entry that exists;
    - ``*.partial.jsonl`` checkpoints: every complete line must be JSON;
    - dot-prefixed ``*.tmp`` files are leftovers of killed writers (reported, not data).
    """
    rep = CacheReport()
    if not root.is_dir():
        return rep
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_dir() or p.name.endswith((".lock", ".label")):
            continue
        if p.name.startswith(".") and ".tmp" in p.name:
            rep.temp_files.append(rel)
            continue
        if any(part.startswith(".") and ".tmp" in part for part in p.relative_to(root).parts):
            rep.temp_files.append(rel)
            continue
        ns = p.relative_to(root).parts[0]
        if p.name.endswith(".partial.jsonl"):
            rep.partials.append(rel)
            if not _partial_ok(p.read_bytes()):
                rep.bad.append(f"{rel}: a complete checkpoint line is not JSON")
            continue
        if ns == "downloads":
            continue  # an interrupted download, continued next time
        if p.suffix == ".json":
            raw = p.read_bytes()
            if not _json_entry_ok(raw):
                rep.bad.append(f"{rel}: fails its payload hash")
                continue
            rep.entries[ns] = rep.entries.get(ns, 0) + 1
            if ns == "sources":
                data = json.loads(raw.partition(b"\n")[2])
                media = root / "media" / f"{data['sha256']}{data.get('suffix', '')}"
                if not media.is_file():
                    rep.bad.append(f"{rel}: points at missing media {media.name}")
            continue
        if ns == "media":
            sha = p.name.split(".", 1)[0]
            if hashlib.sha256(p.read_bytes()).hexdigest() != sha:
                rep.bad.append(f"{rel}: content does not match its hash name")
            rep.entries[ns] = rep.entries.get(ns, 0) + 1
            continue
        rep.entries[ns] = rep.entries.get(ns, 0) + 1
    return rep


# -- watching a running CLI --------------------------------------------------------------------


class Running:
    """A ``podalign`` subprocess whose stderr is collected line by line as it runs."""

    def __init__(self, args: Sequence[str], cache: Path, *, cwd: Path, env=None) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            cli_argv(args),
            cwd=cwd,
            env=env or cli_env(cache),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # Ctrl-C works even if this run was started with SIGINT ignored (shell background)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: list[str] = []
        self._out: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stderr, True), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stdout, False), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, pipe, is_err: bool) -> None:
        for line in pipe:
            (self.lines if is_err else self._out).append(line.rstrip("\n"))

    @property
    def stdout(self) -> str:
        return "\n".join(self._out)

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            if self.proc.poll() is not None:
                return predicate()
            time.sleep(0.05)
        return False

    def saw(self, pattern: str) -> bool:
        return any(re.search(pattern, ln) for ln in list(self.lines))

    def finish(self, timeout: float = 120) -> int:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        for reader in self._readers:
            reader.join(timeout=5)
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL the process (if it still runs) and reap it."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for reader in self._readers:
            reader.join(timeout=5)
