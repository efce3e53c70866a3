"""The public entry points that the CLI and notebooks share: one function per question."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from planner.lint import LintWarning, lint
from planner.loading import LoadedScenario, load_scenario_file
from planner.model import Scenario


@dataclass(frozen=True)
class CheckedScenario:
    """A valid scenario with its OKR-quality warnings."""

    loaded: LoadedScenario
    warnings: tuple[LintWarning, ...]

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario


def load(path: str | Path) -> LoadedScenario:
    """Load a scenario file with its sources and content hash."""
    return load_scenario_file(path)


def validate(path: str | Path) -> CheckedScenario:
    """Is this scenario file usable, and what would OKR practice say about it?"""
    loaded = load_scenario_file(path)
    return CheckedScenario(loaded, tuple(lint(loaded.scenario)))


def graph_text(scenario: Scenario, fmt: str = "mermaid") -> str:
    """The alignment graph as Mermaid or DOT text."""
    from planner.graph import to_dot, to_mermaid

    return {"mermaid": to_mermaid, "dot": to_dot}[fmt](scenario)


def schema_text() -> str:
    """The scenario file's JSON Schema, as text."""
    from planner.schema import json_schema

    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
