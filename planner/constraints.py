"""The names of the plan's constraints: a kind and a subject, written `capacity[growth]`.

The optimizer names its rows with these, the evaluator names violations with them, and the
explanations and diagnoses read them back by `kind` and `subject`, never by slicing text.
A `Constraint` is a `str` (its written form), so it prints, joins and serializes as the name.

>>> c = Constraint.capacity("growth")
>>> c, c.kind, c.subject
('capacity[growth]', <ConstraintKind.CAPACITY: 'capacity'>, 'growth')
>>> Constraint.excludes("b", "a")
'excludes[a|b]'
"""

from __future__ import annotations

from planner.enums import DocumentedEnum


class ConstraintKind(DocumentedEnum):
    """The families of constraints in the model (docs/model.md)."""

    CAPACITY = "capacity", "A team's capacity: the selected effort on the team fits it."
    SPLIT = "split", "A tier's share of selected effort stays in its 70/20/10 band."
    REQUIRES = "requires", "An initiative needs another (subject `a->b`)."
    EXCLUDES = "excludes", "Two initiatives cannot both be funded (subject `a|b`, sorted)."
    COMMIT = "commit", "An initiative committed in or out (or forced by a what-if)."
    MIN_ATTAINMENT = "min_attainment", "A floor on an objective's score."
    GUARDRAIL = "guardrail", "A level a metric must hold (a guardrail KR), on the plan's expected value."
    LIMIT = "limit", "A cap on total effort or budget (subject `effort` or `budget`)."
    PROGRESS = "progress", "A KR's attainment is its progress, capped at 100% (the objective's terms, never violated)."
    ALTERNATIVE = "alternative", "A no-good cut: differ from an earlier plan (listing alternatives)."
    TAIL = "tail", "The shortfall of one sample below the worst-20% level (the cautious objective's terms)."


class Constraint(str):
    """A constraint's domain name: kind and subject, rendered `kind[subject]`."""

    kind: ConstraintKind
    subject: str

    def __new__(cls, kind: ConstraintKind | str, subject: str) -> Constraint:
        kind = ConstraintKind(kind)
        name = super().__new__(cls, f"{kind.value}[{subject}]")
        name.kind, name.subject = kind, subject
        return name

    def __getnewargs__(self) -> tuple[str, str]:  # pickles to worker processes as (kind, subject)
        return self.kind.value, self.subject

    @classmethod
    def capacity(cls, team: str) -> Constraint:
        return cls(ConstraintKind.CAPACITY, team)

    @classmethod
    def split(cls, tier: str) -> Constraint:
        return cls(ConstraintKind.SPLIT, str(tier))

    @classmethod
    def requires(cls, initiative: str, needed: str) -> Constraint:
        return cls(ConstraintKind.REQUIRES, f"{initiative}->{needed}")

    @classmethod
    def excludes(cls, a: str, b: str) -> Constraint:
        return cls(ConstraintKind.EXCLUDES, "|".join(sorted((a, b))))

    @classmethod
    def commit(cls, initiative: str) -> Constraint:
        return cls(ConstraintKind.COMMIT, initiative)

    @classmethod
    def min_attainment(cls, objective: str) -> Constraint:
        return cls(ConstraintKind.MIN_ATTAINMENT, objective)

    @classmethod
    def guardrail(cls, key_result: str) -> Constraint:
        return cls(ConstraintKind.GUARDRAIL, key_result)

    @classmethod
    def progress(cls, key_result: str) -> Constraint:
        return cls(ConstraintKind.PROGRESS, key_result)


EFFORT_LIMIT = Constraint(ConstraintKind.LIMIT, "effort")
BUDGET_LIMIT = Constraint(ConstraintKind.LIMIT, "budget")
