"""The layers hold: import-linter's contracts (pyproject.toml) are checked on every test run."""

from __future__ import annotations

import os

from support import ROOT


def test_import_contracts_are_kept(capsys):
    from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

    cwd = os.getcwd()
    os.chdir(ROOT)  # contracts are read from pyproject.toml
    try:
        status = lint_imports(no_cache=True, no_logo=True)
    finally:
        os.chdir(cwd)
    report = capsys.readouterr().out
    assert status == EXIT_STATUS_SUCCESS, report
    assert "BROKEN" not in report and report.count("KEPT") >= 6


def test_every_module_has_a_test_file():
    """The test tree mirrors the package: planner/x.py is tested in tests/test_x.py,
    planner/optimizer/x.py in tests/optimizer/test_x.py."""
    missing = []
    for module in sorted((ROOT / "planner").rglob("*.py")):
        relative = module.relative_to(ROOT / "planner")
        if relative.name in ("__init__.py", "__main__.py"):
            continue
        expected = ROOT / "tests" / relative.parent / f"test_{relative.name}"
        if not expected.is_file():
            missing.append(str(expected.relative_to(ROOT)))
    assert not missing, missing
