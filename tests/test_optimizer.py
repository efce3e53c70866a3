"""The optimizer: structure first, then invariants, then pinned numbers."""

from __future__ import annotations

import dataclasses
import functools

import pytest

from conftest import ROOT, SCENARIOS
from planner.errors import InfeasibleError, ScenarioError
from planner.evaluation import evaluate
from planner.loading import load_scenario
from planner.model import Commitment, Team
from planner.optimizer import SolveStatus, _build, lp_bound, optimize

ONBOARDING = load_scenario(ROOT / "scenarios" / "onboarding-q3.yaml")
# These tests pin the point-estimate model; the sampled model has tests of its own.
point_optimize = functools.partial(optimize, objective="point")


# --- structure -----------------------------------------------------------------------------

def test_every_constraint_has_a_domain_name():
    names = set(_build(ONBOARDING).constraints)
    assert {"capacity[growth]", "capacity[platform]", "progress[completion]", "requires[sso->identity-api]",
            "excludes[magic-link|password-reset]", "commit[mobile-signup]",
            "split[primary].min", "split[exploration].max"} <= names


def test_split_off_removes_split_constraints():
    names = _build(ONBOARDING, split=False).constraints
    assert not any(n.startswith("split[") for n in names)


# --- invariants ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_plan_is_feasible_and_proven(path):
    scenario = load_scenario(path)
    plan = point_optimize(scenario)
    assert plan.solve.status is SolveStatus.OPTIMAL
    assert plan.solve.gap is not None and plan.solve.gap <= 1e-4
    again = evaluate(scenario, plan.selected)
    assert again.feasible and again.score == pytest.approx(plan.score)
    assert all(x.id in plan.selected for x in scenario.initiatives if x.commit is Commitment.IN)
    assert plan.score <= lp_bound(scenario) + 1e-9


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_cbc_agrees_with_highs(path):
    scenario = load_scenario(path)
    assert point_optimize(scenario, solver="cbc").score == pytest.approx(point_optimize(scenario).score, abs=2e-4)


def test_same_scenario_same_plan():
    assert point_optimize(ONBOARDING).selected == point_optimize(ONBOARDING).selected


def test_file_order_does_not_change_the_plan():
    shuffled = dataclasses.replace(ONBOARDING, initiatives=tuple(reversed(ONBOARDING.initiatives)))
    assert set(point_optimize(shuffled).selected) == set(point_optimize(ONBOARDING).selected)


def test_policies_only_ever_cost_score():
    with_split = point_optimize(ONBOARDING).score
    assert point_optimize(ONBOARDING, split=False).score >= with_split - 1e-9
    assert point_optimize(ONBOARDING, commitments=False).score >= with_split - 1e-9


def test_forcing_in_and_out():
    plan = point_optimize(ONBOARDING, force_in=["sample-data"], force_out=["tour"])
    assert "sample-data" in plan.selected and "tour" not in plan.selected
    with pytest.raises(InfeasibleError):  # sso brings identity-api: 20 secondary weeks break the split
        point_optimize(ONBOARDING, force_in=["sso"])
    assert plan.score <= point_optimize(ONBOARDING).score
    with pytest.raises(ScenarioError, match="Did you mean"):
        point_optimize(ONBOARDING, force_in=["ss0"])


# --- pinned numbers ------------------------------------------------------------------------

def test_onboarding_plan_is_pinned():
    plan = point_optimize(ONBOARDING)
    assert plan.selected == ("tour", "progress-bar", "templates", "verification", "in-app-help",
                             "magic-link", "mfa-recovery", "usage-analytics", "mobile-signup")
    assert plan.score == pytest.approx(0.527788, abs=1e-6)
    assert plan.evaluation.team_use["growth"] == 39 and plan.evaluation.team_use["platform"] == 19


# --- infeasible scenarios ------------------------------------------------------------------

def _with(scenario, **commits):
    initiatives = tuple(dataclasses.replace(x, commit=Commitment(commits[x.id])) if x.id in commits else x
                        for x in scenario.initiatives)
    return dataclasses.replace(scenario, initiatives=initiatives)


def test_commitments_over_capacity_are_diagnosed():
    scenario = dataclasses.replace(_with(ONBOARDING, sso="in", **{"mfa-recovery": "in"}), split=None)
    with pytest.raises(InfeasibleError) as caught:
        point_optimize(scenario)
    d = caught.value.diagnosis
    assert "capacity[platform]" in d.conflicting and "commit[sso]" in d.conflicting
    kinds = {r.kind: r for r in d.relaxations}
    assert kinds["capacity"].changes == ("+2 person-weeks on platform",)
    # The stated relaxation really is enough, and not more than needed.
    teams = tuple(dataclasses.replace(t, capacity=t.capacity + 2) if t.id == "platform" else t for t in scenario.teams)
    assert point_optimize(dataclasses.replace(scenario, teams=teams)).solve.status is SolveStatus.OPTIMAL
    teams = tuple(dataclasses.replace(t, capacity=t.capacity + 1.9) if t.id == "platform" else t for t in scenario.teams)
    with pytest.raises(InfeasibleError):
        point_optimize(dataclasses.replace(scenario, teams=teams))
    assert any(c.startswith("drop the commitment") for c in kinds["commitments"].changes)


def test_split_no_plan_can_fill_is_diagnosed():
    scenario = dataclasses.replace(ONBOARDING, teams=(Team("growth", 40), Team("platform", 24)))
    scenario = _with(scenario, **{"mfa-recovery": "in", "magic-link": "in", "password-reset": "out"})
    # 12 weeks of committed secondary work need 48 weeks of plan in all at a 25% ceiling.
    scenario = dataclasses.replace(scenario, max_effort=40)
    with pytest.raises(InfeasibleError) as caught:
        point_optimize(scenario)
    d = caught.value.diagnosis
    assert "split" in {r.kind for r in d.relaxations}
    assert "commit[magic-link]" in d.conflicting


# --- time limits ---------------------------------------------------------------------------

def test_a_time_limited_solve_is_labelled_with_its_gap():
    from conftest import synthetic
    from planner.errors import SolverError

    scenario = synthetic(1000, seed=1)
    try:
        plan = point_optimize(scenario, time_limit=0.5, gap=0.0)
    except SolverError as exc:  # no plan at all within the limit: said so, never a silent answer
        assert "time limit" in str(exc)
        return
    assert plan.solve.status is SolveStatus.TIME_LIMIT
    assert plan.solve.gap is not None and plan.solve.gap > 0 and plan.solve.bound >= plan.score
    assert evaluate(scenario, plan.selected).feasible


def test_time_limit_is_shown_to_the_user():
    from conftest import synthetic
    from planner import views
    from planner.api import PlanResult
    from planner.errors import SolverError

    scenario = synthetic(1000, seed=1)
    try:
        plan = point_optimize(scenario, time_limit=0.5, gap=0.0)
    except SolverError:
        pytest.skip("no plan within 0.5 s on this machine; the previous test covers that path")
    line = views.status_line(plan)
    assert line.startswith("TIME LIMIT") and "gap" in line
    assert views.plan_dict(PlanResult(plan, {}))["status"] == "time limit"


def test_highs_falls_back_to_cbc(monkeypatch):
    import pulp

    monkeypatch.setattr(pulp.HiGHS, "available", lambda self: False)
    plan = point_optimize(ONBOARDING)
    assert plan.solve.solver == "cbc" and plan.score == pytest.approx(0.527788, abs=1e-4)
