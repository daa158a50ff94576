/* podalign HTML player: highlight, click to play, follow mode, keys and #t= links
 * (search and quotes are in player_tools.js, which uses window.podalign).
 *
 * The transcript is plain HTML written by aligner/export/html_body.py; this script reads its
 * data-time attributes once into sorted arrays. Each frame it binary-searches the current time
 * and toggles classes on the previous and the new line and word only, so ten thousand words
 * cost nothing per frame. It never inserts transcript text as HTML.
 */
(function () {
  "use strict";
  const doc = document;
  const root = doc.documentElement;
  root.classList.add("js");
  const audio = doc.getElementById("audio");
  const main = doc.getElementById("transcript");
  const toc = doc.querySelector(".toc");
  const top = doc.querySelector(".top");
  const tools = doc.getElementById("tools");
  const followBtn = doc.getElementById("follow");
  const resumeBtn = doc.getElementById("resume");
  const skipBox = doc.getElementById("skipx");
  const statusEl = doc.getElementById("status");
  const reduce = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : { matches: false };
  const EPS = 0.002; // a seek to a start lands on it even if the time reads back a hair early
  const HOLD = 1.5; // a line stays lit this long after its end, unless the next one starts

  if (tools) tools.hidden = false;
  main.querySelectorAll(".skipb").forEach((b) => { b.hidden = false; });

  const timeOf = (el) => parseFloat(el.getAttribute("data-time"));

  /* Elements sorted by their data-time (stable: ties keep document order). */
  function table(nodes) {
    const els = Array.from(nodes);
    const t = els.map(timeOf);
    const order = els.map((_, i) => i).sort((a, b) => t[a] - t[b] || a - b);
    return { t: Float64Array.from(order, (k) => t[k]), el: order.map((k) => els[k]) };
  }
  /* How many entries of the sorted array are <= x. */
  function upper(arr, x) {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  const lines = table(main.querySelectorAll(".ln[data-time], .gap[data-time]"));
  const lineEnd = Float64Array.from(lines.el, (el) => {
    const e = parseFloat(el.getAttribute("data-end"));
    return isNaN(e) ? timeOf(el) : e;
  });
  lines.el.forEach((el, i) => { el._pi = i; });
  const words = table(main.querySelectorAll(".tx span[data-time]"));
  const wordLine = Int32Array.from(words.el, (el) => {
    const ln = el.closest(".ln");
    return ln && ln._pi !== undefined ? ln._pi : -1;
  });
  const chapters = toc ? table(toc.querySelectorAll("a[data-time]")) : { t: [], el: [] };

  let virtualTime = 0; // the time when there is no audio element
  const now = () => (audio ? audio.currentTime : virtualTime);
  let curL = -1;
  let curW = -1;
  let curC = -1;
  let follow = true;
  let autoUntil = performance.now() + 1500; // scrolls before this are ours, not the reader's

  function reveal(el, force) {
    const r = el.getBoundingClientRect();
    const h = window.innerHeight;
    const head = top ? top.offsetHeight : 0;
    if (!force && r.top >= head + 0.1 * (h - head) && r.bottom <= h * 0.8) return;
    const smooth = !reduce.matches;
    autoUntil = performance.now() + (smooth ? 1200 : 200);
    el.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
  }

  function swap(list, from, to, cls) {
    if (from >= 0) list[from].classList.remove(cls);
    if (to >= 0) list[to].classList.add(cls);
  }

  /* Show time t: the only per-frame work, two binary searches and at most four class flips. */
  function sync(t) {
    let i = upper(lines.t, t + EPS) - 1;
    if (i >= 0 && !(t < lineEnd[i] + (lines.el[i].classList.contains("gap") ? 0 : HOLD))) i = -1;
    if (i !== curL) {
      swap(lines.el, curL, i, "cur");
      curL = i;
      if (follow && i >= 0) reveal(lines.el[i], false);
      showResume();
    }
    let w = upper(words.t, t + EPS) - 1;
    if (w >= 0 && wordLine[w] !== i) w = -1;
    if (w !== curW) {
      swap(words.el, curW, w, "cw");
      curW = w;
    }
    const c = upper(chapters.t, t + EPS) - 1;
    if (c !== curC) {
      if (curC >= 0) chapters.el[curC].removeAttribute("aria-current");
      if (c >= 0) chapters.el[c].setAttribute("aria-current", "true");
      swap(chapters.el, curC, c, "cur");
      curC = c;
    }
    if (skipBox && skipBox.checked && audio && !audio.paused && i >= 0 &&
        lines.el[i].classList.contains("gap") && t < lineEnd[i] - 0.25) {
      audio.currentTime = lineEnd[i];
    }
  }

  function say(text) {
    if (statusEl) statusEl.textContent = text;
  }

  function showResume() {
    if (resumeBtn) resumeBtn.hidden = follow || curL < 0;
  }

  function setFollow(on) {
    follow = on;
    if (followBtn) followBtn.setAttribute("aria-pressed", String(on));
    showResume();
    if (on && curL >= 0) reveal(lines.el[curL], false);
  }

  function pauseFollow() {
    if (follow) setFollow(false);
  }

  function play() {
    if (!audio) return;
    const p = audio.play();
    if (p && p.catch) p.catch(() => say("The browser did not start playback; press play."));
  }

  function seek(t, andPlay) {
    t = Math.max(0, t);
    if (audio) {
      audio.currentTime = t;
      if (audio.readyState === 0) {
        audio.addEventListener("loadedmetadata", () => { audio.currentTime = t; }, { once: true });
      }
    } else {
      virtualTime = t;
    }
    setFollow(true);
    sync(t);
    if (andPlay) play();
  }

  function clock(t, frac) {
    const ms = Math.round(Math.max(0, t) * 1000);
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, "0");
    let out = h ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
    if (frac && ms % 1000) out += ("." + String(ms % 1000).padStart(3, "0")).replace(/0+$/, "");
    return out;
  }

  function setHash(t) {
    try {
      history.replaceState(null, "", "#t=" + clock(t, true));
    } catch (e) { /* some file:// setups refuse; the link still works */ }
  }

  /* "12:34", "1:02:03.5", "754", "12m34s", "1h2m3s" -> seconds (NaN if not a time). */
  function parseTime(s) {
    s = decodeURIComponent(s).trim();
    const hms = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/i.exec(s);
    if (hms && (hms[1] || hms[2] || hms[3])) {
      return (+hms[1] || 0) * 3600 + (+hms[2] || 0) * 60 + (+hms[3] || 0);
    }
    const parts = s.split(":");
    if (parts.length > 3 || !parts.every((p) => /^\d+(\.\d+)?$/.test(p))) return NaN;
    return parts.reduce((acc, p) => acc * 60 + parseFloat(p), 0);
  }

  function fromHash() {
    const m = /[#&]t=([^&]+)/.exec(location.hash);
    if (!m) return;
    const t = parseTime(m[1]);
    if (!isNaN(t)) seek(t, false);
  }

  /* Clicks: a word plays from its start, a line's time or the line from the line's start. */
  doc.addEventListener("click", (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const skip = target.closest(".skipb");
    if (skip) {
      e.preventDefault();
      seek(parseFloat(skip.getAttribute("data-skip")), true);
      return;
    }
    const el = target.closest("[data-time]");
    if (!el || !(main.contains(el) || (toc && toc.contains(el)))) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed && String(sel).trim()) return; // the reader is selecting a quote
    e.preventDefault();
    const t = timeOf(el);
    seek(t, true);
    setHash(t);
  });

  /* Follow mode pauses when the reader scrolls; our own scrolling does not count. */
  const readerScroll = () => pauseFollow();
  window.addEventListener("wheel", readerScroll, { passive: true });
  window.addEventListener("touchmove", readerScroll, { passive: true });
  window.addEventListener("scroll", () => {
    if (performance.now() > autoUntil) pauseFollow();
  }, { passive: true });
  window.addEventListener("scrollend", () => { autoUntil = 0; });
  if (followBtn) followBtn.addEventListener("click", () => setFollow(!follow));
  if (resumeBtn) resumeBtn.addEventListener("click", () => {
    setFollow(true);
    if (curL >= 0) reveal(lines.el[curL], true);
  });

  function togglePlay() {
    if (!audio) return;
    if (audio.paused) play();
    else audio.pause();
  }

  function stepLine(d) {
    if (!lines.t.length) return;
    const at = curL >= 0 ? curL : upper(lines.t, now() + EPS) - (d > 0 ? 1 : 0);
    const k = Math.max(0, Math.min(lines.t.length - 1, at + d));
    seek(lines.t[k], audio ? !audio.paused : false);
  }

  doc.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = e.target;
    const tag = el && el.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el && el.isContentEditable)) {
      return;
    }
    const control = tag === "BUTTON" || tag === "A" || tag === "SUMMARY" || tag === "AUDIO";
    const playing = audio ? !audio.paused : false;
    switch (e.key) {
      case " ":
        if (control) return;
        togglePlay();
        break;
      case "ArrowLeft":
        if (tag === "AUDIO") return;
        seek(now() - 5, playing);
        break;
      case "ArrowRight":
        if (tag === "AUDIO") return;
        seek(now() + 5, playing);
        break;
      case "ArrowUp":
        stepLine(-1);
        break;
      case "ArrowDown":
        stepLine(1);
        break;
      case "/":
        if (!doc.getElementById("q")) return;
        doc.getElementById("q").focus();
        break;
      case "f":
        setFollow(true);
        break;
      case "PageUp": case "PageDown": case "Home": case "End":
        pauseFollow();
        return;
      default:
        return;
    }
    e.preventDefault();
  });

  /* Playback drives the highlight: every animation frame while playing, else on events. */
  let raf = 0;
  function frame() {
    raf = 0;
    sync(audio.currentTime);
    if (!audio.paused) raf = requestAnimationFrame(frame);
  }
  if (audio) {
    audio.addEventListener("play", () => { if (!raf) raf = requestAnimationFrame(frame); });
    ["timeupdate", "seeked", "pause", "loadedmetadata"].forEach((name) => {
      audio.addEventListener(name, () => sync(audio.currentTime));
    });
  }

  function measureTop() {
    if (top) root.style.setProperty("--top", top.offsetHeight + "px");
  }
  window.addEventListener("resize", measureTop);
  window.addEventListener("hashchange", fromHash);
  measureTop();
  if (/[#&]t=/.test(location.hash)) fromHash();
  else sync(now());

  window.podalign = {
    sync, seek, parseTime, clock, upper, timeOf, say, pauseFollow, reveal, now, EPS, main,
    lines, words, current: () => curL, lastQuote: "",
  };
})();
