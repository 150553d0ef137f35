"""The network diagrams of notebooks 3 and 5: the right nodes, edges and labels."""

from collections import Counter

import matplotlib.pyplot as plt
import pytest

import diagrams  # from notebooks/, on pytest's pythonpath (pyproject.toml)


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
