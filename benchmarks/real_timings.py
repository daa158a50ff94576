"""Independent word timings for the real recordings: upstream MFA TextGrids, else PocketSphinx.

Why: a benchmark on real speech needs a truth that does not come from Whisper. Where the
upstream repository ships a Montreal Forced Aligner TextGrid (a words tier), its intervals are
the truth. Elsewhere CMU PocketSphinx 5 (its bundled ``en-us`` acoustic model and CMU
dictionary, 10 ms frames) force-aligns the spoken words; ``--check`` aligns the TextGrid pieces
too and prints how far PocketSphinx's word starts are from MFA's, the error bar of this truth.

    pip install -e '.[bench]'          # pocketsphinx
    python -m benchmarks.real_timings  [--data DIR] [--check] [--order long|xl]

``--order xl`` aligns the xl order's own pieces, and those of the orders it builds on only
where their ``.words.json`` is missing (existing timings are never rewritten by it).

Writes ``<id>.words.json`` beside each piece: ``{"method": ..., "words": [[w, start, end]],
"cut": [start, end]}`` (seconds on ffmpeg's timeline, as ``aligner.decoding`` decodes the piece).
``words`` is the truth. ``cut`` is the span of speech the episode cuts the piece around
(``real_episode``): the first word's start and the last word's end as PocketSphinx placed them
with its default silence probability, the alignment every recorded figure until 2026-12-03 was
made on. The truth's alignment gives silences more room (:data:`TRUTH_SILPROB`); had it moved
the cut points too, every episode would be a new mix, and no figure would compare with the last.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.real_sources import LAYERS, RECORDS, Piece, audio_path, data_dir, pieces_for

#: CMU-dictionary phones for the spoken words PocketSphinx's dictionary lacks (old spellings of
#: the sonnets, a contraction in the MFA recordings).
EXTRA_PRONUNCIATIONS = {
    "yknow": "Y N OW",
    "feed'st": "F IY D S T",
    "mak'st": "M EY K S T",
    "feel'st": "F IY L S T",
    "deserv'd": "D IH Z ER V D",
    "tatter'd": "T AE T ER D",
    "unear'd": "AH N IH R D",
    "remember'd": "R IH M EH M B ER D",
    "niggarding": "N IH G ER D IH NG",
    "buriest": "B EH R IY AH S T",
    "viewest": "V Y UW AH S T",
    "renewest": "R IH N UW AH S T",
    "unbless": "AH N B L EH S",
    "couldst": "K UH D S T",
    "thriftless": "TH R IH F T L AH S",
    "churl": "CH ER L",
    "beauty's": "B Y UW T IY Z",
    "glutton": "G L AH T AH N",
    "riper": "R AY P ER",
    "aligner": "AH L AY N ER",
    # the xl order (LJ Speech, Sense and Sensibility)
    "maintz": "M AY N T S",
    "schoeffer": "SH EH F ER",
    "sweynheim": "S W EY N HH AY M",
    "pannartz": "P AE N AA R T S",
    "subiaco": "S UW B IY AA K OW",
    "missals": "M IH S AH L Z",
    "shapeliness": "SH EY P L IY N AH S",
    "woodcutters": "W UH D K AH T ER Z",
    "pleasanter": "P L EH Z AH N T ER",
}


def spoken_words(text: str) -> list[str]:
    """Lower-case word tokens as spoken: apostrophes kept, hyphens and punctuation split."""
    text = text.lower().replace("’", "'")
    return [w.strip("'") for w in re.sub(r"[^a-z' ]+", " ", text).split() if w.strip("'")]


def read_textgrid_words(path: Path) -> list[tuple[str, float, float]]:
    """The non-empty intervals of the ``words`` tier of a long-format (ooTextFile) TextGrid."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    values = [ln for ln in lines if ln and not ln.startswith(("File type", "Object class"))]
    # Short and long formats both list, per interval tier: class, name, xmin, xmax, size, then
    # (xmin, xmax, text) per interval; keep only the values.
    toks = [v.split("=", 1)[1].strip() if "=" in v else v for v in values]
    toks = [t for t in toks if not t.startswith(("item", "intervals", "<exists>", "tiers"))]
    out: list[tuple[str, float, float]] = []
    i = 0
    while i < len(toks):
        if toks[i] == '"IntervalTier"':
            name = toks[i + 1].strip('"')
            n = int(toks[i + 4])
            body = toks[i + 5 : i + 5 + 3 * n]
            if name == "words":
                for k in range(n):
                    a, b, w = body[3 * k : 3 * k + 3]
                    w = w.strip('"').strip()
                    if w:
                        out.append((w, float(a), float(b)))
                return out
            i += 5 + 3 * n
        else:
            i += 1
    raise ValueError(f"{path}: no words tier")


#: Wider search beams, tried only when the default ones lose the thread (falsetto, creak).
WIDE_BEAMS = {"beam": 1e-80, "wbeam": 1e-60, "pbeam": 1e-80}


#: PocketSphinx's probability of a silence between two words, for the truth. Its default
#: (0.005) sometimes gives a clean pause of 0.3 s or more to the next word: in LJ001-0007 "the"
#: started 0.31 s before its sound, after "types" and 0.35 s of room tone. With 0.05 those
#: pauses are silences (benchmarks/README.md, the ninth session); on the synthetic sentence
#: pairs, whose starts are exact, it is as good (Piper) or better (eSpeak).
TRUTH_SILPROB = 0.05
#: The silence probability the cut points were made with (PocketSphinx's default).
CUT_SILPROB = 0.005


def pocketsphinx_align(
    audio: np.ndarray, words: list[str], *, silprob: float = TRUTH_SILPROB
) -> list[tuple[str, float, float]]:
    """Force-align ``words`` to 16 kHz mono ``audio`` with PocketSphinx: (word, start, end).

    The default beams first (every piece of the default order aligns with them); if they do
    not reach the end of the text, once more with ``WIDE_BEAMS``.
    """
    out = _align_once(audio, words, {"silprob": silprob})
    if [w for w, _, _ in out] != words:
        out = _align_once(audio, words, {**WIDE_BEAMS, "silprob": silprob})
    if [w for w, _, _ in out] != words:
        raise SystemExit("pocketsphinx did not align every word (audio and text disagree?)")
    return out


def _align_once(
    audio: np.ndarray, words: list[str], config: dict
) -> list[tuple[str, float, float]]:
    from pocketsphinx import Decoder

    dec = Decoder(samprate=16000, lm=None, loglevel="FATAL", **config)
    for w in sorted(set(words)):
        if dec.lookup_word(w) is None:
            if w not in EXTRA_PRONUNCIATIONS:
                raise SystemExit(f"pocketsphinx has no pronunciation for {w!r}: add it above")
            dec.add_word(w, EXTRA_PRONUNCIATIONS[w], False)
    dec.set_align_text(" ".join(words))
    pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype(np.int16).tobytes()
    dec.start_utt()
    dec.process_raw(pcm, full_utt=True)
    dec.end_utt()
    rate = float(dec.config["frate"])
    out = []
    for seg in dec.seg() or ():
        word = re.sub(r"\(\d+\)$", "", seg.word)
        if word in ("<s>", "</s>", "<sil>") or word.startswith(("[", "+")):
            continue
        out.append((word, seg.start_frame / rate, (seg.end_frame + 1) / rate))
    return out


def decode16k(path: Path) -> np.ndarray:
    from aligner.decoding.decode import decode_audio
    from aligner.progress import drive

    return drive(decode_audio(path))


def timings_for(data: Path, piece: Piece) -> dict:
    tg = data / f"{piece.id}.TextGrid"
    if piece.textgrid and tg.exists():
        words = read_textgrid_words(tg)
        cut = (words[0][1], words[-1][2])
        method = f"Montreal Forced Aligner TextGrid shipped upstream ({piece.textgrid})"
    else:
        said = spoken_words(piece.spoken or piece.text)
        audio = decode16k(audio_path(data, piece))
        words = pocketsphinx_align(audio, said)
        span = pocketsphinx_align(audio, said, silprob=CUT_SILPROB)
        cut = (span[0][1], span[-1][2])
        method = (
            "PocketSphinx 5 forced alignment (bundled en-us model, silprob "
            f"{TRUTH_SILPROB}; cut: silprob {CUT_SILPROB}), benchmarks/real_timings"
        )
    return {
        "method": method,
        "words": [[w, round(a, 3), round(b, 3)] for w, a, b in words],
        "cut": [round(cut[0], 3), round(cut[1], 3)],
    }


def check(data: Path, order: str = "default") -> str:
    """PocketSphinx against MFA on the pieces that have a TextGrid: word-start differences."""
    diffs: list[float] = []
    skipped: list[str] = []
    for p in pieces_for(order):
        tg = data / f"{p.id}.TextGrid"
        if not (p.textgrid and tg.exists()):
            continue
        mfa = read_textgrid_words(tg)
        mfa = [m for m in mfa if re.fullmatch(r"[a-z']+", m[0].lower())]
        words = [w.lower() for w, _, _ in mfa]
        try:
            ps = pocketsphinx_align(decode16k(audio_path(data, p)), words)
        except SystemExit:
            skipped.append(p.id)
            continue
        diffs.extend(b[1] - a[1] for a, b in zip(mfa, ps))
    if not diffs:  # the long and xl orders' own pieces have no upstream TextGrid
        return f"pocketsphinx vs MFA: no piece of the {order} order has an MFA TextGrid"
    d = np.abs(np.array(diffs))
    return (
        f"pocketsphinx vs MFA word starts: n={len(d)} median {1000 * np.median(d):.0f} ms, "
        f"p90 {1000 * np.percentile(d, 90):.0f} ms, max {1000 * d.max():.0f} ms, "
        f"signed median {1000 * np.median(diffs):+.0f} ms"
        + (f" (not aligned by pocketsphinx: {', '.join(skipped)})" if skipped else "")
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--check", action="store_true", help="compare PocketSphinx with MFA")
    ap.add_argument(
        "--order", choices=tuple(RECORDS), default="default", help="long, xl: its extra pieces"
    )
    args = ap.parse_args(argv)
    data = data_dir(args.data)
    todo = list(pieces_for(args.order))
    if args.order == "xl":  # the pieces it shares with long and default: only missing ones
        shared = [p for layer in LAYERS["xl"][:-1] for p in pieces_for(layer)]
        todo = [p for p in shared if not (data / f"{p.id}.words.json").exists()] + todo
    for p in todo:
        t = timings_for(data, p)
        (data / f"{p.id}.words.json").write_text(json.dumps(t), encoding="utf-8")
        sys.stdout.write(f"{p.id:10s} {len(t['words']):4d} words  {t['method']}\n")
    if args.check:
        sys.stdout.write(check(data, args.order) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
