"""What the tests share: bundled scenarios by name, brute force, small scenarios, the CLI runner.

Scenarios are picked by name (`scenario_path("onboarding-q3")`), never by position in a glob.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from planner.evaluation import evaluate
from planner.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
POINT = Settings(objective="point", workers=1)  # the point model: exact and fast, for what-if tests


def scenario_path(name: str) -> Path:
    """A bundled scenario's file, by its name without the suffix."""
    path = ROOT / "scenarios" / f"{name}.yaml"
    assert path.is_file(), f"no bundled scenario {name}"
    return path


def load(name: str):
    from planner.loading import load_scenario

    return load_scenario(scenario_path(name))


def run(runner, *args, exit_code: int | None = 0):
    """Run the CLI through click's runner and check its exit code (None: any)."""
    from planner.cli import cli

    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    if exit_code is not None:
        assert result.exit_code == exit_code, (args, result.output)
    return result


def validated(path, *args):
    """`planner validate PATH [--set X]...` through the API: (exit code, message) as the CLI
    would give them, without the runner."""
    from types import SimpleNamespace

    from planner import api
    from planner.cli import FLAGS
    from planner.errors import ScenarioError

    overrides = tuple(value for flag, value in zip(args[::2], args[1::2]) if flag == "--set")
    try:
        checked = api.validate(path, overrides)
    except ScenarioError as exc:
        return SimpleNamespace(exit_code=2, output=exc.render(FLAGS))
    return SimpleNamespace(exit_code=0, output="ok " + checked.scenario.name)


def synthetic(n: int, seed: int = 0):
    """A benchmark-style synthetic scenario (bench/generate.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import synthetic_scenario

    return synthetic_scenario(n, seed)


def brute_best(scenario, must=(), must_not=()) -> float | None:
    """The best attainment of expected impacts over every feasible selection (2^n evaluations)."""
    best = None
    for subset in feasible_selections(scenario, must, must_not):
        score = evaluate(scenario, subset).score
        best = score if best is None or score > best else best
    return best


def feasible_selections(scenario, must=(), must_not=()):
    """Every selection that meets every constraint, with `must` in and `must_not` out."""
    ids = [x.id for x in scenario.initiatives]
    for r in range(len(ids) + 1):
        for subset in itertools.combinations(ids, r):
            if set(must) - set(subset) or set(must_not) & set(subset):
                continue
            if evaluate(scenario, subset).feasible:
                yield subset


def brute_enters(scenario, i: str) -> bool:
    """Whether the best plan with `i` beats every plan without it."""
    with_it, without = brute_best(scenario, must=[i]), brute_best(scenario, must_not=[i])
    return with_it is not None and (without is None or with_it > without + 1e-7)


def brute_entering_fractions(scenario, i: str, fractions) -> list[float]:
    """The fractions of `i`'s effort at which some plan with it beats every plan without it, by
    enumeration. A plan's score does not depend on effort, only whether it fits: the plans that
    would beat the best one without it are found once, then fitted at each fraction."""
    without = brute_best(scenario, must_not=[i])
    others = [x.id for x in scenario.initiatives if x.id != i]
    better = [(i, *subset) for r in range(len(others) + 1) for subset in itertools.combinations(others, r)
              if without is None or evaluate(scenario, (i, *subset)).score > without + 1e-7]
    entering = []
    for fraction in fractions:
        scaled = scenario.with_effort_scaled(i, fraction)
        if any(evaluate(scaled, plan).feasible for plan in better):
            entering.append(fraction)
    return entering


HUNDREDTHS = [n / 100 for n in range(101)]  # fractions of an initiative's effort, for brute force


# A nine-initiative quarter small enough to enumerate (512 selections), with a split, an
# exclusion and a dependency.
SMALL = {
    "version": 1, "name": "small", "teams": {"web": {"capacity": 14}, "platform": {"capacity": 9}},
    "split": {"primary": 0.6, "secondary": 0.3, "exploration": 0.1, "tolerance": 0.15},
    "objectives": [
        {"id": "grow", "title": "Grow", "tier": "primary", "key_results": [
            {"id": "signups", "title": "Signups from 100 to 200", "baseline": 100, "target": 200},
            {"id": "activation", "title": "Activation from 40% to 60%", "baseline": 40, "target": 60}]},
        {"id": "stable", "title": "Stable", "tier": "secondary", "key_results": [
            {"id": "incidents", "title": "Incidents from 10 to 4", "baseline": 10, "target": 4}]},
        {"id": "learn", "title": "Learn", "tier": "exploration", "key_results": [
            {"id": "pilots", "title": "Pilots from 0 to 3", "baseline": 0, "target": 3}]}],
    "initiatives": [
        {"id": "ads", "title": "Ads", "effort": {"web": 4}, "impacts": {"signups": 35}},
        {"id": "referrals", "title": "Referrals", "effort": {"web": 6}, "impacts": {"signups": 50, "activation": 3}},
        {"id": "onboarding", "title": "Onboarding", "effort": {"web": 5, "platform": 1}, "impacts": {"activation": 9}},
        {"id": "checklist", "title": "Checklist", "effort": {"web": 3}, "impacts": {"activation": 5}},
        {"id": "cache", "title": "Cache", "effort": {"platform": 4}, "impacts": {"incidents": -3}},
        {"id": "alerts", "title": "Alerts", "effort": {"platform": 3}, "impacts": {"incidents": -2}},
        {"id": "sharding", "title": "Sharding", "effort": {"platform": 6}, "impacts": {"incidents": -5},
         "excludes": ["cache"]},
        {"id": "pilot", "title": "Pilot", "effort": {"web": 2}, "impacts": {"pilots": 1}},
        {"id": "pilot-2", "title": "Pilot 2", "effort": {"web": 2, "platform": 1}, "impacts": {"pilots": 1.5},
         "requires": ["pilot"]},
    ],
}


def small():
    from planner.validation import build_scenario

    return build_scenario(SMALL)


# One team of 15 person-weeks, 70/20/10 within 10 points. The plan funds the pricing page and the
# dunning fix. The exit survey (5 weeks, secondary) joins that plan at up to 0.7 weeks (more would
# push secondary work past 30%); at 2 weeks, and only there, it lets the billing rewrite in too:
# the rewrite's 8 primary weeks need secondary work to make up 20% of the effort (80/20 at 2 weeks,
# too little below), and more than 2 weeks would not fit the team.
SPLIT_NEEDS_ITS_EFFORT = {
    "version": 1, "name": "split needs its effort", "teams": {"web": {"capacity": 15}},
    "split": {"primary": 0.7, "secondary": 0.2, "exploration": 0.1, "tolerance": 0.1},
    "objectives": [
        {"id": "convert", "title": "Convert more trials", "tier": "primary", "key_results": [
            {"id": "paid", "title": "Paid conversions from 0 to 10", "baseline": 0, "target": 10}]},
        {"id": "keep", "title": "Keep customers", "tier": "secondary", "key_results": [
            {"id": "saved", "title": "Saved accounts from 0 to 10", "baseline": 0, "target": 10}]}],
    "initiatives": [
        {"id": "billing-rewrite", "title": "Billing rewrite", "effort": {"web": 8}, "impacts": {"paid": 1}},
        {"id": "win-back", "title": "Win-back emails", "effort": {"web": 5}, "impacts": {"saved": 5}},
        {"id": "dunning-fix", "title": "Dunning fix", "effort": {"web": 1}, "impacts": {"saved": 3}},
        {"id": "exit-survey", "title": "Exit survey", "effort": {"web": 5}, "impacts": {"saved": 1}},
        {"id": "pricing-page", "title": "Pricing page", "effort": {"web": 4}, "impacts": {"paid": 3}}]}
