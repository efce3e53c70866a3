"""Check-ins: where the quarter stands on a date, as recorded by the team.

A check-in holds the current value of any key result (or guardrail), each initiative's status
with the effort spent (and, for work in progress, the effort still to go), new estimates where
the team has learned something, and each team's capacity for the whole quarter after changes
(a team that lost two people from week 8). Initiatives it does not list have not started.

Plain immutable values, validated against their scenario by `planner.validation.build_checkin`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from planner.model import Estimate, frozen_map


class Status(StrEnum):
    """Where an initiative stands."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Progress:
    """One initiative at a check-in. `remaining` is the effort still to go per team (work in
    progress only; None: the plan's effort less what is spent). `confidence` and `impacts`
    replace the scenario's estimates from here on, where given."""

    status: Status = Status.NOT_STARTED
    spent: Mapping[str, float] = field(default_factory=frozen_map)  # team id -> effort spent so far
    remaining: Mapping[str, float] | None = None
    confidence: float | None = None
    impacts: Mapping[str, Estimate] = field(default_factory=frozen_map)  # KR or guardrail id -> new estimate
    notes: str = ""

    @property
    def total_spent(self) -> float:
        return sum(self.spent.values())


NOT_STARTED = Progress()


@dataclass(frozen=True)
class CheckIn:
    """The quarter at `week` (weeks since its start; 0 before any work)."""

    week: float
    key_results: Mapping[str, float] = field(default_factory=frozen_map)  # KR or guardrail id -> current value
    initiatives: Mapping[str, Progress] = field(default_factory=frozen_map)
    capacity: Mapping[str, float] = field(default_factory=frozen_map)  # team id -> whole-quarter capacity now
    date: date | None = None
    notes: str = ""

    def progress(self, initiative_id: str) -> Progress:
        """An initiative's progress; not started when the check-in does not list it."""
        return self.initiatives.get(initiative_id, NOT_STARTED)

    def with_status(self, status: Status) -> tuple[str, ...]:
        """Ids of the initiatives listed with this status, in the check-in's order."""
        return tuple(i for i, p in self.initiatives.items() if p.status is status)
