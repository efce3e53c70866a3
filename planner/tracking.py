"""The quarter after the plan: where it stands at a check-in, the best plan from there, and the
score at the end.

Each answer works on `planner.quarter.rest_of_quarter` (the rest of the quarter as a scenario,
scores kept whole-quarter), so every rule of how spent effort and delivered work count is written
once, there. The plan being tracked is the original scenario's optimal plan under the same
settings unless one is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.checkin import CheckIn, Status
from planner.evaluation import Evaluation, evaluate
from planner.forecast import Distribution, Forecast, SampleSet, forecast, kr_status
from planner.frames import frame
from planner.model import Scenario
from planner.optimizer import optimize
from planner.quarter import RestOfQuarter, rest_of_quarter
from planner.results import Plan
from planner.settings import Settings

# How a re-plan treats each initiative, against the plan being tracked.
CONTINUE, STOP, START, KEEP, DROP, DONE, DROPPED = ("continue", "stop", "start", "keep", "drop", "done", "dropped")


@dataclass(frozen=True)
class KeyResultStatus:
    key_result_id: str
    baseline: float
    current: float | None  # as reported; None: not reported (the model's expectation is used)
    target: float
    attained_so_far: float  # the change seen so far over the gap (uncapped)
    forecast: Distribution  # attainment at the end of the quarter, if the plan goes on as it stands
    p_success: float  # P(attainment >= 70%) at the end of the quarter
    still_to_land: tuple[str, ...]  # initiatives of the plan, in progress or not started, that move it

    @property
    def status(self) -> str:
        return kr_status(self.p_success)


@dataclass(frozen=True)
class InitiativeStatus:
    initiative_id: str
    status: Status
    in_plan: bool  # part of the plan being tracked
    planned: float  # effort in the scenario
    spent: float
    remaining: float  # effort still to go (in progress: as reported; planned and not started: all of it)
    late: bool = False  # still to go on some team beyond what that team has left this quarter: it cannot finish

    @property
    def over_budget(self) -> float:
        """Effort beyond the plan's (spent and still to go), 0 when within it."""
        return max(0.0, self.spent + self.remaining - self.planned)


@dataclass(frozen=True)
class TeamStatus:
    team_id: str
    capacity: float  # the whole quarter's, after the check-in's changes
    spent: float
    still_planned: float  # effort the plan still needs from the team (work in progress and not started)

    @property
    def left(self) -> float:
        """Capacity left after what is spent and what the plan still needs (negative: over)."""
        return self.capacity - self.spent - self.still_planned


@dataclass(frozen=True)
class QuarterStatus:
    """Where the quarter stands at a check-in, if the plan goes on as it stands."""

    rest: RestOfQuarter
    plan: tuple[str, ...]  # the plan being tracked (original ids)
    going_on: tuple[str, ...]  # what goes on from here: work in progress and the plan's not-started initiatives
    evaluation: Evaluation  # of going on, on the rest-of-quarter scenario (it may no longer fit)
    forecast: Forecast  # of going on: whole-quarter attainment at the end
    key_results: tuple[KeyResultStatus, ...]
    initiatives: tuple[InitiativeStatus, ...]
    teams: tuple[TeamStatus, ...]

    @property
    def scenario(self) -> Scenario:
        return self.rest.original

    @property
    def headline(self) -> float:
        return self.forecast.expected_score

    def table(self):
        """One row per KR (index: id): baseline, current, target, attained so far, the forecast
        at the end of the quarter, its status and what is still to land on it."""
        return frame([{"id": k.key_result_id, "baseline": k.baseline, "current": k.current, "target": k.target,
                       "attained_so_far": k.attained_so_far, "expected_attainment": k.forecast.mean,
                       "p10": k.forecast.p10, "p90": k.forecast.p90, "p_reach_70": k.p_success, "status": k.status,
                       "still_to_land": ", ".join(k.still_to_land)} for k in self.key_results])

    def initiatives_table(self):
        """One row per initiative (index: id): status, in the plan, planned, spent and remaining effort."""
        return frame([{"id": x.initiative_id, "status": x.status.value, "in_plan": x.in_plan, "planned": x.planned,
                       "spent": x.spent, "remaining": x.remaining, "over_budget": x.over_budget, "late": x.late}
                      for x in self.initiatives])

    def teams_table(self):
        """One row per team (index: id): the quarter's capacity, spent, still planned and left."""
        return frame([{"id": t.team_id, "capacity": t.capacity, "spent": t.spent, "still_planned": t.still_planned,
                       "left": t.left} for t in self.teams])


@dataclass(frozen=True)
class Replan:
    """The best plan for the rest of the quarter, against going on as planned."""

    status: QuarterStatus  # going on as planned: the "before"
    plan: Plan  # the optimizer's plan on the rest-of-quarter scenario
    forecast: Forecast  # the new plan's, on the same samples as the status's: the "after"
    moves: Mapping[str, str]  # initiative id -> continue, stop, start, keep, drop, done or dropped

    @property
    def selected(self) -> tuple[str, ...]:
        """The initiatives the new plan goes on with or starts (not the spent blocks)."""
        return self.status.rest.chosen(self.plan.selected)

    def with_move(self, move: str) -> tuple[str, ...]:
        return tuple(i for i, m in self.moves.items() if m == move)

    def table(self):
        """One row per initiative with a move (index: id): the move, and its status at the check-in."""
        checkin = self.status.rest.checkin
        return frame([{"id": i, "move": m, "status": checkin.progress(i).status.value} for i, m in self.moves.items()])


@dataclass(frozen=True)
class KeyResultScore:
    key_result_id: str
    baseline: float
    actual: float | None  # None: not reported
    target: float
    score: float | None  # progress toward the target, capped at 1.0; below 0 when the metric moved away
    planned: Distribution  # the forecast made at planning time (attainment)
    p_success_planned: float

    @property
    def within_range(self) -> bool | None:
        """Whether the score fell within the planning forecast's P10-P90."""
        if self.score is None:
            return None
        return self.planned.p10 - 1e-9 <= self.score <= self.planned.p90 + 1e-9

    @property
    def miss(self) -> float | None:
        """The score less the forecast's expected attainment (negative: it fell short)."""
        return None if self.score is None else self.score - self.planned.mean


@dataclass(frozen=True)
class GuardrailScore:
    guardrail_id: str
    actual: float | None
    level: float
    held: bool | None


@dataclass(frozen=True)
class Scorecard:
    """The quarter scored from its final check-in, against the forecast made at planning time."""

    scenario: Scenario
    checkin: CheckIn
    plan: tuple[str, ...]
    planned: Forecast
    key_results: tuple[KeyResultScore, ...]
    guardrails: tuple[GuardrailScore, ...]
    objectives: Mapping[str, float | None]  # weighted mean of the reported KRs' scores
    overall: float | None

    def table(self):
        """One row per KR (index: id): baseline, actual, target, its score, the planning forecast
        (expected, P10, P90), whether the score fell in that range, and the miss."""
        return frame([{"id": k.key_result_id, "baseline": k.baseline, "actual": k.actual, "target": k.target,
                       "score": k.score, "planned": k.planned.mean, "planned_p10": k.planned.p10,
                       "planned_p90": k.planned.p90, "within_range": k.within_range, "miss": k.miss}
                      for k in self.key_results])

    def misses(self) -> tuple[KeyResultScore, ...]:
        """Reported KRs, largest miss against the forecast first."""
        return tuple(sorted((k for k in self.key_results if k.miss is not None),
                            key=lambda k: (-abs(k.miss), k.key_result_id)))


def tracked_plan(scenario: Scenario, settings: Settings, plan: Iterable[str] | None = None) -> tuple[str, ...]:
    """The plan being tracked: the one given, else the scenario's optimal plan under `settings`."""
    if plan is not None:
        from planner.evaluation import check_ids

        return tuple(check_ids(scenario, plan, "plan"))
    return optimize(scenario, settings).selected


def quarter_status(scenario: Scenario, checkin: CheckIn, settings: Settings = Settings(),
                   plan: Iterable[str] | None = None, landed: float = 1.0, split_over: str = "quarter") -> QuarterStatus:
    """Where the quarter stands: per KR so far and at the end if the plan goes on, per initiative
    and per team, from the check-in."""
    tracked = tracked_plan(scenario, settings, plan)
    rest = rest_of_quarter(scenario, checkin, landed, split_over)
    return _status(rest, tracked, SampleSet(rest.scenario, settings.forecast_samples or 1, settings.seed))


def _status(rest: RestOfQuarter, tracked: tuple[str, ...], samples: SampleSet) -> QuarterStatus:
    s, c, r = rest.original, rest.checkin, rest.scenario
    going_on = tuple(x.id for x in r.initiatives if x.id in rest.sunk_blocks
                     or c.progress(x.id).status is Status.IN_PROGRESS or x.id in tracked)
    result = forecast(r, going_on, sample_set=samples)
    evaluation = evaluate(r, going_on)
    chosen = set(rest.chosen(going_on))
    krs = []
    for kr in s.key_results:
        f = result.key_result(kr.id)
        movers = tuple(i for i in rest.chosen(going_on) if r.kr_effects(r.initiative(i)).get(kr.id, 0.0) * kr.gap > 0)
        krs.append(KeyResultStatus(kr.id, kr.baseline, c.key_results.get(kr.id), kr.target,
                                   rest.realized[kr.id] / kr.gap, f.attainment, f.p_success, movers))
    left = {t.id: rest.capacity[t.id] - rest.sunk[t.id] for t in s.teams}  # capacity no one has spent yet
    initiatives = []
    for x in s.initiatives:
        p = c.progress(x.id)
        to_go = r.initiative(x.id).effort if x.id in chosen else {}
        late = any(effort > left[team] + 1e-9 for team, effort in to_go.items())
        initiatives.append(InitiativeStatus(x.id, p.status, x.id in tracked, x.total_effort, p.total_spent,
                                            sum(to_go.values()), late))
    teams = tuple(TeamStatus(t.id, rest.capacity[t.id], rest.sunk[t.id],
                             sum(r.initiative(i).effort.get(t.id, 0.0) for i in chosen)) for t in s.teams)
    return QuarterStatus(rest, tracked, rest.chosen(going_on), evaluation, result, tuple(krs), tuple(initiatives), teams)


def replan(scenario: Scenario, checkin: CheckIn, settings: Settings = Settings(), plan: Iterable[str] | None = None,
           landed: float = 1.0, split_over: str = "quarter") -> Replan:
    """The best plan for the rest of the quarter (raises `InfeasibleError` with a diagnosis when
    no plan fits), against going on as planned, forecast on the same samples."""
    tracked = tracked_plan(scenario, settings, plan)
    rest = rest_of_quarter(scenario, checkin, landed, split_over)
    samples = SampleSet(rest.scenario, settings.forecast_samples or 1, settings.seed)
    status = _status(rest, tracked, samples)
    best = optimize(rest.scenario, settings)
    after = forecast(rest.scenario, best.selected, sample_set=samples)
    chosen = set(rest.chosen(best.selected))
    moves = {}
    for x in scenario.initiatives:
        st = checkin.progress(x.id).status
        if st is Status.DONE:
            moves[x.id] = DONE
        elif st is Status.DROPPED:
            moves[x.id] = DROPPED
        elif st is Status.IN_PROGRESS:
            moves[x.id] = CONTINUE if x.id in chosen else STOP
        elif x.id in tracked:
            moves[x.id] = KEEP if x.id in chosen else DROP
        elif x.id in chosen:
            moves[x.id] = START
    return Replan(status, best, after, moves)


def score_quarter(scenario: Scenario, final: CheckIn, settings: Settings = Settings(),
                  plan: Iterable[str] | None = None) -> Scorecard:
    """Each KR's score from the final actuals (progress toward target, capped at 1.0; below 0
    for harm), each guardrail held or broken, each objective's and the overall score with the
    scenario's weights, against the forecast of the plan made at planning time."""
    tracked = tracked_plan(scenario, settings, plan)
    planned = forecast(scenario, tracked, samples=settings.forecast_samples or 1, seed=settings.seed)
    scores = []
    for kr in scenario.key_results:
        actual = final.key_results.get(kr.id)
        f = planned.key_result(kr.id)
        scores.append(KeyResultScore(kr.id, kr.baseline, actual, kr.target,
                                     None if actual is None else kr.attainment(actual - kr.baseline),
                                     f.attainment, f.p_success))
    guards = tuple(GuardrailScore(g.id, final.key_results.get(g.id), g.level,
                                  None if g.id not in final.key_results else g.holds(final.key_results[g.id]))
                   for g in scenario.guardrails)
    by_id = {k.key_result_id: k for k in scores}
    objectives = {o.id: _weighted([(kr.weight, by_id[kr.id].score) for kr in o.key_results]) for o in scenario.objectives}
    overall = _weighted([(scenario.objective(kr.objective).weight * kr.weight, by_id[kr.id].score)
                         for kr in scenario.key_results])
    return Scorecard(scenario, final, tracked, planned, tuple(scores), guards, objectives, overall)


def _weighted(pairs: list[tuple[float, float | None]]) -> float | None:
    """Weighted mean of the reported scores (None when none is reported)."""
    known = [(w, v) for w, v in pairs if v is not None]
    total = sum(w for w, _ in known)
    return sum(w * v for w, v in known) / total if total else None
