"""The last playback speed in the real cache store: round trip, kept by ``cache clear``
(it lives with the resume positions), damaged or out-of-range entries read as nothing."""

from __future__ import annotations

import json

from cache.store import Store
from tui.resume import NAMESPACE
from tui.speed_memory import KEY, SpeedMemory


def test_round_trip_and_survives_cache_clear(tmp_path) -> None:
    store = Store(tmp_path / "cache")
    memory = SpeedMemory(store)
    assert memory.load() is None
    memory.save(1.5)
    assert SpeedMemory(Store(tmp_path / "cache")).load() == 1.5
    store.clear(older_than=None, user_data=False)
    assert memory.load() == 1.5
    memory.save(2.6)  # kept on the 0.25 grid
    assert memory.load() == 2.5


def test_damaged_or_out_of_range_entries_are_ignored(tmp_path) -> None:
    store = Store(tmp_path / "cache")
    path = store.path(NAMESPACE, KEY, ".json")
    for raw in ("{not json", json.dumps({"speed": "fast"}), json.dumps({"speed": 9}), "[]"):
        path.write_text(raw)
        assert SpeedMemory(store).load() is None, raw
