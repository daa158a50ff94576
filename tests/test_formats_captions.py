"""Caption readers in detail: SRT speakers, VTT voices and YouTube auto-captions, P2.0 words."""

from __future__ import annotations

import json

from aligner.formats import parse_transcript


def test_srt_speaker_prefix_only_at_changes() -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nAnn Lee: Hello.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nStill Ann.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nBo: Hi Ann.\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\nSo: this is not a name.\n"
    )
    t = parse_transcript(srt)
    assert [(ln.speaker, ln.text) for ln in t.lines] == [
        ("Ann Lee", "Hello."),
        ("Ann Lee", "Still Ann."),
        ("Bo", "Hi Ann."),
        ("Bo", "So: this is not a name."),
    ]
    assert [(u.speaker, u.published_start) for u in t.turns] == [("Ann Lee", 1.0), ("Bo", 3.0)]
    assert [(ln.published_start, ln.published_end) for ln in t.lines][-1] == (4.0, 5.0)


def test_srt_without_blank_lines_between_cues() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nOne.\n2\n00:00:02,000 --> 00:00:03,000\nTwo.\n"
    assert [ln.text for ln in parse_transcript(srt).lines] == ["One.", "Two."]


def test_vtt_voices_settings_notes() -> None:
    vtt = (
        "WEBVTT\n\nNOTE a --> b is fine here\n\n"
        "c1\n00:01.000 --> 00:02.500 align:start line:0\n<v Ann>Fish &amp; chips &lt;3</v>\n\n"
        "00:02.500 --> 00:04.000\n<v.loud Bo Smith>Two\nlines.\n\n"
        "00:04.000 --> 00:05.000\n<c.yellow>Bo</c> still.\n"
    )
    t = parse_transcript(vtt)
    assert [(ln.speaker, ln.text, ln.published_start, ln.published_end) for ln in t.lines] == [
        ("Ann", "Fish & chips <3", 1.0, 2.5),
        ("Bo Smith", "Two lines.", 2.5, 4.0),
        (None, "Bo still.", 4.0, 5.0),  # a file with <v> voices has no speaker without one
    ]


def test_vtt_without_voices_uses_name_prefixes_at_changes() -> None:
    vtt = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nAnn: Hi.\n\n00:02.000 --> 00:03.000\nStill Ann.\n\n"
        "00:03.000 --> 00:04.000\n- Bo: Yo.\n"
    )
    t = parse_transcript(vtt)
    assert [(ln.speaker, ln.text) for ln in t.lines] == [
        ("Ann", "Hi."),
        ("Ann", "Still Ann."),
        ("Bo", "Yo."),
    ]


def test_youtube_rolling_captions_collapse() -> None:
    cues = []
    words = [
        "so",
        "today",
        "we",
        "are",
        "talking",
        "about",
        "reasoning",
        "models",
        "and",
        "why",
        "they",
        "matter",
        "a",
        "lot",
    ]
    lines = [" ".join(words[i : i + 4]) for i in range(0, len(words), 4)]
    t = 0.0
    prev = ""
    for line in lines:
        w = line.split()
        timed = w[0] + "".join(
            f"<00:00:{t + 0.3 * (k + 1):06.3f}><c> {x}</c>" for k, x in enumerate(w[1:])
        )
        cues.append(
            f"00:00:{t:06.3f} --> 00:00:{t + 2:06.3f}\n{prev}\n{timed}\n"
            if prev
            else f"00:00:{t:06.3f} --> 00:00:{t + 2:06.3f}\n \n{timed}\n"
        )
        cues.append(f"00:00:{t + 2:06.3f} --> 00:00:{t + 2.01:06.3f}\n{line}\n \n")
        prev = line
        t += 2.01
    text = "WEBVTT\nKind: captions\nLanguage: en\n\n" + "\n".join(cues)
    tr = parse_transcript(text)
    assert [ln.text for ln in tr.lines] == lines
    assert " ".join(ln.text for ln in tr.lines) == " ".join(words)
    starts = [ln.published_start for ln in tr.lines]
    assert starts == sorted(starts) and starts[0] == 0.0
    for a, b in zip(tr.lines, tr.lines[1:]):
        assert a.published_end == b.published_start


def test_podcast_json_word_level_merges_into_sentences() -> None:
    words = [
        ("Ann", "Hello", 0.0, 0.4),
        ("Ann", "world.", 0.4, 0.9),
        ("Ann", "Second", 1.0, 1.4),
        ("Ann", "one", 1.4, 1.6),
        ("Ann", "?", 1.6, 1.7),
        ("Bo", "Yes.", 2.0, 2.3),
    ]
    data = {
        "version": "1.0.0",
        "segments": [
            {"speaker": s, "startTime": a, "endTime": b, "body": w} for s, w, a, b in words
        ],
    }
    t = parse_transcript(json.dumps(data))
    assert [(ln.speaker, ln.text, ln.published_start, ln.published_end) for ln in t.lines] == [
        ("Ann", "Hello world.", 0.0, 0.9),
        ("Ann", "Second one?", 1.0, 1.7),
        ("Bo", "Yes.", 2.0, 2.3),
    ]
    assert [u.speaker for u in t.turns] == ["Ann", "Bo"]


def test_podcast_json_string_times_and_missing_speaker() -> None:
    data = {
        "version": "1.0.0",
        "segments": [
            {"speaker": "Ann", "startTime": "1.5", "endTime": "2", "body": "Hi there friend."},
            {"startTime": 3, "endTime": 4, "body": "Who said this?"},
        ],
    }
    t = parse_transcript(json.dumps(data))
    assert [(ln.speaker, ln.published_start) for ln in t.lines] == [("Ann", 1.5), (None, 3.0)]
    assert len(t.turns) == 2
