"""The self-checks of the exercises name the mistake, in plain words, for typical mistakes."""

import numpy as np
import pytest

import check


def relu(a):
    return np.maximum(a, 0)


def forward(inputs, weights1, weights2):
    activations = inputs @ weights1
    relu_activations = relu(activations)
    return activations, relu_activations, relu_activations @ weights2


def backward(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_activations = (dloss_predictions @ weights2.T) * (activations > 0)
    return inputs.T @ dloss_activations, dloss_weights2


def hessian_times(gradient, weights, vector, h=1e-5):
    return (gradient(weights + h * vector) - gradient(weights - h * vector)) / (2 * h)


def largest_curvature(gradient, weights, start, num_iterations=10, normalise=True):
    direction = start / np.linalg.norm(start)
    estimates = []
    for _ in range(num_iterations):
        product = hessian_times(gradient, weights, direction)
        estimates.append(direction @ product)
        direction = product / np.linalg.norm(product) if normalise else product
    return np.array(estimates), direction


def verdict(capsys, run):
    run()
    return capsys.readouterr().out.strip()


def test_right_code_gets_a_tick(capsys):
    assert verdict(capsys, lambda: check.relu(relu)).startswith("✓ relu")
    assert verdict(capsys, lambda: check.forward(forward)).startswith("✓ forward")
    assert verdict(capsys, lambda: check.backward(backward, forward)).startswith("✓ backward")
    assert verdict(capsys, lambda: check.activity(19)).startswith("✓ activity")
    right = verdict(capsys, lambda: check.curvature(hessian_times, largest_curvature))
    assert right.startswith("✓ curvature")
    right = verdict(capsys, lambda: check.learning_rate_limit(lambda c: 2 / c))
    assert right.startswith("✓ learning_rate_limit")


@pytest.mark.parametrize(
    ("run", "words"),
    [
        (lambda: check.relu(lambda a: ...), "still returns `...`"),
        (lambda: check.relu(lambda a: np.abs(a)), "for -3 it gives 3, expected 0"),
        (lambda: check.relu_slope(lambda a: np.where(a >= 0, 1.0, 0.0)), "for 0 it gives 1"),
        (lambda: check.activity(...), "still `...`"),
        (lambda: check.activity(25), "a is 25, expected 19"),
        (lambda: check.error_slope(lambda x: x**2), "for -4 it gives 16, expected -8"),
        (lambda: check.descend(lambda x0, lr, n: [x0] * (n + 1)), "each step is x - learning_rate"),
        (lambda: check.forward(lambda x, w1, w2: (..., ..., ...)), "activations is still `...`"),
        (lambda: check.forward(lambda x, w1, w2: (x @ w1, x @ w1, (x @ w1) @ w2)), "wrong values"),
        (
            lambda: check.backward(
                lambda *args: (backward(*args)[0].T, backward(*args)[1]), forward
            ),
            "dloss_weights1 has shape (5, 4), expected (4, 5). Is a transpose missing?",
        ),
        (
            lambda: check.backward(
                lambda *args: (backward(*args)[0] / 2, backward(*args)[1] / 2), forward
            ),
            "differs from the numerical gradient",
        ),
        (
            lambda: check.backward(lambda x, y, w2, z, h, p: (x @ z, ...), forward),
            "calling it raised ValueError",
        ),
        (lambda: check.curvature(lambda g, w, v: ..., largest_curvature), "fill in the blank"),
        (
            lambda: check.curvature(  # divided by h, not by 2h
                lambda g, w, v, h=1e-5: (g(w + h * v) - g(w - h * v)) / h, largest_curvature
            ),
            "gives 2 times the Hessian times v",
        ),
        (
            lambda: check.curvature(  # a one-sided difference divided by 2h
                lambda g, w, v, h=1e-5: (g(w + h * v) - g(w)) / (2 * h), largest_curvature
            ),
            "gives 0.5 times the Hessian times v",
        ),
        (
            lambda: check.curvature(
                hessian_times, lambda *args: largest_curvature(*args, normalise=False)
            ),
            "divided by its length",
        ),
        (
            lambda: check.curvature(hessian_times, lambda g, w, s, n: ((...,), ...)),
            "fill in every blank",
        ),
        (lambda: check.learning_rate_limit(lambda c: ...), "still returns `...`"),
        (lambda: check.learning_rate_limit(lambda c: 1 / c), "for 2 it gives 0.5, expected 1"),
        (lambda: check.learning_rate_limit(lambda c: 2 * c), "for 2 it gives 4, expected 1"),
    ],
)
def test_a_mistake_is_named(capsys, run, words):
    said = verdict(capsys, run)
    assert said.startswith("✗") and words in said, said
