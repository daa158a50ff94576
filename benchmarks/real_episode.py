"""A podcast-like episode assembled from real recordings, with a truth from independent word
timings.

Why: the synthetic hour has clean TTS onsets; this episode has real voices (spontaneous speech
with fillers the published text leaves out, read speech, a 1961 speech), a music intro, a jingle
around an ad read by a real voice that is not in the transcript, a published turn that is not in
the audio, and music under nothing else. Pieces come from ``real_sources.py`` (collected into the
data folder); sentence truth comes from each piece's word timings (``real_timings.py``): a line
starts where its first spoken word starts.

    python -m benchmarks.real_episode [--data DIR]      # writes benchmarks/out/real-*.{...}
    python -m benchmarks.real_episode --order long      # the long order: real-long-*.{...}
    python -m benchmarks.real_episode --order xl        # long + 4 voices: real-xl-*.{...}
    python -m benchmarks.real_episode --order xl --mix 1  # the same, pauses re-drawn

Outputs (``benchmarks/out/``): ``real-<key>.flac`` (the mix, 16 kHz), ``real-<key>.16k.mp3``
and ``real-<key>.44k.mp3`` (PyAV/libmp3lame), ``real-<key>.md`` (the published page: speakers
and times) and ``real-<key>.truth.json`` (the schema of ``truth.py``). Deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import synth
from benchmarks.real_clips import FADE, MARGIN, cut_clip, speech_span
from benchmarks.real_remix import remixed
from benchmarks.real_sources import RECORDS, Piece, audio_path, by_id, data_dir
from benchmarks.real_sources_long import turn_by_id
from benchmarks.real_sources_xl import PADDED
from benchmarks.real_timings import decode16k, spoken_words
from benchmarks.truth import Truth, TruthRegion, TruthSentence, TruthTurn

SR = synth.SAMPLE_RATE
OUT_DIR = Path(__file__).resolve().parents[1] / "benchmarks" / "out"
VERSION = 1
#: The episode's own background (a studio's room tone under every piece and pause).
ROOM_DB = -45.0


@dataclass(frozen=True)
class Slot:
    """One element of the running order: a transcript turn (in the audio or not) or extra audio."""

    kind: str  # "turn" | "missing" | "music" | "ad"
    piece: str = ""
    seconds: float = 0.0  # music length
    gap: float = 0.6  # pause after it


RUNNING_ORDER: tuple[Slot, ...] = (
    Slot("music", seconds=9.0, gap=0.3),
    Slot("turn", "acoustic", gap=0.9),
    Slot("turn", "sonnet1", gap=1.4),
    Slot("turn", "kennedy", gap=0.7),
    Slot("turn", "cold", gap=0.25),
    Slot("music", seconds=3.0, gap=0.2),
    Slot("ad", "cold3", gap=0.3),
    Slot("music", seconds=2.5, gap=0.2),
    Slot("turn", "libri61", gap=0.8),
    Slot("missing", "sonnet2"),
    Slot("turn", "sonnet3", gap=0.6),
    Slot("music", seconds=8.0, gap=0.0),
)

#: The long order (``--order long``): the default pieces plus the spliced turns of
#: ``real_sources_long.py`` (Michael's short spontaneous takes) and three Common Voice voices.
LONG_ORDER: tuple[Slot, ...] = (
    Slot("music", seconds=9.0, gap=0.3),
    Slot("turn", "acoustic", gap=0.7),
    Slot("turn", "cv_no", gap=0.5),
    Slot("turn", "sonnet1", gap=1.2),
    Slot("turn", "michael_fillers", gap=0.6),
    Slot("turn", "kennedy", gap=0.4),
    Slot("turn", "cv_firefox", gap=0.6),
    Slot("turn", "cold", gap=0.25),
    Slot("music", seconds=3.0, gap=0.2),
    Slot("ad", "cold3", gap=0.3),
    Slot("music", seconds=2.5, gap=0.2),
    Slot("turn", "libri61", gap=0.8),
    Slot("turn", "michael_voices", gap=0.5),
    Slot("turn", "cv_six", gap=0.4),
    Slot("turn", "michael_breaths", gap=0.8),
    Slot("missing", "sonnet2"),
    Slot("turn", "sonnet3", gap=0.9),
    Slot("turn", "michael_short", gap=0.6),
    Slot("music", seconds=8.0, gap=0.0),
)
#: ``--order xl``: every slot of the long order, in its order, and the turns of real_sources_xl.
XL_ORDER: tuple[Slot, ...] = (
    *LONG_ORDER[:12],  # music ... ad ... LibriSpeech 61
    Slot("turn", "lj_printing", gap=0.7),
    Slot("turn", "ami_abigail", gap=0.6),
    *LONG_ORDER[12:14],  # michael_voices, cv_six
    Slot("turn", "lj_letters", gap=0.7),
    Slot("turn", "austen", gap=0.6),
    *LONG_ORDER[14:17],  # michael_breaths, sonnet 2 (not in the audio), sonnet 3
    Slot("turn", "erewhon", gap=0.7),
    Slot("turn", "lj_gothic", gap=0.5),
    LONG_ORDER[17],  # michael_short
    Slot("turn", "lj_roman", gap=0.9),
    LONG_ORDER[18],  # music
)
ORDERS = {"default": RUNNING_ORDER, "long": LONG_ORDER, "xl": XL_ORDER}
#: Takes of one spliced turn overlap by this much of their room-tone margins (a 0.6 s pause).
SPLICE_OVERLAP = 0.4


@dataclass(frozen=True)
class EpisodePaths:
    flac: Path
    mp3_16k: Path
    mp3_44k: Path
    page: Path
    truth: Path


def _parts(piece_id: str) -> tuple[str, ...]:
    """The pieces a slot plays: one, or the takes of a spliced turn."""
    turn = turn_by_id(piece_id)
    return turn.parts if turn else (piece_id,)


def _key(data: Path, order: str = "default", mix: int = 0) -> str:
    slots = remixed(ORDERS[order], mix)
    h = hashlib.sha256(f"v{VERSION} {MARGIN} {FADE} {ROOM_DB}".encode())
    h.update(repr(slots).encode())
    h.update((data / "sources.json").read_bytes())
    if order != "default":
        h.update(f"{order} {SPLICE_OVERLAP}".encode())
        h.update((data / RECORDS[order]).read_bytes())
    if order == "xl":
        h.update((data / RECORDS["long"]).read_bytes())
        h.update(f"pad {sorted(PADDED)}".encode())
    for slot in slots:
        for pid in _parts(slot.piece) if slot.piece else ():
            p = by_id(pid)
            h.update(p.text.encode())
            h.update((data / f"{p.id}.words.json").read_bytes())
    return h.hexdigest()[:10]


def episode_paths(data: Path, order: str = "default", mix: int = 0) -> EpisodePaths:
    name = ("real" if order == "default" else f"real-{order}") + (f"-m{mix}" if mix else "")
    stem = OUT_DIR / f"{name}-{_key(data, order, mix)}"
    return EpisodePaths(
        Path(f"{stem}.flac"),
        Path(f"{stem}.16k.mp3"),
        Path(f"{stem}.44k.mp3"),
        Path(f"{stem}.md"),
        Path(f"{stem}.truth.json"),
    )


def _stamp(t: float) -> str:
    s = int(t)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _line_starts(lines: list[str], words: list[list]) -> list[tuple[float, float]]:
    """(start, end) of each published line from the timed spoken words (sequence alignment)."""
    from rapidfuzz.distance import Levenshtein

    toks: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(lines):
        for w in spoken_words(text):
            toks.append(w)
            owner.append(i)
    spoken = [str(w[0]).lower().replace("’", "'") for w in words]
    match: dict[int, int] = {}
    for op in Levenshtein.opcodes(toks, spoken):
        if op.tag in ("equal", "replace") and op.src_end - op.src_start == op.dest_end - (
            op.dest_start
        ):
            for k in range(op.src_end - op.src_start):
                match[op.src_start + k] = op.dest_start + k
    out = []
    for i in range(len(lines)):
        idx = [k for k in range(len(toks)) if owner[k] == i and k in match]
        if not idx:
            raise SystemExit(f"no spoken word of line {lines[i]!r} found in the timings")
        out.append((float(words[match[idx[0]]][1]), float(words[match[idx[-1]]][2])))
    return out


def _spliced(piece_id: str) -> Piece:
    """A spliced turn as one piece for the page: its speaker, its takes' texts in a row."""
    turn = turn_by_id(piece_id)
    assert turn is not None
    text = " ".join(by_id(pid).text for pid in turn.parts)
    return Piece(turn.id, "", "", "", turn.speaker, turn.style, text)


def build(data: Path, order: str = "default", mix: int = 0) -> tuple[np.ndarray, str, Truth]:
    """Mix the running order (re-mixed: :mod:`benchmarks.real_remix`): (audio at 16 kHz, the
    published page, the truth)."""
    from aligner.formats import parse_transcript

    slots = remixed(ORDERS[order], mix)
    rng = np.random.default_rng(11)
    pieces: dict[str, Piece] = {
        s.piece: _spliced(s.piece) if turn_by_id(s.piece) else by_id(s.piece)
        for s in slots
        if s.piece
    }
    timings = {
        pid: json.loads((data / f"{pid}.words.json").read_text(encoding="utf-8"))
        for s in slots
        for pid in (_parts(s.piece) if s.piece else ())
    }
    words = {pid: t["words"] for pid, t in timings.items()}
    cuts = {pid: speech_span(t) for pid, t in timings.items()}
    chunks: list[tuple[int, np.ndarray]] = []
    cursor = 0
    extra: list[TruthRegion] = []
    placed: list[tuple[Slot, float, float]] = []  # turn slots: (slot, offset of the piece, start)
    for slot in slots:
        if slot.kind == "turn" and turn_by_id(slot.piece):
            # The takes in a row, room tones overlapping; words on the episode's clock.
            placed.append((slot, 0.0, cursor / SR))
            said: list[list] = []
            for pid in _parts(slot.piece):
                audio = decode16k(audio_path(data, by_id(pid)))
                clip, offset = cut_clip(audio, cuts[pid], pad=pid in PADDED)
                at = cursor / SR - offset
                said += [[w, round(at + a, 3), round(at + b, 3)] for w, a, b in words[pid]]
                chunks.append((cursor, clip))
                cursor += len(clip) - round(SPLICE_OVERLAP * SR)
            cursor += round(SPLICE_OVERLAP * SR) + round(slot.gap * SR)
            words[slot.piece] = said
            continue
        if slot.kind == "music":
            clip = synth.music(slot.seconds, rng) * synth.envelope(
                round(slot.seconds * SR), 0.05, min(1.5, slot.seconds / 3)
            )
            clip *= np.float32(0.5)
            extra.append(TruthRegion("music", cursor / SR, (cursor + len(clip)) / SR))
        elif slot.kind == "missing":
            placed.append((slot, float("nan"), cursor / SR))
            continue
        else:
            audio = decode16k(audio_path(data, pieces[slot.piece]))
            clip, offset = cut_clip(audio, cuts[slot.piece])
            start = cursor / SR
            if slot.kind == "ad":
                w = words[slot.piece]
                extra.append(
                    TruthRegion(
                        "ad", start + float(w[0][1]) - offset, start + float(w[-1][2]) - offset
                    )
                )
            else:
                placed.append((slot, start - offset, start))
        chunks.append((cursor, clip))
        cursor += len(clip) + round(slot.gap * SR)
    track = np.zeros(cursor + SR // 2, dtype=np.float32)
    for at, clip in chunks:
        track[at : at + len(clip)] += clip
    track += synth.room_noise(len(track), rng, level_db=ROOM_DB)

    # The published page: one turn per transcript slot, times as a publisher rounds them.
    page = ["# A real-speech episode (podalign benchmark)", ""]
    for slot, _offset, start in placed:
        p = pieces[slot.piece]
        page.append(f"**{p.speaker}** \\[{_stamp(start)}\\]: {p.text}")
        page.append("")
    text = "\n".join(page)
    transcript = parse_transcript(text, "markdown")
    turns: list[TruthTurn] = []
    sentences: list[TruthSentence] = []
    dropped = None
    for t_index, (slot, offset, _start) in enumerate(placed):
        lines = [ln.text for ln in transcript.lines if ln.turn == t_index]
        turn = transcript.turns[t_index]
        if slot.kind == "missing":
            dropped = t_index
            for k, ln in enumerate(lines):
                sentences.append(TruthSentence(t_index, k, ln, None, None))
            turns.append(TruthTurn(t_index, turn.speaker, turn.published_start, False, None, None))
            continue
        spans = _line_starts(lines, words[slot.piece])
        for k, (ln, (a, b)) in enumerate(zip(lines, spans)):
            sentences.append(
                TruthSentence(t_index, k, ln, round(offset + a, 3), round(offset + b, 3))
            )
        turns.append(
            TruthTurn(
                t_index,
                turn.speaker,
                turn.published_start,
                True,
                round(offset + spans[0][0], 3),
                round(offset + spans[-1][1], 3),
            )
        )
    truth = Truth(
        sample_rate=SR,
        duration=round(len(track) / SR, 3),
        turns=tuple(turns),
        sentences=tuple(sentences),
        extra=tuple(extra),
        dropped_turn=dropped,
        meta={"generator": "benchmarks.real_episode", "version": VERSION}
        | ({} if order == "default" else {"order": order})
        | ({"mix": mix} if mix else {}),
    )
    return track, text, truth


def write_audio(path: Path, audio: np.ndarray, *, fmt: str, codec: str, rate: int) -> None:
    """Encode float32 mono 16 kHz ``audio`` with PyAV (resampled to ``rate``)."""
    import av

    tmp = path.with_name(path.name + ".part")
    pcm = np.clip(audio, -1.0, 1.0).astype(np.float32)
    with av.open(str(tmp), "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        if codec == "libmp3lame":
            stream.bit_rate = 64000 if rate < 32000 else 128000
        sample_fmt = stream.codec_context.format.name
        resampler = av.AudioResampler(format=sample_fmt, layout="mono", rate=rate)
        for s0 in range(0, len(pcm), SR):
            frame = av.AudioFrame.from_ndarray(pcm[None, s0 : s0 + SR], format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = SR, s0, Fraction(1, SR)
            for out in resampler.resample(frame):
                for packet in stream.encode(out):
                    container.mux(packet)
        for out in resampler.resample(None):
            for packet in stream.encode(out):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    tmp.replace(path)


def ensure_episode(
    data: Path | None = None, order: str = "default", mix: int = 0
) -> tuple[EpisodePaths, Truth]:
    """Build the episode of ``order`` (re-mixed: ``mix``) if it is not there yet; return its
    paths and truth."""
    data = data_dir(data)
    paths = episode_paths(data, order, mix)
    if not all(p.exists() for p in (paths.flac, paths.mp3_16k, paths.mp3_44k, paths.truth)):
        audio, page, truth = build(data, order, mix)
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        write_audio(paths.flac, audio, fmt="flac", codec="flac", rate=SR)
        write_audio(paths.mp3_16k, audio, fmt="mp3", codec="libmp3lame", rate=16000)
        write_audio(paths.mp3_44k, audio, fmt="mp3", codec="libmp3lame", rate=44100)
        paths.page.write_text(page, encoding="utf-8")
        paths.truth.write_text(json.dumps(truth.to_dict(), indent=1), encoding="utf-8")
    return paths, Truth.load(paths.truth)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--order", choices=tuple(ORDERS), default="default")
    ap.add_argument("--mix", type=int, default=0, help="another mix: pauses re-drawn (0: none)")
    args = ap.parse_args(argv)
    paths, truth = ensure_episode(args.data, args.order, args.mix)
    in_audio = [s for s in truth.sentences if s.start is not None]
    sys.stdout.write(
        f"{paths.flac.name}: {truth.duration:.1f} s, {len(truth.turns)} turns, "
        f"{len(in_audio)} of {len(truth.sentences)} sentences in the audio, "
        f"turn {truth.dropped_turn} left out; extra: "
        + ", ".join(f"{r.what} {r.start:.1f}-{r.end:.1f}" for r in truth.extra)
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
