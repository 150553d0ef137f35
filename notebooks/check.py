"""Self-checks for the exercises: each says in plain words what is right or what is wrong.

Every check prints one line starting with ✓ when the code is right, or ✗ and what to look at
when it is not. It returns nothing, so a cell that ends in a check shows only that line. Checks
call the learner's code on small problems of their own, never on the notebook's data, and never
raise: a blank still left as `...` is reported like any other mistake.
"""

import numpy as np

RIGHT, WRONG = "✓", "✗"


def report(name, problem, praise):
    """Print the verdict for ``name``: ``problem`` (a sentence) or, if None, ``praise``."""
    print(f"{RIGHT} {name}: {praise}" if problem is None else f"{WRONG} {name}: {problem}")


def attempt(function, *args):
    """(result, None) or (None, a sentence that says what went wrong when calling function)."""
    try:
        return function(*args), None
    except Exception as error:  # any mistake of the learner's, reported, not raised
        message = f"calling it raised {type(error).__name__}: {error}."
        if "ellipsis" in str(error).lower():
            message += " A blank is still `...`: fill it in."
        elif "matmul" in str(error) or "shape" in str(error):
            message += " Check the shapes of the matrices you multiply (see the table of shapes)."
        return None, message


def is_blank(value):
    return value is Ellipsis


def compare_elementwise(name, function, inputs, expected, rule):
    """Check ``function`` on an array of inputs against the expected outputs."""
    result, problem = attempt(function, inputs)
    if problem is None and is_blank(result):
        problem = "it still returns `...`: fill in the blank."
    if problem is None:
        result = np.asarray(result, dtype=float)
        if result.shape != inputs.shape:
            problem = f"it returns shape {result.shape} for inputs of shape {inputs.shape}: {rule}"
        else:
            wrong = np.flatnonzero(~np.isclose(result, expected))
            if wrong.size:
                i = wrong[0]
                got, want = result[i], expected[i]
                problem = f"for {inputs[i]:g} it gives {got:g}, expected {want:g}: {rule}"
    report(name, problem, f"right for all {inputs.size} test values.")


TEST_ACTIVITIES = np.array([-3.0, -0.5, 0.0, 0.5, 3.0, 10.0])


def relu(function):
    compare_elementwise(
        "relu",
        function,
        TEST_ACTIVITIES,
        np.maximum(TEST_ACTIVITIES, 0),
        "ReLU keeps a positive activity and turns everything else into 0.",
    )


def threshold(function):
    compare_elementwise(
        "threshold",
        function,
        TEST_ACTIVITIES,
        (TEST_ACTIVITIES > 0).astype(float),
        "the threshold is 1 for a positive activity and 0 otherwise (also at 0).",
    )


def relu_slope(function):
    compare_elementwise(
        "relu_slope",
        function,
        TEST_ACTIVITIES,
        (TEST_ACTIVITIES > 0).astype(float),
        "ReLU's slope is 1 where the activity is positive and 0 elsewhere (0 at a = 0).",
    )


def sigmoid(function):
    compare_elementwise(
        "sigmoid",
        function,
        TEST_ACTIVITIES,
        1 / (1 + np.exp(-TEST_ACTIVITIES)),
        "the sigmoid is 1 / (1 + exp(-a)): 0.5 at a = 0, close to 1 for large a.",
    )


def activity(a, x=(2, 3, 4), w=(1, -1, 5)):
    """Check the worked example's activity."""
    expected = float(np.dot(x, w))
    if is_blank(a):
        problem = "a is still `...`: fill in the blank."
    elif not np.isscalar(a) or not np.isclose(a, expected):
        terms = " + ".join(f"x{i + 1} * w{i + 1}" for i in range(len(x)))
        problem = f"a is {a}, expected {expected:g}: the activity is {terms}."
    else:
        problem = None
    report("activity", problem, f"a = {expected:g}.")


def neuron_diagram(pgm, inputs=3):
    """Check the neuron diagram: the nodes, one labelled edge per input, one to the output."""
    nodes, edges = len(pgm._nodes), list(pgm._edges)
    weight_labels = [edge.label for edge in edges if edge.label]
    if nodes != inputs + 2:
        problem = (
            f"it has {nodes} nodes, expected {inputs + 2}: "
            f"{inputs} inputs, the activity and the output."
        )
    elif len(edges) != inputs + 1:
        problem = (
            f"it has {len(edges)} edges, expected {inputs + 1}: one from each input to the "
            "activity, one from the activity to the output."
        )
    elif len(set(weight_labels)) != inputs:
        problem = f"the weight labels are {weight_labels}: each input's edge needs its own weight."
    else:
        problem = None
    report("neuron diagram", problem, f"{nodes} nodes, {len(edges)} edges, one weight per input.")


def error_slope(function):
    points = np.array([-4.0, -1.0, 0.0, 0.5, 4.0])
    compare_elementwise(
        "error_slope",
        function,
        points,
        2 * points,
        "the derivative of x**2 is 2x: it is -8 at x = -4 and 8 at x = 4.",
    )


def descend(function):
    """Check gradient descent on y = x**2 from x = 4 with learning rate 0.1, 3 steps."""
    path, problem = attempt(function, 4.0, 0.1, 3)
    expected = np.array([4.0, 3.2, 2.56, 2.048])
    if problem is None:
        path = np.asarray(path, dtype=float) if not is_blank(path) else None
        if path is None or path.shape != expected.shape:
            problem = "descend(4.0, 0.1, 3) should return the 4 weights visited, the start first."
        elif not np.allclose(path, expected):
            problem = (
                f"descend(4.0, 0.1, 3) gives {np.round(path, 4).tolist()}, expected "
                f"{expected.tolist()}: each step is x - learning_rate * slope."
            )
    report("descend", problem, "each step moves the weight against its slope.")


def forward(function):
    """Check the forward pass on a small problem: shapes first, then values."""
    rng = np.random.default_rng(seed=12)
    x, w1, w2 = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=(3, 1))
    result, problem = attempt(function, x, w1, w2)
    names = ["activations", "relu_activations", "predictions"]
    expected = [x @ w1, np.maximum(x @ w1, 0), np.maximum(x @ w1, 0) @ w2]
    if problem is None:
        for name, got, want in zip(names, result, expected, strict=True):
            if is_blank(got):
                problem = f"{name} is still `...`: fill in the blank."
            elif np.shape(got) != want.shape:
                problem = (
                    f"{name} has shape {np.shape(got)}, expected {want.shape} for 4 examples, "
                    "5 inputs, 3 hidden neurons: check the order of the matrix product."
                )
            elif not np.allclose(got, want):
                problem = (
                    f"{name} has the right shape but wrong values: see the forward pass table."
                )
            if problem:
                break
    report("forward", problem, "all three arrays have the right shapes and values.")


def backward(function, forward_function):
    """Check the gradients against central differences of the loss on a small problem."""
    rng = np.random.default_rng(seed=7)
    x, y = rng.normal(size=(6, 4)), rng.normal(size=(6, 1))
    w1, w2 = rng.normal(size=(4, 5)), rng.normal(size=(5, 1))

    def loss(w1, w2):
        return np.sum(np.square(np.maximum(x @ w1, 0) @ w2 - y))

    def numerical(weights, index, h=1e-6):
        plus, minus = [w.copy() for w in weights], [w.copy() for w in weights]
        plus[index[0]][index[1:]] += h
        minus[index[0]][index[1:]] -= h
        return (loss(*plus) - loss(*minus)) / (2 * h)

    expected = [np.zeros_like(w1), np.zeros_like(w2)]
    for matrix, w in enumerate([w1, w2]):
        for index in np.ndindex(w.shape):
            expected[matrix][index] = numerical([w1, w2], (matrix, *index))

    forward_result, problem = attempt(forward_function, x, w1, w2)
    result = None
    if problem is None:
        result, problem = attempt(function, x, y, w2, *forward_result)
    if problem is None:
        names = ["dloss_weights1", "dloss_weights2"]
        for name, got, want in zip(names, result, expected, strict=True):
            if is_blank(got):
                problem = f"{name} is still `...`: fill in the blank."
            elif np.shape(got) != want.shape:
                shape = np.shape(got)
                hint = " Is a transpose missing?" if shape == want.shape[::-1] else ""
                problem = f"{name} has shape {shape}, expected {want.shape}.{hint}"
            elif not np.allclose(got, want, rtol=1e-4, atol=1e-6):
                problem = (
                    f"{name} has the right shape but differs from the numerical gradient: "
                    "check the chain rule step by step (and the factor 2 of the loss)."
                )
            if problem:
                break
    report("backward", problem, "both gradients match central differences of the loss.")


# A bowl with known curvatures: L(w) = w.T @ BOWL @ w / 2, so its gradient is BOWL @ w and its
# Hessian is BOWL, whose eigenvalues (the curvatures along its principal directions) are 20, 5, 2.
_ROTATION = np.linalg.qr(np.random.default_rng(seed=5).normal(size=(3, 3)))[0]
BOWL = _ROTATION @ np.diag([2.0, 20.0, 5.0]) @ _ROTATION.T


def _bowl_gradient(weights):
    return BOWL @ weights


def curvature(hessian_times, largest_curvature):
    """Check the Hessian-vector product and power iteration on a bowl of known curvatures."""
    weights, vector = np.array([1.0, -2.0, 0.5]), np.array([0.6, 0.0, -0.8])
    product, problem = attempt(hessian_times, _bowl_gradient, weights, vector)
    expected = BOWL @ vector
    if problem is None:
        if is_blank(product) or product is None:
            problem = "hessian_times returns nothing: fill in the blank."
        elif np.shape(product) != expected.shape:
            problem = (
                f"hessian_times returns shape {np.shape(product)}, expected {expected.shape}: "
                "the Hessian times v has one entry per weight, like the gradient."
            )
        elif not np.allclose(product, expected):
            ratio = np.dot(product, expected) / np.dot(expected, expected)
            problem = (
                f"hessian_times gives {ratio:.3g} times the Hessian times v. Take the gradient at "
                "weights + epsilon * v minus the gradient at weights - epsilon * v, and divide by "
                "2 * epsilon, the distance between them."
            )
    if problem is None:
        start = np.array([1.0, 1.0, 1.0])
        result, problem = attempt(largest_curvature, _bowl_gradient, weights, start, 60)
        if problem is None:
            try:
                final = float(np.asarray(result[0], dtype=float)[-1])
            except (TypeError, ValueError, IndexError):
                final = None
            if final is None:
                problem = (
                    "largest_curvature should return the array of estimates and the direction: "
                    "fill in every blank."
                )
            elif not np.isclose(final, 20.0):
                problem = (
                    f"on a bowl whose largest curvature is 20, largest_curvature ends at "
                    f"{final:.4g}. Each step replaces the direction by the Hessian times the "
                    "direction, divided by its length, so that it stays of length 1."
                )
    report(
        "curvature",
        problem,
        "the Hessian times v is right, and power iteration finds the largest curvature of a "
        "test bowl (20).",
    )


def learning_rate_limit(function):
    """Check the largest stable learning rate for a curvature, on curvatures of notebook 4 and 5."""
    curvatures = np.array([2.0, 6.0, 0.5, 4.45e6])
    compare_elementwise(
        "learning_rate_limit",
        function,
        curvatures,
        2 / curvatures,
        "on a bowl of curvature λ each step multiplies the distance by 1 - η λ, which "
        "overshoots further at every step once η > 2 / λ (notebook 4: η > 1 for y = x², "
        "whose curvature is 2).",
    )
