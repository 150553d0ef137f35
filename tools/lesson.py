"""A lesson's own code, taken from its notebook, so that tests and the benchmark use what
learners read.

`load` runs the notebook's code cells in this process, up to the cell that defines the name
needed, and returns their namespace; `define` adds the cells defining later functions, without
the runs between them; `run_again` runs one cell once more in a namespace, as a learner edits
it, and `seed_drawn` draws the lesson's random numbers again with another seed (as its exercises
ask); `shown_figures` runs every cell and returns the figures they show. The slider cells are
left out: they need a front end. The tests and the benchmark take a lesson's functions from
here, except tests/test_check.py, whose battery writes out the answers the checks must accept
(the lesson's own among them) beside the ones they must refuse.
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


def defines(source, name):
    """Whether a cell's ``source`` defines ``name`` at its top level: `def name` or `name =`."""
    return re.search(rf"^(def {name}\b|{name} =)", source, flags=re.MULTILINE) is not None


def load(name, upto):
    """Run notebooks/``name`` until ``upto`` is defined; return the namespace (what the cells
    print and plot is discarded)."""
    with cells_run(name, show=lambda: plt.close("all")) as cells:
        for source, namespace in cells:
            if defines(source, upto):
                return namespace
    raise LookupError(f"{name} defines no {upto!r}")


def define(namespace, name, *functions):
    """Run in ``namespace`` (from `load`) the cells of notebooks/``name`` that define
    ``functions``, and no other: a lesson's later functions without its long runs between.
    A function that reads a name only a cell left out binds fails with NameError when called;
    one that reads a name a cell left out would have changed gets the earlier value."""
    missing = set(functions)
    for source in code_cells(name):
        found = {function for function in missing if defines(source, function)}
        if found:
            run_cell(source, namespace, name)
            missing -= found
    if missing:
        raise LookupError(f"{name} defines no function {', '.join(sorted(missing))}")


def run_again(namespace, name, containing, old="", new=""):
    """Run the code cell of notebooks/``name`` that contains ``containing`` (there must be one)
    in ``namespace`` once more, with ``old`` (if given: once in the cell, a whole word) replaced
    by ``new``, as a learner edits it."""
    sources = [source for source in code_cells(name) if containing in source]
    if len(sources) != 1:
        raise LookupError(f"{name}: {len(sources)} code cells contain {containing!r}, not 1")
    source, found = re.subn(rf"\b{re.escape(old)}\b", new, sources[0]) if old else (sources[0], 1)
    if found != 1:
        raise LookupError(f"{name}: {found} times {old!r} in the cell with {containing!r}, not 1")
    run_cell(source, namespace, name)


@contextlib.contextmanager
def seed_drawn(namespace, name, containing, seed, then=()):
    """For the with block: ``namespace`` as if the lesson's cell that contains ``containing``
    had drawn its random numbers with `seed=SEED` instead of `seed=0`, and the cells containing
    each of ``then`` (which use the draws) had run again after it. Restored afterwards."""
    saved = dict(namespace)
    try:
        run_again(namespace, name, containing, "seed=0", f"seed={seed}")
        for later in then:
            run_again(namespace, name, later)
        yield namespace
    finally:
        namespace.clear()
        namespace.update(saved)


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
