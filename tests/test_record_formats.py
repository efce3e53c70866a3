"""The JSON records' documentation and schemas: generated from one description, checked against
every record the product writes, one name per measure."""

from __future__ import annotations

import json

import jsonschema
import pytest

from support import POINT, ROOT, load
from planner import api, records
from planner.explain import explain
from planner.frontier import capacity_frontier, objective_tradeoff
from planner.record_formats import RECORDS, json_format_text, record_schema, record_schema_text
from planner.settings import Settings

SAMPLED = Settings(samples=30, forecast_samples=400, workers=1, whatif_time_limit=5.0)
CAUTIOUS = SAMPLED.replace(risk="cautious")


def test_the_docs_are_generated_from_the_record_formats():
    assert (ROOT / "docs" / "json-format.md").read_text() == json_format_text(), \
        "run: planner schema --json-format -o docs/json-format.md"
    for kind in RECORDS:
        assert (ROOT / "docs" / "json-schemas" / f"{kind}.schema.json").read_text() == record_schema_text(kind), \
            f"run: planner schema --record {kind} -o docs/json-schemas/{kind}.schema.json"


def test_every_field_is_described_required_and_closed():
    def walk(schema: dict, defs: dict):
        if "properties" in schema:
            assert schema.get("additionalProperties") is False
            assert set(schema["required"]) == set(schema["properties"])
            for name, prop in schema["properties"].items():
                assert prop.get("description"), name
        for sub in defs.values():
            assert sub.get("additionalProperties") is False and set(sub["required"]) == set(sub["properties"])
            assert all(p.get("description") for p in sub["properties"].values())

    for kind in RECORDS:
        schema = record_schema(kind)
        walk(schema, schema.get("$defs", {}))


def _records(settings: Settings) -> dict[str, list[dict]]:
    """Every kind of record, made the way each command makes it, under one objective mode."""
    scenario = load("onboarding-q3")
    plan = api.plan(scenario, settings)
    without_forecast = settings.replace(forecast_samples=0)
    over = scenario.with_capacity_scaled(0.2)  # a roadmap over capacity; the optimum still exists
    return {
        "plan": [records.plan_dict(plan), records.plan_dict(api.plan(scenario, without_forecast))],
        "roadmap": [records.roadmap_dict(api.evaluate_roadmap(scenario, ["tour"], settings)),
                    records.roadmap_dict(api.evaluate_roadmap(over, ["tour", "sso", "templates"], without_forecast))],
        "explanation": [records.explain_dict(explain(scenario, settings, "sso"))],
        "frontier": [records.frontier_dict(capacity_frontier(scenario, None, 0.5, 1.0, 2, settings))],
        "tradeoff": [records.tradeoff_dict(objective_tradeoff(scenario, "onboarding", "signin", 3, settings))],
        "alternatives": [records.alternatives_dict(api.alternatives(scenario, 2, settings=settings))],
        "comparison": [records.comparison_dict(api.compare([scenario], settings=settings)),
                       records.comparison_dict(api.compare([scenario], settings=without_forecast))],
        "forecast": [records.forecast_record(plan.forecast)],
        "sweep": [records.sweep_dict(api.sweep(ROOT / "scenarios" / "onboarding-q3.yaml",  # 0: infeasible
                                               {"teams.platform.capacity": ["0", "24"]},
                                               POINT.replace(forecast_samples=200)))],  # a record's shape
        **_quarter_records(settings),
    }


def _quarter_records(settings: Settings) -> dict[str, list[dict]]:
    """The check-in commands' records, on the bundled quarter (week 8, and the final actuals)."""
    from support import ROOT

    scenario = api.load(ROOT / "scenarios" / "cloudsecure-q1.yaml")
    week8, final = (ROOT / "scenarios" / "cloudsecure-q1-checkins" / f for f in ("week-08.yaml", "final.yaml"))
    return {"status": [records.status_dict(api.status(scenario, week8, settings), scenario)],
            "replan": [records.replan_dict(api.replan(scenario, week8, settings, split_over="remaining"), scenario)],
            "score": [records.score_dict(api.score(scenario, final, settings), scenario)],
            "calibration": [records.calibration_dict(api.calibrate([(scenario, final)]))]}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize("settings", [POINT.replace(forecast_samples=400), SAMPLED, CAUTIOUS],
                         ids=["point", "expected", "cautious"])
def test_every_record_matches_its_schema_under_every_objective(settings):
    made = _records(settings)
    assert set(made) == set(RECORDS)
    for kind, written in made.items():
        validator = jsonschema.Draft202012Validator(record_schema(kind))
        for record in written:
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(
                json.loads(records.as_json(record)))]
            assert not errors, (kind, errors[:3])
            # One name per measure: no record has a field called `score` (it meant two things in version 1).
            assert not {k for k in _keys(record) if "score" in k}, kind


def test_guardrails_are_in_the_records_and_match_their_schemas():
    scenario = load("api-platform-q2")
    plan = api.plan(scenario, SAMPLED)
    made = {"plan": records.plan_dict(plan), "forecast": records.forecast_record(plan.forecast),
            "roadmap": records.roadmap_dict(api.evaluate_roadmap(scenario, ["webhooks-v2", "quickstart"], SAMPLED))}
    for kind, record in made.items():
        jsonschema.validate(json.loads(records.as_json(record)), record_schema(kind))
    assert [g["id"] for g in made["plan"]["guardrails"]] == ["availability", "p95-latency"]
    assert all(g["held"] and g["p_held"] is not None for g in made["plan"]["guardrails"])
    broken = made["roadmap"]  # webhooks-v2 costs availability and nothing buys it back
    assert not broken["guardrails"][0]["held"] and "guardrail[availability]" in [v["constraint"] for v in broken["violations"]]


def test_a_schema_refuses_a_renamed_field():
    record = records.plan_dict(api.plan(load("onboarding-q3"), POINT.replace(forecast_samples=0)))
    record["score"] = record.pop("attainment_of_expected_impacts")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, record_schema("plan"))


def test_the_headline_field_holds_the_number_every_view_headlines():
    result = api.plan(load("cloudsecure-q1"), Settings(forecast_samples=2000))
    record = records.plan_dict(result)
    assert record["headline"] == "expected_attainment"
    assert record[record["headline"]] == records.rounded(result.headline)
    assert record["optimizer"]["value"] == records.rounded(result.plan.value)  # the in-sample value, named apart
    point = records.plan_dict(api.plan(load("onboarding-q3"), POINT.replace(forecast_samples=0)))
    assert point["headline"] == "attainment_of_expected_impacts" and point["expected_attainment"] is None
