"""The rest of the quarter as a scenario: week 0 gives the plan back, spent effort is charged once,
and the re-plan is the best over the choices left (checked by enumeration written from the rules)."""

from __future__ import annotations

import dataclasses
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import scenario_dicts, valid_scenario
from support import POINT, SMALL, small

from planner.checkin import CheckIn, Progress, Status
from planner.model import TIERS, frozen_map
from planner.optimizer import optimize
from planner.quarter import rest_of_quarter
from planner.validation import check_scenario


@settings(max_examples=25, deadline=None)
@given(scenario_dicts(max_initiatives=8))
def test_a_check_in_at_week_zero_with_nothing_started_plans_the_original_plan(data):
    from planner.errors import InfeasibleError

    scenario = valid_scenario(data)
    rest = rest_of_quarter(scenario, CheckIn(week=0))
    assert dataclasses.replace(rest.scenario, name=scenario.name) == scenario
    try:
        original = optimize(scenario, POINT).selected
    except InfeasibleError:
        return
    assert rest.chosen(optimize(rest.scenario, POINT).selected) == original


def _checkin(statuses: dict[str, Status], spent_share: float = 0.5) -> CheckIn:
    s = small()
    progress = {}
    for i, status in statuses.items():
        x = s.initiative(i)
        spent = {t: e * (1.0 if status is Status.DONE else spent_share) for t, e in x.effort.items()}
        remaining = {t: e - spent[t] for t, e in x.effort.items()} if status is Status.IN_PROGRESS else None
        progress[i] = Progress(status, frozen_map(spent), None if remaining is None else frozen_map(remaining))
    return CheckIn(week=6, key_results=frozen_map({"signups": 130.0}), initiatives=frozen_map(progress))


def test_spent_effort_is_charged_once_and_stopping_frees_exactly_what_remains():
    s = small()
    c = _checkin({"ads": Status.DONE, "cache": Status.IN_PROGRESS, "pilot": Status.DROPPED})
    rest = rest_of_quarter(s, c)
    check_scenario(rest.scenario)
    sunk = {t: sum(x.effort.get(t, 0) for x in rest.scenario.initiatives if x.id in rest.sunk_blocks) for t in ("web", "platform")}
    assert sunk == {"web": 4 + 1, "platform": 2}  # ads (done) 4, pilot (dropped) half of 2, cache half of 4
    assert dict(rest.scenario.initiative("cache").effort) == {"platform": 2}  # only what remains
    assert {"ads", "pilot"}.isdisjoint(rest.candidates)  # done and dropped are no longer choices
    assert rest.scenario.initiative("pilot-2").commit.value == "out"  # it needs the dropped pilot
    remaining = rest_of_quarter(s, c, split_over="remaining")
    assert [t.capacity for t in remaining.scenario.teams] == [14 - 5, 9 - 2] and not remaining.sunk_blocks


def _brute_replan(c: CheckIn) -> float:
    """The best whole-quarter attainment of expected impacts over the choices left, from the
    rules alone: spent effort counts once against the quarter's capacity, in-progress work costs
    what remains, the split is judged on the whole quarter's effort, done work is in the numbers."""
    s = small()
    status = {x.id: c.progress(x.id).status for x in s.initiatives}
    spent = {t.id: sum(c.progress(x.id).spent.get(t.id, 0) for x in s.initiatives) for t in s.teams}
    spent_tier = {tier: sum(c.progress(x.id).total_spent for x in s.initiatives if x.tier is tier) for tier in TIERS}
    choices = [x for x in s.initiatives if status[x.id] in (Status.NOT_STARTED, Status.IN_PROGRESS)]
    gone = {i for i, st in status.items() if st is Status.DROPPED}
    best = None
    for r in range(len(choices) + 1):
        for subset in itertools.combinations(choices, r):
            ids = {x.id for x in subset}

            def cost(x, team):
                p = c.progress(x.id)
                return p.remaining.get(team, 0) if p.status is Status.IN_PROGRESS else x.effort.get(team, 0)

            if any(spent[t.id] + sum(cost(x, t.id) for x in subset) > t.capacity + 1e-9 for t in s.teams):
                continue
            if any(set(x.requires) & gone or (set(x.requires) - ids - {i for i, st in status.items() if st is Status.DONE})
                   for x in subset):
                continue
            present = ids | {i for i, st in status.items() if st is Status.DONE}
            if any(a in present and b in present for x in s.initiatives for a, b in ((x.id, e) for e in x.excludes)):
                continue
            by_tier = {tier: spent_tier[tier] + sum(cost(x, t.id) for x in subset if x.tier is tier for t in s.teams)
                       for tier in TIERS}
            total = sum(by_tier.values())
            if total and any(not s.split.band(t)[0] - 1e-9 <= by_tier[t] / total <= s.split.band(t)[1] + 1e-9
                             for t in TIERS):
                continue
            value = 0.0
            for kr in s.key_results:
                done = sum(x.expected_impact(kr.id) for x in s.initiatives if status[x.id] is Status.DONE)
                now = c.key_results[kr.id] - kr.baseline if kr.id in c.key_results else done
                change = now + sum(x.expected_impact(kr.id) for x in subset)
                value += s.kr_weight(kr) * kr.attainment(change)
            best = value if best is None else max(best, value)
    return best


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list(Status)), min_size=len(SMALL["initiatives"]), max_size=len(SMALL["initiatives"])))
def test_the_replan_is_the_best_over_the_choices_left(statuses):
    from planner.errors import InfeasibleError
    from planner.evaluation import evaluate

    c = _checkin({x["id"]: st for x, st in zip(SMALL["initiatives"], statuses) if st is not Status.NOT_STARTED})
    spent = {t: sum(p.spent.get(t, 0) for p in c.initiatives.values()) for t in ("web", "platform")}
    if spent["web"] > 14 or spent["platform"] > 9:
        return  # validation refuses such a check-in
    best = _brute_replan(c)
    rest = rest_of_quarter(small(), c)
    try:
        plan = optimize(rest.scenario, POINT)
    except InfeasibleError:
        assert best is None
        return
    assert best is not None and abs(evaluate(rest.scenario, plan.selected).score - best) < 1e-6
