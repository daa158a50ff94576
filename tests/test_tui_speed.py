"""The real player (PyAV -> atempo -> miniaudio) at other speeds: each period handed over is
``speed`` times its length of content, the audio is the time-stretched content from the seek
target, a speed change keeps the position, the null backend's clock runs at ``speed`` times
real time, and the output latency delays what the position says is heard."""

from __future__ import annotations

import time

import numpy as np
import pytest
from tui_fakes import podsim_audio

from aligner.decoding.decode import open_best_audio
from tui.audio.decoder import iter_pcm
from tui.audio.playback import RATE, AudioPlayer
from tui.audio.tempo import stretch

PERIOD = 960  # 20 ms at 48 kHz


class ManualDevice:
    """A device that plays nothing: the test pulls periods from the player's generator."""

    backend = "Manual"

    def __init__(self) -> None:
        self.gen = None

    def start(self, gen) -> None:
        self.gen = gen

    def close(self) -> None:
        pass

    def pull(self, frames: int = PERIOD) -> np.ndarray:
        return np.asarray(self.gen.send(frames))


def _wait_buffered(player: AudioPlayer) -> None:
    for _ in range(500):
        if player.buffered >= 0.5:
            return
        time.sleep(0.01)
    pytest.fail("the decoder produced no audio")


def _stretched(start: float, speed: float, frames: int) -> np.ndarray:
    container, stream, _ = open_best_audio(podsim_audio())
    try:
        out, got = [], 0
        for _t, s in stretch(iter_pcm(container, stream, start), speed, rate=RATE):
            out.append(s)
            got += s.shape[0]
            if got >= frames:
                break
    finally:
        container.close()
    return np.concatenate(out)[:frames]


@pytest.mark.parametrize("speed", [0.5, 1.5, 3.0])
def test_periods_carry_speed_times_their_length_of_stretched_content(speed: float) -> None:
    device = ManualDevice()
    player = AudioPlayer(device, latency=0.0)
    try:
        player.set_speed(speed)  # before load: the file opens at that speed
        player.load(podsim_audio())
        player.seek(60.0)
        assert player.speed == speed
        player.play()
        _wait_buffered(player)
        played = np.concatenate([device.pull() for _ in range(10)])
        player.pause()
        device.pull()  # a paused period: silence, no content
        time.sleep(0.25)
        assert player.position() == pytest.approx(60.0 + 10 * 0.02 * speed, abs=0.002)
        reference = _stretched(60.0, speed, played.shape[0])
        assert np.allclose(played, reference, atol=1e-5)
    finally:
        player.close()


def test_a_speed_change_keeps_the_position() -> None:
    device = ManualDevice()
    player = AudioPlayer(device, latency=0.0)
    try:
        player.load(podsim_audio())
        player.seek(60.0)
        player.play()
        _wait_buffered(player)
        for _ in range(5):
            device.pull()
        time.sleep(0.15)
        assert player.position() == pytest.approx(60.1, abs=0.002)
        player.set_speed(2.0)
        assert player.position() == pytest.approx(60.1, abs=0.002)
        _wait_buffered(player)
        for _ in range(5):
            device.pull()
        time.sleep(0.15)
        assert player.position() == pytest.approx(60.1 + 5 * 0.02 * 2.0, abs=0.002)
    finally:
        player.close()


@pytest.mark.parametrize("speed", [0.5, 1.5, 3.0])
def test_null_backend_clock_runs_at_speed_times_real_time(speed: float) -> None:
    player = AudioPlayer(force_null=True)
    try:
        assert player.latency == 0.0  # the null backend has none
        player.load(podsim_audio())
        player.seek(40.0)
        player.set_speed(speed)
        player.play()
        time.sleep(0.3)  # decoder warm-up
        p0, t0 = player.position(), time.monotonic()
        time.sleep(1.0)
        p1, t1 = player.position(), time.monotonic()
        assert p0 > 40.0
        assert (p1 - p0) == pytest.approx(speed * (t1 - t0), abs=0.1)
    finally:
        player.close()


def test_output_latency_delays_the_position() -> None:
    device = ManualDevice()
    player = AudioPlayer(device, latency=0.3)
    try:
        player.load(podsim_audio())
        player.seek(60.0)
        player.play()
        _wait_buffered(player)
        device.pull()
        time.sleep(0.1)
        assert player.position() == 60.0  # handed over, not heard yet
        time.sleep(0.3)
        assert player.position() == pytest.approx(60.02, abs=0.001)
    finally:
        player.close()
