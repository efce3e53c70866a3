"""Diagnoses: numbers from the optimizer, words written here once."""

from __future__ import annotations

from planner.constraints import BUDGET_LIMIT, EFFORT_LIMIT, Constraint
from planner.diagnosis import Diagnosis, Relaxation, RelaxationStep


def test_each_step_in_the_users_terms():
    assert str(RelaxationStep(Constraint.capacity("platform"), 1.999, "person-weeks")) == "+2 person-weeks on platform"
    assert str(RelaxationStep(Constraint.capacity("p"), 1.234, "pw")) == "+1.24 pw on p"  # rounded up: always enough
    assert str(RelaxationStep(EFFORT_LIMIT, 3, "pw")) == "raise the effort cap by 3 pw"
    assert str(RelaxationStep(BUDGET_LIMIT, 10)) == "raise the budget by 10"
    assert str(RelaxationStep(Constraint.commit("sso"), 1)) == "drop the commitment on `sso`"
    assert str(RelaxationStep(Constraint.split("secondary"), 0.1, share=0.3, band=(0.15, 0.25))) == \
        "let secondary work take 30% of effort (band 15%-25%)"
    assert str(RelaxationStep(Constraint.min_attainment("o"), 0.2, floor=0.5)) == "lower the minimum of `o` from 50% to 30%"


def test_a_diagnosis_lists_conflicts_and_relaxations():
    step = RelaxationStep(Constraint.capacity("platform"), 2, "person-weeks")
    d = Diagnosis((Constraint.capacity("platform"), Constraint.commit("sso")), (Relaxation("capacity", (step,)),))
    text = str(d)
    assert text.startswith("the scenario is infeasible") and "capacity[platform], commit[sso]" in text
    assert "  - capacity: +2 person-weeks on platform" in text
    assert d.relaxations[0].constraints == (Constraint.capacity("platform"),)
    assert "no single kind of relaxation" in str(Diagnosis((), ()))
