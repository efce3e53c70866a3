"""Seeded generator of synthetic scenarios shaped like real quarters.

N initiatives, about N/10 key results, about N/25 teams. The first three objectives are primary,
secondary and exploration; later ones split about 60/25/15; each carries 3-5 KRs (fewer when K is small). An initiative needs one or two
teams (2-12 units), moves one to three KRs (sized so a KR's gap takes several initiatives,
sometimes with a small side-effect in the wrong direction), and may carry a range and a
confidence. About 5% require another initiative and 3% exclude one; capacity is about 40% of
what the candidates ask for, so choices bind.
"""

from __future__ import annotations

import argparse

import numpy as np

from planner.model import Scenario
from planner.validation import build_scenario


def synthetic_scenario(n: int, seed: int = 0, split: bool = True, one_team: bool = False) -> Scenario:
    """`one_team`: every initiative needs a single team (a diagnostic variant: the capacity rows
    then share no initiative, which makes the model much easier than real quarters)."""
    rng = np.random.default_rng(seed)
    k = max(3, n // 10)
    t = max(1, n // 25)
    teams = [f"team{j}" for j in range(t)]
    objectives, krs = [], []
    j = 0
    while j < k:
        size = min(int(rng.integers(3, 6)), max(1, k // 3), k - j)
        tier = (["primary", "secondary", "exploration"][len(objectives)] if len(objectives) < 3
                else rng.choice(["primary", "secondary", "exploration"], p=[0.6, 0.25, 0.15]))
        items = []
        for _ in range(size):
            baseline = float(rng.integers(10, 90))
            gap = float(rng.integers(5, 40)) * (1 if rng.random() < 0.7 else -1)
            items.append({"id": f"kr{j}", "title": f"KR {j}", "baseline": baseline, "target": baseline + gap,
                          "weight": float(rng.choice([0.5, 1, 1, 2]))})
            krs.append((f"kr{j}", gap))
            j += 1
        objectives.append({"id": f"obj{len(objectives)}", "title": f"Objective {len(objectives)}",
                           "tier": str(tier), "weight": float(rng.choice([0.5, 1, 1.5])), "key_results": items})
    initiatives = []
    demand = dict.fromkeys(teams, 0.0)
    for i in range(n):
        chosen = rng.choice(teams, size=min(len(teams), int(rng.integers(1, 3))), replace=False)
        effort = {str(team): float(rng.integers(2, 13)) for team in chosen}
        if one_team:  # after the draws, so everything else stays the same
            effort = dict(list(effort.items())[:1])
        for team, amount in effort.items():
            demand[team] += amount
        impacts = {}
        for idx in rng.choice(len(krs), size=int(rng.integers(1, 4)), replace=False):
            kr_id, gap = krs[int(idx)]
            share = rng.uniform(0.01, 0.12) if rng.random() < 0.9 else -rng.uniform(0.01, 0.04)
            likely = round(gap * share, 3)
            if rng.random() < 0.4:
                spread = abs(likely) * rng.uniform(0.2, 0.6)
                impacts[kr_id] = {"low": round(likely - spread, 3), "likely": likely, "high": round(likely + spread, 3)}
            else:
                impacts[kr_id] = likely
        item = {"id": f"i{i}", "title": f"Initiative {i}", "effort": effort, "impacts": impacts,
                "confidence": float(rng.choice([1.0, 0.9, 0.8, 0.6]))}
        if i > 10 and rng.random() < 0.05:
            item["requires"] = [f"i{int(rng.integers(0, i))}"]
        elif i > 10 and rng.random() < 0.03:
            item["excludes"] = [f"i{int(rng.integers(0, i))}"]
        initiatives.append(item)
    return build_scenario({
        "version": 1, "name": f"synthetic N={n} seed={seed}",
        "split": {"primary": 0.7, "secondary": 0.2, "exploration": 0.1, "tolerance": 0.05} if split else "off",
        "teams": {team: {"capacity": round(0.4 * demand[team], 1)} for team in teams},
        "objectives": objectives, "initiatives": initiatives,
    })


def synthetic_arguments(description: str, seeds: tuple[int, ...] = (1, 2, 3, 4, 5), n: int = 200
                        ) -> argparse.ArgumentParser:
    """A bench script's command line over synthetic quarters: `--n` initiatives and `--seeds`,
    its docstring as the help. The script adds its own options."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=n, help="initiatives per synthetic quarter")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(seeds), help="synthetic seeds")
    return parser
