"""The best distinct plans, against enumeration, headlined as `plan` headlines its plan."""

from __future__ import annotations

import pytest

from support import POINT, feasible_selections, load, small
from planner import api
from planner.alternatives import alternatives
from planner.evaluation import evaluate
from planner.settings import Settings


def test_alternatives_match_enumeration():
    scenario = small()
    found = alternatives(scenario, k=4, settings=POINT)
    scores = sorted((evaluate(scenario, s).score for s in feasible_selections(scenario)), reverse=True)
    assert [a.plan.value for a in found] == pytest.approx(scores[:4], abs=1e-6)
    assert len({a.plan.selected for a in found}) == 4
    assert [a.rank for a in found] == [1, 2, 3, 4] and found[0].behind == 0


def test_within_stops_at_plans_too_far_behind():
    found = alternatives(small(), k=10, within=0.0, settings=POINT)
    assert all(a.behind <= 1e-12 for a in found)


def test_alternatives_headline_the_same_expected_score_as_plan():
    """The first alternative is `plan`'s plan, and its headline is `plan`'s: both are forecast on
    the same fresh samples (they differed by the optimizer's in-sample value before)."""
    path = load("cloudsecure-q1")
    settings = Settings(workers=1, forecast_samples=2_000, samples=60)
    found = api.alternatives(path, k=3, settings=settings)
    best = api.plan(path, settings)
    assert found[0].plan.selected == best.plan.selected
    assert found[0].headline == best.headline
    assert found[0].headline != found[0].plan.value  # in-sample and fresh values differ here
    assert [a.forecast.samples for a in found] == [2_000] * 3
    none = api.alternatives(path, k=1, settings=settings.replace(forecast_samples=0))
    assert none[0].forecast is None and none[0].headline == none[0].plan.score
