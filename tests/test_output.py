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


def test_an_existing_file_keeps_its_mode(tmp_path):
    import os
    import stat

    out = tmp_path / "plan.json"
    out.write_text("old")
    os.chmod(out, 0o600)
    write_atomic(out, "new")
    assert out.read_text() == "new" and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_special_files_are_written_into_never_replaced(tmp_path):
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == ["through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe
    write_atomic("/dev/null", "nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_long_file_name_and_an_unwritable_folder(tmp_path):
    long = tmp_path / ("x" * 250 + ".json")  # a legal name; the temporary file's must stay legal too
    assert write_atomic(long, "ok").read_text() == "ok"
    with pytest.raises(ScenarioError, match="cannot write in /proc"):
        write_atomic("/proc/planner-output.json", "x")


def test_any_input_is_protected_however_it_is_named(tmp_path):
    from planner.output import refuse_inputs

    source = tmp_path / "s.yaml"
    source.write_text("keep")
    (tmp_path / "link.yaml").symlink_to(source)
    with pytest.raises(ScenarioError, match="one of the files this command reads"):
        refuse_inputs(tmp_path / "link.yaml", [source])
    with pytest.raises(ScenarioError):
        refuse_inputs(tmp_path / "." / "s.yaml", [source])
    refuse_inputs(tmp_path / "new.json", [source])  # a new file is never an input
