"""The what-if machinery: worker processes, answers in order, and plan differences."""

from __future__ import annotations

import pytest

from support import POINT, load, small
from planner.optimizer import Edits, optimize
from planner.whatif import WhatIfs, differences, parallel_map, solve_in_time


def _square(shared, item):
    return (shared or 0) + item * item


def test_a_worker_process_loads_no_file_format_layer():
    """What a spawned worker imports to answer what-ifs (the jobs' modules and the types its
    context unpickles into) stays clear of loading, validation, linting and their libraries: each
    pool started 0.25 s sooner without them (0.69 -> 0.44 s to its first two answers, N = 200)."""
    import subprocess
    import sys

    code = ("import sys, planner.explain, planner.frontier, planner.alternatives, planner.sweep, planner.whatif; "
            "print(sorted(m for m in ('planner.loading', 'planner.validation', 'planner.lint', 'planner.schema', "
            "'networkx', 'yaml', 'pydantic', 'pandas', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parallel_map_keeps_order_in_processes_and_inline():
    seen = []
    assert parallel_map(_square, [1, 2, 3], workers=1, progress=lambda d, t: seen.append((d, t)), shared=10) == [11, 14, 19]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert parallel_map(_square, [1, 2, 3, 4], workers=2, shared=1, pool_startup=0) == [2, 5, 10, 17]


def _pid(shared, item):
    import os
    import time

    time.sleep(shared)
    return os.getpid()


def test_quick_items_stay_in_this_process_and_slow_ones_go_to_workers(monkeypatch):
    """A pool pays only when the remaining work saves more than its start-up: a dozen quick
    items never spawn one; slow items do after the first, which shows their pace; told the
    pace, they all go to the pool at once (checked on where they are sent: one pool is spawned
    here, not two)."""
    import os

    from planner import whatif

    seen = []
    assert parallel_map(_pid, list(range(12)), workers=2, shared=0.0) == [os.getpid()] * 12
    pids = parallel_map(_pid, list(range(4)), workers=2, shared=0.1, pool_startup=0.05,
                        progress=lambda d, t: seen.append(d))
    assert pids[0] == os.getpid() and os.getpid() not in pids[1:]
    assert sorted(seen) == [1, 2, 3, 4]
    sent = []
    monkeypatch.setattr(whatif, "_in_processes", lambda function, items, workers, shared, progress, done, total,
                        on_answer=None: sent.append((list(items), done)) or [None] * len(items))
    parallel_map(_pid, list(range(3)), workers=2, shared=0.0, pool_startup=0.05, expected_pace=1.0)
    assert sent == [([0, 1, 2], 0)]  # told the items are slow: no first item inline


def test_differences():
    assert differences(["a", "b"], ["b", "c", "d"]) == (("c", "d"), ("a",))


def test_solve_in_time_tells_no_plan_from_not_known():
    scenario = load("onboarding-q3")
    context = WhatIfs(scenario, POINT, optimize(scenario, POINT))
    plan, known = solve_in_time(context.live, Edits(force_in=("sample-data",)))
    assert known and "sample-data" in plan.selected
    assert solve_in_time(context.live, Edits(force_in=("sso",))) == (None, True)  # no plan exists
    assert set(context.drop_values) == set(context.base.selected)
    hurried = WhatIfs(scenario, POINT.replace(whatif_time_limit=1e-9), context.base)
    assert hurried.live.time_limit == 1e-9  # every re-solve gets the what-if limit


@pytest.mark.parametrize("how", ["script", "piped"])
def test_parallel_what_ifs_work_from_a_script_without_a_main_guard(how, tmp_path):
    """Spawned workers ran a script's top level again (no `if __name__ == "__main__":`), and a
    script piped to `python -` broke the pool; the CLI and notebooks are tested elsewhere."""
    import subprocess
    import sys

    from support import scenario_path

    script = tmp_path / "plan.py"
    script.write_text("from planner import api, whatif\nfrom planner.settings import Settings\n"
                      "whatif.POOL_STARTUP = 0  # quick re-solves: worker processes only because of this\n"
                      f"e = api.explain({str(scenario_path('onboarding-q3'))!r}, "
                      "settings=Settings(objective='point', workers=2))\nprint('explained', len(e.initiatives))\n")
    if how == "script":
        done = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=120)
    else:
        done = subprocess.run([sys.executable, "-"], input=script.read_text(), capture_output=True, text=True,
                              timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("explained 16") == 1  # the top level ran once, in this process only


def test_explain_on_a_dask_cluster_equals_the_local_one():
    """A local Dask cluster (2 worker processes) through joblib gives the same explanation."""
    pytest.importorskip("distributed", reason="pip install 'okr-planner[dask]'")
    from planner import api, records

    scenario = small()
    settings = POINT.replace(workers=2, forecast_samples=0)
    local = records.explain_dict(api.explain(scenario, settings=settings))
    with api.on_cluster() as client:
        remote = records.explain_dict(api.explain(scenario, settings=settings))
        ran = client.run(_runs_held)  # each worker holds the run's context once it answered an item
    assert remote == local and len(remote["initiatives"]) == len(scenario.initiatives)
    assert len(ran) == 2 and sum(ran.values()) >= 1


def _runs_held() -> int:
    from planner import whatif

    return len(whatif._remote)


def test_a_budget_keeps_time_for_the_quick_re_solves_still_to_come(monkeypatch):
    """A question gets a full re-solve only while the quick ones after it still fit before the
    deadline, and a quick one while they fit before the budget's end: `QUICK_PACE` each over
    the workers, never more than half the budget. Without a budget, everything fits."""
    import time

    from planner import whatif

    monkeypatch.setattr(whatif, "QUICK_PACE", 0.1)
    context = WhatIfs(small(), POINT.replace(workers=2, explain_budget=10.0))
    assert context.full_solve_fits(10**6) and context.quick_solve_fits(10**6)  # no budget under way
    now = time.time()
    context.end, context.deadline = now + 3.0, now + 2.5
    assert context.kept_for(20) == pytest.approx(1.0) and context.kept_for(10**6) == pytest.approx(5.0)
    assert context.full_solve_fits(20) and not context.full_solve_fits(60)  # 2.5 - 3.0 s kept: past it
    assert context.quick_solve_fits(40) and not context.quick_solve_fits(80)  # 3.0 - 4.0 s kept: past it
    assert not context.past_deadline
