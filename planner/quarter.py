"""The rest of the quarter as a planning problem: a scenario built from the original and a check-in.

Everything downstream (the optimizer, forecasts, explanations) then works on it unchanged. The
rules, each stated once here (docs/model.md, "The quarter after the plan"):

- **Scores stay whole-quarter.** Key results keep their baseline and target; what has happened
  so far enters as their trend, so an attainment on this scenario is the quarter's attainment.
  A KR's trend becomes: the change already seen (its current value less the baseline; without a
  reported value, what the model expects by now), plus what delivered work has still to show,
  plus the remaining weeks' share of its organic trend (its range scaled alike).
- **Delivered work** (`done`) shows in the KR values by `landed`, the share of its expected
  impact already in the current value (1.0 by default: a done initiative's impact is in the
  numbers). The rest, `1 - landed`, arrives by the end of the quarter.
- **Sunk effort is charged once.** Effort spent on done, dropped and in-progress work is spent:
  it counts against each team's capacity for the whole quarter (after the check-in's changes).
  Work in progress may continue at its remaining effort, or stop (freeing exactly that).
  Not-started initiatives compete as before. Done and dropped ones are no longer candidates.
- **The split** is judged on the whole quarter's effort, spent included (`split_over="quarter"`,
  the default: the sunk effort enters as one committed block per tier), or on the remaining work
  only (`split_over="remaining"`: the sunk effort just comes off each team's capacity).
- **Links.** A requirement on a done initiative is met; on a dropped one it cannot be, so the
  dependant is kept out (stopped, if in progress); a done initiative keeps out what it excludes.
  A commitment to a done initiative is kept; to a dropped one it lapses (reported).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from planner.checkin import CheckIn, Status
from planner.model import TIERS, Commitment, Estimate, Initiative, Scenario, Tier, frozen_map

SPLIT_OVER = ("quarter", "remaining")  # what the 70/20/10 split is judged on in a re-plan
SUNK_PREFIX = "spent-"  # id of the committed block holding a tier's sunk effort: spent-primary, ...


@dataclass(frozen=True)
class RestOfQuarter:
    """The rest of the quarter: `scenario` to plan on, and how it was derived."""

    scenario: Scenario
    original: Scenario
    checkin: CheckIn
    landed: float
    split_over: str
    sunk: Mapping[str, float]  # team id -> effort already spent (done, dropped, in progress)
    capacity: Mapping[str, float]  # team id -> the quarter's capacity after the check-in's changes
    realized: Mapping[str, float]  # KR or guardrail id -> change seen so far (reported, else expected)
    lapsed: tuple[str, ...]  # commitments that can no longer hold (their initiative was dropped)
    kept_out: tuple[str, ...]  # initiatives a done or dropped one rules out (work in progress then stops)

    @property
    def sunk_blocks(self) -> frozenset[str]:
        """Ids of the committed blocks that hold the spent effort (split judged on the quarter)."""
        return frozenset(x.id for x in self.scenario.initiatives) - {x.id for x in self.original.initiatives}

    @property
    def candidates(self) -> tuple[str, ...]:
        """What the re-plan chooses among: work in progress (continue or stop) and not started."""
        return tuple(x.id for x in self.scenario.initiatives if x.id not in self.sunk_blocks)

    def chosen(self, selected) -> tuple[str, ...]:
        """A selection on this scenario without the sunk blocks: the initiatives chosen."""
        return tuple(i for i in selected if i not in self.sunk_blocks)


def rest_of_quarter(scenario: Scenario, checkin: CheckIn, landed: float = 1.0,
                    split_over: str = "quarter") -> RestOfQuarter:
    """The scenario for the rest of the quarter (see the module docstring for the rules)."""
    if split_over not in SPLIT_OVER:
        raise ValueError(f"split_over must be one of {SPLIT_OVER}")
    s, c = scenario, checkin
    status = {x.id: c.progress(x.id).status for x in s.initiatives}
    done = [s.initiative(i) for i, st in status.items() if st is Status.DONE]
    dropped = {i for i, st in status.items() if st is Status.DROPPED}
    started = {i for i, st in status.items() if st is not Status.NOT_STARTED}
    elapsed = min(1.0, c.week / s.quarter.weeks) if s.quarter.weeks else 1.0
    guardrail_ids = {g.id for g in s.guardrails}

    # What has moved, and what is still to come, on each KR and guardrail.
    realized, trends = {}, {}
    for kr in (*s.key_results, *s.guardrails):
        delivered = sum(s.effects(x).get(kr.id, 0.0) for x in done)
        expected_now = landed * delivered + kr.expected_trend * elapsed
        realized[kr.id] = c.key_results[kr.id] - kr.baseline if kr.id in c.key_results else expected_now
        to_come = realized[kr.id] + (1 - landed) * delivered
        trends[kr.id] = _shifted(kr.trend, 1 - elapsed, to_come)

    capacity = {t.id: c.capacity.get(t.id, t.capacity) for t in s.teams}
    sunk = dict.fromkeys(capacity, 0.0)
    sunk_by_tier: dict[Tier, dict[str, float]] = {t: {} for t in TIERS}
    sunk_cost = 0.0
    for i in started:
        x, progress = s.initiative(i), c.progress(i)
        sunk_cost += x.cost
        for team_id, effort in progress.spent.items():
            sunk[team_id] += effort
            sunk_by_tier[x.tier][team_id] = sunk_by_tier[x.tier].get(team_id, 0.0) + effort

    delivered = {x.id for x in done}
    pairs = {(x.id, e) for x in s.initiatives for e in x.excludes}
    ruled_out = {b for a, b in pairs if a in delivered} | {a for a, b in pairs if b in delivered}
    ruled_out |= {x.id for x in s.initiatives if set(x.requires) & dropped}
    kept_out = tuple(x.id for x in s.initiatives if x.id in ruled_out and status[x.id] in (Status.NOT_STARTED,
                                                                                            Status.IN_PROGRESS))
    lapsed = tuple(i for i in dropped if s.initiative(i).commit is Commitment.IN)

    initiatives = []
    for x in s.initiatives:
        st = status[x.id]
        if st in (Status.DONE, Status.DROPPED):
            continue
        progress = c.progress(x.id)
        updated = _updated(x, progress.impacts, progress.confidence, guardrail_ids)
        commit = x.commit
        if x.id in kept_out:
            commit = Commitment.OUT
        links = {"requires": tuple(r for r in x.requires if status[r] in (Status.NOT_STARTED, Status.IN_PROGRESS)),
                 "excludes": tuple(e for e in x.excludes if status[e] in (Status.NOT_STARTED, Status.IN_PROGRESS))}
        if st is Status.IN_PROGRESS:
            remaining = progress.remaining if progress.remaining is not None else {
                t: max(0.0, e - progress.spent.get(t, 0.0)) for t, e in x.effort.items()}
            updated = dataclasses.replace(updated, effort=frozen_map(remaining), cost=0.0)
        changed = updated is not x  # new effort or estimates: keep the tier it was planned in
        initiatives.append(dataclasses.replace(updated, commit=commit, tier_is_explicit=x.tier_is_explicit or changed,
                                               **links))

    teams = s.teams
    budget, max_effort = s.budget, s.max_effort
    if split_over == "quarter":  # sunk effort as committed blocks, one per tier, so the split sees it
        teams = tuple(dataclasses.replace(t, capacity=capacity[t.id]) for t in s.teams)
        taken = {x.id for x in s.initiatives}
        blocks = [Initiative(id=_free_id(f"{SUNK_PREFIX}{tier.value}", taken), title=f"Effort already spent ({tier.value})",
                             effort=frozen_map(effort), commit=Commitment.IN, tier=tier, tier_is_explicit=True,
                             cost=sunk_cost if n == 0 else 0.0)
                  for n, (tier, effort) in enumerate((t, e) for t, e in sunk_by_tier.items() if e)]
        initiatives = blocks + initiatives
    else:  # only what is left: the sunk effort comes off the capacity, limits and budget
        teams = tuple(dataclasses.replace(t, capacity=max(0.0, capacity[t.id] - sunk[t.id])) for t in s.teams)
        max_effort = None if max_effort is None else max(0.0, max_effort - sum(sunk.values()))
        budget = None if budget is None else max(0.0, budget - sunk_cost)
    objectives = tuple(dataclasses.replace(
        o, key_results=tuple(dataclasses.replace(kr, trend=trends[kr.id]) for kr in o.key_results),
        guardrails=tuple(dataclasses.replace(g, trend=trends[g.id]) for g in o.guardrails)) for o in s.objectives)
    rest = dataclasses.replace(s, name=f"{s.name} (rest of the quarter from week {c.week:g})", teams=teams,
                               objectives=objectives, initiatives=tuple(initiatives), budget=budget,
                               max_effort=max_effort)
    return RestOfQuarter(rest, s, c, landed, split_over, frozen_map(sunk), frozen_map(capacity),
                         frozen_map(realized), lapsed, kept_out)



def _shifted(trend: Estimate | None, share: float, shift: float) -> Estimate | None:
    """`share` of a trend's range, moved by `shift` (None when both are nothing)."""
    if trend is None:
        return None if shift == 0 else Estimate(shift, shift, shift)
    if share == 1 and shift == 0:
        return trend
    return Estimate(trend.low * share + shift, trend.likely * share + shift, trend.high * share + shift)


def _free_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or with a number after it when an initiative of the scenario has that id."""
    n, found = 2, wanted
    while found in taken:
        found, n = f"{wanted}-{n}", n + 1
    return found


def _updated(x: Initiative, impacts: Mapping[str, Estimate], confidence: float | None,
             guardrail_ids: set[str]) -> Initiative:
    """The initiative with the check-in's new estimates, where it gives any."""
    if not impacts and confidence is None:
        return x
    goals = {k: v for k, v in impacts.items() if k not in guardrail_ids}
    guards = {k: v for k, v in impacts.items() if k in guardrail_ids}
    return dataclasses.replace(x, impacts=frozen_map({**x.impacts, **goals}),
                               guardrail_impacts=frozen_map({**x.guardrail_impacts, **guards}),
                               confidence=x.confidence if confidence is None else confidence)
