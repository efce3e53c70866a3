"""OKR lint: warnings about OKR quality and roadmap shape, drawn from OKR practice.

A warning never stops planning (exit 0) unless the user asks for `--strict`. Each one says in a
line why it matters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from planner.graph import (KEY_RESULT, OBJECTIVE, alignment_graph, initiatives_moving_nothing,
                           supported_company_metrics, unmoved_key_results)
from planner.model import Level, Scenario, Tier

MAX_OBJECTIVES = 4
KR_RANGE = (2, 5)
OUTPUT_VERBS = re.compile(
    r"^\s*(launch|ship|implement|build|release|deliver|create|develop|complete|deploy|roll out|migrate)\b",
    re.IGNORECASE,
)
METRIC_HINT = re.compile(r"\d|%|\bfrom\b.*\bto\b", re.IGNORECASE)
# Numbers that date a deliverable rather than measure a change: quarters, halves, years, days of
# a month, versions ("by end of Q2", "in 2026", "by March 31", "v2").
WHEN = re.compile(
    r"\b(q[1-4]|h[12]|fy\s?\d{2,4}|(19|20)\d{2}|v\d+(\.\d+)*|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?|"
    r"\d{1,2}(st|nd|rd|th)?\s+(of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b",
    re.IGNORECASE)


def reads_like_output(title: str) -> bool:
    """Whether a title names something to ship rather than a change to measure: it starts with a
    delivery verb and holds no measure once dates are set aside."""
    return bool(OUTPUT_VERBS.search(title)) and not METRIC_HINT.search(WHEN.sub(" ", title))
VAGUE = re.compile(r"\b(at least|above|below|more than|less than|as much as possible|significantly|better|best)\b",
                   re.IGNORECASE)
# Business outcomes: what a product KR moves through a chain, rarely a product KR itself.
BUSINESS_OUTCOME = re.compile(r"\b(revenue|mrr|arr|bookings|churn|profit|margin|market share|ltv|lifetime value|"
                              r"net (revenue|dollar) retention|nrr|ndr)\b", re.IGNORECASE)
DEMAND_RANGE = (1.0, 3.0)  # demand / capacity outside this leaves nothing to choose, or no plan


@dataclass(frozen=True)
class LintWarning:
    code: str
    where: str
    message: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.code}]\n    why: {self.why}"


def lint(scenario: Scenario) -> list[LintWarning]:
    """Every OKR-quality warning for a scenario, in a stable order."""
    found: list[LintWarning] = []
    add = lambda *args: found.append(LintWarning(*args))  # noqa: E731

    product = [o for o in scenario.objectives if o.level is Level.PRODUCT]
    if len(product) > MAX_OBJECTIVES:
        add("too-many-objectives", "scenario",
            f"{len(product)} objectives in one quarter",
            f"more than {MAX_OBJECTIVES} objectives dilute focus; OKRs should name the few priorities")
    for o in product:
        n = len(o.key_results) + len(o.guardrails)  # a guardrail measures the objective too
        if not KR_RANGE[0] <= n <= KR_RANGE[1]:
            add("kr-count", f"objective `{o.id}`", f"{n} key result{'s' if n != 1 else ''}",
                f"{KR_RANGE[0]}-{KR_RANGE[1]} key results per objective measure it without scattering effort")
    for o in scenario.objectives:
        if reads_like_output(o.title):
            add("output-objective", f"objective `{o.id}`", f"reads like a deliverable: {o.title!r}",
                "an objective says what should change and why it matters; the initiatives are what to ship")
    for kr in scenario.key_results:
        if reads_like_output(kr.title):
            add("output-kr", f"key result `{kr.id}`", f"reads like an output: {kr.title!r}",
                "a key result measures a change for users or the business, not a feature shipped")
        match = VAGUE.search(kr.title)
        if match:
            add("vague-kr", f"key result `{kr.id}`", f"vague wording {match.group(0)!r} in {kr.title!r}",
                "state the baseline and the target ('from 68% to 85%') so progress can be scored")

    g = alignment_graph(scenario)
    for kr_id in unmoved_key_results(g):
        add("unmoved-kr", f"key result `{kr_id}`", "no initiative moves it",
            "the roadmap does nothing for this KR: add initiatives or drop the KR")
    for x_id in initiatives_moving_nothing(g):
        x = scenario.initiative(x_id)
        if not (x.tier is Tier.EXPLORATION and x.tier_is_explicit):
            add("feature-factory", f"initiative `{x_id}`", "moves no key result and is not marked exploration",
                "work that serves no KR is feature-factory work; link it to a KR or set `tier: exploration`")
    for x in scenario.initiatives:
        for kr_id, estimate in x.impacts.items():
            kr = scenario.key_result(kr_id)
            if kr.progress(estimate.likely) > 1.0:
                add("impact-exceeds-gap", f"initiative `{x.id}`, impact on `{kr_id}`",
                    f"likely impact {estimate.likely:+g} is larger than the whole gap {kr.gap:+g} {kr.unit}".rstrip(),
                    "one initiative reaching the target alone suggests the estimate or the target is off")

    for team in scenario.teams:
        demand = scenario.candidate_demand(team.id)
        if team.capacity == 0 and demand > 0:
            add("demand-vs-capacity", f"team `{team.id}`", "has no capacity but initiatives need it",
                "every initiative that needs this team is ruled out")
            continue
        ratio = demand / team.capacity if team.capacity else 0.0
        if team.capacity and ratio < DEMAND_RANGE[0]:
            add("demand-vs-capacity", f"team `{team.id}`",
                f"candidates need {demand:g} of {team.capacity:g} {scenario.units} ({ratio:.0%})",
                "everything fits, so there is nothing to prioritize for this team; add candidates or lend capacity")
        elif ratio > DEMAND_RANGE[1]:
            add("demand-vs-capacity", f"team `{team.id}`",
                f"candidates need {demand:g} {scenario.units}, {ratio:.1f}x its capacity of {team.capacity:g}",
                "most of this backlog cannot be funded; estimates this far over capacity are rarely worth scoring")

    for tier in scenario.unfillable_tiers():
        low, _ = scenario.split.band(tier)  # type: ignore[union-attr]
        add("split-unfillable", f"split `{tier.value}`",
            f"the band needs at least {low:.0%} of effort on {tier.value} work, but no candidate is {tier.value}",
            "only an empty plan meets this split; add candidates for this tier or change the split")
    found += chain_warnings(scenario, g)
    return found


def chain_warnings(scenario: Scenario, g) -> list[LintWarning]:
    """How the team's OKRs tie to the company's: product KRs that support nothing, company KRs
    nothing supports, business outcomes set as product KRs, and elasticities between different
    units with no unit stated."""
    found: list[LintWarning] = []
    add = lambda *args: found.append(LintWarning(*args))  # noqa: E731
    for kr in scenario.key_results:
        if scenario.objective(kr.objective).level is Level.PRODUCT and BUSINESS_OUTCOME.search(kr.title):
            add("business-outcome-kr", f"key result `{kr.id}`", f"reads like a business outcome: {kr.title!r}",
                "few teams move revenue, churn or retention within a quarter; make it a company KR and state "
                "which product KR drives it (`drives:`)")
    for d in scenario.drivers:
        source, target = scenario.metric(d.source), scenario.metric(d.target)
        if d.unit is None and source.unit and target.unit and source.unit != target.unit:
            add("elasticity-unit", f"key result `{d.source}`, drives `{d.target}`",
                f"moves {target.unit} per {source.unit} with no unit stated",
                f"write `{{value: {d.elasticity.likely:g}, unit: \"{target.unit} per {source.unit}\"}}` so the "
                "units are checked; a link between unlike units is where estimates go wrong by 100x")
    if not scenario.company_objectives:
        return found
    supported = supported_company_metrics(g)
    for o in scenario.objectives:
        for kr in o.key_results:
            node = (KEY_RESULT, kr.id)
            if o.level is Level.PRODUCT and not (o.supports or kr.supports or _downstream(g, node)):
                add("unsupported-kr", f"key result `{kr.id}`", "supports no company objective or KR",
                    "say which company KR it serves (`supports:` on it or its objective) or how it drives one "
                    "(`drives:`), or ask whether the team should pursue it")
            elif o.level is Level.COMPANY and node not in supported and (OBJECTIVE, o.id) not in supported:
                add("unsupported-company-kr", f"key result `{kr.id}`", "no product objective or KR supports it",
                    "nothing in this scenario serves this company KR: name it in a product KR's `supports:` or "
                    "`drives:`, or leave it to another team's scenario")
    return found


def _downstream(g, node) -> set:
    """Company objectives and KRs a product KR reaches by `supports` or `drives` links."""
    links = g.edge_subgraph([(a, b) for a, b, kind in g.edges(data="kind") if kind in ("supports", "drives")])
    reached = nx.descendants(links, node) if node in links else set()
    return {n for n in reached if _is_company(g, n)}


def _is_company(g, node) -> bool:
    if node[0] == OBJECTIVE:
        return g.nodes[node].get("level") == "company"
    owner = next((p for p in g.predecessors(node) if g.edges[p, node]["kind"] in ("has", "holds")), None)
    return owner is not None and g.nodes[owner].get("level") == "company"
