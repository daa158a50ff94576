"""Decoding to 16 kHz mono float32 with PyAV: real files, video containers, the timeline
policy (stream start offsets), flat memory, and one-line errors for bad input."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import av
import numpy as np
import pytest

from aligner.decoding.decode import SAMPLE_RATE, decode_audio, probe
from aligner.errors import DecodeError
from aligner.progress import drive

SR = SAMPLE_RATE


def _signal(seconds: float = 2.0, seed: int = 1) -> np.ndarray:
    """A non-periodic test signal (chirp + noise) so any time shift shows up."""
    t = np.arange(int(seconds * SR)) / SR
    rng = np.random.default_rng(seed)
    chirp = np.sin(2 * np.pi * (200 + 400 * t) * t)
    return (0.3 * chirp + 0.05 * rng.standard_normal(t.shape)).astype(np.float32)


def _write(
    path: Path,
    sig: np.ndarray,
    *,
    fmt: str,
    acodec: str,
    vcodec: str | None = None,
    start_pts: int = 0,
) -> None:
    with av.open(str(path), "w", format=fmt) as out:
        vs = None
        if vcodec:
            vs = out.add_stream(vcodec, rate=10)
            vs.width, vs.height, vs.pix_fmt = 64, 64, "yuv420p"
        a = out.add_stream(acodec, rate=SR)
        a.layout = "mono"
        planar = acodec == "aac"
        n, pts = 1024, start_pts
        for i in range(0, len(sig), n):
            chunk = sig[i : i + n]
            if planar:
                frame = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
            else:
                pcm = np.round(chunk * 32767).astype(np.int16)[None, :]
                frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
            frame.sample_rate, frame.pts = SR, pts
            pts += len(chunk)
            for packet in a.encode(frame):
                out.mux(packet)
        for packet in a.encode(None):
            out.mux(packet)
        if vs is not None:
            for i in range(int(len(sig) / SR * 10)):
                img = np.full((64, 64, 3), (i * 12) % 255, np.uint8)
                vf = av.VideoFrame.from_ndarray(img, format="rgb24")
                vf.pts = i
                for packet in vs.encode(vf):
                    out.mux(packet)
            for packet in vs.encode(None):
                out.mux(packet)


def _remux_audio(src: Path, dst: Path, fmt: str) -> None:
    """Copy the audio packets of ``src`` into an audio-only container (no re-encoding)."""
    with av.open(str(src)) as inp, av.open(str(dst), "w", format=fmt) as out:
        ins = inp.streams.audio[0]
        outs = out.add_stream_from_template(ins)
        for packet in inp.demux(ins):
            if packet.dts is None:
                continue
            packet.stream = outs
            out.mux(packet)


def test_decodes_real_speech(shared_dir: Path) -> None:
    events = []
    audio = drive(decode_audio(shared_dir / "audio" / "jfk.flac"), events.append)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(len(audio) / SR - 11.0) < 0.05
    assert 0.1 < np.abs(audio).max() < 1.5  # resampling may overshoot full scale slightly
    assert events[-1].stage == "decode" and events[-1].fraction == 1.0
    info = probe(shared_dir / "audio" / "jfk.flac")
    assert info.codec == "flac" and info.sample_rate == 44100 and info.channels == 2
    assert abs(info.duration - 11.0) < 0.05 and not info.has_video


def test_video_with_lossless_audio_decodes_to_the_audio(tmp_path: Path) -> None:
    sig = _signal()
    video = tmp_path / "clip.mkv"
    _write(video, sig, fmt="matroska", acodec="flac", vcodec="mpeg4")
    assert probe(video).has_video
    audio = drive(decode_audio(video))
    assert len(audio) == len(sig)
    assert np.abs(audio - sig).max() < 2e-4  # only int16 quantisation


def test_mp4_video_decodes_to_the_same_samples_as_its_audio(tmp_path: Path) -> None:
    sig = _signal()
    video = tmp_path / "clip.mp4"
    _write(video, sig, fmt="mp4", acodec="aac", vcodec="mpeg4")
    audio_only = tmp_path / "clip.m4a"
    _remux_audio(video, audio_only, "ipod")
    from_video = drive(decode_audio(video))
    from_audio = drive(decode_audio(audio_only))
    assert probe(video).has_video and not probe(audio_only).has_video
    np.testing.assert_array_equal(from_video, from_audio)
    # and it is the signal we encoded, on the same timeline (AAC is lossy: compare shape)
    n = len(sig) - 2048
    lags = range(-200, 201)
    corr = [float(np.dot(from_video[1024 + k : 1024 + k + n - 1024], sig[1024:n])) for k in lags]
    assert abs(lags[int(np.argmax(corr))]) <= 2
    assert abs(len(from_video) - len(sig)) <= 1024


def test_audio_only_file_starting_late_starts_at_zero_as_in_ffmpeg(tmp_path: Path) -> None:
    sig = _signal(1.0)
    late = tmp_path / "late.mkv"
    _write(late, sig, fmt="matroska", acodec="flac", start_pts=SR // 2)  # stamped from 0.5 s
    # the file's own start is 0 s on ffmpeg's timeline: nothing is padded in front
    assert abs(probe(late).start_time) < 0.01
    audio = drive(decode_audio(late))
    assert len(audio) == len(sig)
    assert np.abs(audio - sig).max() < 2e-4


def test_video_whose_audio_starts_late_is_padded_to_media_time(tmp_path: Path) -> None:
    sig = _signal(1.0)
    late = tmp_path / "late.mkv"
    _write(late, sig, fmt="matroska", acodec="flac", vcodec="mpeg4", start_pts=SR // 2)
    assert abs(probe(late).start_time - 0.5) < 0.01  # the video starts at 0, its audio at 0.5 s
    audio = drive(decode_audio(late))
    lead = SR // 2
    assert abs(len(audio) - (lead + len(sig))) <= 16
    assert np.abs(audio[: lead - 16]).max() == 0.0
    offset = len(audio) - len(sig)
    assert np.abs(audio[offset:] - sig).max() < 2e-4


def test_mp3_encoder_delay_is_dropped_as_ffmpeg_does(tmp_path: Path) -> None:
    sig = _signal()
    mp3 = tmp_path / "delay.mp3"
    with av.open(str(mp3), "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=SR)
        stream.layout = "mono"
        fmt = stream.codec_context.format.name  # s32p
        pts = 0
        for i in range(0, len(sig), 1152):
            pcm = (sig[i : i + 1152] * 0.99 * 2**31).astype(np.int32)[None, :]
            frame = av.AudioFrame.from_ndarray(pcm, format=fmt, layout="mono")
            frame.sample_rate, frame.pts = SR, pts
            pts += pcm.shape[1]
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    with av.open(str(mp3)) as raw:  # PyAV stamps the first audible sample at the LAME delay
        s = raw.streams.audio[0]
        assert round(s.start_time * s.time_base * SR) > 500
    assert abs(probe(mp3).start_time) < 1e-6
    audio = drive(decode_audio(mp3))
    n = 16000
    corr = [
        float(np.dot(audio[2000 + k : 2000 + k + n], sig[2000 : 2000 + n]))
        for k in range(-300, 3000)
    ]
    assert abs(int(np.argmax(corr)) - 300) <= 1  # lag 0: the signal where it was encoded
    assert abs(len(audio) - len(sig)) <= 1152


def test_memory_stays_flat(shared_dir: Path) -> None:
    tracemalloc.start()
    try:
        audio = drive(decode_audio(shared_dir / "audio" / "podsim-mini.opus"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert abs(len(audio) / SR - 200.6) < 0.2
    # one output buffer (+ slack for growth and per-frame temporaries), never whole-file copies
    assert peak < 1.6 * audio.nbytes + 4_000_000, (peak, audio.nbytes)


@pytest.mark.parametrize("kind", ["empty", "text", "missing", "directory", "video-only"])
def test_bad_input_is_a_one_line_decode_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "bad.mp3"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("this is not audio\n" * 100)
    elif kind == "directory":
        path.mkdir()
    elif kind == "video-only":
        path = tmp_path / "silent.mkv"
        with av.open(str(path), "w", format="matroska") as out:
            vs = out.add_stream("mpeg4", rate=10)
            vs.width, vs.height, vs.pix_fmt = 64, 64, "yuv420p"
            for i in range(5):
                vf = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
                vf.pts = i
                for packet in vs.encode(vf):
                    out.mux(packet)
            for packet in vs.encode(None):
                out.mux(packet)
    with pytest.raises(DecodeError) as err:
        drive(decode_audio(path))
    message = str(err.value)
    assert "\n" not in message and path.name in message
    with pytest.raises(DecodeError):
        probe(path)


def test_truncated_file_keeps_what_decodes(tmp_path: Path, shared_dir: Path) -> None:
    data = (shared_dir / "audio" / "jfk.flac").read_bytes()
    cut = tmp_path / "cut.flac"
    cut.write_bytes(data[: len(data) // 2])
    audio = drive(decode_audio(cut))
    assert 3.0 < len(audio) / SR < 8.0
