

def test_prices_cut_short_show_what_was_proven():
    from planner.explain import CapacityPrice, PolicyPrice
    from planner.views import NOT_SETTLED, capacity_gain_text, capacity_loss_text, policy_cost_text

    exact = CapacityPrice("growth", 1.0, 0.012, 0.02, (), ())
    assert capacity_gain_text(exact) == "+1.2 pts" and capacity_loss_text(exact, 40) == "-2.0 pts"
    ranged = CapacityPrice("growth", 1.0, 0.012, 0.02, (), (), proven=False, max_gain=0.03, min_loss=0.005)
    assert capacity_gain_text(ranged) == "+1.2 to +3.0 pts" and capacity_loss_text(ranged, 40) == "-2.0 to -0.5 pts"
    no_bound = CapacityPrice("growth", 1.0, 0.012, None, (), (), proven=False)  # CBC gives no bound
    assert capacity_gain_text(no_bound) == "≥ +1.2 pts" and capacity_loss_text(no_bound, 40) == NOT_SETTLED
    assert capacity_loss_text(no_bound, 0.5) == "-"  # less than one step of capacity: nothing to price
    assert policy_cost_text(PolicyPrice("split", None, proven=False)) == NOT_SETTLED
    assert policy_cost_text(PolicyPrice("split", None)) == "no plan without it either"
    assert policy_cost_text(PolicyPrice("split", 0.01, proven=False, max_cost=0.02), -1.0) == "-2.0 to -1.0 pts"


def test_who_enters_under_an_answer_cut_short_is_the_best_plan_found():
    from planner.views import ids_text

    assert ids_text(("a", "b")) == "a, b" and ids_text(()) == "-"
    assert ids_text(("a", "b"), proven=False) == "a, b (best found)" and ids_text((), proven=False) == "-"


def test_explain_view_marks_the_lists_of_prices_cut_short():
    from rich.console import Console

    from conftest import ROOT
    from planner.explain import CapacityPrice, Explanation, PolicyPrice
    from planner.loading import load_scenario
    from planner.optimizer import optimize
    from planner.views import explain_view
    from planner.whatif import Settings

    scenario = load_scenario(ROOT / "scenarios" / "onboarding-q3.yaml")
    base = optimize(scenario, objective="point")
    e = Explanation(base, Settings(objective="point"), (),
                    (CapacityPrice("growth", 1.0, 0.01, 0.02, ("sso",), ("tour",), proven=False, max_gain=0.02,
                                   min_loss=0.01),
                     CapacityPrice("platform", 1.0, 0.0, 0.0, ("api",), ("magic-link",))),
                    (PolicyPrice("split", 0.01, ("sso",), ("tour",), proven=False, max_cost=0.02),))
    console = Console(width=250, record=True)
    console.print(explain_view(e, scenario))
    text = console.export_text()
    assert text.count("(best found)") == 4 and "api (best found)" not in text and "magic-link (best found)" not in text
