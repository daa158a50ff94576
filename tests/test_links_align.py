"""``podalign align LINK``: post pages, feeds and video pages over loopback, end to end.

The real model aligns the real episode (podsim-mini) to the transcript each link publishes,
found without ``--transcript``: the post page's body, a feed item's ``<podcast:transcript>``
(after a 404 link), yt-dlp's subtitles for a page only yt-dlp understands. Accuracy is scored
on the written VTT against the exact truth; a second run fetches nothing; bad links fail in one
line with no output written and the cache intact.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from aligner.formats import read_transcript
from aligner.result import AlignedLine, Alignment, LineStatus
from podalign.cli import main
from tests.align_truth import score
from tests.links_server import LinkServer, serve_links  # noqa: F401

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("links-cache")


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SHARED / "examples" / "podsim-mini.truth.json").read_text())


@pytest.fixture
def cli(cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("PODALIGN_CACHE", str(cache_dir))

    def run(*args: str) -> tuple[int, list[str]]:
        rc = main([*args, "-q"])
        return rc, capsys.readouterr().err.strip().splitlines()

    return run


def _vtt_score(path: Path, truth: dict):
    """Score a written VTT's cue starts against the truth's sentence starts."""
    transcript = read_transcript(path)
    lines = tuple(
        AlignedLine(ln, ln.published_start, ln.published_end, LineStatus.ALIGNED, 1.0)
        for ln in transcript.lines
    )
    return transcript, score(Alignment(transcript, lines), truth["sentences"])


def _check_vtt(path: Path, truth: dict) -> None:
    text = path.read_text()
    assert "<v Nathan Lambert>" in text and "<v Ross Taylor>" in text
    transcript, sc = _vtt_score(path, truth)
    assert sc.sentences == 36
    assert sc.within(0.5) >= 0.95, f"{sc} missing={sc.missing}"
    intro_end = max(r["end"] for r in truth["extra"])
    first = min(ln.published_start for ln in transcript.lines if ln.published_start is not None)
    assert first >= intro_end, "a cue sits on the music or the read intro"


def test_post_page_align_finds_the_audio_and_the_transcript_in_its_body(
    link_server: LinkServer, cli, tmp_path: Path, truth: dict
) -> None:
    url = link_server.url("post.html")
    out = tmp_path / "out.vtt"
    rc, err = cli("align", url, "-o", str(out))
    assert rc == 0, err
    assert "transcript: the transcript in the post page" in err
    assert any(line.startswith("47 of 47 lines aligned") for line in err), err
    _check_vtt(out, truth)
    # the second run fetches nothing and comes from the cache
    link_server.clear()
    again = tmp_path / "again.vtt"
    rc, err = cli("align", url, "-o", str(again))
    assert rc == 0 and link_server.requests() == []
    assert any(line.endswith("(cached)") for line in err), err
    assert again.read_text() == out.read_text()
    # --refresh asks the server again (a 304: the page did not change)
    rc, err = cli("align", url, "-o", str(again), "--refresh")
    assert rc == 0 and link_server.requests() == [("GET", "/post.html", 304)]


def test_feed_episode_2_uses_its_podcast_transcript(
    link_server: LinkServer, cli, tmp_path: Path, truth: dict
) -> None:
    out = tmp_path / "ep2.vtt"
    rc, err = cli("align", link_server.url("feed.xml"), "--episode", "2", "-o", str(out))
    assert rc == 0, err
    notes = [line for line in err if line.startswith("note: ")]
    assert len(notes) == 1 and "missing/ross-taylor.vtt" in notes[0] and "404" in notes[0]
    assert "transcript: podcast:transcript application/x-subrip from the feed (read as vtt)" in err
    _check_vtt(out, truth)
    assert "Interviewing Ross Taylor" in out.read_text().splitlines()[0]
    link_server.clear()  # a second run fetches nothing, not even the dead link
    rc, err = cli("align", link_server.url("feed.xml"), "--episode", "2", "-o", str(out))
    assert rc == 0 and link_server.requests() == [], err


def test_feed_metadata_guid_people_and_chapters(link_server: LinkServer, cache_dir: Path) -> None:
    from aligner.pipeline import PipelineRequest, run_pipeline
    from aligner.progress import drive
    from cache.store import Store

    store = Store(cache_dir)
    feed = link_server.url("feed.xml")
    ross = drive(run_pipeline(PipelineRequest(source=feed, episode="llm reasoning"), store))
    assert ross.media.info.guid == "interconnects-ross-taylor-2024-08-08"
    assert ross.media.info.persons == ("Nathan Lambert", "Ross Taylor")
    assert ross.cached  # the same episode and transcript as --episode 2
    newest = drive(run_pipeline(PipelineRequest(source=feed), store))
    assert newest.media.info.guid == "interconnects-ep3"
    assert newest.transcript_used == "podcast:transcript application/json from the feed"
    # podcast:chapters (the toc ones) become the chapters of a transcript without any
    assert [c.title for c in newest.alignment.chapters] == [
        "Music",
        "Intro",
        "Ross Taylor joins",
        "Papers with Code",
    ]
    assert newest.alignment.aligned_share >= 0.95


def test_a_page_only_ytdlp_understands_goes_through_ytdlp_with_its_subtitles(
    link_server: LinkServer, cli, tmp_path: Path, truth: dict
) -> None:
    out = tmp_path / "video.vtt"
    rc, err = cli("align", link_server.url("video.html"), "-o", str(out))
    assert rc == 0, err
    assert "transcript: yt-dlp subtitles (en, vtt)" in err
    _check_vtt(out, truth)


def test_a_page_without_a_transcript_is_whisper_only_and_says_so(
    link_server: LinkServer, cli, tmp_path: Path
) -> None:
    out = tmp_path / "whisper.vtt"
    rc, err = cli("align", link_server.url("post-no-transcript.html"), "-o", str(out))
    assert rc == 0, err
    said = [line for line in err if line.startswith("transcript: ")]
    assert said == [
        "transcript: none published (no podcast:transcript, no transcript on the page, no "
        "subtitles); using Whisper's own segments"
    ]
    assert "ask not what your country can do for you" in " ".join(out.read_text().lower().split())


def test_transcript_url_and_transcript_none(
    link_server: LinkServer, cli, tmp_path: Path, truth: dict
) -> None:
    out = tmp_path / "srt.vtt"
    srt = link_server.url("redirect/2/t/podsim-mini.srt")
    rc, err = cli("align", link_server.url("post.html"), "--transcript", srt, "-o", str(out))
    assert rc == 0, err
    assert f"transcript: {srt} (srt)" in err
    _, sc = _vtt_score(out, truth)
    assert sc.within(0.5) >= 0.95, sc
    # a page with a transcript (JFK's line, his name on it), and the user wants Whisper's own
    rc, err = cli("align", link_server.url("post-jfk.html"), "--transcript", "none", "-o", str(out))
    assert rc == 0, err
    assert "transcript: none (--transcript none): using Whisper's own segments" in err
    assert "country" in out.read_text() and "<v John F. Kennedy>" not in out.read_text()


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize(
    ("args", "code", "pattern"),
    [
        (("feed-empty.xml",), 1, r"the feed has no episodes"),
        (("feed.xml", "--episode", "3"), 1, r"episode 3 \(A post without audio\) has no enclosure"),
        (("feed.xml", "--episode", "ross taylor"), 2, r"matches 2 episodes"),
        (("post.html", "--episode", "2"), 2, r"--episode is for podcast feeds"),
        (("show-notes.html",), 1, r"show-notes\.html: no audio or video found on the page"),
        (("loop/a",), 1, r"redirect loop"),
        (("huge.html",), 1, r"stopped reading at the 10 MB cap"),
        (("missing/episode.html",), 1, r"HTTP 404"),
        (("post.html", "--transcript", "@/missing/t.vtt"), 1, r"t\.vtt: HTTP 404"),
    ],
)
def test_bad_links_fail_in_one_line_and_lose_nothing(
    link_server: LinkServer, cli, cache_dir: Path, tmp_path: Path, args, code, pattern
) -> None:
    argv = [link_server.url(args[0]), *args[1:]]
    argv = [link_server.url(a[1:]) if a.startswith("@") else a for a in argv]
    before = _snapshot(cache_dir)
    out = tmp_path / "out.vtt"
    rc, err = cli("align", *argv, "-o", str(out))
    assert rc == code, err
    assert len(err) == 1 and err[0].startswith("podalign: error: "), err
    assert re.search(pattern, err[0]), err[0]
    assert not out.exists() and list(tmp_path.iterdir()) == []
    after = _snapshot(cache_dir)
    assert {k: v for k, v in after.items() if k in before} == before
