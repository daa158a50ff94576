"""Forced alignment of *known* text on short windows with CTranslate2's ``Whisper.align``.

Decoding (generating text) is the expensive part of Whisper; when the words are already known
(the published transcript), encoding a window once and aligning the words to it costs a fraction
of that and gives word times as good as Whisper's own word timestamps. Each word also gets the
decoder's probability of its tokens given the audio, which tells whether the words are spoken in
the window at all.

Pitfalls handled here: ``align`` takes only the start-of-transcript sequence (no timestamp
tokens); ``num_frames`` counts mel frames (100 per second) of real audio in the window; every
token is placed even if it is not spoken (surplus text is squeezed into the end of the window:
callers keep only words well inside it); at most ~440 tokens fit one call; the model's config
must have ``alignment_heads`` (the bundled models do). Windows are shorter than Whisper's
native 30 s (:data:`WINDOW_SECONDS`): the encoder accepts fewer mel frames, and costs much less.

:meth:`ForcedAligner.transcribe` decodes a window (greedy, timestamp mode) and aligns the result
to itself: Whisper's words with times, for the places where the transcript has no anchor.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from aligner.basics.audio import SAMPLE_RATE
from aligner.errors import ModelError
from aligner.result import Word

#: Whisper's native window; the encoder also accepts shorter ones (fewer mel frames).
MAX_WINDOW_SECONDS = 30.0
#: The window used for alignment. The encoder's cost grows faster than its input: a 20 s
#: window costs about a quarter of a 30 s one on a CPU, and aligns as well (measured on the
#: hour-long benchmark episode: same accuracy, 0.41x instead of 0.60x of transcribing).
WINDOW_SECONDS = 20.0
SECONDS_PER_TOKEN_FRAME = 0.02  # alignment time resolution (encoder frames, 50 per second)
#: Most text tokens aligned in one call (Whisper's decoder context is 448 incl. the prompt).
MAX_ALIGN_TOKENS = 430


@dataclass(frozen=True)
class PlacedWord:
    """Word ``index`` of the list given to :meth:`ForcedAligner.align`, placed on the audio."""

    index: int
    start: float
    end: float
    probability: float


@dataclass
class EncodedWindow:
    """One encoded 30-second window starting at ``start`` seconds."""

    start: float
    num_frames: int
    features: Any  # ctranslate2.StorageView, encoder output

    @property
    def end(self) -> float:
        return self.start + self.num_frames / 100.0


class ForcedAligner:
    """Wraps a ``faster_whisper.WhisperModel`` for window encoding, alignment and decoding."""

    def __init__(
        self, whisper: Any, language: str = "en", window_seconds: float = WINDOW_SECONDS
    ) -> None:
        from faster_whisper.tokenizer import Tokenizer

        self.model = whisper.model
        self.feature_extractor = whisper.feature_extractor
        multilingual = bool(getattr(whisper.model, "is_multilingual", False))
        self.tokenizer = Tokenizer(
            whisper.hf_tokenizer,
            multilingual,
            task="transcribe",
            language=language if multilingual else "en",
        )
        self._token_cache: dict[str, list[int]] = {}
        # The window encoded last, for a caller that asks for the same one again (the walk
        # after a second look at a gap resumes at the window that look ended on).
        self._last: tuple[np.ndarray, tuple[int, int], EncodedWindow] | None = None
        self.window_seconds = min(MAX_WINDOW_SECONDS, window_seconds)
        self.window_samples = int(self.window_seconds * SAMPLE_RATE)
        self.calls = {"encode": 0, "align": 0, "generate": 0}
        self.seconds = {"mel": 0.0, "encode": 0.0, "align": 0.0, "generate": 0.0}

    # -- encoding ---------------------------------------------------------------------------
    def encode(
        self, audio: np.ndarray, start: float, seconds: float | None = None
    ) -> EncodedWindow:
        """Encode the window from ``start``: :attr:`window_seconds` long, or ``seconds`` (a
        short look at a few words costs less)."""
        import ctranslate2

        a = max(0, round(start * SAMPLE_RATE))
        size = self.window_samples if seconds is None else int(seconds * SAMPLE_RATE)
        key = (a, size)
        if self._last is not None and self._last[0] is audio and self._last[1] == key:
            return self._last[2]
        chunk = audio[a : a + size]
        n = len(chunk)
        if n < size:
            chunk = np.pad(chunk, (0, size - n))
        t0 = time.perf_counter()
        mel = self.feature_extractor(np.asarray(chunk, dtype=np.float32), padding=0)
        frames_total = size // 160
        mel = mel[:, :frames_total]
        if mel.shape[1] < frames_total:
            mel = np.pad(mel, ((0, 0), (0, frames_total - mel.shape[1])))
        view = ctranslate2.StorageView.from_array(np.ascontiguousarray(mel[None], dtype=np.float32))
        t1 = time.perf_counter()
        self.seconds["mel"] += t1 - t0
        try:
            features = self.model.encode(view, to_cpu=False)
        except Exception as exc:  # pragma: no cover - depends on the runtime
            raise ModelError(f"the Whisper encoder failed: {exc}") from None
        self.calls["encode"] += 1
        self.seconds["encode"] += time.perf_counter() - t1
        frames = max(1, min(frames_total, n // 160))
        window = EncodedWindow(start=a / SAMPLE_RATE, num_frames=frames, features=features)
        self._last = (audio, key, window)
        return window

    # -- alignment --------------------------------------------------------------------------
    def word_tokens(self, word: str) -> list[int]:
        toks = self._token_cache.get(word)
        if toks is None:
            toks = self.tokenizer.encode(" " + word.strip())
            self._token_cache[word] = toks
        return toks

    def fit(self, words: Sequence[str], budget: int = MAX_ALIGN_TOKENS) -> int:
        """How many of ``words`` (from the first) fit one alignment call."""
        used = 0
        for i, w in enumerate(words):
            used += len(self.word_tokens(w))
            if used > budget:
                return i
        return len(words)

    def align(self, window: EncodedWindow, words: Sequence[str]) -> list[PlacedWord]:
        """Place ``words`` (which must fit one call, see :meth:`fit`) on ``window``."""
        groups = [self.word_tokens(w) for w in words]
        return self._align_tokens(window, groups)

    def _align_tokens(self, window: EncodedWindow, groups: list[list[int]]) -> list[PlacedWord]:
        tokens = [t for g in groups for t in g]
        if not tokens:
            return []
        t0 = time.perf_counter()
        result = self.model.align(
            window.features, self.tokenizer.sot_sequence, [tokens], window.num_frames
        )[0]
        self.calls["align"] += 1
        self.seconds["align"] += time.perf_counter() - t0
        pairs = np.asarray(result.alignments, dtype=np.int64).reshape(-1, 2)
        probs = np.asarray(result.text_token_probs, dtype=np.float64)
        text_idx, time_idx = pairs[:, 0], pairs[:, 1]
        jumps = np.pad(np.diff(text_idx), (1, 0), constant_values=1).astype(bool)
        jump_times = time_idx[jumps] * SECONDS_PER_TOKEN_FRAME
        # One jump per text token plus the end-of-text token.
        bounds = np.pad(np.cumsum([len(g) for g in groups]), (1, 0))
        limit = window.num_frames / 100.0
        placed: list[PlacedWord] = []
        for i in range(len(groups)):
            b0, b1 = int(bounds[i]), int(bounds[i + 1])
            s = float(jump_times[min(b0, len(jump_times) - 1)])
            e = float(jump_times[min(b1, len(jump_times) - 1)])
            p = float(np.mean(probs[b0:b1])) if b1 > b0 and len(probs) >= b1 else 0.0
            placed.append(
                PlacedWord(i, window.start + min(s, limit), window.start + min(max(e, s), limit), p)
            )
        return placed

    # -- decoding ---------------------------------------------------------------------------
    def transcribe(self, window: EncodedWindow, max_length: int = 448) -> list[Word]:
        """Greedy-decode the window and align the result to it: Whisper's words with times.

        Decoding runs in timestamp mode: without timestamps Whisper tends to stop at the first
        pause or change of speaker and leave the rest of the window unheard.
        """
        tok = self.tokenizer
        prompt = list(tok.sot_sequence)
        t0 = time.perf_counter()
        result = self.model.generate(
            window.features,
            [prompt],
            beam_size=1,
            max_length=max_length,
            suppress_blank=True,
            return_no_speech_prob=True,
        )[0]
        self.calls["generate"] += 1
        self.seconds["generate"] += time.perf_counter() - t0
        ids = [t for t in result.sequences_ids[0] if t < tok.eot]
        if not ids or getattr(result, "no_speech_prob", 0.0) > 0.8:
            return []
        words, groups = tok.split_to_word_tokens(ids)
        merged_words: list[str] = []
        merged_groups: list[list[int]] = []
        for w, g in zip(words, groups):
            if merged_words and not w.startswith(" "):
                merged_words[-1] += w
                merged_groups[-1] = merged_groups[-1] + g
            else:
                merged_words.append(w)
                merged_groups.append(list(g))
        placed = self._align_tokens(window, merged_groups)
        out: list[Word] = []
        for pw in placed:
            text = merged_words[pw.index].strip()
            if text:
                out.append(Word(text, pw.start, pw.end, pw.probability))
        return _drop_repeats(out)


def _drop_repeats(words: list[Word], limit: int = 4) -> list[Word]:
    """Cut greedy decoding's runaway loops (the same word many times in a row)."""
    out: list[Word] = []
    run = 0
    for w in words:
        if out and w.text.lower() == out[-1].text.lower():
            run += 1
            if run >= limit:
                continue
        else:
            run = 0
        out.append(w)
    return out


__all__ = [
    "MAX_ALIGN_TOKENS",
    "MAX_WINDOW_SECONDS",
    "WINDOW_SECONDS",
    "EncodedWindow",
    "ForcedAligner",
    "PlacedWord",
]
