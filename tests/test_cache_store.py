"""The content-addressed store: verified JSON entries, atomic writes, inter-process locks,
listing and clearing; and the key helpers."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cache.keys import key, sha256_file
from cache.lock import is_locked
from cache.store import Store, default_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache")


def test_json_round_trip_and_absent(store: Store) -> None:
    assert store.read_json("things", "k1") is None
    data = {"a": 1, "b": [1.5, "é", None], "nested": {"x": True}}
    store.write_json("things", "k1", data, label="a thing")
    assert store.read_json("things", "k1") == data
    assert store.read_json("things", "k2") is None
    assert store.read_json("other", "k1") is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "no-header"])
def test_damaged_entries_read_as_absent(store: Store, damage: str) -> None:
    store.write_json("t", "k", {"text": "hello world " * 50})
    path = store.path("t", "k", ".json")
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) - 20])
    elif damage == "flip":
        i = len(raw) - 30
        path.write_bytes(raw[:i] + bytes([raw[i] ^ 0x01]) + raw[i + 1 :])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(raw.split(b"\n", 1)[1])
    assert store.read_json("t", "k") is None


def test_write_is_atomic_and_failed_write_keeps_old_entry(store: Store) -> None:
    store.write_json("t", "k", {"v": 1})
    with pytest.raises(TypeError):
        store.write_json("t", "k", {"v": object()})
    assert store.read_json("t", "k") == {"v": 1}
    leftovers = [p.name for p in (store.root / "t").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_atomic_path_failure_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.atomic_path("media", "abc", ".bin") as tmp:
        tmp.write_bytes(b"partial")
        raise RuntimeError("killed")
    assert not store.path("media", "abc", ".bin").exists()
    assert list((store.root / "media").iterdir()) == []


@pytest.mark.parametrize("bad", ["../x", "a/b", "", ".hidden", "x y"])
def test_unsafe_names_are_refused(store: Store, bad: str) -> None:
    with pytest.raises(ValueError):
        store.path("ns", bad)
    with pytest.raises(ValueError):
        store.path(bad or "/", "key")


def test_root_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PODALIGN_CACHE", str(tmp_path / "envcache"))
    assert default_store().root == tmp_path / "envcache"
    assert Store().root == tmp_path / "envcache"


LOCK_HOLDER = textwrap.dedent(
    """
    import sys, time
    from cache.store import Store
    store = Store(sys.argv[1])
    with store.lock("t", "k"):
        print("locked", flush=True)
        time.sleep(0.6)
        store.write_json("t", "k", {"by": "holder"})
    """
)


@pytest.mark.slow  # spawns a subprocess
def test_lock_makes_a_second_process_wait(store: Store) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(store.root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"
        assert is_locked(store.path("t", "k", ".lock"))
        t0 = time.monotonic()
        with store.lock("t", "k"):
            waited = time.monotonic() - t0
            # we only got the lock after the holder wrote its entry
            assert store.read_json("t", "k") == {"by": "holder"}
        assert waited > 0.2
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_entries_labels_sizes_and_clear(store: Store) -> None:
    store.write_json("transcriptions", "old", {"x": 1}, label="old episode")
    store.write_json("transcriptions", "new", {"x": 2}, label="new episode")
    media = store.path("media", "abc123", ".opus")
    media.write_bytes(b"\0" * 5000)
    store.set_label("media", "abc123", "My Podcast #12")
    day = 86400
    for p in (store.root / "transcriptions").glob("old*"):
        os.utime(p, (time.time() - 10 * day, time.time() - 10 * day))

    entries = {(e.namespace, e.key): e for e in store.entries()}
    assert set(entries) == {
        ("transcriptions", "old"),
        ("transcriptions", "new"),
        ("media", "abc123"),
    }
    assert entries[("media", "abc123")].label == "My Podcast #12"
    assert entries[("media", "abc123")].size >= 5000
    assert entries[("transcriptions", "old")].label == "old episode"

    result = store.clear(older_than=7 * day)
    assert result.removed == 1
    assert store.read_json("transcriptions", "old") is None
    assert store.read_json("transcriptions", "new") == {"x": 2}

    result = store.clear()
    assert result.removed == 2 and result.freed >= 5000
    assert store.entries() == []


@pytest.mark.slow  # spawns a subprocess
def test_clear_skips_entries_in_use(store: Store) -> None:
    store.write_json("t", "busy", {"x": 1})
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time\nfrom cache.store import Store\n"
            "with Store(sys.argv[1]).lock('t','busy'):\n print('locked',flush=True)\n"
            " sys.stdin.readline()",
            str(store.root),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "locked"
        result = store.clear()
        assert result.skipped_locked == 1 and result.removed == 0
        assert store.read_json("t", "busy") == {"x": 1}
    finally:
        proc.communicate("\n", timeout=30)


def test_key_is_stable_and_sensitive() -> None:
    a = key("transcription", "abc", {"beam": 5, "lang": "en"}, (1, 2))
    assert a == key("transcription", "abc", {"lang": "en", "beam": 5}, [1, 2])
    assert a != key("transcription", "abc", {"beam": 4, "lang": "en"}, (1, 2))
    assert len(a) == 40 and all(c in "0123456789abcdef" for c in a)


def test_sha256_file_streams(tmp_path: Path) -> None:
    data = os.urandom(3 * (1 << 20) + 17)
    p = tmp_path / "blob"
    p.write_bytes(data)
    assert sha256_file(p) == hashlib.sha256(data).hexdigest()


def test_clear_keeps_user_data_unless_asked(store: Store) -> None:
    store.write_json("transcriptions", "t1", {"x": 1})
    store.write_json("edits", "e1", {"edits": []})
    store.write_json("resume", "r1", {"position": 12.5})
    store.clear()
    assert store.read_json("transcriptions", "t1") is None
    assert store.read_json("edits", "e1") == {"edits": []}
    assert store.read_json("resume", "r1") == {"position": 12.5}
    store.clear(user_data=True)
    assert store.read_json("edits", "e1") is None
    assert store.read_json("resume", "r1") is None
