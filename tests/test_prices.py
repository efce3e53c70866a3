"""Prices of capacity and of policies (the split, commitments, guardrails), checked against brute
force on a scenario small enough to enumerate."""

from __future__ import annotations

import dataclasses

import pytest

from support import POINT, brute_best, load, small
from planner.explain import explain
from planner.optimizer import optimize
from planner.prices import CapacityPrice


def test_capacity_prices_equal_enumeration(explained):
    scenario, e = explained
    for c in e.capacity:
        assert c.proven and c.gain.value >= 0 and (c.loss.value is None or c.loss.value >= 0)
        capacity = scenario.team(c.team_id).capacity
        more, less = capacity + c.step, capacity - c.step  # the step: a typical initiative's effort on the team
        assert brute_best(scenario.with_capacity(c.team_id, more)) == pytest.approx(e.base.value + c.gain.value, abs=1e-6)
        if less >= 0:
            assert brute_best(scenario.with_capacity(c.team_id, less)) == pytest.approx(e.base.value - c.loss.value, abs=1e-6)


def test_policy_prices_equal_enumeration(explained):
    scenario, e = explained
    split = next(p for p in e.policies if p.policy == "split")
    assert split.cost.value == pytest.approx(brute_best(dataclasses.replace(scenario, split=None)) - e.base.value, abs=1e-6)


def test_capacity_prices_show_the_whole_change_of_plan():
    """One more week on compliance swaps initiatives (three in, two out); only those entering
    were shown, and the report printed "-" for what leaves."""
    scenario = load("cloudsecure-q1")
    e = explain(scenario, POINT)
    base = set(e.base.selected)
    for c in e.capacity:
        team = scenario.team(c.team_id)
        more = optimize(scenario.with_capacity(c.team_id, team.capacity + c.step), POINT)
        assert set(more.selected) == (base - set(c.leaving_with_more)) | set(c.entering)
        less = optimize(scenario.with_capacity(c.team_id, team.capacity - c.step), POINT)
        assert set(less.selected) == (base - set(c.leaving)) | set(c.entering_with_less)
    compliance = next(c for c in e.capacity if c.team_id == "compliance")
    assert compliance.entering and compliance.leaving_with_more  # pinned: a swap, not only additions


def test_capacity_price_of_a_team_with_less_than_a_step():
    e = explain(small(), POINT, capacity_step=100.0)
    assert all(isinstance(c, CapacityPrice) and c.loss.value is None for c in e.capacity)
