"""Output latency: 0 on the real null backend, the device's internal buffer where the binding
reports it (minus the period the player's own FIFO model counts), the environment override,
and a one-line error for a bad override."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from aligner.errors import UsageError
from tui.audio.device import open_device
from tui.audio.latency import ENV_LATENCY, output_latency, reported_latency


def test_the_null_backend_reports_no_latency() -> None:
    device = open_device(force_null=True)
    try:
        assert device.backend == "Null"
        assert reported_latency(device) == 0.0
        assert output_latency(device, environ={}) == 0.0
    finally:
        device.close()


def test_a_device_that_reports_its_buffer() -> None:
    playback = SimpleNamespace(
        internalPeriodSizeInFrames=480, internalPeriods=3, internalSampleRate=48000
    )
    device = SimpleNamespace(backend="ALSA", _device=SimpleNamespace(playback=playback))
    assert reported_latency(device) == pytest.approx(0.02)  # two periods of 10 ms behind
    silent = SimpleNamespace(backend="PulseAudio", _device=SimpleNamespace())
    assert reported_latency(silent) == 0.0  # the binding exposes nothing: nothing is invented


def test_the_environment_overrides_and_bad_values_are_one_line_errors() -> None:
    device = SimpleNamespace(backend="Null")
    assert output_latency(device, environ={ENV_LATENCY: "150"}) == pytest.approx(0.15)
    for bad in ("fast", "-5", "99999"):
        with pytest.raises(UsageError, match=ENV_LATENCY):
            output_latency(device, environ={ENV_LATENCY: bad})
