"""Settings: one frozen, validated object with every default."""

from __future__ import annotations

import dataclasses

import pytest

from planner.errors import ScenarioError
from planner.settings import (DEFAULT_FORECAST_SAMPLES, DEFAULT_GAP, DEFAULT_OPTIMIZATION_SAMPLES, OptimizerObjective,
                              Risk, Settings, Solver, default)


def test_defaults():
    s = Settings()
    assert (s.objective, s.risk, s.solver) == (OptimizerObjective.EXPECTED, Risk.NEUTRAL, Solver.HIGHS)
    assert (s.samples, s.gap, s.forecast_samples) == (DEFAULT_OPTIMIZATION_SAMPLES, DEFAULT_GAP, DEFAULT_FORECAST_SAMPLES)
    assert s.time_limit == 60.0 and s.whatif_limit == 60.0 and s.workers == 2 and s.seed == 0
    assert default("objective") == "expected" and default("time_limit") == 60.0


def test_strings_become_enums_and_settings_are_frozen():
    s = Settings(objective="point", solver="cbc")
    assert s.objective is OptimizerObjective.POINT and s.solver is Solver.CBC
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.seed = 3  # type: ignore[misc]
    assert s.replace(seed=3).seed == 3 and s.seed == 0
    assert s.for_point_model() == s.replace(objective="point", risk="neutral")
    assert Settings(whatif_time_limit=5).whatif_limit == 5


@pytest.mark.parametrize("changes, where", [
    ({"objective": "best"}, "objective"), ({"risk": "bold"}, "risk"),
    ({"solver": "xpress"}, "solver"), ({"samples": 0}, "samples"),
    ({"forecast_samples": -1}, "forecast_samples"), ({"gap": 1.0}, "gap"),
    ({"time_limit": 0}, "time_limit"), ({"whatif_time_limit": -1}, "whatif_time_limit"),
    ({"workers": 0}, "workers"), ({"objective": "point", "risk": "cautious"}, "risk"),
    ({"seed": -1}, "seed"), ({"samples": 10**9}, "samples"), ({"forecast_samples": 10**10}, "forecast_samples"),
    ({"time_limit": float("nan")}, "time_limit"), ({"whatif_time_limit": float("nan")}, "whatif_time_limit"),
])
def test_every_bad_value_is_refused_by_its_name(changes, where):
    # `api.plan(samples=0)` became 150 silently; now every field is checked, by its API name.
    with pytest.raises(ScenarioError) as caught:
        Settings(**changes)
    assert all(p.where == where for p in caught.value.problems) and "fix:" in str(caught.value)
    assert "--" not in str(caught.value)  # a notebook user never typed a flag


def test_several_problems_at_once():
    with pytest.raises(ScenarioError, match="2 problems"):
        Settings(samples=0, gap=2)
