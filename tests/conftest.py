"""Fixtures shared by every test: bundled scenarios by name, click's runner, file writers."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/support.py, from nested test folders

from support import ROOT, SCENARIOS  # noqa: E402,F401  (re-exported for tests)


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


@pytest.fixture(scope="session")
def explained():
    """The nine-initiative quarter (`support.small`) and its explanation under the point model:
    small enough that brute force checks every answer."""
    from planner.explain import explain
    from support import POINT, small

    scenario = small()
    return scenario, explain(scenario, POINT)
