"""Figures a reader can do without: each described, and colour never the only key to a legend.

Every figure carries a short alt text (what it shows) in its cell's metadata, where myst-nb reads it
(``{"mystnb": {"image": {"alt": ...}}}``). The lessons are read as JSON; the exercise copies as
tools/exercises.py makes them (the files on disk may hold a learner's answers). A copy is stored
without outputs, so its figures are the cells that show one in its lesson.
"""

import functools
import json
from itertools import combinations

import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from notebook_cells import alt_text, shows_figure

from exercises import render_exercises
from layout import exercise_copy_of, lessons
from lesson import shown_figures

LESSONS = lessons()
by_name = pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
rendered_copies = functools.cache(render_exercises)  # {path: text}, as the tool makes them

# Okabe & Ito's colours, told apart with the common colour-vision deficiencies, and black.
OKABE_ITO = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"}


def alt_problems(cells, figures):
    """What is wrong with the alt texts of ``cells`` whose ids ``figures`` show a figure."""
    problems, seen = [], {}
    for cell in cells:
        alt, name = alt_text(cell), f"cell {cell.get('id')}"
        if cell.get("id") in figures:
            if not (isinstance(alt, str) and alt.strip()):
                problems.append(f"{name} shows a figure but has no alt text")
        elif alt is not None:
            problems.append(f"{name} has an alt text but shows no figure (stale): {alt!r}")
        if alt and alt in seen:
            problems.append(f"{name} has the same alt text as cell {seen[alt]}: {alt!r}")
        elif alt:
            seen[alt] = cell.get("id")
    return problems


def lesson_cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def figure_ids(cells):
    return {cell["id"] for cell in cells if shows_figure(cell)}


@by_name
def test_every_figure_of_a_lesson_has_its_own_alt_text(path):
    cells = lesson_cells(path)
    assert figure_ids(cells), "no figure found: did the output format change?"
    assert not alt_problems(cells, figure_ids(cells))


@by_name
def test_the_exercise_copy_describes_the_same_figures(path):
    lesson = lesson_cells(path)
    copy = json.loads(rendered_copies()[exercise_copy_of(path)])["cells"]
    assert not alt_problems(copy, figure_ids(lesson))
    in_lesson = {cell["id"]: alt_text(cell) for cell in lesson if alt_text(cell)}
    assert {cell["id"]: alt_text(cell) for cell in copy if alt_text(cell)} == in_lesson


def described(cell_id, alt):
    return {"id": cell_id, "metadata": {"mystnb": {"image": {"alt": alt}}}}


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ([{"id": "a", "metadata": {}}, described("b", "x")], "cell a shows a figure but has no"),
        ([described("a", " "), described("b", "x")], "cell a shows a figure but has no"),
        ([described("a", "x"), described("b", "y"), described("c", "z")], "cell c has an alt"),
        ([described("a", "x"), described("b", "x")], "cell b has the same alt text as cell a"),
    ],
)
def test_the_alt_text_check_names_each_problem(cells, problem):
    """Cells a and b show a figure."""
    (found,) = alt_problems(cells, figures={"a", "b"})
    assert found.startswith(problem)


def style(handle):
    """What tells a legend entry apart besides its colour, and its colour."""
    if isinstance(handle, Line2D):
        return (handle.get_linestyle(), handle.get_marker()), to_hex(handle.get_color())
    if isinstance(handle, Patch):
        return handle.get_hatch() or "", to_hex(handle.get_facecolor(), keep_alpha=False)
    raise TypeError(f"a legend entry this test cannot read: {handle!r}")


@pytest.mark.slow  # it runs every lesson's code (notebook 5's takes 1.5 s): make test-reproducible
@by_name
def test_colour_is_never_the_only_key_to_a_legend(path):
    """In every legend, each entry differs from the others by line style, marker or hatch, not
    by colour alone, and its colour is one of Okabe & Ito's."""
    figures = shown_figures(path.name)
    stored = sum(shows_figure(cell) for cell in lesson_cells(path))
    assert len(figures) == stored, "the lesson shows another number of figures than it stores"
    for number, figure in enumerate(figures, start=1):
        for ax in figure.axes:
            legend = ax.get_legend()
            if legend is None:
                continue
            entries = {t.get_text(): style(h) for t, h in zip(legend.texts, legend.legend_handles)}
            for (one, (one_style, _)), (other, (other_style, _)) in combinations(
                entries.items(), 2
            ):
                assert one_style != other_style, f"figure {number}: {one!r} and {other!r}"
            for entry, (_, colour) in entries.items():
                assert colour in OKABE_ITO, f"figure {number}: {entry!r} is {colour}"
