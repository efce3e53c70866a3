"""The formulation: every row registered under its domain constraint."""

from __future__ import annotations

from support import load
from planner.constraints import Constraint, ConstraintKind
from planner.optimizer.edits import Edits
from planner.optimizer.formulation import RELAXABLE, formulate

ONBOARDING = load("onboarding-q3")


def test_every_row_has_a_domain_name():
    rows = formulate(ONBOARDING).rows
    assert {"capacity[growth]", "capacity[platform]", "progress[completion]", "requires[sso->identity-api]",
            "excludes[magic-link|password-reset]", "commit[mobile-signup]", "split[primary]",
            "split[exploration]"} <= set(rows)
    assert all(isinstance(name, Constraint) for name in rows)
    assert len(rows[Constraint.split("primary")]) == 2  # a band: a floor row and a ceiling row
    assert sum(len(r) for r in rows.values()) == formulate(ONBOARDING).problem.numConstraints()


def test_split_off_removes_split_rows():
    rows = formulate(ONBOARDING, Edits(split=False)).rows
    assert not any(name.kind is ConstraintKind.SPLIT for name in rows)


def test_forcing_adds_a_commit_row():
    rows = formulate(ONBOARDING, Edits(force_in=("sso",), force_out=("tour",))).rows
    assert Constraint.commit("sso") in rows and Constraint.commit("tour") in rows


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
    rows = sampled.rows[Constraint.progress("completion")]
    assert len(rows) in (1, 7)  # one row when every sample is the same (exact), else one per sample
    assert any(len(sampled.rows[Constraint.progress(kr.id)]) == 7 for kr in ONBOARDING.key_results)
