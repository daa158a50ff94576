"""Everything the player does with sound, apart from the screen.

:mod:`.playback` is the real :class:`~tui.player.Player` (position bookkeeping),
:mod:`.decoder` the PyAV decoding thread (content-timed PCM), :mod:`.device` the miniaudio
output (or its silent null backend), :mod:`.clip` the ``x`` key's WAV quote. Importing this
package loads neither PyAV nor miniaudio; they are imported where they are used.
"""
