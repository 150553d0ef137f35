"""Nothing a learner does is lost: a saved answer survives every make command.

The tests play a learner in a git clone of the series, made in a temporary folder: they fill in a
blank of an exercise copy, save it, run the make targets there and check the file byte for byte.
Executing a lesson takes seconds, so the test of `make execute` is slow (make test-reproducible).
`make lab` writes only into my-notebooks/, the learner's own folder (tools/my_notebooks.py): its
copies are tested here too, and tests/test_browser.py plays a learner in JupyterLab on them.
"""

import functools
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from exercises import MARK, blank_line, render_exercises
from generated import outdated, relative, replaceable, text
from layout import git
from make_runner import make as run_make
from my_notebooks import sync
from navigation import render
from progress import report

LESSON = "notebooks/04_gradient_descent.ipynb"
COPY = "notebooks/exercises/04_exercises_gradient_descent.ipynb"


def make(folder, *args):
    """`make ARGS` in ``folder``, with this interpreter's environment (-o: never build .venv;
    make test-matrix gives each Python its own)."""
    installed = ["-o", ".venv/.installed", "-o", ".venv/.installed-dev"]
    return run_make(folder, *installed, f"BIN={Path(sys.executable).parent}", *args)


@functools.cache
def made():
    """{path relative to the repository: text} of every file the tools generate, as they do now."""
    return {relative(path): saved for path, saved in {**render(), **render_exercises()}.items()}


def generated(folder):
    """{path: text} of every generated file of the series in ``folder``."""
    return {folder / name: saved for name, saved in made().items()}


@pytest.fixture
def clone(project_clone):
    """A git clone of the series whose last commit holds the generated files as the tools make
    them now."""
    for path, saved in generated(project_clone).items():
        path.write_text(saved, encoding="utf-8")
    git("commit", "--quiet", "--all", "--allow-empty", "-m", "generated", folder=project_clone)
    return project_clone


def answered(copy, lesson):
    """The text of the exercise copy ``copy`` with its first blank filled in from the lesson
    and its cell run, saved as JupyterLab saves it."""
    line = next(
        line
        for cell in nbformat.reads(lesson, as_version=4).cells
        if cell.cell_type == "code"
        for line in cell.source.split("\n")
        if MARK.match(line)
    )
    answer = MARK.match(line)
    notebook = nbformat.reads(copy, as_version=4)
    cell = next(c for c in notebook.cells if blank_line(line) in c.source)
    cell.source = cell.source.replace(blank_line(line), answer["indent"] + answer["code"], 1)
    cell.execution_count = 1
    return text(notebook)


def with_changed_cell(saved):
    """A notebook's text with the last cell of its text changed, as an edited lesson makes it."""
    notebook = nbformat.reads(saved, as_version=4)
    markdown = [c for c in notebook.cells if c.cell_type == "markdown"]
    markdown[-2].source += "\n\nOne more sentence."  # the last one is navigation
    return text(notebook)


def only_run(saved):
    """A notebook's text after Run All and save, nothing typed: execution counts and outputs."""
    notebook = nbformat.reads(saved, as_version=4)
    for count, cell in enumerate((c for c in notebook.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="out\n")]
    return text(notebook)


def test_a_copy_with_an_answer_is_kept_and_one_only_run_is_replaced():
    copy, lesson = made()[COPY], made()[LESSON]
    regenerated = with_changed_cell(copy)
    assert not replaceable(answered(copy, lesson), regenerated)
    assert replaceable(only_run(copy), regenerated)
    assert replaceable(copy, regenerated)


def test_a_lessons_cells_are_kept():
    """The tools replace a lesson's outputs and navigation, never a cell typed in it."""
    lesson = made()[LESSON]
    assert replaceable(lesson, only_run(lesson))  # make execute's outputs
    assert replaceable(with_changed_cell(lesson), only_run(with_changed_cell(lesson)))
    assert not replaceable(with_changed_cell(lesson), lesson)  # changed while make execute ran


def test_the_staleness_check_passes_saved_answers_and_catches_a_copy_not_regenerated(clone):
    copy, fresh, lesson = clone / COPY, made()[COPY], made()[LESSON]
    copy.write_text(answered(fresh, lesson), encoding="utf-8")
    assert outdated({copy: fresh}) == []  # the learner's answers: git's copy is current
    newer = with_changed_cell(fresh)  # what the tool makes after a lesson changed
    assert outdated({copy: newer}) == [copy]
    copy.write_text(newer, encoding="utf-8")
    assert outdated({copy: newer}) == []  # regenerated, to be committed with the lesson
    git("checkout", "--", COPY, folder=clone)
    assert outdated({copy: newer}) == [copy]  # a clean clone (CI) of a commit that forgot it
    # Outside a git clone (a downloaded zip), a copy with answers is the learner's.
    shutil.rmtree(clone / ".git")
    copy.write_text(answered(fresh, lesson), encoding="utf-8")
    assert outdated({copy: newer}) == []
    copy.write_text(fresh, encoding="utf-8")
    assert outdated({copy: newer}) == [copy]


def test_a_saved_answer_survives_make_exercises_and_navigation(clone):
    copy = clone / COPY
    copy.write_text(answered(made()[COPY], made()[LESSON]), encoding="utf-8")
    saved = copy.read_bytes()
    result = make(clone, "exercises")  # runs tools/navigation.py first, as make navigation
    assert "tools/navigation.py" in result.stdout and result.returncode == 0  # not a failure
    assert f"  {COPY}\n" in result.stderr and "make exercises OVERWRITE=1" in result.stderr
    assert copy.read_bytes() == saved
    assert outdated(generated(clone)) == []  # what make test checks: the answers do not fail it
    assert git("status", "--porcelain", folder=clone) == f" M {COPY}\n"


@pytest.mark.slow
def test_a_saved_answer_survives_make_execute_and_overwrite_needs_to_be_asked_for(clone):
    copy = clone / COPY
    copy.write_text(answered(made()[COPY], made()[LESSON]), encoding="utf-8")
    saved = copy.read_bytes()
    result = make(clone, "execute", f"NOTEBOOKS={LESSON}")
    assert f"executing {LESSON}" in result.stdout and result.returncode == 0
    assert f"  {COPY}\n" in result.stderr and "make exercises OVERWRITE=1" in result.stderr
    assert copy.read_bytes() == saved
    result = make(clone, "exercises", "OVERWRITE=1")
    assert result.returncode == 0 and copy.read_text(encoding="utf-8") == made()[COPY]


@pytest.mark.slow
def test_a_maintainer_edits_a_lesson_twice_and_forgetting_make_exercises_fails_make_test(clone):
    """The copies stay writable while a lesson is worked on; the staleness test of make test
    fails on a commit of the lesson without its copy, as CI sees it."""
    lesson = clone / LESSON
    for _ in range(2):  # the second run overwrites the copy the first one wrote
        lesson.write_text(with_changed_cell(lesson.read_text(encoding="utf-8")), encoding="utf-8")
        assert make(clone, "exercises").returncode == 0
    assert (clone / COPY).read_text(encoding="utf-8").count("One more sentence") == 2
    git("checkout", "--", COPY, folder=clone)
    git("commit", "--quiet", "--all", "--message", "a lesson without its copy", folder=clone)
    staleness = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    result = subprocess.run(
        [*staleness, "tests/test_generated.py", "-k", "current"],
        cwd=clone,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and f"['{COPY}']: neither" in result.stdout


def test_make_lab_copies_the_series_into_my_notebooks_and_git_does_not_see_them(clone):
    subprocess.run([sys.executable, "tools/my_notebooks.py"], cwd=clone, check=True)
    assert (clone / "my-notebooks" / COPY.removeprefix("notebooks/")).is_file()
    assert (clone / "my-notebooks" / "contents.ipynb").is_file()
    assert git("status", "--porcelain", "--untracked-files=all", folder=clone) == ""


def test_my_notebooks_keep_every_answer_and_take_the_series_new_versions(tmp_path):
    series, mine = tmp_path / "notebooks", tmp_path / "my-notebooks"
    for name in (LESSON, COPY):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(made()[name], encoding="utf-8")
    lesson, copy = (
        (mine / LESSON.removeprefix("notebooks/")),
        (mine / COPY.removeprefix("notebooks/")),
    )
    assert sync(series, mine) == ([lesson, copy], [])  # the first make lab copies both
    assert sync(series, mine) == ([], [])  # nothing changed: nothing written
    # The learner runs the lesson and answers a blank; their outputs and answer stay.
    lesson.write_text(only_run(lesson.read_text(encoding="utf-8")), encoding="utf-8")
    copy.write_text(answered(copy.read_text(encoding="utf-8"), made()[LESSON]), encoding="utf-8")
    ran, answer = lesson.read_bytes(), copy.read_bytes()
    assert sync(series, mine) == ([], [])
    assert (lesson.read_bytes(), copy.read_bytes()) == (ran, answer)
    # The series changes both: the lesson only run takes the new version, the answers are kept.
    for name in (LESSON, COPY):
        (tmp_path / name).write_text(with_changed_cell(made()[name]), encoding="utf-8")
    assert sync(series, mine) == ([lesson], [(copy, series / COPY.removeprefix("notebooks/"))])
    assert "One more sentence" in lesson.read_text(encoding="utf-8")
    assert copy.read_bytes() == answer
    copy.write_text("{ not a notebook any more", encoding="utf-8")  # broken by hand: kept too
    assert sync(series, mine)[1] == [(copy, series / COPY.removeprefix("notebooks/"))]
    assert copy.read_text(encoding="utf-8") == "{ not a notebook any more"


def test_progress_reads_each_checks_saved_verdict(tmp_path):
    notebook = nbformat.reads(made()[COPY], as_version=4)
    checks = [c for c in notebook.cells if "self-check" in c.metadata.get("tags", [])]
    said = {0: "✓ error_slope: right\n", 1: "✗ descend: the path is wrong\n"}
    for index, printed in said.items():
        checks[index].outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    (tmp_path / "04_exercises_gradient_descent.ipynb").write_text(text(notebook))
    lines = report(tmp_path)
    assert (
        lines[1]
        == f"04. Find the minimum of y = x^2 by gradient descent: 1 of {len(checks)} checks right"
    )
    assert lines[2].split()[:6] == ["✓", "error_slope", "✗", "descend", "·", "weight_after"]
    assert report(tmp_path / "none")[0].startswith("No exercise copies")
