from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path):
    """Write a dedented file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def run(runner: CliRunner, *args: str):
    from planner.cli import cli

    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def synthetic(n: int, seed: int = 0):
    """A benchmark-style synthetic scenario (bench/generate.py)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import synthetic_scenario

    return synthetic_scenario(n, seed)
