"""Monte Carlo forecasts and the sample-average objective."""

from __future__ import annotations

import numpy as np
import pytest

from support import SCENARIOS, load
from planner import api
from planner.evaluation import evaluate
from planner.forecast import SampleSet, forecast
from planner.loading import load_scenario
from planner.optimizer import optimize
from planner.settings import Settings
from planner.validation import build_scenario


def one_initiative(impact, confidence=1.0, gap=8.0, trend=None) -> dict:
    kr = {"id": "k", "title": "k", "baseline": 0, "target": gap}
    if trend is not None:
        kr["trend"] = trend
    return {"version": 1, "name": "one", "split": "off", "teams": {"t": {"capacity": 10}},
            "objectives": [{"id": "o", "title": "o", "tier": "primary", "key_results": [kr]}],
            "initiatives": [{"id": "x", "title": "x", "effort": {"t": 1}, "impacts": {"k": impact},
                             "confidence": confidence}]}


@pytest.mark.parametrize("confidence", [1.0, 0.6])
def test_forecast_matches_the_closed_form(confidence):
    # Impact PERT(0, 5, 10) = 10 * Beta(3, 3); attainment = min(1, X / 8).
    from scipy import integrate, stats  # a second to import: only where it is the oracle

    scenario = build_scenario(one_initiative({"low": 0, "likely": 5, "high": 10}, confidence))
    f = forecast(scenario, ["x"], samples=20_000, seed=1)
    beta = stats.beta(3, 3, scale=10)
    expected, _ = integrate.quad(lambda x: min(1.0, x / 8) * beta.pdf(x), 0, 10)
    got = f.key_result("k")
    assert got.p_success == pytest.approx(confidence * beta.sf(0.7 * 8), abs=0.015)
    assert got.p_target == pytest.approx(confidence * beta.sf(8), abs=0.01)
    assert f.expected_score == pytest.approx(confidence * expected, abs=0.01)
    # Capping makes the expectation of attainment lower than the attainment of the expectation.
    assert f.expected_score < confidence * min(1.0, 5 / 8) + 0.01


def test_pert_draws_match_scipy():
    from scipy import stats

    scenario = build_scenario(one_initiative({"low": -2, "likely": 1, "high": 10}))
    idx, progress = SampleSet(scenario, 50_000, seed=3).initiative(scenario.initiative("x"))
    draws = progress[:, 0] * 8  # back to units
    alpha, beta = 1 + 4 * 3 / 12, 1 + 4 * 9 / 12
    assert stats.kstest(draws, stats.beta(alpha, beta, loc=-2, scale=12).cdf).pvalue > 0.001


def test_confidence_zero_removes_the_effect():
    scenario = build_scenario(one_initiative({"low": 1, "likely": 4, "high": 6}, confidence=0.0))
    f = forecast(scenario, ["x"], samples=2000)
    assert f.expected_score == 0 and f.key_result("k").p_success == 0


def test_trend_moves_a_kr_without_any_initiative():
    scenario = build_scenario(one_initiative(1, trend={"low": 1, "likely": 2, "high": 3}))
    f = forecast(scenario, [], samples=5000)
    assert f.key_result("k").attainment.mean == pytest.approx(2 / 8, abs=0.01)


def test_same_seed_same_forecast_and_other_seed_differs():
    s = load("cloudsecure-q1")
    ids = [x.id for x in s.initiatives][:5]
    a, b = forecast(s, ids, samples=3000, seed=5), forecast(s, ids, samples=3000, seed=5)
    assert np.array_equal(a.score_samples, b.score_samples)
    assert not np.array_equal(a.score_samples, forecast(s, ids, samples=3000, seed=6).score_samples)


def test_draws_are_common_across_plans():
    """Adding an initiative never changes the draws of another (per-initiative streams)."""
    s = load("cloudsecure-q1")
    one = SampleSet(s, 500, seed=2)
    first = one.initiative(s.initiatives[3])[1].copy()
    other = SampleSet(s, 500, seed=2)
    for x in s.initiatives:
        other.initiative(x)
    assert np.array_equal(first, other.initiative(s.initiatives[3])[1])


def test_zero_spread_reduces_to_the_point_model():
    # All points, confidence 1, no trend: every sample is the expectation.
    data = {"version": 1, "name": "points", "split": "off", "teams": {"t": {"capacity": 10}},
            "objectives": [{"id": "o", "title": "o", "tier": "primary", "key_results": [
                {"id": f"k{i}", "title": "k", "baseline": 0, "target": 10} for i in range(3)]}],
            "initiatives": [{"id": f"x{j}", "title": "x", "effort": {"t": 2 + j % 3},
                             "impacts": {f"k{j % 3}": 2 + j, f"k{(j + 1) % 3}": 1}} for j in range(8)]}
    s = build_scenario(data)
    point = optimize(s, Settings(objective="point"))
    sampled = optimize(s, Settings(samples=20))
    assert sampled.in_sample_value == pytest.approx(point.score, abs=1e-9)
    assert sampled.score == pytest.approx(point.score, abs=1e-9)
    f = forecast(s, point.selected, samples=100)
    assert f.score.p10 == pytest.approx(f.score.p90) == pytest.approx(point.score)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_sampled_plan_is_best_on_its_own_samples(path):
    s = load_scenario(path)
    sampled = optimize(s, Settings(samples=100, seed=4))
    point = optimize(s, Settings(objective="point"))
    same = SampleSet(s, 100, seed=4, purpose=1)
    assert sampled.evaluation.feasible
    assert sampled.in_sample_value == pytest.approx(same.scores(sampled.selected).mean(), abs=1e-9)
    assert sampled.in_sample_value >= same.scores(point.selected).mean() - 1e-4 * sampled.in_sample_value


def test_cautious_raises_the_worst_outcomes():
    s = load("multi-team-q4")  # multi-team-q4: the cautious plan differs
    neutral, cautious = optimize(s, Settings(samples=100)), optimize(s, Settings(samples=100, risk="cautious"))
    fresh = SampleSet(s, 5000, seed=9)
    worst = lambda sel: np.sort(fresh.scores(sel))[:1000].mean()  # noqa: E731
    assert worst(cautious.selected) >= worst(neutral.selected) - 0.005
    assert fresh.scores(neutral.selected).mean() >= fresh.scores(cautious.selected).mean() - 0.005


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_forecast_of_the_optimal_plan_on_every_bundled_scenario(path):
    f, loaded = api.forecast_plan(path, None, Settings(objective="point", forecast_samples=2000))
    assert loaded.path == path and f.samples == 2000
    assert evaluate(loaded.scenario, f.selected).feasible
    assert 0 <= f.score.p10 <= f.expected_score <= f.score.p90 + 1e-9 or f.score.p10 == f.score.p90


def test_forecast_is_deterministic_and_seeded():
    args = ("scenarios/cloudsecure-q1.yaml", ["alert-dedup", "report-engine"])
    first, _ = api.forecast_plan(*args, Settings(forecast_samples=3000))
    second, _ = api.forecast_plan(*args, Settings(forecast_samples=3000))
    assert first.selected == ("report-engine", "alert-dedup")
    assert np.array_equal(first.score_samples, second.score_samples)
    other, _ = api.forecast_plan(*args, Settings(forecast_samples=3000, seed=1))
    assert not np.array_equal(first.score_samples, other.score_samples)


def test_the_sampled_plan_beats_the_point_plan_on_fresh_samples():
    result = api.plan("scenarios/cloudsecure-q1.yaml", Settings(forecast_samples=3000))
    assert result.plan.objective == "expected" and result.forecast.samples == 3000
    assert result.point_plan is not None and result.point_plan.selected != result.plan.selected
    assert result.headline > result.expected(result.point_plan.selected)


@pytest.mark.parametrize("count, confidence, expected", [(1, 1.0, 0.621), (2, 1.0, 0.956), (2, 0.6, 0.642)])
def test_the_stacking_example_in_docs_model(count, confidence, expected):
    data = one_initiative({"low": 0, "likely": 5, "high": 10}, confidence)
    data["initiatives"] = [dict(data["initiatives"][0], id=f"x{i}") for i in range(count)]
    s = build_scenario(data)
    f = forecast(s, [x.id for x in s.initiatives], samples=50_000, seed=11)
    assert f.expected_score == pytest.approx(expected, abs=0.005)


def test_plan_contributions_are_on_the_headline_measure():
    # They were the attainment of expected impacts next to a headline of expected attainment.
    result = api.plan("scenarios/cloudsecure-q1.yaml", Settings(forecast_samples=2000))
    scenario, selected = result.scenario, result.plan.selected
    shared = SampleSet(scenario, 2000, 0)
    for i in selected:
        rest = [j for j in selected if j != i]
        lost = forecast(scenario, selected, sample_set=shared).expected_score - forecast(
            scenario, rest, sample_set=shared).expected_score
        assert result.contribution(i) == pytest.approx(lost, abs=1e-12)
    point = api.plan("scenarios/cloudsecure-q1.yaml", Settings(forecast_samples=0))
    i = selected[0]
    assert point.contribution(i) == pytest.approx(
        point.plan.score - evaluate(scenario, [j for j in point.plan.selected if j != i]).score)
