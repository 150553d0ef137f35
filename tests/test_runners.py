"""The notebooks under the runner people reach for first, with its defaults:
`jupyter nbconvert --to notebook --execute NOTEBOOK`, which waits for each cell with no time
limit. The lessons with sliders run to their end, and an exercise copy stops at its first blank
with the check's sentence (with --allow-errors it runs to its end, through its sliders).

They once did not: ipywidgets' interactive let the front end capture the sliders' figure, and
nbclient (under nbconvert, papermill and myst-nb), acting as that front end, sent a message to
the kernel for each captured output while it waited for the cell's reply; the send could
swallow the reply's wake-up, and the run then waited forever after a slider cell, in about
half the runs of lesson 1 (nbclient issue 312). sliders.py now records the outputs in the
kernel. The last test makes that failure near certain: ten slider cells whose function shows
50 outputs each hung nbconvert in 6 runs of 6 with the old sliders.py; they take 3 s now.

A hang has no end, so each run gets a generous limit; a normal run takes a few seconds.
Slow (about 30 s in all): `make test-reproducible` runs it.
"""

import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from exercises import render_exercises
from layout import exercise_copy_of, lessons
from neuron_to_backprop import check

pytestmark = pytest.mark.slow

JUPYTER = Path(sys.executable).parent / "jupyter"  # this environment's, as a learner types it
HUNG = 60  # seconds: a run still going then is taken as hung (they take 3-15 s)
WITH_SLIDERS = [path for path in lessons() if "sliders.show(" in path.read_text()]


def nbconvert(path, output_dir, *options):
    """Run `jupyter nbconvert --to notebook --execute` on ``path`` with its defaults (plus
    ``options``); the result and the notebook it wrote. Fails the test if it is still running
    after HUNG seconds."""
    command = [JUPYTER, "nbconvert", "--to", "notebook", "--execute", *options]
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [*command, "--output-dir", output_dir, path],
            capture_output=True,
            text=True,
            timeout=HUNG,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: nbconvert still running after {HUNG} s: hung")
    seconds = time.perf_counter() - start
    written = Path(output_dir, path.name)
    return result, seconds, nbformat.read(written, as_version=4) if written.exists() else None


def code_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]


@pytest.mark.parametrize("lesson", WITH_SLIDERS, ids=[p.name for p in WITH_SLIDERS])
def test_a_lesson_with_sliders_runs_to_its_end(lesson, tmp_path):
    result, seconds, executed = nbconvert(lesson, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    not_run = [c.source for c in code_cells(executed) if c.execution_count is None]
    assert not not_run, f"{lesson.name} ({seconds:.1f} s): cells not run: {not_run}"


@pytest.fixture(scope="module")
def copy_with_sliders(tmp_path_factory):
    """The exercise copy of the first lesson with sliders, as tools/exercises.py writes it
    (answers a learner saved on disk must not change the test), in a folder of its own."""
    copy = exercise_copy_of(WITH_SLIDERS[0])
    path = tmp_path_factory.mktemp("exercises") / copy.name
    path.write_text(render_exercises()[copy])
    return path


def test_an_exercise_copy_stops_at_its_first_blank(copy_with_sliders, tmp_path):
    """What a copy is for: nbconvert stops at the first unfilled check, saying what to do."""
    result, seconds, _ = nbconvert(copy_with_sliders, tmp_path)
    assert result.returncode != 0
    assert "CellExecutionError" in result.stderr
    assert check.STOPPED in result.stderr, result.stderr[-2000:]


def test_an_exercise_copy_runs_to_its_end_with_allow_errors(copy_with_sliders, tmp_path):
    result, seconds, executed = nbconvert(copy_with_sliders, tmp_path, "--allow-errors")
    assert result.returncode == 0, result.stderr[-2000:]
    cells = code_cells(executed)
    assert all(c.execution_count is not None for c in cells)
    stopped = [c for c in cells if any(o.get("ename") == "Stop" for o in c.outputs)]
    sliders = [c for c in cells if "sliders.show(" in c.source]
    assert stopped and sliders, (len(stopped), len(sliders))
    assert all("[Sliders:" in str(c.outputs) for c in sliders), "the sliders did not show"


MANY_OUTPUTS = """\
import ipywidgets
from IPython.display import display

from neuron_to_backprop import sliders


def show_many(x=1.0):
    for line in range(50):
        display(f"output {line} at x = {x}")
"""


def test_sliders_whose_function_shows_many_outputs(tmp_path):
    """Ten slider cells, each function call showing 50 outputs: the old sliders hung here
    almost every time. The sliders' outputs are in the widget's state, in order."""
    notebook = nbformat.read(WITH_SLIDERS[0], as_version=4)  # its kernel and language
    notebook.cells = [nbformat.v4.new_code_cell(MANY_OUTPUTS)] + [
        nbformat.v4.new_code_cell("sliders.show(show_many, x=ipywidgets.FloatSlider(value=2.0))")
        for _ in range(10)
    ]
    path = tmp_path / "many_outputs.ipynb"
    nbformat.write(notebook, path)
    result, seconds, executed = nbconvert(path, tmp_path / "executed")
    assert result.returncode == 0, result.stderr[-2000:]
    state = executed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    shown = [m["state"]["outputs"] for m in state.values() if m["model_name"] == "OutputModel"]
    expected = [f"'output {line} at x = 2.0'" for line in range(50)]
    assert len(shown) == 10
    assert all([o["data"]["text/plain"] for o in outputs] == expected for outputs in shown)
