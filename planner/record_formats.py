"""The JSON records' formats, field by field: the one description of what every field means,
from which `docs/json-format.md` and each record's JSON Schema are generated (`planner schema
--record KIND`). `planner.records` writes the records; the tests check every record it writes
against these schemas, so the documentation cannot drift from the output.

Measures have one name each, in every record:

- `expected_attainment`: the mean over sampled outcomes of the weighted KR attainment, each KR's
  progress toward its target capped at 100% (the headline when there is a forecast);
- `attainment_of_expected_impacts`: the same attainment computed once from the expected impacts
  (likely value times confidence), the point estimate;
- `value`: what the optimizer maximized, named by the record's `optimizer` block; what-if
  differences (`cost`, `gain`, `behind`) are in it.

Fractions are 0-1 (0.7 means 70%); efforts are in the scenario's units.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Fraction = float
Ids = list[str]
Headline = Literal["expected_attainment", "attainment_of_expected_impacts"]


class Record(BaseModel):
    """Every field is required (null where stated) and no other field may appear."""

    model_config = ConfigDict(extra="forbid")


class Envelope(Record):
    format: str = Field(description="`okr-planner/<kind>`: which record this is")
    format_version: Literal[2] = Field(description="bumped whenever a field changes name or meaning")


def _d(text: str):
    return Field(description=text)


class Spread(Record):
    p10: Fraction = _d("10th percentile over the forecast's samples")
    p50: Fraction = _d("median")
    p90: Fraction = _d("90th percentile. The expected value beside it can lie outside P10-P90 when a minority of "
                       "outcomes sits far from the rest (an initiative delivering nothing, at the chance its "
                       "confidence leaves)")


class Optimizer(Record):
    objective: Literal["point", "expected"] = _d("`expected`: expected attainment over sampled outcomes; `point`: "
                                                 "attainment of expected impacts")
    risk: Literal["neutral", "cautious"] = _d("`cautious`: the mean of the worst 20% of sampled outcomes")
    samples: int = _d("samples the optimizer weighed (0 for the point objective)")
    seed: int = _d("seed of those samples")


class SolvedOptimizer(Optimizer):
    solver: str = _d("the MILP engine that ran: highs, cbc, cplex or gurobi")
    requested_gap: Fraction = _d("the relative gap the solve was asked to stop at (0.0001; fast mode's 0.005 for "
                                 "the sample-average model)")
    fast_mode: str | None = _d("in fast mode, what stopping early may have cost, as measured; null otherwise")
    engine_choice: str | None = _d("with the `auto` solver, why that engine ran (which licence refused the "
                                   "model); null otherwise")
    value: Fraction = _d("what the optimizer maximized, on its own samples (see `objective`, `risk`)")
    bound: Fraction | None = _d("the solver's proven upper bound on `value`; null when unknown")
    gap: Fraction | None = _d("relative gap between `value` and `bound`; null when unknown")


class ScenarioRef(Record):
    name: str = _d("the scenario's name")
    file: str | None = _d("path of the scenario file; null when built in code")
    sha256: str | None = _d("SHA-256 of the scenario file and its tables")


class KeyResultReachRecord(Record):
    id: str = _d("KR id")
    attainment_at_most: Fraction = _d("the most this KR attains on expected impacts with unlimited capacity")
    exact: bool = _d("settled; false when its solve hit the time limit and this is an upper bound")


class ObjectiveReach(Record):
    id: str = _d("objective id")
    attainment_at_most: Fraction = _d("its attainment in the best plan with unlimited capacity")


class ReachRecord(Record):
    attainment_at_most: Fraction | None = _d(
        "the best plan's attainment of expected impacts with unlimited capacity (capacity, effort cap, budget and "
        "split lifted; dependencies, exclusions, commitments, floors and guardrails kept); null when no plan "
        "exists even then")
    exact: bool = _d("every number here is settled (no solve hit its time limit)")
    selected: Ids | None = _d("that best plan")
    objectives: list[ObjectiveReach] = _d("each objective in that plan")
    key_results: list[KeyResultReachRecord] = _d("the most each KR can attain (each on its own)")


class PlanForecast(Record):
    samples: int = _d("fresh samples the forecast drew (not the optimizer's)")
    seed: int = _d("their seed")
    worst_20_percent: Fraction = _d("mean attainment over the worst 20% of sampled outcomes")


class PlanInitiative(Record):
    id: str = _d("initiative id")
    title: str = _d("its title")
    owner: str = _d("who answers for it (the scenario's `owner`; empty when not given)")
    tier: Literal["primary", "secondary", "exploration"] = _d("its objective's tier")
    selected: bool = _d("funded in this plan")
    commit: Literal["in", "out"] | None = _d("a commitment that forced it in or out; null when none")
    effort: dict[str, float] = _d("effort per team, in the scenario's units")
    total_effort: float = _d("sum of `effort`")
    loss_if_dropped_alone: Fraction | None = _d(
        "the headline lost if this initiative alone left the plan, the others unchanged (not re-planned; "
        "`planner explain` gives the re-planned answer); on the headline's measure; null when not selected")


class KeyResultForecastFields(Record):
    expected_attainment: Fraction | None = _d("mean capped attainment over the forecast's samples; null without "
                                              "a forecast")
    attainment_range: Spread | None = _d("its spread; null without a forecast")
    p_reach_70: Fraction | None = _d("share of samples reaching 70% of the target (the usual bar for success)")
    p_reach_100: Fraction | None = _d("share of samples reaching the target")


class PlanKeyResult(KeyResultForecastFields):
    id: str = _d("KR id")
    objective: str = _d("its objective's id")
    unit: str = _d("the metric's unit")
    baseline: float = _d("value at the start, in `unit`")
    target: float = _d("target value, in `unit`")
    weight: Fraction = _d("its weight in the headline (all KRs' weights sum to 1)")
    value_of_expected_impacts: float = _d("the metric's value after the plan's expected impacts, in `unit`")
    attainment_of_expected_impacts: Fraction = _d("progress toward the target from expected impacts, capped at 1")
    uncapped_progress: float = _d("the same progress before the cap (above 1 overshoots; below 0 moves away)")


class PlanObjective(Record):
    id: str = _d("objective id")
    level: Literal["product", "company"] = _d("a product team's objective, or the company's that product OKRs support")
    tier: Literal["primary", "secondary", "exploration"] = _d("its tier")
    weight: float = _d("its weight relative to the other objectives")
    attainment_of_expected_impacts: Fraction = _d("weighted mean of its KRs' attainment of expected impacts")
    expected_attainment: Fraction | None = _d("its expected attainment over the forecast's samples; null without "
                                              "a forecast")
    attainment_range: Spread | None = _d("its spread; null without a forecast")


class GuardrailRecord(Record):
    id: str = _d("guardrail id (a key result with `guardrail:` in the scenario)")
    objective: str = _d("its objective's id")
    unit: str = _d("the metric's unit")
    hold: Literal["at_least", "at_most"] = _d("which side of `level` the metric must stay on")
    level: float = _d("the level to hold, in `unit`")
    baseline: float = _d("the metric's value at the start")
    expected_value: float = _d("the metric's value after the selection's expected effects (what the optimizer "
                               "constrains)")
    held: bool = _d("whether `expected_value` keeps the guardrail")
    p_held: Fraction | None = _d("share of the forecast's samples in which the guardrail holds; null without a "
                                 "forecast")


class ChainEffectRecord(Record):
    initiative: str = _d("initiative id")
    key_result: str = _d("the KR or guardrail it moves")
    expected_change: float = _d("its expected change on that metric, in the metric's unit (chance of delivery "
                                "included): stated on the initiative, plus what driver links carry there")
    direct: bool = _d("whether the initiative states an impact on it; false: only through driver links")


class CompanyKeyResult(Record):
    id: str = _d("company KR id")
    objective: str = _d("its company objective")
    change_from_plan: float = _d("the plan's expected change on it (its trend aside), in its unit: the sum of "
                                 "`chain` entries for it")
    expected_attainment: Fraction = _d("its expected attainment (over the forecast's samples when there is one)")
    p_reach_70: Fraction | None = _d("share of samples reaching 70%; null without a forecast")


class TeamUse(Record):
    id: str = _d("team id")
    capacity: float = _d("capacity for the quarter, in the scenario's units")
    used: float = _d("effort the plan puts on the team")


class Band(Record):
    share: Fraction = _d("the tier's target share of the selected effort")
    min: Fraction = _d("lowest share allowed")
    max: Fraction = _d("highest share allowed")


class Split(Record):
    policy: dict[Literal["primary", "secondary", "exploration"], Band] | None = _d("per tier; null when the split "
                                                                                   "is off")
    shares: dict[Literal["primary", "secondary", "exploration"], Fraction] = _d("achieved share of effort per tier")


class Baseline(Record):
    feasible: bool = _d("whether the ranking rule's plan meets every constraint")
    selected: Ids = _d("what the rule funds")
    attainment_of_expected_impacts: Fraction = _d("its attainment of expected impacts")
    expected_attainment: Fraction | None = _d("its expected attainment on the plan's forecast samples; null "
                                              "without a forecast")


class PointPlan(Record):
    selected: Ids = _d("the plan the point-estimate model picks")
    attainment_of_expected_impacts: Fraction = _d("its attainment of expected impacts (what that model maximizes)")
    expected_attainment: Fraction | None = _d("its expected attainment on the plan's forecast samples")


class PlanRecord(Envelope):
    """`planner plan --format json`: the chosen portfolio and what it attains."""

    scenario: ScenarioRef = _d("which scenario was planned")
    weighted_krs: Literal["product", "company", "both"] = _d("which KRs carry weight: the product KRs, the company "
                                                         "KRs, or both (`company.score_on`; product without one)")
    status: Literal["optimal", "time limit"] = _d("how the solve ended")
    proven_optimal: bool = _d("proven optimal within the default gap of 0.01%")
    headline: Headline = _d("the field holding the headline: `expected_attainment` when there is a forecast")
    expected_attainment: Fraction | None = _d("mean weighted capped KR attainment over the forecast's fresh samples "
                                              "(the headline); null with no forecast")
    attainment_of_expected_impacts: Fraction = _d("weighted capped KR attainment from expected impacts")
    attainment_range: Spread | None = _d("spread of the attainment over the forecast's samples")
    selected: Ids = _d("funded initiatives, in file order")
    warnings: list[str] = _d("sentences that change how to read the plan (a split band no candidate can fill, "
                             "targets out of reach), each with its fix")
    reach: ReachRecord | None = _d("how far the targets go with unlimited capacity: what no plan can exceed")
    optimizer: SolvedOptimizer = _d("what the optimizer maximized and how the solve ended")
    forecast: PlanForecast | None = _d("the forecast's sampling; null with `forecast_samples` 0")
    initiatives: list[PlanInitiative] = _d("every initiative, funded or not")
    key_results: list[PlanKeyResult] = _d("every KR")
    objectives: list[PlanObjective] = _d("every objective")
    guardrails: list[GuardrailRecord] = _d("every guardrail: a level held, not scored")
    chain: list[ChainEffectRecord] = _d("each selected initiative's expected change on every KR and guardrail it "
                                        "moves, directly or through driver links (`drives:`), drivers first")
    company: list[CompanyKeyResult] = _d("each company KR: what the plan moves it by and its attainment; empty "
                                         "without company objectives")
    teams: list[TeamUse] = _d("every team")
    split: Split = _d("the 70/20/10 policy and the shares achieved")
    baselines: dict[str, Baseline] = _d("the plans of simple ranking rules (`value_per_effort`, `marginal`)")
    point_plan: PointPlan | None = _d("for the expected objective: the plan the point model would pick")


class RoadmapKeyResult(KeyResultForecastFields):
    id: str = _d("KR id")
    value_of_expected_impacts: float = _d("the metric's value after expected impacts, in its unit")
    attainment_of_expected_impacts: Fraction = _d("progress toward the target from expected impacts, capped at 1")


class RoadmapObjective(Record):
    id: str = _d("objective id")
    attainment_of_expected_impacts: Fraction = _d("weighted mean of its KRs' attainment of expected impacts")
    expected_attainment: Fraction | None = _d("over the forecast's samples; null without a forecast")


class Violation(Record):
    constraint: str = _d("the broken constraint's name, e.g. `capacity[growth]`")
    message: str = _d("what is broken, in words")


class Optimum(Record):
    selected: Ids = _d("the optimal plan")
    proven_optimal: bool = _d("proven within the default gap")
    expected_attainment: Fraction | None = _d("on the same samples as the roadmap's; null without a forecast")
    attainment_of_expected_impacts: Fraction = _d("its attainment of expected impacts")


class RoadmapRecord(Envelope):
    """`planner evaluate --format json`: a hand-made roadmap scored like a plan, beside the optimum."""

    name: str = _d("the roadmap's name")
    selected: Ids = _d("its initiatives")
    feasible: bool = _d("whether it meets every constraint; if not, its attainment is not that of a fundable plan")
    violations: list[Violation] = _d("the constraints it breaks")
    headline: Headline = _d("the field holding the headline")
    expected_attainment: Fraction | None = _d("over the forecast's samples; null without a forecast")
    attainment_of_expected_impacts: Fraction = _d("from expected impacts")
    optimum: Optimum | None = _d("the best plan meeting every constraint; null when there is none")
    gap_to_optimum: Fraction | None = _d("the optimum's headline minus the roadmap's")
    scenario_infeasible: bool = _d("no plan meets every constraint")
    conflicting: list[str] = _d("the constraints in conflict when the scenario is infeasible")
    key_results: list[RoadmapKeyResult] = _d("every KR")
    objectives: list[RoadmapObjective] = _d("every objective")
    guardrails: list[GuardrailRecord] = _d("every guardrail; a broken one is also among `violations`")
    teams: list[TeamUse] = _d("every team")


class Forced(Record):
    value: Fraction | None = _d("`value` of the best plan with the initiative forced the other way; null: none")
    cost: Fraction | None = _d("the plan's `value` minus that (in the optimizer's measure)")
    proven: bool = _d("settled; otherwise `cost` is at most this and at least `cost_at_least`")
    cost_at_least: Fraction | None = _d("the proven other end when not settled")
    entering: Ids = _d("initiatives the forced plan adds")
    leaving: Ids = _d("initiatives the forced plan drops")


class Blocker(Record):
    constraint: str = _d("a constraint adding the initiative to the plan as it is would break")
    message: str = _d("in words")


class BreakEvenRecord(Record):
    impact_factor: float | None = _d("its impacts times this bring it in; null: not within 20x or unsettled")
    effort_factor: float | None = _d("at this fraction of its effort it comes in (the largest such, within 0.05); "
                                     "null: no cut in its effort brings it in, or unsettled")
    impact_out: float | None = _d("proven: no factor on its impacts up to this brings it in")
    effort_out: float | None = _d("proven: no fraction of its effort from this up brings it in")
    impact_settled: bool = _d("the impact break-even is settled")
    effort_settled: bool = _d("the effort break-even is settled")


class ExplainedInitiative(Record):
    id: str = _d("initiative id")
    selected: bool = _d("in the plan")
    sentence: str = _d("the explanation in words")
    forced: Forced = _d("the best plan with it forced the other way")
    blockers: list[Blocker] | None = _d("out: what adding it to the plan as is would break (null: not checked, "
                                        "past the explanation's budget)")
    adds: Fraction | None = _d("out and unblocked: what adding it as is changes `value` by")
    needed_by: list[str] = _d("in, and no plan without it: the constraints that need it")
    break_even: BreakEvenRecord | None = _d("out: how much more impact or less effort brings it in")


class CapacityPriceRecord(Record):
    team: str = _d("team id")
    step: float = _d("capacity step priced, in the scenario's units")
    gain: Fraction | None = _d("`value` gained with `step` more")
    loss: Fraction | None = _d("`value` lost with `step` less")
    proven: bool = _d("both settled")
    max_gain: Fraction | None = _d("proven upper end of `gain` when not settled")
    min_loss: Fraction | None = _d("proven other end of `loss` when not settled")
    entering: Ids = _d("initiatives more capacity brings in")
    leaving: Ids = _d("initiatives less capacity drops")
    leaving_with_more: Ids = _d("initiatives more capacity swaps out")
    entering_with_less: Ids = _d("initiatives that fill the space less capacity leaves")


class PolicyPriceRecord(Record):
    policy: str = _d("`split`, or a commitment such as `commit[sales-export]`")
    cost: Fraction | None = _d("`value` given up to respect it")
    proven: bool = _d("settled")
    max_cost: Fraction | None = _d("proven other end when not settled")
    entering: Ids = _d("initiatives dropping the policy brings in")
    leaving: Ids = _d("initiatives dropping the policy drops")


class ExplanationRecord(Envelope):
    """`planner explain --format json`: why each initiative is in or out, and the price of constraints. Every
    `value`, `cost`, `gain` and `loss` is in the measure `optimizer` names (on the optimizer's own samples);
    `expected_attainment` is the same plan on the fresh samples of `plan`'s headline."""

    optimizer: Optimizer = _d("what the optimizer maximized: the measure of every value here")
    value: Fraction = _d("the plan's value in that measure")
    expected_attainment: Fraction | None = _d("the plan's headline (fresh samples); null without a forecast")
    selected: Ids = _d("the plan explained")
    status: Literal["optimal", "time limit"] = _d("how its solve ended")
    gap: Fraction | None = _d("its solve's gap")
    whatif_time_limit: float = _d("seconds allowed per what-if re-solve")
    initiatives: list[ExplainedInitiative] = _d("one per initiative explained")
    capacity: list[CapacityPriceRecord] = _d("one per team")
    policies: list[PolicyPriceRecord] = _d("the split and each commitment")


class FrontierPointRecord(Record):
    level: float = _d("capacity as a fraction of today's (1.0 = as planned)")
    capacity: float = _d("the swept team's capacity, or all teams' total, in `units`")
    value: Fraction | None = _d("the best plan's value in the `optimizer` measure; null: no plan")
    proven: bool = _d("solved within the what-if time limit; otherwise `value` is the best found")
    bound: Fraction | None = _d("the proven upper end when not proven")
    expected_attainment: Fraction | None = _d("the same plan on the fresh samples of `plan`'s headline")
    selected: Ids = _d("the plan at this level")
    entering: Ids = _d("vs the previous level")
    leaving: Ids = _d("vs the previous level")


class FrontierRecord(Envelope):
    """`planner frontier --format json`: the best plan at each capacity level."""

    team: str | None = _d("the team swept; null: all teams scaled together")
    units: str = _d("the scenario's effort units")
    optimizer: Optimizer = _d("the measure of `value`")
    knee: float | None = _d("the level after which extra capacity buys the least; null when unproven or none")
    points: list[FrontierPointRecord] = _d("one per level")


class SweepPointRecord(Record):
    changes: dict[str, str] = _d("path -> value of this variant (as `--set` takes them)")
    status: Literal["optimal", "time limit", "infeasible", "undecided"] = _d("how its solve ended")
    value: float | None = _d("what the optimizer maximized; null when there is no plan")
    expected_attainment: Fraction | None = _d("on the forecast's fresh samples (the same seed for every variant); "
                                              "null without a forecast or a plan")
    attainment_of_expected_impacts: Fraction | None = _d("from expected impacts; null when there is no plan")
    selected: Ids = _d("its plan")
    entering: Ids = _d("funded here, not in the unchanged scenario's plan")
    leaving: Ids = _d("funded in the unchanged scenario's plan, not here")
    conflicting: Ids = _d("for an infeasible variant, the constraints in conflict")


class SweepRecord(Envelope):
    """`planner sweep --format json`: the best plan for every combination of changes."""

    parameters: list[str] = _d("the paths varied, in the order given")
    optimizer: Optimizer = _d("the measure of `value`")
    forecast_samples: int = _d("samples of the expected attainment (0: none)")
    headline: Headline = _d("the field to compare variants on")
    base: SweepPointRecord = _d("the scenario unchanged")
    points: list[SweepPointRecord] = _d("every combination, the first parameter varying slowest")


class TradeoffPoint(Record):
    share: Fraction = _d("weight share of the first objective (the second gets the rest)")
    attainment_a: Fraction | None = _d("the first objective's attainment, in the `optimizer` measure")
    attainment_b: Fraction | None = _d("the second objective's")
    selected: Ids = _d("the plan at this weight")
    pareto: bool = _d("no other point is at least as good on both and better on one")
    proven: bool = _d("solved within the what-if time limit")


class TradeoffRecord(Envelope):
    """`planner frontier --between A B --format json`: the trade-off between two objectives."""

    objectives: list[str] = _d("the two objectives")
    optimizer: Optimizer = _d("the measure of the attainments")
    points: list[TradeoffPoint] = _d("one per weight share")
    flat: bool = _d("every interior weight gives the same plan")
    why_flat: str | None = _d("why, when flat")


class AlternativePlan(Record):
    rank: int = _d("1 is the best")
    value: Fraction = _d("its value in the `optimizer` measure (what ranks the plans)")
    behind: Fraction = _d("the best plan's `value` minus this one's")
    status: Literal["optimal", "time limit"] = _d("how its solve ended")
    expected_attainment: Fraction | None = _d("on fresh samples shared by every plan; null without a forecast")
    attainment_of_expected_impacts: Fraction = _d("from expected impacts")
    headline_behind: Fraction = _d("the best plan's headline minus this one's")
    selected: Ids = _d("the plan")
    entering: Ids = _d("vs the best plan")
    leaving: Ids = _d("vs the best plan")


class AlternativesRecord(Envelope):
    """`planner alternatives --format json`: the best distinct plans near the optimum."""

    optimizer: Optimizer | None = _d("the measure of `value`; null when no plan was found")
    forecast_samples: int = _d("fresh samples of the shared forecast (0: none)")
    headline: Headline = _d("the field holding the headline")
    plans: list[AlternativePlan] = _d("best first")


class ComparedKeyResult(Record):
    id: str = _d("KR id")
    expected_attainment: Fraction | None = _d("over the shared samples; null without a forecast")
    p_reach_70: Fraction | None = _d("share of the shared samples reaching 70% of the target; null without a forecast")
    attainment_of_expected_impacts: Fraction = _d("from expected impacts")


class TeamUsed(Record):
    id: str = _d("team id")
    used: float = _d("effort on the team")


class ComparedObjective(Record):
    id: str = _d("objective id")
    attainment: Fraction = _d("its attainment on the headline's measure (`headline`)")


class ComparedOption(Record):
    name: str = _d("the option's name")
    optimal: bool = _d("the optimizer's proven plan (not a hand-made roadmap)")
    expected_attainment: Fraction | None = _d("over samples shared by every option; null without a forecast")
    attainment_of_expected_impacts: Fraction = _d("from expected impacts")
    feasible: bool = _d("meets every constraint")
    selected: Ids = _d("its initiatives")
    violations: list[str] = _d("the constraints it breaks")
    entering: Ids = _d("initiatives it funds that the first option does not (empty for the first)")
    leaving: Ids = _d("initiatives of the first option it does not fund (empty for the first)")
    key_results: list[ComparedKeyResult] = _d("every KR")
    objectives: list[ComparedObjective] = _d("every objective of its scenario")
    teams: list[TeamUsed] = _d("every team")


class ComparisonRecord(Envelope):
    """`planner compare --format json`: scenarios and roadmaps side by side."""

    differing: Ids = _d("initiatives selected in some options but not all")
    headline: Headline = _d("the field holding the headline")
    options: list[ComparedOption] = _d("one per option")
    best_by_objective: dict[str, Ids] = _d("for each objective, the option(s) attaining it most (ties to 0.1 point)")
    forecast_samples: int = _d("samples of the shared forecast (0: none)")
    scenario_infeasible: bool = _d("no plan meets every constraint")
    conflicting: list[str] = _d("the constraints in conflict")


class ForecastKeyResult(Record):
    id: str = _d("KR id")
    expected_attainment: Fraction = _d("mean capped attainment over the samples")
    attainment_range: Spread = _d("its spread")
    p_reach_70: Fraction = _d("share of samples reaching 70% of the target")
    p_reach_100: Fraction = _d("share of samples reaching the target")


class ForecastObjective(Record):
    id: str = _d("objective id")
    expected_attainment: Fraction = _d("mean over the samples")
    attainment_range: Spread = _d("its spread")


class ForecastGuardrail(Record):
    id: str = _d("guardrail id")
    expected_value: float = _d("the metric's mean over the samples, in its unit")
    value_range: Spread = _d("its spread, in its unit")
    p_held: Fraction = _d("share of samples in which the guardrail holds")


class ForecastRecord(Envelope):
    """`planner forecast --format json`: the sampled outcome of a selection."""

    selected: Ids = _d("the selection forecast")
    headline: Literal["expected_attainment"] = _d("the field holding the headline")
    samples: int = _d("samples drawn")
    seed: int = _d("their seed")
    expected_attainment: Fraction = _d("mean weighted capped KR attainment")
    attainment_range: Spread = _d("its spread")
    worst_20_percent: Fraction = _d("mean over the worst 20% of samples")
    key_results: list[ForecastKeyResult] = _d("every KR")
    objectives: list[ForecastObjective] = _d("every objective")
    guardrails: list[ForecastGuardrail] = _d("every guardrail")


# --- the quarter after the plan -----------------------------------------------------------------

class CheckInRef(Record):
    week: float = _d("weeks since the quarter started")
    weeks: int = _d("the quarter's length in weeks")
    landed: Fraction = _d("share of a done initiative's expected impact assumed already in the current KR values")
    split_over: Literal["quarter", "remaining"] = _d("`quarter`: the split judged on the whole quarter's effort, spent "
                                                    "included; `remaining`: on the remaining work only")


class StatusKeyResult(Record):
    id: str = _d("KR id")
    baseline: float = _d("in the KR's unit")
    current: float | None = _d("as the check-in reports it; null when not reported (the model's expectation is used)")
    target: float = _d("in the KR's unit")
    attained_so_far: float = _d("the change seen so far over the gap to the target (uncapped)")
    expected_attainment: Fraction = _d("at the end of the quarter if the plan goes on as it stands")
    attainment_range: Spread = _d("its spread")
    p_reach_70: Fraction = _d("chance of reaching 70% by the end of the quarter")
    status: Literal["on track", "at risk", "off track"] = _d("from `p_reach_70` (docs/model.md)")
    still_to_land: Ids = _d("initiatives going on (in progress, or planned and not started) that move it")


class StatusInitiative(Record):
    id: str = _d("initiative id")
    status: Literal["not-started", "in-progress", "done", "dropped"] = _d("as the check-in reports it")
    in_plan: bool = _d("part of the plan being tracked")
    planned_effort: float = _d("its effort in the scenario")
    spent: float = _d("effort spent so far")
    remaining: float = _d("effort still to go if the plan goes on")
    over_budget: float = _d("effort beyond the plan's (spent plus still to go), 0 within it")
    late: bool = _d("its effort still to go on some team is more than that team has left this quarter: it cannot "
                    "finish by the end")


class StatusTeam(Record):
    id: str = _d("team id")
    capacity: float = _d("the whole quarter's, after the check-in's changes")
    spent: float = _d("effort spent so far")
    still_planned: float = _d("effort the plan still needs from the team")
    left: float = _d("capacity less spent less still planned (negative: over)")


class StatusRecord(Envelope):
    """`planner status --format json`: where the quarter stands at a check-in."""

    scenario: ScenarioRef = _d("which scenario")
    checkin: CheckInRef = _d("when, and how delivered work and the split are counted")
    plan: Ids = _d("the plan being tracked")
    selected: Ids = _d("what goes on from here: work in progress and the plan's not-started initiatives")
    fits: bool = _d("whether going on still meets every constraint")
    violations: list[str] = _d("the constraints going on would break")
    expected_attainment: Fraction = _d("whole-quarter expected attainment at the end, if the plan goes on")
    attainment_range: Spread = _d("its spread")
    key_results: list[StatusKeyResult] = _d("every KR")
    objectives: list[ForecastObjective] = _d("every objective at the end of the quarter")
    initiatives: list[StatusInitiative] = _d("every initiative")
    teams: list[StatusTeam] = _d("every team")


class ReplanMove(Record):
    id: str = _d("initiative id")
    move: Literal["continue", "stop", "start", "keep", "drop", "done", "dropped"] = _d(
        "in progress: continue or stop; planned and not started: keep or drop; not planned: start; done or dropped "
        "already")


class ReplanRecord(Envelope):
    """`planner replan --format json`: the best plan for the rest of the quarter."""

    scenario: ScenarioRef = _d("which scenario")
    checkin: CheckInRef = _d("when, and how delivered work and the split are counted")
    plan: Ids = _d("the plan being tracked")
    selected: Ids = _d("the new plan: what goes on or starts from here")
    status: Literal["optimal", "time limit"] = _d("how the solve ended")
    before: Fraction = _d("whole-quarter expected attainment going on as planned")
    before_fits: bool = _d("whether going on as planned still meets every constraint (if not, `before` is out of reach)")
    after: Fraction = _d("whole-quarter expected attainment with the new plan, on the same samples")
    moves: list[ReplanMove] = _d("what happens to each initiative")
    objectives: list[ForecastObjective] = _d("every objective at the end of the quarter, with the new plan")


class ScoreKeyResult(Record):
    id: str = _d("KR id")
    baseline: float = _d("in the KR's unit")
    actual: float | None = _d("the final value; null when not reported")
    target: float = _d("in the KR's unit")
    actual_attainment: float | None = _d("the OKR score: progress toward the target from the final value, capped at "
                                         "1.0, below 0 when the metric moved away")
    planned_expected_attainment: Fraction = _d("the forecast made at planning time")
    planned_range: Spread = _d("its spread")
    within_range: bool | None = _d("whether the actual attainment fell within the planning forecast's P10-P90")
    miss: float | None = _d("the actual attainment less the planned expected attainment")


class ScoreGuardrail(Record):
    id: str = _d("guardrail id")
    actual: float | None = _d("the final value; null when not reported")
    level: float = _d("the level to hold")
    held: bool | None = _d("whether it held; null when not reported")


class ScoreObjective(Record):
    id: str = _d("objective id")
    actual_attainment: float | None = _d("weighted mean of its reported KRs' actual attainments (its OKR score)")


class ScoreRecord(Envelope):
    """`planner score --format json`: the quarter scored from its final check-in."""

    scenario: ScenarioRef = _d("which scenario")
    week: float = _d("the check-in's week")
    plan: Ids = _d("the plan the forecast was made for")
    selected: Ids = _d("the initiatives done by the end of the quarter")
    actual_attainment: float | None = _d("the overall OKR score, weighted as the scenario weighs objectives and KRs")
    key_results: list[ScoreKeyResult] = _d("every KR")
    objectives: list[ScoreObjective] = _d("every objective")
    guardrails: list[ScoreGuardrail] = _d("every guardrail")


class CalibrationFactor(Record):
    factor: float | None = _d("realized over estimated KR movement of delivered work; null: nothing to learn from")
    low: float | None = _d("the interval's low end; null with fewer than two observations")
    high: float | None = _d("the interval's high end")
    observations: int = _d("key results (or, in a group, initiative-KR pairs) behind it")


class CalibrationRecord(Envelope):
    """`planner calibrate --format json`: how good the estimates were (the calibration file, as JSON)."""

    kind: Literal["calibration"] = _d("what the file holds")
    version: Literal[1] = _d("the calibration file's version")
    level: Fraction = _d("the intervals' coverage")
    quarters: list[str] = _d("the past quarters learned from")
    factor: float | None = _d("overall realized over estimated movement")
    low: float | None = _d("the interval's low end")
    high: float | None = _d("the interval's high end")
    observations: int = _d("key results behind it")
    by_tier: dict[str, CalibrationFactor] = _d("by the initiatives' tier")
    by_team: dict[str, CalibrationFactor] = _d("by each team the initiatives used")
    by_confidence: dict[str, CalibrationFactor] = _d("by the initiatives' stated confidence")


RECORDS: dict[str, type[Envelope]] = {
    "plan": PlanRecord, "roadmap": RoadmapRecord, "explanation": ExplanationRecord, "frontier": FrontierRecord,
    "tradeoff": TradeoffRecord, "alternatives": AlternativesRecord, "comparison": ComparisonRecord,
    "forecast": ForecastRecord, "status": StatusRecord, "replan": ReplanRecord, "score": ScoreRecord,
    "calibration": CalibrationRecord, "sweep": SweepRecord,
}


def record_schema(kind: str) -> dict:
    """The JSON Schema of one record kind."""
    schema = RECORDS[kind].model_json_schema()
    schema["$id"] = f"https://okr-planner.dev/schemas/{kind}.schema.json"
    schema["properties"]["format"]["const"] = f"okr-planner/{kind}"
    return schema


def record_schema_text(kind: str) -> str:
    return json.dumps(record_schema(kind), indent=2, sort_keys=True) + "\n"


def _rows(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str, str]]:
    """(field, type, meaning) for every field, nested records flattened as `a.b` (`a[].b` in lists)."""
    rows = []
    for name, field in model.model_fields.items():
        kind, nested, suffix = _type_name(field.annotation)
        rows.append((f"{prefix}{name}", kind, field.description or ""))
        if nested is not None:
            rows += _rows(nested, f"{prefix}{name}{suffix}.")
    return rows


def _type_name(annotation) -> tuple[str, type[BaseModel] | None, str]:
    """A readable type, and the record it nests (with `[]` for lists, `{}` for maps)."""
    import typing

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    nullable = " or null" if type(None) in typing.get_args(annotation) else ""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        kind, nested, suffix = _type_name(args[0])
        return kind + nullable, nested, suffix
    if origin is list:
        kind, nested, _ = _type_name(args[0])
        return f"list of {kind}", nested, "[]"
    if origin is dict:
        kind, nested, _ = _type_name(typing.get_args(annotation)[1])
        return f"map to {kind}", nested, "{}"
    if origin is Literal:
        return " \\| ".join(f"`{json.dumps(a)}`" for a in typing.get_args(annotation)), None, ""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "object", annotation, ""
    return {float: "number", int: "integer", str: "string", bool: "boolean"}.get(annotation, str(annotation)), None, ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def json_format_text() -> str:
    """docs/json-format.md: every record, field by field (generated: `planner schema --json-format`)."""
    intro = __doc__.split("\n\n", 1)[1]
    out = ["# JSON records", "",
           "Generated from `planner/record_formats.py`; do not edit by hand (`planner schema --json-format`).", "",
           "Every command's `--format json` writes one record. Numbers are rounded to 6 decimals; the same inputs "
           "give byte-identical records. Each record's JSON Schema is in `docs/json-schemas/` (and printed by "
           "`planner schema --record KIND`); every field is always present, `null` where stated.", "",
           intro.strip(), ""]
    for kind, model in RECORDS.items():
        out += [f"## `{kind}`", "", (model.__doc__ or "").strip(), "",
                f"Schema: [`json-schemas/{kind}.schema.json`](json-schemas/{kind}.schema.json)", "",
                "| field | type | meaning |", "|---|---|---|"]
        out += [f"| `{name}` | {kind_} | {_cell(meaning)} |" for name, kind_, meaning in _rows(model)]
        out.append("")
    return "\n".join(out)
