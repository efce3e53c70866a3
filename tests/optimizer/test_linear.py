"""The formulation's algebra: PuLP's arithmetic, term for term, with no solver behind it."""

from __future__ import annotations

import pytest

from planner.optimizer.linear import Sense, Variable, linear_sum


def test_expressions():
    x, y = Variable(0, "x", 0, 1, True), Variable(1, "y", None, None)
    e = 2.0 * x + y - 3
    assert e.terms == {0: 2.0, 1: 1} and e.constant == -3
    assert (e / 2).terms == {0: 1.0, 1: 0.5} and (0 * e).terms == {}  # a product by 0 drops every term
    assert (1 - x).terms == {0: -1} and (1 - x).constant == 1
    assert linear_sum([x, x, 2.5, y]).terms == {0: 2, 1: 1} and linear_sum([x, 2.5]).constant == 2.5


def test_inequalities_move_the_right_side_into_the_expression():
    x, y = Variable(0, "x", 0, 1), Variable(1, "y", 0, 1)
    row = x + y <= 1
    assert row.sense is Sense.LE and row.expression.terms == {0: 1, 1: 1} and row.expression.constant == -1
    row = x >= y
    assert row.sense is Sense.GE and row.expression.terms == {0: 1, 1: -1}


def test_value_at_a_solution():
    x, y = Variable(0, "x", 0, 1), Variable(1, "y", 0, 1)
    e = 0.5 * x + 2 * y + 1
    assert e.at([1.0, 0.25]) == pytest.approx(2.0) and e.at([1.0, None]) is None
