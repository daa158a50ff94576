"""The real player (PyAV -> miniaudio): content-accurate position and seeking, the null backend,
and the whole app on the null backend keeping the highlight on the line being played."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest
from tui_fakes import FakeServices, Request, podsim_audio, podsim_episode

from tui.app import create_app
from tui.audio.playback import RATE, AudioPlayer, decode_range
from tui.player import Player


class ManualDevice:
    """A device that plays nothing: the test pulls periods from the player's generator."""

    backend = "Manual"

    def __init__(self) -> None:
        self.gen = None
        self.closed = False

    def start(self, gen) -> None:
        self.gen = gen

    def close(self) -> None:
        self.closed = True

    def pull(self, frames: int = 960) -> np.ndarray:
        return np.asarray(self.gen.send(frames))


def _pull_until_audio(player: AudioPlayer, device: ManualDevice) -> np.ndarray:
    """Wait until the decoder has audio queued, then pull one period."""
    for _ in range(500):
        if player.buffered >= 0.5:
            return device.pull()
        time.sleep(0.01)
    pytest.fail("the decoder produced no audio")


def _best_lag(reference: np.ndarray, played: np.ndarray, max_lag: int) -> int:
    """Lag (in samples) at which ``played`` best matches ``reference`` (0 = exactly aligned)."""
    scores = []
    for lag in range(-max_lag, max_lag + 1):
        ref = reference[max_lag + lag : max_lag + lag + played.shape[0]]
        scores.append(float(np.dot(ref, played)) / (float(np.linalg.norm(ref)) + 1e-9))
    return int(np.argmax(scores)) - max_lag


@pytest.fixture(scope="module")
def aligner_audio() -> np.ndarray:
    """podsim-mini as the aligner decodes it (16 kHz mono): the timeline lines are timed on."""
    from aligner.decoding.decode import decode_audio
    from aligner.progress import drive

    return drive(decode_audio(podsim_audio()))


@pytest.mark.parametrize("target", [40.0, 47.3, 123.456])
def test_seek_is_accurate_by_content(target: float, aligner_audio: np.ndarray) -> None:
    """What the player hands the device right after a seek is the audio the aligner has at the
    target time, and the position it reports is that target."""
    from aligner.decoding.decode import SAMPLE_RATE

    device = ManualDevice()
    player = AudioPlayer(device)
    try:
        assert isinstance(player, Player)
        player.load(podsim_audio())
        player.seek(target)
        assert player.position() == pytest.approx(target, abs=1e-6)
        player.play()
        first = _pull_until_audio(player, device)
        played = np.concatenate([first] + [device.pull() for _ in range(24)])  # 500 ms
        played16 = played.mean(axis=1)[:: RATE // SAMPLE_RATE]
        margin = int(0.05 * SAMPLE_RATE)
        at = round(target * SAMPLE_RATE)
        reference = aligner_audio[at - margin : at + margin + played16.shape[0]]
        lag = _best_lag(reference, played16, margin)
        assert abs(lag) / SAMPLE_RATE < 0.005, f"played audio is {lag / SAMPLE_RATE:.3f} s off"
    finally:
        player.close()
    assert device.closed


def test_playback_from_the_start_is_the_first_decoded_sample() -> None:
    device = ManualDevice()
    player = AudioPlayer(device)
    try:
        player.load(podsim_audio())
        player.play()
        out = _pull_until_audio(player, device)
        reference = decode_range(podsim_audio(), 0.0, 0.02, rate=RATE)
        assert np.allclose(out, reference, atol=1e-6)
    finally:
        player.close()


def test_pause_freezes_the_position_and_play_resumes_from_it() -> None:
    device = ManualDevice()
    player = AudioPlayer(device)
    try:
        player.load(podsim_audio())
        player.seek(60.0)
        player.play()
        _pull_until_audio(player, device)
        for _ in range(4):
            device.pull()
        player.pause()
        for _ in range(5):  # paused periods are silence and do not advance the content
            assert np.abs(device.pull()).max() == 0
        time.sleep(0.15)
        frozen = player.position()
        assert frozen == pytest.approx(60.1, abs=0.021)  # 5 periods of 20 ms were handed over
        time.sleep(0.1)
        assert player.position() == frozen
        player.set_volume(0.5)
        player.play()
        out = _pull_until_audio(player, device)
        player.set_volume(1.0)
        reference = decode_range(podsim_audio(), frozen, frozen + 0.02, rate=RATE)
        assert np.allclose(out, reference[: out.shape[0]] * 0.5, atol=0.02)
    finally:
        player.close()


def test_null_backend_keeps_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PODALIGN_AUDIO", "null")
    player = AudioPlayer()
    try:
        assert player.backend == "Null" and player.silent
        player.load(podsim_audio())
        assert player.duration == pytest.approx(200.64, abs=0.05)
        player.seek(30.0)
        player.play()
        time.sleep(0.3)  # decoder warm-up
        p0, t0 = player.position(), time.monotonic()
        time.sleep(1.0)
        p1, t1 = player.position(), time.monotonic()
        assert p0 > 30.0
        assert (p1 - p0) == pytest.approx(t1 - t0, abs=0.1)
    finally:
        player.close()


@pytest.mark.slow  # spawns a subprocess
def test_device_noise_never_reaches_stderr() -> None:
    """Opening the device (ALSA/JACK complain loudly with no sound card) prints nothing."""
    code = (
        "from tui.audio.playback import AudioPlayer; p = AudioPlayer(); print(p.backend); p.close()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "PODALIGN_AUDIO"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert proc.stderr == ""


async def test_null_backend_app_highlights_the_line_being_played(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole player on the real null-backend AudioPlayer: after ~2 s of playback the lit line
    is the one whose span contains the clock."""
    monkeypatch.setenv("PODALIGN_AUDIO", "null")
    episode = podsim_episode()
    lines = episode.alignment.lines
    start = lines[12].start  # inside Ross Taylor's long turn
    app = create_app(Request(str(podsim_audio())), services=FakeServices(episode, resume=start))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.player_screen
        for _ in range(200):
            if screen.episode is not None:
                break
            await pilot.pause(0.02)
        assert app.player.silent and app.player.playing
        await pilot.pause(2.0)
        t = app.clock.position()
        assert t == pytest.approx(start + 2.0, abs=0.5)
        await pilot.pause(0.1)  # one more timer tick
        t = app.clock.position()
        lit = screen.transcript.current
        containing = [i for i, al in enumerate(lines) if al.start <= t < al.end]
        near_edge = any(abs(t - al.start) < 0.12 or abs(t - al.end) < 0.12 for al in lines)
        if containing:
            assert lit == containing[0] or near_edge, (t, lit, containing)
        else:  # a pause between sentences: the previous sentence stays lit
            assert lit is not None and lines[lit].end <= t
        assert "silent mode: no audio device" in str(screen.status.render())
