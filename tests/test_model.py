"""The domain: immutable values and the arithmetic they own."""

from __future__ import annotations

import pickle

import pytest

from support import load
from planner.model import Estimate, FrozenDict, Tier, frozen_map

ONBOARDING = load("onboarding-q3")


def test_estimates_and_key_results():
    assert Estimate(0, 5, 10).mean == 5 and Estimate(2, 2, 2).is_point and not Estimate(1, 2, 3).is_point
    kr = ONBOARDING.key_result("ttfv")  # 24 hours down to 0.25: a decreasing KR
    assert kr.gap < 0 and kr.progress(kr.gap / 2) == pytest.approx(0.5) and kr.attainment(2 * kr.gap) == 1.0
    assert kr.attainment(-kr.gap) == -1.0  # harm counts: attainment is not floored


def test_weights_are_normalized():
    assert sum(ONBOARDING.kr_weight(kr) for kr in ONBOARDING.key_results) == pytest.approx(1.0)


def test_scenarios_are_immutable_and_picklable():
    with pytest.raises(TypeError):
        ONBOARDING.initiative("tour").effort["growth"] = 1  # type: ignore[index]
    assert pickle.loads(pickle.dumps(ONBOARDING)) == ONBOARDING
    assert isinstance(frozen_map({"a": 1}), FrozenDict) and hash(frozen_map({"a": 1})) == hash(frozen_map({"a": 1}))


def test_variants_leave_the_scenario_untouched():
    more = ONBOARDING.with_capacity("growth", 50)
    assert more.team("growth").capacity == 50 and ONBOARDING.team("growth").capacity == 40
    assert ONBOARDING.with_capacity_scaled(0.5).total_capacity == ONBOARDING.total_capacity / 2
    scaled = ONBOARDING.with_impacts_scaled("tour", 2.0).initiative("tour")
    assert scaled.impacts["completion"].mean == 2 * ONBOARDING.initiative("tour").impacts["completion"].mean
    assert ONBOARDING.with_objective_weight("signin", 3).objective("signin").weight == 3


def test_requirements_are_transitive_and_exclusions_symmetric():
    assert "identity-api" in ONBOARDING.requirements("sso")
    assert "password-reset" in ONBOARDING.exclusive_with("magic-link")
    assert "magic-link" in ONBOARDING.exclusive_with("password-reset")
    assert {x.tier for x in ONBOARDING.initiatives} == set(Tier)
