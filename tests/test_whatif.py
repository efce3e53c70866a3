"""The what-if machinery: worker processes, answers in order, and plan differences."""

from __future__ import annotations

from support import POINT, load
from planner.optimizer import Edits, optimize
from planner.whatif import WhatIfs, differences, parallel_map, solve_in_time


def _square(shared, item):
    return (shared or 0) + item * item


def test_parallel_map_keeps_order_in_processes_and_inline():
    seen = []
    assert parallel_map(_square, [1, 2, 3], workers=1, progress=lambda d, t: seen.append((d, t)), shared=10) == [11, 14, 19]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert parallel_map(_square, [1, 2, 3, 4], workers=2, shared=1) == [2, 5, 10, 17]


def test_differences():
    assert differences(["a", "b"], ["b", "c", "d"]) == (("c", "d"), ("a",))


def test_solve_in_time_tells_no_plan_from_not_known():
    scenario = load("onboarding-q3")
    context = WhatIfs(scenario, POINT, optimize(scenario, POINT))
    plan, known = solve_in_time(context.live, Edits(force_in=("sample-data",)))
    assert known and "sample-data" in plan.selected
    assert solve_in_time(context.live, Edits(force_in=("sso",))) == (None, True)  # no plan exists
    assert set(context.drop_values) == set(context.base.selected)
    hurried = WhatIfs(scenario, POINT.replace(whatif_time_limit=1e-9), context.base)
    assert hurried.live.time_limit == 1e-9  # every re-solve gets the what-if limit
