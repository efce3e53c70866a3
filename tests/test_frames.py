"""Rows as DataFrames."""

from __future__ import annotations

from planner.frames import frame


def test_frame_indexes_by_id_unless_told():
    rows = [{"id": "a", "v": 1}, {"id": "b", "v": 2}]
    assert list(frame(rows).index) == ["a", "b"] and list(frame(rows, index=None).columns) == ["id", "v"]
    assert list(frame(rows, ["id", "v", "w"]).columns) == ["v", "w"]
