"""Errors: one user-error class with every problem, its place and a fix; exit codes by class."""

from __future__ import annotations

from planner.errors import (InfeasibleError, Location, PlannerError, Problem, ScenarioError, SolverError, Undecided,
                            did_you_mean, unknown_id)


def test_a_problem_names_its_place_and_fix():
    p = Problem("initiative `sso`, effort", "is -1", "give a number, 0 or more", Location("s.yaml", 12))
    assert str(p) == "s.yaml, line 12: initiative `sso`, effort: is -1\n    fix: give a number, 0 or more"
    edited = Location("s.yaml", line=3, edited_by=("split.primary=0.8",))
    assert str(edited) == "s.yaml, line 3 (as changed by override split.primary=0.8)"  # the API's word
    assert edited.render({"overrides": "--set"}) == "s.yaml, line 3 (as changed by --set split.primary=0.8)"
    assert str(Location(override="teams.x.capacity=-1")) == "override teams.x.capacity=-1"


def test_exit_codes():
    assert ScenarioError(Problem("x", "y")).exit_code == 2 and PlannerError().exit_code == 2
    assert SolverError("x").exit_code == 1 and Undecided("x").exit_code == 1
    assert InfeasibleError.exit_code == 1


def test_every_problem_at_once_and_renamed_for_a_front_end():
    e = ScenarioError([Problem("team", "a"), Problem("x", "b")])
    assert str(e).startswith("2 problems:") and e.render({"team": "--team"}).count("--team: a") == 1


def test_did_you_mean():
    assert did_you_mean("platfrom", ["platform", "growth"]) == " Did you mean `platform`?"
    assert did_you_mean("zzz", ["platform"]) == ""
    assert str(unknown_id("team", "team", "platfrom", ["platform"], "use one")) == \
        "team: there is no team `platfrom`. Did you mean `platform`?\n    fix: use one"


def test_errors_carry_the_parameters_to_change():
    assert Undecided("x", parameters=("time_limit",)).parameters == ("time_limit",)
    assert SolverError("x").parameters == ()
