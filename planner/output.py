"""Writing results to files: atomically, and never over a file the user wrote."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from planner.errors import Location, Problem, ScenarioError


def write_atomic(path: str | Path, text: str, protected: Iterable[str | Path] = ()) -> Path:
    """Write `text` to `path` through a temporary file and a rename, so a reader never sees a
    half-written file. Refuses to write over any of the `protected` inputs."""
    return write_atomic_bytes(path, text.encode("utf-8"), protected)


def write_atomic_bytes(path: str | Path, data: bytes, protected: Iterable[str | Path] = ()) -> Path:
    """`write_atomic` for bytes (charts)."""
    path = Path(path)
    target = path.resolve()
    for source in protected:
        if Path(source).resolve() == target:
            raise ScenarioError(Problem(
                "output", f"{path} is one of the scenario's own files; refusing to overwrite it",
                "choose another output path", Location(str(path))))
    if target.is_dir():
        raise ScenarioError(Problem("output", f"{path} is a folder", "give a file name inside it", Location(str(path))))
    if not target.parent.is_dir():
        raise ScenarioError(Problem("output", f"folder {target.parent} does not exist",
                                    "create it first or choose another path", Location(str(path))))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as a plain open() would; mkstemp makes files private
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
