"""Writing results: atomic, never over an input, never into a folder."""

from __future__ import annotations

import pytest

from planner.errors import ScenarioError
from planner.output import write_atomic, write_atomic_bytes


def test_writes_atomically(tmp_path):
    out = write_atomic(tmp_path / "a.txt", "hello")
    assert out.read_text() == "hello" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    write_atomic_bytes(tmp_path / "a.txt", b"again")
    assert (tmp_path / "a.txt").read_bytes() == b"again"


def test_refuses_inputs_and_folders(tmp_path):
    source = tmp_path / "s.yaml"
    source.write_text("keep")
    with pytest.raises(ScenarioError, match="refusing to overwrite"):
        write_atomic(source, "x", protected=[source])
    assert source.read_text() == "keep"
    with pytest.raises(ScenarioError, match="is a folder"):
        write_atomic(tmp_path, "x")
    with pytest.raises(ScenarioError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "a.txt", "x")
