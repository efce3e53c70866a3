"""Edits: a what-if as changes of the base scenario."""

from __future__ import annotations

from support import load
from planner.optimizer.edits import Edits, policy_view

ONBOARDING = load("onboarding-q3")


def test_no_edit_is_the_scenario_itself():
    assert Edits().scenario(ONBOARDING) is ONBOARDING


def test_edits_change_a_copy():
    edits = Edits(impacts=(("tour", 2.0),), effort=(("tour", 0.5),), capacity=(("growth", 10.0),),
                  released=("mobile-signup",))
    edited = edits.scenario(ONBOARDING)
    tour, before = edited.initiative("tour"), ONBOARDING.initiative("tour")
    assert tour.total_effort == before.total_effort * 0.5
    assert all(tour.impacts[k].mean == 2 * e.mean for k, e in before.impacts.items())
    assert edited.team("growth").capacity == 10 and edited.initiative("mobile-signup").commit is None
    assert ONBOARDING.team("growth").capacity == 40  # the base is untouched


def test_policies_off():
    assert policy_view(ONBOARDING, split=False, commitments=True).split is None
    off = policy_view(ONBOARDING, split=True, commitments=False)
    assert all(x.commit is None for x in off.initiatives)


def test_respected_by():
    edits = Edits(force_in=("a",), force_out=("b",))
    assert edits.respected_by(["a", "c"]) and not edits.respected_by(["a", "b"]) and not edits.respected_by([])
