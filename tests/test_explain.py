"""Explanations, prices, frontiers, alternatives and comparisons, checked against brute force."""

from __future__ import annotations

import itertools
import json

import pytest

from conftest import ROOT, SCENARIOS, run
from planner.alternatives import alternatives
from planner.compare import compare_options
from planner.evaluation import evaluate
from planner.explain import EFFORT_PRECISION, IMPACT_PRECISION, explain
from planner.frontier import capacity_frontier, objective_tradeoff
from planner.loading import load_scenario
from planner.validation import build_scenario
from planner.whatif import Settings

POINT = Settings(objective="point", workers=1)

SMALL = {
    "version": 1, "name": "small", "teams": {"web": {"capacity": 14}, "platform": {"capacity": 9}},
    "split": {"primary": 0.6, "secondary": 0.3, "exploration": 0.1, "tolerance": 0.15},
    "objectives": [
        {"id": "grow", "title": "Grow", "tier": "primary", "key_results": [
            {"id": "signups", "title": "Signups from 100 to 200", "baseline": 100, "target": 200},
            {"id": "activation", "title": "Activation from 40% to 60%", "baseline": 40, "target": 60}]},
        {"id": "stable", "title": "Stable", "tier": "secondary", "key_results": [
            {"id": "incidents", "title": "Incidents from 10 to 4", "baseline": 10, "target": 4}]},
        {"id": "learn", "title": "Learn", "tier": "exploration", "key_results": [
            {"id": "pilots", "title": "Pilots from 0 to 3", "baseline": 0, "target": 3}]}],
    "initiatives": [
        {"id": "ads", "title": "Ads", "effort": {"web": 4}, "impacts": {"signups": 35}},
        {"id": "referrals", "title": "Referrals", "effort": {"web": 6}, "impacts": {"signups": 50, "activation": 3}},
        {"id": "onboarding", "title": "Onboarding", "effort": {"web": 5, "platform": 1}, "impacts": {"activation": 9}},
        {"id": "checklist", "title": "Checklist", "effort": {"web": 3}, "impacts": {"activation": 5}},
        {"id": "cache", "title": "Cache", "effort": {"platform": 4}, "impacts": {"incidents": -3}},
        {"id": "alerts", "title": "Alerts", "effort": {"platform": 3}, "impacts": {"incidents": -2}},
        {"id": "sharding", "title": "Sharding", "effort": {"platform": 6}, "impacts": {"incidents": -5},
         "excludes": ["cache"]},
        {"id": "pilot", "title": "Pilot", "effort": {"web": 2}, "impacts": {"pilots": 1}},
        {"id": "pilot-2", "title": "Pilot 2", "effort": {"web": 2, "platform": 1}, "impacts": {"pilots": 1.5},
         "requires": ["pilot"]},
    ],
}


def brute_best(scenario, must=(), must_not=()) -> float | None:
    ids = [x.id for x in scenario.initiatives]
    best = None
    for r in range(len(ids) + 1):
        for subset in itertools.combinations(ids, r):
            if set(must) - set(subset) or set(must_not) & set(subset):
                continue
            e = evaluate(scenario, subset)
            if e.feasible and (best is None or e.score > best):
                best = e.score
    return best


def brute_enters(scenario, i: str) -> bool:
    with_it, without = brute_best(scenario, must=[i]), brute_best(scenario, must_not=[i])
    return with_it is not None and (without is None or with_it > without + 1e-7)


@pytest.fixture(scope="module")
def small():
    scenario = build_scenario(SMALL)
    return scenario, explain(scenario, POINT)


def test_forced_values_equal_enumeration(small):
    scenario, e = small
    best = brute_best(scenario)
    assert e.base.value == pytest.approx(best)
    for x in e.initiatives:
        forced = brute_best(scenario, must_not=[x.initiative_id]) if x.selected else brute_best(scenario, must=[x.initiative_id])
        if forced is None:
            assert x.counterfactual.value is None
        else:
            assert x.counterfactual.value == pytest.approx(forced, abs=1e-6)
            assert x.counterfactual.delta == pytest.approx(best - forced, abs=1e-6)
            assert x.counterfactual.delta >= -1e-9


def test_break_even_flips_at_the_stated_value_and_not_before(small):
    scenario, e = small
    checked = 0
    for x in e.initiatives:
        if x.selected or x.break_even is None:
            continue
        m = x.break_even.impact_factor
        if m is not None:
            assert brute_enters(scenario.with_impacts_scaled(x.initiative_id, m), x.initiative_id)
            assert not brute_enters(scenario.with_impacts_scaled(x.initiative_id, m / (1 + IMPACT_PRECISION)), x.initiative_id)
            checked += 1
        f = x.break_even.effort_factor
        if f is not None:
            assert brute_enters(scenario.with_effort_scaled(x.initiative_id, f), x.initiative_id)
            assert not brute_enters(scenario.with_effort_scaled(x.initiative_id, f + EFFORT_PRECISION), x.initiative_id)
            checked += 1
    assert checked >= 2  # the fixture has initiatives that a change would bring in


def test_every_initiative_has_a_sentence(small):
    _, e = small
    for x in e.initiatives:
        assert x.sentence.startswith("In:" if x.selected else "Cut")
    cut = [x for x in e.initiatives if not x.selected]
    assert any("cost" in x.sentence for x in cut)


def test_capacity_prices_are_non_negative_and_match_the_frontier(small):
    scenario, e = small
    for c in e.capacity:
        assert c.gain >= 0 and (c.loss is None or c.loss >= 0)
        capacity = scenario.team(c.team_id).capacity
        frontier = capacity_frontier(scenario, c.team_id, 1.0, (capacity + 1) / capacity, 2, POINT)
        assert frontier.points[1].value - frontier.points[0].value == pytest.approx(c.gain, abs=1e-6)
        assert brute_best(scenario.with_capacity(c.team_id, capacity + 1)) == pytest.approx(e.base.value + c.gain, abs=1e-6)


def test_policy_prices(small):
    scenario, e = small
    split = next(p for p in e.policies if p.policy == "split")
    import dataclasses

    assert split.cost == pytest.approx(brute_best(dataclasses.replace(scenario, split=None)) - e.base.value, abs=1e-6)


def test_frontier_is_monotone_and_marks_changes():
    scenario = build_scenario(SMALL)
    f = capacity_frontier(scenario, None, 0.25, 1.5, 6, POINT)
    values = [p.value for p in f.points]
    assert all(b >= a - 1e-9 for a, b in zip(values, values[1:]))
    assert any(p.entering for p in f.points[1:])


def test_tradeoff_pareto_points_are_not_dominated():
    scenario = build_scenario(SMALL)
    t = objective_tradeoff(scenario, "grow", "stable", 5, POINT)
    front = t.pareto
    assert front
    for p in front:
        assert not any(q.score_a >= p.score_a and q.score_b >= p.score_b and
                       (q.score_a > p.score_a + 1e-9 or q.score_b > p.score_b + 1e-9) for q in t.points)


def test_alternatives_match_enumeration():
    scenario = build_scenario(SMALL)
    found = alternatives(scenario, k=4, settings=POINT)
    ids = [x.id for x in scenario.initiatives]
    scores = sorted((e.score for r in range(len(ids) + 1) for s in itertools.combinations(ids, r)
                     if (e := evaluate(scenario, s)).feasible), reverse=True)
    assert [a.plan.value for a in found] == pytest.approx(scores[:4], abs=1e-6)
    assert len({a.plan.selected for a in found}) == 4


def test_alternatives_headline_the_same_expected_score_as_plan(runner):
    """The first alternative is `plan`'s plan, and its headline is `plan`'s: both are forecast on
    the same fresh samples (they differed by the optimizer's in-sample value before)."""
    from planner import api

    path = ROOT / "scenarios" / "multi-team-q4.yaml"
    settings = Settings(workers=1)
    found = api.alternatives(path, k=3, settings=settings, forecast_samples=2_000)
    best = api.plan(path, forecast_samples=2_000)
    assert found[0].plan.selected == best.plan.selected
    assert found[0].score == best.score
    assert found[0].score != found[0].plan.value  # in-sample and fresh values differ here
    assert [a.forecast.samples for a in found] == [2_000] * 3
    data = run(runner, "alternatives", path, "-k", "3", "--forecast-samples", "2000", "--format", "json")
    assert [p["expected_score"] for p in json.loads(data.output)["plans"]] == [round(a.score, 6) for a in found]
    table = run(runner, "alternatives", path, "-k", "3", "--forecast-samples", "2000").output
    assert "expected" in table and "as `plan`" in table
    # Pinned: plans 2 and 3 of this scenario swap places on fresh samples; the view says why.
    assert found[2].score > found[1].score
    assert "Plan 3 scores above a plan ranked before it" in table
    none = api.alternatives(path, k=1, settings=settings, forecast_samples=0)
    assert none[0].forecast is None and none[0].score == none[0].plan.score


def test_explanations_of_a_plan_within_a_loose_gap_say_when_a_better_plan_exists(runner):
    """At --gap 50% the base plan is several points from the optimum, so forcing an initiative
    out can find a better plan. That read "loses -1.8 points"; it must say a better plan exists."""
    path = ROOT / "scenarios" / "onboarding-q3.yaml"
    result = run(runner, "explain", path, "--gap", "0.5", "--objective", "point", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "loses -" not in result.output and "cost -" not in result.output
    assert "within the --gap asked for" in result.output
    assert "yet a plan without it scores" in result.output  # pinned: HiGHS stops early on this scenario
    assert "loses -" not in run(runner, "explain", path, "--objective", "point", "--workers", "1").output


def test_capacity_prices_show_the_whole_change_of_plan(runner):
    """One more week on compliance swaps initiatives (three in, two out); only those entering
    were shown, and the report printed "-" for what leaves."""
    path = ROOT / "scenarios" / "cloudsecure-q1.yaml"
    scenario = load_scenario(path)
    e = explain(scenario, POINT)
    base = set(e.base.selected)
    for c in e.capacity:
        team = scenario.team(c.team_id)
        more = POINT.solve(scenario.with_capacity(c.team_id, team.capacity + c.step))
        assert set(more.selected) == (base - set(c.leaving_with_more)) | set(c.entering)
        less = POINT.solve(scenario.with_capacity(c.team_id, team.capacity - c.step))
        assert set(less.selected) == (base - set(c.leaving)) | set(c.entering_with_less)
    compliance = next(c for c in e.capacity if c.team_id == "compliance")
    assert compliance.entering and compliance.leaving_with_more  # pinned: a swap, not only additions
    table = run(runner, "explain", path, "--objective", "point", "--workers", "1").output
    assert "−" + compliance.leaving_with_more[0] in table


def test_an_initiative_the_plan_cannot_lose_says_what_it_keeps():
    """'In: no plan without it meets the constraints' did not say which; a diagnosis of the plan
    without it names the band or the commitment that needs it."""
    from planner import api
    from planner.errors import InfeasibleError
    from planner.optimizer import optimize

    cloudsecure = load_scenario(ROOT / "scenarios" / "cloudsecure-q1.yaml")
    pilot = explain(cloudsecure, POINT, "ai-triage-pilot").initiative("ai-triage-pilot")
    assert "split[exploration]" in pilot.needed_by
    assert pilot.sentence.endswith("it keeps exploration work within its 5%-15% band.")
    with pytest.raises(InfeasibleError):  # the claim holds: no plan without it
        optimize(cloudsecure, objective="point", force_out=("ai-triage-pilot",))
    committed = api.load(ROOT / "scenarios" / "onboarding-q3.yaml", ("initiatives.sso.commit=in", "split=off")).scenario
    api_x = explain(committed, POINT, "identity-api").initiative("identity-api")
    assert "it keeps `sso`, which is committed and requires it, possible." in api_x.sentence


@pytest.mark.parametrize("seed", [1, 2])
def test_forced_in_starts_are_repaired_into_plans_that_meet_every_constraint(seed):
    """A forced-in what-if starts from the base plan plus the initiative, which overflows a team
    or a split band; HiGHS then had to complete the start itself, and a short time limit cut
    that off. The repaired start keeps the initiative and what it requires, and is feasible."""
    from conftest import synthetic
    from planner.explain import _fitted_start
    from planner.whatif import WhatIfs

    scenario = synthetic(80, seed)
    settings = Settings(objective="point", workers=1)
    context = WhatIfs(scenario, settings, settings.solve(scenario))
    cut = [x.id for x in scenario.initiatives if x.id not in context.base.selected]
    starts = {i: _fitted_start(context, i) for i in cut}
    for i, start in starts.items():
        if start is not None:
            assert {i} | scenario.requirements(i) <= set(start) and evaluate(scenario, start).feasible
    assert sum(start is not None for start in starts.values()) >= 0.9 * len(cut)  # pinned: most repair


def test_compare_a_scenario_with_itself_shows_no_difference():
    scenario = load_scenario(SCENARIOS[2])
    selection = POINT.solve(scenario).selected
    c = compare_options([("a", scenario, selection, True), ("b", scenario, selection, True)], samples=500)
    assert c.differing == ()
    table = c.table()
    a, b = table[table.option == "a"].value.to_numpy(), table[table.option == "b"].value.to_numpy()
    assert (a == b).all()


def test_explanations_and_frontiers_as_dataframes():
    scenario = load_scenario(ROOT / "scenarios" / "onboarding-q3.yaml")
    e = explain(scenario, POINT)
    table = e.table()
    assert list(table.index) == [x.initiative_id for x in e.initiatives]
    sso, tour = e.initiative("sso"), e.initiative("tour")
    assert table.loc["tour", "cost"] == tour.counterfactual.delta and bool(table.loc["tour", "selected"])
    assert table.loc["sso", "effort_break_even"] == sso.break_even.effort_factor
    assert table.loc["sso", "blockers"] == ", ".join(v.constraint for v in sso.blockers)
    assert table.loc["sso", "sentence"] == sso.sentence
    prices = e.prices()
    assert prices.loc["drop split", "value"] == e.policies[0].cost
    assert len(prices) == 2 * len(e.capacity) + len(e.policies)
    assert not (prices["value"].astype(float).map(str) == "-0.0").any()
    frontier = capacity_frontier(scenario, None, 0.5, 1.5, 5, POINT)
    ft = frontier.table()
    assert list(ft.index) == [p.level for p in frontier.points] and ft["knee"].sum() <= 1
    assert ft.loc[1.0, "value"] == pytest.approx(e.base.value)
    tradeoff = objective_tradeoff(scenario, "onboarding", "signin", 3, POINT)
    tt = tradeoff.table()
    assert list(tt.columns[:2]) == ["onboarding", "signin"] and tt["pareto"].sum() == len(tradeoff.pareto)


def test_compare_scenarios_with_different_teams_and_key_results(runner):
    # It raised KeyError on the first team of one scenario missing from the other.
    onboarding, cloudsecure = ROOT / "scenarios" / "onboarding-q3.yaml", ROOT / "scenarios" / "cloudsecure-q1.yaml"
    result = run(runner, "compare", onboarding, cloudsecure, "--objective", "point", "--forecast-samples", "500")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[0].strip(): [c.strip() for c in line.split("│")[1:]] for line in result.output.splitlines()
            if "│" in line}
    assert rows["growth used"] == ["39 / 40", "-"] and rows["compliance used"][0] == "-"
    assert rows["completion"][1] == "-" and rows["report-time"][0] == "-"
    assert rows["platform used"][0] == "19 / 24"  # a team both have
    assert rows["tour"] == ["in", "-"]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
@pytest.mark.parametrize("command", [("explain",), ("frontier", "--steps", "4"), ("alternatives", "-k", "3"),
                                     ("compare",)])
def test_commands_on_every_bundled_scenario(path, command, runner):
    args = [command[0], path, *command[1:], "--objective", "point"]
    if command[0] == "explain":
        args += ["--workers", "1"]
    table = run(runner, *args)
    assert table.exit_code == 0, table.output
    data = json.loads(run(runner, *args, "--format", "json").output)
    assert data["format"].startswith("okr-planner/")


def test_explain_one_initiative_with_the_default_objective(runner):
    result = run(runner, "explain", ROOT / "scenarios" / "onboarding-q3.yaml", "--initiative", "sso")
    assert result.exit_code == 0 and "Cut" in result.output and "person-weeks" in result.output
    assert run(runner, "explain", ROOT / "scenarios" / "onboarding-q3.yaml", "--initiative", "ssso").exit_code == 2


def test_frontier_chart_and_between(runner, tmp_path):
    onboarding = ROOT / "scenarios" / "onboarding-q3.yaml"
    for suffix in ("png", "svg"):
        out = tmp_path / f"f.{suffix}"
        assert run(runner, "frontier", onboarding, "--team", "platform", "--steps", "3", "--objective", "point",
                   "-o", out).exit_code == 0
        assert out.stat().st_size > 1000
    first = (tmp_path / "f.svg").read_bytes()
    run(runner, "frontier", onboarding, "--team", "platform", "--steps", "3", "--objective", "point", "-o", tmp_path / "f.svg")
    assert (tmp_path / "f.svg").read_bytes() == first  # deterministic chart
    result = run(runner, "frontier", onboarding, "--between", "onboarding", "signin", "--steps", "3", "--objective", "point")
    assert result.exit_code == 0 and "Pareto" in result.output
    assert run(runner, "frontier", onboarding, "--team", "platfrom").exit_code == 2
    # An infeasible scenario is diagnosed (it printed "nan%" rows and exited 0 before).
    result = run(runner, "frontier", onboarding, "--between", "onboarding", "signin", "--steps", "3",
                 "--objective", "point", "--set", "teams.platform.capacity=1")
    assert result.exit_code == 1 and "infeasible" in result.output and "capacity[platform]" in result.output
    assert "nan" not in result.output
    # A capacity frontier with no feasible level is diagnosed too (it printed a table of
    # "infeasible" rows and exited 0): the scenario as given, or the largest level asked for.
    result = run(runner, "frontier", onboarding, "--steps", "3", "--objective", "point",
                 "--set", "teams.platform.capacity=1")
    assert result.exit_code == 1 and "+6 person-weeks on platform" in result.output
    result = run(runner, "frontier", onboarding, "--from", "0%", "--to", "10%", "--steps", "2", "--objective", "point")
    assert result.exit_code == 1 and "the scenario at 10% of today's capacity" in result.output
    result = run(runner, "frontier", onboarding, "--team", "growth", "--from", "0%", "--to", "50%", "--steps", "3",
                 "--objective", "point")
    assert result.exit_code == 0 and "infeasible" in result.output  # some levels are: a table, as before


def test_compare_roadmaps_against_the_optimum(runner, tmp_path):
    onboarding = ROOT / "scenarios" / "onboarding-q3.yaml"
    (tmp_path / "sales.yaml").write_text("name: Sales list\nselect: [sso, identity-api, mobile-signup, tour]\n")
    result = run(runner, "compare", onboarding, "--roadmap", tmp_path / "sales.yaml", "--objective", "point",
                 "--format", "json")
    data = json.loads(result.output)
    assert [o["name"] for o in data["options"]] == ["optimal", "Sales list"]
    assert data["options"][0]["expected_score"] > data["options"][1]["expected_score"]
    assert "sso" in data["differing"]
    table = run(runner, "compare", onboarding, "--roadmap", tmp_path / "sales.yaml", "--objective", "point",
                "--forecast-samples", "500").output
    # Constraint names were read as rich markup ("commit[mobile-signup]" printed as "commit").
    assert "no (split[primary], split[secondary]" in table and "optimal (optimal)" not in table


def test_what_ifs_cut_short_by_the_time_limit_report_proven_ranges():
    # The base is proven (0.6 s); each what-if gets 0.01 s, too little to prove most answers.
    from rich.console import Console

    from conftest import synthetic
    from planner.views import explain_dict, explain_view

    scenario = synthetic(80, 0)
    settings = Settings(objective="point", workers=1, whatif_time_limit=0.01)
    base = settings.solve(scenario)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:3]
    explained = [explain(scenario, settings, initiative=i, base=base) for i in [*cut, base.selected[0]]]
    unproven = 0
    for e in explained:
        x = e.initiatives[0]
        c = x.counterfactual
        if not c.proven:
            unproven += 1
            assert "not settled within the time limit" in x.sentence
            if c.value is not None:
                assert c.min_delta is not None and 0 <= c.min_delta <= c.delta + 1e-9
        b = x.break_even
        if b is not None:
            if not b.impact_settled:
                assert b.impact_factor is None or b.impact_out < b.impact_factor
            if not b.effort_settled:
                assert b.effort_factor is None or b.effort_factor < b.effort_out
            if not (b.impact_settled and b.effort_settled):
                unproven += 1
                assert "not settled" in x.sentence
    assert unproven > 0  # the limit did bite, so the checks above were exercised
    assert sum(e.unsettled for e in explained) > 0
    for e in explained:
        data = explain_dict(e)
        assert data["whatif_time_limit"] == 0.01
        assert data["initiatives"][0]["forced"]["proven"] is e.initiatives[0].counterfactual.proven
        console = Console(width=200, record=True)
        console.print(explain_view(e, scenario))
        assert ("hit the time limit of 0.01 s per re-solve" in console.export_text()) == (e.unsettled > 0)


def test_whatif_time_limit_option(runner):
    onboarding = ROOT / "scenarios" / "onboarding-q3.yaml"
    result = run(runner, "explain", onboarding, "--initiative", "sso", "--objective", "point", "--whatif-time-limit", "30",
                 "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["whatif_time_limit"] == 30 and data["initiatives"][0]["forced"]["proven"] is True
    assert run(runner, "frontier", onboarding, "--steps", "3", "--objective", "point", "--whatif-time-limit", "0").exit_code == 2


def test_tiny_whatif_time_limit_on_the_sampled_model_reports_rather_than_fails(runner):
    # At 0.01 s even the LP relaxation of the sampled model is cut short: still an answer, marked.
    result = run(runner, "explain", ROOT / "scenarios" / "multi-team-q4.yaml", "--initiative", "in-trial-upsell",
                 "--whatif-time-limit", "0.01", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "not settled" in result.output


def test_tradeoff_and_alternatives_mark_plans_cut_short_by_the_time_limit():
    from rich.console import Console

    from conftest import synthetic
    from planner.views import alternatives_dict, alternatives_view, tradeoff_dict, tradeoff_view

    scenario = synthetic(200, 1)  # takes seconds to prove; a plan is found in about 0.1 s
    hurried = Settings(objective="point", workers=1, time_limit=0.5)
    objectives = [o.id for o in scenario.objectives][:2]
    # The trade-off re-solves under the what-if limit, as explanations and frontiers do.
    tradeoff = objective_tradeoff(scenario, *objectives, steps=2,
                                  settings=Settings(objective="point", workers=1, whatif_time_limit=0.5))
    assert not all(p.proven for p in tradeoff.points)
    assert [p["proven"] for p in tradeoff_dict(tradeoff)["points"]] == [p.proven for p in tradeoff.points]
    console = Console(width=200, record=True)
    console.print(tradeoff_view(tradeoff))
    assert "not proven optimal" in console.export_text()
    found = alternatives(scenario, k=1, settings=hurried)
    assert alternatives_dict(found)["plans"][0]["status"] == "time limit"
    console.print(alternatives_view(found, scenario))
    assert "a better plan may rank above it" in console.export_text()


def test_a_tradeoff_point_without_a_plan_in_time_is_shown_as_such():
    from rich.console import Console

    from conftest import synthetic
    from planner.views import tradeoff_dict, tradeoff_view

    scenario = synthetic(200, 1)
    objectives = [o.id for o in scenario.objectives][:2]
    tradeoff = objective_tradeoff(scenario, *objectives, steps=2,
                                  settings=Settings(objective="point", workers=1, whatif_time_limit=1e-6))
    assert all(p.score_a is None and not p.proven and p.dominated for p in tradeoff.points)
    assert tradeoff.pareto == ()
    assert all(p["score_a"] is None and p["pareto"] is False for p in tradeoff_dict(tradeoff)["points"])
    console = Console(width=200, record=True)
    console.print(tradeoff_view(tradeoff))
    text = console.export_text()
    assert "nan" not in text and "none found" in text


def test_compare_does_not_call_a_plan_cut_short_optimal():
    from conftest import synthetic
    from planner import api

    scenario = synthetic(200, 1)
    hurried = Settings(objective="point", workers=1, time_limit=0.5)
    c = api.compare([scenario], roadmaps=[("first ten", [x.id for x in scenario.initiatives[:10]])], settings=hurried,
                    samples=0)
    assert [(o.name, o.optimal) for o in c.options] == [("best found (time limit)", False), ("first ten", False)]
    proven = api.compare([load_scenario(SCENARIOS[2])], roadmaps=[("none", [])], settings=POINT, samples=0)
    assert [(o.name, o.optimal) for o in proven.options] == [("optimal", True), ("none", False)]
