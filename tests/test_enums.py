"""Documented enumerations: every member has its own docstring and behaves as its string."""

from __future__ import annotations

import json
import pickle

import pytest

from planner.constraints import ConstraintKind
from planner.enums import DocumentedEnum
from planner.results import SolveStatus
from planner.settings import OptimizerObjective, Risk, Solver


class Colour(DocumentedEnum):
    """Colours."""

    RED = "red", "The colour of stop."


def test_a_member_is_its_value_with_its_own_docstring():
    assert Colour.RED == "red" and f"{Colour.RED}" == "red" and json.dumps(Colour.RED) == '"red"'
    assert Colour("red") is Colour.RED and pickle.loads(pickle.dumps(Colour.RED)) is Colour.RED
    assert Colour.RED.__doc__ == "The colour of stop." and Colour.__doc__ == "Colours."


@pytest.mark.parametrize("kind", [SolveStatus, ConstraintKind, OptimizerObjective, Risk, Solver])
def test_every_member_of_the_planners_enums_is_documented(kind):
    docs = [member.__doc__ for member in kind]
    assert all(docs) and kind.__doc__ not in docs and len(set(docs)) == len(docs)
