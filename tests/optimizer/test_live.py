"""The live model: what-ifs edited in place must answer exactly as rebuilding would."""

from __future__ import annotations

import dataclasses
import math
import pickle
import random

import pytest

from support import SPLIT_NEEDS_ITS_EFFORT, load, synthetic
from planner.errors import InfeasibleError, Undecided
from planner.optimizer import Edits, LiveModel, lp_bound, optimize
from planner.optimizer.backends import Outcome
from planner.results import SolveStatus
from planner.settings import Settings
from planner.whatif import WhatIfs

ONBOARDING = load("onboarding-q3")
POINT = Settings(objective="point")


def _engines() -> list:
    from planner.optimizer.backends import CplexBackend, GurobiBackend

    return ["highs"] + [pytest.param(e.name, marks=pytest.mark.skipif(not e().available(), reason=f"{e.title} not installed"))
                        for e in (CplexBackend, GurobiBackend)]


def random_edits(scenario, rng: random.Random) -> Edits:
    ids = sorted(x.id for x in scenario.initiatives if x.commit is None)
    i, j = rng.sample(ids, 2)
    team = rng.choice(scenario.teams)
    committed = [x.id for x in scenario.initiatives if x.commit is not None]
    return Edits(
        force_in=(i,) if rng.random() < 0.5 else (),
        force_out=(j,) if rng.random() < 0.4 else (),
        impacts=((i, rng.choice([0.5, 1.7, 3.0])),) if rng.random() < 0.6 else (),
        effort=((rng.choice(ids), rng.choice([0.0, 0.3, 0.8, 1.5])),) if rng.random() < 0.6 else (),
        capacity=((team.id, team.capacity * rng.choice([0.7, 1.2])),) if rng.random() < 0.5 else (),
        released=tuple(committed[:1]) if committed and rng.random() < 0.3 else (),
        split=rng.random() < 0.8,
        commitments=rng.random() < 0.9,
    )


def rebuilt(scenario, edits: Edits, settings: Settings):
    """The same what-if the slow way: a fresh model of the edited scenario."""
    try:
        return optimize(scenario, settings, edits)
    except InfeasibleError:
        return None


@pytest.mark.parametrize("objective", ["point", "expected"])
@pytest.mark.parametrize("make", [lambda: ONBOARDING, lambda: synthetic(40, 3)], ids=["onboarding", "synthetic40"])
def test_solve_and_bound_equal_a_rebuilt_model(make, objective):
    scenario = make()
    settings = Settings(objective=objective, samples=40)
    assert_live_equals_rebuilt(LiveModel(scenario, settings), scenario, settings)


def assert_live_equals_rebuilt(live: LiveModel, scenario, settings: Settings, questions: int = 6) -> None:
    """On random edits, the live model's plans, values and LP bounds are those of a model built
    anew for each edit (every engine's live session is checked this way)."""
    rng = random.Random(7)
    for _ in range(questions):
        edits = random_edits(scenario, rng)
        fast, slow = live.solve(edits), rebuilt(scenario, edits, settings)
        assert (fast is None) == (slow is None), edits
        if fast is not None:
            # Equal up to the effort tie-break, which a live model keeps normalized by the base effort.
            assert fast.value == pytest.approx(slow.value, abs=1e-6), edits
            assert fast.evaluation.feasible
        assert live.bound(edits) == pytest.approx(lp_bound(scenario, settings, edits), abs=1e-6)


def test_edits_are_undone_after_each_question():
    live = LiveModel(ONBOARDING, POINT)
    before = live.solve()
    live.solve(Edits(force_in=("sso",), impacts=(("tour", 0.1),), effort=(("tour", 3.0),),
                     capacity=(("growth", 5.0),), split=False, commitments=False))
    live.bound(Edits(force_out=tuple(before.selected[:2])))
    after = live.solve()
    assert after.selected == before.selected and after.value == before.value


def test_beats_decides_without_optimizing():
    live = LiveModel(ONBOARDING, POINT)
    best = live.solve(Edits(force_in=("sample-data",)))
    assert live.beats(best.value + 1e-6, Edits(force_in=("sample-data",))) is None
    witness = live.beats(best.value - 0.02, Edits(force_in=("sample-data",)))
    assert witness is not None and "sample-data" in witness.selected
    assert best.value - 0.02 < witness.value <= best.value + 1e-9


def test_time_limit_applies_per_question_not_per_model():
    # HiGHS counts an LP's limit over the model's life; a long loop must not run out of it.
    live = LiveModel(synthetic(60, 1), POINT.replace(time_limit=0.02))
    ids = [x.id for x in live.scenario.initiatives]
    for n in range(20_000):  # until the runs add up to well past the limit
        live.bound(Edits(force_in=(ids[n % len(ids)],)))  # raises unless the LP is solved to optimality
        if live.session.highs.getRunTime() > 0.1:
            break
    assert live.session.highs.getRunTime() > 0.1


def test_no_question_runs_past_the_deadline():
    """An explanation's budget gives the live model a deadline: each question gets the time left
    to it when that is less than its own limit, and none at all once it has passed."""
    import time

    live = LiveModel(ONBOARDING, POINT.replace(time_limit=60), deadline=time.time() + 5.0)
    assert 0 < live.time_limit <= 5.0
    live.deadline = time.time() + 3600.0
    assert live.time_limit == 60  # the question's own limit, when it is the sooner
    live.deadline = time.time() - 1.0
    assert live.time_limit == 0.0
    with pytest.raises(Undecided):  # no time left: undecided, not a plan claimed as optimal
        live.beats(0.5, Edits(force_in=("sample-data",)))
    with pytest.raises(Undecided):
        live.bound(Edits(force_in=("sample-data",)))
    sampled = LiveModel(ONBOARDING, Settings(samples=20, time_limit=60), deadline=time.time() - 1.0)
    with pytest.raises(Undecided):  # the point plan it starts from is asked in the same time
        sampled.solve(Edits(force_in=("sample-data",)))


@pytest.mark.parametrize("solver", _engines())
def test_a_point_model_is_held_scaled_and_answers_as_built(solver):
    """HiGHS and CPLEX hold a live point model's objective scaled (HiGHS not a sample-average
    model's), cutoffs and targets scaled with it, and every value and bound comes back as built.
    Forced-in questions: the optimum is what the evaluator says, its bound sits on it, the LP
    bound above it, and a decision just under it finds a plan, just over it none."""
    from planner.optimizer import backends

    scale = {"highs": 2 ** backends.OPTIMIZING_OBJECTIVE_SCALE, "cplex": backends.CPLEX_OBJECTIVE_SCALE, "gurobi": 1}
    assert scale["highs"] > 1 and scale["cplex"] > 1
    assert LiveModel(ONBOARDING, Settings(samples=20)).session.objective_scale == 1  # measured slower there
    scenario = synthetic(60, 2)
    settings = Settings(objective="point", solver=solver)
    live = LiveModel(scenario, settings)
    assert live.session.objective_scale == scale[solver]
    base = live.solve()
    assert base.value == pytest.approx(optimize(scenario, settings.replace(forecast_samples=0)).value, abs=1e-6)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:3]
    for i in cut:
        edits = Edits(force_in=(i,))
        best = live.solve(edits)
        assert best.solve.bound == pytest.approx(best.value, abs=1e-4 * best.value)
        assert best.value - 1e-9 <= live.bound(edits) < 1.1 * best.value
        assert live.beats(best.value - 1e-5, edits) is not None
        assert live.beats(best.value + 1e-5, edits) is None


def test_an_answer_does_not_depend_on_the_questions_asked_before():
    """Workers split an explanation's questions differently from run to run; each answer must
    be the same whatever the live model was asked before, or the outputs would vary by run."""
    scenario = synthetic(40, 2)
    first, second = LiveModel(scenario, POINT), LiveModel(scenario, POINT)
    base = first.solve()
    questions = [Edits(force_in=(x.id,)) for x in scenario.initiatives if x.id not in base.selected][:4]
    questions += [Edits(force_out=(i,)) for i in base.selected[:2]]
    in_order = [first.solve(q) for q in questions]
    reversed_order = [second.solve(q) for q in reversed(questions)][::-1]
    assert [(p.selected, p.value) for p in in_order] == [(p.selected, p.value) for p in reversed_order]


def test_cbc_has_no_live_model_and_falls_back():
    live = LiveModel(ONBOARDING, POINT.replace(solver="cbc"))
    assert not live.in_place
    edits = Edits(force_in=("sample-data",))
    assert live.solve(edits).value == pytest.approx(optimize(ONBOARDING, POINT, edits).value, abs=2e-4)


def test_a_model_built_anew_keeps_the_deadline_too(monkeypatch):
    """CBC keeps no model live: each question is a model built anew, and it gets the time left
    to the deadline as a live question does (it used to get its whole limit past a budget's end)."""
    import time

    from planner.optimizer import live as live_module

    limits = []
    real = live_module.optimize

    def optimize_spied(scenario, settings, *args, **kwargs):
        limits.append(settings.time_limit)
        return real(scenario, settings, *args, **kwargs)

    monkeypatch.setattr(live_module, "optimize", optimize_spied)
    live = LiveModel(ONBOARDING, POINT.replace(solver="cbc", time_limit=60), deadline=time.time() + 5.0)
    edits = Edits(force_in=("sample-data",))
    assert live.solve(edits) is not None and 0 < limits[-1] <= 5.0
    live.deadline = time.time() + 3600.0
    live.beats(0.5, edits)
    assert limits[-1] == 60
    live.deadline, asked = time.time() - 1.0, len(limits)
    for question in (lambda: live.solve(edits), lambda: live.beats(0.5, edits), lambda: live.bound(edits)):
        with pytest.raises(Undecided):  # none left: undecided at once, without building a model
            question()
    assert len(limits) == asked


def test_a_worker_gets_the_context_without_the_solver():
    context = WhatIfs(ONBOARDING, Settings(objective="point", workers=1))
    context.live.solve()
    copy = pickle.loads(pickle.dumps(context))
    assert "live" not in copy.__dict__
    assert copy.live.solve().selected == context.live.solve().selected


def test_a_run_cut_short_before_any_plan_answers_with_its_start(monkeypatch):
    # HiGHS stopped before taking up the start (forced here; it happens at tiny limits): the start,
    # checked by the evaluator, is the answer: a real plan, with no bound and status TIME_LIMIT.
    live = LiveModel(ONBOARDING, Settings(samples=40))
    monkeypatch.setattr(live.session, "run", lambda **_: Outcome(SolveStatus.NO_PLAN, None, None))
    start = [i for i in optimize(ONBOARDING, POINT).selected if i != "tour"]
    plan = live.solve(Edits(force_out=("tour",)), start=start)
    assert plan.solve.status is SolveStatus.TIME_LIMIT and plan.solve.bound is None
    assert sorted(plan.selected) == sorted(start)
    assert plan.value == pytest.approx(live.value(start, Edits(force_out=("tour",))))
    with pytest.raises(Undecided):  # a start that breaks a constraint is no answer
        live.solve(Edits(force_in=("tour",)), start=start)


def test_a_run_stopped_at_once_reports_no_bound_and_keeps_its_start():
    # A limit of a microsecond stops HiGHS before its root LP, whatever the machine.
    scenario = synthetic(200, 1)
    start = optimize(scenario, POINT.replace(gap=0.05)).selected
    live = LiveModel(scenario, POINT.replace(time_limit=1e-6))
    plan = live.solve(start=start)
    assert plan.solve.status is SolveStatus.TIME_LIMIT
    assert plan.solve.bound is None or math.isfinite(plan.solve.bound)
    assert plan.value >= live.value(start) - 1e-9  # the whole start was taken up, however short the limit


def test_an_initiative_with_no_effort_and_no_impact_still_has_a_column():
    """It appears in no row and has no value; the live model and CBC still see it (it used to
    crash the live model, which found no solver column for it)."""
    from planner.explain import explain
    from planner.optimizer import optimize
    from planner.settings import Settings
    from planner.validation import build_scenario

    scenario = build_scenario({
        "version": 1, "name": "idle", "split": "off", "teams": {"t0": {"capacity": 0}},
        "objectives": [{"id": "o", "title": "o", "tier": "primary", "key_results": [
            {"id": "k", "title": "k", "baseline": 0, "target": 1}]}],
        "initiatives": [{"id": "busy", "title": "busy", "effort": {"t0": 1}, "impacts": {"k": 0.0}},
                        {"id": "idle", "title": "idle", "effort": {"t0": 0}, "impacts": {"k": 0.0}}]})
    point = Settings(objective="point", workers=1)
    assert optimize(scenario, point.replace(solver="cbc")).selected == optimize(scenario, point).selected
    assert [x.initiative_id for x in explain(scenario, point).initiatives] == ["busy", "idle"]


# A random scenario (found by the guardrail property test) on which HiGHS 1.16's presolve, in the
# live model with the split switched off, hands back another plan's columns with the right
# objective: the evaluator refutes it, and the live model re-checks without presolve.
LIVE_PRESOLVE_TRAP = {"version":1,"name":"random","teams":{"t0":{"capacity":23},"t1":{"capacity":12},"t2":{"capacity":23}},"objectives":[{"id":"o0","title":"o0","tier":"primary","weight":0.5,"key_results":[{"id":"k00","title":"k00","baseline":19,"target":43,"weight":0.5},{"id":"k01","title":"k01","baseline":2,"target":28,"weight":2},{"id":"k02","title":"k02","baseline":50,"target":95,"weight":0.5},{"id":"g0","title":"g0","baseline":96,"target":94,"guardrail":"at_least"}]},{"id":"o1","title":"o1","tier":"secondary","weight":1,"key_results":[{"id":"k10","title":"k10","baseline":87,"target":68,"weight":0.5},{"id":"k11","title":"k11","baseline":29,"target":76,"weight":0.5}]}],"initiatives":[{"id":"i0","title":"i0","effort":{"t2":12},"impacts":{"k01":3.9,"k11":11.75},"confidence":0.8},{"id":"i1","title":"i1","effort":{"t0":3,"t2":1},"impacts":{"k01":13.0,"k10":-3.8000000000000003,"g0":0},"confidence":0.8},{"id":"i2","title":"i2","effort":{"t2":9},"impacts":{"k01":13.0,"k02":36.0},"confidence":0.5},{"id":"i3","title":"i3","effort":{"t0":12,"t1":3,"t2":1},"impacts":{"k01":-1.3,"k10":-2.85},"confidence":0.5},{"id":"i4","title":"i4","effort":{"t0":9},"impacts":{"k02":18.0},"confidence":1},{"id":"i5","title":"i5","effort":{"t1":7},"impacts":{"k01":-1.3,"k02":31.499999999999996,"k11":23.5},"confidence":1,"tier":"secondary"},{"id":"i6","title":"i6","effort":{"t0":10,"t1":3},"impacts":{"k01":26.0,"g0":2},"confidence":1}],"split":{"primary":0.7,"secondary":0.2,"exploration":0.1,"tolerance":0.1}}


def test_the_live_model_rechecks_without_presolve_when_the_evaluator_refutes_an_answer():
    import dataclasses

    from support import brute_best
    from planner.validation import build_scenario

    scenario = build_scenario(LIVE_PRESOLVE_TRAP)
    point = Settings(objective="point", workers=1)
    base = optimize(scenario, point)
    live = WhatIfs(scenario, point, base).live
    freed = live.solve(Edits(split=False), start=base.selected)  # raised SolverError before
    assert freed.value == pytest.approx(brute_best(dataclasses.replace(scenario, split=None)), abs=1e-9)
    decided = live.beats(base.value, Edits(split=False), start=base.selected)
    assert decided is not None and decided.value > base.value


def test_a_start_that_breaks_a_constraint_is_never_the_answer_of_a_run_without_presolve():
    """HiGHS 1.16 without presolve took a start that breaks constraints as the answer of a
    decision (every initiative of `small`: over both teams' capacity and an exclusion), so the
    re-check a refuted answer gets (`presolve=False`) failed on every bundled scenario with
    "the solver's plan violates ...". Such a start now goes to HiGHS only with presolve."""
    from support import small
    from planner.evaluation import evaluate

    scenario = small()
    live = LiveModel(scenario, Settings(objective="point", workers=1))
    everything = [x.id for x in scenario.initiatives]
    assert not evaluate(scenario, everything).feasible  # the premise
    for presolve in (True, False):
        live.session.run(mip=True, time_limit=None, start=everything, gap=0.0, cutoff=0.3, target=0.3 + 1e-6,
                         presolve=presolve)
        chosen = [i for i, v in live.session.selection_values().items() if v > 0.5]
        assert evaluate(scenario, chosen).feasible, presolve


@pytest.mark.parametrize("name, objective", [("onboarding-q3", "point"), ("onboarding-q3", "expected"),
                                             ("acme/lifecycle", "point")])
def test_the_impact_factor_model_at_one_factor_is_the_rescaled_model(name, objective):
    """`impact_factor_model` with the factor pinned (its range one point) gives the optimum of
    the scenario with that initiative's impacts rescaled and forced in: the split of each
    coefficient into a fixed and a scaled part is exact, through driver links to a guardrail
    (acme/lifecycle) and on every sample."""
    from planner.optimizer.backends import backend_for
    from planner.optimizer.formulation import impact_factor_model

    scenario = load(name)
    settings = Settings(objective=objective, workers=1, samples=40)
    live = LiveModel(scenario, settings)
    base = optimize(scenario, settings)
    for initiative in [x.id for x in scenario.initiatives if x.id not in base.selected][:3]:
        for factor in (1.0, 2.5):
            model, variable = impact_factor_model(scenario, initiative, factor, samples=live.sampled, risk=settings.risk)
            model.variables[variable.index] = dataclasses.replace(variable, low=factor)
            outcome = backend_for(settings.solver).solve(model, None, 0.0)
            edits = Edits(force_in=(initiative,), impacts=((initiative, factor),))
            try:
                expected = optimize(scenario, settings.replace(gap=0.0), edits).value
            except InfeasibleError:
                assert outcome.outcome.status is SolveStatus.INFEASIBLE
                continue
            assert model.value.at(outcome.values) == pytest.approx(expected, abs=1e-6)


def test_more_impact_only_helps_unless_the_initiative_is_a_trade_off():
    """`in-trial-upsell` lifts trial-to-paid and costs NPS: more of it is not only better. The
    others in multi-team-q4 with only helpful impacts are."""
    scenario = load("multi-team-q4")
    live = LiveModel(scenario, Settings(objective="point", workers=1))
    helps = {x.id: live.more_impact_only_helps(x.id) for x in scenario.initiatives}
    hurting = {x.id for x in scenario.initiatives
               if any(e.low * scenario.key_result(k).gap < 0 or e.high * scenario.key_result(k).gap < 0
                      for k, e in x.impacts.items())}
    assert not helps["in-trial-upsell"] and "in-trial-upsell" in hurting
    assert {i for i, ok in helps.items() if not ok} == hurting


@pytest.mark.parametrize("objective", ["point", "expected"])
def test_the_live_model_reads_whether_more_impact_only_helps_as_the_factor_model_does(objective):
    """Where the live model takes rescaled impacts (no driver link reaches a guardrail), whether
    more impact only helps is read off its own progress rows, with no model built; the answer
    is the one `impact_factor_model`'s factor gives, initiative by initiative, in every sample."""
    from planner.optimizer.formulation import factor_only_loosens, impact_factor_model

    scenario = load("multi-team-q4")
    live = LiveModel(scenario, Settings(objective=objective, samples=30, workers=1))
    for x in scenario.initiatives:
        model, factor = impact_factor_model(scenario, x.id, 2.0, samples=live.sampled, risk=live.settings.risk)
        assert live.more_impact_only_helps(x.id) == factor_only_loosens(model, factor), x.id
    assert sum(not live.more_impact_only_helps(x.id) for x in scenario.initiatives) == 5  # pinned: its trade-offs


@pytest.mark.parametrize("solver", _engines())
def test_the_relaxed_selection_is_the_lp_relaxations_even_after_a_plan(solver):
    """CPLEX and Gurobi solve the relaxation on a copy of the live model: the decisions read back
    must be the copy's (fractional where the LP splits an initiative), not the last MIP's plan."""
    scenario = synthetic(40, 3)
    live = LiveModel(scenario, Settings(objective="point", solver=solver))
    forced = sorted(x.id for x in scenario.initiatives)[:2]
    edits = Edits(force_in=(forced[0],), force_out=(forced[1],))
    assert live.solve(edits) is not None  # a MIP run first: its values are 0 or 1
    relaxed = live.relaxed_selection(edits)
    assert set(relaxed) == {x.id for x in scenario.initiatives}
    assert all(-1e-9 <= v <= 1 + 1e-9 for v in relaxed.values())
    assert relaxed[forced[0]] == pytest.approx(1) and relaxed[forced[1]] == pytest.approx(0)
    assert any(1e-6 < v < 1 - 1e-6 for v in relaxed.values())  # pinned: this LP splits one
    for team in scenario.teams:
        used = sum(x.effort.get(team.id, 0.0) * relaxed[x.id] for x in scenario.initiatives)
        assert used <= team.capacity + 1e-6
    assert LiveModel(scenario, Settings(objective="point", solver="cbc")).relaxed_selection(edits) is None  # not live


@pytest.mark.parametrize("solver", _engines() + ["cbc"])
def test_a_trade_off_check_is_one_decision_and_every_engine_agrees(solver):
    """`in-trial-upsell` (multi-team-q4) helps one KR and hurts another: whether *some* factor up
    to a limit on its impacts brings it in is one decision on the model with the factor a
    variable. Every engine gives the same verdicts (CBC, which keeps no model live, by
    optimizing); each plan found beats the base by the evaluator at the factor it names. Pinned:
    no factor up to 2.5 brings it in, 3 does (the point model's break-even lies between)."""
    scenario = load("multi-team-q4")
    settings = Settings(objective="point", solver=solver)
    base = optimize(scenario, settings.replace(forecast_samples=0))
    live = LiveModel(scenario, settings)
    threshold = base.value + 1e-7
    assert "in-trial-upsell" not in base.selected
    verdicts = {}
    for limit in (1.5, 2.5, 3.0, 20.0):
        witness = live.beats_at_some_impact_factor("in-trial-upsell", limit, threshold)
        verdicts[limit] = witness is not None
        if witness is not None:
            assert "in-trial-upsell" in witness.selection and 1.0 <= witness.factor <= limit + 1e-9
            edits = Edits(force_in=("in-trial-upsell",), impacts=(("in-trial-upsell", witness.factor * (1 + 1e-6)),))
            assert live.value(witness.selection, edits) > threshold
    assert verdicts == {1.5: False, 2.5: False, 3.0: True, 20.0: True}


@pytest.mark.parametrize("solver", _engines() + ["cbc"])
def test_some_fraction_of_its_effort_is_one_decision_and_every_engine_agrees(solver):
    """Whether *some* fraction of an initiative's effort from g up brings it in is one decision
    on the model with the fraction a variable, monotone in g where being in at one fraction is
    not (the exit survey enters at 0.14 and 0.4 of its effort, not at 0.2: brute force in
    tests/test_explain.py). Every engine gives the same verdicts (CBC by optimizing); each plan
    found beats the base by the evaluator at the fraction it names, which is at least g."""
    from planner.validation import build_scenario

    scenario = build_scenario(SPLIT_NEEDS_ITS_EFFORT)
    settings = Settings(objective="point", solver=solver)
    base = optimize(scenario, settings.replace(forecast_samples=0))
    live = LiveModel(scenario, settings)
    threshold = base.value + 1e-7
    verdicts = {}
    for lower in (0.0, 0.2, 0.4, 0.45, 0.15):  # back down after a "no": the spare column's bounds are undone
        witness = live.beats_at_some_effort_fraction("exit-survey", lower, threshold)
        verdicts[lower] = witness is not None
        if witness is not None:
            assert "exit-survey" in witness.selection and lower - 1e-9 <= witness.factor <= 1 + 1e-9
            edits = Edits(force_in=("exit-survey",), effort=(("exit-survey", witness.factor),))
            assert live.value(witness.selection, edits) > threshold
    assert verdicts == {0.0: True, 0.2: True, 0.4: True, 0.45: False, 0.15: True}
    at_one_fraction = Edits(force_in=("exit-survey",), effort=(("exit-survey", 0.2),))
    assert live.beats(threshold, at_one_fraction) is None


def test_a_neighbourhood_of_the_effort_question_finds_real_plans_and_its_no_proves_nothing():
    """Held initiatives narrow the effort question to a neighbourhood of a known plan: a plan it
    finds holds them and beats the base by the evaluator at the fraction it names, but where the
    neighbourhood has none the whole model may still have one (query-cache from 0.4 of its
    effort, on multi-team-q4), and the held bounds are undone after each question."""
    scenario = load("multi-team-q4")
    settings = Settings(objective="point")
    base = optimize(scenario, settings.replace(forecast_samples=0))
    live = LiveModel(scenario, settings)
    threshold = base.value + 1e-7

    def off_its_teams(i):
        teams = set(scenario.initiative(i).teams)
        return tuple(j for j in base.selected if teams.isdisjoint(scenario.initiative(j).teams))

    held = off_its_teams("dunning")
    assert len(held) == 13
    near = live.beats_at_some_effort_fraction("dunning", 0.6, threshold, Edits(force_in=held))
    assert near is not None and set(held) | {"dunning"} <= set(near.selection) and near.factor >= 0.6 - 1e-9
    assert live.value(near.selection, Edits(force_in=("dunning",), effort=(("dunning", near.factor),))) > threshold

    assert live.beats_at_some_effort_fraction("query-cache", 0.4, threshold,
                                              Edits(force_in=off_its_teams("query-cache"))) is None
    assert live.beats_at_some_effort_fraction("query-cache", 0.4, threshold) is not None  # held bounds undone
    everything = Edits(force_in=tuple(base.selected))
    assert live.beats_at_some_effort_fraction("query-cache", 0.2, threshold, everything) is not None
    assert live.beats_at_some_effort_fraction("query-cache", 0.4, threshold, everything) is None

    with pytest.raises(ValueError, match="live model only"):
        LiveModel(scenario, settings.replace(solver="cbc")).beats_at_some_effort_fraction(
            "query-cache", 0.4, threshold, Edits(force_in=held))


def test_a_trade_off_check_runs_highs_as_the_live_what_ifs_do(monkeypatch):
    """The trade-off check loads its own model (the impact factor a variable), a what-if all the
    same: HiGHS runs it without restarts, as the live model's re-solves."""
    from planner.optimizer import backends

    restarts = []
    run = backends.LiveSession.run

    def spy(self, **kwargs):
        restarts.append(self.highs.getOptionValue("mip_allow_restart")[1])  # (status, value)
        return run(self, **kwargs)

    monkeypatch.setattr(backends.LiveSession, "run", spy)
    LiveModel(load("multi-team-q4"), Settings(objective="point")).beats_at_some_impact_factor("in-trial-upsell", 5.0, 0.0)
    assert restarts == [False]


def _option_by_kind_of_run(monkeypatch, option: str) -> dict[str, list]:
    """The value a HiGHS option had in each kind of run on onboarding-q3 (point model): the plan's
    own solve, a forced re-solve from a start (as explain asks it), a frontier level (no start)
    and a decision (a cutoff), as each run set it."""
    from planner.optimizer import backends

    seen = {"plan": [], "forced": [], "level": [], "decision": []}
    call_solver, run = backends._HiGHSFromStart.callSolver, backends.LiveSession.run

    def solver_spy(self, lp):
        seen["plan"].append(lp.solverModel.getOptionValue(option)[1])  # (status, value)
        return call_solver(self, lp)

    def run_spy(self, **kwargs):
        outcome = run(self, **kwargs)  # the option as this run set it
        if kwargs["mip"]:
            kind = ("decision" if kwargs.get("cutoff") is not None else
                    "level" if kwargs.get("start") is None else "forced")
            seen[kind].append(self.highs.getOptionValue(option)[1])
        return outcome

    monkeypatch.setattr(backends._HiGHSFromStart, "callSolver", solver_spy)
    monkeypatch.setattr(backends.LiveSession, "run", run_spy)
    scenario = load("onboarding-q3")
    base = optimize(scenario, Settings(objective="point"))
    live = LiveModel(scenario, Settings(objective="point"))
    live.solve(Edits(force_in=("sso",)), start=base.selected)
    live.solve(Edits(capacity=(("growth", 30.0),)))
    live.beats(base.value - 0.01, Edits(force_in=("sso",)))
    return seen


def test_the_feasibility_jump_runs_only_where_no_plan_is_given_to_start_from(monkeypatch):
    """The feasibility jump looks for a first plan, about 3 ms a run whatever the model's size. A
    what-if given a start runs without it (the bundled scenarios' explanations took 0.60-0.82x the
    time); one given none, as a frontier level, and the plan's own solve keep it (bench/README.md)."""
    from planner.optimizer import backends

    jumps = _option_by_kind_of_run(monkeypatch, backends.FEASIBILITY_JUMP)
    assert (jumps["plan"], jumps["forced"], jumps["level"]) == ([True], [False], [True])


def test_a_smaller_cut_pool_where_a_what_if_optimizes(monkeypatch):
    """A what-if that optimizes keeps fewer cuts in HiGHS's pool: 500 from nothing (a frontier
    level: its solves took 0.77-0.99x at N = 200), 2,000 from a start (a forced re-solve: a median
    0.90-0.96x against 10,000); a decision keeps HiGHS's 10,000, as does the plan's own solve
    (bench/README.md)."""
    from planner.optimizer import backends

    pools = _option_by_kind_of_run(monkeypatch, backends.CUT_POOL)
    assert pools == {"plan": [10000], "level": [500], "forced": [2000], "decision": [10000]}


@pytest.mark.parametrize("solver", _engines())
def test_what_the_engine_claims_is_the_plans_value(solver, monkeypatch):
    """Every live answer's claimed value (the engine's objective with the effort tie-break added
    back) is the evaluator's value of its plan: the tie-break is taken back by its size, whatever
    sense the engine keeps its costs in (HiGHS minimizes, CPLEX and Gurobi maximize). A mistake
    there is off by the tie-break itself; the engine's own error is about 2e-9 (HiGHS 1.16 without
    its feasibility jump returned plans 2e-9 below their claim), under a tenth of the tie-break here."""
    from planner.optimizer import live as live_module
    from planner.optimizer.formulation import EFFORT_TIEBREAK

    claims = []
    checked = live_module.checked_plan

    def spy(*args, claimed, **kwargs):
        plan = checked(*args, claimed=claimed, **kwargs)
        claims.append((claimed, plan))
        return plan

    monkeypatch.setattr(live_module, "checked_plan", spy)
    scenario = synthetic(40, 3)
    effort = {x.id: x.total_effort for x in scenario.initiatives}
    live = LiveModel(scenario, Settings(objective="point", solver=solver))
    for i in sorted(effort)[:6]:
        live.solve(Edits(force_in=(i,)))
    assert len(claims) == 6
    for claimed, plan in claims:
        tie_break = EFFORT_TIEBREAK * sum(effort[i] for i in plan.selected) / sum(effort.values())
        assert tie_break > 2e-8  # so that a tenth of it is above the engine's accuracy
        assert claimed == pytest.approx(plan.value, abs=tie_break / 10)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_a_trade_off_check_keeps_the_deadline(solver):
    """Past the deadline, the check is undecided at once, on a live model of its own or on one
    optimized anew (CBC), as every other question is."""
    import time

    live = LiveModel(load("multi-team-q4"), Settings(objective="point", solver=solver), deadline=time.time() - 1)
    with pytest.raises(Undecided):
        live.beats_at_some_impact_factor("in-trial-upsell", 5.0, 0.0)
