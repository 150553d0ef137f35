"""Cells are safe to re-run: after Run All, running any cell again shows the output it stored.

A learner runs a notebook, then goes back and runs an earlier cell again. If a later cell has
rebound a name that the earlier cell reads, the earlier cell now prints or draws something else
(notebook 5 once printed a loss of 67.47 where it had shown 9,348,728.05). Each lesson is run
top to bottom in one kernel, then every code cell is run again, last to first, in the same
kernel: each cell runs again after every later cell has, so any such rebinding shows. The new
outputs are compared with the stored ones as nbval compares them (text exactly, figures within
conftest's tolerance), with the same exempt cells. Slow: `make test-reproducible` runs it.
"""

from types import SimpleNamespace

import nbformat
import pytest
from conftest import compare_figures
from nbclient import NotebookClient
from test_notebooks import is_exempt

from execute import start_kernel
from navigation import series

pytestmark = pytest.mark.slow


def text(outputs):
    """What the outputs show as text, images left out (as nbval compares them)."""
    shown = []
    for output in outputs:
        shown.append(output.get("text", ""))
        shown.extend(v for k, v in output.get("data", {}).items() if not k.startswith("image/"))
    return "".join(shown)


def rerun_differences(path):
    """Sentences naming each code cell of the notebook at ``path`` whose output changes when it
    is run again after Run All (cells in reverse order, one kernel); none if all are safe."""
    notebook = nbformat.read(path, as_version=4)
    stored = {i: cell.outputs for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"}
    manager, client = start_kernel(path.parent)
    executor = NotebookClient(notebook, km=manager, timeout=120, allow_errors=True)
    executor.kc = client
    try:
        for index in stored:
            executor.execute_cell(notebook.cells[index], index)
        for index in reversed(stored):
            executor.execute_cell(notebook.cells[index], index)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    problems = []
    for index, outputs in stored.items():
        cell = notebook.cells[index]
        if is_exempt(path.name, cell.source):
            continue
        where = f"{path.name} cell {index} ({cell.source.splitlines()[0]!r}...)"
        if text(cell.outputs) != text(outputs):
            problems.append(
                f"{where} shows other text when run again:\n"
                f"  stored: {text(outputs)[:300]!r}\n  again:  {text(cell.outputs)[:300]!r}"
            )
        as_cell = SimpleNamespace(fspath=path, cell_num=index)
        problems += [f"{where}: {p}" for p in compare_figures(as_cell, cell.outputs, outputs)]
    return problems


@pytest.mark.parametrize("path", series(), ids=lambda path: path.name)
def test_every_cell_shows_its_output_when_run_again(path):
    problems = rerun_differences(path)
    assert not problems, (
        "these cells show something else when run again after Run All: a later cell rebinds a "
        "name they read (give the new value its own name), or they change what they show:\n"
        + "\n".join(problems)
    )


def test_the_check_catches_a_rebound_name(tmp_path):
    """The check itself fails on a planted error: a later cell rebinding what an earlier reads."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("loss = 2.5"),
        nbformat.v4.new_code_cell("print(loss)"),
        nbformat.v4.new_code_cell("loss = 0.1"),
    ]
    path = tmp_path / "planted.ipynb"
    executor = NotebookClient(notebook, kernel_name="python3")
    executor.execute(cwd=str(tmp_path))
    nbformat.write(notebook, path)
    problems = rerun_differences(path)
    assert len(problems) == 1 and "cell 1" in problems[0] and "'0.1\\n'" in problems[0], problems
