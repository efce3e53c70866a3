"""The optional engines (CPLEX, Gurobi) and `auto`: the same answers, statuses and checks as
HiGHS; size-limited licences refused and fallen back from, with the reason said. Each engine's
tests run when it is installed (CI installs the free editions with the dev extras)."""

from __future__ import annotations

import pytest

from support import POINT, SCENARIOS, load, small
from planner.errors import InfeasibleError, PlannerError, SolverError
from planner.model import Commitment
from planner.optimizer import lp_bound, optimize
from planner.optimizer.backends import AutoBackend, CplexBackend, EngineRefused, GurobiBackend, backend_for
from planner.settings import Solver

ENGINES = [pytest.param(engine, marks=pytest.mark.skipif(not engine().available(),
                                                         reason=f"{engine.title} not installed: pip install "
                                                                f"'okr-planner[{engine.name}]'"),
                        id=engine.name) for engine in (CplexBackend, GurobiBackend)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.stem in ("cloudsecure-q1", "multi-team-q4")],
                         ids=lambda p: p.stem)  # initiatives from tables; the largest
def test_an_engine_finds_the_same_optimum_and_passes_the_evaluator(engine, path):
    from planner.loading import load_scenario

    scenario = load_scenario(path)
    plan = optimize(scenario, POINT.replace(solver=engine.name))  # checked_plan re-scores it with the evaluator
    assert plan.solve.solver == engine.name and plan.solve.status.value == "optimal" and plan.solve.proven_optimal
    assert plan.value == pytest.approx(optimize(scenario, POINT).value, abs=2e-4)
    assert lp_bound(scenario, POINT.replace(solver=engine.name)) == pytest.approx(lp_bound(scenario, POINT), abs=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_engine_reports_infeasibility_and_its_licence_limit_like_the_others(engine):
    scenario = small().with_initiative("ads", commit=Commitment.IN).with_capacity("web", 0)
    with pytest.raises(InfeasibleError) as caught:
        optimize(scenario, POINT.replace(solver=engine.name))
    assert "commit[ads]" in str(caught.value) and "capacity[web]" in str(caught.value)
    big = load("multi-team-q4")  # the sample-average model at 300 samples: about 3,300 variables and rows
    with pytest.raises(EngineRefused) as refused:
        optimize(big, POINT.replace(objective="expected", samples=300, solver=engine.name))
    assert isinstance(refused.value, SolverError) and engine.title in str(refused.value)
    assert refused.value.parameters == ("solver",)


def test_auto_takes_the_fastest_installed_engine_and_says_why_it_fell_back(monkeypatch):
    scenario = load("onboarding-q3")
    engines = AutoBackend().engines
    plan = optimize(scenario, POINT.replace(solver="auto"))
    assert plan.solve.solver == (engines[0].name if engines else "highs") and plan.solve.engine_choice.startswith("auto:")
    sampled = optimize(scenario, POINT.replace(objective="expected", solver="auto"))  # 1,216 variables
    if any(e.name == "cplex" for e in engines):
        assert "CPLEX refused this model (1,216 variables and 1,211 constraints)" in sampled.solve.engine_choice
    monkeypatch.setattr(CplexBackend, "available", lambda self: False)
    monkeypatch.setattr(GurobiBackend, "available", lambda self: False)
    alone = optimize(scenario, POINT.replace(solver="auto"))
    assert alone.solve.solver == "highs" and "no optional engine installed" in alone.solve.engine_choice
    assert alone.value == pytest.approx(plan.value, abs=2e-4)


def test_an_engine_asked_for_and_missing_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(CplexBackend, "available", lambda self: False)
    with pytest.raises(PlannerError, match=r"CPLEX is not installed: pip install 'okr-planner\[cplex\]'"):
        backend_for(Solver.CPLEX)


def test_a_stop_request_aborts_an_engine_that_takes_no_callback():
    import threading

    from planner import interrupts

    aborted = threading.Event()
    interrupts._requested.set()
    try:
        with interrupts.on_stop_request(aborted.set):
            assert aborted.wait(1.0)
    finally:
        interrupts._requested.clear()


@pytest.mark.skipif(not GurobiBackend().available(), reason="Gurobi not installed: pip install 'okr-planner[gurobi]'")
def test_the_gurobi_live_model_answers_what_ifs_as_a_rebuilt_one_and_explains_as_highs():
    """Gurobi keeps the model and edits it in place, like HiGHS: on random edits the same values
    and LP bounds as a model rebuilt for each; and explanations with HiGHS's numbers."""
    from optimizer.test_live import assert_live_equals_rebuilt
    from planner import api, records
    from planner.optimizer import LiveModel

    scenario, settings = load("onboarding-q3"), POINT.replace(solver="gurobi")
    live = LiveModel(scenario, settings)
    assert live.in_place and live.solve().solve.solver == "gurobi"
    assert_live_equals_rebuilt(live, scenario, settings)
    gurobi = records.explain_dict(api.explain(small(), settings=settings.replace(workers=1, forecast_samples=0)))
    highs = records.explain_dict(api.explain(small(), settings=POINT.replace(workers=1, forecast_samples=0)))
    # A tie (an initiative worth 0 either way) may put another, equally good, plan at the base: the
    # values agree, and every initiative the two plans treat alike has the same answer.
    assert gurobi["value"] == pytest.approx(highs["value"], abs=1e-6)
    alike = [(g, h) for g, h in zip(gurobi["initiatives"], highs["initiatives"]) if g["selected"] == h["selected"]]
    assert alike
    for g, h in alike:
        assert (g["id"], g["forced"]["cost"], g["forced"]["proven"]) == (h["id"], h["forced"]["cost"], h["forced"]["proven"])


@pytest.mark.skipif(not CplexBackend().available(), reason="CPLEX not installed: pip install 'okr-planner[cplex]'")
def test_the_cplex_live_model_answers_what_ifs_as_a_rebuilt_one():
    """CPLEX keeps the model and edits it in place too: on random edits the same values and LP
    bounds as a model rebuilt for each, and a decision stops at the first plan that beats it."""
    from optimizer.test_live import assert_live_equals_rebuilt
    from planner.optimizer import Edits, LiveModel

    scenario, settings = load("onboarding-q3"), POINT.replace(solver="cplex")
    live = LiveModel(scenario, settings)
    assert live.in_place and live.solve().solve.solver == "cplex"
    assert_live_equals_rebuilt(live, scenario, settings)
    forced = Edits(force_in=("sample-data",))
    best = live.solve(forced)
    assert live.beats(best.value + 1e-6, forced) is None
    assert live.beats(best.value - 0.02, forced).value > best.value - 0.02
