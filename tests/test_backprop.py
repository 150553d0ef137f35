"""The training notebook's own backpropagation, checked against central differences.

The functions come from notebooks/05_two_layer_network.ipynb itself (tools/lesson.py), never from
a copy. Hypothesis draws the problems: batch and layer sizes, and the random numbers in them, so
many ReLU inputs are negative and some units are silent for every example.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from central_differences import central_differences, relative_error
from lesson import load


@pytest.fixture(scope="module")
def lesson():
    return load("05_two_layer_network.ipynb", "backward")


def loss(lesson, inputs, targets, weights1, weights2):
    predictions = lesson["forward"](inputs, weights1, weights2)[2]
    return np.sum(np.square(predictions - targets))


def numerical_gradients(lesson, inputs, targets, weights1, weights2):
    return central_differences(
        lambda weights: loss(lesson, inputs, targets, *weights), [weights1, weights2]
    )


def backprop(lesson, inputs, targets, weights1, weights2):
    return lesson["backward"](
        inputs, targets, weights2, *lesson["forward"](inputs, weights1, weights2)
    )


problems = st.tuples(
    st.integers(1, 8),  # examples in the batch
    st.integers(1, 6),  # inputs
    st.integers(1, 6),  # hidden neurons
    st.integers(1, 3),  # outputs
    st.integers(0, 2**32 - 1),  # seed of the numbers
)


# The same 60 problems on every run (derandomize), so CI cannot flake on a rare draw.
@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(problems)
def test_backprop_matches_central_differences(lesson, problem):
    examples, n_in, n_hidden, n_out, seed = problem
    rng = np.random.default_rng(seed)
    arrays = (
        rng.standard_normal((examples, n_in)),
        rng.standard_normal((examples, n_out)),
        rng.standard_normal((n_in, n_hidden)),
        rng.standard_normal((n_hidden, n_out)),
    )
    exact = backprop(lesson, *arrays)
    numerical = numerical_gradients(lesson, *arrays)
    for name, e, n in zip(["weights1", "weights2"], exact, numerical, strict=True):
        assert e.shape == n.shape, name
        assert relative_error(e, n) < 1e-5, name


def test_silent_units_get_exactly_no_gradient(lesson):
    """Units whose activity is negative for every example: their weights get a zero gradient."""
    rng = np.random.default_rng(3)
    inputs = np.abs(rng.standard_normal((10, 4)))  # positive inputs ...
    weights1 = rng.standard_normal((4, 5))
    weights1[:, :2] = -np.abs(weights1[:, :2])  # ... and negative weights: units 0 and 1 are silent
    weights2, targets = rng.standard_normal((5, 1)), rng.standard_normal((10, 1))
    activations = lesson["forward"](inputs, weights1, weights2)[0]
    assert np.all(activations[:, :2] < 0) and np.any(activations[:, 2:] > 0)

    gradient1, gradient2 = backprop(lesson, inputs, targets, weights1, weights2)
    assert np.all(gradient1[:, :2] == 0) and np.all(gradient2[:2] == 0)
    numerical = numerical_gradients(lesson, inputs, targets, weights1, weights2)
    assert relative_error(gradient1, numerical[0]) < 1e-5
    assert relative_error(gradient2, numerical[1]) < 1e-5


def test_the_gradients_have_the_shapes_of_the_weights(lesson):
    rng = np.random.default_rng(0)
    inputs, targets = rng.standard_normal((128, 1000)), rng.standard_normal((128, 1))
    weights1, weights2 = rng.standard_normal((1000, 100)), rng.standard_normal((100, 1))
    gradient1, gradient2 = backprop(lesson, inputs, targets, weights1, weights2)
    assert gradient1.shape == (1000, 100) and gradient2.shape == (100, 1)


def test_names_after_the_gradient_check_load():
    """The gradient check's cell (its output is not compared: rounding noise) runs too, so the
    cells after it, which use its `gradients`, load."""
    gradients = load("05_two_layer_network.ipynb", "gradients")["gradients"]
    assert [g.shape for g in gradients] == [(1000, 100), (100, 1)]
