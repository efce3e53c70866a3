"""How much more impact, or how much less effort, would bring a cut initiative into the optimal
plan: its break-evens, each a search over decisions ("does some plan with it beat the base
plan here?"), with the proofs that settle a question without a solve first.

- Impact (`impact_break_even`): the least factor on its impacts that brings it in, within 5%,
  from a floor proven by the forced re-solve's bound (`_impact_floor`) up to 20x.
- Effort (`effort_break_even`): the largest fraction of its effort at which it enters, within
  5% of its effort (less effort need not help: a split band can count it).
- Past an explanation's budget, what the plans already known prove, without a decision
  (`screened_impact_break_even`, `screened_effort_break_even`).

A yes always comes with a plan the evaluator confirms (a witness); a decision cut short by the
time limit leaves the bracket proven so far.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner import forcing
from planner.errors import Undecided
from planner.evaluation import evaluate
from planner.forcing import Counterfactual
from planner.model import Scenario
from planner.optimizer import REFUTATION_TOLERANCE, Edits, LiveModel, less_effort_only_helps
from planner.results import Bounded, Plan
from planner.settings import Risk
from planner.whatif import WhatIfs

IMPACT_PRECISION = 0.05  # break-even factors are stated within 5%
EFFORT_PRECISION = 0.05  # and effort within 5% of the initiative's effort
MAX_IMPACT_FACTOR = 20.0  # beyond 20x its estimate, "no plausible impact brings it in"
ENTERS = 1e-7  # a value this much above the base counts as better (solver noise is below)


@dataclass(frozen=True)
class BreakEven:
    """How much more impact or less effort brings a cut initiative in. Settled answers are within
    5%; an unsettled one (a decision hit the time limit) is the bracket proven so far."""

    # `value`: its impacts times this bring it in (None: not within 20x, or unsettled);
    # `other_end`: proven, no factor up to this brings it in (the break-even lies between).
    impact: Bounded
    # `value`: at this fraction of its effort it comes in, the largest such within 5% (None: no
    # cut in its effort brings it in, or unsettled); `other_end`: proven, no fraction from this
    # up brings it in. (Less effort need not help: a split band can count its effort.)
    effort: Bounded

    @property
    def settled(self) -> bool:
        return self.impact.proven and self.effort.proven


UNSETTLED_BREAK_EVEN = BreakEven(Bounded(None, 1.0, False), Bounded(None, 1.0, False))  # cut, and no search made


def impact_break_even(context: WhatIfs, i: str, counter: Counterfactual, forced: Plan | None) -> Bounded:
    """The factor on a cut initiative's impacts that brings it in (`BreakEven.impact`), given
    what forcing it in costs (`counter`) and the forced plan found, if any."""
    impact, impact_out, settled = _impact_break_even(context, i, counter, forced)
    return Bounded(impact, impact_out, settled)


def effort_break_even(context: WhatIfs, i: str) -> Bounded:
    """The fraction of a cut initiative's effort at which it comes in (`BreakEven.effort`)."""
    if _no_effort_question(context, i):
        return Bounded(None, 0.0, True)
    effort, effort_out, settled = _effort_break_even(context, i)
    return Bounded(effort, effort_out, settled)


def _no_effort_question(context: WhatIfs, initiative_id: str) -> bool:
    """No fraction of its effort can bring it in: it moves nothing, so even free it would not
    beat a proven optimum, and less of its effort only helps (else its effort may be what lets a
    better plan meet a split band at some fraction: `less_effort_only_helps`)."""
    return (_moves_nothing(context.scenario, initiative_id) and context.base.solve.proven_optimal
            and less_effort_only_helps(context.scenario, initiative_id))


def _moves_nothing(scenario: Scenario, initiative_id: str) -> bool:
    """It changes no KR and no guardrail: whatever its effort, it cannot beat a plan without it."""
    x = scenario.initiative(initiative_id)
    return all(e.low == e.likely == e.high == 0 for e in (*x.impacts.values(), *x.guardrail_impacts.values()))


class _Entry:
    """Does a cut initiative enter the optimal plan once its impacts or effort are scaled?

    It enters when its best plan beats the base plan, which stays the best plan without it (the
    edit touches only this initiative). Cheap proofs first: a plan with it already known
    (a witness) that beats the base proves yes; at a search's far end (20x its impacts, or no
    effort at all), an LP bound that cannot beat it proves no; only then a decision solve,
    which stops as soon as either is settled. None: the decision hit the time limit unsettled.
    Inside a search the LP bound is not asked: the LP's gap is wider than the margins there (on
    synthetic N = 200 seed 1, 40 cut initiatives, it settled none of 176 such questions and
    all 3 "not within 20x")."""

    def __init__(self, context: WhatIfs, initiative_id: str, witnesses=(), live: LiveModel | None = None):
        self.live, self.i = live or context.live, initiative_id
        self.threshold = context.base.value + ENTERS
        self.base_selection = frozenset(context.base.selected)
        self.witnesses = list(witnesses)

    def edits(self, impact: float = 1.0, effort: float = 1.0) -> Edits:
        return Edits(force_in=(self.i,), impacts=((self.i, impact),) if impact != 1.0 else (),
                     effort=((self.i, effort),) if effort != 1.0 else ())

    def witnessed(self, **scale: float) -> bool:
        """A known plan with it beats the base under this scaling (no solver)."""
        edits = self.edits(**scale)
        for selection in reversed(self.witnesses):
            value = self.live.value(selection, edits)
            if value is not None and value > self.threshold:
                return True
        return False

    def confirmed_factor(self, selection, impact: float) -> float | None:
        """The factor on its impacts, `impact` or just above it (the engine's tolerances), at
        which this plan an engine found beats the base by the evaluator, or None; a plan
        confirmed becomes a witness."""
        for margin in (1e-9, 1e-6, 1e-4):
            factor = impact * (1 + margin)
            value = self.live.value(selection, self.edits(impact=factor))
            if value is not None and value > self.threshold:
                self.witnesses.append(tuple(selection))
                return factor
        return None

    def confirmed_fraction(self, selection, fraction: float, lower: float) -> float | None:
        """The fraction of its effort, `fraction` or just beside it within [`lower`, 1] (the
        engine's tolerances), at which this plan an engine found beats the base by the
        evaluator, or None; a plan confirmed becomes a witness."""
        for margin in (0.0, 1e-9, 1e-6, 1e-4):
            for candidate in (fraction - margin, fraction + margin):
                candidate = min(1.0, max(lower, candidate))
                value = self.live.value(selection, self.edits(effort=candidate))
                if value is not None and value > self.threshold:
                    self.witnesses.append(tuple(selection))
                    return candidate
        return None

    def effort_question(self):
        """The effort search's question at a fraction: where being in is monotone in it
        (`less_effort_only_helps`), whether it enters there (`at_fraction`); else whether it
        enters at some fraction from there up (`at_some_fraction_from`)."""
        return self.at_fraction if self.live.less_effort_only_helps(self.i) else self.at_some_fraction_from

    def at_fraction(self, fraction: float) -> float | bool | None:
        """The effort search's question where being in is monotone in the fraction: `fraction`
        if it enters there, False if not (nor at any larger one), None if undecided."""
        verdict = self(effort=fraction, inside=fraction > 0)
        return fraction if verdict else verdict

    def at_some_fraction_from(self, lower: float) -> float | bool | None:
        """The effort search's question where it is not: a fraction from `lower` up at which it
        enters (a plan the evaluator confirms), False if there is none, None if undecided or
        the engine's plan is not confirmed."""
        try:
            witness = self.live.beats_at_some_effort_fraction(self.i, lower, self.threshold)
        except Undecided:
            return None
        if witness is None:
            return False
        return self.confirmed_fraction(witness.selection, witness.factor, lower)

    def near_the_last_witness(self, lower: float) -> float | None:
        """A fraction of its effort from `lower` up at which a plan near the last witness brings
        it in (confirmed by the evaluator), or None, which proves nothing: a quick try before
        the effort search's full question. Near: the witness's initiatives that the base plan
        also holds and that share no team with it stay in; the rest is free (the swaps on its
        teams, and any initiative the witness leaves out). With most decisions held, the
        engine answers in a fraction of a full decision's time (bench/README.md); only on a
        live model."""
        scenario = self.live.scenario
        # The forced re-solves' count (`forcing.NEIGHBOURHOOD_FROM`), read where it is set: one constant for both.
        if not self.live.in_place or not self.witnesses or len(scenario.initiatives) < forcing.NEIGHBOURHOOD_FROM:
            return None
        teams = set(scenario.initiative(self.i).teams)
        held = tuple(j for j in self.witnesses[-1] if j != self.i and j in self.base_selection
                     and teams.isdisjoint(scenario.initiative(j).teams))
        try:
            witness = self.live.beats_at_some_effort_fraction(self.i, lower, self.threshold, Edits(force_in=held))
        except Undecided:
            return None
        return None if witness is None else self.confirmed_fraction(witness.selection, witness.factor, lower)

    def without_search(self, **scale: float) -> bool | None:
        """The cheap proofs alone: True by a witness, False by the LP bound, None when neither
        settles it."""
        if self.witnessed(**scale):
            return True
        try:
            return False if self.live.bound(self.edits(**scale)) <= self.threshold else None
        except Undecided:
            return None

    def __call__(self, *, inside: bool = False, **scale: float) -> bool | None:
        """The answer under this scaling; `inside`: a question inside a search's bracket."""
        cheap = (True if self.witnessed(**scale) else None) if inside else self.without_search(**scale)
        if cheap is not None:
            return cheap
        try:
            plan = self.live.beats(self.threshold, self.edits(**scale),
                                   start=self.witnesses[-1] if self.witnesses else None)
        except Undecided:
            return None
        if plan is not None:
            self.witnesses.append(plan.selected)
        return plan is not None


def _impact_break_even(context: WhatIfs, i: str, counter: Counterfactual, forced: Plan | None
                       ) -> tuple[float | None, float, bool]:
    """(factor on its impacts at which it enters, factor at which it is proven to stay out,
    settled). Settled: within 5%, or None when not even 20x brings it in."""
    if _no_impact_question(context.scenario, i, counter):
        return None, 1.0, True
    floor = _impact_floor(context, i, forced)
    enters = _Entry(context, i, [forced.selected] if forced else [])
    high, low, settled = _bisected_impact(enters, floor)
    if settled and not context.live.more_impact_only_helps(i):
        return _no_factor_below(context, enters, high, low, floor)
    return high, low, settled


def _impact_floor(context: WhatIfs, i: str, forced: Plan | None) -> float:
    """A factor on a cut initiative's impacts up to which, proven without a solve, it stays
    out (1.0 where nothing is proven this way).

    Its impacts times f change each KR's progress by (f - 1) times a fixed amount (in every
    sample: the draws scale with the estimates), and attainment (progress capped at 100%) moves
    no more than progress does. So no plan with it gains more than (f - 1) * `per_factor`
    (`_score_per_factor`) over its value at its estimate, which is at most the forced
    re-solve's proven bound: below 1 + (base - bound) / `per_factor` nothing with it beats the
    base plan. On synthetic N = 200 that settles three quarters of the impact break-evens
    without a decision (bench/README.md). Sound where the factor moves the objective alone: no
    guardrail, and no objective floor on a KR, that its scaled impacts reach."""
    if forced is None or forced.solve.bound is None:
        return 1.0
    scenario = context.scenario
    at_estimate, doubled = evaluate(scenario, [i]), evaluate(scenario.with_impacts_scaled(i, 2.0), [i])
    if any(a.change != b.change for a, b in zip(at_estimate.guardrails, doubled.guardrails, strict=True)):
        return 1.0
    moved = [(a, b) for a, b in zip(at_estimate.key_results, doubled.key_results, strict=True) if a.change != b.change]
    floored_objectives = {o.id for o in scenario.objectives if o.min_attainment is not None}
    if any(a.key_result.objective in floored_objectives for a, _ in moved):
        return 1.0
    per_factor = _score_per_factor(context, i, moved)
    if per_factor <= 0:
        return 1.0
    most_at_estimate = forced.solve.bound + REFUTATION_TOLERANCE  # the engine's bound, within its tolerances
    return max(1.0, 1.0 + (context.base.value + ENTERS - most_at_estimate) / per_factor)


def _score_per_factor(context: WhatIfs, i: str, moved) -> float:
    """The most one unit of factor on a cut initiative's impacts can add to a plan's value: its
    weighted progress in absolute terms (`moved`: each KR outcome it moves, at its estimate and
    at twice it); under a sample-average objective averaged over the samples, under the
    cautious one the largest in any sample (a mean of the worst samples moves no more than the
    most any one sample does)."""
    sampled = context.live.sampled
    if sampled is None:
        return sum(a.weight * abs(b.change - a.change) / abs(a.key_result.gap) for a, b in moved)
    kr_indices, progress = sampled.initiative(context.scenario.initiative(i))  # (samples, KRs) at its estimate
    per_sample = np.abs(progress) @ sampled.weights[kr_indices]
    return float(per_sample.mean() if context.settings.risk is Risk.NEUTRAL else per_sample.max())


def _no_impact_question(scenario: Scenario, i: str, counter: Counterfactual) -> bool:
    """No factor on its impacts can bring it in: it helps no KR that counts, or no plan can
    hold it at all."""
    x = scenario.initiative(i)
    helps = any(change * scenario.key_result(k).gap > 0 and scenario.kr_weight(scenario.key_result(k)) > 0
                for k, change in scenario.kr_effects(x).items())
    return not helps or (counter.proven and counter.value is None)


def _bisected_impact(enters: _Entry, floor: float = 1.0) -> tuple[float | None, float, bool]:
    """`_impact_break_even` by bisection over decisions at single factors: sound when more
    impact only helps (whether it is in is then monotone in the factor). `floor`: no factor up
    to it brings it in (`_impact_floor`)."""
    if floor >= MAX_IMPACT_FACTOR:
        return None, MAX_IMPACT_FACTOR, True
    verdict = enters(impact=MAX_IMPACT_FACTOR)
    if not verdict:
        return None, MAX_IMPACT_FACTOR if verdict is False else floor, verdict is False
    low, high = floor, MAX_IMPACT_FACTOR  # it stays out at `low` (at least: it is cut), enters at `high`
    probes = 0
    while high / low > 1 + IMPACT_PRECISION + 1e-9:
        high = _narrow(lambda f: enters.witnessed(impact=f), high, low, ratio=True, precision=IMPACT_PRECISION / 4)
        if high / low <= 1 + IMPACT_PRECISION + 1e-9:
            break
        # Probe just under what the known plans reach: one "no" there settles it. After two
        # "yes" in a row the known plans are poor guides, so bisect.
        probe = high / (1 + IMPACT_PRECISION) if probes < 2 else (low * high) ** 0.5
        verdict = enters(impact=probe, inside=True)
        if verdict is None:  # the closer probes are as hard: stop at the proven bracket
            return high, low, False
        if verdict:
            high, probes = probe, probes + 1
        else:
            low = probe
    return high, low, True


def _no_factor_below(context: WhatIfs, enters: _Entry, high: float | None, low: float, floor: float = 1.0
                     ) -> tuple[float | None, float, bool]:
    """A bisection's impact break-even, checked when more impact does not only help: the
    bisection proved it stays out at `low` (or at 20x, with `high` None) and enters at `high`,
    but a smaller factor may still bring it in. Whether *some* factor up to a limit brings it
    in is monotone in the limit, and one decision answers it (`beats_at_some_impact_factor`): so
    the least factor is found by bisection over limits, from `floor` (no factor up to it brings
    it in: `_impact_floor`; 1, it is cut) up to `low`."""
    i, live, threshold = enters.i, context.live, enters.threshold
    stays_out = floor  # proven: no factor up to this brings it in
    if high is None and stays_out >= MAX_IMPACT_FACTOR:
        return None, MAX_IMPACT_FACTOR, True
    if high is not None and high / stays_out <= 1 + IMPACT_PRECISION + 1e-9:
        return high, stays_out, True
    limit = low if high is not None else MAX_IMPACT_FACTOR
    probes = 0
    while True:
        try:
            witness = live.beats_at_some_impact_factor(i, limit, threshold)
        except Undecided:
            return high, stays_out, False  # cut short
        if witness is None:
            stays_out = limit
            if high is None:
                return None, MAX_IMPACT_FACTOR, True  # not within 20x, now over the whole range
        else:
            entered = enters.confirmed_factor(witness.selection, witness.factor)
            if entered is None:
                return high, stays_out, False  # the engine's plan, not confirmed by the evaluator: cut short
            high = _narrow(lambda f: enters.witnessed(impact=f), min(entered, high or entered), stays_out, ratio=True,
                           precision=IMPACT_PRECISION / 4)
        if high / stays_out <= 1 + IMPACT_PRECISION + 1e-9:
            return high, stays_out, True
        # Just under the known plans first (one "no" settles it), then halve the bracket.
        limit = high / (1 + IMPACT_PRECISION) if probes < 1 else (high * stays_out) ** 0.5
        probes += 1


def _effort_break_even(context: WhatIfs, i: str) -> tuple[float | None, float, bool]:
    """(fraction of its effort at which it enters, fraction from which up it is proven to stay
    out, settled). Settled: within 5%, or None when no cut in its effort brings it in. The base
    plan with it added (and what it requires, less what it excludes) is the first witness: where
    it adds anything, it proves "enters when free" without a solve, and how far its effort can
    grow before that plan breaks a constraint. Under a sample-average objective the point model
    answers the same question first (`_point_guide`)."""
    first, witnesses = _point_guide(context, i)
    return _effort_search(_Entry(context, i, [_base_with(context, i), *witnesses]), first)


def _effort_search(enters: _Entry, first: float | None = None) -> tuple[float | None, float, bool]:
    """`_effort_break_even`: the largest fraction of its effort at which it enters, within 5%.

    Each step asks one question just past the highest fraction a known plan proves (or at
    `first`, if inside the bracket): a "no" there settles it, a "yes" comes with a plan, whose
    fractions that still fit move the known end up. Close to a known plan, a "yes" is quick to
    find and the "no" is the one the answer needs anyway: on synthetic N = 200 (CPLEX, 60 cut
    initiatives per seed) this took 9-30% less time than bisecting on four seeds of five, 3-5%
    more on the fifth (bench/README.md).

    The question depends on whether being in is monotone in the fraction
    (`less_effort_only_helps`). Where it is, it is asked at one fraction (a "no" there holds at
    every larger one). Where it is not (a split band counts the initiative's own effort, so it
    may enter at a seventh of its effort, stay out at a fifth and enter again at two fifths), it
    is "does some fraction from g up bring it in?" (`beats_at_some_effort_fraction`), which is
    monotone in g.

    On scenarios of `NEIGHBOURHOOD_FROM` initiatives or more, each full question is first asked
    near the last witness (`_Entry.near_the_last_witness`), until one such try finds nothing:
    its plans are real, so a "yes" there moves the known end up for a fraction of a full
    decision's time, and after one fails the later ones seldom succeed. On synthetic N = 200
    (CPLEX, every cut initiative, one process) the searches took 6-23% less time on each of
    seeds 1-5 (bench/README.md)."""
    decide = enters.effort_question()
    low = 0.0 if enters.witnessed(effort=0.0) else None  # a fraction at which a known plan brings it in
    high = 1.0  # it stays out at every fraction from here up (it is cut at its whole effort)
    nearby = True  # try near the last witness before each full question
    if low is None:
        verdict = decide(0.0)
        if verdict is None:
            return None, 1.0, False
        if verdict is False:  # even free it would not come in: effort is not what keeps it out
            return None, 0.0, True
        low = verdict
    while True:
        low = _narrow(lambda g: enters.witnessed(effort=g), low, high, ratio=False, precision=EFFORT_PRECISION / 4)
        if high - low <= EFFORT_PRECISION + 1e-9:
            return low, high, True
        probe = first if first is not None and low < first < high else min(low + EFFORT_PRECISION, (low + high) / 2)
        first = None
        if nearby:
            found = enters.near_the_last_witness(probe)
            if found is not None:
                low = max(low, found)
                continue
            nearby = False
        verdict = decide(probe)
        if verdict is None:
            return low, high, False
        if verdict is False:
            high = probe
        else:
            low = max(low, verdict)


def _point_guide(context: WhatIfs, i: str) -> tuple[float | None, list[tuple[str, ...]]]:
    """Where a sample-average model's effort search should look first: the point model's own
    effort break-even for a cut initiative (its stays-out end, the decision that settles the
    bracket when the two models agree) and the plans that search found (witnesses, if their
    sampled value beats the base too). A point decision costs a tenth of a sampled one, and the
    two often agree, since an effort break-even is where some plan starts to fit. Nothing
    under the point objective, or when the point model's optimum holds the initiative.
    On multi-team-q4 (13 cut initiatives): 58 sampled decisions and 20.6 s for the effort
    searches without the guide, 21 and 9.5 s with it, every answer within the other's bracket."""
    point = context.point_guide
    if point is None or i in point.base.selected:
        return None, []
    enters = _Entry(point, i, [_base_with(point, i)])
    entered, stays_out, settled = _effort_search(enters)
    return (stays_out if settled and entered is not None else None), enters.witnesses


def _base_with(context: WhatIfs, i: str) -> tuple[str, ...]:
    """The base plan with an initiative added, and what it requires, less what it excludes."""
    scenario = context.scenario
    return tuple(sorted((set(context.base.selected) - scenario.exclusive_with(i)) | {i} | scenario.requirements(i)))


def _screened_entry(context: WhatIfs, i: str, forced: Plan | None) -> _Entry:
    # Past the budget's end the full model's questions have no time left: the LP bounds go to the quick one.
    return _Entry(context, i, [*([forced.selected] if forced else []), _base_with(context, i)], live=context.quick_live)


def screened_impact_break_even(context: WhatIfs, i: str, counter: Counterfactual, forced: Plan | None) -> Bounded:
    """A cut initiative's impact break-even after the explanation's budget, without a decision
    solve: exact where the LP relaxation settles it (not within 20x its impacts), else the
    proven range the plans already known with it give (the forced plan found, and the base plan
    with it added): the factor on its impacts at which one of them beats the base plan, down to
    the floor proven below it (`_impact_floor`). (One quick decision at 20x, as the effort's
    first question below gets, settled no more of them on synthetic N = 200 and took 0.6 s more
    past a 30 s budget: bench/README.md.)"""
    if _no_impact_question(context.scenario, i, counter):
        return Bounded(None, 1.0, True)
    floor = _impact_floor(context, i, forced)  # the quick re-solve's bound holds as well
    if floor >= MAX_IMPACT_FACTOR:
        return Bounded(None, MAX_IMPACT_FACTOR, True)
    enters = _screened_entry(context, i, forced)
    verdict = enters.without_search(impact=MAX_IMPACT_FACTOR)
    if verdict is False and enters.live.more_impact_only_helps(i):  # else a smaller factor may bring it in
        return Bounded(None, MAX_IMPACT_FACTOR, True)
    if enters.witnessed(impact=MAX_IMPACT_FACTOR):
        high = _narrow(lambda f: enters.witnessed(impact=f), MAX_IMPACT_FACTOR, floor, ratio=True,
                       precision=IMPACT_PRECISION / 4)
        return Bounded(high, floor, high / floor <= 1 + IMPACT_PRECISION + 1e-9)
    return Bounded(None, floor, False)


def screened_effort_break_even(context: WhatIfs, i: str, forced: Plan | None) -> Bounded:
    """Its effort break-even after the budget: the effort search's first question (would it come
    in free, or at some fraction from there up?) asked once, of a known plan, the LP bound where
    less effort only helps, then one decision on the quick model (`QUICK_LIMIT`). Exact where the
    answer is no (no cut in its effort brings it in), else the largest fraction of its effort at
    which a known plan with it beats the base plan. The decision settles what a search's first
    step would, for a few hundredths of a second: on synthetic N = 200 under a 30 s budget, 2-3
    effort break-evens more per seed (none before; bench/README.md)."""
    if _no_effort_question(context, i):
        return Bounded(None, 0.0, True)
    enters = _screened_entry(context, i, forced)
    entered = 0.0 if enters.witnessed(effort=0.0) else enters.effort_question()(0.0)
    if entered is False:
        return Bounded(None, 0.0, True)  # not even free would it come in
    if entered is None:
        return Bounded(None, 1.0, False)
    return Bounded(_narrow(lambda g: enters.witnessed(effort=g), entered, 1.0, ratio=False,
                           precision=EFFORT_PRECISION / 4), 1.0, False)


def _narrow(holds, yes: float, no: float, *, ratio: bool, precision: float) -> float:
    """Move `yes` (where the cheap test holds) toward `no` while the test still holds, by
    bisection, in ratio or in difference. Only `yes` is proven: the test failing is no proof."""
    while (yes / no - 1 if ratio else abs(no - yes)) > precision:
        middle = (yes * no) ** 0.5 if ratio else (yes + no) / 2
        if holds(middle):
            yes = middle
        else:
            no = middle
    return yes
