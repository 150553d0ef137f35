"""Break the lessons on purpose, one way at a time, and check that the test suite notices.

    .venv/bin/python tools/mutants.py [NAME ...]     # make test-mutants (run by .ci/run)

Each mutant makes one small, plausible change to a copy of the repository (the files git
tracks, plus new ones it does not ignore) and runs the suite that `make test` runs, stopping at
the first failure, with the likeliest catchers first: for a change to a lesson, its own notebook
and then tests/ (no other notebook runs a lesson's code, so none can see the change), with the
lesson's exercise copy made again as `make execute` would (so that a stale copy cannot be what
catches it); for any other file, tests/ and then every notebook. The mutant is caught when a
test fails. Every mutant must be caught: one that is missed is a hole in the tests, to be closed
there, not a mutant to delete. A mutant whose text no longer appears in its file is an error
too, so the list cannot silently go stale.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from layout import ROOT, copy_project, lessons


class Mutant(NamedTuple):
    name: str
    path: str
    old: str
    new: str


N1, N2, N3 = (
    "notebooks/01_artificial_neuron.ipynb",
    "notebooks/02_relu.ipynb",
    "notebooks/03_network_diagrams.ipynb",
)
N4, N5, N6 = (
    "notebooks/04_gradient_descent.ipynb",
    "notebooks/05_two_layer_network.ipynb",
    "notebooks/06_learn_a_function.ipynb",
)
DIAGRAMS, CHECK = "src/neuron_to_backprop/diagrams.py", "src/neuron_to_backprop/check.py"

MUTANTS = [
    # The lessons' numbers and code
    Mutant("another worked-example weight", N1, "w1, w2, w3 = 1, -1, 5", "w1, w2, w3 = 1, -1, 4"),
    Mutant("leaky ReLU", N2, "return np.maximum(a, 0)", "return np.maximum(a, 0.01 * a)"),
    Mutant(
        "ReLU slope 1 at a = 0",
        N2,
        "return np.where(a > 0, 1.0, 0.0)  # exercise: the slope",
        "return np.where(a >= 0, 1.0, 0.0)  # exercise: the slope",
    ),
    Mutant("wrong sign of the derivative", N4, "return 2 * x", "return -2 * x"),
    Mutant(
        "another descent learning rate",
        N4,
        "descend(4.0, learning_rate=0.1, steps=15)",
        "descend(4.0, learning_rate=0.2, steps=15)",
    ),
    Mutant(
        "another training learning rate",
        N5,
        "num_loops=500, learning_rate=1e-6",
        "num_loops=500, learning_rate=2e-6",
    ),
    Mutant("another seed", N5, "default_rng(seed=0)", "default_rng(seed=1)"),
    Mutant(
        "factor 2 dropped in backprop",
        N5,
        "dloss_predictions = 2.0 * (predictions - targets)",
        "dloss_predictions = 1.0 * (predictions - targets)",
    ),
    Mutant(
        "ReLU gradient not blocked",
        N5,
        "dloss_relu_activations * (activations > 0)",
        "dloss_relu_activations * 1",
    ),
    Mutant(
        "missing transpose", N5, "dloss_predictions @ weights2.T", "dloss_predictions @ weights2"
    ),
    Mutant("He scale without the 2", N5, "np.sqrt(2 / input_dim)", "np.sqrt(1 / input_dim)"),
    Mutant(
        "a repair learning rate a little over the limit",
        N5,
        "initial_weights1, initial_weights2, learning_rate=4e-7",
        "initial_weights1, initial_weights2, learning_rate=5e-7",
    ),
    Mutant(
        "power iteration stopped too early",
        N5,
        "start, num_iterations=10):",
        "start, num_iterations=2):",
    ),
    Mutant(
        "Hessian-vector product over epsilon, not 2 epsilon",
        N5,
        "change / (2 * epsilon)",
        "change / epsilon",
    ),
    Mutant(
        "table of the first loops shifted by one",
        N5,
        "np.sum(early[i][1] > 0)",
        "np.sum(early[i + 1][1] > 0)",
    ),
    Mutant(
        "slider function: 14 steps",
        N4,
        "path = plot_descent(ax, x0, learning_rate)",
        "path = plot_descent(ax, x0, learning_rate, steps=14)",
    ),
    # Changes that only a figure shows
    Mutant("moved tangent", N4, "tangent(x0, x[near])", "tangent(x0 + 0.5, x[near])"),
    Mutant("changed plot title", N2, "threshold: fire or not", "threshold: fire or no"),
    Mutant("changed node label", N3, r"$a = \sum_i x_i w_i$", r"$a = \sum_i x_i$"),
    Mutant(
        "dropped edge in a network diagram",
        DIAGRAMS,
        "                pgm.add_edge((layer - 1, i), (layer, j), **label)\n",
        "                if (layer, i, j) != (1, 0, 0):\n"
        "                    pgm.add_edge((layer - 1, i), (layer, j), **label)\n",
    ),
    Mutant(
        "one weight label for every edge",
        DIAGRAMS,
        'return rf"$w^{{({layer})}}_{{{i + 1}{j + 1}}}$"',
        'return r"$w_i$"',
    ),
    # The text's promises: numbers shown, symbols explained
    Mutant(
        "a quoted number that no output shows",
        N5,
        "No climb, a loss of 0.307 instead of 67.47",
        "No climb, a loss of 0.305 instead of 67.47",
    ),
    Mutant(
        "a symbol missing from the notation",
        "notebooks/notation.ipynb",
        "| $t_{x_0}$ | the tangent of the error curve at $x_0$ | function | `tangent` | 4 |\n",
        "",
    ),
    # The tests' own safeguards
    Mutant(
        "a self-check that praises everything",
        CHECK,
        "    return tuple(wrong[0]) if len(wrong) else None\n",
        "    return None\n",
    ),
    Mutant(
        "a sanitize rule that erases numbers",
        "tests/sanitize.cfg",
        "replace: 0xADDRESS",
        "replace: 0xADDRESS\n\n[numbers]\nregex: \\d+\\.\\d+\nreplace: N",
    ),
    Mutant(
        "a lesson retitled without navigation",
        N4,
        "# Find the minimum of",
        "# Find the lowest point of",
    ),
    # Notebook 6: biases, symmetry, generalisation and overfitting
    Mutant(
        "bias gradient averaged, not summed over the batch",
        N6,
        "dloss_bias1 = dloss_activations.sum(axis=0, keepdims=True)",
        "dloss_bias1 = dloss_activations.mean(axis=0, keepdims=True)",
    ),
    Mutant(
        "hidden bias left out of the forward pass",
        N6,
        "activations = inputs @ weights1 + bias1",
        "activations = inputs @ weights1",
    ),
    Mutant(
        "mean loss, but the gradient of the sum",
        N6,
        "2.0 * (predictions - targets) / len(targets)",
        "2.0 * (predictions - targets)",
    ),
    Mutant("another lesson-6 learning rate", N6, "learning_rate = 0.01", "learning_rate = 0.009"),
    Mutant(
        "an equal start that is not equal",
        N6,
        "np.full((1, hidden_dim), 1.0),",
        "np.linspace(1.0, 1.1, hidden_dim).reshape(1, -1),",
    ),
    Mutant(
        "a gradient check that compares backward with itself",
        N6,
        "numerical = numerical_gradients(initial_parameters)",
        "numerical = backprop_gradients",
    ),
    Mutant(
        "noisy examples plotted without their noise",
        N6,
        '(few_inputs, few_targets, "o",',
        '(few_inputs, rule(few_inputs), "o",',
    ),
    Mutant(
        "a lesson-6 number that no output shows",
        N6,
        "then rises to 0.3927, while",
        "then rises to 0.3928, while",
    ),
    Mutant(
        "a symmetry test no spread can pass",
        N6,
        'print(f"spread under 1e-12: {np.ptp(array) < 1e-12}")',
        'print(f"spread under 1e-12: {np.ptp(array) < 0}")',
    ),
    Mutant(
        "exact targets that are the noisy ones",
        N6,
        "initial_parameters, few_inputs, rule(few_inputs), test_set,",
        "initial_parameters, few_inputs, few_targets, test_set,",
    ),
    Mutant(
        "another seed for the 8 noisy examples",
        N6,
        "few_rng = np.random.default_rng(seed=0)",
        "few_rng = np.random.default_rng(seed=2)",
    ),
    Mutant(
        "the narrowest gap taken for the widest",
        N6,
        "widest = np.diff(sorted_inputs).argmax()",
        "widest = np.diff(sorted_inputs).argmin()",
    ),
    Mutant(
        "a test loss measured on the training set",
        N6,
        "test_loss = loss_of(forward(held_out_inputs, *parameters)[2], held_out_targets)",
        "test_loss = loss_of(forward(inputs, *parameters)[2], targets)",
    ),
    Mutant(
        "a quoted share of the test error no output shows",
        N6,
        "81% of the noisy network's",
        "80% of the noisy network's",
    ),
    Mutant(
        "the training loss's rises counted only above 1e-6",
        N6,
        "np.sum(few_rises > 0)",
        "np.sum(few_rises > 1e-6)",
    ),
    Mutant(
        "the exact run's rise measured from its start, not its lowest point",
        N6,
        "few_exact_test_losses[-1] / few_exact_test_losses.min()",
        "few_exact_test_losses[-1] / few_exact_test_losses[0]",
    ),
    Mutant(
        "a quoted rise of the exact run no output shows",
        N6,
        "to 1.66 times it",
        "to 1.63 times it",
    ),
    Mutant(
        "a bias check that takes one example for the batch",
        CHECK,
        "(dz[:1], one_example.format(",
        "(dz[1:2], one_example.format(",
    ),
    Mutant(
        "a bias check blind to the missing 2/N",
        CHECK,
        "(p - y).sum(axis=0, keepdims=True),",
        "(p - y).sum(axis=0, keepdims=True) * 2,",
    ),
    Mutant(
        "the biases' notation row pointed at notebook 5",
        "notebooks/notation.ipynb",
        "`line_b`, `bias1`, `bias2` | 6 |",
        "`line_b`, `bias1`, `bias2` | 5 |",
    ),
    Mutant(
        "a bias check blind to a missing sum",
        CHECK,
        "    if got == (examples, want[1]):\n",
        "    if False:\n",
    ),
    Mutant("binder pin drift", "binder/requirements.txt", "numpy==2.4.6", "numpy==2.4.5"),
    Mutant(
        "a README link to a missing notebook",
        "README.md",
        "(notebooks/04_gradient_descent.ipynb)",
        "(notebooks/04_gradient.ipynb)",
    ),
    # Notebook 4's two weights, and its plotting helper
    Mutant(
        "bowl gradient without the 10",
        N4,
        "return 2 * w1, 20 * w2  # exercise",
        "return 2 * w1, 2 * w2  # exercise",
    ),
    Mutant(
        "two-weight step moves w2 with w1's slope",
        N4,
        "w2 - learning_rate * dloss_w2",
        "w2 - learning_rate * dloss_w1",
    ),
    Mutant(
        "the rate over the limit drawn at the limit",
        N4,
        '[(0.105, "o-", "#D55E00")]',
        '[(0.1, "o-", "#D55E00")]',
    ),
    Mutant(
        "condition-number table at the limit itself",
        N4,
        "learning_rate = 0.9 * 2 / lambda_max",
        "learning_rate = 2 / lambda_max",
    ),
    Mutant(
        "the zig-zag threshold printed as the limit",
        N4,
        'above 1 / curvature:", 1 / curvatures)',
        'above 1 / curvature:", 2 / curvatures)',
    ),
    Mutant(
        "a quoted distance of the run over the limit that no output shows",
        N4,
        "the distance to 2.02 at step 6",
        "the distance to 2.01 at step 6",
    ),
    Mutant(
        "a quoted number of the two-weight section that no output shows",
        N4,
        "it is still 2.66 from the",
        "it is still 2.65 from the",
    ),
    Mutant(
        "the best rate at the limit",
        N4,
        "best_rate = 2 / (curvatures.min() + curvatures.max())",
        "best_rate = 2 / curvatures.max()",
    ),
    Mutant(
        "the turned bowl not turned",
        N4,
        "along1, along2 = turned_axes @ np.array([w1, w2])",
        "along1, along2 = np.array([w1, w2])",
    ),
    Mutant(
        "a quoted factor of the best rate that no output shows",
        N4,
        "shrink by 0.818 in size",
        "shrink by 0.819 in size",
    ),
    Mutant(
        "a bowl_gradient check that takes True/False for numbers",
        CHECK,
        "        if np.issubdtype(array.dtype, np.number):",
        "        if np.issubdtype(array.dtype, np.number) or array.dtype == bool:",
    ),
    Mutant(
        "a bowl_gradient check that wants the factors swapped",
        CHECK,
        "want = [2 * np.asarray(w1, dtype=float), 20 * np.asarray(w2, dtype=float)]",
        "want = [20 * np.asarray(w1, dtype=float), 2 * np.asarray(w2, dtype=float)]",
    ),
    Mutant(
        "curved arrows bent the other way",
        "src/neuron_to_backprop/plots.py",
        'connectionstyle=f"arc3,rad={bend}"',
        'connectionstyle=f"arc3,rad={-bend}"',
    ),
    # The bias (notebook 1) and why the non-linearity (notebook 2)
    Mutant(
        "bias subtracted",
        N1,
        "activities_with_bias = X @ w + b  # exercise",
        "activities_with_bias = X @ w - b  # exercise",
    ),
    Mutant("bias slope over a step of 2", N1, "X @ w + (b + 1)", "X @ w + (b + 2)"),
    Mutant(
        "ReLU left out of the network that should not collapse",
        N2,
        "with_relu = relu(X @ weights1) @ weights2",
        "with_relu = (X @ weights1) @ weights2",
    ),
    Mutant(
        "best line without its bias",
        N2,
        "np.column_stack([x_values, np.ones_like(x_values)])",
        "np.column_stack([x_values, np.zeros_like(x_values)])",
    ),
    Mutant(
        "best line drawn higher",
        N2,
        'ax.plot(x_values, line_predictions, "--"',
        'ax.plot(x_values, line_predictions + 0.2, "--"',
    ),
    Mutant("a quoted loss no output shows", N2, "Its loss, 0.3506,", "Its loss, 0.3505,"),
    Mutant(
        "abs_network praises any network",
        CHECK,
        '    if where is None:\n        return "ReLU(x W1) W2 = |x|',
        '    if True:\n        return "ReLU(x W1) W2 = |x|',
    ),
    Mutant(
        "bump with its last bias the wrong sign",
        N2,
        "bump_bias1 = np.array([[1.0, 0.0, -1.0]])",
        "bump_bias1 = np.array([[1.0, 0.0, 1.0]])",
    ),
    Mutant(
        "abs_network blind to an output of 0 for every x",
        CHECK,
        "    if np.allclose(got, 0):\n        diagnosis = (",
        "    if False:\n        diagnosis = (",
    ),
]


def applied(mutant, text):
    """``text`` with the mutant's change; the change must match exactly once."""
    old, new = mutant.old, mutant.new
    if mutant.path.endswith(".ipynb"):  # the notebook's JSON escapes quotes and backslashes
        old, new = (
            s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") for s in (old, new)
        )
    count = text.count(old)
    if count != 1:
        raise SystemExit(
            f"mutant {mutant.name!r}: its text appears {count} times in {mutant.path}, "
            "not once: update tools/mutants.py"
        )
    return text.replace(old, new)


def lesson_paths():
    return {str(lesson.relative_to(ROOT)) for lesson in lessons()}


def suite(mutant):
    """What pytest runs for a mutant, in order (see the docstring at the top)."""
    if mutant.path in lesson_paths():
        return [mutant.path, "tests"]
    return ["tests", "notebooks"]


def try_mutant(mutant):
    """(caught, seconds, first failure) of one mutant."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        copy_project(copy)
        target = copy / mutant.path
        target.write_text(applied(mutant, target.read_text()))
        start = time.perf_counter()
        if mutant.path in lesson_paths():  # its exercise copy made again, as make execute does,
            subprocess.run(  # so that a stale copy cannot be what catches the mutant
                [sys.executable, "tools/exercises.py", "--overwrite"],
                cwd=copy,
                check=True,
                capture_output=True,
            )
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *suite(mutant)],
            cwd=copy,
            capture_output=True,
            text=True,
            # The helpers are installed from ROOT (editable): the copy's own come first, for
            # the tests (pytest's pythonpath) and for the notebooks' kernels (PYTHONPATH).
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(copy / "src")},
        )
        seconds = time.perf_counter() - start
    if result.returncode not in (0, 1, 2):  # 1: a test failed; 2: one could not be collected
        raise RuntimeError(f"pytest could not run for mutant {mutant.name!r}:\n{result.stdout}")
    failures = re.findall(r"^FAILED (\S+)", result.stdout, flags=re.MULTILINE)
    reason = re.search(r"(RMS \d+\.\d+)", result.stdout)
    first = (failures[0] if failures else "") + (f" ({reason[1]})" if reason else "")
    return result.returncode in (1, 2), seconds, first


def main(names):
    mutants = [m for m in MUTANTS if not names or any(n in m.name for n in names)]
    for mutant in mutants:  # fail early on a stale mutant, before running any
        applied(mutant, (ROOT / mutant.path).read_text())
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(try_mutant, mutants))
    width = max(len(m.name) for m in mutants)
    for mutant, (caught, seconds, first) in zip(mutants, results, strict=True):
        print(
            f"{'caught' if caught else 'MISSED'}  {mutant.name:{width}}  {seconds:5.1f} s  {first}"
        )
    missed = sum(not caught for caught, _, _ in results)
    print(f"mutants: {len(mutants) - missed} of {len(mutants)} caught, {missed} missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
