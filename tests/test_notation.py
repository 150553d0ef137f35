"""The table of symbols (notebooks/notation.ipynb) covers the series and names real code.

Every letter the lessons use in their math (Latin letters and Greek letters, not operators such
as \\sum or \\frac) must have a row of the table, so a new symbol cannot enter a lesson without
saying what it means; and every name the table gives "in code" must be bound by the code of a
notebook its row lists, so the table cannot point at code that was renamed.
"""

import ast
import re

import nbformat

from generated import is_navigation
from layout import CONTENTS, NOTATION, lessons
from lesson import python

GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta lambda mu nu xi pi rho sigma tau "
    "phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega ell nabla"
).split()
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
WORDS = re.compile(r"\\(?:text|mathrm|operatorname|begin|end)\{[^}]*\}")  # words, not symbols
LETTER = re.compile(r"\\([A-Za-z]+)|([A-Za-z])")


def letters(markdown):
    """The Latin and Greek letters used in the math of a markdown text."""
    found = set()
    for display, inline in MATH.findall(markdown):
        for command, latin in LETTER.findall(WORDS.sub(" ", display or inline)):
            if latin or command in GREEK:
                found.add(latin or command)
    return found


def rows():
    """(symbols, names in code, notebook numbers) of each row of the notation tables, whose
    columns are the symbol, ..., the names in code, the notebooks."""
    notebook = nbformat.read(NOTATION, as_version=4)
    for line in "\n".join(cell.source for cell in notebook.cells).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or cells[0] in ("symbol", "---"):
            continue
        numbers = {int(n) for n in re.findall(r"\d+", cells[-1])}
        yield letters(cells[0]), re.findall(r"`([A-Za-z_]\w*)`", cells[-2]), numbers


def bound_names(path):
    """Every name the code cells of a notebook bind: assignments, loop variables, functions."""
    names = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(python(cell.source))):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
                elif isinstance(node, ast.FunctionDef | ast.arg):
                    names.add(getattr(node, "name", None) or node.arg)
    return names


def test_every_letter_of_the_lessons_math_is_in_the_table():
    explained = set().union(*(symbols for symbols, _, _ in rows()))
    for path in lessons():
        notebook = nbformat.read(path, as_version=4)
        used = set().union(
            *(letters(c.source) for c in notebook.cells if c.cell_type == "markdown"),
        )
        missing = sorted(used - explained)
        assert not missing, f"{path.name} uses {missing} in its math: add a row to notation.ipynb"


def test_every_name_in_code_is_bound_where_the_table_says():
    bound = {int(path.name[:2]): bound_names(path) for path in lessons()}
    for symbols, names, numbers in rows():
        somewhere = set().union(*(bound[n] for n in numbers)) if numbers else set()
        for name in names:
            assert name == "np" or name in somewhere, (
                f"notation.ipynb names `{name}` for {sorted(symbols)}, but no notebook of its "
                f"row ({sorted(numbers)}) binds it"
            )


def test_the_table_is_found_and_the_navigation_links_it():
    assert len(list(rows())) > 30
    contents = nbformat.read(CONTENTS, as_version=4)
    assert any(is_navigation(c) and "(notation.ipynb)" in c.source for c in contents.cells)
