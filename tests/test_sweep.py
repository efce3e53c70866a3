"""Sweeps: every combination of changes solved as its own scenario, compared with the unchanged one."""

from __future__ import annotations

import pytest
import yaml

from support import POINT, SCENARIOS, SMALL, run
from planner import api
from planner.errors import ScenarioError
from planner.loading import load_scenario_file
from planner.optimizer import optimize

SETTINGS = POINT.replace(forecast_samples=0)


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(SMALL))
    return path


def test_each_variant_is_the_scenario_with_its_changes_solved_on_its_own(small_file):
    grid = {"teams.web.capacity": ["8", "14", "20"], "split.tolerance": ["0.15", "0.3"]}
    result = api.sweep(small_file, grid, SETTINGS)
    assert result.parameters == ("teams.web.capacity", "split.tolerance")
    assert [tuple(p.changes.values()) for p in result.points] == [
        ("8", "0.15"), ("8", "0.3"), ("14", "0.15"), ("14", "0.3"), ("20", "0.15"), ("20", "0.3")]
    for p in result.points:  # the same answer as loading the file with those `--set` changes and planning it
        changed = load_scenario_file(small_file, tuple(f"{k}={v}" for k, v in p.changes.items())).scenario
        plan = optimize(changed, SETTINGS)
        assert p.selected == plan.selected and p.attainment_of_expected_impacts == pytest.approx(plan.score)
    unchanged = next(p for p in result.points if p.changes == {"teams.web.capacity": "14", "split.tolerance": "0.15"})
    assert result.base.selected == unchanged.selected and unchanged.entering == unchanged.leaving == ()
    table = result.table()
    assert list(table.columns[:3]) == ["teams.web.capacity", "split.tolerance", "status"] and len(table) == 6


def test_an_infeasible_variant_says_what_conflicts_and_a_grid_too_big_is_refused(small_file):
    result = api.sweep(small_file, {"initiatives.ads.commit": ["in"], "teams.web.capacity": ["0", "14"]}, SETTINGS)
    infeasible, fine = result.points
    assert infeasible.status == "infeasible" and "commit[ads]" in infeasible.conflicting and fine.status == "optimal"
    with pytest.raises(ScenarioError, match="combinations; a sweep holds at most 400"):
        api.sweep(small_file, {"teams.web.capacity": [str(v) for v in range(21)],
                               "teams.platform.capacity": [str(v) for v in range(20)]}, SETTINGS)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_sweep_runs_on_every_bundled_scenario(path):
    team = api.load(path).scenario.teams[0]
    result = api.sweep(path, {f"teams.{team.id}.capacity": [f"{team.capacity * 0.8:g}", f"{team.capacity:g}"]},
                       SETTINGS.replace(forecast_samples=200))
    today = result.points[1]
    assert today.selected == result.base.selected and today.expected_attainment == pytest.approx(
        result.base.expected_attainment)
    assert result.points[0].expected_attainment <= today.expected_attainment + 0.02  # less capacity, rarely better


def test_the_sweep_command(runner, small_file, tmp_path):
    out = run(runner, "sweep", small_file, "--vary", "teams.web.capacity=8,14", "--objective", "point",
              "--format", "json")
    record = yaml.safe_load(out.output)
    assert record["format"] == "okr-planner/sweep" and [p["changes"] for p in record["points"]] == [
        {"teams.web.capacity": "8"}, {"teams.web.capacity": "14"}]
    assert "PATH=VALUE1,VALUE2" in run(runner, "sweep", small_file, "--vary", "teams.web.capacity", exit_code=2).output
