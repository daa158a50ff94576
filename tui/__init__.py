"""podalign's Textual player (``podalign play``)."""
