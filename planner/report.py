"""Stakeholder reports: one self-contained HTML file, or Markdown for GitHub, Confluence, Notion.

In the order a stakeholder reads: summary; the plan by tier with a rationale per initiative;
what was cut and why; KR forecasts, capacity, the split, the price of constraints and the
capacity frontier; the alignment graph; the assumptions. Deterministic (no timestamp unless
asked), and every piece of user text is escaped: HTML entities in HTML, Markdown and HTML
escapes in Markdown, entity codes in Mermaid.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner import __version__
from planner.constraints import ConstraintKind
from planner.formatting import (
    capacity_gain_text,
    capacity_loss_text,
    frontier_value_text,
    headline_parts,
    ids_text,
    level,
    policy_cost_text,
    status_words,
)
from planner.formatting import number as _num
from planner.formatting import percent as _pct
from planner.formatting import signed_points as _pts
from planner.model import TIERS, Scenario
from planner.phrasing import (
    chain_phrase,
    company_rollup,
    contributors_phrase,
    comparison_note,
    comparison_rows,
    frontier_measure_sentence,
    no_optimum_sentence,
    optimizer_measure,
    outside_range_sentence,
    reach_sentence,
    reachable_note,
    sentence,
    unfillable_split_sentence,
    unsettled_line,
    whatif_measure_sentence,
)
from planner.results import PlanResult
from planner.schema import ID_PATTERN
from planner.settings import API_SPELLING, Settings, Spelling
from planner.text import one_line, printable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from planner.compare import Comparison

    from planner.explain import Explanation
    from planner.frontier import CapacityFrontier


@dataclass(frozen=True)
class ReportData:
    result: PlanResult
    explanation: Explanation
    frontier: CapacityFrontier
    generated: str | None = None  # a timestamp, only when asked for
    spelling: Spelling = API_SPELLING  # how the reader changes a setting the text suggests
    tracking: object = None  # with a check-in: a Replan or QuarterStatus mid-quarter, a Scorecard at the end
    calibration: object = None  # the `planner.calibration.Factor` the estimates were scaled by, if any

    @property
    def scenario(self) -> Scenario:
        return self.result.scenario


# --- content, shared by both formats ---------------------------------------------------------

def summary_lines(data: ReportData) -> list[str]:
    """Five plain lines: score, KRs likely to reach 70%, what is funded, what is cut, the gain (and
    a sixth when answers hit the what-if time limit)."""
    r, s = data.result, data.scenario
    plan = r.plan
    lines = [warning for warning in (unfillable_split_sentence(s),) if warning]
    if r.forecast:
        f = r.forecast
        name, value, spread = headline_parts(f, plan.score)
        lines.append(f"{name} {value}{spread}; the plan is {status_words(plan.solve, data.spelling)}.")
        likely = [k.key_result_id for k in f.key_results if k.p_success >= 0.5]
        lines.append(f"Likely to reach 70%: {', '.join(likely) if likely else 'no key result'} "
                     f"({len(likely)} of {len(f.key_results)}).")
    else:
        name, value, _ = headline_parts(None, plan.score)
        lines.append(f"{name} {value}; the plan is {status_words(plan.solve, data.spelling)}.")
        lines.append("No forecast was run.")
    used = plan.evaluation.total_effort
    lines.append(f"Funds {len(plan.selected)} of {len(s.initiatives)} initiatives, {used:g} of "
                 f"{s.total_capacity:g} {s.units}.")
    cut = [x.id for x in s.initiatives if x.id not in plan.selected]
    lines.append(f"Cuts {len(cut)}: {', '.join(cut) if cut else 'nothing'}.")
    lines += [ceiling for ceiling in (reach_sentence(r.reach),) if ceiling]
    greedy = r.baselines.get("value_per_effort")
    if greedy is not None and greedy.feasible:
        theirs = r.baseline_headline("value_per_effort")
        measure = "expected attainment" if r.forecast else "attainment of expected impacts"
        lines.append(f"{_pts(r.headline - theirs)} of {measure} over ranking by value per effort (RICE-style).")
    else:
        lines.append("Ranking by value per effort cannot meet the constraints of this scenario.")
    unsettled = unsettled_line(data.explanation, data.spelling)
    if unsettled is not None:
        lines.append(unsettled)
    return lines


RISKS_LISTED = 3  # KRs and initiatives named under "top risks"


def decision_blocks(data: ReportData) -> tuple:
    """Page one: what we fund and cut, what it attains per objective and KR against the 70% bar
    with a status per KR, the top risks, and the asks (the change worth most)."""
    from planner.forecast import attainment_reading, kr_status

    r, s, e = data.result, data.scenario, data.explanation
    plan, f = r.plan, r.forecast
    name, value, spread = headline_parts(f, plan.score)
    blocks: list = [Bullets((f"{name} {value}{spread}: {attainment_reading(r.headline)}.",
                             f"We fund {len(plan.selected)} of {len(s.initiatives)} initiatives and cut "
                             f"{len(s.initiatives) - len(plan.selected)}."))]
    blocks.append(Table((Own("we fund"), Own("owner"), Own("tier"), Own("effort")),
                        tuple((Name(x.id, x.title), x.owner or Own("-"), Own(x.tier.value),
                               Own(f"{x.total_effort:g} {s.units}"))
                              for x in s.initiatives if x.id in plan.selected), frozenset({3})))
    cut = [x for x in s.initiatives if x.id not in plan.selected]
    if cut:  # why each is out, and what would bring it in: "What was cut" below
        blocks.append(Table((Own("we cut"), Own("owner"), Own("tier"), Own("effort")),
                            tuple((Name(x.id, x.title), x.owner or Own("-"), Own(x.tier.value),
                                   Own(f"{x.total_effort:g} {s.units}")) for x in cut), frozenset({3})))
    attained = _objective_attainments(r)
    blocks.append(Table((Own("objective"), Own("tier"), Own("expected attainment"), Own("reading")), tuple(
        (Name(o.id, o.title), Own(o.kind), Own(_pct(attained[o.id])), Own(attainment_reading(attained[o.id])))
        for o in s.objectives), frozenset({2})))
    if f:
        krs = {kr.id: kr for kr in s.key_results}
        blocks.append(Table((Own("key result"), Own("expected attainment"), Own("P(≥70%)"), Own("status")), tuple(
            (Name(k.key_result_id, krs[k.key_result_id].title), Own(_pct(k.attainment.mean)),
             Own(f"{k.p_success:.0%}"), Own(kr_status(k.p_success))) for k in f.key_results), frozenset({1, 2})))
        weakest = sorted(f.key_results, key=lambda k: (k.p_success, k.attainment.mean, k.key_result_id))[:RISKS_LISTED]
        leaned_on = sorted(plan.selected, key=lambda i: (-r.contribution(i), i))[:RISKS_LISTED]
        risks = ["Least likely to reach 70%: " + ", ".join(
            f"{k.key_result_id} ({k.p_success:.0%})" for k in weakest) + ".",
                 "The plan leans most on: " + ", ".join(
            f"{i} (it alone slipping costs {r.contribution(i) * 100:.1f} points)" for i in leaned_on) + "."]
        blocks += [Subheading("Top risks"), Bullets(tuple(risks))]
    asks = []
    best = e.best_capacity
    if best is not None:
        team = s.team(best.team_id)
        asks.append(f"+{best.step:g} {s.units} on {team.name or team.id}: {_pts(best.gain.value)} "
                    f"({'brings in ' + ', '.join(best.entering) if best.entering else 'same initiatives'}).")
    costly = [p for p in e.policies if p.cost.value is not None and p.cost.value > 0.0005]
    if costly:
        top = max(costly, key=lambda p: (p.cost.value, str(p.policy)))
        asks.append(f"{_policy_change(top.policy)}: {_pts(top.cost.value)}"
                    + (f" (brings in {', '.join(top.entering)})." if top.entering else "."))
    if not asks and not (e.capacity_settled and all(p.proven for p in e.policies)):
        asks.append("The capacity steps and policies were not all priced within the explanation's budget or "
                    "time limit: see the price of constraints below for what was settled.")
    elif not asks:
        asks.append("No capacity step priced here and no policy changes the plan's value; see the price of "
                    "constraints below for larger steps.")
    blocks += [Subheading("The asks (the change worth most)"), Bullets(tuple(asks))]
    return tuple(blocks)


def tracking_sections(data: ReportData) -> list[Section]:
    """With a check-in: where the quarter stands and the best plan from there, or the scorecard."""
    from planner.tracking import Replan, Scorecard

    t = data.tracking
    if t is None:
        return []
    if isinstance(t, Scorecard):
        return [Section(f"The scorecard (week {t.checkin.week:g})", scorecard_blocks(t))]
    status = t.status if isinstance(t, Replan) else t  # a QuarterStatus when no plan fits any more
    return [Section(f"Where the quarter stands (week {status.rest.checkin.week:g} of {data.scenario.quarter.weeks})",
                    status_blocks(status, t if isinstance(t, Replan) else None))]


def status_blocks(status, replan) -> tuple:
    """Each KR so far and at the end if the plan goes on; each team's capacity left; the re-plan."""
    from planner.phrasing import quarter_status_sentence, replan_sentence

    titles = {kr.id: kr.title for kr in status.scenario.key_results}
    blocks: list = [Paragraph(Own(quarter_status_sentence(status)))]
    blocks.append(Table(tuple(Own(h) for h in ("key result", "baseline → now → target", "so far", "at the end",
                                               "P(≥70%)", "status", "still to land")), tuple(
        (Name(k.key_result_id, titles[k.key_result_id]),
         Own(f"{_num(k.baseline)} → {'?' if k.current is None else _num(k.current)} → {_num(k.target)}"),
         Own(_pct(k.attained_so_far)), Own(_pct(k.forecast.mean)), Own(f"{k.p_success:.0%}"), Own(k.status),
         ", ".join(k.still_to_land) or Own("-")) for k in status.key_results), frozenset({2, 3, 4})))
    blocks.append(Table(tuple(Own(h) for h in ("team", "capacity", "spent", "still planned", "left")), tuple(
        (t.team_id, Own(_num(t.capacity)), Own(_num(t.spent)), Own(_num(t.still_planned)), Own(_num(t.left)))
        for t in status.teams), frozenset({1, 2, 3, 4})))
    if replan is not None:
        blocks += [Subheading("The best plan from here"), Paragraph(Own(replan_sentence(replan))),
                   Table((Own("move"), Own("initiatives")), tuple(
                       (Own(move), ", ".join(replan.with_move(move)))
                       for move in ("continue", "stop", "start", "keep", "drop", "done", "dropped")
                       if replan.with_move(move)))]
    return tuple(blocks)


def scorecard_blocks(card) -> tuple:
    """Each KR's score against the planning forecast, each objective's and the overall score."""
    from planner.forecast import attainment_reading

    titles = {kr.id: kr.title for kr in card.scenario.key_results}
    overall = "no KR reported" if card.overall is None else f"{card.overall:.2f}: {attainment_reading(card.overall)}"
    blocks: list = [Paragraph(Own(f"Overall score {overall}."))]
    blocks.append(Table(tuple(Own(h) for h in ("objective", "score", "reading")), tuple(
        (Name(o.id, o.title), Own("-" if card.objectives[o.id] is None else f"{card.objectives[o.id]:.2f}"),
         Own("-" if card.objectives[o.id] is None else attainment_reading(card.objectives[o.id])))
        for o in card.scenario.objectives), frozenset({1})))
    blocks.append(Table(tuple(Own(h) for h in ("key result", "baseline → actual → target", "score", "planned",
                                               "P10–P90", "in range", "miss")), tuple(
        (Name(k.key_result_id, titles[k.key_result_id]),
         Own(f"{_num(k.baseline)} → {'not reported' if k.actual is None else _num(k.actual)} → {_num(k.target)}"),
         Own("-" if k.score is None else f"{k.score:.2f}"), Own(f"{k.planned.mean:.2f}"),
         Own(f"{k.planned.p10:.2f}–{k.planned.p90:.2f}"),
         Own("-" if k.within_range is None else "yes" if k.within_range else "no"),
         Own("-" if k.miss is None else f"{k.miss:+.2f}")) for k in card.key_results), frozenset({2, 3, 4, 6})))
    if card.guardrails:
        blocks.append(Bullets(tuple(f"Guardrail {g.guardrail_id}: "
                                    + ("not reported" if g.held is None else "held" if g.held else "broken")
                                    for g in card.guardrails)))
    return tuple(blocks)


def _objective_attainments(r: PlanResult) -> dict[str, float]:
    """Each objective's attainment on the headline's measure."""
    if r.forecast is not None:
        return {o: d.mean for o, d in r.forecast.objectives.items()}
    return dict(r.plan.evaluation.objective_scores)


def objective_blocks(data: ReportData) -> tuple:
    """The detail as the organisation thinks of it: each objective, its KRs with their expected
    attainment and status, and the funded initiatives moving each (with owners)."""
    from planner.forecast import kr_status

    r, s = data.result, data.scenario
    plan, f = r.plan, r.forecast
    attained = _objective_attainments(r)
    funded = [x for x in s.initiatives if x.id in plan.selected]
    blocks: list = []
    for o in s.objectives:
        blocks.append(Subheading(f"{o.title} ({o.id}, {o.kind}): {_pct(attained[o.id])} expected attainment"))
        rows = []
        for kr in o.key_results:
            k = f.key_result(kr.id) if f else None
            movers = [x for x in funded if s.kr_effects(x).get(kr.id, 0.0) * kr.gap > 0]
            rows.append((Name(kr.id, kr.title), Own(_pct(k.attainment.mean if k else plan.evaluation.outcome(kr.id).attainment)),
                         Own(kr_status(k.p_success) if k else "-"),
                         "; ".join(f"{x.id} · {x.owner}" if x.owner else x.id for x in movers) or Own("nothing funded")))
        blocks.append(Table((Own("key result"), Own("expected attainment"), Own("status"), Own("moved by (owner)")),
                            tuple(rows), frozenset({1})))
    return tuple(blocks)


def _policy_change(policy) -> str:
    """Dropping a policy, in words: the split, a commitment, a guardrail."""
    kind = getattr(policy, "kind", None)  # "split" is a plain name, the others `Constraint`s
    if kind is ConstraintKind.COMMIT:
        return f"Dropping the commitment on {policy.subject}"
    if kind is ConstraintKind.GUARDRAIL:
        return f"Lifting the guardrail {policy.subject}"
    return "Dropping the 70/20/10 split"


def _rationale(data: ReportData, initiative_id: str) -> Said:
    return Said(sentence(data.explanation, initiative_id, data.spelling))


def whatif_basis_words(whatifs: Settings) -> str:
    """Which model the explanations, prices and frontier were solved on."""
    model = "point-estimate model" if whatifs.objective == "point" else "sampled model"
    return f"{model}: {optimizer_measure(whatifs.objective, whatifs.risk, whatifs.samples)}"


def assumptions(data: ReportData) -> list[tuple[str, str]]:
    r = data.result
    plan, source = r.plan, r.source
    gap = "unknown" if plan.solve.gap is None else f"{plan.solve.gap * 100:.3f}%"
    rows = [
        ("scenario", data.scenario.name),
        ("file", str(source.path) if source else "(built in Python)"),
        ("sha256", source.sha256 if source else "-"),
        ("solver", f"{plan.solve.solver}, {status_words(plan.solve, data.spelling)}, proven gap {gap}"),
        ("objective", f"{plan.objective} ({plan.risk}), {plan.samples} optimization samples" if plan.samples
         else f"{plan.objective}"),
        ("forecast", f"{r.forecast.samples:,} samples" if r.forecast else "none"),
        ("what-ifs", whatif_basis_words(data.explanation.settings)),
        ("seed", str(plan.seed)),
        ("planner", f"okr-planner {__version__}"),
    ]
    f = data.calibration
    if f is not None:
        from planner.calibration import LEVEL

        spread = "" if f.low is None else f", {LEVEL:.0%} interval {f.low:.2f}–{f.high:.2f}"
        rows.append(("calibration", f"impact estimates scaled ×{f.value:.2f}{spread}, from {f.observations} key results "
                                    "of past quarters (planner calibrate)"))
    if data.generated:
        rows.append(("generated", data.generated))
    return rows


# --- the report as data: sections of blocks, built once for every format ----------------------
#
# Text in a cell is the user's (escaped by each format) unless wrapped: `Own` is the planner's
# words and numbers (no markup in them), `Name` an initiative or KR (id and title), `Code` a value
# shown verbatim.

@dataclass(frozen=True)
class Own:
    text: str


@dataclass(frozen=True)
class Name:
    id: str
    title: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Said:
    """A planner sentence that may carry user names: ids it quotes in backticks render as code,
    everything else is escaped like user text."""

    text: str


_QUOTED_ID = re.compile(f"`({ID_PATTERN.strip('^$')})`")  # an id as validation allows it: inert in both formats


def _said(text: str, escape: Callable[[str], str], code: Callable[[str], str]) -> str:
    parts = _QUOTED_ID.split(one_line(text))
    return "".join(code(part) if n % 2 else escape(part) for n, part in enumerate(parts))


Segment = str | Own | Name | Code | Said
Cell = Segment | tuple[Segment, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int] = frozenset()  # columns aligned right in HTML


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    text: Own


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Chart:
    """A figure, drawn for formats that embed images (HTML)."""

    id: str
    draw: Callable[[], Figure]


@dataclass(frozen=True)
class Mermaid:
    """The alignment graph as Mermaid text, for formats that render it (Markdown)."""

    text: str


@dataclass(frozen=True)
class Only:
    """A block one format shows in place of another's (a chart in HTML, its table in Markdown)."""

    format: str
    block: object


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple


def sections(data: ReportData) -> list[Section]:
    """The report's content in the order a stakeholder reads it."""
    from planner import charts
    from planner.graph import to_mermaid

    r, s, e = data.result, data.scenario, data.explanation
    plan = r.plan
    units = (Own("effort ("), s.units, Own(")"))
    tiers = []
    for tier in TIERS:
        chosen = [s.initiative(i) for i in plan.selected if s.initiative(i).tier is tier]
        if chosen:
            tiers += [Subheading(tier.value.capitalize()), Table(
                (Own("initiative"), units, Own("value if dropped alone (others unchanged)"), Own("why")),
                tuple((Name(x.id, x.title), ", ".join(f"{t} {v:g}" for t, v in x.effort.items()),
                       Own(_pts(r.contribution(x.id))), _rationale(data, x.id)) for x in chosen), frozenset({2}))]
    cut = [x for x in s.initiatives if x.id not in plan.selected]
    outside = outside_range_sentence(r.forecast) if r.forecast else None
    cut_block = (Table((Own("initiative"), Own("owner"), Own("why, and what would bring it in")),
                       tuple((Name(x.id, x.title), x.owner or Own("-"), _rationale(data, x.id)) for x in cut))
                 if cut else Paragraph(Own("Nothing was cut.")))
    return [
        Section("The decision", decision_blocks(data)),
        *tracking_sections(data),
        Section("Summary", (Bullets(tuple(summary_lines(data))),)),
        Section("Objectives, key results and the work moving them", objective_blocks(data)),
        *chain_sections(data),
        Section("The plan by tier", tuple(tiers)),
        Section("What was cut, and what it would take", (cut_block,)),
        Section("Key results", (*([Paragraph(Own(outside))] if outside else []),
                                *([Paragraph(Own(reachable_note(r.reach)))] if r.reach else []),
                                Only("md", _key_result_table(data, markdown=True)),
                                Only("html", _key_result_table(data, markdown=False)),
                                Only("html", Chart("chart-attainment", lambda: charts.attainment_figure(r))),
                                *([Subheading("Guardrails (levels to hold)"), _guardrail_table(data)]
                                  if plan.evaluation.guardrails else []))),
        Section("Capacity and the 70/20/10 split", (
            Only("md", Table((Own("team"), Own("used"), Own("capacity")),
                             tuple((t.name or t.id, Own(_num(plan.evaluation.team_use[t.id])), Own(_num(t.capacity)))
                                   for t in s.teams))),
            Only("md", Table((Own("tier"), Own("share of effort"), Own("band")),
                             tuple((Own(t.value), Own(_pct(plan.evaluation.split_shares[t])),
                                    Own("off" if s.split is None else "{:.0%}–{:.0%}".format(*s.split.band(t))))
                                   for t in TIERS))),
            Only("html", Chart("chart-capacity", lambda: charts.capacity_figure(r))),
            Only("html", Chart("chart-split", lambda: charts.split_figure(r))))),
        Section("The price of constraints", (
            Paragraph(Own(whatif_measure_sentence(e.base.value, e.settings, e.expected_attainment))),
            Table((Own("change"), Own("value"), Own("enters"), Own("leaves")), _price_rows(e, s), frozenset({1})))),
        Section("Capacity frontier (all teams)", (
            Paragraph(Own(frontier_measure_sentence(data.frontier))),
            Only("md", Table((Own("capacity"), (Own("total ("), s.units, Own(")")), Own("best value"),
                              Own("expected attainment"), Own("enters"), Own("leaves")),
                             tuple((Own(f"{p.level:.0%}" + (" (today)" if p.is_today else "")), Own(f"{p.capacity:.1f}"),
                                    Own(frontier_value_text(p)),
                                    Own("-" if p.expected_attainment is None else _pct(p.expected_attainment)),
                                    ids_text(p.entering, p.proven), ids_text(p.leaving, p.proven))
                                   for p in data.frontier.points))),
            Only("html", Chart("chart-frontier", lambda: charts.frontier_figure(data.frontier))))),
        Section("Alignment graph", (
            Paragraph(Own("One picture per objective: its key results and guardrails, and the initiatives moving them "
                          "(funded: blue; cut: dashed).")),
            *(block for o in s.objectives
              for block in (Only("md", Subheading(o.title)), Only("md", Mermaid(to_mermaid(s, plan.selected, o.id).rstrip())))),
            Only("html", Chart("chart-graph", lambda: charts.graph_figure(s, plan.selected))))),
        Section("Assumptions", (Table((Own(""), Own("")), tuple((k, Code(v)) for k, v in assumptions(data))),)),
    ]


SCORED_ON = {"product": "The plan is scored on the product KRs; company KRs are forecast and reported here.",
             "company": "The plan is scored on the company KRs: product KRs count through what they drive.",
             "both": "The plan is scored on the product and the company KRs, each with its weight."}


def chain_sections(data: ReportData) -> list[Section]:
    """With driver links or company OKRs: the roll-up per company KR, each initiative's routes
    down the chain (funded and cut), and the chain drawn in layers."""
    from planner import charts
    from planner.graph import chain_to_mermaid

    r, s = data.result, data.scenario
    if not (s.drivers or s.company_objectives):
        return []
    plan = r.plan
    blocks: list = [Paragraph(Own(SCORED_ON[s.score_on.value] + " Every number below is an expected change: the "
                                  "initiative's estimate times its chance of delivery, times each elasticity on "
                                  "the way (docs/model.md, \"Driver chains\")."))]
    rows = company_rollup(plan.evaluation, r.forecast)
    if rows:
        blocks += [Subheading("Company key results"), Table(
            (Own("key result"), Own("from the plan"), Own("expected attainment"), Own("P(≥70%)"), Own("moved by")),
            tuple((Name(row.key_result, s.key_result(row.key_result).title),
                   f"{row.change:+.3g} {s.key_result(row.key_result).unit}".rstrip(), Own(_pct(row.expected_attainment)),
                   Own("-" if row.p_success is None else f"{row.p_success:.0%}"), contributors_phrase(s, row))
                  for row in rows), frozenset({1, 2, 3}))]
    routes = [(x, phrase) for x in s.initiatives if (phrase := chain_phrase(s, x.id))]
    if routes:
        blocks += [Subheading("Each initiative down the chain"), Table(
            (Own("initiative"), Own("in the plan"), Own("moves")),
            tuple((Name(x.id, x.title), Own("funded" if x.id in plan.selected else "cut"), phrase)
                  for x, phrase in routes))]
    blocks += [Only("md", Mermaid(chain_to_mermaid(s, plan.selected).rstrip())),
               Only("html", Chart("chart-chain", lambda: charts.chain_figure(s, plan.selected)))]
    return [Section("From outputs to company outcomes", tuple(blocks))]


def _key_result_table(data: ReportData, markdown: bool) -> Table:
    """Each KR: baseline to expected, expected attainment and its range, chances of 70% and 100%."""
    r = data.result
    most = {} if r.reach is None else {k.key_result_id: k.attainment for k in r.reach.key_results}
    rows = []
    for o in r.plan.evaluation.key_results:
        kr = o.key_result
        f = r.forecast.key_result(kr.id) if r.forecast else None
        moved = f"{_num(kr.baseline)} → {_num(o.forecast)} (target {_num(kr.target)})"
        chances = ((Own(f"{_pct(f.attainment.p10)}–{_pct(f.attainment.p90)}"), Own(f"{f.p_success:.0%}"),
                    Own(f"{f.p_target:.0%}")) if f else (Own("-"), Own("-"), Own("-")))
        attainment = Own(_pct(f.attainment.mean if f else o.attainment))
        reachable = (Own(_pct(most[kr.id])),) if most else ()
        if markdown:
            rows.append((kr.id, kr.title, Own(moved), attainment, *chances, *reachable))
        else:
            rows.append((Name(kr.id, kr.title), (Own(moved + " "), kr.unit), attainment, *chances, *reachable))
    headers = ("baseline → expected", "expected attainment", "P10–P90", "P(≥70%)", "P(≥100%)",
               *(("reachable",) if most else ()))
    if markdown:
        return Table(tuple(Own(x) for x in ("key result", "title", *headers)), tuple(rows))
    return Table(tuple(Own(x) for x in ("key result", *headers)), tuple(rows), frozenset({2, 3, 4, 5, 6}))


def _guardrail_table(data: ReportData) -> Table:
    """Each guardrail: the level to hold, the plan's expected value, held or broken, P(held)."""
    r = data.result
    held = {} if r.forecast is None else {g.guardrail_id: g.p_held for g in r.forecast.guardrails}
    rows = []
    for o in r.plan.evaluation.guardrails:
        g = o.guardrail
        rows.append((Name(g.id, g.title), (Own(f"{level(g.baseline)} → {level(o.expected_value)} "), g.unit),
                     (Own(f"{g.hold.symbol} {level(g.level)} "), g.unit), Own("held" if o.held else "broken"),
                     Own("-" if g.id not in held else f"{held[g.id]:.0%}")))
    return Table(tuple(Own(x) for x in ("guardrail", "baseline → expected", "must stay", "expected", "P(held)")),
                 tuple(rows), frozenset({4}))


def _price_rows(e: Explanation, s: Scenario) -> tuple[tuple[Cell, ...], ...]:
    """The price of constraints: one step more and less of each team's capacity, each policy."""
    more = [((c.team_id, Own(f" +{c.step:g} "), s.units), Own(capacity_gain_text(c)), ids_text(c.entering, c.proven),
             ids_text(c.leaving_with_more, c.proven)) for c in e.capacity]
    less = [((c.team_id, Own(f" −{c.step:g} "), s.units), Own(capacity_loss_text(c, s.team(c.team_id).capacity)),
             ids_text(c.entering_with_less, c.proven), ids_text(c.leaving, c.proven)) for c in e.capacity]
    policies = [((Own("drop "), p.policy), Own(policy_cost_text(p)), ids_text(p.entering, p.proven),
                 ids_text(p.leaving, p.proven)) for p in e.policies]
    return tuple(more + less + policies)


def _shown(section: Section, fmt: str) -> list:
    return [b.block if isinstance(b, Only) else b for b in section.blocks if not isinstance(b, Only) or b.format == fmt]


def _segments(cell: Cell) -> tuple[Segment, ...]:
    return cell if isinstance(cell, tuple) else (cell,)


# --- Markdown ---------------------------------------------------------------------------------

# What Markdown could read as markup mid-line (user text never starts a line: headings, bullets and
# cells put text of ours first). Brackets escaped, a parenthesis can start no link, so it stays as is.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: object) -> str:
    """User text made inert in Markdown (and in the HTML Markdown allows)."""
    escaped = html.escape(one_line(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def _md_cell(cell: Cell) -> str:
    out = []
    for segment in _segments(cell):
        if isinstance(segment, Own):
            out.append(segment.text)
        elif isinstance(segment, Name):
            out.append(f"**{md(segment.id)}** {md(segment.title)}")
        elif isinstance(segment, Said):
            out.append(_said(segment.text, md, lambda i: f"`{i}`"))
        else:
            out.append(md(segment.text if isinstance(segment, Code) else segment))
    return "".join(out)


def _md_block(block) -> list[str]:
    if isinstance(block, Table):
        out = ["| " + " | ".join(_md_cell(c) for c in block.headers) + " |",
               "|" + "|".join("---" for _ in block.headers) + "|"]
        return out + ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
    if isinstance(block, Bullets):
        return [f"- {_said(item, md, lambda i: f'`{i}`')}" for item in block.items]
    if isinstance(block, Paragraph):
        return [_said(block.text.text, md, lambda i: f"`{i}`")]
    if isinstance(block, Subheading):
        return [f"### {md(block.text)}"]
    if isinstance(block, Mermaid):
        return ["```mermaid", block.text, "```"]
    raise TypeError(f"Markdown cannot show {type(block).__name__}")


def markdown_report(data: ReportData) -> str:
    return _markdown_document(f"Plan: {md(data.scenario.name)}", sections(data))


def _markdown_document(title: str, parts: list[Section]) -> str:
    out = [f"# {title}", ""]
    for section in parts:
        out += [f"## {section.title}", ""]
        for block in _shown(section, "md"):
            out += _md_block(block) + [""]
    return "\n".join(out)


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem;
color:#111827;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.3rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #e5e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f9fafb}td.num{text-align:right;white-space:nowrap}
ul.summary li{margin:.25rem 0}code{font-size:.85rem}
.chart{margin:1rem 0;overflow-x:auto}.chart svg{display:block;width:100%;min-width:560px;height:auto}
.muted{color:#6b7280}
@media (max-width:640px){body{margin:1rem auto;padding:0 .6rem}h1{font-size:1.3rem}table{font-size:.8rem}
th,td{padding:.25rem .3rem}}
@media print{body{max-width:none;margin:0}section.detail{break-before:page}h2,h3{break-after:avoid}
tr,figure,li{break-inside:avoid}.chart{overflow:visible}.chart svg{min-width:0}.scroll{overflow:visible}}
"""


def h(text: object) -> str:
    return html.escape(printable(text), quote=True)


def _html_cell(cell: Cell) -> str:
    out = []
    for segment in _segments(cell):
        if isinstance(segment, Own):
            out.append(h(segment.text))
        elif isinstance(segment, Name):
            out.append(f"<b>{h(segment.id)}</b><br><span class=\"muted\">{h(segment.title)}</span>")
        elif isinstance(segment, Code):
            out.append(f"<code>{h(segment.text)}</code>")
        elif isinstance(segment, Said):
            out.append(_said(segment.text, h, lambda i: f"<code>{i}</code>"))
        else:
            out.append(h(segment))
    return "".join(out)


def _svg(figure: Figure) -> str:
    """A figure as inline SVG (text drawn as paths, so no user string reaches the markup)."""
    from planner.charts import figure_bytes

    svg = figure_bytes(figure, "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)


def _html_block(block) -> str:
    if isinstance(block, Table):
        head = "".join(f"<th>{_html_cell(c)}</th>" for c in block.headers)
        body = "".join("<tr>" + "".join(f'<td class="num">{_html_cell(c)}</td>' if n in block.numeric
                                        else f"<td>{_html_cell(c)}</td>" for n, c in enumerate(row)) + "</tr>"
                       for row in block.rows)
        return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    if isinstance(block, Bullets):
        return "<ul class=\"summary\">" + "".join(f"<li>{_said(item, h, lambda i: f'<code>{i}</code>')}</li>"
                                                  for item in block.items) + "</ul>"
    if isinstance(block, Paragraph):
        return f"<p>{_said(block.text.text, h, lambda i: f'<code>{i}</code>')}</p>"
    if isinstance(block, Subheading):
        return f"<h3>{h(block.text)}</h3>"
    if isinstance(block, Chart):
        return f'<figure class="chart" id="{block.id}">{_svg(block.draw())}</figure>'
    raise TypeError(f"HTML cannot show {type(block).__name__}")


def html_report(data: ReportData) -> str:
    return _html_document(f"Plan: {h(data.scenario.name)}", sections(data), detail_from=1)


def _html_document(title: str, parts: list[Section], detail_from: int | None = None) -> str:
    """A self-contained page; printed, the sections from `detail_from` on start a new page."""
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}</title><style>{_CSS}</style></head><body>", f"<h1>{title}</h1>"]
    for n, section in enumerate(parts):
        opening = '<section class="detail">' if n == detail_from else "<section>"
        out.append(f"{opening}<h2>{h(section.title)}</h2>")
        out += [_html_block(block) for block in _shown(section, "html")]
        out.append("</section>")
    out.append("</body></html>\n")
    return "\n".join(out)


def render(data: ReportData, fmt: str) -> str:
    """The report in one format: "html" or "md"."""
    return {"html": html_report, "md": markdown_report}[fmt](data)


# --- comparing options ------------------------------------------------------------------------


def comparison_sections(comparison: Comparison) -> list[Section]:
    """Options side by side, in the rows `planner compare` prints, with the chart in HTML."""
    from planner import charts

    rows = comparison_rows(comparison)
    titles = {o.id: o.title for option in comparison.options for o in option.scenario.objectives}
    titles |= {kr.id: kr.title for option in comparison.options for kr in option.scenario.key_results}
    numeric = frozenset(range(1, len(comparison.options) + 1))

    def table(kind: str, named: bool = False) -> Table:
        chosen = [r for r in rows if r.kind == kind]
        return Table((Own(""), *(o.name for o in comparison.options)),
                     tuple((Name(r.key, titles[r.key]) if named else r.label.strip(), *r.cells)
                           for r in chosen), numeric)

    out = [Section("The options", (Paragraph(Own(comparison_note(comparison))), table("plan"))),
           Section("Objectives", (table("objective", named=True),)),
           Section("Key results (expected attainment)", (
               table("key result", named=True),
               Only("html", Chart("chart-comparison", lambda: charts.comparison_figure(comparison))))),
           Section("Capacity used", (table("team"),))]
    if comparison.differing:
        out.append(Section("Initiatives that differ", (table("initiative"),)))
    if comparison.infeasible is not None:
        out.append(Section("No optimum", (Paragraph(Own(no_optimum_sentence(comparison.infeasible))),)))
    return out


def render_comparison(comparison: Comparison, fmt: str) -> str:
    """The comparison as a report: "html" (self-contained) or "md"."""
    title = "Options compared"
    if fmt == "md":
        return _markdown_document(title, comparison_sections(comparison))
    return _html_document(title, comparison_sections(comparison))
