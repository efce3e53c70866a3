"""Linear expressions and rows over the model's variables: the formulation's own algebra, with no
solver behind it. A backend hands the finished model to an engine (`planner.optimizer.backends`).

The arithmetic follows PuLP's term for term (the order terms first appear in, integer 1 for a
lone variable, a product by 0 dropping every term), so a model handed to PuLP is the one PuLP
itself would have built from the same expressions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from planner.constraints import Constraint


@dataclass(frozen=True)
class Variable:
    """A column: its index in the model, name, bounds (None: unbounded) and integrality."""

    index: int
    name: str
    low: float | None
    high: float | None
    binary: bool = False

    def term(self) -> Linear:
        return Linear({self.index: 1}, 0)  # as PuLP: an integer 0 constant

    # A variable in arithmetic acts as the expression 1 * variable.
    def __add__(self, other):
        return self.term() + other

    __radd__ = __add__

    def __sub__(self, other):
        return self.term() - other

    def __rsub__(self, other):
        return -self.term() + other

    def __mul__(self, factor):
        return self.term() * factor

    __rmul__ = __mul__

    def __neg__(self):
        return -self.term()

    def __le__(self, other):
        return self.term() <= other

    def __ge__(self, other):
        return self.term() >= other


class Sense(Enum):
    LE = "<="
    GE = ">="


@dataclass
class Linear:
    """sum of coefficient * variable (by index), plus a constant."""

    terms: dict[int, float] = field(default_factory=dict)
    constant: float = 0.0

    def copy(self) -> Linear:
        return Linear(dict(self.terms), self.constant)

    def add(self, other, sign: int = 1) -> Linear:
        """Add (or subtract, `sign` -1) a number, a variable, an expression or an iterable of them,
        in place."""
        if isinstance(other, int) and other == 0:
            return self
        if isinstance(other, Variable):
            self._add_term(other.index, sign)
        elif isinstance(other, Linear):
            self.constant += other.constant * sign
            for index, coefficient in other.terms.items():
                self._add_term(index, coefficient * sign)
        elif isinstance(other, Iterable):
            for item in other:
                self.add(item, sign)
        else:
            self.constant += other * sign
        return self

    def _add_term(self, index: int, coefficient: float) -> None:
        if index in self.terms:
            self.terms[index] += coefficient
        else:
            self.terms[index] = coefficient

    def __add__(self, other) -> Linear:
        return self.copy().add(other)

    __radd__ = __add__

    def __sub__(self, other) -> Linear:
        return self.copy().add(other, -1)

    def __rsub__(self, other) -> Linear:
        return (-self).add(other)

    def __neg__(self) -> Linear:
        return Linear({i: -c for i, c in self.terms.items()}, -self.constant)

    def __mul__(self, factor: float) -> Linear:
        if factor == 0:
            return Linear()
        return Linear({i: factor * c for i, c in self.terms.items()}, self.constant * factor)

    __rmul__ = __mul__

    def __truediv__(self, divisor: float) -> Linear:
        return Linear({i: c / divisor for i, c in self.terms.items()}, self.constant / divisor)

    def __le__(self, other) -> Inequality:
        return self._compare(other, Sense.LE)

    def __ge__(self, other) -> Inequality:
        return self._compare(other, Sense.GE)

    def _compare(self, other, sense: Sense) -> Inequality:
        if isinstance(other, (int, float)):
            return Inequality(Linear(dict(self.terms), self.constant - other), sense)
        return Inequality(self - other, sense)

    def at(self, values: list[float | None]) -> float | None:
        """The expression's value at a solution (None if a variable in it has no value)."""
        total = self.constant
        for index, coefficient in self.terms.items():
            if values[index] is None:
                return None
            total += values[index] * coefficient
        return total


def linear_sum(items: Iterable) -> Linear:
    """The sum of numbers, variables and expressions."""
    return Linear().add(items)


@dataclass(frozen=True)
class Inequality:
    """`expression <= 0` or `expression >= 0` (the constant moved into the expression)."""

    expression: Linear
    sense: Sense


@dataclass(frozen=True)
class Row:
    """One row of the model, under the domain constraint it belongs to."""

    constraint: Constraint
    label: str  # the engine's name for the row: c1, c2, ... in the order rows were added
    inequality: Inequality
