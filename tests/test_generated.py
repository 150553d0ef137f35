"""Generated files: navigation, contents and exercise copies are current, and the copies work."""

import functools
import json
import re

import nbformat
import pytest

from exercises import MARK, blank_line, render_exercises
from generated import is_navigation, outdated, relative
from layout import NOTATION, exercise_copies, lesson_of, lessons
from navigation import render

EXERCISE_COPIES = exercise_copies()
by_name = pytest.mark.parametrize("path", EXERCISE_COPIES, ids=[p.name for p in EXERCISE_COPIES])
# {path: text} of the generated files as the tools make them now
rendered_lessons, rendered_copies = functools.cache(render), functools.cache(render_exercises)


@pytest.mark.parametrize(
    ("render_files", "command"),
    [(render, "make navigation"), (render_exercises, "make exercises")],
    ids=["navigation", "exercises"],
)
def test_committed_copies_are_current(render_files, command):
    """What the tool makes now is on disk or in git's last commit. A learner's answers saved in
    a copy do not fail this; on a clean clone (CI), a file not regenerated does."""
    found = [relative(path) for path in outdated(render_files())]
    assert not found, (
        f"{found}: neither the file on disk nor the one in git's last commit is what "
        f"`{command}` makes from the lessons. For maintainers: after changing a lesson, run "
        f"`{command}` and commit its files with the lesson. (Working through the series? Your "
        "notebooks belong in my-notebooks/, which make lab copies for you: changes in "
        "notebooks/ are not needed there.)"
    )


def test_every_lesson_has_an_exercise_copy():
    assert [lesson_of(p) for p in EXERCISE_COPIES] == lessons()


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
    """As the tool makes them (the file on disk may hold a learner's answers)."""
    notebook = json.loads(rendered_copies()[path])
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert any("# TODO:" in source for source in code)
    assert not any(MARK.search(line) for source in code for line in source.splitlines())
    assert all(
        not c["outputs"] and c["execution_count"] is None
        for c in notebook["cells"]
        if c["cell_type"] == "code"
    )


def relative_links(cells):
    """The relative targets of the links and images in the markdown of ``cells``."""
    targets = [
        target
        for cell in cells
        if cell.cell_type == "markdown"
        for target in re.findall(r"\]\(([^)\s]+)", cell.source)
    ]
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]


def cells(saved):
    return nbformat.reads(saved, as_version=4).cells


def test_every_relative_link_of_every_notebook_leads_to_a_file():
    lessons = {path: saved for path, saved in rendered_lessons().items() if path.suffix == ".ipynb"}
    notebooks = {**lessons, **rendered_copies(), NOTATION: NOTATION.read_text()}
    missing = [
        f"{relative(path)} -> {link}"
        for path, saved in notebooks.items()
        for link in relative_links(cells(saved))
        if not (path.parent / link.split("#")[0]).is_file()
    ]
    assert len(notebooks) == 2 * len(EXERCISE_COPIES) + 2
    assert not missing, missing


@by_name
def test_the_lessons_links_lead_to_the_same_files_from_its_exercise_copy(path):
    """A lesson's "Prerequisites" open the lessons, not exercise copies, from the copy too."""
    lesson, copy = lesson_of(path), path

    def targets(notebook, saved):
        text = [c for c in cells(saved) if not is_navigation(c) and c.id != "exercise-intro"]
        return [(notebook.parent / link.split("#")[0]).resolve() for link in relative_links(text)]

    in_lesson = targets(lesson, rendered_lessons()[lesson])
    assert targets(copy, rendered_copies()[copy]) == in_lesson
