/* podalign HTML player, the reader's tools: search and "copy quote with link".
 *
 * Runs after player.js and uses what it exposes as window.podalign (the sorted line table,
 * the clock, scrolling). Reads text with textContent and writes it with textContent only.
 */
(function () {
  "use strict";
  const P = window.podalign;
  if (!P) return;
  const doc = document;
  const main = P.main;
  const lines = P.lines;
  const q = doc.getElementById("q");
  const hitsEl = doc.getElementById("hits");
  const quoteBtn = doc.getElementById("quote");
  const { EPS, upper, timeOf, clock, say, now, reveal, pauseFollow } = P;

  /* Search: lines containing the query are marked; Enter walks through them. */
  const allLines = Array.from(main.querySelectorAll(".ln"));
  let texts = null;
  let hits = [];
  let hitAt = -1;
  let marked = [];
  function search() {
    hits.forEach((el) => el.classList.remove("hit", "hitcur"));
    marked.forEach((el) => el.classList.remove("mw"));
    hits = [];
    marked = [];
    hitAt = -1;
    const query = q.value.trim().toLowerCase().replace(/\s+/g, " ");
    if (query.length < 2) {
      hitsEl.textContent = "";
      return;
    }
    if (!texts) {
      texts = allLines.map((el) => el.querySelector(".tx").textContent.toLowerCase()
        .replace(/\s+/g, " "));
    }
    const tokens = query.split(" ").filter((s) => s.length > 1);
    allLines.forEach((el, i) => {
      if (texts[i].indexOf(query) < 0) return;
      hits.push(el);
      el.classList.add("hit");
      el.querySelectorAll(".tx span[data-time]").forEach((w) => {
        const wt = w.textContent.toLowerCase();
        if (tokens.some((s) => wt.indexOf(s) >= 0)) {
          w.classList.add("mw");
          marked.push(w);
        }
      });
    });
    hitsEl.textContent = hits.length
      ? hits.length + (hits.length === 1 ? " line" : " lines") + " (Enter: next)"
      : "no match";
  }
  function stepHit(d) {
    if (!hits.length) return;
    if (hitAt >= 0) hits[hitAt].classList.remove("hitcur");
    hitAt = (hitAt + d + hits.length) % hits.length;
    const el = hits[hitAt];
    el.classList.add("hitcur");
    pauseFollow();
    reveal(el, true);
    hitsEl.textContent = hitAt + 1 + " of " + hits.length;
  }
  if (q) {
    let timer = 0;
    q.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    q.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        clearTimeout(timer);
        if (hitAt < 0 && !hits.length) search();
        stepHit(e.shiftKey ? -1 : 1);
      } else if (e.key === "Escape") {
        q.value = "";
        search();
        q.blur();
      }
    });
  }

  /* "Copy quote with link": the selection (or the current line), its speaker, time and link. */
  let picked = null;
  function selection() {
    const s = window.getSelection();
    if (!s || s.isCollapsed || !s.rangeCount || !String(s).trim()) return null;
    const r = s.getRangeAt(0);
    return main.contains(r.commonAncestorContainer) ? { text: String(s), range: r } : null;
  }
  function quoteText() {
    const sel = selection() || picked;
    let el = null;
    let text = "";
    let t = NaN;
    if (sel) {
      text = sel.text;
      const node = sel.range.startContainer;
      el = (node.nodeType === 1 ? node : node.parentNode).closest("[data-time]");
      const first = sel.range.cloneContents().querySelector("[data-time]");
      t = el ? timeOf(el) : first ? timeOf(first) : NaN;
      el = el || (node.nodeType === 1 ? node : node.parentNode);
    } else {
      const k = P.current() >= 0 ? P.current() : Math.max(0, upper(lines.t, now() + EPS) - 1);
      el = lines.el[k];
      if (!el) return null;
      text = el.querySelector(".tx").textContent;
      t = timeOf(el);
    }
    const turn = el.closest(".turn");
    const spk = turn && turn.querySelector(".spk");
    const url = location.href.split("#")[0] + (isNaN(t) ? "" : "#t=" + clock(Math.floor(t)));
    const when = isNaN(t) ? "" : " [" + clock(t) + "]";
    const who = spk ? " — " + spk.textContent : "";
    return "“" + text.replace(/\s+/g, " ").trim() + "”" + who + when + " " + url;
  }
  function copy(text) {
    const fallback = () => {
      const ta = doc.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      doc.body.appendChild(ta);
      ta.select();
      let ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      doc.body.removeChild(ta);
      return ok;
    };
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(() => true, fallback);
    }
    return Promise.resolve(fallback());
  }
  if (quoteBtn) {
    quoteBtn.addEventListener("pointerdown", () => { picked = selection(); });
    quoteBtn.addEventListener("click", () => {
      const text = quoteText();
      picked = null;
      if (!text) return;
      P.lastQuote = text;
      copy(text).then((ok) => {
        say(ok ? "Copied: " + text : "Could not copy; the quote is: " + text);
        quoteBtn.textContent = ok ? "Copied ✓" : "Copy failed";
        setTimeout(() => { quoteBtn.textContent = "Copy quote with link"; }, 1500);
      });
    });
  }
})();
