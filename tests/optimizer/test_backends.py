"""The engines behind the backend interface agree, and HiGHS falls back to CBC when missing."""

from __future__ import annotations

import pytest

from support import SCENARIOS, load
from planner.optimizer import lp_bound, optimize
from planner.optimizer.backends import CbcBackend, HighsBackend, backend_for
from planner.settings import Settings, Solver

POINT = Settings(objective="point")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_cbc_agrees_with_highs(path):
    from planner.loading import load_scenario

    scenario = load_scenario(path)
    cbc = optimize(scenario, POINT.replace(solver="cbc"))
    assert cbc.solve.solver == "cbc"
    assert cbc.score == pytest.approx(optimize(scenario, POINT).score, abs=2e-4)


def test_both_engines_give_the_same_lp_bound():
    scenario = load("onboarding-q3")
    assert lp_bound(scenario, POINT.replace(solver="cbc")) == pytest.approx(lp_bound(scenario, POINT), abs=1e-6)


def test_only_highs_keeps_a_model_live():
    from planner.optimizer.formulation import formulate

    model = formulate(load("onboarding-q3"))
    assert CbcBackend().live(model) is None and HighsBackend().live(model) is not None


def test_highs_falls_back_to_cbc(monkeypatch):
    import pulp

    monkeypatch.setattr(pulp.HiGHS, "available", lambda self: False)
    assert isinstance(backend_for(Solver.HIGHS), CbcBackend)
    plan = optimize(load("onboarding-q3"), POINT)
    assert plan.solve.solver == "cbc" and plan.score == pytest.approx(0.527788, abs=1e-4)


def test_cbc_runs_without_a_threads_option(monkeypatch):
    """The bundled CBC given `-threads 1` stalled for 10 s, past any time limit, on about 1 solve
    in 150 (coin-or/Cbc#640): 8 of 1,400 on onboarding-q3, none of 2,200 without the option. A
    rare stall is too costly to catch here by repetition, so the command line is checked."""
    import pulp

    commands = []
    solve = pulp.PULP_CBC_CMD.actualSolve

    def spy(self, lp, **kwargs):
        commands.append(self.optionsDict)
        return solve(self, lp, **kwargs)

    monkeypatch.setattr(pulp.PULP_CBC_CMD, "actualSolve", spy)
    assert optimize(load("onboarding-q3"), POINT.replace(solver="cbc")).solve.solver == "cbc"
    assert commands and all(command.get("threads") is None for command in commands)
