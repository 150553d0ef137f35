"""The network diagrams of notebooks 3 and 5: the right nodes, edges and labels."""

import contextlib
import copy
import io
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pytest

from layout import NOTEBOOKS
from lesson import load
from neuron_to_backprop import check, diagrams  # from src/, on pytest's pythonpath (pyproject.toml)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def parts(ax):
    """(number of nodes, number of edges, texts) of a rendered daft diagram."""
    kinds = Counter(type(patch).__name__ for patch in ax.patches)
    return kinds["Ellipse"], kinds["FancyArrow"], [text.get_text() for text in ax.texts]


@pytest.mark.parametrize(
    ("sizes", "nodes", "edges"), [([3, 2, 1], 6, 8), ([4, 5, 3, 1], 13, 38), ([1, 1], 2, 1)]
)
def test_every_node_and_every_connection_is_drawn(sizes, nodes, edges):
    assert parts(diagrams.draw_network(sizes))[:2] == (nodes, edges)


def test_every_weight_has_its_own_label():
    _, edges, texts = parts(diagrams.draw_network([3, 2, 1], show_weights=True))
    weights = [t for t in texts if t.startswith("$w")]
    assert len(weights) == edges == len(set(weights)) == 8
    assert "$w^{(1)}_{32}$" in weights  # from input 3 to hidden neuron 2
    assert "$w^{(2)}_{21}$" in weights  # from hidden neuron 2 to the output


def test_nodes_are_labelled_by_layer():
    _, _, texts = parts(diagrams.draw_network([3, 2, 1]))
    assert texts == ["$x_{1}$", "$x_{2}$", "$x_{3}$", "$h_{1}$", "$h_{2}$", r"$\hat{y}$"]
    _, _, texts = parts(diagrams.draw_network([2, 2, 2, 2]))
    assert "$h^{(2)}_{1}$" in texts and r"$\hat{y}_{2}$" in texts


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ([], "at least an input and an output layer"),
        ([3], "at least an input and an output layer"),
        ([3, 0, 1], "at least 1"),
        ([3, 2.5, 1], "whole number"),
    ],
)
def test_impossible_networks_are_refused_clearly(sizes, message):
    with pytest.raises(ValueError, match=message):
        diagrams.draw_network(sizes)


def boxes_and_edges(ax):
    """The drawn boxes of the weight labels and the paths of the edges, in pixels, in the same
    order: daft draws every edge's label as it draws the edge."""
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    labels = [text for text in ax.texts if text.get_text().startswith("$w")]
    edges = [patch for patch in ax.patches if type(patch).__name__ == "FancyArrow"]
    boxes = [label.get_bbox_patch().get_window_extent(renderer) for label in labels]
    paths = [edge.get_transform().transform_path(edge.get_path()) for edge in edges]
    nodes = [p.get_window_extent(renderer) for p in ax.patches if type(p).__name__ == "Ellipse"]
    return boxes, paths, nodes


@pytest.mark.parametrize("sizes", [[3, 2, 1], [2, 3], [5, 1, 5], [1, 7, 2], [3, 4, 4, 1]])
def test_each_weight_label_sits_on_its_own_edge_and_no_other(sizes):
    boxes, paths, nodes = boxes_and_edges(diagrams.draw_network(sizes, show_weights=True))
    assert len(boxes) == len(paths)
    for k, box in enumerate(boxes):
        crossing = [e for e, path in enumerate(paths) if path.intersects_bbox(box, filled=False)]
        assert crossing == [k], f"label {k} lies on edges {crossing}"
        assert not any(box.overlaps(other) for other in boxes[k + 1 :] + nodes)


def test_the_gaps_can_be_chosen_per_drawing():
    default = diagrams.draw_network([2, 2]).figure.get_size_inches()
    wider = diagrams.draw_network([2, 2], layer_gap=2 * diagrams.LAYER_GAP).figure
    taller = diagrams.draw_network([2, 2], node_gap=2 * diagrams.NODE_GAP).figure
    assert wider.get_size_inches()[0] > default[0] and wider.get_size_inches()[1] == default[1]
    assert taller.get_size_inches()[1] > default[1] and taller.get_size_inches()[0] == default[0]
    with pytest.raises(ValueError, match="gaps must be positive"):
        diagrams.draw_network([2, 2], node_gap=0)


def test_numpy_integers_are_sizes_and_booleans_are_not():
    from_numpy = diagrams.draw_network(np.array([3, 2, 1]), show_weights=True)
    assert parts(from_numpy) == parts(diagrams.draw_network([3, 2, 1], show_weights=True))
    for sizes in ([3, True, 1], [np.int64(3), np.bool_(True), 1]):
        with pytest.raises(ValueError, match="whole number"):
            diagrams.draw_network(sizes)
    with pytest.raises(ValueError, match=r"at least 1, got \[3 0 1\]"):
        diagrams.draw_network(np.array([3, 0, 1]))


def test_notebook_3s_exercise_1_is_checked_as_its_text_says():
    """The bias diagram that exercise 1 of notebook 3 asks for passes the check call it gives."""
    call = "check.neuron_diagram(with_bias, heights=(0.7, 0.0, -0.7, -1.4))"
    assert call in (NOTEBOOKS / "03_network_diagrams.ipynb").read_text()
    with_bias = copy.deepcopy(load("03_network_diagrams.ipynb", "wired")["wired"])
    with_bias.add_node("x4", r"$x_4 = 1$", 0, -1.4, aspect=2)
    with_bias.add_edge("x4", "activity", label=r"$w_4$")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        eval(call, {"check": check, "with_bias": with_bias})
    assert printed.getvalue().startswith("✓"), printed.getvalue()
