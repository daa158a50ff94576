"""Hostile names: URLs, titles and file names never become paths or commands.

- URLs and titles are hashed into cache keys; nothing is written outside the cache;
- nothing in the tree runs a shell (``shell=True``, ``os.system``, ``os.popen``);
- yt-dlp is configured with no post-processors, no ffmpeg fix-ups and native downloaders only,
  and a download runs no external program at all (``subprocess.Popen`` is watched);
- ``podalign align`` writes only the paths given with ``-o`` (a symlink there is replaced, its
  target untouched) and nothing else outside the cache.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hardening_support import JFK_TEXT, ROOT, SHARED, cli_argv, cli_env

from aligner.errors import SourceError
from aligner.progress import drive
from aligner.sources import open_ie_result, ydl_options
from cache.store import Store

JFK = SHARED / "audio" / "jfk.flac"
HOSTILE_TITLE = "../../etc/passwd; $(touch PWNED) `touch PWNED2` | rm -rf ~ \n\x00 ☠"


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


# -- no shell, anywhere --------------------------------------------------------------------------


def _python_files() -> list[Path]:
    skip = {".venv", "node_modules", ".git", "snapshots", "__pycache__"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def test_no_shell_anywhere_in_the_tree() -> None:
    offences = []
    files = _python_files()
    assert len(files) > 20
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg == "shell" and not (
                    isinstance(kw.value, ast.Constant) and kw.value.value is False
                ):
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno}: shell=...")
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                name = f"{func.value.id}.{func.attr}"
                if name in {
                    "os.system",
                    "os.popen",
                    "subprocess.getoutput",
                    "subprocess.getstatusoutput",
                }:
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert not offences, offences


# -- yt-dlp: no exec, no post-processing -----------------------------------------------------

#: yt-dlp options that run programs or post-process files (none may be set).
_EXEC_OPTIONS = {
    "exec_cmd",
    "exec_before_download",
    "postprocessor_args",
    "external_downloader_args",
    "postprocessor_hooks",
    "post_hooks",
    "netrc_cmd",
    "cookiesfrombrowser",
    "plugin_dirs",
    "load_info_filename",
    "download_archive",
    "batchfile",
    "merge_output_format",
    "final_ext",
    "remuxvideo",
    "recodevideo",
    "embedsubtitles",
    "embedthumbnail",
    "addmetadata",
    "extractaudio",
    "sponsorblock_mark",
    "sponsorblock_remove",
    "convertsubtitles",
    "convertthumbnails",
    "split_chapters",
    "remove_chapters",
    "xattrs",
}


def _options(tmp_path: Path) -> dict:
    return ydl_options(tmp_path, lambda d: None, None, allow_file_urls=False)


def test_ytdlp_options_have_no_exec_or_postprocessor_hooks(tmp_path: Path) -> None:
    opts = _options(tmp_path)
    assert opts["postprocessors"] == []
    assert not _EXEC_OPTIONS & set(opts), _EXEC_OPTIONS & set(opts)
    assert opts.get("fixup") in {"never", "ignore"}, "yt-dlp's default fixup runs ffmpeg"
    downloaders = opts.get("external_downloader")
    assert isinstance(downloaders, dict) and set(downloaders.values()) == {"native"}, downloaders
    assert not opts.get("enable_file_urls")  # only for file:// sources


def test_ytdlp_picks_only_native_downloaders(tmp_path: Path) -> None:
    from yt_dlp import YoutubeDL
    from yt_dlp.downloader import get_suitable_downloader
    from yt_dlp.downloader.external import ExternalFD
    from yt_dlp.downloader.rtmp import RtmpFD

    with YoutubeDL(_options(tmp_path)) as ydl:
        assert not any(ydl._pps.values()), ydl._pps  # no post-processors of any kind
        for protocol in ("https", "http", "m3u8_native", "m3u8", "http_dash_segments"):
            info = {"url": "https://example.com/a", "protocol": protocol, "ext": "m4a"}
            fd = get_suitable_downloader(info, ydl.params)
            assert fd is not None and not issubclass(fd, (ExternalFD, RtmpFD)), (protocol, fd)


class _Execs:
    """Watch for external programs: every ``Popen`` (yt-dlp's own subclass included) is
    recorded and refused, and fake ``ffmpeg``/``ffprobe``/``rtmpdump`` on ``PATH`` would leave a
    marker if anything started them some other way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.calls: list[object] = []
        calls = self.calls
        bin_dir = tmp_path / "fake-bin"
        bin_dir.mkdir()
        self.marker = tmp_path / "EXECUTED"
        for tool in ("ffmpeg", "ffprobe", "rtmpdump", "aria2c", "curl", "wget"):
            script = bin_dir / tool
            script.write_text(f"#!/bin/sh\necho {tool} >> '{self.marker}'\n", encoding="utf-8")
            script.chmod(0o755)
        monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")

        def refuse(popen, args, *rest, **kw):
            calls.append(args)
            raise OSError(1, "podalign must not run external programs")

        monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)

    def check(self) -> None:
        assert self.calls == [], self.calls
        assert not self.marker.exists(), self.marker.read_text()


def _episode(tmp_path: Path, name: str = "episode.flac") -> Path:
    path = tmp_path / "src" / name
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(JFK, path)
    return path


def test_hostile_title_and_id_never_become_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    execs = _Execs(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)
    episode = _episode(tmp_path)
    store = Store(tmp_path / "cache")
    info = {
        "id": "../../../../tmp/evil id",
        "title": HOSTILE_TITLE,
        "uploader": "$(reboot)",
        "webpage_url": "https://evil.example/../../ep?x=$(id)&y=`id`",
        "extractor": "generic",
        "extractor_key": "Generic",
        "formats": [
            {"format_id": "0", "url": episode.as_uri(), "ext": "flac", "acodec": "flac"},
        ],
    }
    before = _files(tmp_path) - _files(store.root)
    media = drive(open_ie_result(info, store))
    assert media.info.title.startswith("../../etc/passwd")  # kept as data...
    assert media.path.parent == store.root / "media"  # ...never as a path
    assert media.path.name == f"{media.sha256}.flac"
    created = _files(tmp_path) - before
    outside = [p for p in created if store.root not in p.parents]
    assert not outside, outside
    for p in _files(store.root):
        assert "passwd" not in str(p) and "evil" not in str(p) and "$" not in str(p), p
    assert not list(tmp_path.rglob("PWNED*"))
    execs.check()


def test_a_format_that_needs_an_external_program_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An rtmp-only (or live) episode would make yt-dlp run rtmpdump/ffmpeg: refuse it."""
    execs = _Execs(monkeypatch, tmp_path)
    store = Store(tmp_path / "cache")
    for fmt in (
        {"format_id": "r", "url": "rtmp://evil.example/app/x", "ext": "flv", "protocol": "rtmp"},
        {"format_id": "h", "url": "https://evil.example/x.m3u8", "ext": "mp4", "protocol": "m3u8"},
    ):
        info = {
            "id": "x",
            "title": "x",
            "webpage_url": f"https://evil.example/{fmt['format_id']}",
            "extractor": "generic",
            "extractor_key": "Generic",
            "is_live": fmt["protocol"] == "m3u8",
            "formats": [{**fmt, "acodec": "aac", "vcodec": "none"}],
        }
        with pytest.raises(SourceError) as err:
            drive(open_ie_result(info, store))
        message = str(err.value)
        assert "\n" not in message
        # refused by podalign's own choice of format, not because a tool happened to be missing
        assert not re.search(r"ffmpeg|rtmpdump|install", message, re.IGNORECASE), message
    execs.check()


@pytest.mark.slow  # spawns a subprocess
def test_hostile_local_file_name_is_just_a_name(tmp_path: Path) -> None:
    name = "ep; $(touch PWNED) `touch PWNED2` 'q' \"d\" | cat.flac"
    episode = _episode(tmp_path, name)
    transcript = tmp_path / "src" / "t; $(touch PWNED3).txt"
    transcript.write_text(JFK_TEXT + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run(
        cli_argv(["align", episode, "--transcript", transcript, "-o", out / "a b;c.vtt", "-q"]),
        cwd=tmp_path,
        env=cli_env(tmp_path / "cache"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert "-->" in (out / "a b;c.vtt").read_text(encoding="utf-8")
    assert not list(tmp_path.rglob("PWNED*"))


# -- outputs go only where the user said ----------------------------------------------------------


@pytest.mark.slow  # spawns a subprocess
def test_output_is_written_only_at_the_given_paths(tmp_path: Path) -> None:
    work, out, elsewhere = tmp_path / "work", tmp_path / "out", tmp_path / "elsewhere"
    for d in (work, out, elsewhere):
        d.mkdir()
    transcript = work / "t.txt"
    transcript.write_text(JFK_TEXT + "\n", encoding="utf-8")
    target = elsewhere / "precious.vtt"
    target.write_text("do not touch\n", encoding="utf-8")
    (out / "linked.vtt").symlink_to(target)
    cache = tmp_path / "cache"
    existing = _files(tmp_path)
    before = {p: p.read_bytes() for p in existing if not p.is_symlink()}
    args = ["align", JFK, "--transcript", transcript, "-q"]
    args += ["-o", out / "linked.vtt", "-o", out / "plain.srt"]
    proc = subprocess.run(
        cli_argv(args),
        cwd=work,
        env=cli_env(cache),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8") == "do not touch\n"  # the symlink's target
    assert not (out / "linked.vtt").is_symlink()  # the link itself was replaced
    assert "-->" in (out / "linked.vtt").read_text(encoding="utf-8")
    created = {p for p in _files(tmp_path) if cache not in p.parents} - existing
    assert created == {out / "plain.srt"}, created
    for p, data in before.items():
        assert p.read_bytes() == data, p
    assert os.listdir(work) == ["t.txt"]
