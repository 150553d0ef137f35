"""A lesson's own code, taken from its notebook, so that tests and the benchmark use what
learners read.

No copy of a lesson's code lives in tests/ or tools/: `load` runs the notebook's code cells in
this process, up to the cell that defines the name needed, and returns their namespace.
"""

import contextlib
import io
import json
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def code_cells(name):
    notebook = json.loads((NOTEBOOKS / name).read_text())
    for cell in notebook["cells"]:
        tags = cell["metadata"].get("tags", [])
        if cell["cell_type"] == "code" and "nbval-ignore-output" not in tags:
            yield "".join(cell["source"])


def load(name, upto):
    """Run notebooks/``name`` until ``upto`` is defined; return the namespace (what the cells
    print and plot is discarded)."""
    if str(NOTEBOOKS) not in sys.path:  # the notebooks import diagrams.py and check.py beside them
        sys.path.insert(0, str(NOTEBOOKS))
    namespace = {}
    show, plt.show = plt.show, lambda: plt.close("all")
    try:
        for source in code_cells(name):
            with contextlib.redirect_stdout(io.StringIO()):  # the lesson's printouts
                exec(compile(source, f"{name}", "exec"), namespace)
            if re.search(rf"^(def {upto}\b|{upto} =)", source, flags=re.MULTILINE):
                return namespace
    finally:
        plt.show = show
        plt.close("all")
    raise LookupError(f"{name} defines no {upto!r}")
