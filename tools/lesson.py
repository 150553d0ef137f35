"""A lesson's own code, taken from its notebook, so that tests and the benchmark use what
learners read.

`load` runs the notebook's code cells in this process, up to the cell that defines the name
needed, and returns their namespace; `run_cell` runs one more cell's source in it (a cell as a
learner edits it); `shown_figures` runs them all and returns the figures they show. The slider
cells are left out: they need a front end. The tests and the benchmark take a
lesson's functions from here, except tests/test_check.py, whose battery writes out the answers
the checks must accept (the lesson's own among them) beside the ones they must refuse.
"""

import contextlib
import io
import json
import re

import matplotlib
from IPython.core.inputtransformer2 import TransformerManager

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from layout import NOTEBOOKS  # noqa: E402


def python(source):
    """A code cell's source as plain Python: IPython's `!command` lines (the Colab install
    cell's) become calls, as IPython runs them."""
    return TransformerManager().transform_cell(source)


SLIDERS = "sliders.show("  # a cell with sliders: it needs a front end


def code_cells(name):
    notebook = json.loads((NOTEBOOKS / name).read_text())
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and SLIDERS not in source:
            yield python(source)


def run_cell(source, namespace, name):
    """Run a code cell's ``source`` (of notebooks/``name``) in ``namespace``; what it prints is
    discarded."""
    with contextlib.redirect_stdout(io.StringIO()):  # the lesson's printouts
        exec(compile(source, name, "exec"), namespace)


@contextlib.contextmanager
def cells_run(name, show):
    """Run the code cells of notebooks/``name``, in order, with ``show`` as plt.show; yield an
    iterator of (the cell's source, the namespace after it). What the cells print is
    discarded."""
    namespace = {}

    def run():
        for source in code_cells(name):
            run_cell(source, namespace, name)
            yield source, namespace

    saved, plt.show = plt.show, show
    try:
        yield run()
    finally:
        plt.show = saved
        plt.close("all")


def load(name, upto):
    """Run notebooks/``name`` until ``upto`` is defined; return the namespace (what the cells
    print and plot is discarded)."""
    with cells_run(name, show=lambda: plt.close("all")) as cells:
        for source, namespace in cells:
            if re.search(rf"^(def {upto}\b|{upto} =)", source, flags=re.MULTILINE):
                return namespace
    raise LookupError(f"{name} defines no {upto!r}")


def shown_figures(name):
    """Every matplotlib Figure that notebooks/``name`` shows with plt.show(), in order (its
    slider cells left out)."""
    figures = []

    def show():
        figures.extend(plt.figure(number) for number in plt.get_fignums())
        plt.close("all")

    with cells_run(name, show) as cells:
        for _ in cells:
            pass
    return figures
