"""Constraint names: a kind and a subject, read back without slicing text."""

from __future__ import annotations

import json
import pickle

from planner.constraints import BUDGET_LIMIT, EFFORT_LIMIT, Constraint, ConstraintKind


def test_names_render_as_before():
    assert Constraint.capacity("growth") == "capacity[growth]"
    assert Constraint.split("primary") == "split[primary]"
    assert Constraint.requires("sso", "identity-api") == "requires[sso->identity-api]"
    assert Constraint.excludes("b", "a") == Constraint.excludes("a", "b") == "excludes[a|b]"
    assert Constraint.commit("sso") == "commit[sso]" and Constraint.min_attainment("o") == "min_attainment[o]"
    assert (EFFORT_LIMIT, BUDGET_LIMIT) == ("limit[effort]", "limit[budget]")


def test_kind_and_subject_survive_joins_json_and_processes():
    c = Constraint.capacity("growth")
    assert (c.kind, c.subject) == (ConstraintKind.CAPACITY, "growth")
    assert ", ".join([c, EFFORT_LIMIT]) == "capacity[growth], limit[effort]"
    assert json.dumps({"c": c}) == '{"c": "capacity[growth]"}'
    copy = pickle.loads(pickle.dumps(c))
    assert copy == c and copy.kind is ConstraintKind.CAPACITY and copy.subject == "growth"
    assert sorted([Constraint.split("x"), Constraint.capacity("y")]) == ["capacity[y]", "split[x]"]


def test_every_kind_is_documented():
    assert all(kind.__doc__ for kind in ConstraintKind)
