"""The scenario file's schema: published, current, and the impact grammar it accepts."""

from __future__ import annotations

import json

import pytest
import yaml

from support import ROOT, SCENARIOS
from planner.api import schema_text
from planner.schema import parse_impact, parse_impact_number


def test_published_schema_is_current():
    assert (ROOT / "docs" / "scenario.schema.json").read_text() == schema_text(), \
        "run: planner schema -o docs/scenario.schema.json"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_bundled_scenario_matches_json_schema(path):
    import jsonschema

    jsonschema.validate(yaml.safe_load(path.read_text()), json.loads(schema_text()))


def test_impacts_as_numbers_ranges_or_relative():
    assert parse_impact_number(8) == (8.0, False)
    assert parse_impact_number("-50% of baseline") == (-0.5, True)
    assert parse_impact({"low": 1, "likely": 2, "high": 4}) == (1.0, 2.0, 4.0, False)


def test_published_checkin_schema_is_current_and_every_bundled_check_in_matches_it():
    import jsonschema
    import yaml

    from planner.api import checkin_schema_text

    assert (ROOT / "docs" / "checkin.schema.json").read_text() == checkin_schema_text(), \
        "run: planner schema --checkin -o docs/checkin.schema.json"
    schema = json.loads(checkin_schema_text())
    for path in sorted((ROOT / "scenarios" / "cloudsecure-q1-checkins").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)
