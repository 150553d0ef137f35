"""Each exercise copy, run as a learner runs it: untouched, then filled in one blank at a time.

Run All (JupyterLab's, and nbclient's without allow_errors) stops at the first cell that raises.
On an untouched copy that must be the self-check right after the first blank: it prints ✗ and
what to do ("fill in ..."), then one plain line instead of a traceback, and no cell before it
shows an error or a warning. Filling in that blank with the lesson's answer and running again
moves the stop to the check of the next blank, and so on: every cell with a blank is guarded by
a check that speaks before any cell the learner did not write can fail. With every blank filled
in, the copy runs to the end and every check says ✓. Slow (7 s): `make test-reproducible` runs it.
"""

import functools
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from execute import notebook_client
from exercises import render_exercises
from layout import exercise_copies, lesson_of
from neuron_to_backprop import check

pytestmark = pytest.mark.slow

COPIES = exercise_copies()


@functools.cache
def as_generated():
    """Each copy as the tool makes it: a learner's saved answers on disk must not change what
    these tests run."""
    return render_exercises()


def printed(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def is_check(cell):
    return "self-check" in cell.metadata.get("tags", [])


def has_blank(cell):
    return cell.cell_type == "code" and "# TODO:" in cell.source


def seen_at_stop(cells, index):
    """What the learner sees when Run All stops at cell ``index``; fails on anything alarming."""
    cell = cells[index]
    assert is_check(cell), f"Run All stopped at a cell that is not a check:\n{cell.source}"
    lines = printed(cell).splitlines()
    assert lines and lines[-1].startswith(check.WRONG), lines
    assert all(line.startswith(check.RIGHT) for line in lines[:-1]), lines
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert [(e.ename, e.traceback) for e in errors] == [("Stop", [check.STOPPED])]
    for before in cells[:index]:
        if before.cell_type == "code":
            kinds = [o.get("name", o.output_type) for o in before.outputs]
            assert "error" not in kinds and "stderr" not in kinds, (before.source, kinds)
            assert "Traceback" not in printed(before)
    return lines[-1]


def run_as_a_learner(path):
    """Run the copy at ``path``, fill in its first blank at each stop, run on from there; return
    the ✗ line of every stop, and the notebook at the end."""
    copy = nbformat.reads(as_generated()[path], as_version=4)
    answers = {c.id: c.source for c in nbformat.read(lesson_of(path), as_version=4).cells}
    stops, index = [], 0
    with notebook_client(copy, path.parent) as runner:
        while index < len(copy.cells):
            cell = copy.cells[index]
            try:
                if cell.cell_type == "code":
                    runner.execute_cell(cell, index)
                index += 1
            except CellExecutionError:
                stops.append((index, seen_at_stop(copy.cells, index)))
                blank = next((i for i, c in enumerate(copy.cells[:index]) if has_blank(c)), None)
                assert blank is not None, (
                    f"a check fails with every blank above it filled in:\n{stops[-1]}"
                )
                copy.cells[blank].source = answers[copy.cells[blank].id]
                index = blank
    return stops, copy


@functools.cache
def learner_runs():
    """{path: (cells with blanks, stops, notebook at the end)} of every copy, run at once: each
    in its own kernel, so that the waits for one overlap the work of another."""
    with ThreadPoolExecutor(max_workers=len(COPIES)) as pool:
        runs = dict(zip(COPIES, pool.map(run_as_a_learner, COPIES), strict=True))
    return {path: (blanks(path), *run) for path, run in runs.items()}


def blanks(path):
    cells = nbformat.reads(as_generated()[path], as_version=4).cells
    return [i for i, cell in enumerate(cells) if has_blank(cell)]


@pytest.fixture(params=COPIES, ids=[p.name for p in COPIES])
def learner_run(request):
    return learner_runs()[request.param]


def test_an_untouched_copy_stops_at_the_first_blank_and_says_fill_it_in(learner_run):
    blanks, stops, copy = learner_run
    first_check = next(i for i, c in enumerate(copy.cells) if i > blanks[0] and is_check(c))
    index, said = stops[0]
    assert index == first_check
    assert "fill in" in said, said


def test_every_blank_is_guarded_by_its_own_check(learner_run):
    """One stop per cell with blanks, each at the check that follows it, each saying to fill
    it in: no blank lets a cell the learner did not write fail first."""
    blanks, stops, copy = learner_run
    assert len(stops) == len(blanks), [said for _, said in stops]
    for blank, (index, said) in zip(blanks, stops, strict=True):
        assert index == next(i for i, c in enumerate(copy.cells) if i > blank and is_check(c))
        assert "fill in" in said, said


def test_with_every_blank_filled_in_the_copy_runs_to_the_end_with_every_check_right(learner_run):
    _, _, copy = learner_run
    for cell in copy.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
            if is_check(cell):
                lines = printed(cell).splitlines()
                assert lines and all(line.startswith(check.RIGHT) for line in lines), lines
