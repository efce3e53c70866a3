"""Exact answers of explain-all on synthetic N = 200 (HiGHS, point objective, 2 workers), counted as
bench/explain_budget.py counts them: each forcing cost, each break-even, each capacity gain and
loss, each policy price.

    python bench/exact_answers.py budget 30 [SEEDS]    # an explanation's budget (the current design)
    python bench/exact_answers.py limit 0.1 [SEEDS]    # a what-if time limit on every question instead

The second is how issue 17 measured "today's ~5%" within 30 s, before `explain_budget` existed.
The script uses only what that code had too, so the baseline can be measured again on the same
machine from a checkout of it (`git worktree add /tmp/base cf28246`, then from /tmp/base/bench
with PYTHONPATH=/tmp/base).
"""

from __future__ import annotations

import statistics
import sys
import time

from generate import synthetic_scenario

from planner.explain import explain
from planner.settings import Settings


def answers(e) -> list[bool]:
    """Whether each answer of an explanation is exact: every forcing cost, both break-evens of
    each cut initiative, each capacity step's gain and loss, each policy price."""
    out = [x.counterfactual.proven for x in e.initiatives]
    out += [b.proven for x in e.initiatives if x.break_even for b in (x.break_even.impact, x.break_even.effort)]
    out += [c.gain.proven for c in e.capacity] + [c.loss.proven for c in e.capacity]
    return out + [p.proven for p in e.policies]


def main() -> None:
    mode, value = sys.argv[1], float(sys.argv[2])
    shares = []
    for seed in [int(s) for s in sys.argv[3:]] or [1, 2, 3, 4, 5]:
        chosen = dict(whatif_time_limit=value) if mode == "limit" else dict(explain_budget=value, whatif_time_limit=2.0)
        settings = Settings(objective="point", workers=2, solver="highs", **chosen)
        started = time.perf_counter()
        exact = answers(explain(synthetic_scenario(200, seed), settings))
        wall = time.perf_counter() - started
        shares.append(sum(exact) / len(exact))
        print(f"{mode} {value:g} seed {seed}: {wall:.1f} s (base solve included), exact {sum(exact)}/{len(exact)} "
              f"= {shares[-1]:.1%}", flush=True)
    print(f"{mode} {value:g}: median exact {statistics.median(shares):.1%}")


if __name__ == "__main__":
    main()
