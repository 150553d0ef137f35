"""The self-checks praise every right answer and name every typical mistake, in plain words.

A battery of answers a learner might type into each blank of the exercise copies. Every right
one, in any of its usual spellings, must get ✓. Every wrong one must get one ✗ line that names
the mistake (the words listed with it), and no traceback: no exception name, and Run All stopped
by check.Stop, which IPython shows as one plain line.
"""

import copy
import linecache
import math
import re
import types
import warnings

import daft
import numpy as np
import pytest

from neuron_to_backprop import check

# Right answers, as the lessons write them ------------------------------------------------------

LESSON_X = np.array([[2, 3, 4], [2, 9, 1], [1, 1, 1], [0, 5, 0]])  # notebook 1's examples


def relu(a):
    return np.maximum(a, 0)


def error_slope(x):
    return 2 * x


def descend(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * error_slope(path[-1]))
    return np.array(path)


def forward(inputs, weights1, weights2):
    activations = inputs @ weights1
    relu_activations = relu(activations)
    predictions = relu_activations @ weights2
    return activations, relu_activations, predictions


def backward(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_relu_activations = dloss_predictions @ weights2.T
    dloss_activations = dloss_relu_activations * (activations > 0)
    dloss_weights1 = inputs.T @ dloss_activations
    return dloss_weights1, dloss_weights2


def count_silent(relu_activations):
    silent = relu_activations == 0
    return np.sum(np.all(silent, axis=1)), np.sum(np.all(silent, axis=0))


inputs = targets = None  # check.train puts its test problem here while it runs train


def train_with(update):
    """A train function whose weight updates are ``update(w1, w2, g1, g2, learning_rate)``."""

    def train(weights1, weights2, num_loops=500, learning_rate=1e-6):
        weights1, weights2 = weights1.copy(), weights2.copy()
        history = []
        for _ in range(num_loops):
            activations, relu_activations, predictions = forward(inputs, weights1, weights2)
            loss = np.sum(np.square(predictions - targets))
            history.append((loss, *count_silent(relu_activations)))
            gradients = backward(
                inputs,
                targets,
                weights2,
                activations,
                relu_activations,
                predictions,
            )
            weights1, weights2 = update(weights1, weights2, *gradients, learning_rate)
        return weights1, weights2, np.array(history)

    return train


def step(w1, w2, g1, g2, learning_rate):
    w1 -= learning_rate * g1
    w2 -= learning_rate * g2
    return w1, w2


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


def backward_sizes_with(back):
    def backward_sizes(f_slope, weights, activities, top_signal):
        signal = top_signal
        sizes = []
        for w, a in zip(weights[::-1], activities[::-1]):
            signal = back(f_slope, w, a, signal)
            sizes.append(np.sqrt(np.mean(signal**2)))
        return sizes

    return backward_sizes


def descend_with(next_weight):
    def descend(x0, learning_rate, steps):
        path = [x0]
        for _ in range(steps):
            path.append(next_weight(path, x0, learning_rate))
        return np.array(path)

    return descend


HEIGHTS = [0.7, 0.0, -0.7]


def inputs_of(place):
    """A PGM with the three input nodes, each added by ``place(pgm, i, height)``."""
    pgm = daft.PGM(grid_unit=2.5, dpi=150)
    for i, height in enumerate(HEIGHTS, start=1):
        place(pgm, i, height)
    return pgm


def right_place(pgm, i, height):
    pgm.add_node(f"x{i}", rf"$x_{i}$", 0, height)


def neuron_of(connect, place=right_place):
    """The neuron diagram, each input's edge added by ``connect(pgm, i)``."""
    pgm = inputs_of(place)
    pgm.add_node("activity", r"$a$", 1.6, 0, aspect=2.6)
    pgm.add_node("output", r"$y$", 3.3, 0, aspect=2.6)
    wired = copy.deepcopy(pgm)
    wired.add_edge("activity", "output")
    for i in range(1, 4):
        connect(wired, i)
    return wired


DY = dict(enumerate(check.LABEL_HEIGHTS, start=1))  # the loop's dy for x1, x2, x3


def right_edge(pgm, i):
    pgm.add_edge(f"x{i}", "activity", label=rf"$w_{i}$", yoffset=DY[i])


def edge_with(**changed):
    """An edge x_i -> activity as right_edge adds it, but for ``changed``, each a function of i
    and dy: edge_with(yoffset=lambda i, dy: -dy)."""

    def connect(pgm, i):
        given = {"label": rf"$w_{i}$", "yoffset": DY[i]}
        given.update({name: value(i, DY[i]) for name, value in changed.items()})
        pgm.add_edge(f"x{i}", "activity", **given)

    return connect


def in_another_cell(source, name, **names):
    """The function ``name`` defined by ``source`` as a notebook cell defines it (a file name of
    IPython's, its lines in linecache): a function of the notebook the learner's code calls."""
    filename = f"<ipython-input-{abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    space = dict(names)
    exec(compile(source, filename, "exec"), space)  # noqa: S102 (the test's own source)
    return space[name]


first_column = in_another_cell("def first_column(table):\n    return table[:, 0]\n", "first_column")


# Wrong answers that the checks' engine puts in words, whatever the notebook --------------------


def relu_zeros(a):
    return np.maximum(a, np.zeros(2))


def threshold_ones(a):
    return np.where(a > 0, np.ones(3), 0.0)


def slope_xor(x):
    return x ^ 2


def sigmoid_scipy(a):
    from scipy.special import expit  # not installed: the series does not use it

    return expit(a)


def relu_log(a):
    return np.exp(np.log(a))


def relu_first_column(a):
    return np.maximum(first_column(a), 0)


def curvature_precedence(gradient, weights, start, num_iterations=10):
    direction = start / np.linalg.norm(start)
    estimates = []
    for _ in range(num_iterations):
        product = hessian_times(gradient, weights, direction)
        estimates.append(direction @ product)
        direction = product / np.linalg.norm(product) @ np.ones(3)
    return np.array(estimates), direction


def sizes_inverse(f_slope, weights, activities, top_signal):
    signal = top_signal
    sizes = []
    for w, a in zip(weights[::-1], activities[::-1]):
        signal = (f_slope(a) * signal) @ np.linalg.inv(w)
        sizes.append(np.sqrt(np.mean(signal**2)))
    return sizes


def sizes_top_signal(f_slope, weights, activities, top_signal):
    signal = top_signal
    sizes = []
    for w, a in zip(weights[::-1], activities[::-1]):
        signal = (f_slope(a) * top_signal) @ w.T
        sizes.append(np.sqrt(np.mean(signal**2)))
    return sizes


INITIAL_WEIGHTS = (
    np.random.default_rng(0).standard_normal((1000, 100)),
    np.random.default_rng(1).standard_normal((100, 1)),
)


def he(scale1, scale2):
    return (INITIAL_WEIGHTS[0] * scale1, INITIAL_WEIGHTS[1] * scale2, *INITIAL_WEIGHTS)


# Wrong answers that raise, written as a learner writes them --------------------------------------


def relu_list(a):
    return [max(value, 0) for value in a]


def relu_python_max(a):
    return max(a, 0)


def relu_np_max(a):
    return np.max(a, 0)


def relu_no_return(a):
    np.maximum(a, 0)


def relu_in_place(a):
    a[a < 0] = 0
    return a


def relu_if(a):
    if a > 0:
        return a
    return 0


def threshold_if(a):
    return 1 if a > 0 else 0


def sigmoid_math(a):
    return 1 / (1 + math.exp(-a))


def in_notebook(function, **names):
    """``function`` as a notebook defines it, beside the notebook's ``names`` (and nothing else:
    no np unless given)."""
    return types.FunctionType(function.__code__, dict(names), function.__name__)


def relu_slope(a):
    """Notebook 2's relu_slope: a name of the notebook that backward_sizes must not use."""
    return np.where(a > 0, 1.0, 0.0)


def sizes_own_slope(f_slope, weights, activities, top_signal):
    signal = top_signal
    sizes = []
    for w, a in zip(weights[::-1], activities[::-1]):
        signal = (relu_slope(a) * signal) @ w.T
        sizes.append(np.sqrt(np.mean(signal**2)))
    return sizes


def count_returns_in_loop(sizes):
    total = 0
    for n_from, n_to in zip(sizes, sizes[1:]):
        total += n_from * n_to
        return total


def count_replaces(sizes):
    total = 0
    for n_from, n_to in zip(sizes, sizes[1:]):
        total = n_from * n_to
    return total


def count_in_a_loop(sizes):
    total = 0
    for n_from, n_to in zip(sizes, sizes[1:]):
        total += n_from * n_to
    return total


def count_past_the_end(sizes):
    return sum(sizes[i] * sizes[i + 1] for i in range(len(sizes)))


def forward_column_of_ones(inputs, weights1, bias1, weights2, bias2):
    """Notebook 6's bias as a weight on a column of ones, with np.ones_like (one column per
    input, not one in all): numpy's matmul error must reach the learner in plain words."""
    activations = np.hstack([inputs, np.ones_like(inputs)]) @ np.vstack([weights1, bias1])
    relu_activations = relu(activations)
    predictions = relu_activations @ weights2 + bias2
    return activations, relu_activations, predictions


def error_slope_list(x):
    return [2 * value for value in x]


def forward_with(first, second):
    def forward(inputs, weights1, weights2):
        activations = first(inputs, weights1)
        relu_activations = relu(activations)
        predictions = second(relu_activations, weights2, activations)
        return activations, relu_activations, predictions

    return forward


def forward_reversed(inputs, weights1, weights2):
    activations = weights1 @ inputs
    relu_activations = relu(activations)
    predictions = relu_activations @ weights2
    return activations, relu_activations, predictions


def forward_transposed(inputs, weights1, weights2):
    activations = weights1.T @ inputs.T
    relu_activations = relu(activations)
    predictions = relu_activations @ weights2
    return activations, relu_activations, predictions


def forward_star(inputs, weights1, weights2):
    activations = inputs * weights1
    relu_activations = relu(activations)
    predictions = relu_activations @ weights2
    return activations, relu_activations, predictions


def forward_star_output(inputs, weights1, weights2):
    activations = inputs @ weights1
    relu_activations = relu(activations)
    predictions = relu_activations * weights2
    return activations, relu_activations, predictions


def forward_blank(inputs, weights1, weights2):
    activations = ...
    relu_activations = relu(activations)
    predictions = ...
    return activations, relu_activations, predictions


def backward_with(step2, step3, step5):
    """A backward pass whose steps 2, 3 and 5 (the blanks) are the given functions."""

    def backward(inputs, targets, weights2, activations, relu_activations, predictions):
        dloss_predictions = 2.0 * (predictions - targets)
        dloss_weights2 = step2(relu_activations, dloss_predictions, activations)
        dloss_relu_activations = step3(dloss_predictions, weights2)
        dloss_activations = dloss_relu_activations * (activations > 0)
        dloss_weights1 = step5(inputs, dloss_activations, dloss_relu_activations)
        return dloss_weights1, dloss_weights2

    return backward


def right2(h, dp, z):
    return h.T @ dp


def right3(dp, w2):
    return dp @ w2.T


def right5(x, dz, dh):
    return x.T @ dz


def backward_step2_order(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations @ dloss_predictions
    return inputs, dloss_weights2


def backward_step2_star(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T * dloss_predictions
    return inputs, dloss_weights2


def backward_step3_star(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_relu_activations = dloss_predictions * weights2.T
    dloss_activations = dloss_relu_activations * (activations > 0)
    dloss_weights1 = inputs.T @ dloss_activations
    return dloss_weights1, dloss_weights2


def backward_step3_no_transpose(
    inputs, targets, weights2, activations, relu_activations, predictions
):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_relu_activations = dloss_predictions @ weights2
    return dloss_relu_activations, dloss_weights2


def backward_step5_order(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_relu_activations = dloss_predictions @ weights2.T
    dloss_activations = dloss_relu_activations * (activations > 0)
    dloss_weights1 = inputs @ dloss_activations
    return dloss_weights1, dloss_weights2


def backward_step5_weights1(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_weights1 = weights1.T @ inputs.T  # noqa: F821 (not an argument of backward)
    return dloss_weights1, dloss_weights2


def backward_blank(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)  # noqa: F841 (as in the exercise copy)
    dloss_weights2 = ...
    dloss_relu_activations = ...
    dloss_activations = dloss_relu_activations * (activations > 0)  # noqa: F841
    dloss_weights1 = ...
    return dloss_weights1, dloss_weights2


def descend_untouched(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        ...
    return np.array(path)


def sizes_no_transpose(f_slope, weights, activities, top_signal):
    signal = top_signal
    sizes = []
    for w, a in zip(weights[::-1], activities[::-1]):
        signal = (f_slope(a) * signal) @ w
        sizes.append(np.sqrt(np.mean(signal**2)))
    return sizes


def sizes_late_slope(f_slope, weights, activities, top_signal):
    signal = top_signal
    sizes = []
    for w, a in zip(weights[::-1], activities[::-1]):
        signal = f_slope(a) * (signal @ w.T)
        sizes.append(np.sqrt(np.mean(signal**2)))
    return sizes


def train_swapped(weights1, weights2, num_loops=500, learning_rate=1e-6):
    weights1, weights2 = weights1.copy(), weights2.copy()
    for _ in range(num_loops):
        activations, relu_activations, predictions = forward(inputs, weights1, weights2)
        dloss_weights1, dloss_weights2 = backward(
            inputs, targets, weights2, activations, relu_activations, predictions
        )
        weights1 -= learning_rate * dloss_weights2
        weights2 -= learning_rate * dloss_weights2
    return weights1, weights2, []


def slope_of_x_squared(x):
    return x**2


def forward_biases_with(first, second):
    """Notebook 6's forward with its two lines: Z from (x, w1, b1, b2), Y_hat from (h, w2, b2, b1,
    z)."""

    def forward(inputs, weights1, bias1, weights2, bias2):
        activations = first(inputs, weights1, bias1, bias2)
        relu_activations = relu(activations)
        predictions = second(relu_activations, weights2, bias2, bias1, activations)
        return activations, relu_activations, predictions

    return forward


def z_right(x, w1, b1, b2):
    return x @ w1 + b1


def y_right(h, w2, b2, b1, z):
    return h @ w2 + b2


def backward_biases_with(bias2_of, bias1_of):
    """Notebook 6's backward with its two bias lines: bias2_of(dloss_predictions) and
    bias1_of(dloss_activations, dloss_relu_activations, dloss_weights1)."""

    def backward(inputs, targets, weights2, activations, relu_activations, predictions):
        dloss_predictions = 2.0 * (predictions - targets) / len(targets)
        dloss_weights2 = relu_activations.T @ dloss_predictions
        dloss_bias2 = bias2_of(dloss_predictions)
        dloss_relu_activations = dloss_predictions @ weights2.T
        dloss_activations = dloss_relu_activations * (activations > 0)
        dloss_weights1 = inputs.T @ dloss_activations
        dloss_bias1 = bias1_of(dloss_activations, dloss_relu_activations, dloss_weights1)
        return dloss_weights1, dloss_bias1, dloss_weights2, dloss_bias2

    return backward


def sum_rows(d):
    return d.sum(axis=0, keepdims=True)


def bias1_right(dz, dh, dw1):
    return dz.sum(axis=0, keepdims=True)


# Notebooks 4 to 6: answers written out line by line, as a learner types them into the blanks ----


def error_slope_no_return(x):
    slope = 2 * x  # noqa: F841 (the return forgotten)


def train_blank(weights1, weights2, num_loops=500, learning_rate=1e-6):
    weights1, weights2 = weights1.copy(), weights2.copy()
    for _ in range(num_loops):
        activations, relu_activations, predictions = forward(inputs, weights1, weights2)
        dloss_weights1, dloss_weights2 = backward(  # noqa: F841 (as in the exercise copy)
            inputs, targets, weights2, activations, relu_activations, predictions
        )
        ...
        ...
    return weights1, weights2, []


def descend_two_lines(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        x = path[-1]
        path.append(x - learning_rate * error_slope(x))
    return np.array(path)


def descend_overwriting(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        path[-1] = path[-1] - learning_rate * error_slope(path[-1])
    return np.array(path)


def descend_replacing(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        path = path[-1] - learning_rate * error_slope(path[-1])
    return np.array(path)


def descend_whole_path(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        path.append(path - learning_rate * error_slope(path))
    return np.array(path)


def descend_not_stored(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        path[-1] - learning_rate * error_slope(path[-1])  # noqa: B018 (as a learner types it)
    return np.array(path)


def weight_after_while(x0, learning_rate, steps):
    weight = x0
    while steps > 0:
        weight = weight * (1 - 2 * learning_rate)
        steps -= 1
    return weight


def weight_after_itself(x0, learning_rate, steps):
    if steps == 0:
        return x0
    return weight_after_itself(x0 * (1 - 2 * learning_rate), learning_rate, steps - 1)


def weight_after_comprehension(x0, learning_rate, steps):
    return x0 * math.prod([1 - 2 * learning_rate for _ in [0] * steps])


def backward_lines(dp_of, mask_of):
    """Notebook 5's backward with its step 1, dp_of(predictions, targets), and its mask line,
    mask_of(dloss_relu_activations, activations, relu_activations, predictions)."""

    def backward(inputs, targets, weights2, activations, relu_activations, predictions):
        dloss_predictions = dp_of(predictions, targets)
        dloss_weights2 = relu_activations.T @ dloss_predictions
        dloss_relu_activations = dloss_predictions @ weights2.T
        dloss_activations = mask_of(
            dloss_relu_activations, activations, relu_activations, predictions
        )
        dloss_weights1 = inputs.T @ dloss_activations
        return dloss_weights1, dloss_weights2

    return backward


def step1(p, y):
    return 2.0 * (p - y)


def mask(dh, z, h, p):
    return dh * (z > 0)


initial_weights1 = INITIAL_WEIGHTS[0]  # notebook 5's starting weights, a name of its notebook


def train_initial_weights(weights1, weights2, num_loops=500, learning_rate=1e-6):
    weights1, weights2 = weights1.copy(), weights2.copy()
    for _ in range(num_loops):
        activations, relu_activations, predictions = forward(inputs, weights1, weights2)
        dloss_weights1, dloss_weights2 = backward(
            inputs, targets, weights2, activations, relu_activations, predictions
        )
        initial_weights1 -= learning_rate * dloss_weights1  # noqa: F823, F841 (the mistake)
        weights2 -= learning_rate * dloss_weights2
    return weights1, weights2, []


def train_not_stored(weights1, weights2, num_loops=500, learning_rate=1e-6):
    weights1, weights2 = weights1.copy(), weights2.copy()
    for _ in range(num_loops):
        activations, relu_activations, predictions = forward(inputs, weights1, weights2)
        dloss_weights1, dloss_weights2 = backward(
            inputs, targets, weights2, activations, relu_activations, predictions
        )
        weights1 - learning_rate * dloss_weights1  # noqa: B018 (as a learner types it)
        weights2 - learning_rate * dloss_weights2  # noqa: B018
    return weights1, weights2, []


def backward_bias1_with(bias1_of):
    """Notebook 6's backward with its bias1 line bias1_of(inputs, dloss_predictions,
    dloss_activations)."""

    def backward(inputs, targets, weights2, activations, relu_activations, predictions):
        dloss_predictions = 2.0 * (predictions - targets) / len(targets)
        dloss_weights2 = relu_activations.T @ dloss_predictions
        dloss_bias2 = dloss_predictions.sum(axis=0, keepdims=True)
        dloss_relu_activations = dloss_predictions @ weights2.T
        dloss_activations = dloss_relu_activations * (activations > 0)
        dloss_weights1 = inputs.T @ dloss_activations
        dloss_bias1 = bias1_of(inputs, dloss_predictions, dloss_activations)
        return dloss_weights1, dloss_bias1, dloss_weights2, dloss_bias2

    return backward


def backward_ones_column(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets) / len(targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_bias2 = np.ones_like(dloss_predictions) @ dloss_predictions
    return inputs, dloss_weights2, dloss_weights2, dloss_bias2


def descend_grid(x0, learning_rate, steps):
    path = [x0]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * 2 * x)  # noqa: F821 (notebook 4's grid of weights)
    return np.array(path)


def forward_initial_weights(inputs, weights1, weights2):
    activations = inputs @ initial_weights1  # notebook 5's, not the argument
    relu_activations = relu(activations)
    predictions = relu_activations @ weights2
    return activations, relu_activations, predictions


def backward_initial_weights(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_relu_activations = dloss_predictions @ initial_weights2.T  # noqa: F821 (notebook 5's)
    dloss_activations = dloss_relu_activations * (activations > 0)
    dloss_weights1 = inputs.T @ dloss_activations
    return dloss_weights1, dloss_weights2


def backward_mask_twice(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_relu_activations = (dloss_predictions @ weights2.T) * (activations > 0)
    dloss_activations = dloss_relu_activations * (activations > 0)
    dloss_weights1 = inputs.T @ dloss_activations
    return dloss_weights1, dloss_weights2


def backward_times_hidden(inputs, targets, weights2, activations, relu_activations, predictions):
    dloss_predictions = 2.0 * (predictions - targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_relu_activations = dloss_predictions @ weights2.T * relu_activations
    dloss_activations = dloss_relu_activations * (activations > 0)
    dloss_weights1 = inputs.T @ dloss_activations
    return dloss_weights1, dloss_weights2


def gradient_of(vector):
    """Notebook 5's gradient_of, which takes all the network's weights as one vector."""
    return vector.reshape(1000, 100)


def hessian_times_gradient_of(gradient, weights, vector, epsilon=1e-5):
    step = epsilon * vector
    change = gradient_of(weights + step) - gradient_of(weights - step)
    return change / (2 * epsilon)


def he_in_place():
    """he_weights1 = initial_weights1, then he_weights1 *= ...: both names, one array."""
    initial_weights1, initial_weights2 = (w.copy() for w in INITIAL_WEIGHTS)
    he_weights1, he_weights2 = initial_weights1, initial_weights2
    he_weights1 *= np.sqrt(2 / 1000)
    he_weights2 *= np.sqrt(2 / 100)
    return he_weights1, he_weights2, initial_weights1, initial_weights2


def he_of_scaled_initial():
    """The cell fixed after he_in_place, but the initial weights' cell not run again."""
    initial_weights1, initial_weights2 = he_in_place()[2:]
    he_weights1 = initial_weights1 * np.sqrt(2 / 1000)
    return he_weights1, initial_weights2 * np.sqrt(2 / 100), initial_weights1, initial_weights2


def forward_train_inputs(inputs, weights1, bias1, weights2, bias2):
    activations = train_inputs @ weights1 + bias1  # noqa: F821 (notebook 6's training set)
    relu_activations = relu(activations)
    predictions = relu_activations @ weights2 + bias2
    return activations, relu_activations, predictions


def backward_bias2_of_weights2(
    inputs, targets, weights2, activations, relu_activations, predictions
):
    dloss_predictions = 2.0 * (predictions - targets) / len(targets)
    dloss_weights2 = relu_activations.T @ dloss_predictions
    dloss_bias2 = dloss_weights2.sum(axis=0, keepdims=True)
    dloss_relu_activations = dloss_predictions @ weights2.T
    dloss_activations = dloss_relu_activations * (activations > 0)
    dloss_weights1 = inputs.T @ dloss_activations
    dloss_bias1 = dloss_activations.sum(axis=0, keepdims=True)
    return dloss_weights1, dloss_bias1, dloss_weights2, dloss_bias2


NOTEBOOK_4 = {"np": np, "error_slope": error_slope, "x": np.linspace(-8, 8, 161)}
NOTEBOOK_6 = {
    "np": np,
    "relu": relu,
    "train_inputs": np.random.default_rng(0).uniform(-3, 3, size=(40, 1)),
    "initial_weights1": np.random.default_rng(1).standard_normal((1, 32)),
}


# Each check with the answers that must pass ------------------------------------------------------

RIGHT_ANSWERS = [
    (check.relu, relu),
    (check.relu, lambda a: a * (a > 0)),
    (check.relu, lambda a: np.where(a > 0, a, 0)),
    (check.relu, lambda a: np.clip(a, 0, None)),
    (check.relu, lambda a: (a + np.abs(a)) / 2),
    (check.relu, lambda a: np.maximum(0, a)),
    (check.relu, lambda a: np.maximum(a, 0.0)),
    (check.relu, lambda a: np.where(a < 0, 0, a)),
    (check.relu, lambda a: np.fmax(a, 0)),
    (check.threshold, lambda a: np.where(a > 0, 1, 0)),
    (check.threshold, lambda a: (a > 0) * 1),
    (check.threshold, lambda a: np.heaviside(a, 0)),
    (check.threshold, lambda a: np.where(a > 0, 1.0, 0.0)),
    (check.threshold, lambda a: np.where(a <= 0, 0, 1)),
    (check.threshold, lambda a: np.greater(a, 0) * 1),
    (check.relu_slope, lambda a: np.where(a > 0, 1.0, 0.0)),
    (check.relu_slope, lambda a: 1.0 * (a > 0)),
    (check.relu_slope, lambda a: np.heaviside(a, 0)),
    (check.relu_slope, lambda a: np.where(a <= 0, 0.0, 1.0)),
    (check.relu_slope, lambda a: (a > 0) * 1),
    (check.sigmoid, lambda a: 1 / (1 + np.exp(-a))),
    (check.sigmoid, lambda a: np.exp(a) / (1 + np.exp(a))),
    (check.sigmoid, lambda a: 0.5 * (1 + np.tanh(a / 2))),
    (check.sigmoid, lambda a: 1 / (1 + np.e**-a)),
    (check.sigmoid, lambda a: 1 / (1 + math.e**-a)),
    (check.sigmoid, lambda a: (1 + np.exp(-a)) ** -1),
    (check.sigmoid, lambda a: 1 / (1 + 1 / np.exp(a))),
    (check.error_slope, error_slope),
    (check.error_slope, lambda x: x + x),
    (check.error_slope, lambda x: x * 2.0),
    (check.error_slope, lambda x: np.multiply(2, x)),
    (check.learning_rate_limit, lambda c: 2 / c),
    (check.learning_rate_limit, lambda c: 2 * c**-1.0),
    (check.learning_rate_limit, lambda c: np.divide(2, c)),
    (check.activity, 19),
    (check.activity, 19.0),
    (check.activity, np.dot([2, 3, 4], [1, -1, 5])),
    (check.activity, np.int64(19)),
    (check.activity, sum([2, -3, 20])),
    (check.activity, 2 * 1 + 3 * -1 + 4 * 5),
    (check.silent_below, -22 / 3),
    (check.silent_below, 22 / -3),
    (check.silent_below, -7.333333333333333),
    (check.silent_below, np.float64(-22) / 3),
    (check.bias_activities, LESSON_X @ np.array([1, -1, 5]) - 10),
    (check.bias_activities, np.column_stack([LESSON_X, np.ones(4)]) @ np.array([1, -1, 5, -10])),
    (check.bias_activities, np.array([9, -12, -5, -15])),
    (check.bias_activities, [9, -12, -5, -15]),
    (check.bias_activities, np.dot(LESSON_X, [1, -1, 5]) - 10),
    (check.bias_activities, LESSON_X.dot(np.array([1, -1, 5])) + -10),
    (check.bias_activities, np.sum(LESSON_X * np.array([1, -1, 5]), axis=1) - 10),
    (check.bias_activities, LESSON_X @ np.array([1, -1, 5]) - 10 * np.ones(4)),
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: (f(a) * s) @ w.T)),
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: (s * f(a)) @ np.transpose(w))),
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: w @ (f(a) * s))),
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: np.dot(f(a) * s, w.T))),
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: (f(a) * s).dot(w.T))),
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: f(a) * s @ w.T)),
    (check.abs_network, (np.array([[1.0, -1.0]]), np.array([[1.0], [1.0]]))),
    (check.abs_network, (np.array([[-1.0, 1.0]]), np.array([[1.0], [1.0]]))),
    (check.abs_network, (np.array([[2.0, -2.0]]), np.array([[0.5], [0.5]]))),
    (check.abs_network, ([[1, -1]], [[1], [1]])),
    (check.abs_network, (np.array([[1, -1]]), np.array([[1, 1]]).T)),
    (check.abs_network, (np.array([1, -1]).reshape(1, 2), np.ones((2, 1)))),
    (check.neuron_inputs, inputs_of(right_place)),
    (check.neuron_inputs, inputs_of(lambda pgm, i, h: pgm.add_node(f"x{i}", f"$x_{i}$", x=0, y=h))),
    (  # the older spelling, as the article writes it
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(daft.Node(f"x{i}", rf"$x_{i}$", 0, h))),
    ),
    (  # the notation's x_i, and the article's input1: unambiguous, so accepted
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(f"x_{i}", rf"$x_{i}$", 0, h)),
    ),
    (check.neuron_inputs, inputs_of(lambda pgm, i, h: pgm.add_node(f"input{i}", f"$x{i}$", 0, h))),
    (check.neuron_diagram, neuron_of(right_edge)),
    (
        check.neuron_diagram,
        neuron_of(lambda pgm, i: pgm.add_edge(f"x{i}", "activity", label=f"$w{i}$", yoffset=DY[i])),
    ),
    (
        check.neuron_diagram,
        neuron_of(
            lambda pgm, i: pgm.add_edge(f"x_{i}", "activity", label=rf"$w_{i}$", yoffset=DY[i]),
            lambda pgm, i, h: pgm.add_node(f"x_{i}", rf"$x_{i}$", 0, h),
        ),
    ),
    (check.neuron_diagram, neuron_of(edge_with(label=lambda i, dy: f"$w_{{{i}}}$"))),
    (check.neuron_diagram, neuron_of(edge_with(label=lambda i, dy: "$w_" + str(i) + "$"))),
    (check.neuron_diagram, neuron_of(edge_with(directed=lambda i, dy: True))),
    (check.neuron_diagram, neuron_of(edge_with(xoffset=lambda i, dy: 0.0))),
    (check.count_edges, lambda sizes: sum(a * b for a, b in zip(sizes, sizes[1:]))),
    (check.count_edges, lambda sizes: int(np.dot(sizes[:-1], sizes[1:]))),
    (check.count_edges, count_in_a_loop),
    (check.count_edges, lambda sizes: sum(sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1))),
    (check.count_edges, lambda sizes: sum([a * b for a, b in zip(sizes[:-1], sizes[1:])])),
    (check.descend, descend),
    # notebook 4's descend is descent on y = x**2: its text writes the step as the factor
    # 1 - 2 * learning_rate, and exercise 3 answers another error on paper
    (check.descend, descend_with(lambda path, x0, rate: (1 - 2 * rate) * path[-1])),
    (check.descend, descend_with(lambda path, x0, rate: path[-1] - rate * 2 * path[-1])),
    (check.descend, descend_two_lines),
    (check.weight_after, lambda x0, rate, steps: x0 * (1 - 2 * rate) ** steps),
    (check.weight_after, lambda x0, rate, steps: x0 * np.power(1 - 2 * rate, steps)),
    (check.weight_after, lambda x0, rate, steps: (1 - 2 * rate) ** steps * x0),
    (check.weight_after, lambda x0, rate, steps: x0 * pow(1 - 2 * rate, steps)),
    (check.forward, forward),
    (check.forward, forward_with(np.dot, lambda h, w2, z: np.dot(h, w2))),
    (check.forward, forward_with(np.matmul, lambda h, w2, z: relu(z) @ w2)),
    (check.backward, backward),
    (check.backward, backward_with(lambda h, dp, z: (dp.T @ h).T, right3, right5)),
    (check.backward, backward_with(lambda h, dp, z: np.dot(h.T, dp), right3, right5)),
    (check.backward, backward_lines(step1, lambda dh, z, h, p: dh * (h > 0))),
    (check.backward, backward_lines(step1, lambda dh, z, h, p: np.where(z > 0, dh, 0))),
    (check.backward, backward_lines(lambda p, y: 2 * p - 2 * y, mask)),
    (check.train, train_with(step)),
    (check.train, train_with(lambda w1, w2, g1, g2, r: (w1 - r * g1, w2 - r * g2))),
    (check.train, train_with(lambda w1, w2, g1, g2, r: (w1 - g1 * r, w2 + -r * g2))),
    (check.curvature, (hessian_times, largest_curvature)),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(w + h * v) - g(w - h * v)) / 2 / h, largest_curvature),
    ),
    (
        check.curvature,
        (
            lambda g, w, v, eps=1e-4: (g(w + eps * v) - g(w - eps * v)) / (2 * eps),
            largest_curvature,
        ),
    ),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, 20 * w2)),
    (check.bowl_gradient, lambda w1, w2: [w1 * 2.0, w2 * 20.0]),
    (check.bowl_gradient, lambda w1, w2: np.array([2 * w1, 10 * 2 * w2])),
    (check.bowl_gradient, lambda w1, w2: (error_slope(w1), 10 * error_slope(w2))),
    (check.forward_with_biases, forward_biases_with(z_right, y_right)),
    (
        check.forward_with_biases,
        forward_biases_with(
            lambda x, w1, b1, b2: b1 + np.dot(x, w1), lambda h, w2, b2, b1, z: np.dot(h, w2) + b2
        ),
    ),
    (check.bias_gradients, backward_biases_with(sum_rows, bias1_right)),
    (
        check.bias_gradients,
        backward_biases_with(
            lambda dp: np.sum(dp, keepdims=True),
            lambda dz, dh, dw1: np.sum(dz, axis=0, keepdims=True),
        ),
    ),
    (
        check.bias_gradients,
        backward_biases_with(
            lambda dp: np.ones((1, len(dp))) @ dp,  # a bias is a weight on an input of 1s
            lambda dz, dh, dw1: np.ones((1, len(dz))) @ dz,
        ),
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dz.sum(axis=0).reshape(1, -1)),
    ),
    (
        check.bias_gradients,
        backward_biases_with(
            lambda dp: np.ones_like(dp).T @ dp,  # the column of ones, turned into a row
            lambda dz, dh, dw1: dz.sum(axis=0)[np.newaxis, :],
        ),
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: np.add(x @ w1, b1), y_right),
    ),
]


def verdict(capsys, run, answer):
    """(what the check printed, the Stop it raised or None)."""
    arguments = answer if isinstance(answer, tuple) else (answer,)
    try:
        run(*arguments)
    except check.Stop as stop:
        return capsys.readouterr().out, stop
    return capsys.readouterr().out, None


@pytest.mark.parametrize(("run", "answer"), RIGHT_ANSWERS)
def test_a_right_answer_gets_a_tick(capsys, run, answer):
    said, stop = verdict(capsys, run, answer)
    assert said.startswith(check.RIGHT) and said.count("\n") == 1 and stop is None, said


def test_the_he_scale_and_its_spellings_get_a_tick(capsys):
    for answer in [he(np.sqrt(2 / 1000), np.sqrt(2 / 100)), he(1 / np.sqrt(500), 1 / np.sqrt(50))]:
        said, stop = verdict(capsys, check.he_scale, answer)
        assert said.startswith(check.RIGHT) and stop is None, said


WRONG_ANSWERS = [
    # relu, notebooks 1 and 2
    (check.relu, relu_list, "gives a list, not a numpy array"),
    (check.relu, relu_python_max, "Python's max"),
    (check.relu, relu_np_max, "np.max(a, 0) it is the largest entry"),
    (check.relu, relu_no_return, "returns nothing (None)"),
    (check.relu, lambda a: ..., "still returns `...`: fill in the blank"),
    (check.relu, np.abs, "absolute value"),
    (check.relu, lambda a: a, "unchanged"),
    (check.relu, lambda a: (a > 0) * 1, "that is the threshold"),
    (check.relu, relu_in_place, "changed the array it was given"),
    (check.relu, lambda a: np.minimum(a, 0), "np.minimum where np.maximum"),
    (check.relu, lambda a: a[a > 0], "gives shape (3,), expected (6,)"),
    (check.relu, relu_if, "asks `if` of a whole array"),
    (check.relu, lambda a: max(0, a), "uses Python's max"),
    (check.relu, lambda a: np.maximum(a), "maximum() needs 2 inputs, and it was given 1"),
    (check.relu, lambda a: np.clip(a, 0), "clip() also needs a_max, which is missing"),
    (check.relu, lambda a: a.maximum(0), "an array has no method maximum: numpy's function"),
    (check.relu, lambda a: np.maximun(a, 0), "numpy has no maximun: did you mean np.maximum?"),
    (  # the notebook's input x, not the argument a
        check.relu,
        in_notebook(lambda a: np.maximum(x, 0), np=np, x=np.array([2.0, 3.0, 4.0])),  # noqa: F821
        "never uses its argument a, and uses x, a name of the notebook, instead",
    ),
    # threshold
    (check.threshold, lambda a: a > 0, "True/False"),
    (check.threshold, lambda a: (a > 0).astype(float), "uses .astype, which a single number"),
    (check.threshold, lambda a: np.where(a >= 0, 1, 0), "use >, not >="),
    (check.threshold, np.sign, "the sign of a"),
    (check.threshold, relu, "that is ReLU"),
    (check.threshold, threshold_if, "asks `if` of a whole array"),
    (check.threshold, lambda a: np.where(a > 0, 1), "np.where takes three things"),
    (check.threshold, lambda a: np.where(a > 0, 0, 1), "1 and 0 are swapped"),
    (check.threshold, lambda a: np.where(a > 0, 1, -1), "a silent neuron gives 0, not −1"),
    (check.threshold, lambda a: ..., "fill in the blank"),
    # relu_slope, notebook 2
    (check.relu_slope, lambda a: np.where(a >= 0, 1.0, 0.0), "use >, not >="),
    (check.relu_slope, relu, "ReLU itself"),
    (check.relu_slope, lambda a: np.where(a > 0, 1.0, np.where(a == 0, 0.5, 0)), "0.5 at a = 0"),
    (check.relu_slope, lambda a: a > 0, "True/False"),
    (check.relu_slope, np.sign, "the sign of a"),
    (check.relu_slope, lambda a: 1.0, "one value per entry"),
    (check.relu_slope, lambda a: np.where(a > 0, 0.0, 1.0), "1 and 0 are swapped"),
    (check.relu_slope, lambda a: np.where(a > 0, 1.0, -1.0), "0, not −1, where the activity"),
    (check.relu_slope, lambda a: relu(a) / a, "for 0 it gives nan, expected 0: ReLU(a) / a"),
    (  # notebook 2's slope(relu, a), printed beside relu_slope
        check.relu_slope,
        lambda a: (relu(a + 1e-6) - relu(a - 1e-6)) / 2e-6,
        "0.5 at a = 0 is the central difference",
    ),
    # sigmoid
    (check.sigmoid, lambda a: 1 / (1 + np.exp(a)), "the sign in the exponent"),
    (check.sigmoid, lambda a: 1 / 1 + np.exp(-a), "brackets"),
    (check.sigmoid, sigmoid_math, "math module"),
    (check.sigmoid, np.tanh, "that is tanh"),
    (check.sigmoid, lambda a: 1 / (1 - np.exp(-a)), "the denominator has a minus"),
    (check.sigmoid, lambda a: np.exp(-a) / (1 + np.exp(-a)), "with 1 on top"),
    (
        check.sigmoid,
        in_notebook(lambda a: 1 / (1 + e**-a), np=np),  # noqa: F821
        "uses e, which Python does not know by itself: numpy's is np.e.",
    ),
    (
        check.sigmoid,
        in_notebook(lambda a: 1 / (1 + exp(-a)), np=np),  # noqa: F821
        "numpy's is np.exp.",
    ),
    (check.sigmoid, lambda a: 1 / (1 + np.exp**-a), "computes with a function itself"),
    (check.sigmoid, lambda a: 1 / (1 + 2.718**-a), "2.718 is e rounded"),
    (check.sigmoid, lambda a: ..., "fill in the blank"),
    # the worked example's activity, notebook 1
    (check.activity, 14, "adds all six numbers"),
    (check.activity, 25, "w2 is negative"),
    (check.activity, 45, "sum of the inputs by the sum of the weights"),
    (check.activity, -120, "multiplies the products"),
    (check.activity, 2, "only the first product"),
    (check.activity, 18, "the activity is x1 * w1 + x2 * w2 + x3 * w3."),
    (check.activity, 17, "that leaves out x1 * w1 = 2"),
    (check.activity, 22, "that leaves out x2 * w2 = -3"),
    (check.activity, 8, "adds x3 + w3 where it should multiply"),
    (check.activity, -5, "x3 is multiplied by w2"),
    (check.activity, [2, -3, 20], "a is [2, -3, 20], the products one by one"),
    (check.activity, "19", "leave out the quotes"),
    (check.activity, ..., "fill in the blank"),
    # where the worked example falls silent, notebook 1
    (check.silent_below, 22 / 3, "check the sign"),
    (check.silent_below, -3 / 22, "upside down"),
    (check.silent_below, -22, "divide by x2"),
    (check.silent_below, -66, "do not multiply"),
    (check.silent_below, -22 // 3, "// rounds down"),
    (check.silent_below, -19 / 3, "the activity 19"),
    (check.silent_below, -7.3, "is -7.3, −22/3 rounded: compute it (-rest / x2, or -22 / 3), do"),
    (check.silent_below, -7.33, "−22/3 rounded: compute it (-rest / x2, or -22 / 3), do not round"),
    (check.silent_below, -7.333, "do not round"),
    (check.silent_below, -7.335, "do not round"),
    (check.silent_below, round(-22 / 3, 2), "do not round"),
    (check.silent_below, int(-22 / 3), "without its decimals"),
    (check.silent_below, 7.33, "check the sign"),
    (check.silent_below, ..., "fill in the blank"),
    # the activities with a bias, notebook 1
    (check.bias_activities, LESSON_X @ np.array([1, -1, 5]), "the bias is missing"),
    (check.bias_activities, LESSON_X @ np.array([1, -1, 5]) + 10, "that subtracts b"),
    (check.bias_activities, np.array([9, 0, 0, 0]), "the outputs ReLU(a)"),
    (check.bias_activities, LESSON_X @ np.array([-9, -11, -5]), "adds b to every weight"),
    (check.bias_activities, (LESSON_X - 10) @ np.array([1, -1, 5]), "adds b to every input"),
    (check.bias_activities, LESSON_X @ np.array([1, -1, 5]) * -10, "multiplies by b"),
    (check.bias_activities, np.int64(9), "one number, 9: X has 4 examples"),
    (check.bias_activities, LESSON_X.T @ np.array([1, -1, 5, 0]) - 10, "shape (3,), expected (4,)"),
    (check.bias_activities, np.array([9, -12, -5, -14]), "each activity is x · w + b"),
    (
        check.bias_activities,
        LESSON_X * np.array([1, -1, 5]) - 10,
        "shape (4, 3), expected (4,): X * w multiplies entry by entry",
    ),
    (
        check.bias_activities,
        np.sum(LESSON_X * np.array([1, -1, 5])) - 10,
        "one number, 7: that adds up the activities of all 4 examples",
    ),
    (check.bias_activities, sum(LESSON_X * np.array([1, -1, 5])) - 10, "adds up each column"),
    (
        check.bias_activities,
        np.sum(LESSON_X * np.array([1, -1, 5]), axis=0) - 10,
        "that adds up each column, one total per input (as np.sum(..., axis=0) or Python's sum "
        "do). Each example's activity adds up its own row: np.sum(X * w, axis=1), or X @ w.",
    ),
    (check.bias_activities, relu(LESSON_X @ np.array([1, -1, 5])) - 10, "adds b after ReLU"),
    (check.bias_activities, ..., "fill in the blank"),
    # one layer back, notebook 2
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: s @ w.T), "slopes are missing"),
    (check.backward_sizes, sizes_no_transpose, "multiplies the signal by w, not by its transpose"),
    (
        check.backward_sizes,
        backward_sizes_with(lambda f, w, a, s: f(s) @ w.T),
        "slope at the signal",
    ),
    (check.backward_sizes, sizes_late_slope, "the slopes come after the weights"),
    (
        check.backward_sizes,
        backward_sizes_with(lambda f, w, a, s: s @ w.T * f(a)),
        "the slopes come after the weights: f_slope(a) belongs to this layer, where the signal "
        "arrives, so multiply by it first, then by the weights: (f_slope(a) * signal) @ w.T.",
    ),
    (
        check.backward_sizes,
        sizes_top_signal,
        "every layer starts again from top_signal: a layer sends back the signal that the layer "
        "above sent it, signal, which the loop updates.",
    ),
    (
        check.backward_sizes,
        sizes_inverse,
        "np.linalg.inv inverts only a square table (as many rows as columns)",
    ),
    (check.backward_sizes, backward_sizes_with(lambda f, w, a, s: ...), "fill in"),
    (
        check.backward_sizes,
        backward_sizes_with(lambda f, w, a, s: np.dot(f(a) * s, w)),
        "that multiplies the signal by w, not by its transpose: going back through a layer is "
        "(f_slope(a) * signal) @ w.T.",
    ),
    (
        check.backward_sizes,
        backward_sizes_with(lambda f, w, a, s: (f(a) @ s) @ w.T),
        "`f(a) @ s` is one number, because @ of two rows adds up their products",
    ),
    (check.backward_sizes, sizes_own_slope, "never uses its argument f_slope, and uses relu_slope"),
    (
        check.backward_sizes,
        backward_sizes_with(lambda f, w, a, s: w.T @ (f(a) * s)),
        "multiplies the signal by w, not by its transpose",
    ),
    # the two ReLU units that give |x|, notebook 2
    (check.abs_network, (np.array([[1.0, -1.0]]), np.array([[1.0], [-1.0]])), "that is x itself"),
    (check.abs_network, (np.array([[1.0, -1.0]]), np.array([[-1.0], [-1.0]])), "that is −|x|"),
    (
        check.abs_network,
        (np.array([[1.0, 1.0]]), np.array([[1.0], [1.0]])),
        "for x = -2 the network gives 0, expected |x| = 2: it gives 0 for every negative x: one "
        "unit must get −x",
    ),
    (
        check.abs_network,
        (np.array([[-1.0, -1.0]]), np.array([[1.0], [1.0]])),
        "for x = 0.5 the network gives 0, expected |x| = 0.5: it gives 0 for every positive x: "
        "one unit must get x",
    ),
    (
        check.abs_network,
        (np.array([[1.0, -1.0]]), np.array([[1.0], [0.0]])),
        "0 for every negative x: the unit that gets −x from W1 (it is active where x < 0) is not "
        "added: its entry of W2 is 0.",
    ),
    (
        check.abs_network,
        (np.array([[1.0, -1.0]]), np.array([[0.0], [1.0]])),
        "for x = 0.5 the network gives 0, expected |x| = 0.5: it gives 0 for every positive x: "
        "the unit that gets x",
    ),
    (
        check.abs_network,
        (np.array([[0.0, 0.0]]), np.array([[1.0], [1.0]])),
        "it gives 0 for every x: W1 is 0, so neither unit is ever active.",
    ),
    (
        check.abs_network,
        (np.array([[1.0, -1.0]]), np.array([[0.0], [0.0]])),
        "it gives 0 for every x: W2 is 0, so the output ignores both units.",
    ),
    (
        check.abs_network,
        (np.array([[-1.0, -1.0]]), np.array([[1.0], [-1.0]])),
        "it gives 0 for every x: W1 should give one unit x and the other −x",
    ),
    (check.abs_network, (np.array([[1.0, -1.0]]), np.array([[0.5], [0.5]])), "0.5 times |x|"),
    (
        check.abs_network,
        (np.array([[1.0, -1.0]]), np.array([[1.0], [2.0]])),
        "the two units are right, ReLU(x) and ReLU(−x): W2 should add them, each with weight 1.",
    ),
    (
        check.abs_network,
        (np.array([[-1.0, 1.0]]), np.array([[1.0], [2.0]])),
        "the two units are right",
    ),
    (
        check.abs_network,
        (np.array([[1.0, -2.0]]), np.array([[1.0], [1.0]])),
        "the other only for x < 0",
    ),
    (
        check.abs_network,
        (np.array([[1.0], [-1.0]]), np.array([[1.0], [1.0]])),
        "shape (2, 1), expected (1, 2)",
    ),
    (
        check.abs_network,
        (np.array([1.0, -1.0]), np.array([1.0, 1.0])),
        "abs_weights1 has shape (2,)",
    ),
    (
        check.abs_network,
        (np.array([[1.0, -1.0]]), np.array([[1.0, 1.0]])),
        "abs_weights2 has shape (1, 2)",
    ),
    (check.abs_network, (..., ...), "fill in the blank"),
    (check.abs_network, (np.array([[1.0, -1.0]]), ...), "abs_weights2 is still `...`"),
    (check.abs_network, (np.array([[1.0, -1.0]]), np.array([[-1.0], [1.0]])), "that is −x"),
    (check.abs_network, (np.array([[1.0, -1.0]]), [1, 1]), "abs_weights2 has shape (2,)"),
    (check.abs_network, (1, [[1], [1]]), "abs_weights1 is one number, 1: it is a table of 1 x 2"),
    (
        check.abs_network,
        (np.array([[1.0, -1.0]]), np.array([[0.5], [0.5]])),
        "W2 weights each unit by 0.5",
    ),
    # the neuron's input nodes, notebook 3
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(f"x{i}", rf"$x_{i}$", h, 0)),
        "The horizontal position comes first",
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(f"x{i}", 0, h)),
        "add_node takes the name, then the label",
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node("x{i}", rf"$x_{i}$", 0, h)),
        "only an f-string",
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(f"x{i}", rf"$x_{i}$", 0, i)),
        "The loop gives each input its height",
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(f"x{i}", r"$x_i$", 0, h)),
        "label it with its own number",
    ),
    (check.neuron_inputs, inputs_of(lambda pgm, i, h: None), "there is no node x1: fill in"),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: [right_place(pgm, i, h), pgm.add_node(f"in{i}", "", 0, 0)]),
        "Nodes added earlier stay in it: run the cells again from `neuron = daft.PGM(...)`",
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node("x1", rf"$x_{i}$", 0, h)),
        "there is one input node, 'x1', not 3. Every pass of the loop gave its node that name",
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node("x_i", rf"$x_{i}$", 0, h)),
        "there is one input node, 'x_i', not 3. Every pass of the loop gave its node that name, "
        'and a node added again under a name replaces the first. Put i into the name: f"x{i}".',
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(f"x{i}")),
        "x1 has no label and no position: add_node takes the name, then the label",
    ),
    (
        check.neuron_inputs,
        inputs_of(lambda pgm, i, h: pgm.add_node(["first", "second", "third"][i - 1], "", 0, h)),
        'there is no node x1. Name the input nodes x1, x2, x3 (f"x{i}"): this diagram\'s are '
        "'first', 'second', 'third'.",
    ),
    # the neuron's edges, notebook 3
    (
        check.neuron_diagram,
        neuron_of(lambda pgm, i: pgm.add_edge("activity", f"x{i}", label=rf"$w_{i}$")),
        "points from activity to x1",
    ),
    (
        check.neuron_diagram,
        neuron_of(lambda pgm, i: pgm.add_edge(f"x{i}", "output", label=rf"$w_{i}$")),
        "skips the activity",
    ),
    (
        check.neuron_diagram,
        neuron_of(lambda pgm, i: pgm.add_edge(f"x{i}", "activity", label=r"$w_i$")),
        "each input has its own weight",
    ),
    (check.neuron_diagram, neuron_of(lambda pgm, i: pgm.add_edge(f"x{i}", "activity")), "no label"),
    (
        check.neuron_diagram,
        neuron_of(lambda pgm, i: [right_edge(pgm, i), right_edge(pgm, i)]),
        "is there 2 times: an edge added again is drawn again, and daft cannot remove one. "
        "Rebuild the diagram: run the cells again from `neuron = daft.PGM(...)`",
    ),
    (check.neuron_diagram, neuron_of(lambda pgm, i: None), "no edge x1 → activity: fill in"),
    (  # the label passed third, by position: daft takes it as `directed`
        check.neuron_diagram,
        neuron_of(lambda pgm, i: pgm.add_edge(f"x{i}", "activity", rf"$w_{i}$")),
        "add_edge's third argument is not the label, daft reads it as `directed`",
    ),
    (
        check.neuron_diagram,
        neuron_of(lambda pgm, i: pgm.add_edge("x1", "activity", label=rf"$w_{i}$")),
        "the edge x1 → activity is there 3 times, and there is no edge x2 → activity: every "
        "pass of the loop drew the same edge",
    ),
    (
        check.neuron_diagram,
        neuron_of(right_edge, lambda pgm, i, h: pgm.add_node(f"x{i}", rf"$x_{i}$", h, 0)),
        "The horizontal position comes first",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(label=lambda i, dy: rf"$x_{i}$")),
        "the edge from x1 is labelled '$x_1$': an edge carries its weight, $w_1$, not its input",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(label=lambda i, dy: f"x{i}")),
        "the edge from x1 is labelled 'x1': an edge carries its weight, $w_1$",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(label=lambda i, dy: f"w{i}")),
        "the edge from x1 is labelled 'w1', plain text: put it between dollar signs",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(label=lambda i, dy: rf"$W_{i}$")),
        "the edge from x1 is labelled '$W_1$': label it with its weight, $w_1$",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(directed=lambda i, dy: False)),
        "the edge from x1 has no arrowhead (directed=False)",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(yoffset=lambda i, dy: -dy)),
        "the labels are at -dy, each on the other side of its edge",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(yoffset=lambda i, dy: dy * 10)),
        "the labels are at 10 times dy (3, 2, -4.5 cm): dy is already the height in centimetres",
    ),
    (
        check.neuron_diagram,
        neuron_of(lambda pgm, i: pgm.add_edge(f"x{i}", "activity", label=rf"$w_{i}$")),
        "the labels are at daft's height, yoffset 0.1 cm",
    ),
    (
        check.neuron_diagram,
        neuron_of(
            lambda pgm, i: pgm.add_edge(f"x{i}", "activity", label=rf"$w_{i}$", xoffset=DY[i])
        ),
        "the edge from x1 has xoffset=0.3, which moves its label sideways: dy is a height, "
        "yoffset=dy.",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(yoffset=lambda i, dy: 0.3)),
        "every label is at yoffset 0.3: give each its own height from the loop, yoffset=dy.",
    ),
    (
        check.neuron_diagram,
        neuron_of(edge_with(yoffset=lambda i, dy: 0.2 if i == 1 else dy)),
        "the label of the edge from x1 is at yoffset 0.2, expected 0.3",
    ),
    # the edges of a network, notebook 3
    (check.count_edges, sum, "counts the nodes"),
    (check.count_edges, lambda sizes: int(np.prod(sizes)), "multiplies all the layers"),
    (check.count_edges, lambda s: sum(a + b for a, b in zip(s, s[1:])), "adds the sizes"),
    (check.count_edges, lambda sizes: len(sizes) - 1, "counts the layers of edges"),
    (check.count_edges, lambda sizes: ..., "fill in the blank"),
    (  # notebook 3 does not import numpy
        check.count_edges,
        in_notebook(lambda sizes: int(np.dot(sizes[:-1], sizes[1:]))),
        "uses np, a module this notebook has not imported. Add `import numpy as np`",
    ),
    (check.count_edges, lambda sizes: sum(sizes[:-1] * sizes[1:]), "lists do not compute entry"),
    (
        check.count_edges,
        in_notebook(lambda sizes: sum(a * b for a, b in zip(size, size[1:]))),  # noqa: F821
        "uses size, which is not defined here: <lambda> gets sizes. Check the spelling.",
    ),
    (check.count_edges, count_returns_in_loop, "only the edges between the first two layers"),
    (check.count_edges, count_replaces, "each pass replaces the count instead of adding"),
    (
        check.count_edges,
        count_past_the_end,
        "On the last pass sizes[i + 1] is past the end: stop one pass earlier",
    ),
    (check.count_edges, lambda s: sum(a * b for a, b in zip(s, s)), "each layer by itself"),
    (check.count_edges, lambda sizes: 1000 * 100 + 100 * 1, "the lesson's network"),
    (check.count_edges, lambda s: s[0] * s[1] + s[1] * s[2], "as if every network had three"),
    (
        check.count_edges,
        lambda sizes: [a * b for a, b in zip(sizes, sizes[1:])],
        "count_edges([4, 5, 3, 1]) gives [20, 15, 3], the edges between each pair of "
        "neighbouring layers: add them up into one number",
    ),
    (check.count_edges, lambda sizes: [sum(sizes)], "gives [13], not one number"),
    # the checks' engine: what numpy and Python say, put in words for the function used
    (
        check.relu,
        relu_zeros,
        "`np.maximum(a, np.zeros(2))`: np.maximum works entry by entry, and arrays of shapes "
        "(6,) and (2,) do not fit together.",
    ),
    (
        check.threshold,
        threshold_ones,
        "`np.where(a > 0, np.ones(3), 0.0)`: np.where works entry by entry, and arrays of "
        "shapes (6,) and (3,) do not fit together.",
    ),
    (check.error_slope, slope_xor, "`return x ^ 2`: ^ is not a power in Python: x squared is x **"),
    (check.sigmoid, sigmoid_scipy, "the series does not install scipy: use numpy"),
    (
        check.relu,
        relu_log,
        "for -3 it gives nan, expected 0: ReLU keeps a positive activity and turns everything "
        "else into 0: np.maximum(a, 0). numpy warned: the log of 0 gives -inf; the log of a "
        "negative number gives nan.",
    ),
    (  # a function of another cell failed: the learner's own line is quoted, and that function
        check.relu,
        relu_first_column,
        "`return np.maximum(first_column(a), 0)` calls first_column, a function of another "
        "cell, which failed at `return table[:, 0]`: it gives an array more positions",
    ),
    (  # the learner's line made direction one number, not the lesson's line that uses it
        check.curvature,
        (hessian_times, curvature_precedence),
        "`direction @ product`: `direction` is one number, made by `direction = product / "
        "np.linalg.norm(product) @ np.ones(3)`: Python reads `product / np.linalg.norm(product) "
        "@ np.ones(3)` left to right, as (product / np.linalg.norm(product)) @ np.ones(3)",
    ),
    # the checks' engine: numpy's shape errors in plain words, whatever the notebook (here 6's)
    (
        check.forward_with_biases,
        forward_column_of_ones,
        "`np.hstack([inputs, np.ones_like(inputs)]) @ np.vstack([weights1, bias1])` multiplies "
        "a (40, 6) array by a (4, 32) one: the number of columns on the left (6) must equal the "
        "number of rows on the right (4).",
    ),
    # error_slope, notebook 4
    (check.error_slope, error_slope_list, "gives a list"),
    (check.error_slope, slope_of_x_squared, "the error itself"),
    (check.error_slope, lambda x: -2 * x, "check the sign"),
    (check.error_slope, lambda x: x, "the factor 2 is missing"),
    (check.error_slope, lambda x: 2, "2 is the slope of 2x"),
    (check.error_slope, lambda x: ..., "fill in the blank"),
    (check.error_slope, lambda x: 2 * x**2, "the power goes down by one"),
    (check.error_slope, lambda x: 2**x, "2 ** x is 2 to the power x"),
    (check.error_slope, error_slope_no_return, "returns nothing (None): is the `return` missing?"),
    # descend, notebook 4
    (check.descend, descend_untouched, "returns only the start, [4.0]: fill in the blank"),
    (
        check.descend,
        descend_with(lambda p, x0, r: p[-1] - 0.1 * error_slope(p[-1])),
        "use the argument learning_rate",
    ),
    (
        check.descend,
        descend_with(lambda p, x0, r: p[-1] + r * error_slope(p[-1])),
        "moves up the slope",
    ),
    (check.descend, descend_with(lambda p, x0, r: x0 - r * error_slope(x0)), "starts from x0"),
    (
        check.descend,
        descend_with(lambda p, x0, r: p[-1] - r * p[-1]),
        "the weight instead of its slope",
    ),
    (check.descend, descend_with(lambda p, x0, r: p[-1] - r * p[-1] ** 2), "the error instead"),
    (check.descend, descend_with(lambda p, x0, r: r * error_slope(p[-1])), "the step alone"),
    (check.descend, lambda x0, r, steps: descend(x0, r, steps)[1:], "the start, then one per step"),
    (
        check.descend,
        types.FunctionType(descend.__code__, {**globals(), "error_slope": slope_of_x_squared}),
        "the error_slope it calls is not yet",
    ),
    (  # the path a learner is shown can be worked out by hand on y = x**2
        check.descend,
        descend_with(lambda p, x0, r: p[-1] + r * error_slope(p[-1])),
        "expected [4.0, 1.6, 0.64, 0.256] (on y = x², each step multiplies the weight by "
        "1 - 2 * 0.3 = 0.4)",
    ),
    (
        check.descend,
        descend_overwriting,
        "returns one weight, [0.256], not the start and one per step: each pass overwrites the "
        "weight in path instead of appending a new one",
    ),
    (check.descend, descend_replacing, "replaces the list path by one number"),
    (check.descend, descend_whole_path, "computes with path, the list of every weight so far"),
    (check.descend, descend_not_stored, "the loop adds nothing to path"),
    (
        check.descend,
        descend_with(lambda p, x0, r: p[-1] - r * error_slope(x0)),
        "every step uses the slope at x0",
    ),
    (
        check.descend,
        descend_with(lambda p, x0, r: p[-1] - 2 * r * error_slope(p[-1])),
        "every step is twice too long",
    ),
    (
        check.descend,
        in_notebook(descend_grid, **NOTEBOOK_4),
        "descend uses x, a name of the notebook (an array of 161 numbers), not the current "
        "weight, path[-1]",
    ),
    (
        check.descend,
        descend_with(lambda p, x0, r: p[0] - r * error_slope(p[-1])),
        "every step starts from the start, path[0] (x0), instead of the last weight, path[-1]",
    ),
    # weight_after, notebook 4
    (
        check.weight_after,
        lambda x0, rate, steps: descend(x0, rate, steps)[-1],
        "takes the steps one by one",
    ),
    (check.weight_after, lambda x0, r, k: x0 * (1 - 2 * r) * k, "factor ** steps"),
    (check.weight_after, lambda x0, r, k: (1 - 2 * r) ** k, "the start x0 is missing"),
    (check.weight_after, lambda x0, r, k: x0 * (1 - r) ** k, "1 - 2 * learning_rate"),
    (check.weight_after, lambda x0, r, k: x0 * (1 - 2 * r) ** (k + 1), "one factor too many"),
    (check.weight_after, lambda x0, r, k: x0 * 0.8**k, "0.8 is the factor"),
    (check.weight_after, lambda x0, r, k: x0 - k * r * 2 * x0, "the factors multiply"),
    (check.weight_after, lambda x0, r, k: ..., "fill in the blank"),
    (check.weight_after, weight_after_while, "takes the steps one by one (a loop)"),
    (check.weight_after, weight_after_comprehension, "takes the steps one by one (a loop)"),
    (check.weight_after, weight_after_itself, "takes the steps one by one (it calls itself"),
    (check.weight_after, lambda x0, r, k: x0 * (1 - 2 * r**k), "** comes before * and -"),
    (check.weight_after, lambda x0, r, k: (x0 * (1 - 2 * r)) ** k, "the power takes x0 too"),
    (
        check.weight_after,
        in_notebook(lambda x0, r, k: path[-1], path=descend(4.0, 0.1, 15)),  # noqa: F821
        "weight_after uses path, a name of the notebook (an array of 16 numbers): compute the "
        "weight from its arguments alone",
    ),
    (
        check.weight_after,
        lambda x0, r, k: x0 * (1 - 2 * r) ** 15,
        "it always takes 15 steps, the lesson's number: write the argument steps in place of 15",
    ),
    (
        check.weight_after,
        lambda x0, r, k: 4.0 * (1 - 2 * r) ** k,
        "write the argument x0 in place of 4",
    ),
    (  # right while 1 - 2 * learning_rate > 0 only
        check.weight_after,
        lambda x0, r, k: x0 * np.exp(k * np.log(1 - 2 * r)),
        "gives nan, expected -0.25: here the factor 1 - 2 * learning_rate is -0.5, negative, "
        "and a negative number has no logarithm",
    ),
    # forward, notebook 5
    (
        check.forward,
        forward_reversed,
        "`weights1 @ inputs` multiplies a (1000, 100) array by a (128, 1000) one",
    ),
    (check.forward, forward_transposed, "activations has shape (100, 128), expected (128, 100)"),
    (check.forward, forward_star, "For the matrix product, use @"),
    (check.forward, forward_star_output, "`relu_activations * weights2`"),
    (check.forward, forward_with(lambda x, w1: x @ w1, lambda h, w2, z: z @ w2), "before ReLU"),
    (
        check.forward,
        forward_with(lambda x, w1: relu(x @ w1), lambda h, w2, z: h @ w2),
        "before ReLU",
    ),
    (
        check.forward,
        forward_with(lambda x, w1: x @ w1, lambda h, w2, z: np.sum(h * w2.T, axis=1)),
        "predictions has shape (128,), expected (128, 1)",
    ),
    (check.forward, forward_blank, "activations is still `...`: fill in"),
    (check.forward, lambda x, w1, w2: None, "forward returns nothing"),
    (
        check.forward,
        forward_with(lambda x, w1: x @ w1, lambda h, w2, z: relu(h @ w2)),
        "predictions has the right shape but wrong values: the output layer has no ReLU",
    ),
    (
        check.forward,
        forward_with(lambda x, w1: x @ w1.T, lambda h, w2, z: h @ w2),
        "`x @ w1.T` multiplies a (128, 1000) array by a (100, 1000) one",
    ),
    (
        check.forward,
        forward_with(lambda x, w1: x @ w1, lambda h, w2, z: h @ w2.T),
        "`h @ w2.T` multiplies a (128, 100) array by a (1, 100) one",
    ),
    (
        check.forward,
        forward_initial_weights,
        "forward_initial_weights uses initial_weights1, a name of the notebook, not its "
        "argument weights1: the check gives weights1 other values",
    ),
    (
        check.forward,
        forward_with(lambda x, w1: x @ w1 + 1, lambda h, w2, z: h @ w2),
        "activations has the right shape but wrong values: it is off by +1 everywhere",
    ),
    (  # no known mistake: where it first differs, then where to compare
        check.forward,
        forward_with(lambda x, w1: np.abs(x @ w1), lambda h, w2, z: h @ w2),
        "See the table of the forward and backward pass.",
    ),
    # backward, notebook 5
    (
        check.backward,
        in_notebook(backward_initial_weights, initial_weights2=INITIAL_WEIGHTS[1]),
        "uses initial_weights2, a name of the notebook, not its argument weights2",
    ),
    (  # the gradients come out right, but dloss_relu_activations is not dL/dH
        check.backward,
        backward_mask_twice,
        "this already applies ReLU's slope, which the next line applies: "
        "dloss_relu_activations is dL/dH, before the mask",
    ),
    (
        check.backward,
        backward_times_hidden,
        "dloss_relu_activations has the right shape but wrong values: it multiplies by the "
        "hidden outputs, relu_activations, which are not ReLU's slope",
    ),
    (
        check.backward,
        backward_step2_order,
        "`relu_activations @ dloss_predictions` multiplies a (128, 100) array by a (128, 1) one",
    ),
    (check.backward, backward_step2_star, "dloss_weights2 should have shape (100, 1)"),
    (
        check.backward,
        backward_step3_star,
        "With 3 outputs per example: `dloss_predictions * weights2.T`",
    ),
    (
        check.backward,
        backward_step3_no_transpose,
        "`dloss_predictions @ weights2` multiplies a (128, 1) array by a (100, 1) one",
    ),
    (
        check.backward,
        backward_step5_order,
        "`inputs @ dloss_activations` multiplies a (128, 1000) array by a (128, 100) one",
    ),
    (check.backward, backward_step5_weights1, "uses the name weights1, which is not defined here"),
    (
        check.backward,
        backward_with(right2, right3, lambda x, dz, dh: dz.T @ x),
        "dloss_weights1 has shape (100, 1000), expected (1000, 100)",
    ),
    (check.backward, backward_with(lambda h, dp, z: z.T @ dp, right3, right5), "before ReLU"),
    (
        check.backward,
        backward_with(right2, right3, lambda x, dz, dh: x.T @ dh),
        "skips ReLU's slope",
    ),
    (
        check.backward,
        backward_with(right2, right3, lambda x, dz, dh: x.T @ dz / 2),
        "dloss_weights1 has the right shape but wrong values: it is half the right one: a factor "
        "2 is missing",
    ),
    (check.backward, backward_blank, "dloss_weights2 is still `...`: fill in"),
    (
        check.backward,
        backward_lines(lambda p, y: p - y, mask),
        "dloss_predictions has the right shape but wrong values: the factor 2 is missing",
    ),
    (
        check.backward,
        backward_lines(lambda p, y: 2.0 * (y - p), mask),
        "the sign is the wrong way round",
    ),
    (  # notebook 5's exercise 3, done in the lesson's own backward
        check.backward,
        backward_lines(lambda p, y: 2.0 * (p - y) / len(y), mask),
        "it is 1/128 of the right one, the gradient of the mean over the 128 examples: "
        "exercise 3's change. This check expects the lesson's sum",
    ),
    (
        check.backward,
        backward_lines(step1, lambda dh, z, h, p: dh * (dh > 0)),
        "the mask is taken from dloss_relu_activations",
    ),
    (
        check.backward,
        backward_lines(step1, lambda dh, z, h, p: dh * (z < 0)),
        "the mask is the wrong way round",
    ),
    (
        check.backward,
        backward_lines(step1, lambda dh, z, h, p: dh * (p > 0)),
        "the mask is taken from predictions",
    ),
    (
        check.backward,
        backward_lines(step1, lambda dh, z, h, p: dh * h),
        "it multiplies by the hidden outputs, not by ReLU's slope",
    ),
    # train, notebook 5
    (
        check.train,
        train_with(lambda w1, w2, g1, g2, r: (w1 + r * g1, w2 + r * g2)),
        "the loss grows",
    ),
    (
        check.train,
        train_with(lambda w1, w2, g1, g2, r: (w1 - 1e-6 * g1, w2 - 1e-6 * g2)),
        "use the argument learning_rate",
    ),
    (check.train, train_blank, "weights1 does not change: fill in its blank"),
    (
        check.train,
        train_with(lambda w1, w2, g1, g2, r: (w1, w2)),
        "weights1 does not change: your update computes new weights but does not store them",
    ),
    (
        check.train,
        train_with(lambda w1, w2, g1, g2, r: (w1 - r * g1, w2)),
        "weights2 does not change",
    ),
    (
        check.train,
        train_swapped,
        "changes weights1, of shape (1000, 100), by an array of shape (100, 1)",
    ),
    (
        check.train,
        train_with(lambda w1, w2, g1, g2, r: (w1 - g1, w2 - g2)),
        "learning_rate times the gradient",
    ),
    (
        check.train,
        train_initial_weights,
        "`initial_weights1 -= learning_rate * dloss_weights1` changes initial_weights1, a name "
        "of the notebook, which train_initial_weights does not work on: change weights1",
    ),
    (check.train, train_not_stored, "does not store them in weights1"),
    (
        check.train,
        train_with(lambda w1, w2, g1, g2, r: (r * g1, r * g2)),
        "the weights become the step alone",
    ),
    # He scale, notebook 5
    (check.he_scale, he(2 / 1000, 2 / 100), "that is the variance"),
    (check.he_scale, he(np.sqrt(1 / 1000), np.sqrt(1 / 100)), "without ReLU"),
    (check.he_scale, he(np.sqrt(2 / 1000), np.sqrt(2 / 1000)), "uses 1000 inputs, another layer's"),
    (check.he_scale, he(np.sqrt(1000 / 2), np.sqrt(100 / 2)), "upside down"),
    (
        check.he_scale,
        (np.random.default_rng(5).standard_normal((1000, 100)) * 0.0447, *he(1, 1)[1:]),
        "not the initial weights times one number",
    ),
    (check.he_scale, (..., ..., *INITIAL_WEIGHTS), "fill in the blank"),
    (check.he_scale, he(np.sqrt(2) / 1000, np.sqrt(2) / 100), "takes the root of 2 alone"),
    (
        check.he_scale,
        he(np.sqrt(2 / 1000), np.sqrt(2 / 1)),
        "that uses 1, the layer's number of outputs: He counts its inputs, 100",
    ),
    (
        check.he_scale,
        (np.sqrt(2 / 1000), np.sqrt(2 / 100), *INITIAL_WEIGHTS),
        "he_weights1 is one number, 0.04472: multiply the initial weights by it",
    ),
    (
        check.he_scale,
        he_in_place(),
        "he_weights1 is another name for initial_weights1, the same array, so *= changed both: "
        "write he_weights1 = initial_weights1 * ..., and re-run the cell that makes "
        "initial_weights1.",
    ),
    (
        check.he_scale,
        (*INITIAL_WEIGHTS, *INITIAL_WEIGHTS),
        "he_weights1 is another name for initial_weights1, the same array, not scaled",
    ),
    (
        check.he_scale,
        he_of_scaled_initial(),
        "initial_weights1 is no longer the lesson's random weights",
    ),
    # curvature and the learning rate limit, notebook 5
    (check.curvature, (lambda g, w, v: ..., largest_curvature), "fill in the blank"),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(w + h * v) - g(w - h * v)) / h, largest_curvature),
        "gives 2 times the Hessian times v",
    ),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(w + h * v) - g(w)) / (2 * h), largest_curvature),
        "gives 0.5 times the Hessian times v",
    ),
    (
        check.curvature,
        (hessian_times, lambda *args: largest_curvature(*args, normalise=False)),
        "divided by its length",
    ),
    (check.learning_rate_limit, lambda c: ..., "fill in the blank"),
    (check.learning_rate_limit, lambda c: 1 / c, "half the limit"),
    (check.learning_rate_limit, lambda c: 2 * c, "denominator"),
    (check.learning_rate_limit, lambda c: 1.0, "1 is the limit for y = x² only"),
    (check.learning_rate_limit, lambda c: c / 2, "upside down"),
    (check.learning_rate_limit, lambda c: 2 // c, "// rounds down"),
    (check.learning_rate_limit, lambda c: 2 / np.max(c), "the largest curvature alone"),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(w + h) - g(w - h)) / (2 * h), largest_curvature),
        "moves every weight by epsilon, whatever vector is",
    ),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(w + h * v) + g(w - h * v)) / (2 * h), largest_curvature),
        "adds the two gradients",
    ),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(w - h * v) - g(w + h * v)) / (2 * h), largest_curvature),
        "gives minus the Hessian times v",
    ),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: g(w + h * v) - g(w - h * v) / (2 * h), largest_curvature),
        "divides only the second gradient",
    ),
    (  # right on a bowl only, whose Hessian is the same everywhere
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(h * v) - g(-h * v)) / (2 * h), largest_curvature),
        "hessian_times never uses w: take the two gradients at w ± epsilon * vector.",
    ),
    (
        check.curvature,
        (lambda g, w, v, h=1e-5: (g(w + h * v) - g(w - h * v) / 2) / (2 * h), largest_curvature),
        "hessian_times halves only the second gradient: / comes before -",
    ),
    (
        check.curvature,
        (lambda g, w, v, h=1e-3: (g(w + h * v) - g(w - h * v) / 2) / (2 * h), largest_curvature),
        "hessian_times halves only the second gradient",
    ),
    (
        check.curvature,
        (hessian_times_gradient_of, largest_curvature),
        "hessian_times calls gradient_of, the notebook's function: use its argument gradient",
    ),
    # bowl_gradient, notebook 4
    (check.bowl_gradient, lambda w1, w2: ..., "fill in the blank"),
    (check.bowl_gradient, lambda w1, w2: 2 * w1 + 20 * w2, "should give two slopes"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, 2 * w2), "the 10 is missing"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, 10 * w2), "the 2 is missing"),
    (check.bowl_gradient, lambda w1, w2: (20 * w1, 2 * w2), "factors are swapped"),
    (check.bowl_gradient, lambda w1, w2: (20 * w2, 2 * w1), "in the other order"),
    (check.bowl_gradient, lambda w1, w2: (w1**2, 10 * w2**2), "terms of the error"),
    (check.bowl_gradient, lambda w1, w2: (-2 * w1, -20 * w2), "check the signs"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, 20 * w1), "dL/dw2 uses w1"),
    (check.bowl_gradient, lambda w1, w2: (2, 20), "2 and 20 are the curvatures"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1 + 20 * w2,) * 2, "holds the other weight fixed"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, 20 * w2 + 1), "dL/dw1 is the slope of w1²"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, 20 * np.ravel(w2)), "slopes of shapes"),
    (
        check.bowl_gradient,
        lambda w1, w2: (w1 > 0, 20 * w2),
        "True/False as the first slope, dL/dw1",
    ),
    (check.bowl_gradient, lambda w1, w2: ([2 * w1], [20 * w2]), "gives a list as the first slope"),
    (
        check.bowl_gradient,
        lambda w1, w2: (2 * w1, (20 * w2).tolist() if np.ndim(w2) else 20 * w2),
        "tables of shape (2, 2) gives a list as the second slope, dL/dw2",
    ),
    (check.bowl_gradient, lambda w1, w2: ("2 * w1", "20 * w2"), "leave out the quotes"),
    (check.bowl_gradient, lambda w1, w2: (float(2 * w1), float(20 * w2)), "leave float() out"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, ...), "`...` as the second slope, dL/dw2: fill"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, None), "gives None as the second slope"),
    (check.bowl_gradient, lambda w1, w2: (2 * w2, 20 * w2), "dL/dw1 uses w2"),
    (check.bowl_gradient, lambda w1, w2: (w1, 10 * w2), "the 2 is missing from both"),
    (check.bowl_gradient, lambda w1, w2: (2 * w1, -20 * w2), "check the sign of dL/dw2"),
    # forward with biases, notebook 6
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: x @ w1, y_right),
        "bias1 is missing",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: x @ w1 + b2, y_right),
        "it adds bias2, the output's bias",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: relu(x @ w1 + b1), y_right),
        "activations are the values before ReLU",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: x * w1 + b1, y_right),
        "With 3 inputs per example: `x * w1`",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: h @ w2),
        "bias2 is missing",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: z @ w2 + b2),
        "it uses activations, before ReLU",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: h @ w2 + b1),
        "predictions has shape (40, 32), expected (40, 1)",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: ..., y_right),
        "activations is still `...`: fill in",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: ...),
        "predictions is still `...`: fill in",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: relu(h @ w2 + b2)),
        "the output layer has no ReLU",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: x @ (w1 + b1), y_right),
        "it adds bias1 to the weights",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: h @ (w2 + b2)),
        "it adds bias2 to the weights",
    ),
    (  # notebook 6's line of x and 1, np.hstack([x, np.ones_like(x)]), made for one input
        check.forward_with_biases,
        forward_column_of_ones,
        "np.ones_like(inputs) has the shape of inputs, (40, 3): 3 columns of ones, where a bias "
        "needs one. Make a single column: np.ones((inputs.shape[0], 1)).",
    ),
    # bias gradients, notebook 6
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dz),
        "dloss_bias1 has shape (40, 32), one row per example, but bias1 is one row (1, 32) shared "
        "by all 40 examples: the sum over the batch is missing",
    ),
    (
        check.bias_gradients,
        backward_biases_with(lambda dp: dp, bias1_right),
        "dloss_bias2 has shape (40, 1), one row per example",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dz.sum(axis=1, keepdims=True)),
        "the sum runs over the examples, the rows: axis=0",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dz.sum(axis=0)),
        "keepdims=True keeps it a row",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dz.sum()),
        "dloss_bias1 is a single number",
    ),
    (
        check.bias_gradients,
        backward_biases_with(lambda dp: dp.sum(), bias1_right),
        "with one output, .sum() does add up over the examples",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dz.mean(axis=0, keepdims=True)),
        "it is the mean over the examples, 1/40 of the sum",
    ),
    (
        check.bias_gradients,
        backward_biases_with(lambda dp: dp.mean(axis=0, keepdims=True), bias1_right),
        "dloss_bias2 has the right shape but wrong values: it is the mean over the examples",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dh.sum(axis=0, keepdims=True)),
        "it skips ReLU's slope",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dw1),
        "a bias's input is 1",
    ),
    (
        check.bias_gradients,
        backward_biases_with(lambda dp: dp[:1], bias1_right),
        "dloss_bias2 has the right shape but wrong values: it is the first example's gradient "
        "alone (dloss_predictions[:1])",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: dz[:1]),
        "dloss_bias1 has the right shape but wrong values: it is the first example's gradient "
        "alone (dloss_activations[:1])",
    ),
    (
        check.bias_gradients,
        backward_biases_with(lambda dp: sum_rows(dp) * len(dp) / 2, bias1_right),  # sum of p - y
        "it adds up predictions - targets, without the factor 2/N (2/40)",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: np.abs(sum_rows(dz))),
        "dloss_bias1 has the right shape but wrong values: it is not the sum of "
        "dloss_activations over the examples",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: x @ w1 - b1, y_right),
        "it subtracts bias1: add it, Z = X W1 + b1.",
    ),
    (  # no known mistake: where it first differs, then where to compare
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: np.abs(x @ w1) + b1, y_right),
        "entries differ, the first activations[0, ",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: np.abs(x @ w1) + b1, y_right),
        "Compare it with the table of the network in the section on biases.",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(lambda x, w1, b1, b2: x @ w1 + np.sum(b1), y_right),
        "it adds the sum of all the biases, np.sum(bias1), to every neuron",
    ),
    (
        check.forward_with_biases,
        in_notebook(forward_train_inputs, **NOTEBOOK_6),
        "uses train_inputs, a name of the notebook, not its argument inputs",
    ),
    (
        check.forward_with_biases,
        in_notebook(
            lambda inputs, weights1, bias1, weights2, bias2: (
                inputs @ initial_weights1 + bias1,
                relu(inputs @ initial_weights1 + bias1),
                relu(inputs @ initial_weights1 + bias1) @ weights2 + bias2,
            ),
            **NOTEBOOK_6,
        ),
        "uses initial_weights1, a name of the notebook, not its argument weights1",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: h @ w2 + b2 * len(h)),
        "it adds bias2 40 times, once per example of the batch",
    ),
    (
        check.forward_with_biases,
        forward_biases_with(z_right, lambda h, w2, b2, b1, z: h @ w2 - b2),
        "it subtracts bias2: add it, Y_hat = H W2 + b2.",
    ),
    (  # not -5.39 times the right one: what it adds up
        check.bias_gradients,
        backward_bias2_of_weights2,
        "dloss_bias2 has the right shape but wrong values: it adds up dloss_weights2: bias2's "
        "gradient adds up dloss_predictions over the examples",
    ),
    (  # not -1.81 times the right one
        check.bias_gradients,
        backward_biases_with(lambda dp: np.ones((1, 1)), bias1_right),
        "dloss_bias2 has the right shape but wrong values: it is not the sum of "
        "dloss_predictions over the examples",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: sum_rows(dz).T),
        "Is a transpose missing",
    ),
    (
        check.bias_gradients,
        backward_biases_with(lambda dp: ..., bias1_right),
        "dloss_bias2 is still `...`: fill in",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: ...),
        "dloss_bias1 is still `...`: fill in",
    ),
    (  # a bias is a weight on an input of ones: a column of them, as np.ones_like makes it
        check.bias_gradients,
        backward_ones_column,
        "np.ones_like(dloss_predictions) has the shape of dloss_predictions, (40, 1). To add up "
        "the rows, multiply by one row of ones: np.ones((1, 40)) @ dloss_predictions.",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: np.ones_like(dz).T @ dz),
        "dloss_bias1 has shape (32, 32): each of its 32 rows is the right sum, so it multiplies "
        "by 32 rows of ones where one is meant",
    ),
    (  # right with the lesson's one input only
        check.bias_gradients,
        backward_bias1_with(lambda x, dp, dz: np.ones_like(x).T @ dz),
        "With 3 inputs per example: dloss_bias1 has shape (3, 32): each of its 3 rows is the "
        "right sum",
    ),
    (
        check.bias_gradients,
        backward_biases_with(sum_rows, lambda dz, dh, dw1: sum_rows(dz) / len(dz)),
        "it is the mean over the examples, 1/40 of the sum",
    ),
    (
        check.bias_gradients,
        backward_bias1_with(lambda x, dp, dz: dp.sum(axis=0, keepdims=True)),
        "dloss_bias1 adds up dloss_predictions, which gives bias2's gradient: bias1's adds up "
        "dloss_activations, shape (1, 32).",
    ),
]


EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b|Traceback")


@pytest.mark.parametrize(("run", "answer", "words"), WRONG_ANSWERS)
def test_a_wrong_answer_is_named_in_plain_words_and_stops_run_all(capsys, run, answer, words):
    said, stop = verdict(capsys, run, answer)
    assert said.startswith(check.WRONG) and said.count("\n") == 1, said
    assert words in said, said
    assert not EXCEPTION_NAME.search(said), said
    assert stop is not None and stop._render_traceback_() == [check.STOPPED]


def test_a_nan_is_told_without_numpys_warning(capsys):
    """weight_after through exp and log gives nan where 1 - 2 * learning_rate < 0: the ✗ line
    says why, and numpy's RuntimeWarning is not printed above it."""
    answer = lambda x0, r, k: x0 * np.exp(k * np.log(1 - 2 * r))  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would fail the learner's code instead
        said, stop = verdict(capsys, check.weight_after, answer)
    assert "a negative number has no logarithm" in said and stop is not None, said


def test_numpys_warnings_under_a_check_are_said_in_words_not_printed(capsys):
    """A RuntimeWarning of the learner's code (np.log of a negative number) is not printed
    above the ✗ line: the line says it in words."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that escaped would fail here
        said, stop = verdict(capsys, check.relu, relu_log)
    assert "the log of a negative number gives nan" in said and stop is not None, said
    assert capsys.readouterr().err == ""


def test_the_battery_covers_every_check():
    checks = {name for name, f in vars(check).items() if hasattr(f, "check_name")}
    battery = {run.__name__ for run, *_ in RIGHT_ANSWERS + WRONG_ANSWERS}
    assert battery == checks
    print(f"{len(RIGHT_ANSWERS) + 2} right answers, {len(WRONG_ANSWERS)} wrong ones")


def test_stop_shows_one_plain_line_in_ipython():
    """IPython shows an exception through its _render_traceback_, when it has one."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shown = []
    shell._showtraceback = lambda etype, value, lines: shown.append((etype.__name__, lines))
    shell.run_cell("from neuron_to_backprop import check\nraise check.Stop('relu')")
    assert shown == [("Stop", [check.STOPPED])]


# A learner's own cell, no check in it: IPython's traceback, then one line in plain words.
LEARNER_CELLS = [
    (  # notebook 1: b * w has one entry per input, X @ w one per example
        "activities_with_bias = X @ w + b * w",
        "In plain words: `X @ w + b * w`: + works entry by entry, and arrays of shapes (4,) and "
        "(3,) do not fit together.\n",
    ),
    (
        "X @ np.append(w, b)",
        "In plain words: `X @ np.append(w, b)` multiplies a (4, 3) array by a (4,) one: the "
        "number of columns on the left (3) must equal the number of entries on the right (4).\n",
    ),
    (  # a side whose shape the line does not tell: numpy's numbers, in plain words
        "def ones(n):\n    return np.ones(n)\n\n\nX @ ones(4)",
        "In plain words: `X @ ones(4)`: @ needs the number of columns on its left (3) to equal "
        "the number of rows on its right (4).\n",
    ),
    (
        "X = np.array([[2, 3, 4], [2, 9]])",
        "the rows given to np.array have different lengths",
    ),
    (  # notebook 3: the hint's "(0, height)" typed as one argument
        "neuron = daft.PGM()\nneuron.add_node('x1', '$x_1$', (0, 0.7))",
        "add_node takes the horizontal position and the height as two numbers",
    ),
    (
        "neuron.add_node('activity', '$a$', 1, 0)\nfor i in range(1, 4):\n"
        "    neuron.add_edge('x{i}', 'activity')",
        "In plain words: add_edge joins two nodes by the names add_node gave them, and this "
        "diagram has no node 'x{i}'. Its nodes are 'activity'. Only an f-string",
    ),
    (
        "np.dot(X, np.append(w, b))",
        "In plain words: `np.dot(X, np.append(w, b))` multiplies a (4, 3) array by a (4,) one",
    ),
    (
        "np.maximum(X @ w, np.zeros(3))",
        "In plain words: `np.maximum(X @ w, np.zeros(3))`: np.maximum works entry by entry",
    ),
    (
        "from scipy.special import expit",
        "In plain words: `from scipy.special import expit`: the series does not install scipy",
    ),
    ("undefined_name", ""),  # a NameError: not one of check.PLAIN_ERRORS
]


def test_a_learners_own_cell_gets_a_plain_line_after_the_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    check.register_plain_lines(shell)
    shell.run_cell(
        "import daft\nimport numpy as np\n"
        "X = np.array([[2, 3, 4], [2, 9, 1], [1, 1, 1], [0, 5, 0]])\nw = np.array([1, -1, 5])\n"
        "b = -10"
    )
    shown = []
    shell._showtraceback = lambda etype, value, lines: shown.append(etype.__name__)
    for cell, words in LEARNER_CELLS:
        shown.clear()
        capsys.readouterr()
        result = shell.run_cell(cell)
        said = capsys.readouterr().out
        assert shown and result.error_in_exec is not None, cell  # the traceback, as before
        assert words in said and said.count("In plain words") == bool(words), (cell, said)


def test_plain_lines_keep_a_handler_registered_before():
    """IPython keeps one custom exception handler: register_plain_lines passes the exceptions
    of one registered before it (another module's) to that one."""
    seen = []

    class Shell:
        custom_exceptions, plain_lines_registered = (NameError,), False

        def CustomTB(self, kind, error, trace, tb_offset=None):  # noqa: N802 (IPython's name)
            seen.append(("theirs", kind.__name__))

        def showtraceback(self, exc_tuple, tb_offset=None):
            seen.append(("IPython's", exc_tuple[0].__name__))

        def set_custom_exc(self, kinds, handler):
            self.custom_exceptions, self.handler = kinds, handler

    shell = Shell()
    check.register_plain_lines(shell)
    assert set(shell.custom_exceptions) == {NameError, *check.PLAIN_ERRORS}
    for error in [NameError("name 'x' is not defined"), KeyError("x")]:
        shell.handler(shell, type(error), error, None)
    assert seen == [("theirs", "NameError"), ("IPython's", "KeyError")]


def test_the_checks_leave_the_learners_notebook_as_it_was():
    """descend and train are checked with the check's own error_slope, inputs and targets put
    in the learner's notebook for a moment: afterwards every name is as before."""
    space = {"np": np, "error_slope": slope_of_x_squared}
    wrong_slope = types.FunctionType(descend.__code__, space)
    with pytest.raises(check.Stop):
        check.descend(wrong_slope)
    assert space == {"np": np, "error_slope": slope_of_x_squared}
