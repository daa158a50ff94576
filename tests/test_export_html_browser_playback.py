"""The exported HTML player in a real browser (headless Chromium): clicking, highlighting,
follow mode, deep links, keys and search.

The site and the browser are session fixtures from :mod:`tests.browser_support`."""

from __future__ import annotations

import bisect
import time

import pytest

from aligner.result import LineStatus
from tests.browser_support import Site, _open, _timed, _wait, _wait_audio, expected_word


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
