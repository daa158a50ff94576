"""Inputs the hardening tests feed the CLI, made on the spot: encoded audio, music-like tones, a
3-hour mp3 made in a second, and small valid PNG and PDF files (not media, but real files).

Used by ``bad_input_support.py``, ``test_bad_input.py``, ``test_unusual_input.py`` and
``podsim_cut.py``; nothing here is a test by itself.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np


def write_audio(path: Path, samples: np.ndarray, rate: int = 16000, codec: str = "flac") -> Path:
    """Encode mono float samples in [-1, 1] with PyAV (``flac`` or ``libopus``)."""
    import av

    samples = np.asarray(samples, dtype=np.float32).reshape(1, -1)
    with av.open(os.fspath(path), "w") as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        if codec == "libopus":
            stream.bit_rate = 16000
        fmt = "s16" if codec == "flac" else "flt"
        data = (samples * 32767).astype(np.int16) if fmt == "s16" else samples
        for i in range(0, data.shape[1], rate):  # one second per frame
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(data[:, i : i + rate]), format=fmt, layout="mono"
            )
            frame.sample_rate = rate
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def tones(seconds: float, rate: int = 16000, seed: int = 0) -> np.ndarray:
    """Music-like sound with no speech: a sequence of chords with a soft attack."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    out = np.zeros_like(t)
    note = 0.5
    for i, start in enumerate(np.arange(0, seconds, note)):
        sel = (t >= start) & (t < start + note)
        base = 220 * 2 ** (rng.integers(0, 12) / 12)
        for mult in (1, 1.25, 1.5):
            out[sel] += np.sin(2 * np.pi * base * mult * t[sel]) * np.exp(-3 * (t[sel] - start))
        out[sel] *= 0.15 if i % 2 else 0.2
    return out.astype(np.float32)


def long_mp3(path: Path, hours: float) -> Path:
    """A long, small 16 kHz mp3 (most podcasts are mp3) made in about a second: ten seconds of
    tone are encoded once (8 kb/s) and the packets are muxed over and over with running
    timestamps. At 16 kHz the decoder's output needs no resampling, so decoding it measures the
    decoder's memory, not the resampler's time."""
    import av

    rate, size = 16000, 576  # MPEG-2 Layer III: 576 samples a frame
    with av.open(os.fspath(path), "w") as out:
        stream = out.add_stream("libmp3lame", rate=rate)
        stream.layout = "mono"
        stream.bit_rate = 8000
        t = np.arange(10 * rate) / rate
        tone = np.round(0.1 * np.sin(2 * np.pi * 440 * t) * 2**31).astype(np.int32)
        packets = []
        for i in range(0, len(tone) - size, size):
            frame = av.AudioFrame.from_ndarray(
                tone[None, i : i + size], format="s32p", layout="mono"
            )
            frame.sample_rate, frame.pts = rate, i
            packets += stream.encode(frame)
        packets += stream.encode(None)
        step = packets[1].duration
        time_base = packets[0].time_base
        body = [bytes(p) for p in packets[2:-2]]
        for i in range(int(hours * 3600 * rate / step)):
            packet = av.Packet(body[i % len(body)])
            packet.stream = stream
            packet.time_base = time_base
            packet.pts = packet.dts = i * step
            packet.duration = step
            out.mux(packet)
    return path


def png_bytes(width: int = 16, height: int = 16) -> bytes:
    """A valid PNG image (a grey square)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes([128] * width) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """A small but well-formed one-page PDF."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 35 >>\nstream\nBT /F1 12 Tf 20 100 Td (Hi) Tj ET\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(body))
        body += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body
