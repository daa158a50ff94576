"""The exported HTML player in a real browser: Debian's Chromium, headless, driven by selenium
through ``/usr/bin/chromedriver`` (nothing is downloaded), on the podsim-mini episode aligned by
the real pipeline and played from its real audio.

The page and the audio are served by a loopback HTTP server that answers Range requests as a
web server does (the browser seeks with them); the page written by ``podalign align`` with its
default audio address (a path relative to the page) is opened from ``file://``. The transcript
is podsim-mini's with the real page's title and a chapter list put in front of it, so the table
of contents is on the page too. Set ``PODALIGN_UPDATE_SCREENSHOT=1`` to write the screenshot to
``docs/html-player.png``.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import re
import shutil
import struct
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
from tests.html_support import HOSTILE, hostile_alignment, hour_alignment

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


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
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


def test_click_a_line_plays_from_its_start(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _open(browser, f"{site.url}/episode.html")
    _wait_audio(browser)
    line = site.alignment.lines[12]
    assert line.status is LineStatus.ALIGNED and line.start is not None
    browser.execute_script(
        "const a = document.getElementById('audio'); window.__seeks = [];"
        "a.addEventListener('seeking', () => window.__seeks.push(a.currentTime));"
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "p.ln")
    row = rows[12]
    assert row.get_attribute("data-time") == f"{round(line.start, 3):g}"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.find_element(By.CSS_SELECTOR, "a.lt").click()  # a real click on the line's time
    seeks = _wait(lambda: browser.execute_script("return window.__seeks"), what="a seek")
    assert abs(seeks[0] - line.start) < 0.001, (seeks, line.start)
    now, paused = browser.execute_script(
        "const a = document.getElementById('audio'); return [a.currentTime, a.paused]"
    )
    assert line.start - 0.001 <= now < line.start + 1.0 and not paused
    assert "cur" in row.get_attribute("class")
    assert browser.execute_script("return location.hash").startswith("#t=")
    # a word plays from the word's own start
    word = line.words[3]
    browser.execute_script("window.__seeks = []")
    row.find_elements(By.CSS_SELECTOR, ".tx span[data-time]")[3].click()
    seeks = _wait(lambda: browser.execute_script("return window.__seeks"), what="a seek")
    assert abs(seeks[0] - word.start) < 0.001, (seeks, word.start)


def test_highlight_follows_playback(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    _open(browser, f"{site.url}/episode.html")
    _wait_audio(browser)
    start = site.alignment.lines[3].start or 0.0
    browser.execute_script(f"podalign.seek({start}, true)")
    probe = (
        "const a = document.getElementById('audio'), w = document.querySelector('.cw'),"
        " l = document.querySelector('.ln.cur');"
        "return [a.currentTime, a.paused, w ? parseFloat(w.dataset.time) : null,"
        " w ? w.textContent : null, l ? parseFloat(l.dataset.time) : null];"
    )
    samples = []
    for _ in range(12):
        time.sleep(0.25)
        samples.append(browser.execute_script(probe))
    times = [s[0] for s in samples]
    assert times[-1] - times[0] > 2.0, times  # it really plays
    assert not any(s[1] for s in samples)
    texts = {w.start: w.text for al in site.alignment.lines for w in al.words}
    lit = []
    for now, _, word, text, line in samples:
        # lit word: the one at currentTime, or the one a frame (< 0.1 s) earlier
        allowed = {expected_word(site.alignment, now), expected_word(site.alignment, now - 0.1)}
        assert word in allowed, (now, word, allowed)
        if word is not None:
            assert text == next(v for k, v in texts.items() if round(k, 3) == word)
            assert line is not None and line <= word
            lit.append(word)
    assert len(set(lit)) >= 5, lit  # the highlight moved along with the audio


def test_follow_scrolls_pauses_and_resumes(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _open(browser, f"{site.url}/episode.html")
    _wait_audio(browser)
    in_view = (
        "const el = document.querySelector(arguments[0]); if (!el) return false;"
        "const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;"
    )
    last = site.alignment.lines[-1]
    browser.execute_script(f"podalign.seek({last.start}, false)")
    _wait(lambda: browser.execute_script(in_view, ".ln.cur"), what="the lit line in view")
    assert browser.find_element(By.ID, "follow").get_attribute("aria-pressed") == "true"
    time.sleep(1.5)  # the smooth scroll is over
    ActionChains(browser).scroll_by_amount(0, -1500).perform()  # the reader scrolls up
    _wait(
        lambda: browser.find_element(By.ID, "follow").get_attribute("aria-pressed") == "false",
        what="follow mode to pause",
    )
    _wait(lambda: not browser.execute_script(in_view, ".ln.cur"), what="the line out of view")
    resume = browser.find_element(By.ID, "resume")
    assert resume.is_displayed()
    resume.click()
    _wait(lambda: browser.execute_script(in_view, ".ln.cur"), what="the line back in view")
    assert browser.find_element(By.ID, "follow").get_attribute("aria-pressed") == "true"
    assert not resume.is_displayed()
    # the table of contents jumps to a chapter
    browser.find_elements(By.CSS_SELECTOR, ".toc a")[1].click()
    chapter = float(browser.find_elements(By.CSS_SELECTOR, ".toc a")[1].get_attribute("data-time"))
    seek = browser.execute_script("return document.getElementById('audio').currentTime")
    assert chapter - 0.001 <= seek < chapter + 1.0


def test_deep_link_keys_and_search(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, f"{site.url}/episode.html#t=1:05")
    _wait_audio(browser)
    get = "const a = document.getElementById('audio'); return [a.currentTime, a.paused]"
    _wait(lambda: abs(browser.execute_script(get)[0] - 65.0) < 0.01, what="the #t= position")
    lit = float(browser.find_element(By.CSS_SELECTOR, ".ln.cur").get_attribute("data-time"))
    starts, _, _ = _timed(site.alignment)
    assert lit == starts[bisect.bisect_right(starts, 65.0) - 1]
    browser.execute_script("document.activeElement.blur()")  # keys go to the page
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
    assert abs(browser.execute_script(get)[0] - 70.0) < 0.01
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    _wait(lambda: not browser.execute_script(get)[1], what="space to play")
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    _wait(lambda: browser.execute_script(get)[1], what="space to pause")
    before = browser.execute_script(get)[0]
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    after = browser.execute_script(get)[0]
    assert after == pytest.approx(starts[bisect.bisect_right(starts, before + 0.002)], abs=0.002)
    # search: "/" focuses it; the lines that contain the words are marked
    ActionChains(browser).send_keys("/").perform()
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    ActionChains(browser).send_keys("papers with code").perform()
    want = sum("papers with code" in al.line.text.lower() for al in site.alignment.lines)
    assert want >= 1
    _wait(lambda: len(browser.find_elements(By.CSS_SELECTOR, ".ln.hit")) == want, what="hits")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.find_element(By.ID, "hits").text == f"1 of {want}"
    assert "papers with code" in browser.find_element(By.CSS_SELECTOR, ".hitcur").text.lower()


def test_audio_not_in_the_transcript_is_skippable(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    intro = site.alignment.extra_regions[0]
    assert intro.start < 1.0 and intro.end > 25.0  # podsim-mini's read intro
    _open(browser, f"{site.url}/episode.html")
    _wait_audio(browser)
    gap = browser.find_element(By.CSS_SELECTOR, ".gap")
    assert "Not in the transcript" in gap.get_attribute("textContent")
    assert "cur" in gap.get_attribute("class")  # the page opens at 0:00, in the intro
    get = "const a = document.getElementById('audio'); return [a.currentTime, a.paused]"
    gap.find_element(By.CSS_SELECTOR, ".skipb").click()
    now, paused = browser.execute_script(get)
    assert intro.end - 0.001 <= now < intro.end + 1.0 and not paused
    # with the box ticked, playing into the region jumps over it
    browser.find_element(By.ID, "skipx").click()
    browser.execute_script(f"podalign.seek({intro.start + 5}, true)")
    _wait(lambda: browser.execute_script(get)[0] >= intro.end, what="the region skipped")
    assert browser.execute_script(get)[0] < intro.end + 1.0


def test_copy_quote_with_link(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _open(browser, f"{site.url}/episode.html")
    al = site.alignment.lines[5]
    words = browser.execute_script(
        "const w = document.querySelectorAll('p.ln')[5].querySelectorAll('.tx span[data-time]');"
        "const r = document.createRange(); r.setStart(w[1].firstChild, 0);"
        "r.setEnd(w[3].firstChild, w[3].textContent.length);"
        "getSelection().removeAllRanges(); getSelection().addRange(r);"
        "return [w[1].textContent, w[3].textContent];"
    )
    browser.find_element(By.ID, "quote").click()
    quote = _wait(lambda: browser.execute_script("return podalign.lastQuote"), what="a quote")
    text = " ".join(al.line.text.split()[1:4])
    start = al.words[1].start
    m, s = divmod(int(start), 60)
    assert words == [al.line.text.split()[1], al.line.text.split()[3]]
    assert quote == (
        f"“{text}” — {al.line.speaker} [{m}:{s:02d}] {site.url}/episode.html#t={m}:{s:02d}"
    )


def test_hostile_transcript_stays_text_in_the_browser(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    _open(browser, f"{site.url}/hostile.html")
    state = browser.execute_script(
        "return [window.__pwned, document.querySelectorAll('img, b').length,"
        " document.scripts.length, document.title,"
        " document.querySelector('p.ln .tx').textContent,"
        " document.querySelector('.spk').textContent]"
    )
    assert state[:4] == [None, 0, 1, "</title><script>window.__pwned=5</script>"]
    assert state[4] == f"Hello {HOSTILE} bye."
    assert state[5] == 'Eve <img src=x onerror="window.__pwned=3">'


def test_page_from_file_url_finds_its_audio(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    """``podalign align -o episode.html`` points at the audio by a relative path."""
    _open(browser, site.file_page.as_uri())
    src = browser.execute_script("return document.getElementById('audio').getAttribute('src')")
    assert not src.startswith(("/", "file:")) and src.endswith("podsim-mini.opus")
    _wait_audio(browser)
    duration = browser.execute_script("return document.getElementById('audio').duration")
    assert duration == pytest.approx(site.alignment.duration, abs=0.5)


def test_ten_thousand_words_stay_smooth(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    """An hour's page: a sync per frame costs a binary search and a few class flips."""
    hour = hour_alignment()
    _open(browser, f"{site.url}/hour.html")
    word = hour.lines[300].words[2]
    n, per_sync, lit = browser.execute_script(
        "const n = podalign.words.el.length, steps = 3000, t0 = performance.now();"
        "for (let i = 0; i < steps; i++) podalign.sync(30 + i * 3400 / steps);"
        "const per = (performance.now() - t0) / steps;"
        "podalign.sync(arguments[0]);"
        "return [n, per, Array.from(document.querySelectorAll('.cw, .ln.cur'),"
        " (el) => parseFloat(el.dataset.time))];",
        word.start + 0.01,
    )
    assert n == 10_000
    assert per_sync < 2.0, f"{per_sync:.3f} ms per sync"  # a frame is 16 ms
    # only the current line and word are lit
    assert sorted(lit) == [round(hour.lines[300].start or 0.0, 3), round(word.start, 3)]


def test_console_stays_clean(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    """No script error and no refused load (the page's CSP would log one) while it is used."""
    from selenium.webdriver.common.by import By

    browser.get_log("browser")  # drop what earlier pages logged
    _open(browser, f"{site.url}/episode.html#t=0:40")
    _wait_audio(browser)
    browser.execute_script("podalign.seek(50, true)")
    browser.find_element(By.ID, "q").send_keys("ross")
    browser.find_element(By.ID, "quote").click()
    time.sleep(1.0)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    errors = [e for e in errors if "favicon.ico" not in e["message"]]
    assert errors == []


def test_no_request_but_the_page_and_its_audio(browser, site: Site) -> None:  # type: ignore[no-untyped-def]
    _open(browser, f"{site.url}/episode.html")
    _wait_audio(browser)
    served = set(site.requests)
    assert "/episode.html" in served and "/podsim-mini.opus" in served
    assert served <= {
        "/episode.html",
        "/hostile.html",
        "/hour.html",
        "/podsim-mini.opus",
        "/favicon.ico",
    }


def test_screenshot(browser, site: Site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(browser, f"{site.url}/episode.html")
    _wait_audio(browser)
    browser.execute_script("podalign.seek(41.9, true)")
    time.sleep(0.8)
    browser.execute_script("document.getElementById('audio').pause()")
    shot = tmp_path / "html-player.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1000 and height >= 700
    if os.environ.get("PODALIGN_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, DOCS_SHOT)
