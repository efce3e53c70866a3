"""okr-planner: choose the portfolio of initiatives that best moves your OKRs, and say why.

>>> from planner import api, charts
>>> result = api.plan("scenarios/onboarding-q3.yaml")
>>> result.plan.solve.proven_optimal, len(result.plan.selected)
(True, 9)
>>> figure = charts.attainment_figure(result)  # a matplotlib figure of result.key_results

`planner.api` is the public surface (plan, forecast_plan, evaluate_roadmap, explain, frontier,
tradeoff, alternatives, compare, report), each taking a scenario and `planner.Settings`;
`planner.charts` returns matplotlib figures; `planner.phrasing` says results in words.

Heavy modules (the solver, pandas) load on first use, so `import planner` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_scenario": "planner.loading",
    "build_scenario": "planner.validation",
    "lint": "planner.lint",
    "alignment_graph": "planner.graph",
    "evaluate": "planner.evaluation",
    "optimize": "planner.optimizer",
    "greedy_plan": "planner.baselines",
    "plan": "planner.api",
    "Settings": "planner.settings",
    "Scenario": "planner.model",
    "Objective": "planner.model",
    "KeyResult": "planner.model",
    "Initiative": "planner.model",
    "Team": "planner.model",
    "Tier": "planner.model",
    "PlannerError": "planner.errors",
    "ScenarioError": "planner.errors",
    "InfeasibleError": "planner.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
