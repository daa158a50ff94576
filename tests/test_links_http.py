"""The cached, capped, redirect-aware GET behind links (aligner.sources.http), over loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.sources.http import FetchError, cached_response, fetch, fetch_text
from cache.store import Store
from tests.links_server import LinkServer, serve_links  # noqa: F401


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache")


def test_fetch_is_cached_and_a_second_fetch_touches_no_network(
    link_server: LinkServer, store: Store
) -> None:
    url = link_server.url("post.html")
    link_server.clear()
    first = fetch(url, store)
    assert first.content_type == "text/html" and not first.from_cache
    assert b'<h3 class="header-anchor-post"><strong>Transcript' in first.body
    assert first.etag and first.last_modified
    assert link_server.requests() == [("GET", "/post.html", 200)]
    again = fetch(url, store)
    assert again.from_cache and again.body == first.body and again.etag == first.etag
    assert link_server.requests() == [("GET", "/post.html", 200)]


def test_refresh_revalidates_with_the_etag(link_server: LinkServer, store: Store) -> None:
    url = link_server.url("feed.xml")
    body = fetch(url, store).body
    link_server.clear()
    again = fetch(url, store, refresh=True)
    assert link_server.requests() == [("GET", "/feed.xml", 304)]
    assert again.body == body


def test_redirects_are_followed_and_the_final_url_kept(
    link_server: LinkServer, store: Store
) -> None:
    response = fetch(link_server.url("redirect/3/t/podsim-mini.vtt"), store)
    assert response.final_url == link_server.url("t/podsim-mini.vtt")
    assert response.text().startswith("WEBVTT")


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("loop/a", r"redirect loop"),
        ("redirect/12/post.html", r"more than 10 redirects"),
        ("missing/nothing.vtt", r"HTTP 404"),
        ("huge.html", r"stopped reading at the 10 MB cap"),
        ("huge-declared.html", r"50 MB, over the 10 MB cap"),
    ],
)
def test_bad_answers_are_one_line_errors_and_nothing_is_cached(
    link_server: LinkServer, store: Store, path: str, pattern: str
) -> None:
    url = link_server.url(path)
    with pytest.raises(FetchError, match=pattern) as err:
        fetch(url, store)
    assert "\n" not in str(err.value) and len(str(err.value)) < 300
    assert cached_response(url, store) is None


def test_a_404_is_remembered_until_refresh(link_server: LinkServer, store: Store) -> None:
    url = link_server.url("missing/gone.vtt")
    link_server.clear()
    for _ in range(2):
        with pytest.raises(FetchError, match="HTTP 404") as err:
            fetch(url, store)
        assert err.value.status == 404
    assert link_server.requests() == [("GET", "/missing/gone.vtt", 404)]
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(url, store, refresh=True)
    assert len(link_server.requests()) == 2


def test_a_failed_refresh_keeps_the_cached_copy(link_server: LinkServer, store: Store) -> None:
    url = link_server.url("podsim-mini.srt")
    first = fetch(url, store)
    link_server.broken.add("/podsim-mini.srt")
    try:
        with pytest.raises(FetchError, match=r"HTTP 503"):
            fetch(url, store, refresh=True)
    finally:
        link_server.broken.discard("/podsim-mini.srt")
    kept = cached_response(url, store)
    assert kept is not None and kept.body == first.body and kept.etag == first.etag


def test_unreachable_is_one_line_with_advice(store: Store) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match=r"cannot fetch .*connection refused; check the URL"):
        fetch(f"http://127.0.0.1:{port}/feed.xml", store)


def test_media_answers_stop_after_the_headers(link_server: LinkServer, store: Store) -> None:
    url = link_server.url("media/podsim-mini.opus")
    response = fetch(url, store)
    assert response.is_media and response.body == b""
    with pytest.raises(FetchError, match="audio or video, not a text file"):
        fetch_text(url, store)
    assert cached_response(url, store) is not None and cached_response(url, store).is_media
