from __future__ import annotations

import copy

from support import run
from planner.lint import lint
from planner.validation import build_scenario

BASE = {
    "version": 1, "name": "lint", "teams": {"t": {"capacity": 10}},
    "objectives": [{"id": "o", "title": "Onboarding", "tier": "primary", "key_results": [
        {"id": "a", "title": "Completion from 68% to 85%", "baseline": 68, "target": 85},
        {"id": "b", "title": "Tickets from 400 to 200", "baseline": 400, "target": 200}]}],
    "initiatives": [
        {"id": "x", "title": "X", "effort": {"t": 8}, "impacts": {"a": 5}},
        {"id": "y", "title": "Y", "effort": {"t": 8}, "impacts": {"b": -50}},
    ],
    "split": "off",
}


def codes(data) -> list[str]:
    return [w.code for w in lint(build_scenario(data))]


def test_clean_scenario_has_no_warnings():
    assert codes(BASE) == []


def test_each_warning():
    d = copy.deepcopy(BASE)
    d["objectives"] += [{"id": f"o{i}", "title": "More", "tier": "secondary", "key_results": [
        {"id": f"k{i}", "title": "Launch the new dashboard", "baseline": 0, "target": 1}]} for i in range(4)]
    d["objectives"][0]["key_results"][0]["title"] = "Completion at least 85%"
    d["initiatives"].append({"id": "z", "title": "Z", "effort": {"t": 1}})
    d["initiatives"][0]["impacts"]["a"] = 30
    found = codes(d)
    for code in ("too-many-objectives", "kr-count", "output-kr", "vague-kr", "unmoved-kr",
                 "feature-factory", "impact-exceeds-gap"):
        assert code in found, code


def test_explicit_exploration_is_not_feature_factory():
    d = copy.deepcopy(BASE)
    d["initiatives"].append({"id": "z", "title": "Z", "effort": {"t": 1}, "tier": "exploration"})
    assert "feature-factory" not in codes(d)


def test_demand_vs_capacity_and_unfillable_split():
    d = copy.deepcopy(BASE)
    d["teams"]["t"]["capacity"] = 100
    d.pop("split")
    found = codes(d)
    assert "demand-vs-capacity" in found and found.count("split-unfillable") == 2


def test_committed_out_work_is_not_demand():
    """Capacity 10, candidates 8 + 8: over capacity. With y committed out, 8 of 10 remain: all
    of it fits, which is worth a warning, and the summary's figure is 8."""
    d = copy.deepcopy(BASE)
    assert "demand-vs-capacity" not in codes(d)
    d["initiatives"][1]["commit"] = "out"
    scenario = build_scenario(d)
    assert scenario.candidate_demand("t") == 8
    warning = next(w for w in lint(scenario) if w.code == "demand-vs-capacity")
    assert "need 8 of 10" in warning.message


def test_strict_turns_warnings_into_exit_2(runner, write):
    import yaml

    d = copy.deepcopy(BASE)
    d["teams"]["t"]["capacity"] = 100
    path = write("s.yaml", yaml.safe_dump(d))
    run(runner, "validate", path)
    result = run(runner, "validate", path, "--strict", exit_code=2)
    assert result.exit_code == 2 and "demand-vs-capacity" in result.output
    assert not result.output.startswith("ok")  # with --strict a warning is an error: never "ok"


def test_outputs_are_caught_in_titles_with_dates_and_in_objectives():
    """The guides' own bad example carries a quarter, which used to pass as a measure; objective
    titles were never read."""
    d = copy.deepcopy(BASE)
    d["objectives"][0]["title"] = "Launch the partner portal"
    d["objectives"][0]["key_results"].append(
        {"id": "c", "title": "Launch redesigned user profile by end of Q2", "baseline": 0, "target": 1})
    found = [(w.code, w.where) for w in lint(build_scenario(d))]
    assert ("output-kr", "key result `c`") in found
    assert ("output-objective", "objective `o`") in found
    d["objectives"][0]["title"] = "Onboarding people love"
    d["objectives"][0]["key_results"][2]["title"] = "Launch the profile to 30% of users by Q2"
    assert not any(code.startswith("output-") for code in codes(d))


def test_the_chain_warnings():
    from support import ROOT
    from planner.loading import load_scenario

    s = load_scenario(ROOT / "scenarios" / "acme" / "lifecycle.yaml")
    assert [w.code for w in lint(s) if w.code.startswith(("unsupported", "business", "elasticity"))] == []
    raw = {"version": 1, "name": "x", "teams": {"web": {"capacity": 5}}, "split": "off",
           "company": {"score_on": "product", "objectives": [{"id": "biz", "title": "Business", "key_results": [
               {"id": "nps", "title": "NPS from 20 to 30", "baseline": 20, "target": 30},
               {"id": "arr", "title": "ARR from 10 to 12", "unit": "MUSD", "baseline": 10, "target": 12}]}]},
           "objectives": [{"id": "grow", "title": "Grow", "tier": "primary", "key_results": [
               {"id": "signups", "title": "Signups from 100 to 150", "unit": "signups", "baseline": 100, "target": 150,
                "drives": {"arr": 0.01}},
               {"id": "mrr", "title": "Grow MRR from 50k to 60k", "baseline": 50, "target": 60}]}],
           "initiatives": [{"id": "ads", "title": "Ads", "effort": {"web": 2}, "impacts": {"signups": 10, "mrr": 1}}]}
    found = {(w.code, w.where) for w in lint(build_scenario(raw))}
    assert ("elasticity-unit", "key result `signups`, drives `arr`") in found  # signups -> MUSD, no unit stated
    assert ("unsupported-kr", "key result `mrr`") in found  # neither supports nor drives
    assert ("business-outcome-kr", "key result `mrr`") in found  # MRR set as a product KR
    assert ("unsupported-company-kr", "key result `nps`") in found
    assert ("unsupported-company-kr", "key result `arr`") not in found and ("unsupported-kr", "key result `signups`") not in found
