"""Terminal views of results (rich renderables). Numbers come from `planner.formatting`,
sentences from `planner.phrasing`; JSON and CSV are in `planner.records`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from planner.evaluation import Evaluation, evaluate
from planner.formatting import (
    capacity_gain_text,
    capacity_loss_text,
    changes_text,
    frontier_value_text,
    headline_parts,
    ids_text,
    initiatives_count,
    level,
    number,
    p10_p90,
    percent,
    policy_cost_text,
    signed_points,
    status_line,
)
from planner.model import TIERS, Level, Scenario
from planner.phrasing import (
    fast_mode_sentence,
    chain_phrase,
    company_rollup,
    contributors_phrase,
    comparison_note,
    comparison_rows,
    no_optimum_sentence,
    baseline_lines,
    flat_tradeoff_sentence,
    frontier_measure_sentence,
    objective_line,
    outside_range_sentence,
    quarter_status_sentence,
    reach_sentence,
    replan_sentence,
    reachable_note,
    roadmap_gap_sentence,
    sentence,
    unfillable_split_sentence,
    unsettled_line,
    whatif_measure_sentence,
)
from planner.results import CheckedScenario, PlanResult, RoadmapResult, SolveStatus
from planner.settings import API_SPELLING, Spelling

if TYPE_CHECKING:
    from planner.reach import Reach
    from planner.alternatives import Alternative
    from planner.compare import Comparison
    from planner.diagnosis import Diagnosis
    from planner.explain import Explanation
    from planner.forecast import Forecast
    from planner.frontier import CapacityFrontier, ObjectiveTradeoff


class WrappingTable(Table):
    """rich's table, whose cells wrap a word too long for its column onto the next line instead
    of cutting it short: an initiative id or a path that ends in "…" is one a stakeholder cannot
    look up."""

    def add_column(self, *args, overflow="fold", **kwargs) -> None:
        super().add_column(*args, overflow=overflow, **kwargs)


def _depths(s: Scenario) -> dict[str, int]:
    """Links from the start of the chain to each metric (drivers first)."""
    depth = dict.fromkeys(s.chain_order, 0)
    for m in s.chain_order:
        for d in s.links_from(m):
            depth[d.target] = max(depth[d.target], depth[m] + 1)
    return depth


def validation_summary(checked: CheckedScenario) -> Group:
    """'ok', a short summary of the scenario, and its warnings."""
    s = checked.scenario
    parts: list = [Text.assemble(("ok", "bold green"), f"  {s.name}")]
    counts = Table.grid(padding=(0, 2))
    product = [o for o in s.objectives if o.level is Level.PRODUCT]
    counts.add_row("objectives", str(len(product)),
                   ", ".join(f"{sum(o.tier is t for o in product)} {t.value}" for t in TIERS))
    if s.company_objectives:
        counts.add_row("company objectives", str(len(s.company_objectives)),
                       f"scored on {s.score_on.value} KRs; " + ", ".join(escape(o.id) for o in s.company_objectives))
    counts.add_row("key results", str(len(s.key_results)), "")
    if s.drivers:
        counts.add_row("driver links", str(len(s.drivers)), f"a chain {max(_depths(s).values())} links deep at most")
    if s.guardrails:
        counts.add_row("guardrails", str(len(s.guardrails)), ", ".join(escape(g.id) for g in s.guardrails))
    counts.add_row("initiatives", str(len(s.initiatives)),
                   ", ".join(f"{sum(x.tier is t for x in s.initiatives)} {t.value}" for t in TIERS))
    for team in s.teams:
        demand = s.candidate_demand(team.id)
        counts.add_row(f"team {escape(team.id)}", f"{team.capacity:g} {escape(s.units)}",
                       f"candidates need {demand:g}")
    split = "off" if s.split is None else " / ".join(
        f"{s.split.shares[t]:.0%}" for t in TIERS) + f" ± {s.split.tolerance:.0%}"
    counts.add_row("split", split, "")
    parts.append(counts)
    if checked.warnings:
        parts.append(Text(f"\n{len(checked.warnings)} warning(s):", style="bold yellow"))
        for w in checked.warnings:
            parts.append(Text.assemble(("  warning ", "yellow"), f"{w.where}: {w.message} ", (f"[{w.code}]", "dim")))
            parts.append(Text(f"    why: {w.why}", style="dim"))
    return Group(*parts)


def _guardrail_table(evaluation: Evaluation, forecast: Forecast | None) -> Table:
    """Each guardrail: the level to hold, the plan's expected value, held or broken, and (with a
    forecast) how often it holds over the samples."""
    table = WrappingTable(title="Guardrails (levels to hold)", title_justify="left", show_edge=False)
    for col in ("objective", "guardrail", "baseline → expected", "must stay", "expected",
                *(("P(held)",) if forecast else ())):
        table.add_column(col, justify="left" if col in ("objective", "guardrail") else "right")
    for o in evaluation.guardrails:
        g = o.guardrail
        unit = f" {escape(g.unit)}" if g.unit else ""
        row = [escape(g.objective), escape(g.id), f"{level(g.baseline)} → {level(o.expected_value)}{unit}",
               f"{g.hold.symbol} {level(g.level)}{unit}", "held" if o.held else "broken"]
        if forecast:
            row.append(f"{next(f for f in forecast.guardrails if f.guardrail_id == g.id).p_held:.0%}")
        table.add_row(*row)
    return table


def _evaluation_tables(evaluation: Evaluation, forecast: Forecast | None = None, teams_and_split: bool = True,
                       reach: Reach | None = None) -> list:
    """The KR, objective, guardrail, capacity and split tables of a selection; with `reach`, a
    column for the most each KR and objective can attain with unlimited capacity."""
    s = evaluation.scenario
    most_kr = {} if reach is None else {k.key_result_id: k.attainment for k in reach.key_results}
    most_objective = {} if reach is None else reach.objective_scores()
    title = "Key results" + (f" (forecast over {forecast.samples:,} samples, seed {forecast.seed})" if forecast else "")
    krs = WrappingTable(title=title, title_justify="left", show_edge=False)
    columns = [("objective", "left"), ("key result", "left"), ("baseline → expected", "right"), ("target", "right")]
    columns += ([("expected attainment", "right"), ("P10–P90", "right"), ("P(≥70%)", "right"), ("P(≥100%)", "right")]
                if forecast else [("attainment", "right")])
    columns += [("reachable", "right")] if most_kr else []
    for col, just in columns:
        krs.add_column(col, justify=just)
    for o in evaluation.key_results:
        kr = o.key_result
        unit = f" {escape(kr.unit)}" if kr.unit else ""
        row = [escape(kr.objective), escape(kr.id), f"{number(kr.baseline)} → {number(o.forecast)}{unit}", f"{number(kr.target)}{unit}"]
        if forecast:
            f = forecast.key_result(kr.id)
            row += [percent(f.attainment.mean), p10_p90(f.attainment), f"{f.p_success:.0%}", f"{f.p_target:.0%}"]
        else:
            row.append(percent(o.attainment))
        if most_kr:
            row.append(percent(most_kr[kr.id]))
        krs.add_row(*row)
    objectives = WrappingTable(title="Objectives", title_justify="left", show_edge=False)
    for col in ("objective", "tier", "weight", "expected attainment" if forecast else "attainment",
                *(("P10–P90",) if forecast else ()), *(("reachable",) if most_objective else ())):
        objectives.add_column(col, justify="left" if col in ("objective", "tier") else "right")
    for o in s.objectives:
        floor = f" (floor {o.min_attainment:.0%})" if o.min_attainment is not None else ""
        score = forecast.objectives[o.id].mean if forecast else evaluation.objective_scores[o.id]
        objectives.add_row(escape(o.id), o.kind, f"{o.weight:g}", percent(score) + floor,
                           *((p10_p90(forecast.objectives[o.id]),) if forecast else ()),
                           *((percent(most_objective[o.id]),) if most_objective else ()))
    if most_kr:
        objectives = Group(objectives, Text(reachable_note(reach), style="dim"))
    outside = outside_range_sentence(forecast) if forecast else None
    if outside:
        objectives = Group(objectives, Text(outside, style="dim"))
    if evaluation.guardrails:
        objectives = Group(objectives, Text(""), _guardrail_table(evaluation, forecast))
    if not teams_and_split:
        return [krs, Text(""), objectives]
    teams = WrappingTable(title="Capacity", title_justify="left", show_edge=False)
    for col in ("team", f"used ({escape(s.units)})", "capacity", "use"):
        teams.add_column(col, justify="left" if col == "team" else "right")
    for t in s.teams:
        used = evaluation.team_use[t.id]
        teams.add_row(escape(t.id), number(used), number(t.capacity), percent(used / t.capacity) if t.capacity else "-")
    split = WrappingTable(title="70/20/10 split of selected effort", title_justify="left", show_edge=False)
    for col in ("tier", "effort", "share", "band"):
        split.add_column(col, justify="left" if col == "tier" else "right")
    shares = evaluation.split_shares
    for tier in TIERS:
        band = "off" if s.split is None else "{:.0%}-{:.0%}".format(*s.split.band(tier))
        split.add_row(tier.value, number(evaluation.tier_effort[tier]), percent(shares[tier]), band)
    return [krs, Text(""), objectives, Text(""), teams, Text(""), split]


def _chain_tables(evaluation: Evaluation, forecast: Forecast | None) -> list:
    """With driver links or company OKRs: each funded initiative's effect down the chain, and
    the roll-up per company KR."""
    s = evaluation.scenario
    parts: list = []
    paths = [(i, phrase) for i in evaluation.selected if (phrase := chain_phrase(s, i))]
    if paths:
        table = WrappingTable(title="Through the chain (expected changes, drivers before what they drive)",
                              title_justify="left", show_edge=False)
        table.add_column("initiative")
        table.add_column("moves")
        for i, phrase in paths:
            table.add_row(escape(i), escape(phrase))
        parts += [table, Text("")]
    rows = company_rollup(evaluation, forecast)
    if rows:
        table = WrappingTable(title=f"Company key results (scored: {s.score_on.value} KRs)", title_justify="left",
                              show_edge=False)
        for col, just in (("objective", "left"), ("key result", "left"), ("from the plan", "right"),
                          ("expected attainment", "right"), ("P(≥70%)", "right"), ("moved by", "left")):
            table.add_column(col, justify=just)
        for r in rows:
            unit = s.key_result(r.key_result).unit
            table.add_row(escape(r.objective), escape(r.key_result), f"{r.change:+.3g}{' ' + escape(unit) if unit else ''}",
                          percent(r.expected_attainment), "-" if r.p_success is None else f"{r.p_success:.0%}",
                          escape(contributors_phrase(s, r)))
        parts += [table, Text("")]
    return parts


def plan_view(result: PlanResult, spelling: Spelling = API_SPELLING, timings: bool = False) -> Group:
    """The terminal view of a plan: what to fund, what it achieves, and against what limits."""
    plan, s = result.plan, result.scenario
    parts: list = [Text.assemble(("Plan: ", "bold"), s.name)]
    if result.forecast:
        f = result.forecast
        likely = sum(k.p_success >= 0.5 for k in f.key_results)
        name, value, spread = headline_parts(f, plan.score)
        parts += [
            Text.assemble((name + " ", "bold"), (value, "bold green"), spread + " · ", status_line(plan, spelling, timings)),
            Text(f"{likely} of {len(f.key_results)} key results are more likely than not to reach 70%. "
                 f"Attainment of expected impacts: {percent(plan.score)}."),
            Text(objective_line(result)),
        ]
    else:
        name, value, _ = headline_parts(None, plan.score)
        parts.append(Text.assemble((name + " ", "bold"), (value, "bold green"), " (no forecast) · ",
                                   status_line(plan, spelling, timings)))
    if plan.solve.engine_choice:
        parts.append(Text(plan.solve.engine_choice + ".", style="dim"))
    fast = fast_mode_sentence(plan)
    if fast:
        parts.append(Text(fast, style="yellow"))
    unfillable = unfillable_split_sentence(s)
    if unfillable:
        parts.append(Text(unfillable, style="bold yellow"))
    if plan.solve.status is not SolveStatus.OPTIMAL:
        parts.append(Text("The solver stopped at its time limit: this plan is the best found, within the gap shown; "
                          "another run, or a faster machine, may find another.",
                          style="bold yellow"))
    parts += [Text(line) for line in baseline_lines(result)]
    ceiling = reach_sentence(result.reach)
    if ceiling:
        parts.append(Text(ceiling, style="yellow"))
    parts.append(Text(""))
    chosen = WrappingTable(title=f"Selected initiatives ({len(plan.selected)})", title_justify="left", show_edge=False)
    chosen.add_column("tier")
    chosen.add_column("initiative")
    chosen.add_column("title")
    chosen.add_column(f"effort ({escape(s.units)})", justify="right")
    chosen.add_column("contribution", justify="right")
    for tier in TIERS:
        for i in plan.selected:
            x = s.initiative(i)
            if x.tier is not tier:
                continue
            effort = ", ".join(f"{escape(t)} {v:g}" for t, v in x.effort.items())
            mark = " (committed)" if x.commit is not None else ""
            chosen.add_row(tier.value, escape(x.id) + mark, escape(x.title), effort,
                           f"{result.contribution(x.id) * 100:+.1f} pts")
    parts += [chosen, Text("")]
    parts += _chain_tables(plan.evaluation, result.forecast)
    parts += _evaluation_tables(plan.evaluation, result.forecast, reach=result.reach)
    left_out = [x.id for x in s.initiatives if x.id not in plan.selected]
    if left_out:
        parts += [Text(""), Text.assemble(("Not selected: ", "bold"), ", ".join(left_out))]
    return Group(*parts)


def roadmap_view(result: RoadmapResult, spelling: Spelling = API_SPELLING) -> Group:
    """A hand-made roadmap: its score, what it breaks, and its distance from the optimum."""
    e = result.evaluation
    parts: list = [Text.assemble(("Roadmap: ", "bold"), escape(result.name), f" on {e.scenario.name}")]
    name, value, spread = headline_parts(result.forecast, e.score)
    also = f" Attainment of expected impacts: {percent(e.score)}." if result.forecast else ""
    parts.append(Text.assemble((name + " ", "bold"), (value, "bold"),
                               f"{spread} with {initiatives_count(len(e.selected))}.{also}"))
    if result.optimum is not None:
        parts.append(Text(roadmap_gap_sentence(result, spelling)))
        missing = [i for i in result.optimum.selected if i not in e.selected]
        extra = [i for i in e.selected if i not in result.optimum.selected]
        if missing or extra:
            parts.append(Text(f"The optimum adds {', '.join(missing) or 'nothing'} and drops {', '.join(extra) or 'nothing'}."))
    elif result.infeasible is not None:
        parts.append(no_optimum_text(result.infeasible))
    if e.violations:
        parts.append(Text(f"\n{len(e.violations)} constraint(s) violated:", style="bold red"))
        for v in e.violations:
            parts.append(Text(f"  {v.constraint}: {v.message}"))
    else:
        parts.append(Text("It meets every constraint.", style="green"))
    parts.append(Text(""))
    parts += _evaluation_tables(e)
    return Group(*parts)


def no_optimum_text(diagnosis: Diagnosis) -> Text:
    """Why hand-made roadmaps are shown without the optimum: no plan meets every constraint."""
    return Text(no_optimum_sentence(diagnosis), style="yellow")


def forecast_view(forecast: Forecast, scenario: Scenario) -> Group:
    """A plan's forecast: the chance each KR reaches 70% and 100%, and the score's spread."""
    f = forecast
    name, value, _ = headline_parts(f, point_score=0.0)  # a forecast's headline never reads the point score
    parts: list = [
        Text.assemble(("Forecast: ", "bold"), scenario.name, f" · {initiatives_count(len(f.selected))} · "
                      f"{f.samples:,} samples, seed {f.seed}"),
        Text.assemble((name + " ", "bold"), (value, "bold green"),
                      f" (P10 {percent(f.score.p10)}, P50 {percent(f.score.p50)}, P90 {percent(f.score.p90)}; "
                      f"worst 20% average {percent(f.worst(0.2))})"),
        Text("Selected: " + ", ".join(f.selected)),
    ]
    evaluation = evaluate(scenario, f.selected)
    if evaluation.violations:
        parts.append(Text(f"This selection breaks {len(evaluation.violations)} constraint(s): "
                          f"{', '.join(v.constraint for v in evaluation.violations)} (`planner evaluate` explains each).",
                          style="yellow"))
    parts.append(Text(""))
    parts += _evaluation_tables(evaluation, f, teams_and_split=False)
    return Group(*parts)


def explain_view(explanation: Explanation, scenario: Scenario, spelling: Spelling = API_SPELLING) -> Group:
    """Why each initiative is in or out, and what the constraints cost."""
    e = explanation
    parts: list = [Text.assemble(("Why this plan: ", "bold"), scenario.name),
                   Text(whatif_measure_sentence(e.base.value, e.settings, e.expected_attainment))]
    unfillable = unfillable_split_sentence(scenario)
    if unfillable:
        parts.append(Text(unfillable, style="bold yellow"))
    if not e.base.solve.proven_optimal:
        gap = e.base.solve.gap
        found = "the best found within the time limit" if not e.base.proven else f"within the {spelling.gap} asked for"
        parts.append(Text(f"The plan is {found}" + (
            f" (proven within {gap:.2%} of the optimum)" if gap is not None else " (not proven optimal)")
            + "; the answers below are relative to it, and some may find a better plan.", style="yellow"))
    note = unsettled_line(e, spelling)
    if note is not None:
        parts.append(Text(note, style="yellow"))
    parts.append(Text(""))
    for selected, title in ((True, "In the plan"), (False, "Cut")):
        rows = [x for x in e.initiatives if x.selected == selected]
        if not rows:
            continue
        table = WrappingTable(title=f"{title} ({len(rows)})", title_justify="left", show_edge=False, show_lines=False)
        table.add_column("initiative", no_wrap=True)
        table.add_column("why")
        for x in rows:
            table.add_row(escape(x.initiative_id), escape(sentence(e, x.initiative_id, spelling)))
        parts += [table, Text("")]
    if e.capacity:
        steps = {c.step for c in e.capacity}
        step_words = (f"{next(iter(steps)):g} {escape(scenario.units)}" if len(steps) == 1
                      else "a typical initiative's effort on each team")
        table = WrappingTable(title=f"Price of capacity (± {step_words})", title_justify="left", show_edge=False)
        for col in ("team", "step", "more", "plan changes", "less", "plan changes "):
            table.add_column(col, justify="left" if col in ("team", "plan changes", "plan changes ") else "right")
        for c in e.capacity:
            table.add_row(escape(c.team_id), f"±{c.step:g}", capacity_gain_text(c),
                          changes_text(c.entering, c.leaving_with_more, c.proven),
                          capacity_loss_text(c, scenario.team(c.team_id).capacity),
                          changes_text(c.entering_with_less, c.leaving, c.proven))
        parts.append(table)
        best = e.best_capacity
        if best:
            team = scenario.team(best.team_id)
            parts.append(Text(f"The most valuable extra capacity: +{best.step:g} {scenario.units} on "
                              f"{team.name or team.id}: {signed_points(best.gain.value)}."))
        elif e.capacity_settled:
            parts.append(Text(f"No team's plan improves with {step_words} more; try a larger "
                              f"{spelling.capacity_step}, or {spelling.frontier} to see where it does."))
        else:
            parts.append(Text(f"Whether {step_words} more improves the plan was not settled here; raise "
                              f"{spelling.explain_budget} or {spelling.whatif_time_limit} to settle it."))
        parts.append(Text(""))
    if e.policies:
        table = WrappingTable(title="Price of policies", title_justify="left", show_edge=False)
        # Signed as the score moves by respecting the policy: "-2.1 pts" under a "costs" header read as a gain.
        for col in ("policy", "respecting it", "without it, enters", "leaves"):
            table.add_column(col, justify="right" if col == "respecting it" else "left")
        for p in e.policies:
            table.add_row(escape(p.policy), policy_cost_text(p, -1.0),
                          ids_text(p.entering, p.proven), ids_text(p.leaving, p.proven))
        parts.append(table)
    return Group(*parts)


def sweep_view(sweep) -> Group:
    """Every variant of a sweep against the unchanged scenario's plan."""
    fresh = sweep.settings.forecast_samples > 0
    measure = "expected attainment" if fresh else "attainment of expected impacts"
    table = WrappingTable(title=f"Sweep: {len(sweep.points)} variants", title_justify="left", show_edge=False)
    for col in (*sweep.parameters, measure, "vs unchanged", "status", "enters", "leaves"):
        table.add_column(escape(col), justify="right" if col in (measure, "vs unchanged") else "left")
    base = sweep.base.headline
    for p in sweep.points:
        headline = p.headline
        table.add_row(*(escape(p.changes[k]) for k in sweep.parameters),
                      "-" if headline is None else percent(headline),
                      "-" if headline is None or base is None else signed_points(headline - base),
                      p.status + (f" ({escape(', '.join(p.conflicting))})" if p.conflicting else ""),
                      escape(", ".join(p.entering)) or "-", escape(", ".join(p.leaving)) or "-")
    unchanged = "-" if base is None else percent(base)
    return Group(table, Text(f"Unchanged scenario: {unchanged} {measure}"
                             + (f" on {sweep.settings.forecast_samples:,} fresh samples (seed {sweep.settings.seed}), "
                                "the same for every variant" if fresh else "") + "."))


def frontier_view(frontier: CapacityFrontier, spelling: Spelling = API_SPELLING) -> Group:
    who = f"team {frontier.team_id}" if frontier.team_id else "all teams"
    table = WrappingTable(title=f"Capacity frontier: {escape(who)}", title_justify="left", show_edge=False)
    fresh = any(p.expected_attainment is not None for p in frontier.points)
    columns = ["level", f"capacity ({escape(frontier.units)})", "best value", *(["expected attainment"] if fresh else []),
               "enters", "leaves"]
    for col in columns:
        table.add_column(col, justify="right" if col != "enters" and col != "leaves" else "left")
    knee = frontier.knee
    for p in frontier.points:
        mark = " ← knee" if knee is not None and p.level == knee.level else ""
        table.add_row(f"{p.level:.0%}" + (" (today)" if p.is_today else ""), f"{p.capacity:.1f}",
                      frontier_value_text(p) + mark,
                      *([percent(p.expected_attainment) if p.expected_attainment is not None else "-"] if fresh else []),
                      ids_text(p.entering, p.proven), ids_text(p.leaving, p.proven))
    measure = Text(frontier_measure_sentence(frontier))
    unproven = sum(not p.proven for p in frontier.points)
    if not unproven:
        return Group(table, measure)
    return Group(table, measure, Text(f"{unproven} level(s) hit the time limit per re-solve and show the range the solver proved "
                             f"(no knee is marked); raise {spelling.whatif_time_limit} to narrow them.", style="yellow"))


def tradeoff_view(tradeoff: ObjectiveTradeoff, spelling: Spelling = API_SPELLING) -> Group:
    table = WrappingTable(title=f"Trade-off: {escape(tradeoff.objective_a)} vs {escape(tradeoff.objective_b)}",
                          title_justify="left", show_edge=False)
    for col in (f"weight on {escape(tradeoff.objective_a)}", tradeoff.objective_a, tradeoff.objective_b, "Pareto"):
        table.add_column(escape(col), justify="right")
    for p in tradeoff.points:
        scores = ("-", "-") if p.score_a is None else (percent(p.score_a), percent(p.score_b))
        table.add_row(f"{p.share:.0%}" + ("" if p.proven else " *"), *scores, "" if p.dominated else "yes")
    flat = flat_tradeoff_sentence(tradeoff)
    notes = [Text(flat, style="yellow")] if flat else []
    if all(p.proven for p in tradeoff.points):
        return Group(table, *notes)
    return Group(table, *notes, Text("* the best plan found within the time limit (-: none found), not proven optimal; "
                             f"raise {spelling.whatif_time_limit}.", style="yellow"))


def alternatives_view(alternatives: tuple[Alternative, ...], scenario: Scenario,
                      spelling: Spelling = API_SPELLING) -> Group:
    forecast = bool(alternatives) and alternatives[0].forecast is not None
    table = WrappingTable(title=f"Best distinct plans: {escape(scenario.name)}", title_justify="left", show_edge=False)
    for col in ("#", "expected" if forecast else "score", "behind", "adds", "drops"):
        table.add_column(col, justify="right" if col in ("#", "expected", "score", "behind") else "left")
    cut_short = [a.rank for a in alternatives if not a.plan.proven]
    for a in alternatives:
        behind = alternatives[0].headline - a.headline
        table.add_row(str(a.rank) + (" *" if a.rank in cut_short else ""), percent(a.headline),
                      "-" if a.rank == 1 else f"{behind * 100:.2f} pts" if behind >= 0 else f"{-behind * 100:.2f} pts ahead",
                      ids_text(a.entering), ids_text(a.leaving))
    parts = [table, Text(f"Plan 1: {', '.join(alternatives[0].plan.selected)}") if alternatives else Text("")]
    if forecast:
        samples = alternatives[0].forecast.samples
        parts.append(Text(f"Ranked by the optimizer's objective; 'expected' is each plan's expected KR attainment on "
                          f"{samples:,} fresh samples, as `plan` reports it.", style="dim"))
        # The ranks come from the optimizer's samples; fresh ones can order close plans differently.
        disorder = [a.rank for n, a in enumerate(alternatives) if any(b.headline < a.headline for b in alternatives[:n])]
        if disorder:
            plan = alternatives[0].plan
            basis = (f"its own {plan.samples} samples, which can order close plans differently" if plan.samples
                     else "the attainment of expected impacts, which ignores the spread of the estimates")
            parts.append(Text(f"Plan {', '.join(map(str, disorder))} scores above a plan ranked before it on the fresh "
                              f"samples: the optimizer ranks on {basis}.", style="yellow"))
    if cut_short:
        parts.append(Text("* the best plan found within the time limit, not proven optimal, so a better plan may "
                          f"rank above it; raise {spelling.time_limit}.", style="yellow"))
    return Group(*parts)


def comparison_view(comparison: Comparison) -> Group:
    options = comparison.options
    table = WrappingTable(title="Comparison", title_justify="left", show_edge=False)
    table.add_column("")
    for o in options:
        mark = o.optimal and o.name != "optimal" and len({x.scenario.name for x in options}) == 1
        table.add_column(escape(o.name) + (" (optimal)" if mark else ""), justify="right")
    for row in comparison_rows(comparison):  # names hold [..]: escaped, not markup
        table.add_row(escape(row.label), *(escape(c) for c in row.cells))
    note = Text(comparison_note(comparison))
    return Group(table, note, *([no_optimum_text(comparison.infeasible)] if comparison.infeasible else []))


# --- the quarter after the plan -------------------------------------------------------------------

def _quarter_heading(rest) -> str:
    s, c = rest.original, rest.checkin
    when = f"week {c.week:g} of {s.quarter.weeks}" + (f" ({c.date})" if c.date else "")
    return f"{escape(s.name)}: {when}"


def _checkin_basis(rest) -> Text:
    split = ("the split judged on the whole quarter's effort, spent included" if rest.split_over == "quarter"
             else "the split judged on the remaining work only")
    return Text(f"Done work counts as {rest.landed:.0%} landed in the reported values; effort spent is charged once; "
                f"{split}. Attainments are the whole quarter's.", style="dim")


def status_view(status) -> Group:
    """Where the quarter stands: KRs so far and at the end, initiatives, teams."""
    rest, f = status.rest, status.forecast
    head = Text(f"Status: {_quarter_heading(rest)}", style="bold")
    parts = [head, Text(quarter_status_sentence(status)), _checkin_basis(rest)]
    krs = WrappingTable(title="Key results", title_justify="left", show_edge=False)
    for column, justify in (("key result", "left"), ("baseline → now → target", "right"), ("so far", "right"),
                            ("at the end", "right"), ("P10–P90", "right"), ("P(≥70%)", "right"), ("status", "left"),
                            ("still to land", "left")):
        krs.add_column(column, justify=justify)
    for k in status.key_results:
        now = "?" if k.current is None else number(k.current)
        krs.add_row(escape(k.key_result_id), f"{number(k.baseline)} → {now} → {number(k.target)}",
                    percent(k.attained_so_far), percent(k.forecast.mean),
                    f"{percent(k.forecast.p10)}–{percent(k.forecast.p90)}", f"{k.p_success:.0%}", k.status,
                    escape(", ".join(k.still_to_land)) or "-")
    work = WrappingTable(title="Initiatives", title_justify="left", show_edge=False)
    for column, justify in (("initiative", "left"), ("status", "left"), ("in plan", "left"), ("planned", "right"),
                            ("spent", "right"), ("to go", "right"), ("over", "right"), ("late", "left")):
        work.add_column(column, justify=justify)
    for x in status.initiatives:
        if x.status.value == "not-started" and not x.in_plan:
            continue
        work.add_row(escape(x.initiative_id), x.status.value, "yes" if x.in_plan else "no", number(x.planned),
                     number(x.spent), number(x.remaining), number(x.over_budget) if x.over_budget else "",
                     "cannot finish" if x.late else "")
    teams = WrappingTable(title=f"Teams ({escape(rest.original.units)})", title_justify="left", show_edge=False)
    for column in ("team", "capacity", "spent", "still planned", "left"):
        teams.add_column(column, justify="left" if column == "team" else "right")
    for t in status.teams:
        teams.add_row(escape(t.team_id), number(t.capacity), number(t.spent), number(t.still_planned),
                      Text(number(t.left), style="red" if t.left < -1e-9 else ""))
    objectives = Text("Objectives at the end: " + "; ".join(
        f"{o} {percent(d.mean)}" for o, d in f.objectives.items()))
    return Group(*parts, krs, objectives, work, teams)


def replan_view(replan) -> Group:
    """The best plan from here: what continues, stops and starts, before and after."""
    status = replan.status
    head = Text(f"Re-plan: {_quarter_heading(status.rest)}", style="bold")
    lines = [head, _checkin_basis(status.rest), Text(replan_sentence(replan))]
    moves = WrappingTable(title="What changes", title_justify="left", show_edge=False)
    moves.add_column("move")
    moves.add_column("initiatives")
    words = {"continue": "continue (in progress)", "stop": "stop (in progress: frees its remaining effort)",
             "start": "start (not in the plan)", "keep": "keep (planned, not started)",
             "drop": "drop (planned, not started)", "done": "done", "dropped": "dropped"}
    for move, label in words.items():
        ids = replan.with_move(move)
        if ids:
            moves.add_row(label, escape(", ".join(ids)))
    lapsed = status.rest.lapsed
    notes = [Text(f"Commitments that lapsed with their initiative dropped: {', '.join(lapsed)}.", style="yellow")] if lapsed else []
    return Group(*lines, moves, *notes, Text("Objectives at the end: " + "; ".join(
        f"{o} {percent(d.mean)}" for o, d in replan.forecast.objectives.items())))


def score_view(card) -> Group:
    """The quarter scored: each KR, objective and overall, against the planning forecast."""
    from planner.forecast import attainment_reading

    s = card.scenario
    head = Text(f"Score: {escape(s.name)}, week {card.checkin.week:g}", style="bold")
    overall = Text("Overall: not scored (no KR reported)" if card.overall is None
                   else f"Overall score {card.overall:.2f}: {attainment_reading(card.overall)}.")
    krs = WrappingTable(title="Key results (score 0.0-1.0; planned: the forecast at planning time)",
                        title_justify="left", show_edge=False)
    for column, justify in (("key result", "left"), ("baseline → actual → target", "right"), ("score", "right"),
                            ("planned", "right"), ("P10–P90", "right"), ("in range", "left"), ("miss", "right")):
        krs.add_column(column, justify=justify)
    for k in card.key_results:
        actual = "not reported" if k.actual is None else number(k.actual)
        krs.add_row(escape(k.key_result_id), f"{number(k.baseline)} → {actual} → {number(k.target)}",
                    "-" if k.score is None else f"{k.score:.2f}", f"{k.planned.mean:.2f}",
                    f"{k.planned.p10:.2f}–{k.planned.p90:.2f}",
                    "-" if k.within_range is None else "yes" if k.within_range else "no",
                    "-" if k.miss is None else f"{k.miss:+.2f}")
    objectives = WrappingTable(title="Objectives", title_justify="left", show_edge=False)
    objectives.add_column("objective")
    objectives.add_column("score", justify="right")
    objectives.add_column("reading")
    for o in s.objectives:
        v = card.objectives[o.id]
        objectives.add_row(escape(o.id), "-" if v is None else f"{v:.2f}", "-" if v is None else attainment_reading(v))
    parts = [head, overall, krs, objectives]
    if card.guardrails:
        parts.append(Text("Guardrails: " + "; ".join(
            f"{g.guardrail_id} {'not reported' if g.held is None else 'held' if g.held else 'broken'}"
            for g in card.guardrails)))
    missed = [k for k in card.misses()[:3]]
    if missed:
        parts.append(Text("Missed the forecast most: " + ", ".join(
            f"{k.key_result_id} ({k.miss:+.2f})" for k in missed) + "."))
    return Group(*parts)


def calibration_view(calibration) -> Group:
    """How good the estimates were: realized over estimated movement, with its interval."""
    from planner.calibration import LEVEL

    def cells(f) -> tuple[str, str, str]:
        if f.value is None:
            return "-", "-", str(f.observations)
        interval = "-" if f.low is None else f"{f.low:.2f}–{f.high:.2f}"
        return f"{f.value:.2f}", interval, str(f.observations)

    o = calibration.overall
    if o.value is None:
        head = Text("No delivered work moved a reported key result: nothing to learn yet.")
    else:
        head = Text(f"Delivered work moved its key results {o.value:.2f}× what was estimated "
                    f"({LEVEL:.0%} interval {cells(o)[1]}, {o.observations} key results over "
                    f"{len(calibration.quarters)} quarters).")
    table = WrappingTable(title="Realized over estimated movement", title_justify="left", show_edge=False)
    for column in ("group", "factor", f"{LEVEL:.0%} interval", "observations"):
        table.add_column(column, justify="left" if column == "group" else "right")
    table.add_row("all", *cells(o))
    for title, groups in (("tier", calibration.by_tier), ("team", calibration.by_team),
                          ("", calibration.by_confidence)):
        for name, f in groups.items():
            table.add_row(escape(f"{title} {name}".strip()), *cells(f))
    note = Text("Movement is measured in each KR's gap, less its expected organic trend; a group shares each KR's "
                "movement among its delivered initiatives by their estimates. Few observations give wide intervals.",
                style="dim")
    return Group(head, table, note)
