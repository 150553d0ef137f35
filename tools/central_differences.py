"""What the tests compare a lesson's backpropagation with: the gradient of its loss by central
differences, entry by entry (tests/test_backprop.py for notebook 5, tests/test_lesson6.py for
notebook 6)."""

import numpy as np

STEP = 1e-6


def central_differences(loss, arrays, step=STEP):
    """The partial derivatives of ``loss(arrays)`` with respect to every entry of every array,
    each (loss with the entry + step - loss with the entry - step) / (2 step), arranged like
    the arrays."""
    gradients = [np.zeros_like(array) for array in arrays]
    for k, array in enumerate(arrays):
        for index in np.ndindex(array.shape):
            plus, minus = [a.copy() for a in arrays], [a.copy() for a in arrays]
            plus[k][index] += step
            minus[k][index] -= step
            gradients[k][index] = (loss(plus) - loss(minus)) / (2 * step)
    return gradients


def relative_error(exact, numerical):
    """The largest difference, relative to the numerical value where that is above 1."""
    return np.max(np.abs(exact - numerical) / np.maximum(1.0, np.abs(numerical)))
