"""Break-evens (how much more impact, or less effort, brings a cut initiative in), checked
against brute force, with the proofs and shortcuts that settle them without a decision."""

from __future__ import annotations

import pytest

from support import (HUNDREDTHS, POINT, SPLIT_NEEDS_ITS_EFFORT, brute_enters, brute_entering_fractions, load, small,
                     synthetic)
from planner.break_even import EFFORT_PRECISION, IMPACT_PRECISION
from planner.explain import explain
from planner.optimizer import Edits, optimize
from planner.settings import Settings


def test_break_even_flips_at_the_stated_value_and_not_before(explained):
    scenario, e = explained
    checked = 0
    for x in e.initiatives:
        if x.selected or x.break_even is None:
            continue
        m = x.break_even.impact.value
        if m is not None:
            assert brute_enters(scenario.with_impacts_scaled(x.initiative_id, m), x.initiative_id)
            assert not brute_enters(scenario.with_impacts_scaled(x.initiative_id, m / (1 + IMPACT_PRECISION)), x.initiative_id)
            checked += 1
        f, out = x.break_even.effort.value, x.break_even.effort.other_end
        if f is not None:  # it enters at f, and at no fraction from `out` up (the largest fraction that brings it in)
            assert brute_enters(scenario.with_effort_scaled(x.initiative_id, f), x.initiative_id)
            assert out <= f + EFFORT_PRECISION + 1e-9
            assert not [g for g in brute_entering_fractions(scenario, x.initiative_id, HUNDREDTHS) if g >= out]
            checked += 1
    assert checked >= 2  # the fixture has initiatives that a change would bring in


def test_the_impact_floor_settles_a_break_even_without_a_decision(monkeypatch):
    """The nine-initiative quarter's onboarding revamp: the forced re-solve's bound and how fast
    its impacts move the score prove it stays out up to 1.444x its impacts, and the forced plan
    brings it in at 1.459x: within 5%, so the break-even needs no decision. Brute force agrees
    on both ends, and the floor is tight: it enters from 1.45x."""
    from planner.break_even import _impact_break_even
    from planner.explain import forcing_answer
    from planner.optimizer import LiveModel
    from planner.whatif import WhatIfs

    scenario = small()
    base = optimize(scenario, POINT)
    context = WhatIfs(scenario, POINT, base)
    answer, forced = forcing_answer(context, "onboarding")
    decisions = []
    for question in ("beats", "beats_at_some_impact_factor", "bound"):
        monkeypatch.setattr(LiveModel, question, lambda self, *a, **k: decisions.append(a))
    high, low, settled = _impact_break_even(context, "onboarding", answer.counterfactual, forced)
    assert settled and decisions == []
    assert (round(low, 3), round(high, 3)) == (1.444, 1.459)
    assert not brute_enters(scenario.with_impacts_scaled("onboarding", low), "onboarding")
    assert brute_enters(scenario.with_impacts_scaled("onboarding", 1.45), "onboarding")
    assert brute_enters(scenario.with_impacts_scaled("onboarding", high), "onboarding")


def test_effort_searches_that_try_near_their_last_witness_reach_the_same_brackets(monkeypatch):
    """On scenarios of `NEIGHBOURHOOD_FROM` initiatives or more, an effort search first asks near
    its last witness, a quicker question whose plans are real. Forced on for multi-team-q4's 13
    cut initiatives, the tries find plans, and every bracket overlaps the one searched without
    them (each is within 5% of the same answer; brute force checks both in test_properties)."""
    from planner import break_even, forcing
    from planner.whatif import WhatIfs

    scenario = load("multi-team-q4")
    base = optimize(scenario, POINT)
    context = WhatIfs(scenario, POINT, base)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected]
    plain = {i: break_even._effort_break_even(context, i) for i in cut}
    found = []
    near = break_even._Entry.near_the_last_witness

    def counted(self, lower):
        found.append(near(self, lower))
        return found[-1]

    monkeypatch.setattr(break_even._Entry, "near_the_last_witness", counted)
    monkeypatch.setattr(forcing, "NEIGHBOURHOOD_FROM", 0)
    for i in cut:
        low, high, settled = break_even._effort_break_even(context, i)
        plain_low, plain_high, plain_settled = plain[i]
        assert settled and plain_settled
        assert (low is None) == (plain_low is None), i
        if low is not None:
            assert low < plain_high + 1e-9 and plain_low < high + 1e-9, (i, plain[i], (low, high))
    assert len(cut) == 13 and sum(f is not None for f in found) >= 5


def test_the_effort_break_even_is_the_largest_fraction_that_brings_it_in_where_the_split_needs_its_effort():
    """Less effort does not always help: a tier's minimum share counts the initiative's own
    effort. The exit survey enters when free and up to 0.14 of its effort, stays out from 0.15,
    and enters again at 0.4 (brute force). A bisection over single fractions stopped in the first
    stretch and said "at 0.14" (0.7 person-weeks); the answer is the largest fraction, 0.4 (2
    person-weeks), found by asking "does some fraction from g up bring it in?", which is monotone."""
    from planner.optimizer import less_effort_only_helps
    from planner.phrasing import answer_sentence
    from planner.validation import build_scenario

    scenario = build_scenario(SPLIT_NEEDS_ITS_EFFORT)
    e = explain(scenario, POINT)
    assert e.base.selected == ("dunning-fix", "pricing-page")
    entering = brute_entering_fractions(scenario, "exit-survey", HUNDREDTHS)
    assert 0.14 in entering and 0.2 not in entering and max(entering) == 0.4  # pinned: not monotone
    assert not less_effort_only_helps(scenario, "exit-survey")
    effort = e.initiative("exit-survey").break_even.effort
    assert effort.proven and effort.value == pytest.approx(0.4) and 0.4 < effort.other_end <= 0.45 + 1e-9
    for x in e.initiatives:
        if not x.selected:
            enters = brute_entering_fractions(scenario, x.initiative_id, HUNDREDTHS)
            assert max(enters) - EFFORT_PRECISION - 1e-9 <= x.break_even.effort.value <= max(enters) + 0.01
    assert less_effort_only_helps(build_scenario({**SPLIT_NEEDS_ITS_EFFORT, "split": None}), "exit-survey")
    # The billing rewrite enters only when free: the sentence gives the effort proven to keep it out.
    assert brute_entering_fractions(scenario, "billing-rewrite", HUNDREDTHS) == [0.0]
    assert ("only if it took almost no effort (it stays out at 0.4 person-weeks or more)"
            in answer_sentence(e.base, e.initiative("billing-rewrite")))


def test_the_base_plan_with_it_added_proves_it_would_enter_when_free(monkeypatch):
    """Whether a cut initiative would come in at no effort is the effort search's first
    question. Where the base plan with it added (and its prerequisites, less what it excludes)
    meets every constraint at no effort and scores above the base, that plan proves "yes":
    no solve asks it. The break-evens still flip where stated (brute force, above)."""
    from planner.break_even import ENTERS, _effort_break_even
    from planner.optimizer.live import LiveModel
    from planner.whatif import WhatIfs

    scenario = synthetic(30, 3)
    context = WhatIfs(scenario, POINT, optimize(scenario, POINT))
    base = context.base
    asked: list[dict] = []
    decide = LiveModel.beats
    monkeypatch.setattr(LiveModel, "beats", lambda self, threshold, edits=Edits(), start=None: (
        asked.append(dict(edits.effort)) or decide(self, threshold, edits, start)))

    def added_scores_above_the_base_when_free(i: str) -> bool:
        added = sorted((set(base.selected) - scenario.exclusive_with(i)) | {i} | scenario.requirements(i))
        value = context.live.value(added, Edits(force_in=(i,), effort=((i, 0.0),)))
        return value is not None and value > base.value + ENTERS

    proven = [x for x in scenario.initiatives if x.id not in base.selected and added_scores_above_the_base_when_free(x.id)]
    assert len(proven) >= 3  # pinned: the fixture has such initiatives
    for x in proven:
        asked.clear()
        enters_at, stays_out_at, settled = _effort_break_even(context, x.id)
        assert settled and enters_at is not None and enters_at < stays_out_at
        assert {x.id: 0.0} not in asked


def test_a_trade_off_initiative_gets_the_least_factor_that_brings_it_in():
    """More of a trade-off is not always better: `promo` adds signups but costs activation, and
    signups cap at the target while activation keeps falling. So at 20x its impacts it stays out
    (where a bisection from 20x would have answered "never"), yet at about 7x it comes in. The
    break-even is the least factor (one MILP over the factor), checked by brute force."""
    import copy

    from support import SMALL
    from planner.validation import build_scenario

    doc = copy.deepcopy(SMALL)
    doc["initiatives"].append({"id": "promo", "title": "Promo", "effort": {"web": 4},
                               "impacts": {"signups": 12, "activation": -0.8}})
    scenario = build_scenario(doc)
    impact = explain(scenario, POINT, "promo").initiative("promo").break_even.impact
    assert impact.proven and impact.value / impact.other_end <= 1 + IMPACT_PRECISION + 1e-9
    assert not brute_enters(scenario.with_impacts_scaled("promo", 20.0), "promo")
    assert brute_enters(scenario.with_impacts_scaled("promo", impact.value), "promo")
    for factor in (1.0, 2.0, 4.0, 6.0, impact.other_end * 0.999):
        assert not brute_enters(scenario.with_impacts_scaled("promo", factor), "promo")


@pytest.mark.parametrize("name", ["onboarding-q3", "cloudsecure-q1"])
def test_the_point_model_guides_a_sampled_effort_search(name, monkeypatch):
    """Under a sample-average objective the point model answers each effort break-even first (a
    point decision costs a tenth of a sampled one) and the sampled search asks first where that
    answer ended, with the plans it found as witnesses. The answers are those of the search
    without the guide within the stated precision (the two brackets overlap), for fewer
    sampled decisions."""
    from planner import break_even as module
    from planner.optimizer import LiveModel
    from planner.whatif import WhatIfs

    scenario = load(name)
    settings = Settings(workers=1, samples=40)
    base = optimize(scenario, settings)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected and x.commit is None]
    asked = []  # for each decision: whether the sample-average model was asked

    def counting(decision):
        def counted(self, *args, **kwargs):
            asked.append(self.sampled is not None)
            return decision(self, *args, **kwargs)
        return counted

    for decision in ("beats", "beats_at_some_effort_fraction"):  # at one fraction, or at some fraction from one up
        monkeypatch.setattr(LiveModel, decision, counting(getattr(LiveModel, decision)))

    def searched() -> tuple[dict, int]:
        asked.clear()
        context = WhatIfs(scenario, settings, base)
        found = {i: module._effort_break_even(context, i) for i in cut}
        return found, sum(asked)

    guided, guided_decisions = searched()
    assert any(module._point_guide(WhatIfs(scenario, settings, base), i)[0] is not None for i in cut)
    monkeypatch.setattr(module, "_point_guide", lambda context, i: (None, []))
    plain, plain_decisions = searched()
    assert guided_decisions < plain_decisions
    for i in cut:
        (enters, out, settled), (plain_enters, plain_out, plain_settled) = guided[i], plain[i]
        assert settled and plain_settled
        assert (enters is None) == (plain_enters is None)
        if enters is not None:
            assert enters <= plain_out + 1e-9 and plain_enters <= out + 1e-9


def test_past_the_budget_one_quick_decision_settles_what_would_not_come_in_even_free():
    """Past an explanation's budget an effort break-even gets no search, only its first question
    (would it come in free, or at some fraction from there up?) asked once on the quick model.
    On the nine-initiative quarter at 80% of its capacity the LP relaxation proves nothing of
    `cache` (its bound with it free is above the base plan), and the decision says no fraction of
    its effort brings it in: brute force agrees. Without the decision it stayed unsettled."""
    from planner.break_even import _screened_entry, screened_effort_break_even
    from planner.results import Bounded
    from planner.whatif import WhatIfs

    scenario = small().with_capacity_scaled(0.8)
    context = WhatIfs(scenario, POINT, optimize(scenario, POINT))
    free = _screened_entry(context, "cache", None)
    assert free.live.bound(free.edits(effort=0.0)) > free.threshold  # the premise: the LP settles nothing
    assert screened_effort_break_even(context, "cache", None) == Bounded(None, 0.0, True)
    assert brute_entering_fractions(scenario, "cache", HUNDREDTHS) == []
