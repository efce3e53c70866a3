"""Machine-readable records of results: JSON (documented in docs/model.md) and CSV.

Each result has one record; `envelope` adds the format name and version, in one place.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from planner.model import TIERS
from planner.phrasing import ceiling_sentence, flat_tradeoff_sentence, sentence, unfillable_split_sentence
from planner.results import PlanResult, RoadmapResult
from planner.settings import API_SPELLING, Spelling
from planner.text import spreadsheet_cell

if TYPE_CHECKING:
    from planner.alternatives import Alternative
    from planner.compare import Comparison
    from planner.explain import Explanation
    from planner.forecast import Forecast
    from planner.frontier import CapacityFrontier, ObjectiveTradeoff


FORMAT_VERSION = 1


def envelope(kind: str, record: dict) -> dict:
    """A record as written out: its format's name and version first."""
    return {"format": f"okr-planner/{kind}", "format_version": FORMAT_VERSION, **record}


def as_json(record: dict) -> str:
    """A record as JSON text, the same bytes for the same record."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def rounded(x: float) -> float:
    return round(x, 6) + 0.0  # +0.0 turns -0.0 into 0.0, for byte-stable output


def forecast_dict(f: Forecast) -> dict:
    dist = lambda d: {"mean": rounded(d.mean), "p10": rounded(d.p10), "p50": rounded(d.p50), "p90": rounded(d.p90)}  # noqa: E731
    return {
        "samples": f.samples, "seed": f.seed, "expected_score": rounded(f.expected_score),
        "score": dist(f.score), "worst_20_percent": rounded(f.worst(0.2)),
        "key_results": [{"id": k.key_result_id, "attainment": dist(k.attainment), "p_reach_70": rounded(k.p_success),
                         "p_reach_100": rounded(k.p_target)} for k in f.key_results],
        "objectives": {o: dist(d) for o, d in f.objectives.items()},
    }


def plan_dict(result: PlanResult) -> dict:
    """The machine-readable plan (documented in docs/model.md, "Plan output")."""
    plan, s = result.plan, result.scenario
    e = plan.evaluation
    source = result.source
    return envelope("plan", {
        "scenario": {"name": s.name, "file": str(source.path) if source else None,
                     "sha256": source.sha256 if source else None},
        "status": plan.solve.status.value,
        "proven_optimal": plan.solve.proven_optimal,
        "solver": plan.solve.solver,
        "gap": None if plan.solve.gap is None else rounded(plan.solve.gap),
        "bound": None if plan.solve.bound is None else rounded(plan.solve.bound),
        "score": rounded(plan.score),
        "selected": list(plan.selected),
        "warnings": [warning for warning in (unfillable_split_sentence(s), ceiling_sentence(result.ceiling)) if warning],
        "ceiling": {"score": rounded(result.ceiling.score),
                    "key_results": {o.key_result.id: rounded(o.attainment) for o in result.ceiling.key_results}},
        "initiatives": [
            {"id": x.id, "title": x.title, "tier": x.tier.value, "selected": x.id in plan.selected,
             "effort": {t: rounded(v) for t, v in x.effort.items()}, "total_effort": rounded(x.total_effort),
             "contribution": rounded(result.contribution(x.id)) if x.id in plan.selected else None,
             "commit": x.commit.value if x.commit else None}
            for x in s.initiatives
        ],
        "key_results": [
            {"id": o.key_result.id, "objective": o.key_result.objective, "unit": o.key_result.unit,
             "baseline": rounded(o.key_result.baseline), "target": rounded(o.key_result.target),
             "forecast": rounded(o.forecast), "attainment": rounded(o.attainment),
             "uncapped_progress": rounded(o.progress), "weight": rounded(o.weight)}
            for o in e.key_results
        ],
        "objectives": [{"id": o.id, "tier": o.tier.value, "score": rounded(e.objective_scores[o.id])}
                       for o in s.objectives],
        "teams": [{"id": t.id, "capacity": rounded(t.capacity), "used": rounded(e.team_use[t.id])} for t in s.teams],
        "split": {
            "policy": None if s.split is None else {
                t.value: {"share": s.split.shares[t], "min": rounded(s.split.band(t)[0]),
                          "max": rounded(s.split.band(t)[1])} for t in TIERS},
            "shares": {t.value: rounded(e.split_shares[t]) for t in TIERS},
        },
        "baselines": {rule: {"score": rounded(g.score), "feasible": g.feasible, "selected": list(g.selected),
                             "expected_score": None if result.expected(g.selected) is None
                             else rounded(result.expected(g.selected))}
                      for rule, g in result.baselines.items()},
        "objective": {"kind": plan.objective, "risk": plan.risk, "samples": plan.samples, "seed": plan.seed,
                      "in_sample_value": None if plan.in_sample_value is None else rounded(plan.in_sample_value)},
        "forecast": None if result.forecast is None else forecast_dict(result.forecast),
        "point_plan": None if result.point_plan is None else {
            "selected": list(result.point_plan.selected), "score": rounded(result.point_plan.score),
            "expected_score": None if result.expected(result.point_plan.selected) is None
            else rounded(result.expected(result.point_plan.selected))},
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
    writer.writerow(["id", "title", "tier", "selected", "commit", *[f"effort.{t}" for t in teams], "contribution"])
    for x in s.initiatives:
        selected = x.id in plan.selected
        writer.writerow([spreadsheet_cell(x.id), spreadsheet_cell(x.title), x.tier.value, "yes" if selected else "no", x.commit.value if x.commit else "",
                         *[f"{x.effort.get(t, 0):g}" for t in teams],
                         f"{result.contribution(x.id):.6f}" if selected else ""])
    return out.getvalue()


def roadmap_dict(result: RoadmapResult) -> dict:
    e = result.evaluation
    return envelope("roadmap", {
        "name": result.name,
        "selected": list(e.selected), "score": rounded(e.score), "feasible": e.feasible,
        "violations": [{"constraint": v.constraint, "message": v.message} for v in e.violations],
        "expected_score": None if result.forecast is None else rounded(result.forecast.expected_score),
        "optimum_selected": None if result.optimum is None else list(result.optimum.selected),
        "optimum_score": None if result.optimum is None else rounded(result.optimum.score),
        "optimum_expected_score": None if result.optimum_forecast is None else rounded(
            result.optimum_forecast.expected_score),
        "measure": result.measure,  # what gap_to_optimum is measured in
        "gap_to_optimum": None if result.gap_to_optimum is None else rounded(result.gap_to_optimum),
        "scenario_infeasible": result.infeasible is not None,
        "conflicting": [] if result.infeasible is None else list(result.infeasible.conflicting),
        "key_results": [{"id": o.key_result.id, "forecast": rounded(o.forecast), "attainment": rounded(o.attainment)}
                        for o in e.key_results],
        "objectives": {o.id: rounded(e.objective_scores[o.id]) for o in e.scenario.objectives},
        "teams": {t.id: rounded(e.team_use[t.id]) for t in e.scenario.teams},
    })


def explain_dict(explanation: Explanation, spelling: Spelling = API_SPELLING) -> dict:
    e = explanation
    r = lambda x: None if x is None else rounded(x)  # noqa: E731
    return envelope("explanation", {
        "objective": e.settings.objective, "value": r(e.base.value), "selected": list(e.base.selected),
        "status": e.base.solve.status.value, "gap": r(e.base.solve.gap), "whatif_time_limit": e.settings.whatif_limit,
        "initiatives": [{
            "id": x.initiative_id, "selected": x.selected, "sentence": sentence(e, x.initiative_id, spelling),
            "forced": {"value": r(x.counterfactual.value), "cost": r(x.counterfactual.cost.value),
                       "proven": x.counterfactual.proven, "cost_at_least": r(x.counterfactual.cost.other_end),
                       "entering": list(x.counterfactual.entering), "leaving": list(x.counterfactual.leaving)},
            "blockers": [{"constraint": v.constraint, "message": v.message} for v in x.blockers],
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
            "knee": None if frontier.knee is None else frontier.knee.level,
            "points": [{"level": p.level, "capacity": rounded(p.capacity),
                        "value": None if p.value is None else rounded(p.value), "proven": p.proven,
                        "bound": None if p.best.other_end is None else rounded(p.best.other_end),
                        "selected": list(p.selected),
                        "entering": list(p.entering), "leaving": list(p.leaving)} for p in frontier.points]})


def tradeoff_dict(tradeoff: ObjectiveTradeoff) -> dict:
    return envelope("tradeoff", {"objectives": [tradeoff.objective_a, tradeoff.objective_b],
            "points": [{"share": p.share, "score_a": None if p.score_a is None else rounded(p.score_a),
                        "score_b": None if p.score_b is None else rounded(p.score_b),
                        "selected": list(p.selected), "pareto": not p.dominated, "proven": p.proven}
                       for p in tradeoff.points],
            "flat": tradeoff.is_flat, "why_flat": flat_tradeoff_sentence(tradeoff)})


def alternatives_dict(alternatives: tuple[Alternative, ...]) -> dict:
    forecast = bool(alternatives) and alternatives[0].forecast is not None
    rows = []
    for a in alternatives:
        row = {"rank": a.rank, "value": rounded(a.plan.value), "behind": rounded(a.behind),
               "status": a.plan.solve.status.value,
               "selected": list(a.plan.selected), "entering": list(a.entering), "leaving": list(a.leaving)}
        if forecast:
            row.update({"expected_score": rounded(a.headline),
                        "expected_behind": rounded(alternatives[0].headline - a.headline)})
        rows.append(row)
    return envelope("alternatives", {"forecast_samples": alternatives[0].forecast.samples if forecast else 0,
                                     "plans": rows})


def comparison_dict(comparison: Comparison) -> dict:
    return envelope("comparison", {"differing": list(comparison.differing),
            "options": [{"name": o.name, "optimal": o.optimal, "expected_score": rounded(o.headline),
                         "feasible": o.evaluation.feasible, "selected": list(o.evaluation.selected),
                         "violations": [v.constraint for v in o.evaluation.violations],
                         "key_results": {k.key_result.id: rounded(o.forecast.key_result(k.key_result.id).attainment.mean
                                                                   if o.forecast else k.attainment)
                                         for k in o.evaluation.key_results},
                         "teams": {t: rounded(u) for t, u in o.evaluation.team_use.items()}}
                        for o in comparison.options],
            "scenario_infeasible": comparison.infeasible is not None,
            "conflicting": [] if comparison.infeasible is None else list(comparison.infeasible.conflicting)})


def forecast_record(f: Forecast) -> dict:
    """A forecast of a selection, as `planner forecast --format json` writes it."""
    return envelope("forecast", {"selected": list(f.selected), **forecast_dict(f)})
