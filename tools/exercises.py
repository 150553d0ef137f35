"""Write the exercise copies of the notebooks, from markers in the solutions.

    python tools/exercises.py              # write notebooks/exercises/NN_exercises_*.ipynb
    python tools/exercises.py --overwrite  # even copies with answers typed in (OVERWRITE=1)
    python tools/exercises.py --check      # list out-of-date copies and exit 1

In a solution notebook, a code line that ends in `# exercise: HINT` is a blank of the exercise
copy: an assignment keeps its left-hand side (`dloss_weights2 = ...  # TODO: HINT`), any other
line becomes `...  # TODO: HINT`. Cells tagged `self-check` call the helpers' `check`: they print ✓
in the solution (nbval compares that) and say what is wrong in the copy. The copies are stored
without outputs, for the learner to run.

A copy is where the learner types answers, so it records the fingerprint of its cells as written
here: once a cell has changed, this tool leaves the copy alone (generated.replaceable). Links of
the lesson's text point to the lesson's folder, one level up.
"""

import copy
import re

import nbformat

from generated import is_navigation, main, stamped, text
from layout import EXERCISES, exercise_copy_of
from navigation import links, navigated, title, with_navigation

MARK = re.compile(r"^(?P<indent>\s*)(?P<code>.*?)\s*# exercise: (?P<hint>.+)$")
ASSIGNMENT = re.compile(r"^(?P<target>[A-Za-z_][\w.\[\], ]*?)\s*=(?!=)")
RETURN = re.compile(r"^return\b")
# The target of a markdown link or image that is a path relative to the notebook's folder.
RELATIVE_LINK = re.compile(r"(\]\()(?![a-z][a-z0-9+.-]*:|#|/)")


def blank_line(line):
    """The exercise version of one line of code: the line itself unless it carries a marker."""
    match = MARK.match(line)
    if not match:
        return line
    code, indent, hint = match["code"], match["indent"], match["hint"]
    if RETURN.match(code):
        return f"{indent}return ...  # TODO: {hint}"
    assignment = ASSIGNMENT.match(code)
    if assignment:
        return f"{indent}{assignment['target']} = ...  # TODO: {hint}"
    return f"{indent}...  # TODO: {hint}"


def intro(solution_name):
    cell = nbformat.v4.new_markdown_cell(
        "**Exercise copy: the file to work in.** The key lines of "
        f"[the lesson](../{solution_name}) are blanked out: fill in each `...` marked `# TODO`, "
        "run the cell, then run the check cell after it, which says in plain words what is "
        "right or wrong. Work from the top: later cells need the earlier ones.\n\n"
        "Save as you go (JupyterLab also saves every two minutes): your answers stay in this "
        "file, and no `make` command overwrites a copy you have changed. On Binder, download it "
        "before you leave (File > Download): Binder keeps nothing. In Colab, first make it yours "
        "(File > Save a copy in Drive): a notebook opened from GitHub is not saved."
    )
    cell.id = "exercise-intro"
    return cell


def exercise_copy(solution, solution_name):
    """The exercise copy of a solution notebook (navigation not included)."""
    notebook = copy.deepcopy(solution)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = RELATIVE_LINK.sub(r"\1../", cell.source)
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        cell.source = "\n".join(blank_line(line) for line in cell.source.split("\n"))
    heading = next(
        i
        for i, c in enumerate(notebook.cells)
        if c.cell_type == "markdown" and not is_navigation(c)
    )
    # "Exercises: " before the title, wherever it shows: JupyterLab's table of contents, the
    # site's sidebar and page title
    first = notebook.cells[heading]
    first.source = re.sub(r"^# ", "# Exercises: ", first.source, count=1, flags=re.MULTILINE)
    notebook.cells.insert(heading + 1, intro(solution_name))
    notebook.cells.append(stopped_here())
    return notebook


def stopped_here():
    """The last cell: where Run All leaves the learner, it says where to look."""
    cell = nbformat.v4.new_markdown_cell(
        "**Ran all cells and see no output down here?** Run All stops at the first check that "
        "is not right yet: scroll up to its ✗ line, fix the cell it names, and run all again."
    )
    cell.id = "exercise-stopped-here"
    return cell


def render_exercises():
    """{path: text} of every exercise copy, from the solutions as navigation writes them."""
    solutions = navigated()  # the solutions with their navigation, as they should be committed
    paths = list(solutions)
    titles = [title(notebook) for notebook in solutions.values()]
    copies = [exercise_copy_of(lesson) for lesson in paths]
    rendered = {}
    for index, (path, solution) in enumerate(solutions.items()):
        here = links(copies, titles, index, folder=EXERCISES.name)
        back = f"[Solution: the lesson itself](../{path.name})"
        exercise = exercise_copy(solution, path.name)
        exercise = with_navigation(exercise, here, [*here, back], copies[index])
        rendered[copies[index]] = text(stamped(exercise, "tools/exercises.py"))
    return rendered


if __name__ == "__main__":
    main(render_exercises(), "make exercises")
