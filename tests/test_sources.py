"""Sources: local files, file:// URLs and hand-built extractor results through yt-dlp (offline),
metadata kept (chapters, subtitles), downloads cached by URL then by content hash, and one-line
errors for unreachable or unsupported sources. Nothing may print."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from aligner.errors import SourceError
from aligner.progress import drive
from aligner.sources import Media, MediaInfo, SubtitleTrack, open_ie_result, open_source
from aligner.transcript import Chapter
from cache.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_local_file(shared_dir: Path, store: Store) -> None:
    path = shared_dir / "audio" / "podsim-mini.opus"
    events = []
    media = drive(open_source(str(path), store), events.append)
    assert media.path == path.resolve() and media.sha256 == _sha(path)
    assert media.info.title == "podsim-mini" and abs(media.info.duration - 200.6) < 0.2
    assert any(e.stage == "hash" for e in events)
    # the hash is remembered: a second open does not read the file again
    events.clear()
    assert drive(open_source(str(path), store), events.append) == media
    assert not any(e.stage == "hash" for e in events)


def test_file_url_goes_through_ytdlp_into_the_cache(
    shared_dir: Path, store: Store, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    original = tmp_path / "episode 1.flac"
    shutil.copyfile(shared_dir / "audio" / "jfk.flac", original)
    url = original.as_uri()
    events = []
    media = drive(open_source(url, store), events.append)
    assert media.sha256 == _sha(original)
    assert media.path == store.path("media", media.sha256, ".flac")  # content-addressed
    assert media.path.read_bytes() == original.read_bytes()
    assert media.info.title == "episode 1" and abs(media.info.duration - 11.0) < 0.1
    downloads = [e for e in events if e.stage == "download" and e.unit == "B" and e.total]
    assert downloads and downloads[-1].done == original.stat().st_size
    assert capfd.readouterr() == ("", "")  # yt-dlp printed nothing
    # a second open of the same URL is answered from the cache, even with the original gone
    original.unlink()
    events.clear()
    assert drive(open_source(url, store), events.append) == media
    assert not [e for e in events if e.stage == "download"]
    assert not list((store.root / "downloads").glob("*/*"))  # no temp download left


def test_extractor_result_with_formats_chapters_subtitles(
    shared_dir: Path, store: Store, capfd: pytest.CaptureFixture[str]
) -> None:
    flac = (shared_dir / "audio" / "jfk.flac").as_uri()
    opus = (shared_dir / "audio" / "podsim-mini.opus").as_uri()
    info = {
        "id": "ep42",
        "title": "Episode 42: Reasoning",
        "webpage_url": "https://podcast.example/ep42",
        "extractor": "example",
        "extractor_key": "Example",
        "uploader": "Interconnects",
        "duration": 11.0,
        "formats": [
            {
                "format_id": "low",
                "url": opus,
                "ext": "opus",
                "acodec": "opus",
                "vcodec": "none",
                "abr": 24,
            },
            {
                "format_id": "hi",
                "url": flac,
                "ext": "flac",
                "acodec": "flac",
                "vcodec": "none",
                "abr": 700,
            },
        ],
        "chapters": [
            {"start_time": 0.0, "end_time": 4.0, "title": "Intro"},
            {"start_time": 4.0, "end_time": 11.0, "title": "The speech"},
        ],
        "subtitles": {"en": [{"ext": "vtt", "url": "https://podcast.example/ep42.en.vtt"}]},
        "automatic_captions": {
            "de": [{"ext": "json3", "url": "https://podcast.example/ep42.de.json3"}]
        },
    }
    media = drive(open_ie_result(info, store))
    assert isinstance(media, Media)
    assert media.sha256 == _sha(shared_dir / "audio" / "jfk.flac")  # bestaudio picked "hi"
    assert media.path.suffix == ".flac" and media.source == "https://podcast.example/ep42"
    assert media.info == MediaInfo(
        title="Episode 42: Reasoning",
        duration=11.0,
        uploader="Interconnects",
        webpage_url="https://podcast.example/ep42",
        chapters=(Chapter(0.0, "Intro"), Chapter(4.0, "The speech")),
        subtitles=(
            SubtitleTrack("en", "vtt", "https://podcast.example/ep42.en.vtt", False),
            SubtitleTrack("de", "json3", "https://podcast.example/ep42.de.json3", True),
        ),
    )
    assert capfd.readouterr() == ("", "")
    # the URL is now known: open_source answers it offline, metadata included
    assert drive(open_source("https://podcast.example/ep42", store)) == media
    assert MediaInfo.from_dict(media.info.to_dict()) == media.info


@pytest.mark.parametrize(
    "source",
    ["http://127.0.0.1:9/episode.mp3", "https://nonexistent.invalid/feed/ep1.mp3"],
)
def test_unreachable_url_is_one_line(
    source: str, store: Store, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SourceError) as err:
        drive(open_source(source, store))
    message = str(err.value)
    assert "\n" not in message and source in message and len(message) < 300
    assert capfd.readouterr() == ("", "")
    assert store.read_json("sources", "x" * 40) is None
    assert (
        not list((store.root / "downloads").glob("*"))
        if (store.root / "downloads").exists()
        else True
    )


@pytest.mark.parametrize("source", ["/no/such/episode.mp3", "ftp://example.com/ep.mp3"])
def test_missing_or_unsupported_source(source: str, store: Store) -> None:
    with pytest.raises(SourceError) as err:
        drive(open_source(source, store))
    assert "\n" not in str(err.value)


def test_local_non_media_file(tmp_path: Path, store: Store) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not audio at all\n" * 50)
    with pytest.raises(SourceError, match=r"notes\.txt"):
        drive(open_source(str(notes), store))
