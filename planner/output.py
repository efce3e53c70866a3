"""Writing results to files: atomically, never over a file the command read, and into special
files (a pipe, /dev/stdout, /dev/null) as they are, never replacing them."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from planner.errors import Location, Problem, ScenarioError


def refuse_inputs(path: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write to `path` if it is one of the files the command read (a scenario, its
    `extends:` bases and tables, a roadmap): call it before any work, so nothing is lost."""
    path = Path(path)
    target = _same_file_key(path)
    for source in inputs:
        if target is not None and _same_file_key(Path(source)) == target:
            raise ScenarioError(Problem(
                "output", f"{path} is one of the files this command reads; refusing to overwrite it",
                "choose another output path", Location(str(path))))


def _same_file_key(path: Path) -> tuple[int, int] | tuple[str] | None:
    """What identifies a file whatever the path that names it (links included)."""
    try:
        info = path.stat()
    except OSError:
        return (str(path.resolve()),)
    return info.st_dev, info.st_ino


def write_atomic(path: str | Path, text: str, protected: Iterable[str | Path] = ()) -> Path:
    """Write `text` to `path` through a temporary file and a rename, so a reader never sees a
    half-written file. Refuses to write over any of the `protected` inputs."""
    return write_atomic_bytes(path, text.encode("utf-8"), protected)


def write_atomic_bytes(path: str | Path, data: bytes, protected: Iterable[str | Path] = ()) -> Path:
    """`write_atomic` for bytes (charts). A special file (a pipe, a terminal, /dev/null) is
    written into directly; an existing file keeps its permissions."""
    path = Path(path)
    refuse_inputs(path, protected)
    if _is_special(path):
        return _write_into(path, data)
    target = path.resolve()
    where = Location(str(path))
    if target.is_dir():
        raise ScenarioError(Problem("output", f"{path} is a folder", "give a file name inside it", where))
    if not target.parent.is_dir():
        raise ScenarioError(Problem("output", f"folder {target.parent} does not exist",
                                    "create it first or choose another path", where))
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _default_mode()
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".planner-", suffix=".tmp")
    except OSError as exc:
        raise ScenarioError(Problem("output", f"cannot write in {target.parent}: {exc.strerror}",
                                    "choose a folder you can write to", where)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)  # an existing file keeps its mode; a new one gets what open() would give
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ScenarioError(Problem("output", f"cannot write {path}: {exc.strerror}",
                                    "check the file's permissions, or choose another path", where)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _is_special(path: Path) -> bool:
    """An existing file that is not a regular file or a folder: a pipe, a device, a socket."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_into(path: Path, data: bytes) -> Path:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise ScenarioError(Problem("output", f"cannot write {path}: {exc.strerror}", "choose another output path",
                                    Location(str(path)))) from None
    return path


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
