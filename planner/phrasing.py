"""Results in words: why an initiative is in or out, how a plan compares, what a choice changed.

Presentation, built from the analysis's values (`planner.explain`) when they are shown; the
analysis itself stores numbers only. A sentence that suggests changing a setting names it as the
reader would (`Spelling`): a parameter for the API, a flag for the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.break_even import ENTERS, BreakEven
from planner.compare import Comparison
from planner.constraints import BUDGET_LIMIT, EFFORT_LIMIT, Constraint, ConstraintKind
from planner.diagnosis import Diagnosis
from planner.evaluation import Evaluation, Violation, chain_effects
from planner.explain import Explanation, InitiativeExplanation
from planner.forcing import Counterfactual
from planner.forecast import Distribution, Forecast
from planner.formatting import RULE_LABELS, initiatives_count, percent
from planner.frontier import CapacityFrontier, ObjectiveTradeoff
from planner.model import Commitment, Initiative, Level, Scenario, Tier
from planner.reach import Reach
from planner.results import PlanResult, RoadmapResult
from planner.settings import API_SPELLING, Settings, Spelling


def _points(value: float) -> str:
    if 0 < abs(value) * 100 < 0.05:  # "loses 0.0 points" read as nothing lost
        return "under 0.05 points"
    return f"{value * 100:.1f} points"


def _cost(c: Counterfactual) -> str:
    """What forcing costs, as a range when the re-solve was not proven."""
    most, least = c.cost.value, c.cost.other_end
    if c.proven or (least is not None and round(least * 100, 1) == round(most * 100, 1)):
        return _points(most)
    if least is None:  # a solver that reports no bound (CBC)
        return f"at most {_points(most)} ({UNSETTLED})"
    if least < 0:  # the bound leaves room for a better plan this way: the base itself was cut short
        return (f"at most {_points(most)}, and a plan this way may even score up to {_points(-least)} more "
                f"({UNSETTLED})")
    return f"between {least * 100:.1f} and {_points(most)} ({UNSETTLED})"


UNSETTLED = "not settled in the time allowed"  # a re-solve's time limit, or the explanation's budget


def _not_optimal(spelling: Spelling) -> str:
    return f"The plan was not proven optimal: tighten {spelling.gap} or raise {spelling.time_limit}."


def _beats_base(c: Counterfactual) -> bool:
    """The forced plan scores visibly more than the base: only possible when the base was not
    proven optimal (a loose gap or a time limit)."""
    return c.cost.value is not None and round(c.cost.value * 100, 1) < 0


def _ids(ids: Iterable[str]) -> str:
    quoted = [f"`{i}`" for i in ids]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def blocker_phrase(scenario: Scenario, violation: Violation, initiative_id: str = "",
                   prerequisites: tuple[str, ...] = ()) -> str:
    """Why a violated constraint keeps an initiative out of the plan as it is, in a stakeholder's
    words, naming whose demand breaks it: the initiative's own, or that of the `prerequisites`
    it would bring in with it (those it requires that the plan lacks)."""
    name = violation.constraint
    kind, subject = name.kind, name.subject
    pre = f"its prerequisite{'s' if len(prerequisites) > 1 else ''} {_ids(prerequisites)}" if prerequisites else ""
    who = f"it, with {pre}," if pre else "it"
    if kind is ConstraintKind.CAPACITY:
        team = scenario.team(subject)
        needs = [j for j in (initiative_id, *prerequisites)
                 if j and scenario.initiative(j).effort.get(subject, 0) > 0]
        label = team.name or team.id
        if initiative_id in needs or not needs or not pre:
            return f"{label} is full" + (f" (with {pre} it needs)" if pre else "")
        return f"{pre} would need {label} time, and {label} is full"
    if kind is ConstraintKind.SPLIT:
        return f"{who} would push {subject} work out of its {_band(scenario, subject)} band"
    if kind is ConstraintKind.EXCLUDES:
        parts = subject.split("|")
        mine = [p for p in parts if p == initiative_id or p in prerequisites]
        others = [p for p in parts if p not in mine] or parts
        owner = "it" if initiative_id in mine or not mine else f"its prerequisite {_ids(mine)}"
        return f"{owner} cannot go with {_ids(others)}, which is in the plan"
    if kind is ConstraintKind.MIN_ATTAINMENT:
        return f"objective `{subject}` would fall below its floor"
    if kind is ConstraintKind.GUARDRAIL:
        g = scenario.guardrail(subject)
        return (f"{who} would break the guardrail `{subject}` (it must stay {g.hold.words} {g.level:g}"
                f"{' ' + g.unit if g.unit else ''})")
    if name == EFFORT_LIMIT:
        return "the total effort cap is reached" + (f" (with {pre} it needs)" if pre else "")
    if name == BUDGET_LIMIT:
        return "the budget is spent" + (f" (with {pre} it needs)" if pre else "")
    return violation.message


def blockers_phrase(scenario: Scenario, initiative_id: str, blockers: tuple[Violation, ...],
                    in_plan: tuple[str, ...]) -> str:
    """Every constraint that keeps an initiative out of the plan as it is; several hold it out
    jointly (each would have to give way for it to fit), and the sentence says so."""
    prerequisites = tuple(sorted(scenario.requirements(initiative_id) - set(in_plan)))
    reasons = list(dict.fromkeys(blocker_phrase(scenario, v, initiative_id, prerequisites) for v in blockers))
    if len(reasons) == 1:
        return reasons[0]
    return "; ".join(reasons) + " (each of these would have to give way for it to fit this plan)"


def _kept_phrase(scenario: Scenario, initiative_id: str, name: Constraint) -> str | None:
    """What an initiative that cannot leave the plan keeps satisfied, from a constraint that
    conflicts with forcing it out (a diagnosis)."""
    if name.kind is ConstraintKind.SPLIT:
        return f"{name.subject} work within its {_band(scenario, name.subject)} band"
    if name.kind is ConstraintKind.MIN_ATTAINMENT:
        return f"objective `{name.subject}` above its floor"
    if name.kind is ConstraintKind.GUARDRAIL:
        return f"the guardrail `{name.subject}` held"
    if name.kind is ConstraintKind.COMMIT and initiative_id in scenario.requirements(name.subject):
        return f"`{name.subject}`, which is committed and requires it, possible"
    return None  # capacity, limits and other commitments are what the rest of the plan needs


def _band(scenario: Scenario, tier: str) -> str:
    low, high = scenario.split.band(Tier(tier))  # type: ignore[union-attr]
    return f"{low:.0%}-{high:.0%}"


def unfillable_split_sentence(scenario: Scenario) -> str | None:
    """Why a plan is empty when a split band cannot be filled, and what would fix it; None if
    every band can be."""
    tiers = scenario.unfillable_tiers()
    if not tiers:
        return None
    names = " or ".join(t.value for t in tiers)
    bands = ", ".join(f"{t.value} {_band(scenario, t.value)}" for t in tiers)
    return (f"No candidate is {names} work, so the split's band ({bands}) cannot be filled: no plan that takes any "
            f"effort meets the split. Add {names} initiatives, let the band start at 0%, or set `split: off`.")


MAX_LISTED = 5  # key results a sentence names before "and N more"


def reach_sentence(reach: Reach | None) -> str | None:
    """Which targets no plan can reach, however much capacity, and the most any plan attains
    then: None when every KR can reach its target."""
    if reach is None:
        return None
    short = reach.short_of_target
    if not short:
        return None
    at_most = "" if reach.exact else " at most"
    listed = ", ".join(f"`{k.key_result_id}` {percent(k.attainment)}" for k in short[:MAX_LISTED])
    more = f" and {len(short) - MAX_LISTED} more" if len(short) > MAX_LISTED else ""
    total = ("" if reach.score is None else
             f", and the best plan then attains{at_most} {percent(reach.score)} (the split set aside)")
    return (f"Some targets are out of reach of every candidate: with unlimited capacity the most they attain is"
            f"{at_most} {listed}{more}{total}. Add initiatives for them or revisit the targets.")


def reachable_note(reach: Reach) -> str:
    """What the "reachable" columns mean, in one line."""
    exact = "" if reach.exact else " (upper bounds where a solve hit its time limit or objective floors apply)"
    return ("reachable: the most each key result attains on expected impacts with unlimited capacity, each on its "
            "own; for an objective, its attainment in the best plan with unlimited capacity (the split set aside)"
            + exact + ".")


def flat_tradeoff_sentence(tradeoff: ObjectiveTradeoff) -> str | None:
    """Why moving weight between two objectives changes nothing, when it does not; else None."""
    if not tradeoff.is_flat:
        return None
    a, b = tradeoff.objective_a, tradeoff.objective_b
    if tradeoff.split_on and tradeoff.tiers and tradeoff.tiers[0] is not tradeoff.tiers[1]:
        return (f"`{a}` and `{b}` do not compete here: `{a}` is {tradeoff.tiers[0].value} work and `{b}` is "
                f"{tradeoff.tiers[1].value} work, and the split holds each tier's share of effort within its band, so "
                "weight moved between them moves little or no effort. Compare two objectives of one tier, or see the trade-off "
                "without the split (`split: off`).")
    return (f"`{a}` and `{b}` do not compete here: every weight between 0% and 100% gives both the same "
            "scores (they draw on different capacity, or one plan serves both).")


def sentence(explanation: Explanation, initiative_id: str, spelling: Spelling = API_SPELLING) -> str:
    """Why one initiative is in or out, and what would change that, in one or two sentences."""
    return answer_sentence(explanation.base, explanation.initiative(initiative_id), spelling)


def answer_sentence(base, e, spelling: Spelling = API_SPELLING) -> str | None:
    """The same sentence from one answer and the plan it explains, as soon as that answer
    settles; None for an answer that is not about an initiative (a price)."""
    if not isinstance(e, InitiativeExplanation):
        return None
    return _sentence(base.scenario, e.initiative_id, e.selected, e.counterfactual, e.blockers, e.adds,
                     e.break_even, e.needed_by, spelling, base.selected)


def _sentence(scenario: Scenario, i: str, selected: bool, c: Counterfactual, blockers: tuple[Violation, ...] = (),
              adds: float | None = None, break_even: BreakEven | None = None, needed_by: tuple[Constraint, ...] = (),
              spelling: Spelling = API_SPELLING, in_plan: tuple[str, ...] = ()) -> str:
    x = scenario.initiative(i)
    if x.commit is Commitment.IN:
        return "In: committed (commit: in); the price of constraints shows what the commitment costs."
    if x.commit is Commitment.OUT:
        return "Out: committed out (commit: out)."
    if selected:
        if c.value is None:
            if not c.proven:
                return f"In: no plan without it was found ({UNSETTLED})."
            keeps = [phrase for name in needed_by if (phrase := _kept_phrase(scenario, i, name))]
            return "In: no plan without it meets the constraints" + (
                f"; it keeps {' and '.join(keeps)}." if keeps else ".")
        others = [j for j in c.leaving if j != i]  # the whole change: who else leaves with it
        if c.proven:
            replaced = f"{_ids(c.entering)} would replace it" if c.entering else "nothing would replace it"
            replaced += f", and {_ids(others)} would leave too" if others else ""
        else:
            replaced = f"the best plan found without it adds {_ids(c.entering) if c.entering else 'nothing'}"
            replaced += f" and drops {_ids(others)}" if others else ""
        if _beats_base(c):
            return f"In, yet a plan without it scores {_points(-c.cost.value)} more; {replaced}. {_not_optimal(spelling)}"
        return f"In: the best plan without it (re-planned, every constraint met) loses {_cost(c)}; {replaced}."
    unfillable = scenario.unfillable_tiers()
    if c.value is None and c.proven and unfillable:  # the real reason, and no effort or impact would change it
        names = " or ".join(t.value for t in unfillable)
        return f"Cut: no plan with it meets the split, because no candidate is {names} work (see above)."
    parts = []
    if blockers:
        parts.append(f"Cut: {blockers_phrase(scenario, i, blockers, in_plan)}")
    elif adds is not None and adds <= ENTERS:
        parts.append("Cut: it adds nothing to this plan" if adds > -ENTERS else
                     f"Cut: it would lower the score by {_points(-adds)}")
    else:
        parts.append("Cut")
    if c.value is None:
        parts.append("no plan with it meets the constraints" if c.proven else f"no plan with it was found ({UNSETTLED})")
    else:
        if _beats_base(c):
            dropped = f", dropping {_ids(c.leaving)}," if c.leaving else ""
            parts.append(f"yet a plan with it{dropped} scores {_points(-c.cost.value)} more. {_not_optimal(spelling).rstrip('.')}")
        elif c.proven:  # the whole change: who comes in with it, who leaves
            companions = [j for j in c.entering if j != i]
            change = ([f"bring in {_ids(companions)} with it"] if companions else []) + (
                [f"displace {_ids(c.leaving)}"] if c.leaving else [])
            parts.append("it would " + (", ".join(change) + " and " if change else "") + f"cost {_cost(c)}")
        else:
            dropped = f"drops {_ids(c.leaving)} and " if c.leaving else ""
            parts.append(f"the best plan found with it {dropped}costs {_cost(c)}")
    sentence = "; ".join(parts) + "."
    if break_even:
        sentence += _break_even_sentence(scenario, x, break_even)
    return sentence + _chain_sentence(scenario, i, selected, in_plan)


def _change(scenario: Scenario, metric: str, change: float) -> str:
    unit = scenario.metric(metric).unit
    return f"{change:+.3g}{' ' + unit if unit else ''} {metric}"


MAX_ROUTES = 12  # routes a chain phrase follows per initiative, however the links branch


def chain_routes(scenario: Scenario, initiative_id: str) -> tuple[list[list[tuple[str, float]]], bool]:
    """Routes from each metric an initiative moves directly down the driver links to where they
    end, each hop with the change carried along that route alone (the initiative's expected
    change there times the elasticities on the way), so that every number on a route is the one
    before it times one elasticity. A metric reached several ways gets the sum of its routes.
    At most MAX_ROUTES (depth first, in chain order); True when some were left out."""
    x = scenario.initiative(initiative_id)
    order = {m: n for n, m in enumerate(scenario.chain_order)}
    direct = {**{k: x.expected_impact(k) for k in x.impacts}, **{g: x.expected_effect(g) for g in x.guardrail_impacts}}
    routes: list[list[tuple[str, float]]] = []
    stack = [[(m, direct[m])] for m in sorted(direct, key=lambda m: order.get(m, 0), reverse=True)
             if direct[m] and scenario.links_from(m)]
    while stack:
        route = stack.pop()
        metric, value = route[-1]
        links = scenario.links_from(metric)
        if not links:
            if len(routes) == MAX_ROUTES:
                return routes, True
            routes.append(route)
            continue
        for link in sorted(links, key=lambda d: order.get(d.target, 0), reverse=True):
            stack.append([*route, (link.target, value * link.elasticity.mean)])
    return routes, False


def chain_phrase(scenario: Scenario, initiative_id: str) -> str | None:
    """What an initiative moves down the chain, route by route: "+7.8 % completion → +19.6 kUSD
    mrr; +4 points nps → +0.6 points company-nps". None when no driver link carries it."""
    routes, more = chain_routes(scenario, initiative_id)
    if not routes:
        return None
    return "; ".join(" → ".join(_change(scenario, m, v) for m, v in route) for route in routes) + (
        "; and more routes" if more else "")


def _outcome(scenario: Scenario, initiative_id: str):
    """The company KR (else the driven KR) an initiative moves most, by weighted attainment."""
    reached = [e for e in chain_effects(scenario, [initiative_id]) if not e.direct or e.level is Level.COMPANY]
    krs = [e for e in reached if e.metric in {kr.id for kr in scenario.key_results}]
    if not krs:
        return None
    weight = lambda e: scenario.kr_weight(scenario.key_result(e.metric)) or 1e-9  # noqa: E731
    return max(krs, key=lambda e: (e.level is Level.COMPANY,
                                   weight(e) * abs(scenario.key_result(e.metric).progress(e.change)), e.metric))


def _chain_sentence(scenario: Scenario, i: str, selected: bool, in_plan: tuple[str, ...]) -> str:
    """In chain terms: what it moves downstream; for a cut one, against the funded initiative
    that moves the same outcome most per week of the team it needs most."""
    phrase = chain_phrase(scenario, i)
    outcome = _outcome(scenario, i)
    if phrase is None or outcome is None:
        return ""
    text = f" Through the chain: `{i}` → {phrase}."
    x = scenario.initiative(i)
    if selected or not x.effort:
        return text
    team = max(x.effort, key=lambda t: (x.effort[t], t))
    kr = scenario.key_result(outcome.metric)

    def rate(initiative_id: str) -> float:
        other = scenario.initiative(initiative_id)
        return scenario.effects(other).get(kr.id, 0.0) / kr.gap / other.effort[team] if other.effort.get(team) else 0.0

    rivals = [j for j in in_plan if j != i and rate(j) > rate(i)]
    if not rivals:
        return text
    best = max(rivals, key=lambda j: (rate(j), j))
    per_week = lambda j: scenario.effects(scenario.initiative(j)).get(kr.id, 0.0) / scenario.initiative(j).effort[team]  # noqa: E731
    unit = f" {kr.unit}" if kr.unit else ""
    return (text + f" It would move {kr.id} by {outcome.change:+.3g}{unit} ({per_week(i):+.3g} per {team} "
            f"{scenario.units.removesuffix('s')}), less than `{best}` in the plan ({per_week(best):+.3g} per {team} "
            f"{scenario.units.removesuffix('s')}).")


def _break_even_sentence(scenario: Scenario, x: Initiative, b: BreakEven) -> str:
    ways, unsettled = [], []
    if b.effort.value is not None:
        effort = x.total_effort * b.effort.value
        way = (f"at {effort:.1f} {scenario.units} instead of {x.total_effort:g}" if effort >= 0.05 else
               f"only if it took almost no effort (it stays out at {x.total_effort * b.effort.other_end:.1f} "
               f"{scenario.units} or more)")
        if not b.effort.proven:
            way += f", perhaps at more (up to {x.total_effort * b.effort.other_end:.1f}; {UNSETTLED})"
        ways.append(way)
    elif not b.effort.proven:
        unsettled.append("less effort")
    if b.impact.value is not None:
        kr_id, estimate = max(x.impacts.items(), key=lambda kv: (scenario.kr_weight(scenario.key_result(kv[0]))
                                                                  * abs(scenario.key_result(kv[0]).progress(kv[1].mean)), kv[0]))
        extra = estimate.mean * (b.impact.value - 1)
        unit = scenario.key_result(kr_id).unit
        way = f"with {b.impact.value:.2f}x its estimated impact ({extra:+.3g}{' ' + unit if unit else ''} on {kr_id})"
        if not b.impact.proven:
            way += f", perhaps with less (down to {b.impact.other_end:.2f}x; {UNSETTLED})"
        ways.append(way)
    elif not b.impact.proven:
        unsettled.append("more impact")
    out = " It gets in " + ", or ".join(ways) + "." if ways else ""
    if unsettled:
        out += f" Whether {' or '.join(unsettled)} would bring it in was {UNSETTLED}."
    elif not ways:
        out += " Neither less effort nor up to 20x its impact would bring it in."
    return out


# --- plans and roadmaps ---


def fast_mode_sentence(plan) -> str | None:
    """What fast mode may have cost, from the measurement (`settings.FAST_COST`); None when the
    plan was not solved in fast mode."""
    from planner.settings import FAST_COST, FAST_GAP

    if not plan.samples or plan.solve.requested_gap != FAST_GAP:
        return None
    low, high = FAST_COST
    return (f"Fast mode: the sample-average model stopped within {FAST_GAP:.1%} of its bound, not 0.01%. Measured "
            f"on benchmark portfolios, that cost {low:.2f} to {high:.2f} points of expected attainment "
            "(bench/README.md, \"Fast mode\"); run without --fast for the proven optimum.")


def baseline_lines(result: PlanResult) -> list[str]:
    """The plan against each greedy ranking, one line each."""
    lines = []
    for rule, greedy in result.baselines.items():
        if greedy.feasible:
            theirs = result.baseline_headline(rule)
            delta = (result.headline - theirs) * 100
            measure = "expected attainment" if result.forecast else "attainment of expected impacts"
            lines.append(f"{delta:+.1f} points of {measure} vs {RULE_LABELS[rule]} "
                         f"({percent(theirs)} with {initiatives_count(len(greedy.selected))})")
        else:
            lines.append(f"{RULE_LABELS[rule]} cannot meet the constraints here "
                         f"({', '.join(v.constraint for v in greedy.violations)})")
    return lines


def optimizer_measure(objective: str, risk: str, samples: int) -> str:
    """What the optimizer maximizes, named as the what-if answers are measured: the one wording
    for it everywhere."""
    if objective == "point":
        return "attainment of expected impacts (point estimates)"
    how = "the mean of the worst 20% of outcomes" if risk == "cautious" else "expected attainment"
    return f"{how} on the optimizer's own {samples} samples"


def whatif_measure_sentence(base_value: float, settings: Settings, expected_attainment: float | None) -> str:
    """How the what-if answers are measured, and how that relates to `plan`'s headline for the
    same plan, so that two numbers for one plan never stand unexplained side by side."""
    measure = optimizer_measure(settings.objective, settings.risk, settings.samples)
    text = f"Values are points of {measure}, on which this plan is worth {percent(base_value)}."
    if expected_attainment is None:
        return text
    if settings.objective == "point":
        return (text + f" Its expected attainment, the plan's headline ({settings.forecast_samples:,} samples), "
                f"is {percent(expected_attainment)}: capped attainment averaged over outcomes is lower than the "
                "attainment of averaged impacts.")
    if settings.risk == "cautious":
        return (text + f" Its expected attainment, the plan's headline ({settings.forecast_samples:,} fresh "
                f"samples), is {percent(expected_attainment)}.")
    return (text + f" On the {settings.forecast_samples:,} fresh samples of the plan's headline it is "
            f"{percent(expected_attainment)}; the two differ by sampling noise only. Every difference here compares "
            "two plans on the same optimizer samples.")


def frontier_measure_sentence(frontier: CapacityFrontier) -> str:
    """What a frontier's two value columns measure, and which one matches `plan`'s headline."""
    s = frontier.settings
    text = f"Best value: {optimizer_measure(s.objective, s.risk, s.samples)}, the measure each level was solved on"
    if not any(p.expected_attainment is not None for p in frontier.points):
        return text + "."
    return (text + f"; expected attainment: the same plan on the {s.forecast_samples:,} fresh samples of the plan's "
            "headline, so the row at 100% shows the headline.")


def outside_range_sentence(forecast: Forecast) -> str | None:
    """Which expected values lie outside their own P10–P90, and why that is not an error: a
    minority of outcomes far from the rest (an initiative delivering nothing, at the chance its
    confidence leaves) moves the mean without moving the percentiles. None when none does."""
    def outside(d: Distribution) -> bool:
        return not d.p10 - 5e-4 <= d.mean <= d.p90 + 5e-4

    named = [f"`{k.key_result_id}`" for k in forecast.key_results if outside(k.attainment)]
    named += [f"objective `{o}`" for o, d in forecast.objectives.items() if outside(d)]
    if not named:
        return None
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return (f"The expected attainment of {listed} lies outside its P10–P90: at most 1 outcome in 10 sits "
            "far from the rest (typically an initiative delivering nothing, at the chance its confidence leaves), "
            "which moves the mean but not the percentiles.")


def objective_line(result: PlanResult) -> str:
    """What the choice of objective changed, in one sentence."""
    plan = result.plan
    if plan.objective == "point":
        return "Objective: attainment of expected impacts (point estimates)."
    text = (f"Objective: {optimizer_measure(plan.objective, plan.risk, plan.samples)} (worth "
            f"{percent(plan.value)} there); reported on {result.forecast.samples:,} fresh ones.")
    point = result.point_plan
    if point is None:
        return text
    if set(point.selected) == set(plan.selected):
        return text + " The point-estimate model picks the same plan."
    return (text + f" The point-estimate plan attains {percent(point.score)} of expected impacts but its expected "
            f"attainment is {percent(result.expected(point.selected))}; this plan's is "
            f"{percent(result.forecast.expected_score)}.")


def roadmap_gap_sentence(result: RoadmapResult, spelling: Spelling = API_SPELLING) -> str:
    """How far the optimum is ahead of a roadmap, on the measure both were scored by; a roadmap
    that breaks constraints is said to be one first (its score is not that of a plan one can fund)."""
    broken = result.evaluation.violations
    if broken:
        return (f"This roadmap breaks {len(broken)} constraint(s) ({', '.join(v.constraint for v in broken)}), so it is "
                f"not a plan that can be funded as it is; the best plan that meets every constraint scores "
                f"{percent(result.optimum_headline)}, against this roadmap's {percent(result.headline)}.")
    best = result.optimum
    if best.solve.proven_optimal:
        who = "The optimal plan"
    elif not best.proven:
        who = "The best plan found within the time limit"
    else:
        who = f"The optimizer's plan (within the {spelling.gap} asked for)"
    on = f"on the same {result.forecast.samples:,} samples" if result.forecast else "on this measure"
    points = round(result.gap_to_optimum * 100, 1) + 0.0
    if points >= 0:
        return f"{who} scores {percent(result.optimum_headline)} {on}: this roadmap is {points:.1f} points below it."
    aim = optimizer_measure(best.objective, best.risk, best.samples)
    return (f"{who} scores {percent(result.optimum_headline)} {on}: this roadmap is {-points:.1f} points above it "
            f"(the optimizer maximized {aim}, not this measure on these samples).")


def unsettled_line(explanation: Explanation, spelling: Spelling = API_SPELLING) -> str | None:
    """One line saying how many answers hit the what-if time limit, if any did."""
    e = explanation
    if not e.unsettled:
        return None
    if e.settings.explain_budget is not None:
        return (f"{e.unsettled} answer(s) came after the budget of {e.settings.explain_budget:g} s or hit the time limit "
                f"per re-solve, and show the range proven so far (marked \"not settled\"): the initiatives nearest the "
                f"margin were answered first. Raise {spelling.explain_budget} to settle more.")
    return (f"{e.unsettled} answer(s) hit the time limit of {e.settings.whatif_limit:g} s per re-solve and show the "
            f"range the solver proved (marked \"not settled\"); raise {spelling.whatif_time_limit} to narrow them.")


@dataclass(frozen=True)
class RollupRow:
    """A company KR under a plan: what the plan's work moves it by, through the chain."""

    key_result: str
    objective: str
    change: float  # expected, from the selected initiatives (the trend aside), in its unit
    expected_attainment: float  # the forecast's mean when there is one, else of expected impacts
    p_success: float | None
    contributors: tuple[tuple[str, float], ...]  # (initiative, expected change), largest help first


def company_rollup(evaluation: Evaluation, forecast: Forecast | None = None) -> list[RollupRow]:
    """Each company KR: the plan's expected change on it, initiative by initiative (their sum
    is the plan's change, trend aside), its expected attainment and P(>=70%)."""
    s = evaluation.scenario
    effects = chain_effects(s, evaluation.selected)
    rows = []
    for o in s.company_objectives:
        for kr in o.key_results:
            mine = sorted(((e.initiative, e.change) for e in effects if e.metric == kr.id and e.change),
                          key=lambda item: (-item[1] / kr.gap, item[0]))
            outcome = evaluation.outcome(kr.id)
            k = forecast.key_result(kr.id) if forecast else None
            rows.append(RollupRow(kr.id, o.id, outcome.change - kr.expected_trend,
                                  k.attainment.mean if k else outcome.attainment, k.p_success if k else None,
                                  tuple(mine)))
    return rows


def contributors_phrase(scenario: Scenario, row: RollupRow, limit: int = 3) -> str:
    """ "slack-app +8.7 kUSD, team-invites +5.2 kUSD and 2 more" (largest first)."""
    unit = scenario.key_result(row.key_result).unit
    named = [f"{i} {change:+.3g}{' ' + unit if unit else ''}" for i, change in row.contributors[:limit]]
    more = len(row.contributors) - limit
    return (", ".join(named) + (f" and {more} more" if more > 0 else "")) or "nothing funded"


@dataclass(frozen=True)
class ComparisonRow:
    kind: str  # "plan", "objective", "key result", "team" or "initiative"
    key: str  # the id the row is about (the measure for "plan" rows)
    label: str
    cells: tuple[str, ...]  # one per option


def comparison_rows(comparison: Comparison) -> list[ComparisonRow]:
    """The comparison row by row, one cell per option: the headline, constraints met, what each
    option changes from the first, each objective with the best option starred (ties: all), each
    KR's expected attainment, each team's use, and the initiatives that differ. Options may be
    different scenarios: "-" where an option has no such KR, team or initiative. One wording for
    the terminal and the comparison report."""
    from planner.formatting import headline_parts, number

    options = comparison.options
    measure = headline_parts(options[0].forecast, 0.0)[0]
    rows = [ComparisonRow("plan", "headline", measure, tuple(percent(o.headline) for o in options)),
            ComparisonRow("plan", "feasible", "meets constraints", tuple(
                "yes" if o.evaluation.feasible else f"no ({', '.join(v.constraint for v in o.evaluation.violations)})"
                for o in options)),
            ComparisonRow("plan", "initiatives", "initiatives", tuple(str(len(o.evaluation.selected)) for o in options))]
    if len(options) > 1:
        changes = [comparison.changes(o) for o in options[1:]]
        rows.append(ComparisonRow("plan", "changes", f"changes from {options[0].name}", ("-", *(
            " ".join([*(f"+{i}" for i in entering), *(f"−{i}" for i in leaving)]) or "none"
            for entering, leaving in changes))))
    for objective, best in comparison.best_by_objective().items():
        values = [comparison.objective_attainment(o, objective) for o in options]
        rows.append(ComparisonRow("objective", objective, f"objective {objective}", tuple(
            "-" if v is None else percent(v) + (" ★" if len(options) > 1 and o.name in best else "")
            for o, v in zip(options, values))))
    for kr in dict.fromkeys(kr.id for o in options for kr in o.scenario.key_results):
        cells = []
        for o in options:
            if kr not in {k.id for k in o.scenario.key_results}:
                cells.append("-")
            elif o.forecast:
                f = o.forecast.key_result(kr)
                cells.append(f"{percent(f.attainment.mean)} (P≥70% {f.p_success:.0%})")
            else:
                cells.append(percent(o.evaluation.outcome(kr).attainment))
        rows.append(ComparisonRow("key result", kr, kr, tuple(cells)))
    for team in dict.fromkeys(t.id for o in options for t in o.scenario.teams):
        rows.append(ComparisonRow("team", team, f"{team} used", tuple(
            f"{number(o.evaluation.team_use.get(team, 0.0))} / {number(o.scenario.team(team).capacity)}"
            if team in {t.id for t in o.scenario.teams} else "-" for o in options)))
    for i in comparison.differing:
        rows.append(ComparisonRow("initiative", i, f"  {i}", tuple(
            "in" if i in o.evaluation.selected else "" if i in {x.id for x in o.scenario.initiatives} else "-"
            for o in options)))
    return rows


def no_optimum_sentence(diagnosis: Diagnosis) -> str:
    """Why hand-made roadmaps are shown without the optimum: no plan meets every constraint."""
    return ("No plan meets every constraint of this scenario, so there is no optimum to compare with "
            f"(conflicting: {', '.join(diagnosis.conflicting)}); `planner plan` says what would fix it.")


def comparison_note(comparison: Comparison) -> str:
    return "★ marks the best option for each objective. " + (
        "Initiatives listed at the bottom are those that differ between options." if comparison.differing
        else "All options fund the same initiatives.")


def quarter_status_sentence(status) -> str:
    """The quarter at a check-in in one sentence: where going on leads, and whether it still fits."""
    f = status.forecast
    text = (f"If the plan goes on, expected KR attainment at the end is {percent(f.expected_score)} "
            f"(P10–P90 {percent(f.score.p10)}–{percent(f.score.p90)}).")
    if not status.evaluation.feasible:
        text += (f" Going on as planned no longer fits ({', '.join(v.constraint for v in status.evaluation.violations)}): "
                 "a re-plan finds the best plan from here.")
    return text


def replan_sentence(replan) -> str:
    """Before and after a re-plan, on the same samples."""
    before, after = replan.status.forecast.expected_score, replan.forecast.expected_score
    if replan.status.evaluation.feasible:
        return (f"Expected KR attainment at the end: {percent(before)} going on as planned → {percent(after)} with "
                f"this plan ({(after - before) * 100:+.1f} points).")
    return (f"Going on as planned no longer fits, so its {percent(before)} is out of reach; the best plan from here "
            f"reaches {percent(after)}.")
