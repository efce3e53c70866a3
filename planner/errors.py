"""The errors a user can meet, and the exit code each maps to.

One user-error class (`ScenarioError`, exit 2) carries every problem found in the input,
each with its place and a fix. `InfeasibleError` (exit 1) carries a diagnosis instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from planner.diagnosis import Diagnosis


# How an error names what the user typed. The library names its own parameters (`team`, an
# `override` of a field); a front end passes its own spelling of them (`--team`, `--set`).
Names = Mapping[str, str]


@dataclass(frozen=True)
class Location:
    """Where a problem sits: a YAML line or a spreadsheet row of a file, or an override
    (`path=value`, the API's `overrides`) that put the value there."""

    file: str | None = None
    line: int | None = None
    row: int | None = None
    override: str | None = None  # the `path=value` edit this element came from
    edited_by: tuple[str, ...] = ()  # `path=value` edits inside this element, which may be the cause

    def render(self, names: Names = {}) -> str:  # noqa: B006  (read only)
        word = names.get("overrides", "override")
        parts = [self.file] if self.file else []
        if self.override is not None:
            parts.append(f"{word} {self.override}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        edits = f" (as changed by {', '.join(f'{word} {e}' for e in self.edited_by)})" if self.edited_by else ""
        return ", ".join(parts) + edits

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what, and what to do about it."""

    where: str  # the element in the user's terms, e.g. "initiative `sso`, impacts"
    message: str
    fix: str = ""
    location: Location = field(default_factory=Location)

    def render(self, names: Names = {}) -> str:  # noqa: B006  (read only)
        """The problem in words, with parameters spelled by `names` (as they are, without)."""
        place = self.location.render(names)
        text = f"{place + ': ' if place else ''}{names.get(self.where, self.where)}: {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text

    def __str__(self) -> str:
        return self.render()


class PlannerError(Exception):
    """Base class of every error the planner raises on purpose.

    `parameters` names the settings or arguments (API names, e.g. `time_limit`) whose change
    the message suggests, so a front end can point at its own spelling of them (a CLI flag)."""

    exit_code = 2

    def __init__(self, *args, parameters: tuple[str, ...] = ()):
        super().__init__(*args)
        self.parameters = parameters


class ScenarioError(PlannerError):
    """The input is wrong. Holds every problem found, so a user fixes them in one pass."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self))

    def render(self, names: Names = {}) -> str:  # noqa: B006  (read only)
        """Every problem, with parameters spelled as a front end spells them (`team` -> `--team`)."""
        n = len(self.problems)
        head = "1 problem" if n == 1 else f"{n} problems"
        return f"{head}:\n" + "\n".join(f"  {p.render(names)}" for p in self.problems)

    def __str__(self) -> str:
        return self.render()


class InfeasibleError(PlannerError):
    """No selection of initiatives satisfies every constraint; `diagnosis` says which conflict."""

    exit_code = 1

    def __init__(self, diagnosis: Diagnosis):
        self.diagnosis = diagnosis
        super().__init__(str(diagnosis))


class SolverError(PlannerError):
    """The solver failed or returned something the evaluator rejects. Always a bug or a limit."""

    exit_code = 1


class Undecided(SolverError):
    """A what-if hit the time limit before the solver could answer it (no plan found, or a
    decision neither proven nor refuted). Explanations catch it and state what is known."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' Did you mean `x`?' for the closest candidate, or '' when none is close."""
    match = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    return f" Did you mean `{match[0]}`?" if match else ""


def unknown_id(where: str, kind: str, wanted: str, known: Iterable[str], fix: str) -> Problem:
    """The one wording of "there is no <kind> `x`. Did you mean `y`?"."""
    return Problem(where, f"there is no {kind} `{wanted}`." + did_you_mean(wanted, known), fix)
