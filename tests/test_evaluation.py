"""The evaluator's arithmetic, checked by hand on the onboarding scenario."""

from __future__ import annotations

import pytest

from support import ROOT
from planner.errors import ScenarioError
from planner.evaluation import evaluate
from planner.loading import load_scenario

S = load_scenario(ROOT / "scenarios" / "onboarding-q3.yaml")


def test_single_initiative_by_hand():
    e = evaluate(S, ["tour"])
    # tour: completion PERT mean (5 + 4*8 + 10)/6 = 7.8333 of a 17-point gap; nps 4 of 28;
    # new-user-tickets -40 of -200. Eight KRs; objective weights 1, 1, 0.5 -> total weight 7.
    completion = (47 / 6) / 17
    assert e.outcome("completion").attainment == pytest.approx(completion)
    assert e.outcome("nps").attainment == pytest.approx(4 / 28)
    assert e.outcome("new-user-tickets").attainment == pytest.approx(0.2)
    assert e.score == pytest.approx((completion + 4 / 28 + 0.2) / 7)
    assert e.objective_scores["onboarding"] == pytest.approx((completion + 4 / 28 + 0.2) / 4)
    assert e.team_use["growth"] == 6 and e.team_use["platform"] == 0


def test_confidence_scales_the_expected_impact():
    e = evaluate(S, ["sso", "identity-api"])
    # sso: completion mean 4.8333 x 0.8 confidence; first-login 6 x 0.8 + identity-api 2.
    assert e.outcome("completion").change == pytest.approx((2 + 20 + 7) / 6 * 0.8)
    assert e.outcome("first-login").change == pytest.approx(6 * 0.8 + 2)
    assert e.outcome("auth-tickets").change == pytest.approx(-30 * 0.8)  # -20% of 150


def test_attainment_is_capped_but_not_floored():
    e = evaluate(S, ["tour", "progress-bar", "verification", "welcome-emails", "mobile-signup"])
    assert e.outcome("completion").progress > 1 and e.outcome("completion").attainment == 1
    harmed = evaluate(S, ["onboarding-calls"])  # adds 0.4 calls per account: the wrong way
    assert harmed.outcome("setup-sessions").attainment == pytest.approx(-0.5)


def test_every_violation_is_named():
    e = evaluate(S, ["sso", "magic-link", "password-reset", "setup-wizard", "sample-data", "identity-api",
                     "mfa-recovery"])
    names = {v.constraint for v in e.violations}
    assert {"capacity[platform]", "excludes[magic-link|password-reset]", "commit[mobile-signup]",
            "split[secondary]"} <= names
    assert not e.feasible


def test_empty_selection_scores_zero_and_breaks_only_the_commitment():
    e = evaluate(S, [])
    assert e.score == 0
    assert [v.constraint for v in e.violations] == ["commit[mobile-signup]"]


def test_unknown_id_is_a_user_error():
    with pytest.raises(ScenarioError, match="Did you mean `tour`"):
        evaluate(S, ["toru"])


def test_contributions_equal_dropping_each_initiative_alone():
    from support import SCENARIOS
    from planner.evaluation import contributions
    from planner.optimizer import optimize
    from planner.settings import Settings

    for path in SCENARIOS:
        scenario = load_scenario(path)
        plan = optimize(scenario, Settings(objective="point"))
        found = contributions(plan.evaluation)
        assert set(found) == set(plan.selected)
        for i in plan.selected:
            alone = plan.score - evaluate(scenario, [j for j in plan.selected if j != i]).score
            assert found[i] == pytest.approx(alone, abs=1e-12)


def test_no_selection_attains_more_than_the_ceiling():
    """Brute force over every selection (feasible or not) of the small quarter: no KR and no score
    goes above the ceiling, and the ceiling is met where nothing is left aside."""
    from itertools import combinations

    from support import small
    from planner.evaluation import attainment_ceiling

    scenario = small()
    ceiling = attainment_ceiling(scenario)
    top = {o.key_result.id: o.attainment for o in ceiling.key_results}
    ids = [x.id for x in scenario.initiatives]
    best = dict.fromkeys(top, -1.0)
    for r in range(len(ids) + 1):
        for subset in combinations(ids, r):
            e = evaluate(scenario, subset)
            assert e.score <= ceiling.score + 1e-12
            for o in e.key_results:
                assert o.attainment <= top[o.key_result.id] + 1e-12
                best[o.key_result.id] = max(best[o.key_result.id], o.attainment)
    assert best == pytest.approx(top)  # no exclusion or side effect binds in this scenario's KRs
