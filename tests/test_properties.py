"""Property tests of the optimizer on random scenarios (hypothesis)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner.baselines import RULES, greedy_plan
from planner.errors import InfeasibleError
from planner.evaluation import evaluate
from planner.optimizer import Edits, optimize
from planner.settings import Settings
from planner.validation import build_scenario
from strategies import scenario_dicts, valid_scenario
from support import brute_best

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _optimum(scenario, settings=Settings(objective="point")):
    try:
        return optimize(scenario, settings)
    except InfeasibleError:
        return None


@SETTINGS
@given(scenario_dicts())
def test_plan_passes_the_evaluator_and_beats_greedy(data):
    scenario = valid_scenario(data)
    plan = _optimum(scenario)
    if plan is None:
        return
    check = evaluate(scenario, plan.selected)
    assert check.feasible and check.score == pytest.approx(plan.score, abs=1e-9)
    for rule in RULES:
        greedy = greedy_plan(scenario, rule)
        if greedy.feasible:
            assert plan.score >= greedy.score - 1e-4 * max(1.0, abs(greedy.score))


@SETTINGS
@given(scenario_dicts(), st.integers(1, 10))
def test_more_capacity_never_lowers_the_optimum(data, extra):
    scenario = valid_scenario(data)
    plan = _optimum(scenario)
    if plan is None:
        return
    richer = dataclasses.replace(scenario, teams=tuple(dataclasses.replace(t, capacity=t.capacity + extra)
                                                       for t in scenario.teams))
    assert optimize(richer, Settings(objective="point")).score >= plan.score - 1e-4


@SETTINGS
@given(scenario_dicts(), st.randoms(use_true_random=False))
def test_reordering_and_renaming_keep_the_optimum(data, rng):
    scenario = valid_scenario(data)
    plan = _optimum(scenario)
    if plan is None:
        return
    ids = [x["id"] for x in data["initiatives"]]
    new = dict(zip(ids, rng.sample([f"z{i}-{n}" for n, i in enumerate(ids)], len(ids))))
    renamed = {**data, "initiatives": [
        {**x, "id": new[x["id"]], **{k: [new[i] for i in x[k]] for k in ("requires", "excludes") if k in x}}
        for x in rng.sample(data["initiatives"], len(ids))]}
    other = optimize(valid_scenario(renamed), Settings(objective="point"))
    assert other.score == pytest.approx(plan.score, abs=1e-4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dicts(max_initiatives=9))
def test_optimum_equals_exhaustive_enumeration(data):
    scenario = valid_scenario(data)
    best = brute_best(scenario)
    plan = _optimum(scenario)
    if best is None:
        assert plan is None
    else:
        assert plan is not None and plan.score == pytest.approx(best, abs=1e-4)


def test_exhaustive_check_reaches_twelve_initiatives():
    """One fixed 12-initiative case (4,096 subsets), the largest size enumeration covers here."""
    import random

    rng = random.Random(7)
    teams = {"a": {"capacity": 20}, "b": {"capacity": 12}}
    krs = [{"id": f"k{i}", "title": "k", "baseline": 0, "target": 10} for i in range(4)]
    objectives = [{"id": "o0", "title": "o", "tier": "primary", "key_results": krs[:2]},
                  {"id": "o1", "title": "o", "tier": "secondary", "key_results": krs[2:3]},
                  {"id": "o2", "title": "o", "tier": "exploration", "key_results": krs[3:]}]
    initiatives = [{"id": f"i{n}", "title": "i", "effort": {rng.choice("ab"): rng.randint(1, 8)},
                    "impacts": {f"k{rng.randint(0, 3)}": rng.randint(1, 8)}} for n in range(12)]
    initiatives[3]["requires"] = ["i1"]
    initiatives[5]["excludes"] = ["i2"]
    scenario = build_scenario({"version": 1, "name": "twelve", "teams": teams, "objectives": objectives,
                               "initiatives": initiatives,
                               "split": {"primary": 0.6, "secondary": 0.3, "exploration": 0.1, "tolerance": 0.15}})
    best = brute_best(scenario)
    assert optimize(scenario, Settings(objective="point")).score == pytest.approx(best, abs=1e-6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dicts(max_initiatives=7))
def test_every_cut_reason_is_true_and_complete_against_brute_force(data):
    """"Cut: <reason>" names exactly the constraints that keep the initiative out of the plan as it
    is (with the prerequisites it would bring), each of them truly broken; with all of them given
    way it fits, with any one kept it does not (so several are said to hold it out jointly); a full
    team is said to be needed by whoever really uses it; and the rest of the sentence, the forced
    plan, costs what brute force says."""
    from planner.explain import explain
    from planner.phrasing import sentence

    scenario = valid_scenario(data)
    base = _optimum(scenario)
    assume(base is not None)
    e = explain(scenario, Settings(objective="point", workers=1), base=base)
    for x in e.initiatives:
        item = scenario.initiative(x.initiative_id)
        if x.selected or item.commit is not None:
            continue
        said = sentence(e, x.initiative_id)
        if scenario.unfillable_tiers() and x.counterfactual.value is None:
            assert "no candidate is" in said  # the real reason: no plan with it meets the split at all
            continue
        with_it = set(base.selected) | {item.id} | scenario.requirements(item.id)
        broken = {v.constraint for v in evaluate(scenario, sorted(with_it)).violations}
        assert {v.constraint for v in x.blockers} == broken, said
        prerequisites = scenario.requirements(item.id) - set(base.selected)
        for name in broken:
            if name.kind.value == "capacity":
                users = {j for j in {item.id} | prerequisites if scenario.initiative(j).effort.get(name.subject, 0) > 0}
                assert users, said  # a team is said to be full only when someone brought in needs it
                if item.id not in users:
                    assert "prerequisite" in said and all(f"`{j}`" in said for j in sorted(prerequisites)), said
        if len(broken) > 1:
            assert "each of these would have to give way" in said, said
        forced = brute_best(scenario, must=[item.id])
        if forced is None:
            assert x.counterfactual.value is None
        else:
            assert x.counterfactual.value == pytest.approx(forced, abs=1e-6), said


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dicts(max_initiatives=7, guardrail_always=True))
def test_the_price_of_a_guardrail_is_what_brute_force_gains_without_it(data):
    """Lifting a guardrail gains exactly what enumerating every selection without it gains, and
    every plan holds every guardrail on its expected value."""
    from planner.constraints import Constraint
    from planner.explain import explain

    scenario = valid_scenario(data)
    assume(scenario.guardrails)
    base = _optimum(scenario)
    assume(base is not None)
    assert all(o.held for o in evaluate(scenario, base.selected).guardrails)
    e = explain(scenario, Settings(objective="point", workers=1), base=base)
    for g in scenario.guardrails:
        price = next(p for p in e.policies if p.policy == Constraint.guardrail(g.id))
        free = brute_best(scenario.without_guardrails([g.id]))
        assert price.cost.value == pytest.approx(max(0.0, free - base.score), abs=1e-6)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(0.6, 1.3), st.lists(st.floats(0.5, 2.0), min_size=9, max_size=9),
       st.sampled_from([Settings(objective="point", workers=1), Settings(samples=50, workers=1),
                        Settings(samples=50, risk="cautious", workers=1)]))
def test_no_factor_up_to_the_impact_floor_brings_a_cut_initiative_in_against_brute_force(capacity, impacts, chosen):
    """The impact floor (proven from the forced re-solve's bound and how fast an initiative's
    impacts can move the score, without a decision) is never past the truth: on the nine-
    initiative quarter with its capacity and impacts redrawn, under each objective, enumeration
    of every plan (each re-scored without a solver) finds no factor on a cut initiative's
    impacts from 1 up to its floor (or 20x) that brings it in."""
    import itertools

    from planner.break_even import ENTERS, MAX_IMPACT_FACTOR, _impact_floor
    from planner.explain import forcing_answer
    from planner.whatif import WhatIfs
    from support import small

    scenario = small().with_capacity_scaled(capacity)
    for x, factor in zip(small().initiatives, impacts, strict=True):
        scenario = scenario.with_impacts_scaled(x.id, factor)
    base = _optimum(scenario, chosen.replace(forecast_samples=0))
    assume(base is not None and base.solve.proven_optimal)
    context = WhatIfs(scenario, chosen, base)
    ids = [x.id for x in scenario.initiatives]
    plans = [plan for r in range(len(ids) + 1) for plan in itertools.combinations(ids, r)]

    def best(edits, with_it: str | None, without: str | None) -> float:
        values = (context.live.value(plan, edits) for plan in plans
                  if (with_it is None or with_it in plan) and without not in plan)
        return max((v for v in values if v is not None), default=float("-inf"))

    for x in scenario.initiatives:
        if x.id in base.selected or x.commit is not None:
            continue
        _, forced = forcing_answer(context, x.id)
        top = min(_impact_floor(context, x.id, forced), MAX_IMPACT_FACTOR)
        best_without = best(Edits(), None, x.id)
        for factor in {1.0, (1.0 + top) / 2, top}:
            scaled = Edits(impacts=((x.id, factor),))
            assert best(scaled, x.id, None) <= best_without + ENTERS, (x.id, factor, top)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dicts(max_initiatives=5, split=True), st.booleans())
def test_every_effort_break_even_is_the_largest_fraction_that_brings_it_in_against_brute_force(data, nearby):
    """With a split, less effort need not help (a band counts the initiative's own effort), so
    the effort break-even is stated as the largest fraction that brings a cut initiative in:
    brute force over every plan confirms it enters there, and at no hundredth of its effort from
    the stated other end up (none at all when it says no cut in its effort brings it in).
    `nearby`: the searches also try near their last witness first, as they do on scenarios of
    `NEIGHBOURHOOD_FROM` initiatives or more."""
    from unittest import mock

    from planner import explain as explaining
    from planner import forcing
    from support import HUNDREDTHS, brute_entering_fractions

    scenario = valid_scenario(data)
    base = _optimum(scenario)
    assume(base is not None and base.solve.proven_optimal)
    with mock.patch.object(forcing, "NEIGHBOURHOOD_FROM", 0 if nearby else forcing.NEIGHBOURHOOD_FROM):
        e = explaining.explain(scenario, Settings(objective="point", workers=1), base=base)
    for x in e.initiatives:
        if x.break_even is None:
            continue
        effort = x.break_even.effort
        assert effort.proven
        entering = brute_entering_fractions(scenario, x.initiative_id, HUNDREDTHS)
        assert not [g for g in entering if g >= effort.other_end - 1e-9]
        if effort.value is not None:
            fitted = scenario.with_effort_scaled(x.initiative_id, effort.value)
            assert brute_best(fitted, must=[x.initiative_id]) > brute_best(scenario, must_not=[x.initiative_id]) + 1e-7
