"""Machine-readable records of results: JSON (documented in docs/json-format.md) and CSV.

Each result has one record; `envelope` adds the format name and version, in one place.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from planner.model import TIERS
from planner.evaluation import chain_effects
from planner.phrasing import company_rollup, fast_mode_sentence, flat_tradeoff_sentence, reach_sentence, sentence, unfillable_split_sentence
from planner.results import PlanResult, RoadmapResult
from planner.settings import API_SPELLING, Settings, Spelling
from planner.text import spreadsheet_cell

if TYPE_CHECKING:
    from planner.reach import Reach
    from planner.evaluation import Evaluation
    from planner.alternatives import Alternative
    from planner.compare import Comparison
    from planner.explain import Explanation
    from planner.forecast import Distribution, Forecast, KeyResultForecast
    from planner.frontier import CapacityFrontier, ObjectiveTradeoff


# 2: one name per measure (`expected_attainment`, `attainment_of_expected_impacts`; no `score`),
# the optimizer's own value and bound under `optimizer`, forecasts folded into each KR and objective.
FORMAT_VERSION = 2


def envelope(kind: str, record: dict) -> dict:
    """A record as written out: its format's name and version first."""
    return {"format": f"okr-planner/{kind}", "format_version": FORMAT_VERSION, **record}


def as_json(record: dict) -> str:
    """A record as JSON text, the same bytes for the same record."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def rounded(x: float) -> float:
    return round(x, 6) + 0.0  # +0.0 turns -0.0 into 0.0, for byte-stable output


def maybe(x: float | None) -> float | None:
    return None if x is None else rounded(x)


def spread(d: Distribution) -> dict:
    """P10, P50 and P90 of a sampled attainment (its mean is the `expected_attainment` beside it)."""
    return {"p10": rounded(d.p10), "p50": rounded(d.p50), "p90": rounded(d.p90)}


def headline_name(forecast: Forecast | None) -> str:
    """Which field holds the headline: the rule of `planner.results.headline_score`, as a field name."""
    return "expected_attainment" if forecast is not None else "attainment_of_expected_impacts"


def optimizer_dict(objective: str, risk: str, samples: int, seed: int) -> dict:
    """What the optimizer maximized: the measure of every `value` in what-if records."""
    return {"objective": str(objective), "risk": str(risk), "samples": samples, "seed": seed}


def _key_result_forecast(k: KeyResultForecast) -> dict:
    return {"expected_attainment": rounded(k.attainment.mean), "attainment_range": spread(k.attainment),
            "p_reach_70": rounded(k.p_success), "p_reach_100": rounded(k.p_target)}


_NO_KR_FORECAST = {"expected_attainment": None, "attainment_range": None, "p_reach_70": None, "p_reach_100": None}


def reach_dict(r: Reach) -> dict:
    best = r.best
    return {"attainment_at_most": maybe(r.score), "exact": r.exact,
            "selected": None if best is None else list(best.selected),
            "objectives": [{"id": o, "attainment_at_most": rounded(v)} for o, v in r.objective_scores().items()],
            "key_results": [{"id": k.key_result_id, "attainment_at_most": rounded(k.attainment), "exact": k.exact}
                            for k in r.key_results]}


def guardrail_records(e: Evaluation, f: Forecast | None) -> list[dict]:
    """Each guardrail under a selection: its level, the expected value, held or not, P(held)."""
    held = {} if f is None else {g.guardrail_id: g for g in f.guardrails}
    return [{"id": o.guardrail.id, "objective": o.guardrail.objective, "unit": o.guardrail.unit,
             "hold": o.guardrail.hold.value, "level": rounded(o.guardrail.level),
             "baseline": rounded(o.guardrail.baseline), "expected_value": rounded(o.expected_value), "held": o.held,
             "p_held": None if o.guardrail.id not in held else rounded(held[o.guardrail.id].p_held)}
            for o in e.guardrails]


def forecast_dict(f: Forecast) -> dict:
    return {
        "samples": f.samples, "seed": f.seed,
        "expected_attainment": rounded(f.expected_score), "attainment_range": spread(f.score),
        "worst_20_percent": rounded(f.worst(0.2)),
        "key_results": [{"id": k.key_result_id, **_key_result_forecast(k)} for k in f.key_results],
        "objectives": [{"id": o, "expected_attainment": rounded(d.mean), "attainment_range": spread(d)}
                       for o, d in f.objectives.items()],
        "guardrails": [{"id": g.guardrail_id, "expected_value": rounded(g.value.mean),
                        "value_range": spread(g.value), "p_held": rounded(g.p_held)} for g in f.guardrails],
    }


def plan_dict(result: PlanResult) -> dict:
    """The machine-readable plan (documented in docs/json-format.md)."""
    plan, s, f = result.plan, result.scenario, result.forecast
    e = plan.evaluation
    source = result.source
    expected = result.expected
    return envelope("plan", {
        "scenario": {"name": s.name, "file": str(source.path) if source else None,
                     "sha256": source.sha256 if source else None},
        "weighted_krs": s.score_on.value,
        "status": plan.solve.status.value,
        "proven_optimal": plan.solve.proven_optimal,
        "headline": headline_name(f),
        "expected_attainment": None if f is None else rounded(f.expected_score),
        "attainment_of_expected_impacts": rounded(plan.score),
        "attainment_range": None if f is None else spread(f.score),
        "selected": list(plan.selected),
        "warnings": [warning for warning in (unfillable_split_sentence(s), reach_sentence(result.reach)) if warning],
        "reach": None if result.reach is None else reach_dict(result.reach),
        "optimizer": {**optimizer_dict(plan.objective, plan.risk, plan.samples, plan.seed),
                      "solver": plan.solve.solver, "requested_gap": plan.solve.requested_gap,
                      "fast_mode": fast_mode_sentence(plan), "engine_choice": plan.solve.engine_choice or None,
                      "value": rounded(plan.value), "bound": maybe(plan.solve.bound),
                      "gap": maybe(plan.solve.gap)},
        "forecast": None if f is None else {"samples": f.samples, "seed": f.seed,
                                            "worst_20_percent": rounded(f.worst(0.2))},
        "initiatives": [
            {"id": x.id, "title": x.title, "owner": x.owner, "tier": x.tier.value, "selected": x.id in plan.selected,
             "commit": x.commit.value if x.commit else None,
             "effort": {t: rounded(v) for t, v in x.effort.items()}, "total_effort": rounded(x.total_effort),
             "loss_if_dropped_alone": rounded(result.contribution(x.id)) if x.id in plan.selected else None}
            for x in s.initiatives
        ],
        "key_results": [
            {"id": o.key_result.id, "objective": o.key_result.objective, "unit": o.key_result.unit,
             "baseline": rounded(o.key_result.baseline), "target": rounded(o.key_result.target),
             "weight": rounded(o.weight),
             "value_of_expected_impacts": rounded(o.forecast),
             "attainment_of_expected_impacts": rounded(o.attainment), "uncapped_progress": rounded(o.progress),
             **(_NO_KR_FORECAST if f is None else _key_result_forecast(f.key_result(o.key_result.id)))}
            for o in e.key_results
        ],
        "objectives": [{"id": o.id, "level": o.level.value, "tier": o.tier.value, "weight": rounded(o.weight),
                        "attainment_of_expected_impacts": rounded(e.objective_scores[o.id]),
                        "expected_attainment": None if f is None else rounded(f.objectives[o.id].mean),
                        "attainment_range": None if f is None else spread(f.objectives[o.id])}
                       for o in s.objectives],
        "guardrails": guardrail_records(e, f),
        "chain": [{"initiative": c.initiative, "key_result": c.metric, "expected_change": rounded(c.change),
                   "direct": c.direct} for c in chain_effects(s, plan.selected)],
        "company": [{"id": r.key_result, "objective": r.objective, "change_from_plan": rounded(r.change),
                     "expected_attainment": rounded(r.expected_attainment), "p_reach_70": maybe(r.p_success)}
                    for r in company_rollup(e, f)],
        "teams": [{"id": t.id, "capacity": rounded(t.capacity), "used": rounded(e.team_use[t.id])} for t in s.teams],
        "split": {
            "policy": None if s.split is None else {
                t.value: {"share": s.split.shares[t], "min": rounded(s.split.band(t)[0]),
                          "max": rounded(s.split.band(t)[1])} for t in TIERS},
            "shares": {t.value: rounded(e.split_shares[t]) for t in TIERS},
        },
        "baselines": {rule: {"feasible": g.feasible, "selected": list(g.selected),
                             "attainment_of_expected_impacts": rounded(g.score),
                             "expected_attainment": maybe(expected(g.selected))}
                      for rule, g in result.baselines.items()},
        "point_plan": None if result.point_plan is None else {
            "selected": list(result.point_plan.selected),
            "attainment_of_expected_impacts": rounded(result.point_plan.score),
            "expected_attainment": maybe(expected(result.point_plan.selected))},
    })


def plan_json(result: PlanResult) -> str:
    return as_json(plan_dict(result))


def plan_csv(result: PlanResult) -> str:
    """One row per initiative: the selection table. User text that a spreadsheet would run as a
    formula (`=`, `+`, `-`, `@`, a leading tab or CR) is written with a leading `'`."""
    import csv
    import io

    s, plan = result.scenario, result.plan
    out = io.StringIO()
    teams = [t.id for t in s.teams]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "tier", "selected", "commit", *[f"effort.{t}" for t in teams], "loss_if_dropped_alone"])
    for x in s.initiatives:
        selected = x.id in plan.selected
        writer.writerow([spreadsheet_cell(x.id), spreadsheet_cell(x.title), x.tier.value, "yes" if selected else "no", x.commit.value if x.commit else "",
                         *[f"{x.effort.get(t, 0):g}" for t in teams],
                         f"{result.contribution(x.id):.6f}" if selected else ""])
    return out.getvalue()


def roadmap_dict(result: RoadmapResult) -> dict:
    e, f, best = result.evaluation, result.forecast, result.optimum
    return envelope("roadmap", {
        "name": result.name,
        "selected": list(e.selected), "feasible": e.feasible,
        "violations": [{"constraint": v.constraint, "message": v.message} for v in e.violations],
        "headline": headline_name(f),
        "expected_attainment": None if f is None else rounded(f.expected_score),
        "attainment_of_expected_impacts": rounded(e.score),
        "optimum": None if best is None else {
            "selected": list(best.selected), "proven_optimal": best.solve.proven_optimal,
            "expected_attainment": None if result.optimum_forecast is None
            else rounded(result.optimum_forecast.expected_score),
            "attainment_of_expected_impacts": rounded(best.score)},
        "gap_to_optimum": maybe(result.gap_to_optimum),  # in the headline's measure
        "scenario_infeasible": result.infeasible is not None,
        "conflicting": [] if result.infeasible is None else list(result.infeasible.conflicting),
        "key_results": [{"id": o.key_result.id, "value_of_expected_impacts": rounded(o.forecast),
                         "attainment_of_expected_impacts": rounded(o.attainment),
                         **(_NO_KR_FORECAST if f is None else _key_result_forecast(f.key_result(o.key_result.id)))}
                        for o in e.key_results],
        "objectives": [{"id": o.id, "attainment_of_expected_impacts": rounded(e.objective_scores[o.id]),
                        "expected_attainment": None if f is None else rounded(f.objectives[o.id].mean)}
                       for o in e.scenario.objectives],
        "guardrails": guardrail_records(e, f),
        "teams": [{"id": t.id, "capacity": rounded(t.capacity), "used": rounded(e.team_use[t.id])}
                  for t in e.scenario.teams],
    })


def _settings_optimizer(settings: Settings) -> dict:
    return optimizer_dict(settings.objective, settings.risk,
                          0 if settings.objective == "point" else settings.samples, settings.seed)


def explain_dict(explanation: Explanation, spelling: Spelling = API_SPELLING) -> dict:
    e = explanation
    r = maybe
    return envelope("explanation", {
        "optimizer": _settings_optimizer(e.settings),
        "value": r(e.base.value), "expected_attainment": r(e.expected_attainment),
        "selected": list(e.base.selected),
        "status": e.base.solve.status.value, "gap": r(e.base.solve.gap), "whatif_time_limit": e.settings.whatif_limit,
        "initiatives": [{
            "id": x.initiative_id, "selected": x.selected, "sentence": sentence(e, x.initiative_id, spelling),
            "forced": {"value": r(x.counterfactual.value), "cost": r(x.counterfactual.cost.value),
                       "proven": x.counterfactual.proven, "cost_at_least": r(x.counterfactual.cost.other_end),
                       "entering": list(x.counterfactual.entering), "leaving": list(x.counterfactual.leaving)},
            "blockers": None if x.blockers is None else [{"constraint": v.constraint, "message": v.message}
                                                         for v in x.blockers],
            "adds": r(x.adds),
            "needed_by": list(x.needed_by),
            "break_even": None if x.break_even is None else {
                "impact_factor": r(x.break_even.impact.value), "effort_factor": r(x.break_even.effort.value),
                "impact_out": r(x.break_even.impact.other_end), "effort_out": r(x.break_even.effort.other_end),
                "impact_settled": x.break_even.impact.proven, "effort_settled": x.break_even.effort.proven},
        } for x in e.initiatives],
        "capacity": [{"team": c.team_id, "step": c.step, "gain": r(c.gain.value), "loss": r(c.loss.value),
                      "proven": c.proven, "max_gain": r(c.gain.other_end), "min_loss": r(c.loss.other_end),
                      "entering": list(c.entering), "leaving": list(c.leaving),
                      "leaving_with_more": list(c.leaving_with_more), "entering_with_less": list(c.entering_with_less)}
                     for c in e.capacity],
        "policies": [{"policy": p.policy, "cost": r(p.cost.value), "proven": p.proven, "max_cost": r(p.cost.other_end),
                      "entering": list(p.entering), "leaving": list(p.leaving)}
                     for p in e.policies],
    })


def frontier_dict(frontier: CapacityFrontier) -> dict:
    return envelope("frontier", {"team": frontier.team_id, "units": frontier.units,
            "optimizer": _settings_optimizer(frontier.settings),
            "knee": None if frontier.knee is None else frontier.knee.level,
            "points": [{"level": p.level, "capacity": rounded(p.capacity), "value": maybe(p.value),
                        "proven": p.proven, "bound": maybe(p.best.other_end),
                        "expected_attainment": maybe(p.expected_attainment),
                        "selected": list(p.selected),
                        "entering": list(p.entering), "leaving": list(p.leaving)} for p in frontier.points]})


def _sweep_point(p) -> dict:
    return {"changes": dict(p.changes), "status": p.status, "value": maybe(p.value),
            "expected_attainment": maybe(p.expected_attainment),
            "attainment_of_expected_impacts": maybe(p.attainment_of_expected_impacts), "selected": list(p.selected),
            "entering": list(p.entering), "leaving": list(p.leaving), "conflicting": list(p.conflicting)}


def sweep_dict(sweep) -> dict:
    return envelope("sweep", {"parameters": list(sweep.parameters), "optimizer": _settings_optimizer(sweep.settings),
                              "forecast_samples": sweep.settings.forecast_samples,
                              "headline": headline_name(None) if not sweep.settings.forecast_samples
                              else "expected_attainment",
                              "base": _sweep_point(sweep.base), "points": [_sweep_point(p) for p in sweep.points]})


def sweep_csv(sweep) -> str:
    """One row per variant: its values, then the plan's numbers (user text made inert for spreadsheets)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*sweep.parameters, "status", "expected_attainment", "attainment_of_expected_impacts",
                     "selected", "entering", "leaving"])
    for p in sweep.points:
        writer.writerow([*(spreadsheet_cell(p.changes[k]) for k in sweep.parameters), p.status,
                         "" if p.expected_attainment is None else f"{p.expected_attainment:.6f}",
                         "" if p.attainment_of_expected_impacts is None else f"{p.attainment_of_expected_impacts:.6f}",
                         spreadsheet_cell(" ".join(p.selected)), spreadsheet_cell(" ".join(p.entering)),
                         spreadsheet_cell(" ".join(p.leaving))])
    return out.getvalue()


def tradeoff_dict(tradeoff: ObjectiveTradeoff) -> dict:
    return envelope("tradeoff", {"objectives": [tradeoff.objective_a, tradeoff.objective_b],
            "optimizer": _settings_optimizer(tradeoff.settings),
            "points": [{"share": p.share, "attainment_a": maybe(p.score_a), "attainment_b": maybe(p.score_b),
                        "selected": list(p.selected), "pareto": not p.dominated, "proven": p.proven}
                       for p in tradeoff.points],
            "flat": tradeoff.is_flat, "why_flat": flat_tradeoff_sentence(tradeoff)})


def alternatives_dict(alternatives: tuple[Alternative, ...]) -> dict:
    forecast = bool(alternatives) and alternatives[0].forecast is not None
    best = alternatives[0] if alternatives else None
    return envelope("alternatives", {
        "optimizer": None if best is None else optimizer_dict(best.plan.objective, best.plan.risk, best.plan.samples,
                                                              best.plan.seed),
        "forecast_samples": best.forecast.samples if forecast else 0,
        "headline": headline_name(best.forecast if forecast else None),
        "plans": [{"rank": a.rank, "value": rounded(a.plan.value), "behind": rounded(a.behind),
                   "status": a.plan.solve.status.value,
                   "expected_attainment": None if a.forecast is None else rounded(a.forecast.expected_score),
                   "attainment_of_expected_impacts": rounded(a.plan.score),
                   "headline_behind": rounded(best.headline - a.headline),
                   "selected": list(a.plan.selected), "entering": list(a.entering), "leaving": list(a.leaving)}
                  for a in alternatives]})


def comparison_dict(comparison: Comparison) -> dict:
    forecast = any(o.forecast is not None for o in comparison.options)
    return envelope("comparison", {"differing": list(comparison.differing),
            "headline": headline_name(comparison.options[0].forecast if comparison.options else None),
            "options": [{"name": o.name, "optimal": o.optimal,
                         "expected_attainment": None if o.forecast is None else rounded(o.forecast.expected_score),
                         "attainment_of_expected_impacts": rounded(o.evaluation.score),
                         "feasible": o.evaluation.feasible, "selected": list(o.evaluation.selected),
                         "violations": [v.constraint for v in o.evaluation.violations],
                         "entering": list(comparison.changes(o)[0]), "leaving": list(comparison.changes(o)[1]),
                         "key_results": [{"id": k.key_result.id,
                                          "expected_attainment": None if o.forecast is None else rounded(
                                              o.forecast.key_result(k.key_result.id).attainment.mean),
                                          "p_reach_70": None if o.forecast is None else rounded(
                                              o.forecast.key_result(k.key_result.id).p_success),
                                          "attainment_of_expected_impacts": rounded(k.attainment)}
                                         for k in o.evaluation.key_results],
                         "objectives": [{"id": ob.id, "attainment": rounded(comparison.objective_attainment(o, ob.id))}
                                        for ob in o.scenario.objectives],
                         "teams": [{"id": t, "used": rounded(u)} for t, u in o.evaluation.team_use.items()]}
                        for o in comparison.options],
            "best_by_objective": {k: list(v) for k, v in comparison.best_by_objective().items()},
            "forecast_samples": next((o.forecast.samples for o in comparison.options if o.forecast), 0) if forecast else 0,
            "scenario_infeasible": comparison.infeasible is not None,
            "conflicting": [] if comparison.infeasible is None else list(comparison.infeasible.conflicting)})


def forecast_record(f: Forecast) -> dict:
    """A forecast of a selection, as `planner forecast --format json` writes it."""
    return envelope("forecast", {"selected": list(f.selected), "headline": "expected_attainment", **forecast_dict(f)})


# --- the quarter after the plan -------------------------------------------------------------------

def _scenario_ref(scenario, source) -> dict:
    return {"name": scenario.name, "file": str(source.path) if source else None,
            "sha256": source.sha256 if source else None}


def _checkin_ref(rest) -> dict:
    return {"week": rest.checkin.week, "weeks": rest.original.quarter.weeks, "landed": rest.landed,
            "split_over": rest.split_over}


def _objectives(f: Forecast) -> list[dict]:
    return [{"id": o, "expected_attainment": rounded(d.mean), "attainment_range": spread(d)} for o, d in f.objectives.items()]


def status_dict(status, source=None) -> dict:
    """`planner status --format json` (documented in docs/json-format.md)."""
    f = status.forecast
    return envelope("status", {
        "scenario": _scenario_ref(status.scenario, source), "checkin": _checkin_ref(status.rest),
        "plan": list(status.plan), "selected": list(status.going_on),
        "fits": status.evaluation.feasible, "violations": [v.constraint for v in status.evaluation.violations],
        "expected_attainment": rounded(f.expected_score), "attainment_range": spread(f.score),
        "key_results": [{"id": k.key_result_id, "baseline": k.baseline, "current": k.current, "target": k.target,
                         "attained_so_far": rounded(k.attained_so_far), "expected_attainment": rounded(k.forecast.mean),
                         "attainment_range": spread(k.forecast), "p_reach_70": rounded(k.p_success),
                         "status": k.status, "still_to_land": list(k.still_to_land)} for k in status.key_results],
        "objectives": _objectives(f),
        "initiatives": [{"id": x.initiative_id, "status": x.status.value, "in_plan": x.in_plan,
                         "planned_effort": x.planned, "spent": x.spent, "remaining": rounded(x.remaining),
                         "over_budget": rounded(x.over_budget), "late": x.late} for x in status.initiatives],
        "teams": [{"id": t.team_id, "capacity": t.capacity, "spent": t.spent, "still_planned": rounded(t.still_planned),
                   "left": rounded(t.left)} for t in status.teams],
    })


def replan_dict(replan, source=None) -> dict:
    """`planner replan --format json` (documented in docs/json-format.md)."""
    status = replan.status
    return envelope("replan", {
        "scenario": _scenario_ref(status.scenario, source), "checkin": _checkin_ref(status.rest),
        "plan": list(status.plan), "selected": list(replan.selected),
        "status": replan.plan.solve.status.value,
        "before": rounded(status.forecast.expected_score), "before_fits": status.evaluation.feasible,
        "after": rounded(replan.forecast.expected_score),
        "moves": [{"id": i, "move": m} for i, m in replan.moves.items()],
        "objectives": _objectives(replan.forecast),
    })


def score_dict(card, source=None) -> dict:
    """`planner score --format json` (documented in docs/json-format.md)."""
    from planner.checkin import Status

    def opt(x):
        return None if x is None else rounded(x)

    return envelope("score", {
        "scenario": _scenario_ref(card.scenario, source), "week": card.checkin.week, "plan": list(card.plan),
        "selected": list(card.checkin.with_status(Status.DONE)), "actual_attainment": opt(card.overall),
        "key_results": [{"id": k.key_result_id, "baseline": k.baseline, "actual": k.actual, "target": k.target,
                         "actual_attainment": opt(k.score), "planned_expected_attainment": rounded(k.planned.mean),
                         "planned_range": spread(k.planned), "within_range": k.within_range, "miss": opt(k.miss)}
                        for k in card.key_results],
        "objectives": [{"id": o, "actual_attainment": opt(v)} for o, v in card.objectives.items()],
        "guardrails": [{"id": g.guardrail_id, "actual": g.actual, "level": g.level, "held": g.held}
                       for g in card.guardrails],
    })


def calibration_dict(calibration) -> dict:
    """`planner calibrate --format json`: the calibration file's content in a record envelope."""
    return envelope("calibration", calibration.as_document())
