"""The extra recordings of the extra-long real-speech running order, and the turns made of them.

Why: the long order (``real_sources_long.py``) runs 5.2 minutes; most of it is one spontaneous
speaker. The xl order (``real_episode.py --order xl``, 10.2 minutes) plays all of it plus four
more voices: long read turns of many sentences as a podcast has them (three readers, about
five minutes) and a meeting's spontaneous introduction:

* LJ Speech 1.1 (public domain: "The audio was recorded in 2016-17 by the LibriVox project
  and is also in the public domain", the dataset's README), clips LJ001-0001..0032 as
  coqui-ai/TTS ships them in ``tests/data/ljspeech/wavs`` (32 consecutive sentences and
  sentence parts of one chapter on printing, one female reader, 22.05 kHz). Their words are
  those of the LJ Speech ``metadata.csv`` that the same commit added (column 2 as printed,
  column 3 with numbers as spoken); the page joins each turn's clips into running text.
* Two more voices from lhotse-speech/lhotse's ``test/fixtures``: the AMI Meeting Corpus
  excerpt ``ami/ES2011a.Headset-0-40s-46s.wav`` (CC BY 4.0; spontaneous, a meeting's
  introductions; words from the fixture's ``ami/cuts.json`` supervisions) and the LibriSpeech
  utterances 2412-153948-0000/0001 (CC BY 4.0; *Erewhon*, ch. 1, read). The fixture pairs
  0001 with another utterance's text (174-168635-0001), so its words here are Butler's own
  (public domain, 1872), which the recording reads (checked against a Whisper tiny.en transcript).
* Five consecutive utterances of the LibriVox recording of *Sense and Sensibility*, chapter 1
  (``sense_and_sensibility_01_austen_64kb-0870`` … ``-0930``, LibriVox's file name; LibriVox
  recordings are public domain), as cmusphinx/pocketsphinx ships them in
  ``test/data/librivox`` with their transcripts (``*.txt``, one reader's "a more a amiable"
  kept as spoken).

As for the other orders, nothing here is audio: ``real_sources.collect`` copies the pieces out
of the upstream git mirrors, bit for bit, and ``real_timings.py`` aligns them (PocketSphinx).
"""

from __future__ import annotations

from benchmarks.real_sources import Piece
from benchmarks.real_sources_long import Turn

TTS_REPO = "coqui-ai/TTS"
TTS_COMMIT = "dbf1a08a0d4e47fdad6172e433eeb34bc6b13b4e"
#: The commit that added the 32 clips and the metadata.csv of all 32 (HEAD keeps 8 rows).
TTS_METADATA_COMMIT = "25c07e3d8523ae73f4f5b6053c6691672e6aeb18"
LJ_LICENCE = (
    "public domain (LJ Speech 1.1: LibriVox recordings of public-domain texts; clips as shipped "
    "in coqui-ai/TTS tests/data/ljspeech, repository MPL-2.0)"
)
LJ_READER = "LJ Speech reader"
PS_REPO = "cmusphinx/pocketsphinx"
PS_COMMIT = "511126b492dcb267cf30d49d631946d7b61a9530"
PS_LICENCE = (
    "public domain (LibriVox recording of Sense and Sensibility, ch. 1, LibriVox file "
    "sense_and_sensibility_01_austen_64kb; shipped in cmusphinx/pocketsphinx test/data/librivox, "
    "repository BSD-2-Clause)"
)
AUSTEN_READER = "LibriVox reader (Sense and Sensibility)"
LHOTSE_REPO = "lhotse-speech/lhotse"
LHOTSE_COMMIT = "a79cc864e4275f6342bb94261313526a14d385fb"
AMI_LICENCE = (
    "CC BY 4.0 (AMI Meeting Corpus, meeting ES2011a, headset 0, 40-46 s; shipped in "
    "lhotse-speech/lhotse test/fixtures/ami, repository Apache-2.0)"
)
LIBRI_LICENCE = (
    "CC BY 4.0 (LibriSpeech dev-clean 2412-153948, from LibriVox; shipped in "
    "lhotse-speech/lhotse test/fixtures/mix_cut_test, repository Apache-2.0)"
)

#: (clip number, text as printed) of LJ001-00NN, from metadata.csv at ``TTS_METADATA_COMMIT``
#: (column 2). The last clip's closing comma becomes a full stop: the page's passage ends there.
LJ_TEXTS: tuple[tuple[str, str], ...] = (
    (
        "01",
        "Printing, in the only sense with which we are at present concerned, differs from "
        "most if not from all the arts and crafts represented in the Exhibition",
    ),
    ("02", "in being comparatively modern."),
    (
        "03",
        "For although the Chinese took impressions from wood blocks engraved in relief for "
        "centuries before the woodcutters of the Netherlands, by a similar process",
    ),
    (
        "04",
        "produced the block books, which were the immediate predecessors of the true printed book,",
    ),
    (
        "05",
        "the invention of movable metal letters in the middle of the fifteenth century may "
        "justly be considered as the invention of the art of printing.",
    ),
    ("06", "And it is worth mention in passing that, as an example of fine typography,"),
    (
        "07",
        'the earliest book printed with movable types, the Gutenberg, or "forty-two line '
        'Bible" of about 1455,',
    ),
    ("08", "has never been surpassed."),
    (
        "09",
        "Printing, then, for our purpose, may be considered as the art of making books by "
        "means of movable types.",
    ),
    (
        "10",
        "Now, as all books not primarily intended as picture-books consist principally of "
        "types composed to form letterpress,",
    ),
    ("11", "it is of the first importance that the letter used should be fine in form;"),
    (
        "12",
        "especially as no more time is occupied, or cost incurred, in casting, setting, or "
        "printing beautiful letters",
    ),
    ("13", "than in the same operations with ugly ones."),
    (
        "14",
        "And it was a matter of course that in the Middle Ages, when the craftsmen took care "
        "that beautiful form should always be a part of their productions whatever they were,",
    ),
    (
        "15",
        "the forms of printed letters should be beautiful, and that their arrangement on the "
        "page should be reasonable and a help to the shapeliness of the letters themselves.",
    ),
    ("16", "The Middle Ages brought calligraphy to perfection, and it was natural therefore"),
    (
        "17",
        "that the forms of printed letters should follow more or less closely those of the "
        "written character, and they followed them very closely.",
    ),
    (
        "18",
        "The first books were printed in black letter, i.e. the letter which was a Gothic "
        "development of the ancient Roman character,",
    ),
    (
        "19",
        "and which developed more completely and satisfactorily on the side of the "
        '"lower-case" than the capital letters;',
    ),
    ("20", 'the "lower-case" being in fact invented in the early Middle Ages.'),
    (
        "21",
        "The earliest book printed with movable type, the aforesaid Gutenberg Bible, is "
        "printed in letters which are an exact imitation",
    ),
    (
        "22",
        "of the more formal ecclesiastical writing which obtained at that time; this has "
        'since been called "missal type,"',
    ),
    (
        "23",
        "and was in fact the kind of letter used in the many splendid missals, psalters, "
        "etc., produced by printing in the fifteenth century.",
    ),
    (
        "24",
        "But the first Bible actually dated (which also was printed at Maintz by Peter "
        "Schoeffer in the year 1462)",
    ),
    (
        "25",
        "imitates a much freer hand, simpler, rounder, and less spiky, and therefore far "
        "pleasanter and easier to read.",
    ),
    (
        "26",
        "On the whole the type of this book may be considered the ne-plus-ultra of Gothic type,",
    ),
    (
        "27",
        "especially as regards the lower-case letters; and type very similar was used during "
        "the next fifteen or twenty years not only by Schoeffer,",
    ),
    ("28", "but by printers in Strasburg, Basle, Paris, Lubeck, and other cities."),
    ("29", "But though on the whole, except in Italy, Gothic letter was most often used"),
    (
        "30",
        "a very few years saw the birth of Roman character not only in Italy, but in Germany "
        "and France.",
    ),
    ("31", "In 1465 Sweynheim and Pannartz began printing in the monastery of Subiaco near Rome,"),
    (
        "32",
        "and used an exceedingly beautiful type, which is indeed to look at a transition "
        "between Gothic and Roman.",
    ),
)

#: Words as spoken where the printed text differs: column 3 of metadata.csv for the years;
#: "i.e." and "etc." as the reader says them.
LJ_SPOKEN = {
    "07": "the earliest book printed with movable types the gutenberg or forty-two line bible "
    "of about fourteen fifty-five",
    "18": "the first books were printed in black letter i e the letter which was a gothic "
    "development of the ancient roman character",
    "23": "and was in fact the kind of letter used in the many splendid missals psalters et "
    "cetera produced by printing in the fifteenth century",
    "24": "but the first bible actually dated which also was printed at maintz by peter "
    "schoeffer in the year fourteen sixty-two",
    "31": "in fourteen sixty-five sweynheim and pannartz began printing in the monastery of "
    "subiaco near rome",
}


def _lj(num: str, text: str) -> Piece:
    return Piece(
        f"lj{num}",
        TTS_REPO,
        f"tests/data/ljspeech/wavs/LJ001-00{num}.wav",
        LJ_LICENCE,
        LJ_READER,
        "read",
        text,
        commit=TTS_COMMIT,
        spoken=LJ_SPOKEN.get(num),
    )


def _austen(num: str, spoken: str, text: str) -> Piece:
    return Piece(
        f"austen{num}",
        PS_REPO,
        f"test/data/librivox/sense_and_sensibility_01_austen_64kb-{num}.wav",
        PS_LICENCE,
        AUSTEN_READER,
        "read",
        text,
        commit=PS_COMMIT,
        spoken=spoken,
    )


def _lhotse(
    pid: str, path: str, licence: str, speaker: str, style: str, spoken: str, text: str
) -> Piece:
    return Piece(
        pid,
        LHOTSE_REPO,
        f"test/fixtures/{path}",
        licence,
        speaker,
        style,
        text,
        commit=LHOTSE_COMMIT,
        spoken=spoken,
    )


#: AMI words: ``test/fixtures/ami/cuts.json`` supervisions; Erewhon 0000: the fixture's text
#: (``mix_cut_test/*.json``, ``mini_librispeech/text``); 0001: the book's words.
LHOTSE_PIECES: tuple[Piece, ...] = (
    _lhotse(
        "ami_abigail",
        "ami/ES2011a.Headset-0-40s-46s.wav",
        AMI_LICENCE,
        "AMI meeting participant (ES2011a)",
        "spontaneous",
        "i'm abigail claflin you can call me abbie",
        "I'm Abigail Claflin. You can call me Abbie.",
    ),
    _lhotse(
        "erewhon0",
        "mix_cut_test/audio/storage/2412-153948-0000.flac",
        LIBRI_LICENCE,
        "LibriSpeech reader 2412",
        "read",
        "if the reader will excuse me i will say nothing of my antecedents nor of the "
        "circumstances which led me to leave my native country the narrative would be tedious "
        "to him and painful to myself",
        "If the reader will excuse me, I will say nothing of my antecedents, nor of the "
        "circumstances which led me to leave my native country; the narrative would be "
        "tedious to him, and painful to myself.",
    ),
    _lhotse(
        "erewhon1",
        "mix_cut_test/audio/storage/2412-153948-0001.flac",
        LIBRI_LICENCE,
        "LibriSpeech reader 2412",
        "read",
        "it will be seen that i did not succeed in my design and that however much i may have "
        "met with that was new and strange i have been unable to reap any pecuniary advantage",
        "It will be seen that I did not succeed in my design, and that however much I may have "
        "met with that was new and strange, I have been unable to reap any pecuniary advantage.",
    ),
)


#: Spoken words of the Austen utterances: pocketsphinx ``test/data/librivox/<id>.txt``.
XL_PIECES: tuple[Piece, ...] = (
    *(_lj(num, text) for num, text in LJ_TEXTS),
    _austen(
        "0870",
        "and mister john dashwood had then leisure to consider how much there might be "
        "prudently in his power to do for them",
        "And Mr. John Dashwood had then leisure to consider how much there might be prudently "
        "in his power to do for them.",
    ),
    _austen(
        "0880", "he was not an ill disposed young man", "He was not an ill-disposed young man,"
    ),
    _austen(
        "0890",
        "unless to be rather cold hearted and rather selfish is to be ill disposed",
        "unless to be rather cold-hearted and rather selfish is to be ill-disposed.",
    ),
    _austen(
        "0920",
        "had he married a more a amiable woman he might have been made still more respectable "
        "than he was",
        "Had he married a more amiable woman, he might have been made still more respectable "
        "than he was;",
    ),
    _austen(
        "0930",
        "he might even have been made amiable himself",
        "he might even have been made amiable himself.",
    ),
    *LHOTSE_PIECES,
)


def _lj_turn(turn_id: str, first: int, last: int) -> Turn:
    return Turn(turn_id, LJ_READER, "read", tuple(f"lj{n:02d}" for n in range(first, last + 1)))


XL_TURNS: tuple[Turn, ...] = (
    _lj_turn("lj_printing", 1, 8),
    _lj_turn("lj_letters", 9, 15),
    _lj_turn("lj_gothic", 16, 23),
    _lj_turn("lj_roman", 24, 32),
    Turn(
        "austen",
        AUSTEN_READER,
        "read",
        ("austen0870", "austen0880", "austen0890", "austen0920", "austen0930"),
    ),
    Turn("erewhon", "LibriSpeech reader 2412", "read", ("erewhon0", "erewhon1")),
)

#: Pieces with less than ``real_episode.MARGIN`` of their own room before or after their words
#: (LJ Speech clips are trimmed to them; the Austen ones keep about 0.2 s): the episode pads
#: them with silence, so that its fades do not fall on their first or last word.
PADDED = frozenset(p.id for p in XL_PIECES)
