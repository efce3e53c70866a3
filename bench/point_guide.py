"""Sample-average effort break-evens with and without the point model's guide.

    python bench/point_guide.py                                  # multi-team-q4, synthetic N = 50 seeds 1-2
    python bench/point_guide.py --scenarios multi-team-q4 --seeds

Under a sample-average objective, `explain` runs the point model's own effort search for a cut
initiative first (`break_even._point_guide`) and starts the sampled search where that one ended,
with its plans as witnesses. For each scenario (one process, the default objective): the effort
break-even of each cut initiative (the first `--cut`) asked with the guide and without it,
alternating. Printed: sampled decisions and seconds each way (the guided seconds include the
point searches), and how many answers are consistent (the two brackets overlap: they must all).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generate import synthetic_scenario

from planner import api, break_even
from planner.optimizer import LiveModel, optimize
from planner.settings import Settings
from planner.whatif import WhatIfs

ROOT = Path(__file__).resolve().parent.parent
GUIDE = break_even._point_guide


def _consistent(a, b) -> bool:
    return (a[0] is None) == (b[0] is None) and (a[0] is None or (a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9))


def compare(name: str, scenario, cut_limit: int) -> None:
    settings = Settings(workers=1, time_limit=60)
    base = optimize(scenario, settings)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected and x.commit is None][:cut_limit]
    sampled = [0]
    beats = LiveModel.beats

    def counted(self, *args, **kwargs):
        sampled[0] += self.sampled is not None
        return beats(self, *args, **kwargs)

    LiveModel.beats = counted
    contexts = {way: WhatIfs(scenario, settings, base) for way in ("plain", "guided")}
    decisions, seconds, answers = {"plain": 0, "guided": 0}, {"plain": 0.0, "guided": 0.0}, {"plain": [], "guided": []}
    try:
        for k, i in enumerate(cut):
            for way in (("plain", "guided") if k % 2 == 0 else ("guided", "plain")):
                break_even._point_guide = GUIDE if way == "guided" else (lambda context, initiative: (None, []))
                sampled[0] = 0
                started = time.perf_counter()
                answers[way].append(break_even._effort_break_even(contexts[way], i))
                seconds[way] += time.perf_counter() - started
                decisions[way] += sampled[0]
    finally:
        break_even._point_guide, LiveModel.beats = GUIDE, beats
    consistent = sum(_consistent(a, b) for a, b in zip(answers["plain"], answers["guided"]))
    print(f"{name:<18} {len(cut):>4} {decisions['plain']:>15} {seconds['plain']:>7.2f} {decisions['guided']:>16} "
          f"{seconds['guided']:>8.2f} {consistent:>7}/{len(cut)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", nargs="*", default=["multi-team-q4"], help="bundled scenarios, by name")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2], help="synthetic seeds")
    parser.add_argument("--cut", type=int, default=12, help="cut initiatives asked about per scenario")
    args = parser.parse_args()
    print(f"{'scenario':<18} {'cut':>4} {'plain decisions':>15} {'s':>7} {'guided decisions':>16} {'s':>8} {'consistent':>10}")
    for name in args.scenarios:
        compare(name, api.load(ROOT / "scenarios" / f"{name}.yaml").scenario, args.cut)
    for seed in args.seeds:
        compare(f"N={args.n} seed {seed}", synthetic_scenario(args.n, seed), args.cut)


if __name__ == "__main__":
    main()
