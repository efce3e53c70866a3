"""What a spreadsheet would pick: greedy rankings under the same constraints.

Two rankings, as teams use them today:
- `value_per_effort`: each initiative's standalone expected score over its effort (RICE/WSJF).
- `marginal`: repeatedly add the initiative with the best gain per effort given what is already
  in (saturation-aware: a KR already at target gains nothing more).

Both fund commitments first, add an initiative together with the ones it requires, skip what a
chosen initiative excludes, skip what would break a guardrail, and stop at team capacity and the caps. With a split policy, a
greedy plan that breaks a band is repaired the way a planner would: fund the strongest items of
an under-filled tier that still fit, otherwise cut the weakest item of the most over-represented
tier; then refill with whatever fits and keeps the split. The result is an `Evaluation`, scored
by the same evaluator as the optimizer's plan. It may still be infeasible (e.g. an objective
minimum that no ranking aims for); callers check `feasible`.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

from planner.evaluation import Evaluation, evaluate
from planner.model import TIERS, TOLERANCE, Commitment, Initiative, Scenario, Tier

RULES = ("value_per_effort", "marginal")

Obstacle = tuple[str, ...]
"""Why a bundle does not fit: ("team", id), ("excluded", id), ("guardrail", id), ("max effort",),
("budget",), or PERMANENT (ruled out, or it excludes itself)."""
PERMANENT: Obstacle = ("permanent",)


class _Portfolio:
    """A selection with running totals, so each check is cheap and a cut costs only its own items."""

    def __init__(self, scenario: Scenario, blocked: set[str]):
        self.s = scenario
        self.ruled_out = set(blocked)  # committed out or cut
        self.excluded: Counter[str] = Counter()  # id -> how many chosen initiatives exclude it
        self.chosen: list[str] = []
        self.chosen_set: set[str] = set()
        self.progress: dict[str, float] = defaultdict(float)  # KR id -> uncapped progress
        for kr in scenario.key_results:
            self.progress[kr.id] = kr.progress(kr.expected_trend)
        self.use: dict[str, float] = defaultdict(float)
        self.tier_effort: dict[Tier, float] = defaultdict(float)
        self.cost = 0.0
        # guardrail id -> the metric's expected value (a ranking skips what would break one)
        self.guarded = {g.id: g.baseline + g.expected_trend for g in scenario.guardrails}

    @property
    def effort(self) -> float:
        return sum(self.tier_effort.values())

    def is_blocked(self, initiative_id: str) -> bool:
        return initiative_id in self.ruled_out or self.excluded[initiative_id] > 0

    def bundle(self, x: Initiative) -> list[Initiative]:
        """x and everything it needs that is not in yet, prerequisites first (in the order a
        depth-first walk of `requires` finishes them; an explicit stack, as chains may be long)."""
        if x.id in self.chosen_set:
            return []
        out: list[Initiative] = []
        seen: set[str] = {x.id}
        stack: list[tuple[Initiative, int]] = [(x, 0)]
        while stack:
            item, next_needed = stack.pop()
            if next_needed < len(item.requires):
                stack.append((item, next_needed + 1))
                needed = self.s.initiative(item.requires[next_needed])
                if needed.id not in seen and needed.id not in self.chosen_set:
                    seen.add(needed.id)
                    stack.append((needed, 0))
            else:
                out.append(item)
        return out

    def fits(self, bundle: list[Initiative]) -> bool:
        return self.why_not(bundle) is None

    def why_not(self, bundle: list[Initiative]) -> Obstacle | None:
        """The first thing that stops `bundle` being added, or None if it fits. Adding more never
        removes an obstacle; only a cut can (see `relieved_by`)."""
        ids = {x.id for x in bundle}
        for x in bundle:
            if x.id in self.ruled_out:
                return PERMANENT
            if self.excluded[x.id] > 0:
                return ("excluded", x.id)
        if any(o in ids for x in bundle for o in x.excludes):
            return PERMANENT
        need: dict[str, float] = defaultdict(float)
        for x in bundle:
            for team, amount in x.effort.items():
                need[team] += amount
        for team, amount in need.items():
            if self.s.team(team).is_over(self.use[team] + amount):
                return ("team", team)
        extra = sum(x.total_effort for x in bundle)
        if self.s.max_effort is not None and self.effort + extra > self.s.max_effort + TOLERANCE:
            return ("max effort",)
        if self.s.budget is not None and self.cost + sum(x.cost for x in bundle) > self.s.budget + TOLERANCE:
            return ("budget",)
        for g in self.s.guardrails:
            now = self.guarded[g.id]
            after = now + sum(self.s.guardrail_effects(x).get(g.id, 0.0) for x in bundle)
            if not g.holds(after) and g.margin(after) < g.margin(now):
                return ("guardrail", g.id)
        return None

    def gain(self, bundle: list[Initiative]) -> float:
        delta: dict[str, float] = defaultdict(float)
        for x in bundle:
            for kr_id, change in self.s.kr_effects(x).items():
                delta[kr_id] += change / self.s.key_result(kr_id).gap
        return sum(self.s.kr_weight(self.s.key_result(k)) * (min(1.0, self.progress[k] + d) - min(1.0, self.progress[k]))
                   for k, d in delta.items())

    def add(self, bundle: list[Initiative]) -> None:
        for x in bundle:
            self.chosen.append(x.id)
            self.chosen_set.add(x.id)
            self._count(x, +1)

    def cut(self, ids: set[str]) -> set[Obstacle]:
        """Take `ids` out and rule them out for good; returns the obstacles this relieves."""
        self.chosen = [i for i in self.chosen if i not in ids]
        self.chosen_set -= ids
        self.ruled_out |= ids
        relieved: set[Obstacle] = {("max effort",), ("budget",)}
        for i in sorted(ids):
            x = self.s.initiative(i)
            self._count(x, -1)
            relieved |= {("team", team) for team in x.effort}
            relieved |= {("guardrail", g) for g in self.s.guardrail_effects(x)}
            relieved |= {("excluded", other) for other in self.s.exclusive_with(i) if self.excluded[other] == 0}
        return relieved

    def _count(self, x: Initiative, sign: int) -> None:
        for kr_id, change in self.s.kr_effects(x).items():
            self.progress[kr_id] += sign * change / self.s.key_result(kr_id).gap
        for team, amount in x.effort.items():
            self.use[team] += sign * amount
        self.tier_effort[x.tier] += sign * x.total_effort
        self.cost += sign * x.cost
        for g, change in self.s.guardrail_effects(x).items():
            if g in self.guarded:
                self.guarded[g] += sign * change
        for other in self.s.exclusive_with(x.id):
            self.excluded[other] += sign

    def split_ok(self, extra: list[Initiative] = ()) -> bool:  # type: ignore[assignment]
        tiers = dict(self.tier_effort)
        for x in extra:
            tiers[x.tier] = tiers.get(x.tier, 0.0) + x.total_effort
        total = sum(tiers.values())
        if self.s.split is None or total == 0:
            return True
        return all(self.s.split.position(t, tiers.get(t, 0.0) / total) == 0 for t in TIERS)


def greedy_plan(scenario: Scenario, rule: str = "value_per_effort") -> Evaluation:
    """The plan a ranking spreadsheet would fund, scored by the evaluator.

    >>> from planner import load_scenario
    >>> round(greedy_plan(load_scenario("scenarios/onboarding-q3.yaml")).score, 3)
    0.488
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; use one of {RULES}")
    blocked = {x.id for x in scenario.initiatives if x.commit is Commitment.OUT}
    portfolio = _Portfolio(scenario, blocked)
    for x in sorted(scenario.initiatives, key=lambda x: x.id):
        if x.commit is Commitment.IN:
            portfolio.add(portfolio.bundle(x))  # a commitment is funded whatever it costs
    empty = _Portfolio(scenario, set())
    strength = {x.id: _ratio(empty.gain([x]), x.total_effort) for x in scenario.initiatives}
    _fill(portfolio, rule, strength)
    if scenario.split is not None and not portfolio.split_ok():
        portfolio = _repair_split(portfolio, rule, strength)
    if _repair_guardrails(portfolio, strength) and scenario.split is not None and not portfolio.split_ok():
        portfolio = _repair_split(portfolio, rule, strength)  # what it cuts or adds now keeps the guardrails
    return evaluate(scenario, portfolio.chosen)


def _repair_guardrails(p: _Portfolio, strength: dict[str, float]) -> bool:
    """A guardrail a cut broke (the split repair may drop the work that held it) is mended the
    way a planner would: cut the weakest chosen item harming it (with what needs it), until each
    guardrail holds or nothing left harms it. Whether anything was cut."""
    cut = False
    needers: dict[str, set[str]] = defaultdict(set)
    for x in p.s.initiatives:
        for needed in p.s.requirements(x.id):
            needers[needed].add(x.id)
    for g in p.s.guardrails:
        while not g.holds(p.guarded[g.id]):
            harmful = [p.s.initiative(i) for i in p.chosen
                       if p.s.initiative(i).commit is not Commitment.IN
                       and g.margin(p.guarded[g.id] - p.s.guardrail_effects(p.s.initiative(i)).get(g.id, 0.0))
                       > g.margin(p.guarded[g.id])]
            if not harmful:
                break
            worst = min(harmful, key=lambda x: (strength[x.id], x.id))
            p.cut({worst.id} | (needers[worst.id] & p.chosen_set))
            cut = True
    return cut


def _fill(p: _Portfolio, rule: str, strength: dict[str, float], keep_split: bool = False) -> None:
    """Add initiatives in rank order while they fit (and, if asked, keep the split)."""
    s = p.s
    if rule == "value_per_effort":
        for x in sorted(s.initiatives, key=lambda x: (-strength[x.id], x.id)):
            if x.id in p.chosen_set or strength[x.id] <= 0:
                continue
            bundle = p.bundle(x)
            if p.fits(bundle) and p.gain(bundle) > 0 and (not keep_split or p.split_ok(bundle)):
                p.add(bundle)
        return
    # Marginal: a lazy heap; after each addition only candidates sharing a KR (or a
    # prerequisite) with it are re-scored. Capacity only shrinks, so what no longer fits never will.
    movers: dict[str, set[str]] = defaultdict(set)
    needers: dict[str, set[str]] = defaultdict(set)
    for x in s.initiatives:
        for kr_id in s.kr_effects(x):
            movers[kr_id].add(x.id)
        for needed in s.requirements(x.id):
            needers[needed].add(x.id)
    current: dict[str, float] = {}
    heap: list[tuple[float, str]] = []

    def score(i: str) -> None:
        bundle = p.bundle(s.initiative(i))
        current[i] = _ratio(p.gain(bundle), sum(b.total_effort for b in bundle))
        heapq.heappush(heap, (-current[i], i))

    for x in s.initiatives:
        if x.id not in p.chosen_set:
            score(x.id)
    while heap:
        key, i = heapq.heappop(heap)
        if i in p.chosen_set or p.is_blocked(i) or -key != current.get(i) or -key <= 0:
            continue
        bundle = p.bundle(s.initiative(i))
        if not p.fits(bundle) or (keep_split and not p.split_ok(bundle)):
            current.pop(i)
            continue
        p.add(bundle)
        touched = {j for b in bundle for k in s.kr_effects(b) for j in movers[k]} | {j for b in bundle for j in needers[b.id]}
        for j in sorted(j for j in touched - p.chosen_set if not p.is_blocked(j)):
            if j in current:
                score(j)


def _ratio(gain: float, effort: float) -> float:
    if effort <= 0:
        return float("inf") if gain > 0 else 0.0
    return gain / effort


def _repair_split(p: _Portfolio, rule: str, strength: dict[str, float]) -> _Portfolio:
    """Fund the strongest item of an under-filled tier that fits, else cut the weakest item of the
    most over-represented tier (with what needs it), until the split holds.

    Near-linear: each tier's candidates are ranked once. One that does not fit is parked under
    what stopped it and comes back only when a cut relieves that obstacle, since adding never
    does; the weakest chosen item per tier comes off a heap; a cut subtracts only its own items."""
    s = p.s
    policy = s.split
    assert policy is not None
    ranked = {tier: sorted((x for x in s.initiatives if x.tier is tier), key=lambda x: (-strength[x.id], x.id))
              for tier in TIERS}
    pending = {tier: list(range(len(ranked[tier]))) for tier in TIERS}  # rank positions, a heap each
    blocked_by: dict[Obstacle, list[tuple[Tier, int]]] = defaultdict(list)
    weakest_first: dict[Tier, list[tuple[float, str]]] = {tier: [] for tier in TIERS}
    queued: set[str] = set()

    def may_be_cut(items: Iterable[Initiative]) -> None:
        for x in items:
            if x.id not in queued and x.commit is not Commitment.IN:
                queued.add(x.id)
                heapq.heappush(weakest_first[x.tier], (strength[x.id], x.id))

    needers: dict[str, set[str]] = defaultdict(set)
    for x in s.initiatives:
        for needed in s.requirements(x.id):
            needers[needed].add(x.id)
    may_be_cut(s.initiative(i) for i in p.chosen)
    for _ in range(2 * len(s.initiatives) + 1):
        if p.split_ok():
            break
        total = p.effort
        shares = {t: p.tier_effort.get(t, 0.0) / total if total else 0.0 for t in TIERS}
        added = False
        for tier in (t for t in TIERS if policy.position(t, shares[t]) < 0):
            while pending[tier] and not added:
                position = heapq.heappop(pending[tier])
                x = ranked[tier][position]
                if x.id in p.chosen_set:
                    continue
                bundle = p.bundle(x)
                obstacle = p.why_not(bundle)
                if obstacle is None:
                    p.add(bundle)
                    may_be_cut(bundle)
                    added = True
                elif obstacle != PERMANENT:
                    blocked_by[obstacle].append((tier, position))
            if added:
                break
        if added:
            continue
        over = max(TIERS, key=lambda t: shares[t] - policy.shares[t])
        heap = weakest_first[over]
        while heap and heap[0][1] not in p.chosen_set:
            heapq.heappop(heap)
        if not heap:
            break
        weakest = heapq.heappop(heap)[1]
        for obstacle in sorted(p.cut({weakest} | (needers[weakest] & p.chosen_set))):
            for tier, position in blocked_by.pop(obstacle, []):
                heapq.heappush(pending[tier], position)
    if p.split_ok():
        _fill(p, rule, strength, keep_split=True)
    return p
