"""Generated files: navigation, contents and exercise copies are current, and the copies work."""

import json

import nbformat
import pytest

from execute import run
from exercises import MARK, blank_line, render_exercises
from navigation import NOTEBOOKS, render, stale

EXERCISE_COPIES = sorted((NOTEBOOKS / "exercises").glob("[0-9][0-9]_*.ipynb"))
by_name = pytest.mark.parametrize("path", EXERCISE_COPIES, ids=[p.name for p in EXERCISE_COPIES])


@pytest.mark.parametrize(
    ("render_files", "command"),
    [(render, "make navigation"), (render_exercises, "make exercises")],
    ids=["navigation", "exercises"],
)
def test_committed_copies_are_current(render_files, command):
    names = [path.name for path in stale(render_files())]
    assert not names, f"stale: {names}; run `{command}` and commit"


def test_every_lesson_has_an_exercise_copy():
    lessons = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in EXERCISE_COPIES] == lessons


@pytest.mark.parametrize(
    ("line", "blank"),
    [
        ("    a = x @ w  # exercise: the dot product", "    a = ...  # TODO: the dot product"),
        ("    return 2 * x  # exercise: the slope", "    return ...  # TODO: the slope"),
        ("    pgm.add_edge(a, b)  # exercise: an edge", "    ...  # TODO: an edge"),
        ("    w[0] = 1  # exercise: set it", "    w[0] = ...  # TODO: set it"),
        ("    ok = a == b  # exercise: compare", "    ok = ...  # TODO: compare"),
        ("    x = 1  # an ordinary comment", "    x = 1  # an ordinary comment"),
    ],
)
def test_a_marked_line_becomes_a_blank(line, blank):
    assert blank_line(line) == blank


@by_name
def test_copies_hold_blanks_and_no_answers(path):
    notebook = json.loads(path.read_text())
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert any("# TODO:" in source for source in code)
    assert not any(MARK.search(line) for source in code for line in source.splitlines())
    assert all(
        not c["outputs"] and c["execution_count"] is None
        for c in notebook["cells"]
        if c["cell_type"] == "code"
    )


@by_name
def test_every_self_check_fails_on_the_blanks(path):
    """Run the copy as a learner who fills in nothing: every check must say what is wrong."""
    notebook = run(nbformat.read(path, as_version=4), path.parent, allow_errors=True)
    checks = [c for c in notebook.cells if "self-check" in c.metadata.get("tags", [])]
    assert checks
    for cell in checks:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        lines = printed.splitlines()
        assert lines and all(line.startswith("✗") for line in lines), (cell.source, cell.outputs)
