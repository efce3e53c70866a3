"""Result types: the one headline rule, statuses, and the DataFrames notebooks read."""

from __future__ import annotations

import pytest

from support import POINT, load
from planner import api
from planner.results import Bounded, SolveReport, SolveStatus, headline_measure, headline_score


def test_solve_statuses():
    assert [s for s in SolveStatus if s.is_ok] == [SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT]
    assert all(member.__doc__ for member in SolveStatus)  # each says what it means
    loose = SolveReport(SolveStatus.OPTIMAL, "highs", 0.03, 1.0, 0.0, 0.0, requested_gap=0.5)
    assert not loose.proven_optimal  # "optimal" within a 50% gap is not the optimum
    assert SolveReport(SolveStatus.OPTIMAL, "cbc", None, None, 0.0, 0.0).proven_optimal
    assert not SolveReport(SolveStatus.TIME_LIMIT, "highs", 0.0, 1.0, 0.0, 0.0).proven_optimal


def test_one_headline_rule():
    result = api.plan(load("onboarding-q3"), POINT.replace(forecast_samples=800))
    assert result.headline == result.forecast.expected_score == headline_score(result.forecast, result.plan.score)
    assert result.measure == headline_measure(result.forecast) == "expected KR attainment"
    without = api.plan(load("onboarding-q3"), POINT.replace(forecast_samples=0))
    assert without.headline == without.plan.score and without.measure == "attainment of expected impacts"


def test_roadmap_result_measures_both_alike():
    r = api.evaluate_roadmap(load("onboarding-q3"), ["tour"], POINT.replace(forecast_samples=800))
    assert r.headline == r.forecast.expected_score and r.optimum_headline == r.optimum_forecast.expected_score
    assert r.gap_to_optimum == pytest.approx(r.optimum_headline - r.headline)


def test_dataframes_for_notebooks():
    result = api.plan(load("onboarding-q3"), POINT.replace(forecast_samples=800))
    assert list(result.initiatives.index) == [x.id for x in result.scenario.initiatives]
    assert result.initiatives["selected"].sum() == 9
    assert result.initiatives.loc["tour", "contribution"] == result.contribution("tour")
    assert {"expected_attainment", "p10", "p90", "p_reach_70"} <= set(result.key_results.columns)
    assert result.teams.loc["growth", "used"] == 39 and result.objectives.loc["onboarding", "tier"] == "primary"


def test_bounded_value():
    assert Bounded(0.1).proven and not Bounded(0.1, 0.2, proven=False).proven
