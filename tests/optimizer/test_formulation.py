"""The formulation: every row registered under its domain constraint."""

from __future__ import annotations

from support import load
from planner.constraints import Constraint, ConstraintKind
from planner.optimizer.edits import Edits
from planner.optimizer.formulation import RELAXABLE, formulate

ONBOARDING = load("onboarding-q3")


def test_every_row_has_a_domain_name():
    model = formulate(ONBOARDING)
    assert {"capacity[growth]", "capacity[platform]", "progress[completion]", "requires[sso->identity-api]",
            "excludes[magic-link|password-reset]", "commit[mobile-signup]", "split[primary]",
            "split[exploration]"} <= set(model.constraints)
    assert all(isinstance(row.constraint, Constraint) for row in model.rows)
    assert len(model.rows_of(Constraint.split("primary"))) == 2  # a band: a floor row and a ceiling row
    assert [row.label for row in model.rows] == [f"c{n}" for n in range(1, len(model.rows) + 1)]


def test_rows_by_hand():
    model = formulate(ONBOARDING)
    (capacity,) = model.rows_of(Constraint.capacity("growth"))
    growth = {model.pick[x.id].index: x.effort["growth"] for x in ONBOARDING.initiatives if "growth" in x.effort}
    assert capacity.inequality.expression.terms == {i: growth[i] for i in sorted(growth)}
    assert capacity.inequality.expression.constant == -40 and capacity.inequality.sense.value == "<="
    (excludes,) = model.rows_of(Constraint.excludes("magic-link", "password-reset"))
    assert sorted(excludes.inequality.expression.terms.values()) == [1, 1] and excludes.inequality.expression.constant == -1


def test_split_off_removes_split_rows():
    model = formulate(ONBOARDING, Edits(split=False))
    assert not any(name.kind is ConstraintKind.SPLIT for name in model.constraints)


def test_forcing_adds_a_commit_row():
    names = formulate(ONBOARDING, Edits(force_in=("sso",), force_out=("tour",))).constraints
    assert Constraint.commit("sso") in names and Constraint.commit("tour") in names


def test_an_elastic_model_bends_only_its_family():
    bent = {}
    for family, kinds in RELAXABLE.items():
        model = formulate(ONBOARDING, elastic=frozenset({family}))
        assert {s.constraint.kind for s in model.slacks} <= set(kinds)
        bent[family] = len(model.slacks)
    assert bent["capacity"] == 2 and bent["split"] == 6 and bent["commitments"] == 1
    assert bent["minimums"] == 0  # onboarding sets no objective minimum


def test_the_sampled_model_has_a_row_per_sample_of_uncertain_krs():
    from planner.forecast import OPTIMIZE_STREAM, SampleSet

    sampled = formulate(ONBOARDING, samples=SampleSet(ONBOARDING, 7, 0, OPTIMIZE_STREAM))
    rows = sampled.rows_of(Constraint.progress("completion"))
    assert len(rows) in (1, 7)  # one row when every sample is the same (exact), else one per sample
    assert any(len(sampled.rows_of(Constraint.progress(kr.id))) == 7 for kr in ONBOARDING.key_results)


def test_the_model_is_plain_data():
    import sys

    model = formulate(ONBOARDING)
    assert all(type(v).__module__ == "planner.optimizer.linear" for v in model.variables)
    assert "pulp" not in sys.modules["planner.optimizer.formulation"].__dict__
