"""How long `planner report` takes, end to end, on every bundled scenario.

    python bench/report.py                 # median of 3 runs per scenario, both what-if bases
    python bench/report.py --repeats 1

Two columns side by side: the report as it ships (its what-ifs on the point-estimate model when
that model picks the same plan as the sampled one, `planner.api.whatif_basis`), and the same
report with every what-if on the sampled model (the design before). Each run is the CLI in a
fresh process (`planner report SCENARIO -o FILE.html`), so import and start-up count too.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLED_WHATIFS = """
import sys
from planner import api, cli
api.whatif_basis = lambda result, settings: (settings, result.plan)  # the design before: sampled what-ifs
sys.argv = ["planner", *sys.argv[1:]]
cli.main()
"""


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{'scenario':<18} {'as shipped s':>13} {'sampled what-ifs s':>19} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "report.html")
        for scenario in sorted((ROOT / "scenarios").glob("*.yaml")):
            shipped = [timed([sys.executable, "-m", "planner.cli", "report", str(scenario), "-o", out])
                       for _ in range(args.repeats)]
            before = [timed([sys.executable, "-c", SAMPLED_WHATIFS, "report", str(scenario), "-o", out])
                      for _ in range(args.repeats)]
            a, b = statistics.median(shipped), statistics.median(before)
            print(f"{scenario.stem:<18} {a:>13.1f} {b:>19.1f} {b / a:>6.1f}")


if __name__ == "__main__":
    main()
