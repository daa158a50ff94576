"""Transcription: Whisper model resolution (bundled, packaged, hub names, local folders) and the
cached, resumable faster-whisper transcription."""
