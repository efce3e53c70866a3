"""Explanations put together: every initiative and price, under a budget the margin first, answers streamed
as they settle, ranges where a re-solve is cut short; checked against brute force on a small scenario."""

from __future__ import annotations


import pytest

from support import HUNDREDTHS, POINT, brute_best, brute_enters, brute_entering_fractions, load, synthetic
from planner.errors import InfeasibleError
from planner.break_even import EFFORT_PRECISION
from planner.explain import explain
from planner.optimizer import Edits, optimize
from planner.settings import Settings


def test_an_initiative_the_plan_cannot_lose_names_what_needs_it():
    cloudsecure = load("cloudsecure-q1")
    pilot = explain(cloudsecure, POINT, "ai-triage-pilot").initiative("ai-triage-pilot")
    assert "split[exploration]" in pilot.needed_by
    with pytest.raises(InfeasibleError):  # the claim holds: no plan without it
        optimize(cloudsecure, POINT, Edits(force_out=("ai-triage-pilot",)))


def test_explanations_as_dataframes():
    e = explain(load("onboarding-q3"), POINT)
    table = e.table()
    assert list(table.index) == [x.initiative_id for x in e.initiatives]
    sso, tour = e.initiative("sso"), e.initiative("tour")
    assert table.loc["tour", "cost"] == tour.counterfactual.cost.value and bool(table.loc["tour", "selected"])
    assert table.loc["sso", "effort_break_even"] == sso.break_even.effort.value
    assert table.loc["sso", "blockers"] == ", ".join(v.constraint for v in sso.blockers)
    prices = e.prices()
    assert prices.loc["drop split", "value"] == e.policies[0].cost.value
    assert len(prices) == 2 * len(e.capacity) + len(e.policies)
    assert not (prices["value"].astype(float).map(str) == "-0.0").any()


def test_what_ifs_cut_short_by_the_time_limit_report_proven_ranges():
    # The base is proven; each what-if gets a microsecond, too little to prove anything on any machine.
    scenario = synthetic(80, 0)
    settings = Settings(objective="point", workers=1, whatif_time_limit=1e-6)
    base = optimize(scenario, settings)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:2]
    explained = [explain(scenario, settings, initiative=i, base=base) for i in [*cut, base.selected[0]]]
    for e in explained:
        x = e.initiatives[0]
        c = x.counterfactual
        assert not c.proven
        if c.value is not None:
            assert c.cost.other_end is not None and 0 <= c.cost.other_end <= c.cost.value + 1e-9
        b = x.break_even
        if b is not None:
            assert b.impact.value is None or b.impact.other_end < b.impact.value
            assert b.effort.value is None or b.effort.value < b.effort.other_end
        assert e.unsettled > 0


@pytest.mark.parametrize("tier", ["quick", "neighbourhood-starts", "plans-only"])
def test_past_the_budget_each_range_holds_the_true_forcing_cost_and_the_margin_comes_first(explained, tier,
                                                                                           monkeypatch):
    """The budget's time for full re-solves spent at once: the prices are answered, every
    initiative gets the range the LP screen and a quick re-solve's plan prove, and brute force
    lies inside each range; also when each re-solve starts from its neighbourhood's best plan
    (as on large scenarios), and when not even the quick re-solves fit (each range from the LP
    screen to a plan found without one)."""
    from planner import explain as explaining
    from planner import forcing, whatif

    if tier != "quick":
        monkeypatch.setattr(forcing, "NEIGHBOURHOOD_FROM", 0)
    if tier == "plans-only":  # as if the quick re-solves after each question no longer fitted
        monkeypatch.setattr(whatif.WhatIfs, "quick_solve_fits", lambda self, quick_after: False)
    monkeypatch.setattr(explaining, "BREAK_EVEN_SHARE", 1.0)
    scenario, exact = explained
    e = explain(scenario, POINT.replace(explain_budget=60))
    best = brute_best(scenario)
    for x in e.initiatives:
        forced = brute_best(scenario, must_not=[x.initiative_id]) if x.selected else brute_best(
            scenario, must=[x.initiative_id])
        cost = x.counterfactual.cost
        if forced is None:
            assert cost.value is None  # no plan that way: none found, and none claimed
            continue
        truth = best - forced
        assert not cost.proven or cost.value == pytest.approx(truth, abs=1e-6)
        assert cost.other_end is None or cost.other_end <= truth + 1e-6  # the LP's least cost is a lower bound
        assert cost.value is None or cost.value >= truth - 1e-6  # a feasible plan's loss is an upper bound
    assert [p.team_id for p in e.capacity] == [p.team_id for p in exact.capacity]
    for price in e.capacity:  # a quick re-solve each: to the gap if it ends in time, else a range; brute force inside
        team = scenario.team(price.team_id)
        truth = max(0.0, brute_best(scenario.with_capacity(team.id, team.capacity + price.step)) - best)
        gain = price.gain
        assert gain.value is None or gain.value <= truth + 1e-9  # a plan found gains no more than the best one
        if gain.proven:  # proven to the requested gap (two runs may settle on different plans inside it)
            assert gain.value >= truth - POINT.gap * best - 1e-9
        else:
            assert gain.other_end is None or gain.other_end >= truth - 1e-9
    assert [x.initiative_id for x in e.initiatives] == [x.initiative_id for x in exact.initiatives]  # scenario order


def test_past_the_budget_each_break_even_range_holds_by_brute_force(explained, monkeypatch):
    """A budget spent at once (and time left for what needs no search): each cut initiative
    still gets its break-evens, exact where the LP settles them and otherwise the range the
    plans known with it prove (one of them beats the plan at that factor, or that effort);
    brute force agrees with every end."""
    from planner import explain as explaining

    monkeypatch.setattr(explaining, "SCREENED_SHARE", 1e12)
    scenario, exact = explained
    e = explain(scenario, POINT.replace(explain_budget=1e-9))
    ranged = 0
    for x, full in zip(e.initiatives, exact.initiatives):
        if x.break_even is None:
            continue
        i, b = x.initiative_id, x.break_even
        assert not brute_enters(scenario, i)  # cut today: it stays out at its estimate and its effort
        if b.effort.value is not None:
            assert brute_enters(scenario.with_effort_scaled(i, b.effort.value), i)
            assert b.effort.value <= full.break_even.effort.value + EFFORT_PRECISION  # below the settled answer
        elif b.effort.proven:  # no cut in its effort brings it in, not even none
            assert brute_entering_fractions(scenario, i, HUNDREDTHS) == []
        if b.impact.value is not None:
            assert brute_enters(scenario.with_impacts_scaled(i, b.impact.value), i)
        elif b.impact.proven:
            assert full.break_even.impact.value is None  # not within 20x, as the full search says
        ranged += (b.effort.value is not None) + (b.impact.value is not None)
    assert ranged > 0  # the known plans bound some of them (before, every one was left unsettled)


def test_past_the_whole_budget_only_what_the_lp_screen_proved_and_no_solve(explained, monkeypatch):
    """Past the budget and its share for screened break-evens, nothing is solved any more (a
    thousand quick re-solves, or forty teams' prices, would overrun any budget): each forcing
    cost is at least the LP screen's least cost, which brute force confirms, and the
    break-evens and the prices stay unsettled. Nor is a cut one's plan evaluated with it added
    (its blockers are "not checked"): at N = 5,000 those evaluations alone took 112 s past a
    30 s budget. Streamed, a cut one's forcing cost claims nothing of its break-evens: the
    second pass asks for them."""
    from planner import break_even, forcing
    from planner import explain as explaining
    from planner.optimizer import live as living
    from planner.optimizer.live import LiveModel

    scenario, _ = explained
    base = optimize(scenario, POINT)
    solved = []
    for question in ("solve", "beats"):
        original = getattr(LiveModel, question)
        monkeypatch.setattr(LiveModel, question, lambda self, *a, _o=original, **k: solved.append(1) or _o(self, *a, **k))
    for module in (explaining, forcing, break_even, living):
        monkeypatch.setattr(module, "evaluate", lambda *a, _o=module.evaluate, **k: solved.append("evaluated") or _o(*a, **k))
    heard = []
    e = explain(scenario, POINT.replace(explain_budget=1e-9), base=base,
                on_answer=lambda base, answer: heard.append(answer))
    assert solved == [] and not any(price.proven for price in (*e.capacity, *e.policies))
    first_pass = [a for a in heard if hasattr(a, "initiative_id")][:len(scenario.initiatives)]
    assert all(a.break_even is None for a in first_pass)  # asked in the second pass: not yet "unsettled"
    assert all(x.blockers is None and x.adds is None for x in e.initiatives
               if not x.selected and scenario.initiative(x.initiative_id).commit is None)
    best = brute_best(scenario)
    for x in e.initiatives:
        cost = x.counterfactual.cost
        if scenario.initiative(x.initiative_id).commit is not None or cost.proven:
            continue
        forced = brute_best(scenario, must_not=[x.initiative_id]) if x.selected else brute_best(
            scenario, must=[x.initiative_id])
        assert cost.value is None and cost.other_end is not None
        assert forced is None or cost.other_end <= best - forced + 1e-6  # the LP's least cost is a lower bound
        assert (x.break_even is None) == x.selected and (x.selected or not x.break_even.settled)


def test_a_break_even_past_the_whole_budget_is_unsettled_whoever_answered_its_forcing_cost(explained):
    """A cut initiative whose forcing cost was settled in full within the budget carries no
    break-even yet; past the whole budget it must say "unsettled", not "no question"."""
    import time

    from planner.break_even import UNSETTLED_BREAK_EVEN
    from planner.explain import _job, forcing_answer
    from planner.whatif import WhatIfs

    scenario, e = explained
    cut = next(x.initiative_id for x in e.initiatives if x.break_even is not None)
    context = WhatIfs(scenario, POINT, e.base)
    answer, forced = forcing_answer(context, cut)
    assert answer.break_even is None  # as the first pass leaves it within the budget
    context.deadline = context.end = context.screened_until = time.time() - 1.0
    for kind in ("impact", "effort"):
        assert _job(context, (kind, (answer, forced))) == (kind, cut, getattr(UNSETTLED_BREAK_EVEN, kind))


def test_answers_stream_as_they_settle_and_equal_the_final_ones(explained):
    """`on_answer` hears each answer as it settles: under a budget, every initiative's forcing
    cost nearest the margin first (by the LP screen), then the prices, then each cut one again
    with its break-evens; the last heard of each is the final answer."""
    from planner.forcing import lp_screen
    from planner.whatif import WhatIfs

    scenario, e = explained
    heard = []
    streamed = explain(scenario, POINT.replace(explain_budget=60), on_answer=lambda base, answer: heard.append(answer))
    initiatives = [a for a in heard if hasattr(a, "initiative_id")]
    last = {a.initiative_id: a for a in initiatives}
    assert sorted(last.values(), key=lambda a: a.initiative_id) == sorted(streamed.initiatives,
                                                                         key=lambda a: a.initiative_id)
    prices = len(streamed.capacity) + len(streamed.policies)
    assert all(hasattr(a, "initiative_id") for a in heard[:len(scenario.initiatives)])  # the margin first
    assert set(heard[len(scenario.initiatives):len(scenario.initiatives) + prices]) == {*streamed.capacity,
                                                                                      *streamed.policies}
    screen = lp_screen(WhatIfs(scenario, POINT, e.base), [x.id for x in scenario.initiatives])
    first_pass = [a.initiative_id for a in initiatives[:len(scenario.initiatives)]]
    assert first_pass == sorted(last, key=lambda i: (screen[i].lp_cost, i))  # nearest the margin first
    assert all(a.break_even is None for a in initiatives[:len(scenario.initiatives)])  # forcing costs first
    cut = [a for a in streamed.initiatives if not a.selected and scenario.initiative(a.initiative_id).commit is None]
    assert len(initiatives) == len(scenario.initiatives) + len(cut)  # the cut ones again, with break-evens
    assert [a.counterfactual.cost.value for a in sorted(streamed.initiatives, key=lambda a: a.initiative_id)] == \
        pytest.approx([a.counterfactual.cost.value for a in sorted(e.initiatives, key=lambda a: a.initiative_id)],
                      abs=1e-9)
    assert [a.break_even for a in streamed.initiatives] == [a.break_even for a in e.initiatives]  # all settled in time


def test_under_a_budget_no_question_of_the_full_model_outlasts_it(explained, monkeypatch):
    """Questions asked within the budget get the time left to its end when that is sooner than
    their own limit, so none runs past it (before, each could run its whole what-if limit, a
    minute by default, after the budget had ended)."""
    import time

    from planner.optimizer import LiveModel

    asked = []
    limit_of = LiveModel.time_limit.fget

    def recorded(live):
        now = time.time()
        limit = limit_of(live)
        asked.append((live.deadline, now, limit, live.settings.time_limit))
        return limit

    monkeypatch.setattr(LiveModel, "time_limit", property(recorded))
    scenario, e = explained
    explain(scenario, POINT.replace(explain_budget=30.0, time_limit=600.0), base=e.base)
    full = [(deadline, now, limit) for deadline, now, limit, own in asked if own == 600.0]
    assert full and all(deadline is not None and now + limit <= deadline + 1e-6 for deadline, now, limit in full)
    assert all(limit < 600.0 for _, _, limit in full)


