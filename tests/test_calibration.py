"""Calibration: the factor and its interval, checked by hand and on simulated histories whose true
bias is known; and what applying it does to a scenario's estimates."""

from __future__ import annotations

import numpy as np
import pytest
from support import ROOT, small

from planner.calibration import calibrate, calibrated, fit
from planner.checkin import CheckIn, Progress, Status
from planner.model import frozen_map


def test_the_factor_is_the_slope_through_the_origin_by_hand():
    f = fit([(1.0, 0.5), (2.0, 1.3), (0.5, 0.2)])
    slope = (1 * 0.5 + 2 * 1.3 + 0.5 * 0.2) / (1 + 4 + 0.25)
    assert f.value == pytest.approx(slope) and f.observations == 3 and f.low < slope < f.high
    assert fit([]).value is None and fit([(0.0, 1.0)]).value is None  # nothing delivered: nothing learned
    one = fit([(2.0, 1.0)])
    assert one.value == 0.5 and one.low is None  # one KR: a factor, and no way to say how sure


def _simulated_quarter(rng, truth: float):
    """onboarding-sized history: every initiative delivered; each KR moves `truth` times what its
    delivered initiatives were estimated to move, with noise of 15% of its gap."""
    s = small()
    done = {x.id: Progress(Status.DONE, frozen_map(dict(x.effort))) for x in s.initiatives}
    values = {}
    for kr in s.key_results:
        estimated = sum(x.impacts[kr.id].mean for x in s.initiatives if kr.id in x.impacts)
        values[kr.id] = kr.baseline + truth * estimated + rng.normal(0, 0.15 * abs(kr.gap))
    return s, CheckIn(week=13, key_results=frozen_map(values), initiatives=frozen_map(done))


def test_calibration_recovers_a_known_bias_within_its_stated_interval():
    """Delivered impact truly 0.6x the estimate: over 200 seeded histories of three quarters, the
    95% interval holds 0.6 in at least 90% of them."""
    held = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        result = calibrate([_simulated_quarter(rng, 0.6) for _ in range(3)])
        f = result.overall
        held += f.low <= 0.6 <= f.high
    assert held >= 180, held


def test_applying_a_calibration_scales_the_likely_value_and_widens_the_range():
    s = small()
    c = calibrated(s, 0.6, 0.4, 0.8)
    for x, y in zip(s.initiatives, c.initiatives):
        for kr_id, e in x.impacts.items():
            scaled = y.impacts[kr_id]
            assert scaled.likely == pytest.approx(0.6 * e.likely)
            assert scaled.low <= min(0.4 * e.low, 0.8 * e.low) + 1e-12
            assert scaled.high >= max(0.4 * e.high, 0.8 * e.high) - 1e-12
    assert "calibrated ×0.60" in c.name


def test_the_bundled_history_learns_that_estimates_ran_high():
    from planner import api

    result = api.calibrate([
        (ROOT / "scenarios" / "cloudsecure-history" / "q4-2026.yaml",
         ROOT / "scenarios" / "cloudsecure-history" / "q4-2026-final.yaml"),
        (ROOT / "scenarios" / "cloudsecure-q1.yaml", ROOT / "scenarios" / "cloudsecure-q1-checkins" / "final.yaml")])
    f = result.overall
    assert 0.5 < f.value < 0.8 and f.high < 1.0  # delivered work moved KRs about two thirds of its estimates
    assert len(result.quarters) == 2 and f.observations == 13  # resolution-rate moved with nothing delivered on it
    document = result.as_document()
    assert document["kind"] == "calibration" and set(document["by_tier"]) == {"primary", "secondary", "exploration"}


@pytest.mark.parametrize("numbers, words", [("factor: 1e308\nlow: -1e308\nhigh: 1e308", "less than or equal to 100"),
                                            ("factor: 0.6\nlow: 0.7\nhigh: 0.9", "must hold the factor")])
def test_a_calibration_file_out_of_bounds_is_refused(numbers, words, tmp_path):
    from planner.calibration import load_calibration
    from planner.errors import ScenarioError

    path = tmp_path / "calibration.yaml"
    path.write_text(f"version: 1\nkind: calibration\nlevel: 0.95\nquarters: []\n{numbers}\nobservations: 3\n")
    with pytest.raises(ScenarioError, match=words):
        load_calibration(path)
