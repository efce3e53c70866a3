"""Capacity frontiers and objective trade-offs."""

from __future__ import annotations

import pytest

from support import POINT, brute_best, load, small, synthetic
from planner.errors import InfeasibleError, ScenarioError
from planner.frontier import capacity_frontier, objective_tradeoff
from planner.settings import Settings


def test_frontier_is_monotone_marks_changes_and_matches_enumeration():
    scenario = small()
    f = capacity_frontier(scenario, None, 0.25, 1.5, 6, POINT)
    values = [p.value for p in f.points]
    assert all(b >= a - 1e-9 for a, b in zip(values, values[1:]))
    assert any(p.entering for p in f.points[1:])
    for p in f.points:
        best = brute_best(scenario.with_capacity_scaled(p.level))
        assert (p.value is None) == (best is None) and (best is None or p.value == pytest.approx(best, abs=1e-6))


def test_one_team_frontier_step_is_the_capacity_price():
    from planner.explain import explain

    scenario = small()
    e = explain(scenario, POINT)
    for c in e.capacity:
        capacity = scenario.team(c.team_id).capacity
        frontier = capacity_frontier(scenario, c.team_id, 1.0, (capacity + c.step) / capacity, 2, POINT)
        assert frontier.points[1].value - frontier.points[0].value == pytest.approx(c.gain.value, abs=1e-6)


def test_todays_level_is_the_plan_already_solved_not_a_second_solve(monkeypatch):
    """Given today's plan, the frontier takes it for the level at 100% (one computation for the
    plan a report shows and its frontier's point at today) and solves only the other levels,
    which stay what they were."""
    from planner import frontier
    from planner.optimizer import optimize

    scenario = small()
    today = optimize(scenario, POINT)
    solved, solve_level = [], frontier._solve_level
    monkeypatch.setattr(frontier, "_solve_level", lambda context, job: solved.append(job[1]) or solve_level(context, job))
    given = capacity_frontier(scenario, None, 0.5, 1.5, 5, POINT, today=today)
    assert solved == [0.5, 0.75, 1.25, 1.5]
    point = given.points[2]
    assert point.is_today and point.selected == today.selected and point.value == today.value and point.proven
    assert given.points[3].entering + given.points[3].leaving  # vs today's plan: the next level changes it
    alone = capacity_frontier(scenario, None, 0.5, 1.5, 5, POINT)
    assert [p.value for p in given.points] == pytest.approx([p.value for p in alone.points], abs=1e-9)
    assert [(p.entering, p.leaving) for p in given.points] == [(p.entering, p.leaving) for p in alone.points]


def test_tradeoff_pareto_points_are_not_dominated():
    t = objective_tradeoff(small(), "grow", "stable", 5, POINT)
    assert t.pareto
    for p in t.pareto:
        assert not any(q.score_a >= p.score_a and q.score_b >= p.score_b and
                       (q.score_a > p.score_a + 1e-9 or q.score_b > p.score_b + 1e-9) for q in t.points)


def test_frontiers_as_dataframes():
    scenario = load("onboarding-q3")
    frontier = capacity_frontier(scenario, None, 0.5, 1.5, 5, POINT)
    ft = frontier.table()
    assert list(ft.index) == [p.level for p in frontier.points] and ft["knee"].sum() <= 1
    tradeoff = objective_tradeoff(scenario, "onboarding", "signin", 3, POINT)
    tt = tradeoff.table()
    assert list(tt.columns[:2]) == ["onboarding", "signin"] and tt["pareto"].sum() == len(tradeoff.pareto)


def test_no_feasible_level_is_diagnosed():
    squeezed = load("onboarding-q3").with_capacity("platform", 1)
    with pytest.raises(InfeasibleError, match=r"\+6 person-weeks on platform"):
        capacity_frontier(squeezed, None, 0.5, 1.5, 3, POINT)
    with pytest.raises(InfeasibleError, match="the scenario at 10% of today's capacity"):
        capacity_frontier(load("onboarding-q3"), None, 0.0, 0.1, 2, POINT)


def test_bad_arguments_name_the_parameter():
    scenario = load("onboarding-q3")
    with pytest.raises(ScenarioError, match="team: there is no team `platfrom`. Did you mean `platform`?"):
        capacity_frontier(scenario, "platfrom", settings=POINT)
    with pytest.raises(ScenarioError, match="start/stop/steps"):
        capacity_frontier(scenario, None, 1.5, 0.5, settings=POINT)
    with pytest.raises(ScenarioError, match="between: there is no objective"):
        objective_tradeoff(scenario, "onboardng", "signin", settings=POINT)


def test_a_tradeoff_point_without_a_plan_in_time_is_shown_as_such():
    scenario = synthetic(200, 1)
    objectives = [o.id for o in scenario.objectives][:2]
    tradeoff = objective_tradeoff(scenario, *objectives, steps=2,
                                  settings=Settings(objective="point", workers=1, whatif_time_limit=1e-6))
    assert all(p.score_a is None and not p.proven and p.dominated for p in tradeoff.points)
    assert tradeoff.pareto == ()


def test_a_flat_tradeoff_says_why():
    """cloudsecure-q1: compliance is primary and ai-triage exploration, and the split holds each
    tier's share, so every weight gives the same scores; without the split they do trade off.
    The sentence names the cause only when it is the split's."""
    from planner import api
    from planner.phrasing import flat_tradeoff_sentence
    from planner.records import tradeoff_dict

    pinned = objective_tradeoff(load("cloudsecure-q1"), "compliance", "ai-triage", 5, Settings())
    assert pinned.is_flat and pinned.tiers[0].value == "primary" and pinned.split_on
    why = flat_tradeoff_sentence(pinned)
    assert "primary work" in why and "exploration work" in why and "`split: off`" in why
    assert tradeoff_dict(pinned)["why_flat"] == why
    free = objective_tradeoff(api.load("scenarios/cloudsecure-q1.yaml", ("split=off",)).scenario,
                              "compliance", "ai-triage", 5, Settings())
    assert not free.is_flat and flat_tradeoff_sentence(free) is None
    assert not objective_tradeoff(load("onboarding-q3"), "onboarding", "signin", 5, POINT).is_flat  # 48.9% -> 54.8%


def test_todays_capacity_is_marked():
    from rich.console import Console

    from planner.views import frontier_view

    f = capacity_frontier(small(), None, 0.5, 1.5, 3, POINT)
    assert [p.is_today for p in f.points] == [False, True, False]
    console = Console(width=200, record=True)
    console.print(frontier_view(f))
    assert "100% (today)" in console.export_text()
