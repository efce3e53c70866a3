"""How far the targets go with unlimited capacity: exact against brute force, and said."""

from __future__ import annotations

import pytest

from planner.evaluation import evaluate
from planner.loading import load_scenario


def test_the_reach_names_the_targets_no_plan_reaches_and_is_exact():
    """With unlimited capacity: the best plan's attainment equals brute force over every selection
    meeting the constraints that stay (capacity and split lifted), and each KR's most equals brute
    force on that KR alone; plan, its sentence and its record say them."""
    from itertools import combinations

    from support import small
    from planner import api
    from planner.phrasing import reach_sentence
    from planner.reach import reach, unlimited
    from planner.records import plan_dict
    from planner.settings import Settings

    scenario = small()  # `sharding` and `cache` both cut incidents and exclude each other
    found = reach(scenario, Settings(objective="point"))
    free = unlimited(scenario)
    ids = [x.id for x in scenario.initiatives]
    feasible = [e for r in range(len(ids) + 1) for subset in combinations(ids, r)
                if (e := evaluate(free, subset)).feasible]
    assert found.score == pytest.approx(max(e.score for e in feasible), abs=1e-9)
    for k in found.key_results:
        assert k.exact and k.attainment == pytest.approx(
            max(e.outcome(k.key_result_id).attainment for e in feasible), abs=1e-9)
    onboarding = load_scenario("scenarios/onboarding-q3.yaml")
    sentence = reach_sentence(reach(onboarding, Settings(objective="point")))
    assert "`ttfv` 64.7%" in sentence and "and 1 more" in sentence and "the best plan then attains 69.1%" in sentence
    record = plan_dict(api.plan(onboarding, Settings(objective="point", forecast_samples=0)))
    assert record["reach"]["attainment_at_most"] == pytest.approx(0.6911, abs=1e-4) and sentence in record["warnings"]
    assert record["attainment_of_expected_impacts"] <= record["reach"]["attainment_at_most"]


def test_the_reach_settles_a_kr_whose_movers_exclude_each_other():
    """cloudsecure-q1: `ml-scoring` and `ml-vendor` both cut false positives and exclude each
    other, so funding every mover is impossible; the reach solves that KR alone and finds less
    than the fast ceiling."""
    from planner.evaluation import attainment_ceiling
    from planner.reach import reach
    from planner.settings import Settings

    scenario = load_scenario("scenarios/cloudsecure-q1.yaml")
    fast = {o.key_result.id: o.attainment for o in attainment_ceiling(scenario).key_results}
    exact = {k.key_result_id: k for k in reach(scenario, Settings(objective="point")).key_results}
    assert exact["false-positives"].exact and exact["false-positives"].attainment < fast["false-positives"] - 0.01
