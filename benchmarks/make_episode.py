"""Synthesize a long, messy podcast episode with exact truth from any transcript podalign reads.

Why: alignment quality and speed claims must be figures measured on audio that looks like a
real podcast. This script speaks every line of a transcript (``aligner.formats.read_transcript``,
so truth sentences are exactly podalign's lines) with piper, two voices, natural pauses of every
length, a music bed and a read intro, an ad mid-episode, an outro, one turn left out, and a little
room noise. It writes Ogg/Opus audio (PyAV), a truth JSON (times exact from sample counts), a
caption file whose clock drifts (x1.015 + 9 s) and a plain-text copy of the transcript.

Outputs are cached under ``benchmarks/out/`` by a key of (transcript, seed, generator version):
a second run reuses them. ``--verify`` spot-checks the truth against the encoded audio.

    python -m benchmarks.make_episode                     # the seed page, all 106 turns
    python -m benchmarks.make_episode --verify            # + spot check with tiny.en
    python -m benchmarks.make_episode --transcript T --turns 3 --out-dir /tmp/ep
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from benchmarks import synth
from benchmarks.episode_checks import describe, verify
from benchmarks.episode_texts import AD, INTRO, OUTRO
from benchmarks.truth import (
    Truth,
    TruthRegion,
    TruthSentence,
    TruthTurn,
    drifting_srt,
    plain_text,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_TRANSCRIPT = SHARED / "examples" / "interconnects-ross-taylor.md"
OUT_DIR = ROOT / "benchmarks" / "out"
#: Bump when the episode recipe changes, so cached episodes are regenerated.
GENERATOR_VERSION = 2
#: Voice engines: piper (``synth.Speaker``) and eSpeak NG (``synth_espeak``, apt-get install).
ENGINES = ("piper", "espeak")
SR = synth.SAMPLE_RATE


@dataclass(frozen=True)
class EpisodePaths:
    """Where one generated episode and its companions live."""

    audio: Path
    truth: Path
    srt: Path
    plain: Path

    @property
    def complete(self) -> bool:
        return all(p.exists() for p in (self.audio, self.truth, self.srt, self.plain))


def episode_paths(
    transcript: Path,
    seed: int,
    turns: int | None = None,
    out_dir: Path = OUT_DIR,
    engine: str = "piper",
) -> EpisodePaths:
    """Cache paths for (transcript lines as podalign reads them, seed, turn limit, version)."""
    from aligner.formats import read_transcript

    h = hashlib.sha256()
    for line in read_transcript(transcript).lines:
        h.update(f"{line.turn}|{line.speaker}|{line.text}\n".encode())
    h.update(f"|seed={seed}|turns={turns}|v={GENERATOR_VERSION}".encode())
    tag = "" if engine == "piper" else f"-{engine}"  # piper's names stay as they were
    h.update(tag.encode())
    stem = f"{Path(transcript).stem}{tag}-s{seed}{'' if turns is None else f'-t{turns}'}"
    base = out_dir / f"{stem}-{h.hexdigest()[:10]}"
    return EpisodePaths(
        audio=base.with_suffix(".opus"),
        truth=base.with_suffix(".truth.json"),
        srt=base.with_suffix(".drift.srt"),
        plain=base.with_suffix(".plain.txt"),
    )


class Timeline:
    """Clips placed at sample positions; mixed once at the end."""

    def __init__(self) -> None:
        self.clips: list[tuple[int, np.ndarray]] = []
        self.cursor = 0

    def place(self, clip: np.ndarray, at: int | None = None) -> tuple[int, int]:
        start = self.cursor if at is None else at
        self.clips.append((start, clip))
        self.cursor = max(self.cursor, start + len(clip))
        return start, start + len(clip)

    def pause(self, seconds: float) -> None:
        self.cursor += round(seconds * SR)

    def mix(self, tail: float = 0.0) -> np.ndarray:
        total = self.cursor + round(tail * SR)
        out = np.zeros(total, dtype=np.float32)
        for start, clip in self.clips:
            out[start : start + len(clip)] += clip
        return out


def _sentence_gap(rng: np.random.Generator) -> float:
    r = rng.random()
    if r < 0.65:
        return float(rng.uniform(0.2, 0.55))
    if r < 0.95:
        return float(rng.uniform(0.55, 1.0))
    return float(rng.uniform(1.0, 1.2))


def _turn_gap(rng: np.random.Generator) -> float:
    r = rng.random()
    if r < 0.15:
        return float(rng.uniform(0.25, 0.4))
    if r < 0.85:
        return float(rng.uniform(0.4, 1.3))
    return float(rng.uniform(1.3, 2.2))


def _music_clip(seconds: float, rng: np.random.Generator, gain: float, fades: float) -> np.ndarray:
    clip = synth.music(seconds, rng)
    return clip * synth.envelope(len(clip), fades, fades) * np.float32(gain)


def _pick_dropped(turn_lines: list[int], ad_after: int, rng: np.random.Generator) -> int | None:
    """A turn of 3..8 lines at 60-85 % of the episode, away from the ad, to leave out."""
    n = len(turn_lines)
    if n < 3:
        return None
    lo, hi = max(1, int(n * 0.60)), min(n - 1, int(n * 0.85) + 1)
    candidates = [
        i for i in range(lo, hi) if 3 <= turn_lines[i] <= 8 and abs(i - ad_after) > 2
    ] or [i for i in range(1, n - 1) if abs(i - ad_after) > 1 and turn_lines[i] >= 1]
    return int(rng.choice(candidates)) if candidates else None


def synthesize(
    transcript_path: Path,
    seed: int,
    turns_limit: int | None,
    paths: EpisodePaths,
    threads: int,
    engine: str = "piper",
) -> Truth:
    """Build the episode for ``transcript_path`` and write all four files of ``paths``."""
    from aligner.formats import read_transcript
    from benchmarks.audio_io import write_opus

    transcript = read_transcript(transcript_path)
    turns = list(transcript.turns)
    if turns_limit is not None:
        turns = turns[:turns_limit]
    keep = {t.index for t in turns}
    lines_by_turn = {t.index: [ln for ln in transcript.lines if ln.turn == t.index] for t in turns}
    rng = np.random.default_rng(seed)
    if engine == "espeak":
        from benchmarks.synth_espeak import EspeakSpeaker

        speaker: synth.Speaker | EspeakSpeaker = EspeakSpeaker(threads=threads)
    else:
        speaker = synth.Speaker(threads=threads)
    styles: dict[str | None, synth.VoiceStyle] = {}
    palette = (synth.HOST, synth.GUEST)

    def style_for(turn_pos: int, name: str | None) -> synth.VoiceStyle:
        if name is None:
            return palette[turn_pos % 2]
        if name not in styles:
            styles[name] = palette[len(styles) % 2]
        return styles[name]

    # Where the ad goes (after the turn that crosses half the lines), which turn is cut,
    # and which sentence boundaries get a long (3-6 s) pause.
    counts = [len(lines_by_turn[t.index]) for t in turns]
    half = np.searchsorted(np.cumsum(counts), sum(counts) / 2)
    ad_after = int(min(max(half, 0), len(turns) - 2)) if len(turns) >= 4 else -1
    dropped_pos = _pick_dropped(counts, ad_after, rng) if len(turns) >= 4 else None
    n_sentences = sum(counts)
    n_long = min(6, n_sentences // 60)
    long_pauses = (
        set(rng.choice(np.arange(1, n_sentences), size=n_long, replace=False).astype(int).tolist())
        if n_long
        else set()
    )

    tl = Timeline()
    extra: list[TruthRegion] = []
    t0 = time.monotonic()
    spoken_seconds = 0.0

    def say(text: str, style: synth.VoiceStyle, tempo: float) -> np.ndarray:
        nonlocal spoken_seconds
        clip = speaker.say(text, style, tempo=tempo)
        spoken_seconds += len(clip) / SR
        return clip

    def read_block(texts: tuple[str, ...], style: synth.VoiceStyle) -> tuple[int, int]:
        first = last = tl.cursor
        for k, text in enumerate(texts):
            if k:
                tl.pause(_sentence_gap(rng))
            a, last = tl.place(say(text, style, float(rng.uniform(0.96, 1.04))))
            first = a if k == 0 else first
        return first, last

    # 1. Music alone, then the read intro over a ducked bed that runs on a little after it.
    lead = float(rng.uniform(9.0, 13.0))
    tl.cursor = round(lead * SR)
    intro_start, intro_end = read_block(INTRO, synth.HOST)
    bed_end = intro_end + round(2.5 * SR)
    bed = synth.music(bed_end / SR, rng)
    gain = np.full(len(bed), 0.16, dtype=np.float32)
    gain[: round(lead * SR)] = 0.55
    duck = round(0.6 * SR)
    gain[round(lead * SR) - duck : round(lead * SR)] = np.linspace(0.55, 0.16, duck)
    bed = bed * gain * synth.envelope(len(bed), 1.5, 2.0)
    tl.place(bed, at=0)
    tl.cursor = bed_end
    extra.append(TruthRegion("music", 0.0, intro_start / SR))
    extra.append(TruthRegion("intro", intro_start / SR, bed_end / SR, " ".join(INTRO)))
    tl.pause(float(rng.uniform(1.2, 2.0)))

    # 2. The turns, the ad after the middle one, one turn left out.
    truth_turns: list[TruthTurn] = []
    truth_sentences: list[TruthSentence] = []
    sentence_no = 0
    for pos, turn in enumerate(turns):
        lines = lines_by_turn[turn.index]
        in_audio = pos != dropped_pos
        style = style_for(pos, turn.speaker)
        t_start = t_end = None
        for k, line in enumerate(lines):
            if not in_audio:
                truth_sentences.append(TruthSentence(turn.index, k, line.text, None, None))
                continue
            if sentence_no in long_pauses:
                tl.pause(float(rng.uniform(3.0, 6.0)))
            elif k == 0 and sentence_no > 0:
                tl.pause(_turn_gap(rng))
            elif k > 0:
                tl.pause(_sentence_gap(rng))
            a, b = tl.place(say(line.text, style, float(rng.uniform(0.94, 1.08))))
            truth_sentences.append(TruthSentence(turn.index, k, line.text, a / SR, b / SR))
            t_start = a if t_start is None else t_start
            t_end = b
            sentence_no += 1
        if not lines and in_audio:
            in_audio = False
        truth_turns.append(
            TruthTurn(
                index=turn.index,
                speaker=turn.speaker,
                published=turn.published_start,
                in_audio=in_audio,
                start=None if t_start is None else t_start / SR,
                end=None if t_end is None else t_end / SR,
            )
        )
        if pos == ad_after:
            tl.pause(float(rng.uniform(0.8, 1.4)))
            a, b = tl.place(_music_clip(3.0, rng, 0.45, 0.4))
            extra.append(TruthRegion("music", a / SR, b / SR))
            tl.pause(0.5)
            a, b = read_block(AD, synth.ANNOUNCER)
            extra.append(TruthRegion("ad", a / SR, b / SR, " ".join(AD)))
            tl.pause(0.6)
            a, b = tl.place(_music_clip(2.5, rng, 0.45, 0.4))
            extra.append(TruthRegion("music", a / SR, b / SR))
            tl.pause(float(rng.uniform(0.8, 1.5)))
        print(
            f"\r  turn {pos + 1}/{len(turns)}  audio {tl.cursor / SR / 60:5.1f} min  "
            f"elapsed {time.monotonic() - t0:5.0f} s",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)

    # 3. The outro over music, music running out at the end.
    tl.pause(float(rng.uniform(1.5, 2.5)))
    outro_start, outro_end = read_block(OUTRO, synth.HOST)
    tail = round(6.0 * SR)
    bed_start = outro_start - round(1.0 * SR)
    bed = synth.music((outro_end + tail - bed_start) / SR, rng)
    gain = np.full(len(bed), 0.16, dtype=np.float32)
    rise = outro_end - bed_start
    gain[rise:] = np.minimum(0.5, 0.16 + np.arange(len(bed) - rise) / SR * 0.4)
    tl.place(bed * gain * synth.envelope(len(bed), 1.0, 3.0), at=bed_start)
    extra.append(TruthRegion("outro", outro_start / SR, tl.cursor / SR, " ".join(OUTRO)))
    audio = tl.mix(tail=0.5)
    audio += synth.room_noise(len(audio), rng)
    synth_seconds = time.monotonic() - t0
    duration = len(audio) / SR

    paths.audio.parent.mkdir(parents=True, exist_ok=True)
    write_opus(paths.audio, audio)
    dropped_index = None if dropped_pos is None else turns[dropped_pos].index
    truth = Truth(
        sample_rate=SR,
        duration=duration,
        turns=tuple(truth_turns),
        sentences=tuple(truth_sentences),
        extra=tuple(extra),
        dropped_turn=dropped_index,
        meta={
            "generator": "benchmarks/make_episode.py",
            "generator_version": GENERATOR_VERSION,
            "transcript": str(transcript_path),
            "transcript_format": transcript.format,
            "turns_limit": turns_limit,
            "seed": seed,
            "voice": speaker.model_path.name,
            "engine": engine,
            "voices": {"host": "x1.00", "guest": "x0.86 pitch", "ad": "x1.12 pitch"},
            "speech_seconds": round(spoken_seconds, 3),
            "synthesis_seconds": round(synth_seconds, 1),
            "audio": paths.audio.name,
        },
    )
    truth.save(paths.truth)
    paths.srt.write_text(drifting_srt(truth), encoding="utf-8")
    paragraphs = [p for t in turns if t.index in keep for p in t.paragraphs]
    paths.plain.write_text(plain_text(paragraphs), encoding="utf-8")
    return truth


def ensure_episode(
    transcript: Path = DEFAULT_TRANSCRIPT,
    seed: int = 7,
    turns: int | None = None,
    out_dir: Path = OUT_DIR,
    force: bool = False,
    threads: int = 1,
    engine: str = "piper",
) -> tuple[EpisodePaths, Truth]:
    """The cached episode for these settings, synthesizing it first if needed."""
    paths = episode_paths(transcript, seed, turns, out_dir, engine)
    if paths.complete and not force:
        return paths, Truth.load(paths.truth)
    print(f"synthesizing {paths.audio.name} ...", file=sys.stderr)
    truth = synthesize(transcript, seed, turns, paths, threads, engine)
    return paths, truth


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--transcript", type=Path, default=DEFAULT_TRANSCRIPT)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--turns", type=int, default=None, help="only the first N turns")
    p.add_argument("--out-dir", type=Path, default=OUT_DIR)
    p.add_argument("--force", action="store_true", help="regenerate even if cached")
    p.add_argument("--threads", type=int, default=1, help="onnxruntime threads for piper")
    p.add_argument("--verify", action="store_true", help="spot-check truth against the audio")
    p.add_argument("--engine", choices=ENGINES, default="piper", help="voice engine")
    args = p.parse_args(argv)
    paths, truth = ensure_episode(
        args.transcript, args.seed, args.turns, args.out_dir, args.force, args.threads, args.engine
    )
    print(describe(paths, truth))
    if args.verify:
        return 0 if verify(paths, truth) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
