"""The player's screens: the main player and the help overlay."""
