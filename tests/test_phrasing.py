"""Sentences: each says what the numbers beside it say, checked on results from the API."""

from __future__ import annotations

import copy

import pytest

from support import POINT, load, small, synthetic
from planner import api
from planner.explain import explain
from planner.optimizer import optimize
from planner.phrasing import (baseline_lines, objective_line, roadmap_gap_sentence, sentence, unfillable_split_sentence,
                              unsettled_line)
from planner.settings import Settings


def test_every_initiative_has_a_sentence_that_matches_its_side():
    e = explain(small(), POINT)
    for x in e.initiatives:
        assert sentence(e, x.initiative_id).startswith("In:" if x.selected else "Cut")
    assert any("cost" in sentence(e, x.initiative_id) for x in e.initiatives if not x.selected)


def test_an_initiative_the_plan_cannot_lose_says_what_it_keeps():
    """'In: no plan without it meets the constraints' did not say which; a diagnosis of the plan
    without it names the band or the commitment that needs it."""
    e = explain(load("cloudsecure-q1"), POINT, "ai-triage-pilot")
    assert sentence(e, "ai-triage-pilot").endswith("it keeps exploration work within its 5%-15% band.")
    committed = api.load("scenarios/onboarding-q3.yaml", ("initiatives.sso.commit=in", "split=off")).scenario
    e = explain(committed, POINT, "identity-api")
    assert "it keeps `sso`, which is committed and requires it, possible." in sentence(e, "identity-api")


def test_explanations_of_a_plan_within_a_loose_gap_say_when_a_better_plan_exists():
    """At a 10% gap the base plan is points from the optimum (HiGHS stops early on this scenario:
    pinned for this HiGHS version and its settings), so forcing an initiative out can find a
    better plan. That read "loses -1.8 points"; it must say a better plan exists."""
    e = explain(load("cloudsecure-q1"), POINT.replace(gap=0.1))
    assert e.base.value < optimize(load("cloudsecure-q1"), POINT).value - 1e-3  # the premise: it stopped early
    words = [sentence(e, x.initiative_id) for x in e.initiatives]
    assert not any("loses -" in w or "cost -" in w for w in words)
    assert any("yet a plan without it scores" in w for w in words)
    proven = explain(load("cloudsecure-q1"), POINT)
    assert not any("loses -" in sentence(proven, x.initiative_id) for x in proven.initiatives)


def test_answers_cut_short_say_so():
    scenario = synthetic(80, 0)
    settings = Settings(objective="point", workers=1, whatif_time_limit=1e-6)
    base = optimize(scenario, settings)
    cut = next(x.id for x in scenario.initiatives if x.id not in base.selected)
    e = explain(scenario, settings, initiative=cut, base=base)
    assert "not settled in the time allowed" in sentence(e, cut)
    assert "hit the time limit of 1e-06 s per re-solve" in unsettled_line(e)
    assert "raise `whatif_time_limit` to narrow them" in unsettled_line(e)  # a parameter, for the API
    assert "--" not in sentence(e, cut) + unsettled_line(e)
    assert unsettled_line(explain(small(), POINT)) is None


def test_the_headline_is_named_for_its_measure():
    # Without a forecast the headline is the attainment of expected impacts; it was labelled
    # "expected KR attainment", the forecast's measure.
    without = api.plan(load("onboarding-q3"), POINT.replace(forecast_samples=0))
    assert all("points of attainment of expected impacts vs ranking" in line for line in baseline_lines(without))
    assert objective_line(without) == "Objective: attainment of expected impacts (point estimates)."
    sampled = api.plan(load("cloudsecure-q1"), Settings(forecast_samples=2000))
    assert "points of expected attainment vs ranking" in baseline_lines(sampled)[0]
    assert objective_line(sampled).startswith("Objective: expected attainment on the optimizer's own 150 samples")


def test_a_roadmap_ahead_of_the_optimizers_plan_on_another_measure_says_why():
    cloudsecure = load("cloudsecure-q1")
    sampled = optimize(cloudsecure, Settings()).selected
    r = api.evaluate_roadmap(cloudsecure, list(sampled), POINT.replace(forecast_samples=2000))
    text = roadmap_gap_sentence(r)
    assert r.gap_to_optimum < 0 and "points above it" in text and "maximized attainment of expected impacts" in text
    feasible = list(api.alternatives(load("onboarding-q3"), 2, settings=POINT.replace(forecast_samples=0))[1].plan.selected)
    r = api.evaluate_roadmap(load("onboarding-q3"), feasible, POINT.replace(forecast_samples=0))
    assert r.evaluation.feasible and r.gap_to_optimum > 0
    assert roadmap_gap_sentence(r).startswith("The optimal plan scores 52.8% on this measure")
    assert f"{r.gap_to_optimum * 100:.1f} points below it" in roadmap_gap_sentence(r)
    loose = api.evaluate_roadmap(load("onboarding-q3"), feasible, POINT.replace(gap=0.5, forecast_samples=0))
    assert roadmap_gap_sentence(loose).startswith("The optimizer's plan (within the `gap` asked for)")


def test_a_roadmap_that_breaks_constraints_is_said_to_first():
    # It read "8.4 points above" the optimum on an over-capacity roadmap, and blamed sampling.
    greedy = [x.id for x in load("onboarding-q3").initiatives]  # everything: far over capacity
    r = api.evaluate_roadmap(load("onboarding-q3"), greedy, POINT.replace(forecast_samples=0))
    text = roadmap_gap_sentence(r)
    assert text.startswith("This roadmap breaks") and "capacity[growth]" in text and "above" not in text


def test_an_initiative_in_the_plan_states_the_whole_change_without_it():
    # "X and Y would replace it" hid three more initiatives that left because of the split.
    e = explain(load("cloudsecure-q1"), POINT, "report-engine")
    c = e.initiative("report-engine").counterfactual
    others = [j for j in c.leaving if j != "report-engine"]
    assert others  # pinned: forcing it out changes more than its replacements
    words = sentence(e, "report-engine")
    assert all(f"`{j}`" in words for j in [*c.entering, *others]) and "would leave too" in words


@pytest.mark.parametrize("name", ["onboarding-q3", "cloudsecure-q1"])
def test_no_sentence_contradicts_its_number(name):
    e = explain(load(name), POINT)
    for x in e.initiatives:
        c = x.counterfactual
        if x.selected and c.proven and c.cost.value is not None and c.cost.value > 0.0005:
            assert f"loses {c.cost.value * 100:.1f} points" in sentence(e, x.initiative_id)


def test_a_split_band_no_candidate_can_fill_is_said_with_its_fix_everywhere():
    """With the pilots committed out, no candidate is exploration work: only an empty plan meets
    the split (brute force agrees). The plan, its JSON and every cut row say why and
    what to do; before, the plan was an unexplained 0% and cuts were told to shrink their effort."""
    from support import SMALL, feasible_selections
    from planner.records import plan_dict
    from planner.validation import build_scenario
    from planner.views import plan_view
    from test_views import text_of

    data = copy.deepcopy(SMALL)
    data["split"]["tolerance"] = 0.05  # exploration 5%-15%, which only the pilots could fill
    assert unfillable_split_sentence(build_scenario(data)) is None
    for x in data["initiatives"]:
        if x["id"] in ("pilot", "pilot-2"):
            x["commit"] = "out"
    scenario = build_scenario(data)
    assert [s for s in feasible_selections(scenario) if s] == []
    warning = unfillable_split_sentence(scenario)
    assert warning.startswith("No candidate is exploration work") and "`split: off`" in warning
    result = api.plan(scenario, POINT)
    assert result.plan.selected == () and plan_dict(result)["warnings"][0] == warning
    assert warning.split(",")[0] in text_of(plan_view(result))
    e = explain(scenario, POINT)
    for x in e.initiatives:
        if scenario.initiative(x.initiative_id).commit is None:
            assert sentence(e, x.initiative_id) == ("Cut: no plan with it meets the split, because no candidate is "
                                                    "exploration work (see above).")
    assert unfillable_split_sentence(small()) is None


def test_no_warning_when_every_band_can_be_filled():
    for name in ("onboarding-q3", "cloudsecure-q1", "multi-team-q4"):
        assert unfillable_split_sentence(load(name)) is None


@pytest.mark.parametrize("name", ["cloudsecure-q1", "onboarding-q3"])
def test_every_settled_sentence_names_the_whole_change(name):
    """Each settled what-if names everything that enters with the initiative and everything that
    leaves: a cut row said whom it displaced but not the prerequisites it brought in."""
    e = explain(load(name), POINT)
    named = 0
    for x in e.initiatives:
        c, text = x.counterfactual, sentence(e, x.initiative_id)
        if not c.proven or c.value is None or text.startswith(("In: committed", "Out: committed")) or "yet a plan" in text:
            continue
        for j in set(c.entering) | set(c.leaving):
            if j != x.initiative_id:
                assert f"`{j}`" in text, (x.initiative_id, j, text)
                named += 1
    assert named > 0


def test_an_expected_value_outside_its_own_range_is_said_and_true():
    from planner.phrasing import outside_range_sentence

    result = api.plan(load("cloudsecure-q1"), Settings(forecast_samples=2000))
    f = result.forecast
    said = outside_range_sentence(f)
    outside = [k.key_result_id for k in f.key_results if not k.attainment.p10 - 5e-4 <= k.attainment.mean
               <= k.attainment.p90 + 5e-4]
    assert outside and said is not None
    for k in f.key_results:  # named exactly when its mean lies outside its P10–P90
        assert (f"`{k.key_result_id}`" in said) == (k.key_result_id in outside)
    everything_certain = api.plan(load("onboarding-q3"), POINT.replace(forecast_samples=200))
    inside = all(k.attainment.p10 - 5e-4 <= k.attainment.mean <= k.attainment.p90 + 5e-4
                 for k in everything_certain.forecast.key_results)
    assert (outside_range_sentence(everything_certain.forecast) is None) == (
        inside and all(d.p10 - 5e-4 <= d.mean <= d.p90 + 5e-4 for d in everything_certain.forecast.objectives.values()))


def test_a_cut_reason_names_whose_demand_fills_the_team():
    """An initiative that uses no Data & ML time is not "cut because Data & ML is full": its
    prerequisite is the one that would need that time, and the sentence says so."""
    from support import SMALL
    from planner.validation import build_scenario

    data = copy.deepcopy(SMALL)
    data["split"] = "off"
    data["objectives"][1]["key_results"][0]["target"] = -20
    data["teams"]["data"] = {"capacity": 6, "name": "Data & ML"}
    data["initiatives"] += [
        {"id": "db-failover", "title": "DB failover", "effort": {"data": 5}, "impacts": {"incidents": -1}},
        {"id": "ml-model", "title": "ML", "effort": {"data": 4}, "impacts": {"incidents": -2.5}},
        {"id": "chaos-testing", "title": "Chaos", "effort": {"platform": 1}, "impacts": {"incidents": -1},
         "requires": ["db-failover"]}]
    e = explain(build_scenario(data), POINT, "chaos-testing")
    assert "ml-model" in e.base.selected and "db-failover" not in e.base.selected
    said = sentence(e, "chaos-testing")
    assert said.startswith("Cut: its prerequisite `db-failover` would need Data & ML time, and Data & ML is full;")
    assert "bring in `db-failover` with it, displace `ml-model`" in said


def test_the_readme_why_examples_are_what_explain_says():
    """The README's "why is X cut / in" answers are today's sentences, whole changes included."""
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text().replace("│", " ").split())
    scenario = load("onboarding-q3")
    for initiative in ("sample-data", "tour"):
        said = sentence(explain(scenario, Settings(workers=1), initiative), initiative)
        assert " ".join(said.split()) in readme, said


def test_an_unsettled_cost_whose_bound_allows_a_better_plan_says_so():
    """The base cut short by its time limit: the re-solve's bound may lie above the base, so the
    cost is "at most" the found one, and a plan that way may even score more (never "between -16.9
    and 0.1 points")."""
    from planner.forcing import Counterfactual
    from planner.phrasing import _cost
    from planner.results import Bounded

    said = _cost(Counterfactual(0.5, Bounded(0.001, -0.169, False)))
    assert said == "at most 0.1 points, and a plan this way may even score up to 16.9 points more (not settled in the time allowed)"
    assert _cost(Counterfactual(0.5, Bounded(0.02, 0.01, False))).startswith("between 1.0 and 2.0 points")


def _two_routes_to_mrr() -> dict:
    """`ads` and `promo` need the same 4 web weeks; signups drive activation (x0.5), which drives
    MRR (x2); only one fits."""
    return {"version": 1, "name": "chain", "teams": {"web": {"capacity": 4}}, "split": "off",
            "company": {"score_on": "company", "objectives": [{"id": "revenue", "title": "Revenue", "key_results": [
                {"id": "mrr", "title": "MRR from 100 to 120", "unit": "kUSD", "baseline": 100, "target": 120}]}]},
            "objectives": [{"id": "grow", "title": "Grow", "tier": "primary", "key_results": [
                {"id": "signups", "title": "Signups from 100 to 200", "baseline": 100, "target": 200,
                 "drives": {"activation": 0.5}},
                {"id": "activation", "title": "Activation from 40 to 60", "unit": "pts", "baseline": 40, "target": 60,
                 "drives": {"mrr": 2}}]}],
            "initiatives": [{"id": "ads", "title": "Ads", "effort": {"web": 4}, "impacts": {"signups": 10}},
                            {"id": "promo", "title": "Promo", "effort": {"web": 4}, "impacts": {"signups": 4},
                             "confidence": 0.5}]}


def test_routes_down_the_chain_multiply_by_hand():
    from planner.phrasing import chain_phrase, chain_routes
    from planner.validation import build_scenario

    s = build_scenario(_two_routes_to_mrr())
    assert chain_routes(s, "ads") == ([[("signups", 10.0), ("activation", 5.0), ("mrr", 10.0)]], False)
    assert chain_phrase(s, "promo") == "+2 signups → +1 pts activation → +2 kUSD mrr"  # 0.5 x 4 = 2; x0.5; x2


def test_explain_answers_a_cut_in_chain_terms_against_the_funded_rival():
    from planner.validation import build_scenario

    s = build_scenario(_two_routes_to_mrr())
    why = sentence(api.explain(s, settings=POINT), "promo")
    assert why.startswith("Cut")
    assert ("Through the chain: `promo` → +2 signups → +1 pts activation → +2 kUSD mrr. It would move mrr by +2 kUSD "
            "(+0.5 per web person-week), less than `ads` in the plan (+2.5 per web person-week).") in why
