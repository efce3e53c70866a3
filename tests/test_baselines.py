from __future__ import annotations

import pytest

from support import SCENARIOS, load, scenario_path
from planner.baselines import RULES, greedy_plan
from planner.loading import load_scenario
from planner.optimizer import optimize
from planner.settings import Settings


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
@pytest.mark.parametrize("rule", RULES)
def test_greedy_is_feasible_and_below_the_optimum(path, rule):
    scenario = load_scenario(path)
    greedy = greedy_plan(scenario, rule)
    assert greedy.feasible, greedy.violations
    assert 0 < greedy.score <= optimize(scenario, Settings(objective="point")).score + 1e-9


def test_greedy_funds_commitments_and_prerequisites():
    scenario = load_scenario(scenario_path("multi-team-q4"))
    greedy = greedy_plan(scenario)
    assert "audit-log" in greedy.selected
    for i in greedy.selected:
        assert set(scenario.initiative(i).requires) <= set(greedy.selected)


def test_unknown_rule():
    with pytest.raises(ValueError):
        greedy_plan(load("cloudsecure-q1"), "alphabetical")
