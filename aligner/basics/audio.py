"""The audio format the whole core works in, so decode, alignment and edits agree on it.

:func:`aligner.decoding.decode_audio` produces it; Whisper, the forced aligner, the onset finder
and re-transcription consume it.
"""

from __future__ import annotations

#: Samples per second of decoded analysis audio (mono float32 in [-1, 1]), Whisper's rate.
SAMPLE_RATE = 16000

__all__ = ["SAMPLE_RATE"]
