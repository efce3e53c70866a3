"""Every bundled scenario loads, validates against the published JSON Schema, and is sane."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT, SCENARIOS, run
from planner.api import schema_text
from planner.loading import load_scenario


def test_there_are_bundled_scenarios():
    assert {p.name for p in SCENARIOS} >= {"onboarding-q3.yaml", "cloudsecure-q1.yaml", "multi-team-q4.yaml"}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_bundled_scenario_is_valid(path, runner):
    result = run(runner, "validate", path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_bundled_scenario_matches_json_schema(path):
    import jsonschema

    jsonschema.validate(yaml.safe_load(path.read_text()), json.loads(schema_text()))


def test_published_schema_is_current():
    assert (ROOT / "docs" / "scenario.schema.json").read_text() == schema_text(), \
        "run: planner schema -o docs/scenario.schema.json"


def test_larger_scenario_has_the_promised_shape():
    s = load_scenario(ROOT / "scenarios" / "multi-team-q4.yaml")
    assert len(s.objectives) == 4 and len(s.initiatives) >= 25 and len(s.teams) >= 4
    assert {o.tier.value for o in s.objectives} == {"primary", "secondary", "exploration"}
