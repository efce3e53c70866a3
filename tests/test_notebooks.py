"""Every notebook runs top to bottom with the public API, in a real kernel, and its last cell
checks its numbers (a notebook that shows a wrong number fails)."""

from __future__ import annotations

import pytest

from support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"plan-a-quarter.ipynb", "compare-roadmap-options.ipynb",
                                          "start-from-your-scenario.ipynb", "mid-quarter-check-in.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_checks_its_numbers(path):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[-1].source.count("assert ") >= 4, "the last cell checks the numbers shown above"
    # execute() raises CellExecutionError on the first failing cell, asserts included.
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    images = [o for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images, "the notebook should show its charts"
