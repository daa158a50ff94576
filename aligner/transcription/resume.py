"""Resuming an interrupted transcription in exactly the state a clean run would be in.

A clean faster-whisper run carries two things from one 30 s decoding window into the next: the
text prompt (the earlier windows' tokens, reset after a temperature fallback) and the end of
the last word heard (``last_speech_timestamp``; its word-timing heuristics use it to tell a
first word after a pause, whose start they clamp, from one that runs on). A resumed run starts
a fresh decoding loop at the interrupted window, where both are empty. Without the second, the
first word of the first resumed window could get another start time than in a clean run (up to
twice the median word length; seen: 0.28 s on podsim-mini). This module rebuilds both from the
checkpoint: each checkpointed segment records its last word's end on the speech timeline (the
concatenated VAD chunks Whisper decodes, before the times are mapped back to the audio's).

Not rebuilt: faster-whisper's ``hallucination_silence_threshold`` pass (off by default) reads
the same value from a local variable; with that option on, the first resumed window's
hallucination check starts from the window's beginning.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class PromptOptions(Protocol):
    """The decoding options the prompt depends on (``TranscribeOptions`` has them)."""

    @property
    def initial_prompt(self) -> str | None: ...
    @property
    def condition_on_previous_text(self) -> bool: ...
    @property
    def prompt_reset_on_temperature(self) -> float: ...


def prompt_tokens(whisper: Any, options: PromptOptions, kept: list[dict[str, Any]]) -> list:
    """The token prompt an uninterrupted run would carry into the window after ``kept``."""
    all_tokens: list[int] = []
    if options.initial_prompt:
        all_tokens.extend(
            whisper.hf_tokenizer.encode(
                " " + options.initial_prompt.strip(), add_special_tokens=False
            ).ids
        )
    reset_since = 0
    for i, rec in enumerate(kept):
        all_tokens.extend(rec["tokens"])
        window_done = i + 1 == len(kept) or kept[i + 1]["seek"] != rec["seek"]
        if window_done and (
            not options.condition_on_previous_text
            or (rec.get("temperature") or 0.0) > options.prompt_reset_on_temperature
        ):
            reset_since = len(all_tokens)
    return all_tokens[reset_since:]


def last_speech_end(kept: list[dict[str, Any]]) -> float:
    """Where a clean run's ``last_speech_timestamp`` stood after ``kept`` (0.0: no word yet,
    or a checkpoint written before segments recorded it)."""
    for rec in reversed(kept):
        if rec.get("speech_end") is not None:
            return float(rec["speech_end"])
    return 0.0


def tap_speech_ends(segments: Iterable[Any], ends: list[float | None]) -> Iterator[Any]:
    """``segments`` unchanged; appends each one's last word end (speech timeline) to ``ends``
    as it passes, before anything maps its times back to the audio's."""
    for seg in segments:
        ends.append(float(seg.words[-1].end) if seg.words else None)
        yield seg


def resumed_model(whisper: Any, last_end: float) -> Any:
    """``whisper``, or a shallow copy of it (sharing the loaded model) whose word timing starts
    from ``last_end`` instead of 0.0 — what a clean run would pass into the resumed window.

    faster-whisper's loop passes 0.0 until a window yields a word; from then on its own value.
    The loaded model itself is never changed (it is shared within the process).
    """
    if not last_end:
        return whisper
    original = whisper.add_word_timestamps
    signature = inspect.signature(original)

    def add_word_timestamps(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        if bound.arguments.get("last_speech_timestamp") == 0.0:
            bound.arguments["last_speech_timestamp"] = last_end
        return original(*bound.args, **bound.kwargs)

    model = copy.copy(whisper)
    model.add_word_timestamps = add_word_timestamps
    return model


__all__ = [
    "PromptOptions",
    "last_speech_end",
    "prompt_tokens",
    "resumed_model",
    "tap_speech_ends",
]
