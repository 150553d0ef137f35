"""Cells are safe to re-run: after Run All, running any cell again shows the output it stored.

A learner runs a notebook, then goes back and runs a cell again. Two things can make it show
something else: a later cell has rebound a name the cell reads (notebook 5 once printed a loss
of 67.47 where it had shown 9,348,728.05), or the cell changes an object each time it runs
(adding the same edges to a diagram again), which shows in the cells after it. So each lesson
runs in one kernel in two passes: first every code cell twice in a row, top to bottom; then
every code cell again, last to first, so each runs after every later cell has. After each run,
the cell's outputs are compared with the stored ones as nbval compares them (text exactly,
figures within tools/figures.py's tolerance), with the same exempt cells. Slow: `make
test-reproducible` runs it.
"""

from types import SimpleNamespace

import nbformat
import pytest

from execute import notebook_client, run
from exempt import is_exempt
from figures import compare_figures
from layout import lessons

pytestmark = pytest.mark.slow


def text(outputs):
    """What the outputs show as text, images left out (as nbval compares them)."""
    shown = []
    for output in outputs:
        shown.append(output.get("text", ""))
        shown.extend(v for k, v in output.get("data", {}).items() if not k.startswith("image/"))
    return "".join(shown)


def rerun_differences(path):
    """Sentences naming each code cell of the notebook at ``path`` that shows something else when
    run twice in a row, or again after every later cell; none if all are safe."""
    notebook = nbformat.read(path, as_version=4)
    stored = {i: cell.outputs for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"}
    problems = []
    with notebook_client(notebook, path.parent, allow_errors=True) as runner:
        for when, order in [("run twice", list(stored)), ("run again", list(reversed(stored)))]:
            for index in order:
                runner.execute_cell(notebook.cells[index], index)
                if when == "run twice":
                    runner.execute_cell(notebook.cells[index], index)
                problems += differences(path, notebook.cells[index], index, stored[index], when)
    return problems


def differences(path, cell, index, stored, when):
    """Sentences saying how the outputs of ``cell`` differ from ``stored``; none if they match."""
    if is_exempt(path.name, cell.source):
        return []
    where = f"{path.name} cell {index} ({cell.source.splitlines()[0]!r}...), {when}"
    problems = []
    if text(cell.outputs) != text(stored):
        problems.append(
            f"{where}, shows other text:\n"
            f"  stored: {text(stored)[:300]!r}\n  now:    {text(cell.outputs)[:300]!r}"
        )
    as_cell = SimpleNamespace(fspath=path, cell_num=index)
    return problems + [f"{where}: {p}" for p in compare_figures(as_cell, cell.outputs, stored)]


@pytest.mark.parametrize("path", lessons(), ids=lambda path: path.name)
def test_every_cell_shows_its_output_when_run_again(path):
    problems = rerun_differences(path)
    assert not problems, (
        "these cells show something else when run again after Run All: a later cell rebinds a "
        "name they read (give the new value its own name), or a cell changes an object each time "
        "it runs (build it afresh in the cell, or work on a copy):\n" + "\n".join(problems)
    )


def planted(folder, *sources):
    """The problems the check finds in a notebook of these code cells, run once and stored."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    run(notebook, folder)
    nbformat.write(notebook, folder / "planted.ipynb")
    return rerun_differences(folder / "planted.ipynb")


def test_the_check_catches_a_rebound_name(tmp_path):
    """The check itself fails on planted errors: a later cell rebinding what an earlier reads,"""
    problems = planted(tmp_path, "loss = 2.5", "print(loss)", "loss = 0.1")
    assert len(problems) == 1 and "cell 1" in problems[0] and "'0.1\\n'" in problems[0], problems


def test_the_check_catches_a_cell_that_adds_to_an_object(tmp_path):
    """... and a cell that changes an object each time it runs."""
    problems = planted(tmp_path, "edges = []", "edges.append(('x1', 'a'))", "print(len(edges))")
    assert problems and "cell 2" in problems[0] and "'2\\n'" in problems[0], problems
