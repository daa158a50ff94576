"""The exported HTML player in a real browser (headless Chromium): skipping, quoting, hostile text,
file:// pages, the 10k-word page, console and requests, the screenshot.

The site and the browser are session fixtures from :mod:`tests.browser_support`."""

from __future__ import annotations

import os
import shutil
import struct
import time
from pathlib import Path

import pytest

from tests.browser_support import DOCS_SHOT, Site, _open, _wait, _wait_audio
from tests.html_support import HOSTILE, hour_alignment


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
