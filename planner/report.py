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
from planner.formatting import (capacity_gain_text, capacity_loss_text, frontier_value_text, ids_text, policy_cost_text,
                                status_words)
from planner.formatting import number as _num
from planner.formatting import percent as _pct
from planner.formatting import signed_points as _pts
from planner.model import TIERS, Scenario, Tier
from planner.phrasing import sentence, unsettled_line
from planner.results import PlanResult
from planner.settings import API_SPELLING, Spelling

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from planner.explain import Explanation
    from planner.frontier import CapacityFrontier


@dataclass(frozen=True)
class ReportData:
    result: PlanResult
    explanation: Explanation
    frontier: CapacityFrontier
    generated: str | None = None  # a timestamp, only when asked for
    spelling: Spelling = API_SPELLING  # how the reader changes a setting the text suggests

    @property
    def scenario(self) -> Scenario:
        return self.result.scenario


# --- content, shared by both formats ---------------------------------------------------------

def summary_lines(data: ReportData) -> list[str]:
    """Five plain lines: score, KRs likely to reach 70%, what is funded, what is cut, the gain (and
    a sixth when answers hit the what-if time limit)."""
    r, s = data.result, data.scenario
    plan = r.plan
    lines = []
    if r.forecast:
        f = r.forecast
        lines.append(f"Expected score {_pct(f.expected_score)} of KR attainment (P10–P90 {_pct(f.score.p10)}–"
                     f"{_pct(f.score.p90)}); the plan is {status_words(plan.solve, data.spelling)}.")
        likely = [k.key_result_id for k in f.key_results if k.p_success >= 0.5]
        lines.append(f"Likely to reach 70%: {', '.join(likely) if likely else 'no key result'} "
                     f"({len(likely)} of {len(f.key_results)}).")
    else:
        lines.append(f"Score {_pct(plan.score)} attainment of expected impacts; the plan is {status_words(plan.solve, data.spelling)}.")
        lines.append("No forecast was run.")
    used = plan.evaluation.total_effort
    lines.append(f"Funds {len(plan.selected)} of {len(s.initiatives)} initiatives, {used:g} of "
                 f"{s.total_capacity:g} {s.units}.")
    cut = [x.id for x in s.initiatives if x.id not in plan.selected]
    lines.append(f"Cuts {len(cut)}: {', '.join(cut) if cut else 'nothing'}.")
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


def _rationale(data: ReportData, initiative_id: str) -> str:
    return sentence(data.explanation, initiative_id, data.spelling)


@dataclass(frozen=True)
class Markup:
    """How a format writes user text: escaped (`text`), and an initiative as its id and title."""

    text: Callable[[object], str]
    name: Callable[[str, str], str]


# The rows below are built once for every format: user text goes through `markup`; the
# planner's own words and numbers (no markup characters in them) are written as they are.

def _tier_rows(data: ReportData, markup: Markup) -> list[tuple[Tier, list[list[str]]]]:
    """Per tier with funded work: initiative, effort, value if dropped alone, why."""
    r, s = data.result, data.scenario
    out = []
    for tier in TIERS:
        chosen = [s.initiative(i) for i in r.plan.selected if s.initiative(i).tier is tier]
        if chosen:
            out.append((tier, [[markup.name(x.id, x.title), markup.text(", ".join(f"{t} {v:g}" for t, v in x.effort.items())),
                                _pts(r.contribution(x.id)), markup.text(_rationale(data, x.id))] for x in chosen]))
    return out


def _cut_rows(data: ReportData, markup: Markup) -> list[list[str]]:
    """Each cut initiative with why, and what would bring it in."""
    s = data.scenario
    return [[markup.name(x.id, x.title), markup.text(_rationale(data, x.id))]
            for x in s.initiatives if x.id not in data.result.plan.selected]


def _price_rows(data: ReportData, markup: Markup) -> list[list[str]]:
    """The price of constraints: one step more and less of each team's capacity, each policy."""
    e, s, t = data.explanation, data.scenario, markup.text
    more = [[f"{t(c.team_id)} +{c.step:g} {t(s.units)}", capacity_gain_text(c), t(ids_text(c.entering, c.proven)),
             t(ids_text(c.leaving_with_more, c.proven))] for c in e.capacity]
    less = [[f"{t(c.team_id)} −{c.step:g} {t(s.units)}", capacity_loss_text(c, s.team(c.team_id).capacity),
             t(ids_text(c.entering_with_less, c.proven)), t(ids_text(c.leaving, c.proven))] for c in e.capacity]
    policies = [[f"drop {t(p.policy)}", policy_cost_text(p), t(ids_text(p.entering, p.proven)),
                 t(ids_text(p.leaving, p.proven))] for p in e.policies]
    return more + less + policies


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
        ("seed", str(plan.seed)),
        ("planner", f"okr-planner {__version__}"),
    ]
    if data.generated:
        rows.append(("generated", data.generated))
    return rows


# --- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: object) -> str:
    """User text made inert in Markdown (and in the HTML Markdown allows)."""
    escaped = html.escape(str(text), quote=False).replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


MARKDOWN = Markup(md, lambda i, title: f"**{md(i)}** {md(title)}")


def markdown_report(data: ReportData) -> str:
    from planner.graph import to_mermaid

    r, s = data.result, data.scenario
    plan = r.plan
    out = [f"# Plan: {md(s.name)}", ""]
    out += ["## Summary", ""] + [f"- {md(line)}" for line in summary_lines(data)] + [""]
    out += ["## The plan by tier", ""]
    for tier, rows in _tier_rows(data, MARKDOWN):
        out += [f"### {tier.value.capitalize()}", ""]
        out += _md_table(["initiative", f"effort ({md(s.units)})", "value if dropped alone", "why"], rows)
        out.append("")
    cut = _cut_rows(data, MARKDOWN)
    out += ["## What was cut, and what it would take", ""]
    out += _md_table(["initiative", "why, and what would bring it in"], cut) if cut else ["Nothing was cut."]
    out += ["", "## Key results", ""]
    rows = []
    for o in plan.evaluation.key_results:
        kr = o.key_result
        if r.forecast:
            f = r.forecast.key_result(kr.id)
            rows.append([md(kr.id), md(kr.title), f"{_num(kr.baseline)} → {_num(o.forecast)} (target {_num(kr.target)})",
                         _pct(f.attainment.mean), f"{_pct(f.attainment.p10)}–{_pct(f.attainment.p90)}",
                         f"{f.p_success:.0%}", f"{f.p_target:.0%}"])
        else:
            rows.append([md(kr.id), md(kr.title), f"{_num(kr.baseline)} → {_num(o.forecast)} (target {_num(kr.target)})",
                         _pct(o.attainment), "-", "-", "-"])
    out += _md_table(["key result", "title", "baseline → expected", "expected attainment", "P10–P90", "P(≥70%)", "P(≥100%)"], rows)
    out += ["", "## Capacity and the 70/20/10 split", ""]
    out += _md_table(["team", "used", "capacity"],
                     [[md(t.name or t.id), _num(plan.evaluation.team_use[t.id]), _num(t.capacity)] for t in s.teams])
    out.append("")
    shares = plan.evaluation.split_shares
    out += _md_table(["tier", "share of effort", "band"],
                     [[t.value, _pct(shares[t]), "off" if s.split is None else "{:.0%}–{:.0%}".format(*s.split.band(t))]
                      for t in TIERS])
    out += ["", "## The price of constraints", ""]
    out += _md_table(["change", "value", "enters", "leaves"], _price_rows(data, MARKDOWN))
    out += ["", "## Capacity frontier (all teams)", ""]
    out += _md_table(["capacity", f"total ({md(s.units)})", "best value", "enters", "leaves"],
                     [[f"{p.level:.0%}", f"{p.capacity:.1f}", frontier_value_text(p),
                       md(ids_text(p.entering, p.proven)), md(ids_text(p.leaving, p.proven))] for p in data.frontier.points])
    out += ["", "## Alignment graph", "", "```mermaid", to_mermaid(s).rstrip(), "```", ""]
    out += ["## Assumptions", ""] + _md_table(["", ""], [[md(k), md(v)] for k, v in assumptions(data)]) + [""]
    return "\n".join(out)


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem;color:#111827}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #e5e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f9fafb}td.num{text-align:right;white-space:nowrap}
ul.summary li{margin:.25rem 0}.chart svg{width:100%;height:auto}code{font-size:.85rem}
.muted{color:#6b7280}
"""


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{c}</th>" for c in headers)
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if n in numeric else f"<td>{c}</td>"
                                    for n, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg(figure: Figure) -> str:
    """A figure as inline SVG (text drawn as paths, so no user string reaches the markup)."""
    from planner.charts import figure_bytes

    svg = figure_bytes(figure, "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)


HTML = Markup(h, lambda i, title: f"<b>{h(i)}</b><br><span class=\"muted\">{h(title)}</span>")


def html_report(data: ReportData) -> str:
    from planner import charts

    r, s = data.result, data.scenario
    plan = r.plan
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Plan: {h(s.name)}</title>",
             f"<style>{_CSS}</style></head><body>", f"<h1>Plan: {h(s.name)}</h1>"]
    parts.append("<h2>Summary</h2><ul class=\"summary\">" + "".join(f"<li>{h(x)}</li>" for x in summary_lines(data)) + "</ul>")
    parts.append("<h2>The plan by tier</h2>")
    for tier, rows in _tier_rows(data, HTML):
        parts.append(f"<h3>{h(tier.value.capitalize())}</h3>" + _html_table(
            ["initiative", f"effort ({h(s.units)})", "value if dropped alone", "why"], rows, {2}))
    cut = _cut_rows(data, HTML)
    parts.append("<h2>What was cut, and what it would take</h2>")
    parts.append(_html_table(["initiative", "why, and what would bring it in"], cut) if cut else "<p>Nothing was cut.</p>")
    parts.append("<h2>Key results</h2>")
    rows = []
    for o in plan.evaluation.key_results:
        kr = o.key_result
        f = r.forecast.key_result(kr.id) if r.forecast else None
        rows.append([f"<b>{h(kr.id)}</b><br><span class=\"muted\">{h(kr.title)}</span>",
                     h(f"{_num(kr.baseline)} → {_num(o.forecast)} (target {_num(kr.target)}) {kr.unit}"),
                     h(_pct(f.attainment.mean if f else o.attainment)),
                     h(f"{_pct(f.attainment.p10)}–{_pct(f.attainment.p90)}" if f else "-"),
                     h(f"{f.p_success:.0%}" if f else "-"), h(f"{f.p_target:.0%}" if f else "-")])
    parts.append(_html_table(["key result", "baseline → expected", "expected attainment", "P10–P90", "P(≥70%)", "P(≥100%)"],
                             rows, {2, 3, 4, 5}))
    parts.append(f'<figure class="chart" id="chart-attainment">{_svg(charts.attainment_figure(r))}</figure>')
    parts.append("<h2>Capacity and the 70/20/10 split</h2>")
    parts.append(f'<figure class="chart" id="chart-capacity">{_svg(charts.capacity_figure(r))}</figure>')
    parts.append(f'<figure class="chart" id="chart-split">{_svg(charts.split_figure(r))}</figure>')
    parts.append("<h2>The price of constraints</h2>")
    parts.append(_html_table(["change", "value", "enters", "leaves"], _price_rows(data, HTML), {1}))
    parts.append("<h2>Capacity frontier (all teams)</h2>")
    parts.append(f'<figure class="chart" id="chart-frontier">{_svg(charts.frontier_figure(data.frontier))}</figure>')
    parts.append("<h2>Alignment graph</h2>")
    parts.append(f'<figure class="chart" id="chart-graph">{_svg(charts.graph_figure(s, plan.selected))}</figure>')
    parts.append("<h2>Assumptions</h2>" + _html_table(["", ""], [[h(k), f"<code>{h(v)}</code>"] for k, v in assumptions(data)]))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def render(data: ReportData, fmt: str) -> str:
    """The report in one format: "html" or "md"."""
    return {"html": html_report, "md": markdown_report}[fmt](data)
