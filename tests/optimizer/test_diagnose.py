"""Infeasible scenarios: the conflicting constraints and the smallest relaxation of each kind."""

from __future__ import annotations

import dataclasses

import pytest

from support import load
from planner.errors import InfeasibleError
from planner.model import Commitment, Team
from planner.optimizer import diagnose, optimize
from planner.settings import Settings, Solver

ONBOARDING = load("onboarding-q3")
POINT = Settings(objective="point")


def _with(scenario, **commits):
    initiatives = tuple(dataclasses.replace(x, commit=Commitment(commits[x.id])) if x.id in commits else x
                        for x in scenario.initiatives)
    return dataclasses.replace(scenario, initiatives=initiatives)


def _capacity(scenario, team, extra):
    return dataclasses.replace(scenario, teams=tuple(
        dataclasses.replace(t, capacity=t.capacity + extra) if t.id == team else t for t in scenario.teams))


OVER = dataclasses.replace(_with(ONBOARDING, sso="in", **{"mfa-recovery": "in"}), split=None)


def test_commitments_over_capacity_are_diagnosed():
    with pytest.raises(InfeasibleError) as caught:
        optimize(OVER, POINT)
    d = caught.value.diagnosis
    assert "capacity[platform]" in d.conflicting and "commit[sso]" in d.conflicting
    kinds = {r.kind: r for r in d.relaxations}
    step = kinds["capacity"].steps[0]
    assert (step.constraint.kind, step.constraint.subject) == ("capacity", "platform")
    assert step.amount == pytest.approx(2.0)  # data; the words are the diagnosis's own
    assert kinds["capacity"].changes == ("+2 person-weeks on platform",)
    # The stated relaxation really is enough, and not more than needed.
    assert optimize(_capacity(OVER, "platform", 2), POINT).solve.status.is_ok
    with pytest.raises(InfeasibleError):
        optimize(_capacity(OVER, "platform", 1.9), POINT)
    assert any(c.startswith("drop the commitment") for c in kinds["commitments"].changes)


def test_cbc_diagnoses_alike():
    assert diagnose(OVER, solver=Solver.CBC).relaxations == diagnose(OVER).relaxations


def test_split_no_plan_can_fill_is_diagnosed():
    scenario = dataclasses.replace(ONBOARDING, teams=(Team("growth", 40), Team("platform", 24)))
    scenario = _with(scenario, **{"mfa-recovery": "in", "magic-link": "in", "password-reset": "out"})
    # 12 weeks of committed secondary work need 48 weeks of plan in all at a 25% ceiling.
    scenario = dataclasses.replace(scenario, max_effort=40)
    with pytest.raises(InfeasibleError) as caught:
        optimize(scenario, POINT)
    d = caught.value.diagnosis
    assert "split" in {r.kind for r in d.relaxations}
    assert "commit[magic-link]" in d.conflicting
    assert "infeasible" in str(caught.value) and "split" in str(caught.value)
