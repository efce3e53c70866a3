"""`optimize`: structure first, then invariants, then pinned numbers checked by brute force."""

from __future__ import annotations

import dataclasses

import pytest

from support import SCENARIOS, load, synthetic
from planner.errors import ScenarioError, SolverError, Undecided
from planner.evaluation import evaluate
from planner.model import Commitment
from planner.optimizer import Edits, lp_bound, optimize
from planner.optimizer.backends import Outcome, Solution
from planner.optimizer.solve import checked_plan
from planner.results import SolveStatus
from planner.settings import Settings

ONBOARDING = load("onboarding-q3")
POINT = Settings(objective="point")  # these tests pin the point model; the sampled one has its own


# --- invariants ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_plan_is_feasible_and_proven(path):
    from planner.loading import load_scenario

    scenario = load_scenario(path)
    plan = optimize(scenario, POINT)
    assert plan.solve.status is SolveStatus.OPTIMAL and plan.solve.status.is_ok
    assert plan.solve.gap is not None and plan.solve.gap <= 1e-4 and plan.solve.proven_optimal
    again = evaluate(scenario, plan.selected)
    assert again.feasible and again.score == pytest.approx(plan.score)
    assert all(x.id in plan.selected for x in scenario.initiatives if x.commit is Commitment.IN)
    assert plan.score <= lp_bound(scenario) + 1e-9


def test_same_scenario_same_plan():
    assert optimize(ONBOARDING, POINT).selected == optimize(ONBOARDING, POINT).selected


def test_file_order_does_not_change_the_plan():
    shuffled = dataclasses.replace(ONBOARDING, initiatives=tuple(reversed(ONBOARDING.initiatives)))
    assert set(optimize(shuffled, POINT).selected) == set(optimize(ONBOARDING, POINT).selected)


def test_policies_only_ever_cost_score():
    with_split = optimize(ONBOARDING, POINT).score
    assert optimize(ONBOARDING, POINT, Edits(split=False)).score >= with_split - 1e-9
    assert optimize(ONBOARDING, POINT, Edits(commitments=False)).score >= with_split - 1e-9


def test_forcing_in_and_out():
    from planner.errors import InfeasibleError

    plan = optimize(ONBOARDING, POINT, Edits(force_in=("sample-data",), force_out=("tour",)))
    assert "sample-data" in plan.selected and "tour" not in plan.selected
    with pytest.raises(InfeasibleError):  # sso brings identity-api: 20 secondary weeks break the split
        optimize(ONBOARDING, POINT, Edits(force_in=("sso",)))
    assert plan.score <= optimize(ONBOARDING, POINT).score
    with pytest.raises(ScenarioError, match="Did you mean"):
        optimize(ONBOARDING, POINT, Edits(force_in=("ss0",)))


def test_excluded_plans_are_not_returned_again():
    best = optimize(ONBOARDING, POINT)
    second = optimize(ONBOARDING, POINT, exclude_plans=[best.selected])
    assert second.selected != best.selected and second.value <= best.value + 1e-9


# --- one path from an answer to a plan -------------------------------------------------------

def _check(values, claimed, edits=Edits()):
    return checked_plan(ONBOARDING, edits, values, None, POINT, claimed=claimed,
                        outcome=Outcome(SolveStatus.OPTIMAL, None, None), solver="test", build_seconds=0.0,
                        solve_seconds=0.0)


def test_answers_the_evaluator_rejects_are_bugs_not_plans():
    best = optimize(ONBOARDING, POINT)
    values = {x.id: float(x.id in best.selected) for x in ONBOARDING.initiatives}
    assert _check(values, best.score).selected == best.selected
    with pytest.raises(SolverError, match="claims a value"):
        _check(values, best.score + 0.01)
    with pytest.raises(SolverError, match="fractional"):
        _check({**values, "tour": 0.5}, 0.0)
    with pytest.raises(SolverError, match="violates"):
        _check({x.id: 1.0 for x in ONBOARDING.initiatives}, 0.0)
    with pytest.raises(SolverError, match="forced"):
        _check(values, best.score, Edits(force_out=(best.selected[0],)))


# --- pinned numbers ------------------------------------------------------------------------

def test_onboarding_plan_is_pinned():
    # Checked by enumerating all 65,536 selections with the evaluator (code review at 18a7f63).
    plan = optimize(ONBOARDING, POINT)
    assert plan.selected == ("tour", "progress-bar", "templates", "verification", "in-app-help",
                             "magic-link", "mfa-recovery", "usage-analytics", "mobile-signup")
    assert plan.score == pytest.approx(0.527788, abs=1e-6)
    assert plan.evaluation.team_use["growth"] == 39 and plan.evaluation.team_use["platform"] == 19


def test_the_sampled_model_maximizes_on_its_own_samples():
    from planner.forecast import SampleSet

    s = load("cloudsecure-q1")
    settings = Settings(samples=100, seed=4)
    sampled, point = optimize(s, settings), optimize(s, POINT)
    same = SampleSet(s, 100, seed=4, purpose=1)
    assert sampled.evaluation.feasible
    assert sampled.in_sample_value == pytest.approx(same.scores(sampled.selected).mean(), abs=1e-9)
    assert sampled.in_sample_value >= same.scores(point.selected).mean() - 1e-4 * sampled.in_sample_value


# --- time limits ---------------------------------------------------------------------------

def test_no_plan_within_the_time_limit_is_said_so():
    with pytest.raises(Undecided, match="time limit") as caught:
        optimize(synthetic(200, 1), Settings(objective="point", time_limit=1e-6))
    assert caught.value.parameters == ("time_limit", "gap")  # what to change, for any front end to name


@pytest.mark.parametrize("objective, risk", [("point", "neutral"), ("expected", "neutral"), ("expected", "cautious")])
def test_an_objective_floor_holds_under_every_objective(objective, risk):
    # The sampled model had no attainment variables for a floor to use (KeyError: 'completion').
    from planner.api import load

    scenario = load("scenarios/onboarding-q3.yaml", ("objectives.onboarding.min_attainment=0.55",)).scenario
    unconstrained = optimize(load("scenarios/onboarding-q3.yaml").scenario, POINT)
    assert unconstrained.evaluation.objective_scores["onboarding"] < 0.55  # so the floor binds
    plan = optimize(scenario, Settings(objective=objective, risk=risk, samples=40))
    assert plan.evaluation.feasible and plan.evaluation.objective_scores["onboarding"] >= 0.55 - 1e-9


# --- answers a known plan refutes --------------------------------------------------------------

# Found by test_properties: HiGHS 1.16's presolve proves 0.1333 optimal (i0, i1, i6) although
# i1 + i3 meet every constraint and score 0.35 (brute force, CBC and HiGHS without presolve agree).
PRESOLVE_TRAP = {
    "version": 1, "name": "presolve trap", "split": "off",
    "teams": {"t0": {"capacity": 15}, "t1": {"capacity": 0}, "t2": {"capacity": 0}},
    "objectives": [{"id": "o0", "title": "o0", "tier": "primary", "weight": 0.5, "key_results": [
        {"id": f"k0{j}", "title": f"k0{j}", "baseline": 0, "target": 1, "weight": 0.5} for j in range(3)]}],
    "initiatives": [
        {"id": "i0", "title": "i0", "effort": {"t0": 7}, "impacts": {"k00": 0.05}, "confidence": 1},
        {"id": "i1", "title": "i1", "effort": {"t0": 4}, "impacts": {"k00": 0.05, "k02": 0.25}, "confidence": 1},
        {"id": "i2", "title": "i2", "effort": {"t0": 1}, "impacts": {"k00": 0.0, "k01": 0.0}, "confidence": 1},
        {"id": "i3", "title": "i3", "effort": {"t0": 1}, "impacts": {"k00": 0.0, "k02": 0.75}, "confidence": 1,
         "excludes": ["i0"]},
        {"id": "i4", "title": "i4", "effort": {"t0": 1}, "impacts": {"k00": 0.0, "k01": 0.0, "k02": 0.0},
         "confidence": 1},
        {"id": "i5", "title": "i5", "effort": {"t0": 1}, "impacts": {}, "confidence": 1},
        {"id": "i6", "title": "i6", "effort": {"t0": 4}, "impacts": {"k00": 0.0, "k02": 0.05}, "confidence": 1},
    ],
}


@pytest.mark.parametrize("objective", ["point", "expected"])
def test_a_solver_answer_a_known_plan_beats_is_never_returned(objective):
    from support import brute_best
    from planner.validation import build_scenario

    scenario = build_scenario(PRESOLVE_TRAP)
    plan = optimize(scenario, Settings(objective=objective))
    assert brute_best(scenario) == pytest.approx(0.35)
    assert plan.selected == ("i1", "i3") and plan.score == pytest.approx(0.35)
    assert plan.solve.bound >= plan.score - 1e-6


class _Refuted:
    """An engine that proves a bound of 0 on every run (as a broken presolve might), and records
    whether it was asked to presolve."""

    name, keeps_models_live = "refuted", False

    def __init__(self, status=SolveStatus.OPTIMAL):
        self.presolve_flags: list[bool] = []
        self.status = status

    def solve(self, model, time_limit, gap, start=None, presolve=True):
        self.presolve_flags.append(presolve)
        return Solution(Outcome(self.status, 0.0 if self.status is SolveStatus.OPTIMAL else None, 0.0),
                        [0.0] * len(model.variables))


@pytest.mark.parametrize("status", [SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE])
def test_an_engine_refuted_twice_is_a_solver_error_not_a_plan(status, monkeypatch):
    """The empty plan with a bound of 0 (or 'infeasible') while greedy plans score above it: the
    optimizer solves again without presolve, then refuses to answer."""
    engine = _Refuted(status)
    monkeypatch.setattr("planner.optimizer.solve.backend_for", lambda solver: engine)
    with pytest.raises(SolverError, match="meets every constraint and scores"):
        optimize(ONBOARDING, POINT)
    assert engine.presolve_flags == [True, False]
