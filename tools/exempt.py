"""What the comparison of a fresh run with the stored outputs leaves out, in one place: the cells
whose outputs nbval may skip, each with its reason, and nbval's sanitize rules. make test's
nbval, tools/colab_check.py and the tests that re-run cells all leave out the same.
"""

import re

from layout import ROOT

SANITIZE_FILE = ROOT / "tests" / "sanitize.cfg"

# The only cells whose outputs nbval may skip: (notebook, a line of the cell) -> why.
SLIDERS = "sliders need a running frontend; tools/execute.py stores them without output"
IGNORED_OUTPUTS = {
    ("05_two_layer_network.ipynb", "gradients = backward("): (
        "relative errors of a gradient check are rounding noise that differs between BLAS "
        "builds and thread counts; the cell's assert still fails the test if they grow"
    ),
    ("06_learn_a_function.ipynb", "numerical = numerical_gradients("): (
        "relative errors of a gradient check, as in notebook 5: rounding noise; the cell's "
        "assert still fails the test if they grow"
    ),
    ("01_artificial_neuron.ipynb", "sliders.show("): SLIDERS,
    ("04_gradient_descent.ipynb", "sliders.show("): SLIDERS,
}


def is_exempt(notebook_name, source):
    """Is the code cell ``source`` of that notebook one listed in IGNORED_OUTPUTS?"""
    return any(notebook_name == name and line in source for name, line in IGNORED_OUTPUTS)


def sanitize_patterns():
    lines = SANITIZE_FILE.read_text().splitlines()
    return [
        re.compile(line.removeprefix("regex: ")) for line in lines if line.startswith("regex: ")
    ]
