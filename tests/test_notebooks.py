"""Every notebook runs top to bottom with the public API, in a real kernel, and its last cell
checks its numbers (a notebook that shows a wrong number fails)."""

from __future__ import annotations

import pytest

from support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"plan-a-quarter.ipynb", "compare-roadmap-options.ipynb",
                                          "start-from-your-scenario.ipynb", "mid-quarter-check-in.ipynb"}


@pytest.fixture(scope="module")
def kernel():
    """One Python kernel for the module's notebooks, started in notebooks/ (a start costs a second
    or two); each notebook runs after `%reset -f`, so none sees another's variables."""
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(ROOT / "notebooks"))
    yield manager
    manager.shutdown_kernel(now=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_checks_its_numbers(path, kernel):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[-1].source.count("assert ") >= 4, "the last cell checks the numbers shown above"
    notebook.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))  # a clean namespace in the shared kernel
    # execute() raises CellExecutionError on the first failing cell, asserts included.
    NotebookClient(notebook, km=kernel, timeout=600, kernel_name="python3").execute()
    images = [o for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images, "the notebook should show its charts"
