"""Hypothesis strategies: small random scenarios shaped like real quarters."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

TIERS = ("primary", "secondary", "exploration")


@st.composite
def scenario_dicts(draw, max_initiatives: int = 10, split: bool | None = None, commitments: bool = True,
                   guardrails_too: bool = True, guardrail_always: bool = False) -> dict:
    n_teams = draw(st.integers(1, 3))
    teams = {f"t{j}": {"capacity": draw(st.integers(0, 30))} for j in range(n_teams)}
    objectives, krs = [], []
    for o in range(draw(st.integers(1, 3))):
        tier = TIERS[o] if o < 3 else "primary"
        items = []
        for k in range(draw(st.integers(1, 3))):
            baseline = draw(st.integers(0, 100))
            gap = draw(st.integers(1, 50)) * draw(st.sampled_from([1, -1]))
            kid = f"k{o}{k}"
            krs.append((kid, gap))
            items.append({"id": kid, "title": kid, "baseline": baseline, "target": baseline + gap,
                          "weight": draw(st.sampled_from([0.5, 1, 2]))})
        objectives.append({"id": f"o{o}", "title": f"o{o}", "tier": tier, "weight": draw(st.sampled_from([0.5, 1])),
                           "key_results": items})
    guardrails = []  # levels to hold, on the first objective, which initiatives may harm or help
    for g in range(1 if guardrail_always else draw(st.integers(0, 1)) if guardrails_too else 0):
        baseline = draw(st.integers(90, 100))
        hold = draw(st.sampled_from(["at_least", "at_most"]))
        level = baseline + draw(st.integers(-3, 3))
        guardrails.append((f"g{g}", hold))
        objectives[0]["key_results"].append({"id": f"g{g}", "title": f"g{g}", "baseline": baseline, "target": level,
                                             "guardrail": hold})
    initiatives = []
    n = draw(st.integers(1, max_initiatives))
    for i in range(n):
        effort = {t: draw(st.integers(0, 12)) for t in teams if draw(st.booleans())} or {"t0": draw(st.integers(1, 12))}
        impacts = {}
        for kid, gap in krs:
            if draw(st.integers(0, 3)) == 0:
                sign = 1 if gap > 0 else -1
                likely = sign * draw(st.integers(-2, 20)) / 10 * abs(gap) / 2
                impacts[kid] = likely
        for gid, _ in guardrails:
            if draw(st.integers(0, 2)) == 0:
                impacts[gid] = draw(st.integers(-4, 3))
        item = {"id": f"i{i}", "title": f"i{i}", "effort": effort, "impacts": impacts,
                "confidence": draw(st.sampled_from([1, 0.8, 0.5]))}
        if draw(st.integers(0, 4)) == 0:
            item["tier"] = draw(st.sampled_from(TIERS))
        if i > 0 and draw(st.integers(0, 5)) == 0:
            item["requires"] = [f"i{draw(st.integers(0, i - 1))}"]
        if i > 0 and draw(st.integers(0, 6)) == 0:
            other = f"i{draw(st.integers(0, i - 1))}"
            if other not in item.get("requires", []):
                item["excludes"] = [other]
        if commitments and draw(st.integers(0, 8)) == 0:
            item["commit"] = draw(st.sampled_from(["in", "out"]))
        initiatives.append(item)
    use_split = draw(st.booleans()) if split is None else split
    return {"version": 1, "name": "random", "teams": teams, "objectives": objectives,
            "initiatives": initiatives, "split": {"primary": 0.7, "secondary": 0.2, "exploration": 0.1,
                                                   "tolerance": 0.1} if use_split else "off"}


def valid_scenario(data: dict):
    """The scenario a drawn dict describes, or the draw discarded when validation refuses it:
    the strategy may draw contradictory commitments (two committed-in initiatives that exclude
    each other, one committed in that requires one committed out)."""
    from planner.errors import ScenarioError
    from planner.validation import build_scenario

    try:
        return build_scenario(data)
    except ScenarioError:
        assume(False)
