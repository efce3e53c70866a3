"""Driver chains and company OKRs: propagation by hand, against sampling, against today's model,
against brute force, and the chain's errors."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import scenario_dicts, valid_scenario
from support import POINT, ROOT, SMALL, brute_best, validated
from planner.errors import InfeasibleError, ScenarioError
from planner.evaluation import evaluate
from planner.forecast import SampleSet
from planner.loading import load_scenario
from planner.model import Level, ScoreOn
from planner.optimizer import diagnose, optimize
from planner.validation import build_scenario

ACME = ROOT / "scenarios" / "acme"


def best_plan(scenario):
    """The optimizer's plan, or None when no plan meets the constraints."""
    try:
        return optimize(scenario, POINT)
    except InfeasibleError:
        return None


def three_levels(elasticity_bc=-2.0, **extra) -> dict:
    """signups (product) drives activation (product), which drives mrr (company); signups also
    drives mrr directly. One initiative moves signups."""
    return {
        "version": 1, "name": "chain", "teams": {"web": {"capacity": 10}}, "split": "off",
        "company": {"score_on": "both", "objectives": [
            {"id": "revenue", "title": "Revenue", "key_results": [
                {"id": "mrr", "title": "MRR from 100 to 120", "unit": "kUSD", "baseline": 100, "target": 120}]}]},
        "objectives": [{"id": "grow", "title": "Grow", "tier": "primary", "supports": ["revenue"], "key_results": [
            {"id": "signups", "title": "Signups from 100 to 200", "baseline": 100, "target": 200,
             "drives": {"activation": 0.5, "mrr": 0.1}},
            {"id": "activation", "title": "Activation from 40 to 60", "baseline": 40, "target": 60,
             "drives": {"mrr": elasticity_bc}}]}],
        "initiatives": [{"id": "ads", "title": "Ads", "effort": {"web": 4}, "impacts": {"signups": 10},
                         "confidence": 0.8}],
        **extra,
    }


def test_three_level_chain_by_hand_with_a_point_elasticity():
    s = build_scenario(three_levels())
    effects = s.effects(s.initiative("ads"))
    # signups 0.8 * 10 = 8; activation 8 * 0.5 = 4; mrr 8 * 0.1 + 4 * -2 = 0.8 - 8 = -7.2
    assert effects == pytest.approx({"signups": 8.0, "activation": 4.0, "mrr": -7.2})
    e = evaluate(s, ["ads"])
    assert e.outcome("mrr").change == pytest.approx(-7.2)
    assert e.outcome("mrr").attainment == pytest.approx(-7.2 / 20)  # harm counts; the metric is not capped


def test_three_level_chain_by_hand_with_a_range_and_its_sampled_mean():
    s = build_scenario(three_levels({"low": -3, "likely": -2, "high": 0}))
    mean = (-3 + 4 * -2 + 0) / 6  # the PERT mean, -11/6
    expected = 0.8 * 10 * 0.1 + 0.8 * 10 * 0.5 * mean
    assert s.effects(s.initiative("ads"))["mrr"] == pytest.approx(expected)
    samples = SampleSet(s, samples=40_000, seed=3)
    idx, progress = samples.initiative(s.initiative("ads"))
    k = list(idx).index(samples.kr_index["mrr"])
    sampled = progress[:, k] * s.key_result("mrr").gap
    error = sampled.std() / np.sqrt(len(sampled))
    assert abs(sampled.mean() - expected) < 4 * error, (sampled.mean(), expected, error)
    # The delivery draw is shared along the chain: where it fails, nothing downstream moves.
    signups = progress[:, list(idx).index(samples.kr_index["signups"])]
    assert np.all(sampled[signups == 0] == 0)


def test_score_on_decides_which_krs_carry_weight():
    both = build_scenario(three_levels())
    product = build_scenario(three_levels(company={**three_levels()["company"], "score_on": "product"}))
    company = build_scenario(three_levels(company={**three_levels()["company"], "score_on": "company"}))
    assert both.score_on is ScoreOn.BOTH and both.company_objectives[0].level is Level.COMPANY
    weight = lambda s: {kr.id: s.kr_weight(kr) for kr in s.key_results}  # noqa: E731
    assert weight(both) == pytest.approx({"signups": 1 / 3, "activation": 1 / 3, "mrr": 1 / 3})
    assert weight(product) == pytest.approx({"signups": 0.5, "activation": 0.5, "mrr": 0.0})
    assert weight(company) == pytest.approx({"signups": 0.0, "activation": 0.0, "mrr": 1.0})


def _through_proxies(raw: dict) -> dict:
    """The same scenario stated as a chain: every KR becomes a company KR, driven with
    elasticity 1 by a product proxy that the initiatives move instead; scored on the company."""
    chained = copy.deepcopy(raw)
    company, product = [], []
    for o in raw["objectives"]:
        goals = [kr for kr in o["key_results"] if "guardrail" not in kr]
        guards = [kr for kr in o["key_results"] if "guardrail" in kr]
        company.append({**o, "key_results": goals})
        proxies = [{**kr, "id": f"{kr['id']}-p", "drives": {kr["id"]: 1}} for kr in goals]
        product.append({**o, "id": f"{o['id']}-p", "key_results": proxies + guards})
    goal_ids = {kr["id"] for o in company for kr in o["key_results"]}
    for x in chained["initiatives"]:
        x["impacts"] = {(f"{k}-p" if k in goal_ids else k): v for k, v in x["impacts"].items()}
    chained["objectives"] = product
    chained["company"] = {"score_on": "company", "objectives": company}
    return chained


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dicts(max_initiatives=7))
def test_a_one_level_chain_of_elasticity_one_is_todays_model(raw):
    plain = valid_scenario(raw)
    chained = build_scenario(_through_proxies(raw))
    for x in plain.initiatives:
        assert chained.initiative(x.id).tier is x.tier
    a, b = best_plan(plain), best_plan(chained)
    assert (a is None) == (b is None)
    if a is not None:
        assert b.value == pytest.approx(a.value, abs=1e-6)
        assert evaluate(plain, b.selected).score == pytest.approx(a.value, abs=1e-6)


@st.composite
def chained_small(draw) -> dict:
    """SMALL with random driver links (downstream in KR order, so no cycle), a company KR they
    reach, and a guardrail that the chain can break."""
    raw = copy.deepcopy(SMALL)
    krs = ["signups", "activation", "incidents", "pilots"]
    raw["company"] = {"score_on": draw(st.sampled_from(["product", "company", "both"])), "objectives": [
        {"id": "biz", "title": "Business", "key_results": [
            {"id": "mrr", "title": "MRR from 50 to 60", "baseline": 50, "target": 60}]}]}
    level = draw(st.integers(95, 110))
    raw["objectives"][1]["key_results"].append(
        {"id": "load", "title": "Support load at most the level", "baseline": 100, "target": level,
         "guardrail": "at_most"})
    links: dict[str, dict] = {}
    for n, source in enumerate(krs):
        for target in [*krs[n + 1:], "mrr", "load"]:
            if draw(st.integers(0, 3)) == 0:
                low = draw(st.integers(-5, 5)) / 10
                links.setdefault(source, {})[target] = (
                    low if draw(st.booleans()) else {"low": low, "likely": low + 0.1, "high": low + 0.3})
    for o in raw["objectives"]:
        for kr in o["key_results"]:
            if kr["id"] in links:
                kr["drives"] = links[kr["id"]]
    return raw


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chained_small())
def test_the_optimum_through_a_chain_with_a_guardrail_equals_brute_force(raw):
    s = build_scenario(raw)
    plan = best_plan(s)
    best = brute_best(s)
    assert (plan is None) == (best is None)
    if plan is not None:
        assert plan.value == pytest.approx(best, abs=1e-6)
        assert evaluate(s, plan.selected).feasible


# --- the chain's errors -------------------------------------------------------------------------


def _problems(raw) -> str:
    with pytest.raises(ScenarioError) as caught:
        build_scenario(raw)
    return str(caught.value)


def test_a_cycle_of_driver_links_is_named():
    raw = three_levels()
    raw["company"]["objectives"][0]["key_results"][0]["drives"] = {"signups": 2}
    text = _problems(raw)
    assert "driver links form a cycle: activation -> mrr -> signups -> activation" in text


def test_a_link_to_an_unknown_kr_and_a_unit_mismatch_are_refused_with_their_fix():
    raw = three_levels()
    raw["objectives"][0]["key_results"][0]["unit"] = "signups"
    raw["objectives"][0]["key_results"][0]["drives"] = {"activaton": 0.5, "mrr": {"value": 0.1, "unit": "USD per signup"}}
    text = _problems(raw)
    assert "`signups` drives `activaton`, but there is no key result `activaton`" in text and "activation" in text
    assert 'stated in "USD per signup"' in text and 'kUSD per signups' in text


def test_supports_must_name_a_company_objective_or_kr():
    raw = three_levels()
    raw["objectives"][0]["supports"] = ["revnue"]
    assert "there is no company objective or KR `revnue`" in _problems(raw)


def test_a_chain_too_steep_for_the_solver_is_refused():
    raw = three_levels(elasticity_bc=1e11)
    assert "beyond 1e+06 times its gap" in _problems(raw)


def test_a_guardrail_no_plan_can_hold_through_the_chain_is_diagnosed_with_the_smallest_fix():
    raw = three_levels()
    raw["objectives"][0]["key_results"].append(
        {"id": "load", "title": "Load at most 100", "baseline": 95, "target": 100, "guardrail": "at_most"})
    raw["objectives"][0]["key_results"][1]["drives"]["load"] = 2  # ads: activation +4 -> load +8
    raw["initiatives"][0]["commit"] = "in"
    s = build_scenario(raw)
    assert best_plan(s) is None
    diagnosis = diagnose(s)
    assert set(diagnosis.conflicting) == {"commit[ads]", "guardrail[load]"}
    # ads: signups +8 -> activation +4 -> load +8, so 95 + 8 = 103: the level must rise by 3
    (step,) = next(r for r in diagnosis.relaxations if r.kind == "guardrails").steps
    assert step.amount == pytest.approx(3.0) and step.level == 100


def test_the_bundled_company_example_loads_its_company_file_and_portfolio():
    portfolio = load_scenario(ACME / "portfolio.yaml")
    onboarding, lifecycle = load_scenario(ACME / "onboarding.yaml"), load_scenario(ACME / "lifecycle.yaml")
    assert {o.id for o in portfolio.company_objectives} == {"revenue", "retention"}
    assert {x.id for x in portfolio.initiatives} == {x.id for x in onboarding.initiatives} | {
        x.id for x in lifecycle.initiatives}
    assert portfolio.score_on is ScoreOn.BOTH and onboarding.score_on is ScoreOn.PRODUCT
    # three levels: weekly-digest -> weekly-active -> logo-churn -> mrr
    effects = lifecycle.effects(lifecycle.initiative("weekly-digest"))
    assert set(effects) >= {"weekly-active", "logo-churn", "mrr", "success-tickets"}
    assert validated(ACME / "company.yaml").exit_code == 2  # a company file is not a scenario


def test_a_variant_keeps_the_effects_it_shares_and_computes_the_one_it_changed():
    s = build_scenario(three_levels())
    before = s.effects(s.initiative("ads"))
    scaled = s.with_impacts_scaled("ads", 2.0)
    assert scaled.effects(scaled.initiative("ads")) == pytest.approx({k: 2 * v for k, v in before.items()})
    assert s.effects(s.initiative("ads")) == before  # the scenario it came from still knows its own
    fresh = dataclasses.replace(scaled)  # the same fields, nothing known yet
    assert evaluate(scaled, ["ads"]) == evaluate(fresh, ["ads"])
    assert s.with_capacity("web", 20).effects(s.initiative("ads")) is before  # unchanged: not computed again
