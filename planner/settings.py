"""How plans are solved and forecast: one frozen, validated `Settings`, and every default.

Every API function takes `settings=Settings(...)`; the CLI generates its options from the
fields here (`planner.cli.settings_options`), so a default is written once. Errors name the
parameter (`samples`), never a command-line flag: the CLI's own parsing catches bad flags first.

>>> Settings(objective="point").objective is OptimizerObjective.POINT
True
>>> Settings(samples=0)
Traceback (most recent call last):
...
planner.errors.ScenarioError: 1 problem:
  samples: 0 samples
    fix: use 1 to 2,000 (default 150)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from enum import StrEnum

from planner.enums import DocumentedEnum
from planner.errors import Problem, ScenarioError


class OptimizerObjective(DocumentedEnum):
    """What the optimizer maximizes (not to be confused with an OKR objective)."""

    EXPECTED = "expected", "The true expected capped attainment, over Monte Carlo samples (a sample-average model)."
    POINT = "point", "The attainment of expected impacts: each estimate replaced by its mean (faster)."


class Risk(DocumentedEnum):
    """How the sampled objective treats bad outcomes."""

    NEUTRAL = "neutral", "Maximize the mean over samples."
    CAUTIOUS = "cautious", "Maximize the mean of the worst 20% of samples (CVaR)."


class Solver(DocumentedEnum):
    """The MILP engine."""

    HIGHS = "highs", "HiGHS, the default: fast, and kept live in memory for loops of what-ifs."
    CBC = "cbc", "CBC, the fallback (rebuilds the model for every what-if)."
    CPLEX = "cplex", "IBM CPLEX, optional (pip install 'okr-planner[cplex]'; the free edition takes models up to 1,000 variables and 1,000 constraints)."
    GUROBI = "gurobi", "Gurobi, optional (pip install 'okr-planner[gurobi]'; the pip licence takes models up to 2,000 variables and 2,000 constraints)."
    AUTO = "auto", "The fastest installed engine whose licence takes the model: CPLEX, then Gurobi, then HiGHS."


DEFAULT_GAP = 1e-4  # 0.01%: what "optimal" means in every output
# Samples in the sample-average model, by measurement (bench/README.md): on the bundled
# scenarios 150 found plans within 0.03 points of 200's on every seed, 100 did not, and 200
# took a third longer.
DEFAULT_OPTIMIZATION_SAMPLES = 150
DEFAULT_FORECAST_SAMPLES = 10_000
# Bounds that keep a run within memory and time on a laptop: the sample-average model has a row
# per sample and uncertain KR; a forecast holds samples x KRs numbers.
MAX_OPTIMIZATION_SAMPLES = 2_000
MAX_FORECAST_SAMPLES = 200_000
MAX_SEED = 2**32 - 1
# Fast mode's stop for the sample-average solve, and what bench/fast_mode.py measured it to cost
# in expected attainment (points, on fresh samples) across its instances: the one place the
# output's warning takes its numbers from.
FAST_GAP = 0.005
FAST_COST = (0.0, 0.14)
CAUTIOUS_TAIL = 0.20  # "cautious" maximizes the mean score of the worst 20% of samples


@dataclass(frozen=True)
class Settings:
    """How plans are solved and forecast; every what-if re-solves with the base plan's settings."""

    objective: OptimizerObjective = OptimizerObjective.EXPECTED
    risk: Risk = Risk.NEUTRAL
    samples: int = DEFAULT_OPTIMIZATION_SAMPLES  # Monte Carlo samples in the optimization model
    seed: int = 0  # the same seed gives the same plans, forecasts and outputs
    solver: Solver = Solver.HIGHS
    time_limit: float | None = 60.0  # seconds per solve (None: no limit)
    gap: float = DEFAULT_GAP  # relative optimality gap to stop at
    forecast_samples: int = DEFAULT_FORECAST_SAMPLES  # fresh samples plans are reported on (0: no forecast)
    workers: int = 2  # processes for independent re-solves
    # Seconds per what-if re-solve in explanations, prices and frontiers (None: `time_limit`).
    # An answer cut short is reported as the range the solver proved, never as exact.
    whatif_time_limit: float | None = None
    # Fast mode: the sample-average model stops within FAST_GAP of its bound instead of `gap`
    # (seconds instead of tens of seconds on large portfolios, at a measured cost: FAST_COST).
    fast: bool = False
    # Seconds for all of an explanation's re-solves (None: no limit). Initiatives nearest the
    # margin (by the LP screen) are answered first; past the budget, the rest get the range the LP
    # screen and a feasible plan prove, never a guess.
    explain_budget: float | None = None

    def __post_init__(self) -> None:
        problems = []
        for name, kind in (("objective", OptimizerObjective), ("risk", Risk), ("solver", Solver)):
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, kind(value))
            except ValueError:
                choices = ", ".join(member.value for member in kind)
                problems.append(Problem(name, f"unknown {name} {value!r}", f"use one of {choices}"))
        if self.risk is Risk.CAUTIOUS and self.objective is OptimizerObjective.POINT:
            problems.append(Problem("risk", "a risk attitude needs the sampled model",
                                    "use objective 'expected', or risk 'neutral'"))
        if not isinstance(self.samples, int) or not 1 <= self.samples <= MAX_OPTIMIZATION_SAMPLES:
            problems.append(Problem("samples", f"{self.samples} samples",
                                    f"use 1 to {MAX_OPTIMIZATION_SAMPLES:,} (default {DEFAULT_OPTIMIZATION_SAMPLES})"))
        if not isinstance(self.forecast_samples, int) or not 0 <= self.forecast_samples <= MAX_FORECAST_SAMPLES:
            problems.append(Problem("forecast_samples", f"{self.forecast_samples} samples",
                                    f"use 0 (no forecast) to {MAX_FORECAST_SAMPLES:,} (default "
                                    f"{DEFAULT_FORECAST_SAMPLES:,})"))
        if not isinstance(self.seed, int) or not 0 <= self.seed <= MAX_SEED:
            problems.append(Problem("seed", f"seed {self.seed}", f"use a whole number from 0 to {MAX_SEED:,}"))
        if not 0 <= self.gap < 1:
            problems.append(Problem("gap", f"gap {self.gap} is outside [0, 1)", "use e.g. 0.0001 for 0.01%"))
        for name in ("time_limit", "whatif_time_limit", "explain_budget"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                problems.append(Problem(name, f"{value} seconds", "use a positive number, or None"))
        if not isinstance(self.workers, int) or self.workers < 1:
            problems.append(Problem("workers", f"{self.workers} workers", "use 1 or more"))
        if problems:
            raise ScenarioError(problems)

    @property
    def sampled_gap(self) -> float:
        """The gap the sample-average model stops at: `gap`, or FAST_GAP in fast mode."""
        return max(self.gap, FAST_GAP) if self.fast else self.gap

    @property
    def whatif_limit(self) -> float | None:
        """The time limit each what-if re-solve gets."""
        return self.time_limit if self.whatif_time_limit is None else self.whatif_time_limit

    def replace(self, **changes) -> Settings:
        """These settings with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def for_point_model(self) -> Settings:
        """The same settings on the attainment of expected impacts (the sampled model's start)."""
        return self.replace(objective=OptimizerObjective.POINT, risk=Risk.NEUTRAL)


def default(name: str):
    """The default of one `Settings` field, as plain data (an enum's value), for the CLI's
    options and the docs."""
    value = next(f.default for f in fields(Settings) if f.name == name)
    return value.value if isinstance(value, StrEnum) else value


@dataclass(frozen=True)
class Spelling:
    """How a reader names the settings a sentence suggests changing: API parameters in a notebook,
    flags on the command line (`planner.cli` spells its own)."""

    gap: str
    time_limit: str
    whatif_time_limit: str
    capacity_step: str
    frontier: str  # where to see the capacity frontier
    explain_budget: str = "`explain_budget`"


API_SPELLING = Spelling("`gap`", "`time_limit`", "`whatif_time_limit`", "`capacity_step`", "`api.frontier`")
