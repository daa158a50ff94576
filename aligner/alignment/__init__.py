"""Alignment: the published transcript's words placed on the audio.

Read in this order: ``normalize`` (word tokens), ``anchors`` (heard words matched to transcript
words), ``forced`` (Whisper's alignment heads on a window), ``walk`` (the window-by-window walk
through the audio), ``onsets`` (speech onsets), ``assemble`` (word timings -> lines), ``align``
(the entry points), ``timing`` and ``report`` (published times and the drift report).
"""
