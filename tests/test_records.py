"""JSON and CSV records: complete, stable, and one envelope for every record."""

from __future__ import annotations

import json

import pytest

from support import POINT, load
from planner import api, records
from planner.explain import explain
from planner.frontier import capacity_frontier, objective_tradeoff


@pytest.fixture(scope="module")
def plan_result():
    return api.plan("scenarios/onboarding-q3.yaml", POINT.replace(forecast_samples=1000))


def test_plan_record_is_complete_and_deterministic(plan_result):
    data = records.plan_dict(plan_result)
    assert data["status"] == "optimal" and data["attainment_of_expected_impacts"] == pytest.approx(0.527788, abs=1e-6)
    assert {"selected", "key_results", "objectives", "teams", "split", "optimizer", "baselines", "forecast"} <= set(data)
    assert data["selected"][0] == "tour" and sum(t["used"] for t in data["teams"]) == 58
    again = api.plan("scenarios/onboarding-q3.yaml", POINT.replace(forecast_samples=1000))
    assert records.plan_json(plan_result) == records.plan_json(again)


def test_every_record_carries_one_envelope(plan_result):
    scenario = load("onboarding-q3")
    made = {
        "plan": records.plan_dict(plan_result),
        "roadmap": records.roadmap_dict(api.evaluate_roadmap(scenario, ["tour"], POINT.replace(forecast_samples=0))),
        "explanation": records.explain_dict(explain(scenario, POINT, "sso")),
        "frontier": records.frontier_dict(capacity_frontier(scenario, None, 0.5, 1.0, 2, POINT)),
        "tradeoff": records.tradeoff_dict(objective_tradeoff(scenario, "onboarding", "signin", 2, POINT)),
        "alternatives": records.alternatives_dict(api.alternatives(scenario, 2, settings=POINT.replace(forecast_samples=0))),
        "comparison": records.comparison_dict(api.compare([scenario], settings=POINT.replace(forecast_samples=0))),
        "forecast": records.forecast_record(plan_result.forecast),
    }
    for kind, record in made.items():
        assert list(record)[:2] == ["format", "format_version"]
        assert record["format"] == f"okr-planner/{kind}" and record["format_version"] == records.FORMAT_VERSION
        assert json.loads(records.as_json(record)) == json.loads(json.dumps(record))


def test_plan_csv(plan_result):
    lines = records.plan_csv(plan_result).splitlines()
    assert lines[0] == "id,title,tier,selected,commit,effort.growth,effort.platform,loss_if_dropped_alone"
    assert sum(",yes," in line for line in lines) == 9


def test_no_negative_zero_in_records(plan_result):
    assert "-0.0," not in records.plan_json(plan_result) and records.rounded(-0.0) == 0.0


def test_the_plan_record_carries_the_chain_and_the_company_roll_up():
    from support import POINT, ROOT
    from planner import api

    result = api.plan(ROOT / "scenarios" / "acme" / "lifecycle.yaml", POINT.replace(forecast_samples=500))
    record = records.plan_dict(result)
    assert record["weighted_krs"] == "product"
    assert {o["id"]: o["level"] for o in record["objectives"]}["revenue"] == "company"
    company = {c["id"]: c for c in record["company"]}
    for kr in ("mrr", "logo-churn"):
        assert company[kr]["change_from_plan"] == pytest.approx(
            sum(c["expected_change"] for c in record["chain"] if c["key_result"] == kr), abs=1e-5)
    assert {c["initiative"] for c in record["chain"]} == set(record["selected"])
    assert all(c["direct"] for c in record["chain"] if c["key_result"] == "weekly-active")
