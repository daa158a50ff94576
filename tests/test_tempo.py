"""The speed stage (FFmpeg ``atempo`` through PyAV): the factors chained per speed, the speed
grid, and on real signals that the pitch is kept, the length scales by 1/speed and every output
chunk is labelled with the content time it came from (what the player's clock relies on)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from tui_fakes import podsim_audio

from tui.audio.tempo import (
    ATEMPO_MAX,
    ATEMPO_MIN,
    atempo_factors,
    clamp_speed,
    format_speed,
    step_speed,
    stretch,
)

RATE = 48000


@pytest.mark.parametrize("speed", [0.5, 0.75, 1.0, 1.25, 2.0, 2.25, 2.5, 3.0])
def test_factors_multiply_to_the_speed_and_each_fits_one_atempo(speed: float) -> None:
    factors = atempo_factors(speed)
    assert math.prod(factors) == pytest.approx(speed)
    assert all(ATEMPO_MIN <= f <= ATEMPO_MAX for f in factors)
    assert len(factors) == (2 if speed > 2 else 1)


def test_speed_grid_is_quarter_steps_from_half_to_three() -> None:
    assert clamp_speed(1.6) == 1.5
    assert clamp_speed(0.1) == 0.5 and clamp_speed(9) == 3.0
    assert step_speed(1.0, 1) == 1.25 and step_speed(3.0, 1) == 3.0
    assert step_speed(0.5, -1) == 0.5 and step_speed(2.75, 1) == 3.0
    assert [format_speed(s) for s in (1.0, 1.5, 0.75)] == ["1×", "1.5×", "0.75×"]


def _chunks(x: np.ndarray, t0: float = 0.0, size: int = 1024):
    for k in range(0, x.shape[0], size):
        yield t0 + k / RATE, x[k : k + size]


def _peak_hz(x: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.shape[0])))
    return float(np.argmax(spectrum)) * RATE / x.shape[0]


@pytest.mark.parametrize("speed", [0.5, 1.5, 3.0])
def test_pitch_is_kept_and_length_scales(speed: float) -> None:
    t = np.arange(4 * RATE) / RATE
    tone = (0.5 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)
    x = np.stack([tone, tone], axis=1)
    out = np.concatenate([s for _t, s in stretch(_chunks(x), speed, rate=RATE)])
    assert out.shape[0] / RATE == pytest.approx(4.0 / speed, rel=0.01)
    middle = out[out.shape[0] // 4 : 3 * out.shape[0] // 4, 0]
    assert _peak_hz(middle) == pytest.approx(440.0, abs=5.0)  # resampling would give 440*speed


@pytest.mark.parametrize("speed", [0.5, 1.5, 2.5, 3.0])
def test_chunks_are_labelled_with_their_content_time(speed: float) -> None:
    """A chirp (200 Hz -> 8 kHz over 20 s) tells the content time by its pitch, which atempo
    keeps: at every output sample the label says the content time the pitch says (±25 ms)."""
    duration, f0, f1 = 20.0, 200.0, 8000.0
    sweep = (f1 - f0) / duration
    t = np.arange(int(duration * RATE)) / RATE
    tone = (0.5 * np.sin(2 * np.pi * (f0 * t + 0.5 * sweep * t * t))).astype(np.float32)
    start = 40.0  # content time of the first sample (as after a seek)
    out = list(stretch(_chunks(np.stack([tone, tone], axis=1), start), speed, rate=RATE))
    data = np.concatenate([s for _, s in out])[:, 0]
    label = np.concatenate([t0 + np.arange(s.shape[0]) * speed / RATE for t0, s in out])
    window, pad = 2048, 8
    errors = []
    for c in range(RATE // 2, data.shape[0] - RATE // 2, 4800):
        spectrum = np.abs(
            np.fft.rfft(data[c - window // 2 : c + window // 2] * np.hanning(window), pad * window)
        )
        i = int(np.argmax(spectrum))
        a, b, g = spectrum[i - 1], spectrum[i], spectrum[i + 1]
        freq = (i + 0.5 * (a - g) / (a - 2 * b + g)) * RATE / (pad * window)
        errors.append(label[c] - start - (freq - f0) / sweep)
    assert len(errors) > 20
    assert max(abs(e) for e in errors) < 0.025


def test_one_x_passes_the_samples_through_untouched() -> None:
    x = np.random.default_rng(0).standard_normal((5000, 2)).astype(np.float32)
    got = list(stretch(_chunks(x, 3.0), 1.0, rate=RATE))
    assert [t for t, _ in got] == [t for t, _ in _chunks(x, 3.0)]
    assert np.array_equal(np.concatenate([s for _, s in got]), x)


def test_real_speech_at_one_and_a_half_keeps_the_content_timeline() -> None:
    """podsim-mini decoded by the player's decoder from 40 s, stretched: labels advance by
    ``speed`` content seconds per output second and end where the input ends."""
    from aligner.decoding.decode import open_best_audio
    from tui.audio.decoder import iter_pcm

    container, stream, _ = open_best_audio(podsim_audio())
    try:
        pieces, total_in = [], 0
        for t, s in iter_pcm(container, stream, 40.0, rate=RATE):
            pieces.append((t, s))
            total_in += s.shape[0]
            if total_in >= 10 * RATE:
                break
    finally:
        container.close()
    out = list(stretch(pieces, 1.5, rate=RATE))
    assert out[0][0] == pytest.approx(40.0, abs=1e-6)
    produced = sum(s.shape[0] for _, s in out)
    assert produced / RATE == pytest.approx(total_in / RATE / 1.5, rel=0.01)
    last_t, last = out[-1]
    assert last_t + last.shape[0] * 1.5 / RATE == pytest.approx(40.0 + total_in / RATE, abs=0.05)
