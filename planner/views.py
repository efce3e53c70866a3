"""Terminal views (rich) and machine-readable forms (JSON, CSV) of results."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from planner.model import TIERS


def validation_summary(checked) -> Group:
    """'ok', a short summary of the scenario, and its warnings."""
    s = checked.scenario
    parts: list = [Text.assemble(("ok", "bold green"), f"  {s.name}")]
    counts = Table.grid(padding=(0, 2))
    counts.add_row("objectives", str(len(s.objectives)),
                   ", ".join(f"{sum(o.tier is t for o in s.objectives)} {t.value}" for t in TIERS))
    counts.add_row("key results", str(len(s.key_results)), "")
    counts.add_row("initiatives", str(len(s.initiatives)),
                   ", ".join(f"{sum(x.tier is t for x in s.initiatives)} {t.value}" for t in TIERS))
    for team in s.teams:
        demand = sum(x.effort.get(team.id, 0.0) for x in s.initiatives)
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


# --- plans ---------------------------------------------------------------------------------

RULE_LABELS = {"value_per_effort": "ranking by value per effort (RICE-style)",
               "marginal": "ranking by marginal value"}


def percent(x: float) -> str:
    return f"{round(x * 100, 1) + 0.0:.1f}%"  # + 0.0: never print "-0.0%"


def initiatives_count(n: int) -> str:
    return f"{n} initiative" + ("" if n == 1 else "s")


def number(x: float) -> str:
    return f"{x:,.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def status_words(solve) -> str:
    """How sure the plan is, in words: "optimal" only when proven to the default gap."""
    if solve.status.value == "time limit":
        return "the best found within the time limit, not proven optimal"
    if not solve.proven_optimal:
        return f"within the --gap of {solve.requested_gap:.2%} asked for, not proven optimal"
    return "optimal"


def status_line(plan) -> str:
    s = plan.solve
    gap = "gap unknown" if s.gap is None else f"gap {s.gap * 100:.2f}%"
    label = "TIME LIMIT: best plan found, not proven optimal" if s.status.value == "time limit" else status_words(s)
    return f"{label} ({gap}) · {s.solver} · {s.solve_seconds:.2f} s"


def headline_score(result) -> float:
    """The score people should read: the forecast's true expectation when there is one."""
    return result.forecast.expected_score if result.forecast else result.plan.score


def baseline_lines(result) -> list[str]:
    lines = []
    for rule, greedy in result.baselines.items():
        if greedy.feasible:
            theirs = result.expected(greedy.selected) if result.forecast else greedy.score
            delta = (headline_score(result) - theirs) * 100
            measure = "expected attainment" if result.forecast else "attainment of expected impacts"
            lines.append(f"{delta:+.1f} points of {measure} vs {RULE_LABELS[rule]} "
                         f"({percent(theirs)} with {initiatives_count(len(greedy.selected))})")
        else:
            lines.append(f"{RULE_LABELS[rule]} cannot meet the constraints here "
                         f"({', '.join(v.constraint for v in greedy.violations)})")
    return lines


def _range(d) -> str:
    return f"{d.p10 * 100:.0f}–{d.p90 * 100:.0f}%"


def _evaluation_tables(evaluation, forecast=None, teams_and_split: bool = True) -> list:
    s = evaluation.scenario
    title = "Key results" + (f" (forecast over {forecast.samples:,} samples, seed {forecast.seed})" if forecast else "")
    krs = Table(title=title, title_justify="left", show_edge=False)
    columns = [("objective", "left"), ("key result", "left"), ("baseline → expected", "right"), ("target", "right")]
    columns += ([("expected attainment", "right"), ("P10–P90", "right"), ("P(≥70%)", "right"), ("P(≥100%)", "right")]
                if forecast else [("attainment", "right")])
    for col, just in columns:
        krs.add_column(col, justify=just)
    for o in evaluation.key_results:
        kr = o.key_result
        unit = f" {escape(kr.unit)}" if kr.unit else ""
        row = [escape(kr.objective), escape(kr.id), f"{number(kr.baseline)} → {number(o.forecast)}{unit}", f"{number(kr.target)}{unit}"]
        if forecast:
            f = forecast.key_result(kr.id)
            row += [percent(f.attainment.mean), _range(f.attainment), f"{f.p_success:.0%}", f"{f.p_target:.0%}"]
        else:
            row.append(percent(o.attainment))
        krs.add_row(*row)
    objectives = Table(title="Objectives", title_justify="left", show_edge=False)
    for col in ("objective", "tier", "weight", "score", *(("P10–P90",) if forecast else ())):
        objectives.add_column(col, justify="left" if col in ("objective", "tier") else "right")
    for o in s.objectives:
        floor = f" (floor {o.min_attainment:.0%})" if o.min_attainment is not None else ""
        score = forecast.objectives[o.id].mean if forecast else evaluation.objective_scores[o.id]
        objectives.add_row(escape(o.id), o.tier.value, f"{o.weight:g}", percent(score) + floor,
                           *((_range(forecast.objectives[o.id]),) if forecast else ()))
    if not teams_and_split:
        return [krs, Text(""), objectives]
    teams = Table(title="Capacity", title_justify="left", show_edge=False)
    for col in ("team", f"used ({escape(s.units)})", "capacity", "use"):
        teams.add_column(col, justify="left" if col == "team" else "right")
    for t in s.teams:
        used = evaluation.team_use[t.id]
        teams.add_row(escape(t.id), number(used), number(t.capacity), percent(used / t.capacity) if t.capacity else "-")
    split = Table(title="70/20/10 split of selected effort", title_justify="left", show_edge=False)
    for col in ("tier", "effort", "share", "band"):
        split.add_column(col, justify="left" if col == "tier" else "right")
    shares = evaluation.split_shares
    for tier in TIERS:
        band = "off" if s.split is None else "{:.0%}-{:.0%}".format(*s.split.band(tier))
        split.add_row(tier.value, number(evaluation.tier_effort[tier]), percent(shares[tier]), band)
    return [krs, Text(""), objectives, Text(""), teams, Text(""), split]


def plan_view(result) -> Group:
    """The terminal view of a plan: what to fund, what it achieves, and against what limits."""
    plan, s = result.plan, result.scenario
    parts: list = [Text.assemble(("Plan: ", "bold"), s.name)]
    if result.forecast:
        f = result.forecast
        likely = sum(k.p_success >= 0.5 for k in f.key_results)
        parts += [
            Text.assemble(("Score ", "bold"), (percent(f.expected_score), "bold green"),
                          f" expected KR attainment (P10–P90 {_range(f.score)}) · ", status_line(plan)),
            Text(f"{likely} of {len(f.key_results)} key results are more likely than not to reach 70%. "
                 f"Attainment of expected impacts: {percent(plan.score)}."),
            Text(objective_line(result)),
        ]
    else:
        parts.append(Text.assemble(("Score ", "bold"), (percent(plan.score), "bold green"),
                                   " attainment of expected impacts (no forecast) · ", status_line(plan)))
    if plan.solve.status.value != "optimal":
        parts.append(Text("The solver stopped at its time limit: this plan is the best found, within the gap shown.",
                          style="bold yellow"))
    parts += [Text(line) for line in baseline_lines(result)]
    parts.append(Text(""))
    chosen = Table(title=f"Selected initiatives ({len(plan.selected)})", title_justify="left", show_edge=False)
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
    parts += _evaluation_tables(plan.evaluation, result.forecast)
    left_out = [x.id for x in s.initiatives if x.id not in plan.selected]
    if left_out:
        parts += [Text(""), Text.assemble(("Not selected: ", "bold"), ", ".join(left_out))]
    return Group(*parts)


def objective_line(result) -> str:
    """What the choice of objective changed, in one sentence."""
    plan = result.plan
    if plan.objective == "point":
        return "Objective: attainment of expected impacts (point estimates)."
    how = ("the mean score of the worst 20% of outcomes" if plan.risk == "cautious"
           else "expected capped attainment")
    text = f"Objective: {how}, over {plan.samples} samples; reported on {result.forecast.samples:,} fresh ones."
    point = result.point_plan
    if point is None:
        return text
    if set(point.selected) == set(plan.selected):
        return text + " The point-estimate model picks the same plan."
    return (text + f" The point-estimate plan forecasts {percent(point.score)} but its true expectation is "
            f"{percent(result.expected(point.selected))}; this plan's is {percent(result.forecast.expected_score)}.")


def _forecast_dict(f) -> dict:
    dist = lambda d: {"mean": _rounded(d.mean), "p10": _rounded(d.p10), "p50": _rounded(d.p50), "p90": _rounded(d.p90)}  # noqa: E731
    return {
        "samples": f.samples, "seed": f.seed, "expected_score": _rounded(f.expected_score),
        "score": dist(f.score), "worst_20_percent": _rounded(f.worst(0.2)),
        "key_results": [{"id": k.key_result_id, "attainment": dist(k.attainment), "p_reach_70": _rounded(k.p_success),
                         "p_reach_100": _rounded(k.p_target)} for k in f.key_results],
        "objectives": {o: dist(d) for o, d in f.objectives.items()},
    }


def _rounded(x: float) -> float:
    return round(x, 6) + 0.0  # +0.0 turns -0.0 into 0.0, for byte-stable output


def plan_dict(result) -> dict:
    """The machine-readable plan (documented in docs/model.md, "Plan output")."""
    plan, s = result.plan, result.scenario
    e = plan.evaluation
    source = result.source
    return {
        "format": "okr-planner/plan",
        "format_version": 1,
        "scenario": {"name": s.name, "file": str(source.path) if source else None,
                     "sha256": source.sha256 if source else None},
        "status": plan.solve.status.value,
        "proven_optimal": plan.solve.proven_optimal,
        "solver": plan.solve.solver,
        "gap": None if plan.solve.gap is None else _rounded(plan.solve.gap),
        "bound": None if plan.solve.bound is None else _rounded(plan.solve.bound),
        "score": _rounded(plan.score),
        "selected": list(plan.selected),
        "initiatives": [
            {"id": x.id, "title": x.title, "tier": x.tier.value, "selected": x.id in plan.selected,
             "effort": {t: _rounded(v) for t, v in x.effort.items()}, "total_effort": _rounded(x.total_effort),
             "contribution": _rounded(result.contribution(x.id)) if x.id in plan.selected else None,
             "commit": x.commit.value if x.commit else None}
            for x in s.initiatives
        ],
        "key_results": [
            {"id": o.key_result.id, "objective": o.key_result.objective, "unit": o.key_result.unit,
             "baseline": _rounded(o.key_result.baseline), "target": _rounded(o.key_result.target),
             "forecast": _rounded(o.forecast), "attainment": _rounded(o.attainment),
             "uncapped_progress": _rounded(o.progress), "weight": _rounded(o.weight)}
            for o in e.key_results
        ],
        "objectives": [{"id": o.id, "tier": o.tier.value, "score": _rounded(e.objective_scores[o.id])}
                       for o in s.objectives],
        "teams": [{"id": t.id, "capacity": _rounded(t.capacity), "used": _rounded(e.team_use[t.id])} for t in s.teams],
        "split": {
            "policy": None if s.split is None else {
                t.value: {"share": s.split.shares[t], "min": _rounded(s.split.band(t)[0]),
                          "max": _rounded(s.split.band(t)[1])} for t in TIERS},
            "shares": {t.value: _rounded(e.split_shares[t]) for t in TIERS},
        },
        "baselines": {rule: {"score": _rounded(g.score), "feasible": g.feasible, "selected": list(g.selected),
                             "expected_score": None if result.expected(g.selected) is None
                             else _rounded(result.expected(g.selected))}
                      for rule, g in result.baselines.items()},
        "objective": {"kind": plan.objective, "risk": plan.risk, "samples": plan.samples, "seed": plan.seed,
                      "in_sample_value": None if plan.in_sample_value is None else _rounded(plan.in_sample_value)},
        "forecast": None if result.forecast is None else _forecast_dict(result.forecast),
        "point_plan": None if result.point_plan is None else {
            "selected": list(result.point_plan.selected), "score": _rounded(result.point_plan.score),
            "expected_score": None if result.expected(result.point_plan.selected) is None
            else _rounded(result.expected(result.point_plan.selected))},
    }


def plan_json(result) -> str:
    import json

    return json.dumps(plan_dict(result), indent=2, ensure_ascii=False) + "\n"


def plan_csv(result) -> str:
    """One row per initiative: the selection table."""
    import csv
    import io

    s, plan = result.scenario, result.plan
    out = io.StringIO()
    teams = [t.id for t in s.teams]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "tier", "selected", "commit", *[f"effort.{t}" for t in teams], "contribution"])
    for x in s.initiatives:
        selected = x.id in plan.selected
        writer.writerow([x.id, x.title, x.tier.value, "yes" if selected else "no", x.commit.value if x.commit else "",
                         *[f"{x.effort.get(t, 0):g}" for t in teams],
                         f"{result.contribution(x.id):.6f}" if selected else ""])
    return out.getvalue()


def roadmap_view(result) -> Group:
    """A hand-made roadmap: its score, what it breaks, and its distance from the optimum."""
    e = result.evaluation
    parts: list = [Text.assemble(("Roadmap: ", "bold"), escape(result.name), f" on {e.scenario.name}")]
    if result.forecast:
        parts.append(Text.assemble(("Score ", "bold"), (percent(result.score), "bold"),
                                   f" expected KR attainment (P10–P90 {_range(result.forecast.score)}) with "
                                   f"{initiatives_count(len(e.selected))}. Attainment of expected impacts: {percent(e.score)}."))
    else:
        parts.append(Text.assemble(("Score ", "bold"), (percent(e.score), "bold"),
                                   f" attainment of expected impacts with {initiatives_count(len(e.selected))}"))
    if result.optimum is not None:
        parts.append(Text(roadmap_gap_sentence(result)))
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


def no_optimum_text(diagnosis) -> Text:
    """Why hand-made roadmaps are shown without the optimum: no plan meets every constraint."""
    return Text("No plan meets every constraint of this scenario, so there is no optimum to compare with "
                f"(conflicting: {', '.join(diagnosis.conflicting)}); `planner plan` says what would fix it.",
                style="yellow")


def roadmap_gap_sentence(result) -> str:
    """How far the optimum is ahead of a roadmap, on the measure both were scored by."""
    best = result.optimum
    if best.solve.proven_optimal:
        who = "The optimal plan"
    elif not best.proven:
        who = "The best plan found within the time limit"
    else:
        who = "The optimizer's plan (within the --gap asked for)"
    on = f"on the same {result.forecast.samples:,} samples" if result.forecast else "on this measure"
    points = round(result.gap_to_optimum * 100, 1) + 0.0
    if points >= 0:
        return f"{who} scores {percent(result.optimum_score)} {on}: this roadmap is {points:.1f} points below it."
    aim = ("attainment of expected impacts" if best.objective == "point"
           else f"the {'worst-20% ' if best.risk == 'cautious' else ''}mean over its own {best.samples} samples")
    return (f"{who} scores {percent(result.optimum_score)} {on}: this roadmap is {-points:.1f} points above it "
            f"(the optimizer maximized {aim}, not this measure on these samples).")


def forecast_view(forecast, scenario) -> Group:
    """A plan's forecast: the chance each KR reaches 70% and 100%, and the score's spread."""
    from planner.evaluation import evaluate

    f = forecast
    parts: list = [
        Text.assemble(("Forecast: ", "bold"), scenario.name, f" · {initiatives_count(len(f.selected))} · "
                      f"{f.samples:,} samples, seed {f.seed}"),
        Text.assemble(("Expected score ", "bold"), (percent(f.expected_score), "bold green"),
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


def roadmap_dict(result) -> dict:
    e = result.evaluation
    return {
        "format": "okr-planner/roadmap", "format_version": 1, "name": result.name,
        "selected": list(e.selected), "score": _rounded(e.score), "feasible": e.feasible,
        "violations": [{"constraint": v.constraint, "message": v.message} for v in e.violations],
        "expected_score": None if result.forecast is None else _rounded(result.forecast.expected_score),
        "optimum_selected": None if result.optimum is None else list(result.optimum.selected),
        "optimum_score": None if result.optimum is None else _rounded(result.optimum.score),
        "optimum_expected_score": None if result.optimum_forecast is None else _rounded(
            result.optimum_forecast.expected_score),
        "measure": result.measure,  # what gap_to_optimum is measured in
        "gap_to_optimum": None if result.gap_to_optimum is None else _rounded(result.gap_to_optimum),
        "scenario_infeasible": result.infeasible is not None,
        "conflicting": [] if result.infeasible is None else list(result.infeasible.conflicting),
        "key_results": [{"id": o.key_result.id, "forecast": _rounded(o.forecast), "attainment": _rounded(o.attainment)}
                        for o in e.key_results],
        "objectives": {o.id: _rounded(e.objective_scores[o.id]) for o in e.scenario.objectives},
        "teams": {t.id: _rounded(e.team_use[t.id]) for t in e.scenario.teams},
    }


# --- trade-offs -----------------------------------------------------------------------------

def signed_points(x: float) -> str:
    value = round(x * 100, 1) + 0.0  # + 0.0: never "-0.0"
    return f"{value:+.1f} pts" if value else "0.0 pts"


NOT_SETTLED = "not settled (time limit)"


def signed_range(value: float, other_end: float | None, proven: bool = True, side: str = "≥") -> str:
    """Signed points; "a to b pts" when a re-solve that hit the time limit proved only a range,
    and "≥ a" (or `side`) when the solver gave no bound (CBC)."""
    if other_end is None and not proven:
        return f"{side} {signed_points(value)}"
    if other_end is None or round(value * 100, 1) == round(other_end * 100, 1):
        return signed_points(value)
    low, high = sorted((round(value * 100, 1) + 0.0, round(other_end * 100, 1) + 0.0))
    return f"{low:+.1f} to {high:+.1f} pts"


def ids_text(ids, proven: bool = True) -> str:
    """Initiative ids for a table cell. Those of a re-solve cut short by the time limit come
    from the best plan it found, which need not be the optimum's: they say so."""
    text = ", ".join(ids) or "-"
    return text if proven or text == "-" else f"{text} (best found)"


def changes_text(entering, leaving, proven: bool = True) -> str:
    """A plan's changes in one cell: "+added, −dropped" (what enters and what leaves)."""
    return ids_text([f"+{i}" for i in entering] + [f"−{i}" for i in leaving], proven)


def capacity_gain_text(c) -> str:
    return NOT_SETTLED if c.gain is None else signed_range(c.gain, c.max_gain, c.proven, "≥")


def capacity_loss_text(c, capacity: float) -> str:
    """The loss from `c.step` fewer units, negative; "-" when the team has less than a step."""
    if c.loss is None:
        return "-" if capacity < c.step else NOT_SETTLED
    return signed_range(-c.loss, None if c.min_loss is None else -c.min_loss, c.proven, "≥")


def policy_cost_text(p, sign: float = 1.0) -> str:
    if p.cost is None:
        return "no plan without it either" if p.proven else NOT_SETTLED
    return signed_range(sign * p.cost, None if p.max_cost is None else sign * p.max_cost, p.proven,
                        "≥" if sign > 0 else "≤")


def unsettled_line(explanation) -> str | None:
    """One line saying how many answers hit the what-if time limit, if any did."""
    e = explanation
    if not e.unsettled:
        return None
    return (f"{e.unsettled} answer(s) hit the time limit of {e.settings.whatif_limit:g} s per re-solve and show the "
            "range the solver proved (marked \"not settled\"); raise --whatif-time-limit to narrow them.")


def explain_view(explanation, scenario) -> Group:
    """Why each initiative is in or out, and what the constraints cost."""
    e = explanation
    how = "expected attainment" if e.settings.objective == "expected" else "attainment of expected impacts"
    parts: list = [Text.assemble(("Why this plan: ", "bold"), scenario.name),
                   Text(f"Values in points of {how}; the plan is worth {percent(e.base.value)}.")]
    if not e.base.solve.proven_optimal:
        gap = e.base.solve.gap
        found = "the best found within the time limit" if not e.base.proven else "within the --gap asked for"
        parts.append(Text(f"The plan is {found}" + (
            f" (proven within {gap:.2%} of the optimum)" if gap is not None else " (not proven optimal)")
            + "; the answers below are relative to it, and some may find a better plan.", style="yellow"))
    note = unsettled_line(e)
    if note is not None:
        parts.append(Text(note, style="yellow"))
    parts.append(Text(""))
    for selected, title in ((True, "In the plan"), (False, "Cut")):
        rows = [x for x in e.initiatives if x.selected == selected]
        if not rows:
            continue
        table = Table(title=f"{title} ({len(rows)})", title_justify="left", show_edge=False, show_lines=False)
        table.add_column("initiative", no_wrap=True)
        table.add_column("why", overflow="fold")
        for x in rows:
            table.add_row(escape(x.initiative_id), escape(x.sentence))
        parts += [table, Text("")]
    if e.capacity:
        step = e.capacity[0].step
        table = Table(title=f"Price of capacity ({step:g} {escape(scenario.units)} more / less)", title_justify="left",
                      show_edge=False)
        for col in ("team", f"+{step:g}", "plan changes", f"-{step:g}", "plan changes "):
            table.add_column(col, justify="left" if col in ("team", "plan changes", "plan changes ") else "right")
        for c in e.capacity:
            table.add_row(escape(c.team_id), capacity_gain_text(c), changes_text(c.entering, c.leaving_with_more, c.proven),
                          capacity_loss_text(c, scenario.team(c.team_id).capacity),
                          changes_text(c.entering_with_less, c.leaving, c.proven))
        parts.append(table)
        best = e.best_capacity
        if best:
            team = scenario.team(best.team_id)
            parts.append(Text(f"The most valuable extra {step:g} {scenario.units} go to "
                              f"{team.name or team.id}: {signed_points(best.gain)}."))
        else:
            parts.append(Text(f"No team's plan improves with {step:g} more {scenario.units}; "
                              "try a larger --capacity-step, or `planner frontier` to see where it does."))
        parts.append(Text(""))
    if e.policies:
        table = Table(title="Price of policies", title_justify="left", show_edge=False)
        # Signed as the score moves by respecting the policy: "-2.1 pts" under a "costs" header read as a gain.
        for col in ("policy", "respecting it", "without it, enters", "leaves"):
            table.add_column(col, justify="right" if col == "respecting it" else "left")
        for p in e.policies:
            table.add_row(escape(p.policy), policy_cost_text(p, -1.0),
                          ids_text(p.entering, p.proven), ids_text(p.leaving, p.proven))
        parts.append(table)
    return Group(*parts)


def explain_dict(explanation) -> dict:
    e = explanation
    r = lambda x: None if x is None else _rounded(x)  # noqa: E731
    return {
        "format": "okr-planner/explanation", "format_version": 1,
        "objective": e.settings.objective, "value": r(e.base.value), "selected": list(e.base.selected),
        "status": e.base.solve.status.value, "gap": r(e.base.solve.gap), "whatif_time_limit": e.settings.whatif_limit,
        "initiatives": [{
            "id": x.initiative_id, "selected": x.selected, "sentence": x.sentence,
            "forced": {"value": r(x.counterfactual.value), "cost": r(x.counterfactual.delta),
                       "proven": x.counterfactual.proven, "cost_at_least": r(x.counterfactual.min_delta),
                       "entering": list(x.counterfactual.entering), "leaving": list(x.counterfactual.leaving)},
            "blockers": [{"constraint": v.constraint, "message": v.message} for v in x.blockers],
            "adds": r(x.adds),
            "needed_by": list(x.needed_by),
            "break_even": None if x.break_even is None else {
                "impact_factor": r(x.break_even.impact_factor), "effort_factor": r(x.break_even.effort_factor),
                "impact_out": r(x.break_even.impact_out), "effort_out": r(x.break_even.effort_out),
                "impact_settled": x.break_even.impact_settled, "effort_settled": x.break_even.effort_settled},
        } for x in e.initiatives],
        "capacity": [{"team": c.team_id, "step": c.step, "gain": r(c.gain), "loss": r(c.loss),
                      "proven": c.proven, "max_gain": r(c.max_gain), "min_loss": r(c.min_loss),
                      "entering": list(c.entering), "leaving": list(c.leaving),
                      "leaving_with_more": list(c.leaving_with_more), "entering_with_less": list(c.entering_with_less)}
                     for c in e.capacity],
        "policies": [{"policy": p.policy, "cost": r(p.cost), "proven": p.proven, "max_cost": r(p.max_cost),
                      "entering": list(p.entering), "leaving": list(p.leaving)}
                     for p in e.policies],
    }


def frontier_view(frontier) -> Group:
    who = f"team {frontier.team_id}" if frontier.team_id else "all teams"
    table = Table(title=f"Capacity frontier: {escape(who)}", title_justify="left", show_edge=False)
    for col in ("level", f"capacity ({escape(frontier.units)})", "best score", "enters", "leaves"):
        table.add_column(col, justify="right" if col != "enters" and col != "leaves" else "left")
    knee = frontier.knee
    for p in frontier.points:
        mark = " ← knee" if knee is not None and p.level == knee.level else ""
        table.add_row(f"{p.level:.0%}", f"{p.capacity:.1f}", frontier_value_text(p) + mark,
                      ids_text(p.entering, p.proven), ids_text(p.leaving, p.proven))
    unproven = sum(not p.proven for p in frontier.points)
    if not unproven:
        return Group(table)
    return Group(table, Text(f"{unproven} level(s) hit the time limit per re-solve and show the range the solver proved "
                             "(no knee is marked); raise --whatif-time-limit to narrow them.", style="yellow"))


def frontier_value_text(p) -> str:
    if p.value is None:
        return "infeasible" if p.proven else NOT_SETTLED
    if p.proven or p.bound is None or round(p.bound * 100, 1) == round(p.value * 100, 1):
        return percent(p.value)
    return f"{percent(p.value)} to {percent(p.bound)}"


def frontier_dict(frontier) -> dict:
    return {"format": "okr-planner/frontier", "format_version": 1, "team": frontier.team_id, "units": frontier.units,
            "knee": None if frontier.knee is None else frontier.knee.level,
            "points": [{"level": p.level, "capacity": _rounded(p.capacity),
                        "value": None if p.value is None else _rounded(p.value), "proven": p.proven,
                        "bound": None if p.bound is None else _rounded(p.bound), "selected": list(p.selected),
                        "entering": list(p.entering), "leaving": list(p.leaving)} for p in frontier.points]}


def tradeoff_view(tradeoff) -> Group:
    table = Table(title=f"Trade-off: {escape(tradeoff.objective_a)} vs {escape(tradeoff.objective_b)}",
                  title_justify="left", show_edge=False)
    for col in (f"weight on {escape(tradeoff.objective_a)}", tradeoff.objective_a, tradeoff.objective_b, "Pareto"):
        table.add_column(escape(col), justify="right")
    for p in tradeoff.points:
        scores = ("-", "-") if p.score_a is None else (percent(p.score_a), percent(p.score_b))
        table.add_row(f"{p.share:.0%}" + ("" if p.proven else " *"), *scores, "" if p.dominated else "yes")
    if all(p.proven for p in tradeoff.points):
        return Group(table)
    return Group(table, Text("* the best plan found within the time limit (-: none found), not proven optimal; "
                             "raise --whatif-time-limit.", style="yellow"))


def tradeoff_dict(tradeoff) -> dict:
    return {"format": "okr-planner/tradeoff", "format_version": 1, "objectives": [tradeoff.objective_a, tradeoff.objective_b],
            "points": [{"share": p.share, "score_a": None if p.score_a is None else _rounded(p.score_a),
                        "score_b": None if p.score_b is None else _rounded(p.score_b),
                        "selected": list(p.selected), "pareto": not p.dominated, "proven": p.proven}
                       for p in tradeoff.points]}


def alternatives_view(alternatives, scenario) -> Group:
    forecast = bool(alternatives) and alternatives[0].forecast is not None
    table = Table(title=f"Best distinct plans: {escape(scenario.name)}", title_justify="left", show_edge=False)
    for col in ("#", "expected" if forecast else "score", "behind", "adds", "drops"):
        table.add_column(col, justify="right" if col in ("#", "expected", "score", "behind") else "left")
    cut_short = [a.rank for a in alternatives if not a.plan.proven]
    for a in alternatives:
        behind = alternatives[0].score - a.score
        table.add_row(str(a.rank) + (" *" if a.rank in cut_short else ""), percent(a.score),
                      "-" if a.rank == 1 else f"{behind * 100:.2f} pts" if behind >= 0 else f"{-behind * 100:.2f} pts ahead",
                      ids_text(a.entering), ids_text(a.leaving))
    parts = [table, Text(f"Plan 1: {', '.join(alternatives[0].plan.selected)}") if alternatives else Text("")]
    if forecast:
        samples = alternatives[0].forecast.samples
        parts.append(Text(f"Ranked by the optimizer's objective; 'expected' is each plan's expected KR attainment on "
                          f"{samples:,} fresh samples, as `plan` reports it.", style="dim"))
        # The ranks come from the optimizer's samples; fresh ones can order close plans differently.
        disorder = [a.rank for n, a in enumerate(alternatives) if any(b.score < a.score for b in alternatives[:n])]
        if disorder:
            plan = alternatives[0].plan
            basis = (f"its own {plan.samples} samples, which can order close plans differently" if plan.samples
                     else "the attainment of expected impacts, which ignores the spread of the estimates")
            parts.append(Text(f"Plan {', '.join(map(str, disorder))} scores above a plan ranked before it on the fresh "
                              f"samples: the optimizer ranks on {basis}.", style="yellow"))
    if cut_short:
        parts.append(Text("* the best plan found within the time limit, not proven optimal, so a better plan may "
                          "rank above it; raise --time-limit.", style="yellow"))
    return Group(*parts)


def alternatives_dict(alternatives) -> dict:
    forecast = bool(alternatives) and alternatives[0].forecast is not None
    rows = []
    for a in alternatives:
        row = {"rank": a.rank, "value": _rounded(a.plan.value), "behind": _rounded(a.behind),
               "status": a.plan.solve.status.value,
               "selected": list(a.plan.selected), "entering": list(a.entering), "leaving": list(a.leaving)}
        if forecast:
            row.update({"expected_score": _rounded(a.score),
                        "expected_behind": _rounded(alternatives[0].score - a.score)})
        rows.append(row)
    return {"format": "okr-planner/alternatives", "format_version": 1,
            "forecast_samples": alternatives[0].forecast.samples if forecast else 0, "plans": rows}


def comparison_view(comparison) -> Group:
    options = comparison.options
    table = Table(title="Comparison", title_justify="left", show_edge=False)
    table.add_column("")
    for o in options:
        mark = o.optimal and o.name != "optimal" and len({x.scenario.name for x in options}) == 1
        table.add_column(escape(o.name) + (" (optimal)" if mark else ""), justify="right")
    table.add_row("expected score", *[percent(o.score) for o in options])
    table.add_row("meets constraints", *["yes" if o.evaluation.feasible else  # names hold [..]: not markup
                                         escape(f"no ({', '.join(v.constraint for v in o.evaluation.violations)})")
                                         for o in options])
    table.add_row("initiatives", *[str(len(o.evaluation.selected)) for o in options])
    # Options may be different scenarios: every KR, team and initiative of any, "-" where absent.
    krs = list(dict.fromkeys(kr.id for o in options for kr in o.scenario.key_results))
    for kr in krs:
        cells = []
        for o in options:
            if kr not in {k.id for k in o.scenario.key_results}:
                cells.append("-")
                continue
            attainment = o.forecast.key_result(kr).attainment.mean if o.forecast else o.evaluation.outcome(kr).attainment
            p = f" (P≥70% {o.forecast.key_result(kr).p_success:.0%})" if o.forecast else ""
            cells.append(percent(attainment) + p)
        table.add_row(escape(kr), *cells)
    teams = list(dict.fromkeys(t.id for o in options for t in o.scenario.teams))
    for team in teams:
        table.add_row(f"{escape(team)} used", *[
            number(o.evaluation.team_use.get(team, 0.0)) + " / " + number(o.scenario.team(team).capacity)
            if team in {t.id for t in o.scenario.teams} else "-" for o in options])
    for i in comparison.differing:
        table.add_row(f"  {escape(i)}", *["in" if i in o.evaluation.selected else
                                          "" if i in {x.id for x in o.scenario.initiatives} else "-" for o in options])
    note = Text("Initiatives listed at the bottom are those that differ between options." if comparison.differing
                else "All options fund the same initiatives.")
    return Group(table, note, *([no_optimum_text(comparison.infeasible)] if comparison.infeasible else []))


def comparison_dict(comparison) -> dict:
    return {"format": "okr-planner/comparison", "format_version": 1, "differing": list(comparison.differing),
            "options": [{"name": o.name, "optimal": o.optimal, "expected_score": _rounded(o.score),
                         "feasible": o.evaluation.feasible, "selected": list(o.evaluation.selected),
                         "violations": [v.constraint for v in o.evaluation.violations],
                         "key_results": {k.key_result.id: _rounded(o.forecast.key_result(k.key_result.id).attainment.mean
                                                                   if o.forecast else k.attainment)
                                         for k in o.evaluation.key_results},
                         "teams": {t: _rounded(u) for t, u in o.evaluation.team_use.items()}}
                        for o in comparison.options],
            "scenario_infeasible": comparison.infeasible is not None,
            "conflicting": [] if comparison.infeasible is None else list(comparison.infeasible.conflicting)}
