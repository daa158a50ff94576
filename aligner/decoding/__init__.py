"""Decoding: any audio or video file to 16 kHz mono float32 PCM with PyAV (no system ffmpeg)."""
