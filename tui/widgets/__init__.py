"""The player's widgets, one per module."""
