"""Every bundled scenario loads, validates, and has the promised shape (schema: test_schema.py)."""

from __future__ import annotations

import pytest

from support import ROOT, SCENARIOS, validated
from planner.loading import load_scenario


def test_there_are_bundled_scenarios():
    assert {p.name for p in SCENARIOS} >= {"onboarding-q3.yaml", "cloudsecure-q1.yaml", "multi-team-q4.yaml"}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_bundled_scenario_is_valid(path):
    result = validated(path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok")


def test_larger_scenario_has_the_promised_shape():
    s = load_scenario(ROOT / "scenarios" / "multi-team-q4.yaml")
    assert len(s.objectives) == 4 and len(s.initiatives) >= 25 and len(s.teams) >= 4
    assert {o.tier.value for o in s.objectives} == {"primary", "secondary", "exploration"}
