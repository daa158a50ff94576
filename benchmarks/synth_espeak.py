"""A second voice engine for the synthetic episode: eSpeak NG (formant synthesis).

Why: every figure of the synthetic hour came from one neural voice (piper); an aligner can be
tuned, without meaning to, to one engine's onsets, pauses and prosody. eSpeak NG sounds nothing
like piper (rule-based formant speech, hard consonant onsets, its own comma pauses), so the
same episode recipe read by it is a check that the accuracy is podalign's and not piper's.

Install (Debian/Ubuntu; a benchmark, not a test, so CI does not need it)::

    sudo apt-get install espeak-ng
    python -m benchmarks.make_episode --engine espeak
    python -m benchmarks.accuracy --mode full --engine espeak --variant all

:class:`EspeakSpeaker` has the interface of :class:`benchmarks.synth.Speaker`: ``say(text,
style, tempo)`` returns 16 kHz float32 trimmed to its audible part. Voice ``en-us``; the
style's length scale and the tempo set the speaking rate (``-s``, words per minute), its pitch
factor is applied by resampling exactly as for piper. eSpeak NG is deterministic.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from benchmarks.synth import SAMPLE_RATE, VoiceStyle, fade, resample, speech_edges

#: eSpeak NG's rate (words per minute) at length scale 1.0 and tempo 1.0.
BASE_WPM = 165
VOICE = "en-us"


class EspeakSpeaker:
    """``espeak-ng`` as a subprocess, one call per sentence (WAV to a temporary file)."""

    def __init__(self, threads: int = 1) -> None:
        del threads  # one process per call; the argument keeps the Speaker interface
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise SystemExit(
                "espeak-ng is not installed: `sudo apt-get install espeak-ng` (Debian/Ubuntu)"
            )
        self.exe = exe
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
        self.version = " ".join(version.stdout.split()[:4])
        self.model_path = Path(f"espeak-ng-{VOICE}")  # named like piper's model, for the meta

    def _wav(self, text: str, wpm: int) -> tuple[np.ndarray, int]:
        with tempfile.TemporaryDirectory(prefix="podalign-espeak-") as tmp:
            out = Path(tmp) / "say.wav"
            subprocess.run(
                [self.exe, "-v", VOICE, "-s", str(wpm), "-w", str(out), "--", text],
                check=True,
                capture_output=True,
            )
            with wave.open(str(out), "rb") as w:
                rate = w.getframerate()
                raw = w.readframes(w.getnframes())
        pcm = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
        return pcm, rate

    def say(self, text: str, style: VoiceStyle, tempo: float = 1.0) -> np.ndarray:
        """``text`` spoken in ``style``, trimmed to its audible part, peak = ``style.gain``."""
        wpm = max(80, round(BASE_WPM / (style.length_scale * tempo)))
        pcm, rate = self._wav(text, wpm)
        clip = resample(pcm, rate * style.pitch, SAMPLE_RATE)
        first, end = speech_edges(clip)
        if end <= first:
            raise ValueError(f"espeak-ng produced no audible speech for {text!r}")
        audio = fade(clip[first:end])
        peak = float(np.abs(audio).max()) or 1.0
        return (audio * (style.gain / peak)).astype(np.float32)


__all__ = ["BASE_WPM", "VOICE", "EspeakSpeaker"]
