"""Frontiers: the best plan as capacity grows, and the trade-off between two objectives.

- `capacity_frontier`: the optimum at each capacity level (one team, or all teams together),
  with what enters and leaves from one step to the next, so the knee of the curve shows.
- `objective_tradeoff`: sweep the relative weight of two objectives and keep the plans that are
  not dominated on their two scores (the Pareto frontier).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from planner.errors import InfeasibleError, Problem, ScenarioError, Undecided, unknown_id
from planner.evaluation import evaluate
from planner.forecast import OPTIMIZE_STREAM, SampleSet, expected_attainments, forecast
from planner.frames import frame
from planner.model import MAX_AMOUNT, Scenario, Tier
from planner.optimizer import Edits, diagnose, optimize
from planner.results import Bounded, Plan
from planner.settings import OptimizerObjective, Settings
from planner.whatif import Progress, WhatIfs, differences, parallel_map, solve_in_time


MAX_LEVELS = 101  # capacity levels in one frontier (each is a solve)


@dataclass(frozen=True)
class FrontierPoint:
    level: float  # capacity as a fraction of today's (1.0 = as planned)
    capacity: float  # the swept team's capacity, or the total over all teams
    # The best value at this level (None: no feasible plan; unproven: none found in time); cut
    # short by the time limit, it lies between `best.value` and the proven bound `best.other_end`.
    best: Bounded
    selected: tuple[str, ...]
    entering: tuple[str, ...]  # vs the previous level
    leaving: tuple[str, ...]
    # The plan's expected attainment on the fresh samples `plan` headlines with (None without a
    # forecast or a plan); `best` is on the optimizer's own samples.
    expected_attainment: float | None = None

    @property
    def value(self) -> float | None:
        return self.best.value

    @property
    def proven(self) -> bool:
        return self.best.proven

    @property
    def is_today(self) -> bool:
        """The capacity the scenario has (level 100%)."""
        return is_todays_level(self.level)


def is_todays_level(level: float) -> bool:
    """Whether a capacity level (a fraction of today's) is today's capacity."""
    return abs(level - 1.0) < 1e-9


@dataclass(frozen=True)
class CapacityFrontier:
    team_id: str | None  # None: all teams scaled together
    units: str
    points: tuple[FrontierPoint, ...]
    settings: Settings = Settings()  # how each level was solved (the measure of `FrontierPoint.best`)

    @property
    def knee(self) -> FrontierPoint | None:
        """The level after which each extra unit of capacity buys the least: where the gain per
        unit drops the most (the curve's sharpest bend). None when a level is not proven: a bend
        between values that are only bounds would be a guess."""
        feasible = [p for p in self.points if p.value is not None]
        if len(feasible) < 3 or not all(p.proven for p in self.points):
            return None
        slopes = [(b.value - a.value) / (b.capacity - a.capacity) if b.capacity != a.capacity else 0.0
                  for a, b in zip(feasible, feasible[1:])]
        drops = [slopes[n] - slopes[n + 1] for n in range(len(slopes) - 1)]
        return feasible[1 + int(np.argmax(drops))] if max(drops) > 1e-9 else None

    def table(self):
        """One row per capacity level (index: level, 1.0 = today), for notebooks."""
        knee = self.knee
        rows = [{"level": p.level, "capacity": p.capacity, "value": p.value, "proven": p.proven, "bound": p.best.other_end,
                 "knee": knee is not None and p.level == knee.level, "entering": ", ".join(p.entering),
                 "leaving": ", ".join(p.leaving)} for p in self.points]
        return frame(rows, index="level")


def _check_team(scenario: Scenario, team: str | None) -> None:
    known = [t.id for t in scenario.teams]
    if team is not None and team not in known:
        raise ScenarioError(unknown_id("team", "team", team, known, f"use one of {', '.join(known)}"))


def capacity_frontier(scenario: Scenario, team: str | None = None, start: float = 0.5, stop: float = 1.5,
                      steps: int = 11, settings: Settings | None = None, progress: Progress | None = None,
                      today: Plan | None = None) -> CapacityFrontier:
    """The best value at each capacity level from `start` to `stop` (fractions of today's).
    `today`: the plan already solved for the scenario as it is, under the same `settings`; the
    level at 100% is then that plan instead of a second solve, so a report's plan and its
    frontier's point at today are one computation.

    >>> from planner import load_scenario
    >>> f = capacity_frontier(load_scenario("scenarios/onboarding-q3.yaml"), "platform", 0.5, 1.5, 3,
    ...                       Settings(objective="point", workers=1))
    >>> [(p.capacity, round(p.value, 3)) for p in f.points]
    [(12.0, 0.461), (24.0, 0.528), (36.0, 0.528)]
    """
    _check_team(scenario, team)
    if not 0 <= start < stop or steps < 2:
        raise ScenarioError(Problem("start/stop/steps", f"{start:g} to {stop:g} in {steps} steps",
                                    "use 0 <= start < stop and at least 2 steps"))
    largest = max((t.capacity for t in scenario.teams if team in (None, t.id)), default=0.0)
    if not stop * largest <= MAX_AMOUNT or steps > MAX_LEVELS:
        raise ScenarioError(Problem("start/stop/steps", f"{start:g} to {stop:g} in {steps} steps",
                                    f"keep capacities within {MAX_AMOUNT:g} {scenario.units} and use at most "
                                    f"{MAX_LEVELS} steps"))
    settings = settings or Settings()
    levels = [round(float(x), 10) for x in np.linspace(start, stop, steps)]
    solved = [level for level in levels if today is None or not is_todays_level(level)]
    found = dict(zip(solved, parallel_map(_solve_level, [(team, level) for level in solved], settings.workers, progress,
                                          shared=WhatIfs(scenario, settings))))
    plans = [found[level] if level in found else (today, True) for level in levels]
    fresh = expected_attainments(scenario, [p.selected for p, _ in plans if p], settings.forecast_samples,
                                 settings.seed)
    points, previous = [], None
    for level, (plan, known) in zip(levels, plans):
        varied = scenario.with_capacity_scaled(level, team)
        capacity = varied.team(team).capacity if team else varied.total_capacity
        selected = plan.selected if plan else ()
        entering, leaving = differences(previous, selected) if previous is not None else ((), ())
        proven = known and (plan is None or plan.proven)
        best = Bounded(plan.value if plan else None, plan.solve.bound if plan else None, proven)
        points.append(FrontierPoint(level, capacity, best, selected, entering, leaving,
                                    fresh.get(selected) if plan else None))
        previous = selected if plan else previous
    if all(p.value is None and p.proven for p in points):  # no level to chart: say why, as `plan` does
        if start <= 1.0 <= stop:
            raise InfeasibleError(diagnose(scenario, solver=settings.solver))
        who = f"team {team}'s" if team else "today's"
        raise InfeasibleError(replace(
            diagnose(scenario.with_capacity_scaled(levels[-1], team), solver=settings.solver),
            subject=f"the scenario at {levels[-1]:.0%} of {who} capacity (the most this frontier asks for)"))
    return CapacityFrontier(team, scenario.units, tuple(points), settings)


def _solve_level(context: WhatIfs, job) -> tuple[Plan | None, bool]:
    team, level = job
    teams = [t for t in context.scenario.teams if team in (None, t.id)]
    return solve_in_time(context.live, Edits(capacity=tuple((t.id, t.capacity * level) for t in teams)))


@dataclass(frozen=True)
class TradeoffPoint:
    share: float  # weight share of objective A (B gets the rest)
    score_a: float | None  # None: no plan found within the time limit
    score_b: float | None
    selected: tuple[str, ...]
    dominated: bool  # True also when no plan was found
    proven: bool = True  # False: the best plan found within the time limit, not proven optimal


@dataclass(frozen=True)
class ObjectiveTradeoff:
    objective_a: str
    objective_b: str
    points: tuple[TradeoffPoint, ...]
    tiers: tuple[Tier, Tier] | None = None  # the two objectives' tiers
    split_on: bool = False  # whether the 70/20/10 split held each tier's share of effort
    settings: Settings = Settings()  # how each point was solved and scored (the measure of its scores)

    @property
    def is_flat(self) -> bool:
        """Whether every weight strictly between 0% and 100% (at least two of them) gives the same
        scores: the two do not compete. At 0% or 100% one objective counts for nothing, so its
        score there is any of its ties."""
        inside = [(p.score_a, p.score_b) for p in self.points if 0 < p.share < 1 and p.score_a is not None]
        return len(inside) >= 2 and len(set(inside)) == 1

    def table(self):
        """One row per weight share of objective A (index: share), for notebooks."""
        return frame([{"share": p.share, self.objective_a: p.score_a, self.objective_b: p.score_b,
                              "pareto": not p.dominated, "proven": p.proven, "selected": ", ".join(p.selected)}
                      for p in self.points], index="share")

    @property
    def pareto(self) -> tuple[TradeoffPoint, ...]:
        seen, out = set(), []
        for p in self.points:
            if not p.dominated and (p.score_a, p.score_b) not in seen:
                seen.add((p.score_a, p.score_b))
                out.append(p)
        return tuple(out)


def objective_tradeoff(scenario: Scenario, objective_a: str, objective_b: str, steps: int = 11,
                       settings: Settings | None = None, progress: Progress | None = None) -> ObjectiveTradeoff:
    """Sweep the weight of A against B (A's share from 0 to 1, their total weight kept) and
    report both objectives' scores of each optimal plan, marking the dominated ones."""
    known = [o.id for o in scenario.objectives]
    for name in (objective_a, objective_b):
        if name not in known:
            raise ScenarioError(unknown_id("between", "objective", name, known, f"use two of {', '.join(known)}"))
    if objective_a == objective_b:
        raise ScenarioError(Problem("between", "the two objectives are the same", "name two different objectives"))
    settings = settings or Settings()
    total = scenario.objective(objective_a).weight + scenario.objective(objective_b).weight
    shares = [round(float(x), 10) for x in np.linspace(0.0, 1.0, steps)]
    jobs = [(objective_a, objective_b, share, total) for share in shares]
    solved = parallel_map(_solve_share, jobs, settings.workers, progress, shared=WhatIfs(scenario, settings))
    points = [(share, *result) for share, result in zip(shares, solved)]
    found = [(a, b) for _, a, b, _, _ in points if a is not None]
    marked = tuple(
        TradeoffPoint(share, a, b, selected, a is None or any(
            (a2 >= a - 1e-9 and b2 >= b - 1e-9) and (a2 > a + 1e-9 or b2 > b + 1e-9) for a2, b2 in found),
            proven)
        for share, a, b, selected, proven in points)
    tiers = (scenario.objective(objective_a).tier, scenario.objective(objective_b).tier)
    return ObjectiveTradeoff(objective_a, objective_b, marked, tiers, scenario.split is not None, settings)


def _solve_share(context: WhatIfs, job):
    scenario, settings = context.scenario, context.settings
    a, b, share, total = job
    varied = scenario.with_objective_weight(a, share * total).with_objective_weight(b, (1 - share) * total)
    try:  # weights never change feasibility: an infeasible scenario raises, with its diagnosis
        plan = optimize(varied, settings.replace(time_limit=settings.whatif_limit))
    except Undecided:  # no plan at all within the time limit
        return None, None, (), False
    scores = objective_scores(scenario, plan.selected, settings)
    return scores[a], scores[b], plan.selected, plan.proven


def objective_scores(scenario: Scenario, selection, settings: Settings) -> dict[str, float]:
    """Each objective's score for a selection, in the settings' objective (sampled or point)."""
    if settings.objective is OptimizerObjective.POINT:
        return dict(evaluate(scenario, selection).objective_scores)
    sampled = SampleSet(scenario, settings.samples, settings.seed, OPTIMIZE_STREAM)
    return {o: d.mean for o, d in forecast(scenario, selection, sample_set=sampled).objectives.items()}
