"""The integer program, written once (docs/model.md):

    maximize   sum_k w_k a_k                     (w_k: normalized KR weights)
    subject to a_k <= 1,  a_k <= (trend_k + sum_i x_i d_ik) / gap_k   progress[k]
                          (d_ik: expected change, through driver links too)
               sum_i effort_it x_i <= capacity_t             capacity[t]
               split bands on the share of selected effort  split[tier] (two rows: min, max)
               x_a <= x_b for a requires b                   requires[a->b]
               x_a + x_b <= 1 for exclusions                 excludes[a|b]
               x_i = 1 / 0 for commitments (and forcing)     commit[i]
               objective floors, effort and budget caps      min_attainment[o], limit[...]
               x_i binary

With samples (a `SampleSet`) the attainment terms get one copy per Monte Carlo sample (a
sample-average MILP), so the plan maximizes the true expected capped attainment; with the
cautious risk attitude, the mean score of the worst 20% of samples (CVaR). Every row is
registered under its domain `Constraint`, so diagnoses, live edits and explanations find rows
by kind and subject. The model is plain data (`planner.optimizer.linear`); a backend hands it to
an engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner.constraints import BUDGET_LIMIT, EFFORT_LIMIT, Constraint, ConstraintKind
from planner.model import TIERS, Commitment, Hold, Scenario
from planner.optimizer.edits import Edits
from planner.optimizer.linear import Inequality, Linear, Row, Sense, Variable, linear_sum
from planner.settings import CAUTIOUS_TAIL, Risk

# Among plans of equal score, prefer less effort, so an initiative that adds nothing stays out.
# Small enough that it never outweighs a real difference in score at the default gap.
EFFORT_TIEBREAK = 1e-7

# Families of constraints an elastic model may bend (for diagnosis), and the kinds in each.
RELAXABLE: dict[str, tuple[ConstraintKind, ...]] = {
    "capacity": (ConstraintKind.CAPACITY, ConstraintKind.LIMIT),
    "commitments": (ConstraintKind.COMMIT,),
    "split": (ConstraintKind.SPLIT,),
    "minimums": (ConstraintKind.MIN_ATTAINMENT,),
    "guardrails": (ConstraintKind.GUARDRAIL,),
}


@dataclass(frozen=True)
class Slack:
    """How far an elastic model bends one constraint, at a penalty per unit."""

    constraint: Constraint
    penalty: float
    variable: Variable


@dataclass
class Formulation:
    """The model as built: variables, rows under their domain constraints, and the objective."""

    variables: list[Variable] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # in the order built
    pick: dict[str, Variable] = field(default_factory=dict)  # initiative id -> binary decision, in id order
    attain: dict[str, Variable] = field(default_factory=dict)  # point model only: KR id -> capped attainment
    slacks: list[Slack] = field(default_factory=list)  # elastic models only
    value: Linear = field(default_factory=Linear)  # what is maximized, before the effort tie-break
    objective: Linear = field(default_factory=Linear)  # what the engine maximizes
    relaxed: bool = False  # the LP relaxation: every binary continuous in [0, 1]
    point: bool = True  # attainment of expected impacts (False: the sample-average model)

    def variable(self, name: str, low: float | None, high: float | None, binary: bool = False) -> Variable:
        var = Variable(len(self.variables), name, low, high, binary)
        self.variables.append(var)
        return var

    def add(self, constraint: Constraint, inequality: Inequality) -> None:
        self.rows.append(Row(constraint, f"c{len(self.rows) + 1}", inequality))

    def rows_of(self, constraint: Constraint) -> list[Row]:
        return [row for row in self.rows if row.constraint == constraint]

    @property
    def constraints(self) -> list[Constraint]:
        """The domain constraints the model holds, each once, in the order built."""
        return list(dict.fromkeys(row.constraint for row in self.rows))

    def exclude(self, selections) -> None:
        """No-good cuts: differ from each of these selections in at least one initiative."""
        for n, other in enumerate(selections):
            other = set(other)
            cut = linear_sum((1 - var) if i in other else var for i, var in self.pick.items()) >= 1
            self.rows.append(Row(Constraint(ConstraintKind.ALTERNATIVE, str(n + 1)), f"alt{n}", cut))

    def relax_integrality(self) -> None:
        """The LP relaxation, an upper bound on every plan."""
        self.relaxed = True


def formulate(scenario: Scenario, edits: Edits = Edits(), *, samples=None, risk: Risk = Risk.NEUTRAL,
              elastic: frozenset[str] = frozenset()) -> Formulation:
    """The MILP of `scenario` with the edits' forcing and policies (rescalings and capacities are
    edits of the scenario itself). `elastic` names families of `RELAXABLE` constraints that get
    penalized slack (for diagnosis); `samples` (a `SampleSet`) switches the attainment terms to
    the sample-average model."""
    model = Formulation()
    # Canonical order (by id), so the file's order never changes the plan.
    initiatives = sorted(scenario.initiatives, key=lambda x: x.id)
    pick = model.pick = {x.id: model.variable(f"x{n}", 0, 1, binary=True) for n, x in enumerate(initiatives)}
    point = model.point = samples is None or bool(elastic)
    attain = model.attain = (
        {kr.id: model.variable(f"a{n}", None, 1) for n, kr in enumerate(scenario.key_results)} if point else {})
    bendable = {kind for family in elastic for kind in RELAXABLE[family]}

    def slack(name: Constraint, penalty: float = 1.0, binary: bool = False) -> Variable | int:
        if name.kind not in bendable:
            return 0
        var = model.variable(f"s{len(model.slacks)}", 0, 1 if binary else None, binary)
        model.slacks.append(Slack(name, penalty, var))
        return var

    add = model.add
    effort = {x.id: x.total_effort for x in initiatives}
    total_effort = linear_sum(effort[x.id] * pick[x.id] for x in initiatives)
    # Each initiative's expected change on each metric, through the driver chain: linear in the selection.
    moved: dict[str, list[tuple[str, float]]] = {}
    for x in initiatives:
        for metric_id, change in scenario.effects(x).items():
            moved.setdefault(metric_id, []).append((x.id, change))

    def expected_progress(kr) -> Linear:
        return kr.expected_trend / kr.gap + linear_sum(change / kr.gap * pick[i] for i, change in moved.get(kr.id, ()))

    if point:
        for kr in scenario.key_results:
            add(Constraint.progress(kr.id), attain[kr.id] <= expected_progress(kr))
        value = linear_sum(scenario.kr_weight(kr) * attain[kr.id] for kr in scenario.key_results)
    else:
        value = _sampled_value(model, scenario, initiatives, samples, risk)
    for team in scenario.teams:
        users = [x for x in initiatives if team.id in x.effort]
        name = Constraint.capacity(team.id)
        add(name, linear_sum(x.effort[team.id] * pick[x.id] for x in users) <= team.capacity + slack(name))
    if edits.split and scenario.split is not None:
        for tier in TIERS:
            low, high = scenario.split.band(tier)
            tier_effort = linear_sum(effort[x.id] * pick[x.id] for x in initiatives if x.tier is tier)
            name = Constraint.split(tier.value)
            add(name, tier_effort - low * total_effort + slack(name) >= 0)
            add(name, tier_effort - high * total_effort - slack(name) <= 0)
    added: set[Constraint] = set()
    for x in initiatives:
        for needed in x.requires:
            add(Constraint.requires(x.id, needed), pick[x.id] <= pick[needed])
        for other in x.excludes:
            name = Constraint.excludes(x.id, other)
            if name not in added:
                added.add(name)
                add(name, pick[x.id] + pick[other] <= 1)
        pinned_in = x.id in edits.force_in or (edits.commitments and x.commit is Commitment.IN)
        pinned_out = x.id in edits.force_out or (edits.commitments and x.commit is Commitment.OUT)
        name = Constraint.commit(x.id)
        if pinned_in:
            add(name, pick[x.id] + slack(name, binary=True) >= 1)
        elif pinned_out:
            add(name, pick[x.id] - slack(name, binary=True) <= 0)
    floors = [o for o in scenario.objectives if o.min_attainment is not None]
    if floors and not point:
        # A floor holds on the attainment of expected impacts, as the evaluator checks it: the
        # sampled model gets point attainment variables for the KRs under a floor.
        for o in floors:
            for kr in o.key_results:
                attain[kr.id] = model.variable(f"p{len(attain)}", None, 1)
                add(Constraint.progress(kr.id), attain[kr.id] <= expected_progress(kr))
    for o in floors:
        total = sum(kr.weight for kr in o.key_results)
        name = Constraint.min_attainment(o.id)
        add(name, linear_sum(kr.weight * attain[kr.id] for kr in o.key_results)
            + total * slack(name) >= o.min_attainment * total)
    for g in scenario.guardrails:
        if g.id in edits.lifted_guardrails:
            continue
        # On the expected value, as the evaluator checks it: linear in the selection.
        name = Constraint.guardrail(g.id)
        value_after = g.baseline + g.expected_trend + linear_sum(change * pick[i] for i, change in moved.get(g.id, ()))
        room = max(1.0, abs(g.level))  # slack in units of the level, so diagnosis weighs it like the others
        if g.hold is Hold.AT_LEAST:
            add(name, value_after + room * slack(name) >= g.level)
        else:
            add(name, value_after - room * slack(name) <= g.level)
    if scenario.max_effort is not None:
        add(EFFORT_LIMIT, total_effort <= scenario.max_effort + slack(EFFORT_LIMIT))
    if scenario.budget is not None:
        add(BUDGET_LIMIT, linear_sum(x.cost * pick[x.id] for x in initiatives) <= scenario.budget + slack(BUDGET_LIMIT))

    model.value = value
    if elastic:
        model.objective = -linear_sum(s.penalty * s.variable for s in model.slacks)
    else:
        all_effort = sum(effort.values()) or 1.0
        model.objective = value - EFFORT_TIEBREAK * total_effort / all_effort
    return model


def impact_factor_model(scenario: Scenario, initiative_id: str, upper: float, *, samples=None,
                        risk: Risk = Risk.NEUTRAL) -> tuple[Formulation, Variable]:
    """The model with one initiative forced in and the factor on its impacts a variable in
    [1, `upper`] (with it forced in, its scaled terms are the factor's own: linear). Its
    optimum is the best plan at any factor up to `upper`. What rescaling its impacts rescales is read
    off the model itself: the initiative's coefficient in a model built at twice its impacts,
    minus the one as built (direct and carried effects alike, on KRs and guardrails, in every
    sample)."""
    edits = Edits(force_in=(initiative_id,))
    model = formulate(scenario, edits, samples=samples, risk=risk)
    doubled_scenario = scenario.with_impacts_scaled(initiative_id, 2.0)
    doubled = formulate(doubled_scenario, edits, samples=None if samples is None else samples.variant(doubled_scenario),
                        risk=risk)
    factor = model.variable("impact_factor", 1.0, upper)
    move_rescaled_terms(model, doubled, initiative_id, factor)
    return model, factor


def carries_effort(constraint: Constraint) -> bool:
    """Rows whose coefficients are effort: rescaling an initiative's effort rescales its
    coefficients there, and nowhere else (capacity, the split's bands, the effort cap)."""
    return constraint.kind in (ConstraintKind.CAPACITY, ConstraintKind.SPLIT) or constraint == EFFORT_LIMIT


def effort_fraction_model(scenario: Scenario, initiative_id: str, lower: float, *, samples=None,
                          risk: Risk = Risk.NEUTRAL) -> tuple[Formulation, Variable]:
    """The model with one initiative forced in and the fraction of its effort a variable in
    [`lower`, 1] (as `impact_factor_model` for impacts: forced in, its effort terms are the
    fraction's own). Whether some plan beats a value at *some* fraction from `lower` up is then
    one question, and it is monotone in `lower`, where being in at a single fraction need not be:
    a tier's minimum share of the effort can count the initiative's own effort."""
    model = formulate(scenario, Edits(force_in=(initiative_id,)), samples=samples, risk=risk)
    fraction = model.variable("effort_fraction", lower, 1.0)
    x = model.pick[initiative_id].index
    for row in model.rows:
        terms = row.inequality.expression.terms
        if carries_effort(row.constraint) and terms.get(x):
            terms[fraction.index] = terms.pop(x)
    return model, fraction


def initiatives_less_effort_only_helps(model: Formulation) -> frozenset[str]:
    """The initiatives for which cutting effort can only make plans with them fit better: every
    effort coefficient of theirs loosens its row as it shrinks. For them whether they are in is
    monotone in the fraction of their effort. The split usually breaks that: the minimum share
    of an initiative's own tier counts its effort, so a plan that fits at half its effort can
    fall short of the band at a tenth. (Effort is the same in every sample: a point model
    answers for all.)"""
    return _only_loosening(model, carries_effort, growing=False)


def initiatives_more_impact_only_helps(model: Formulation) -> frozenset[str]:
    """The initiatives for which more impact can only make plans with them better: every
    coefficient of theirs in a progress row (every KR they move, directly or through driver
    links, in every sample) loosens its row as it grows. A trade-off (it also costs a KR) does
    not. Sound where rescaling impacts rescales progress rows alone: where no driver link
    reaches a guardrail (else `impact_factor_model` says which coefficients rescale)."""
    return _only_loosening(model, lambda constraint: constraint.kind is ConstraintKind.PROGRESS, growing=True)


def _only_loosening(model: Formulation, rows, *, growing: bool) -> frozenset[str]:
    """The initiatives whose every coefficient in the rows `rows` picks loosens its row as it
    grows (`growing`) or as it shrinks."""
    breaks = set()
    picks = {var.index: i for i, var in model.pick.items()}
    for row in model.rows:
        if rows(row.constraint):
            for column, coefficient in row.inequality.expression.terms.items():
                if column in picks and _tightens(row, coefficient, growing):
                    breaks.add(picks[column])
    return frozenset(picks.values()) - breaks


def factor_only_loosens(model: Formulation, factor: Variable) -> bool:
    """Whether raising `factor` (`impact_factor_model`'s) loosens every row it is in."""
    return not any(_tightens(row, row.inequality.expression.terms.get(factor.index, 0.0), growing=True)
                   for row in model.rows)


def _tightens(row: Row, coefficient: float, growing: bool) -> bool:
    """Whether a coefficient tightens its row as it grows (`growing`) or as it shrinks."""
    if not coefficient:
        return False
    tightens_as_it_grows = coefficient < 0 if row.inequality.sense is Sense.GE else coefficient > 0
    return tightens_as_it_grows == growing


def less_effort_only_helps(scenario: Scenario, initiative_id: str) -> bool:
    """`initiatives_less_effort_only_helps` for one initiative of a scenario."""
    return initiative_id in initiatives_less_effort_only_helps(formulate(scenario))


def move_rescaled_terms(model: Formulation, doubled: Formulation, initiative_id: str, factor: Variable) -> None:
    """Put on `factor` the part of an initiative's coefficients that rescaling it rescales: its
    coefficient in `doubled` (the same model built with its impacts, or effort, doubled) minus
    its own, row by row. With the initiative forced in, the factor's value is the rescaling."""
    if [row.label for row in doubled.rows] != [row.label for row in model.rows]:
        raise AssertionError("rescaling an initiative changed the model's rows")
    x = model.pick[initiative_id].index
    for row, twice in zip(model.rows, doubled.rows):
        terms = row.inequality.expression.terms
        scaled = twice.inequality.expression.terms.get(x, 0.0) - terms.get(x, 0.0)
        if scaled:
            terms[x] = terms.get(x, 0.0) - scaled
            terms[factor.index] = scaled


def _sampled_value(model: Formulation, scenario: Scenario, initiatives, samples, risk: Risk) -> Linear:
    """Per-sample capped attainment a[k,s] <= min(1, trend + sum_i x_i delta_iks), and the
    objective over samples: their mean (neutral) or the mean of the worst tail (cautious)."""
    n = samples.samples
    pick = model.pick
    draws = {x.id: samples.initiative(x) for x in initiatives}
    trend = samples.trend
    movers: dict[int, list[tuple[str, int]]] = {}
    for x in initiatives:
        idx, _ = draws[x.id]
        for col, k in enumerate(idx):
            movers.setdefault(int(k), []).append((x.id, col))
    per_sample: list[list] = [[] for _ in range(n)]
    for k, kr in enumerate(scenario.key_results):
        weight = samples.weights[k]
        columns = [(i, draws[i][1][:, col]) for i, col in movers.get(k, ())]
        name = Constraint.progress(kr.id)
        if np.ptp(trend[:, k]) == 0 and all(np.ptp(values) == 0 for _, values in columns):
            # Certain KR: every sample is the same, so one variable stands for all of them (exact).
            a = model.variable(f"a{k}", None, 1)
            terms = {pick[i].index: float(values[0]) for i, values in columns if values[0] != 0}
            model.add(name, a <= float(trend[0, k]) + Linear(terms))
            for s in range(n):
                per_sample[s].append((a, weight))
            continue
        for s in range(n):
            a = model.variable(f"a{k}_{s}", None, 1)
            terms = {pick[i].index: float(values[s]) for i, values in columns if values[s] != 0}
            model.add(name, a <= float(trend[s, k]) + Linear(terms))
            per_sample[s].append((a, weight))
    scores = [Linear({a.index: w for a, w in terms}) for terms in per_sample]
    if risk is Risk.NEUTRAL:
        return linear_sum(scores) * (1.0 / n)
    level = model.variable("tail_level", None, None)
    shortfall = [model.variable(f"u{s}", 0, None) for s in range(n)]
    for s in range(n):
        model.add(Constraint(ConstraintKind.TAIL, str(s)), shortfall[s] >= level - scores[s])
    return level - linear_sum(shortfall) * (1.0 / (CAUTIOUS_TAIL * n))
