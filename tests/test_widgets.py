"""The sliders: the functions behind them, called with values a learner might choose, and what
shows where sliders cannot run."""

import ipywidgets
import pytest

from lesson import load
from neuron_to_backprop import sliders


@pytest.fixture(scope="module")
def neuron():
    return load("01_artificial_neuron.ipynb", "show_neuron")


@pytest.fixture(scope="module")
def descent():
    return load("04_gradient_descent.ipynb", "explore_descent")


@pytest.mark.parametrize(
    ("values", "printed"),
    [
        ({}, "activity a = 19,  output y = ReLU(a) = 19"),
        ({"x2": 9, "x3": 1}, "activity a = -2,  output y = ReLU(a) = 0"),
        ({"w2": 1}, "activity a = 25,  output y = ReLU(a) = 25"),
        ({"w1": -5, "w2": -5, "w3": -5}, "activity a = -45,  output y = ReLU(a) = 0"),
    ],
)
def test_the_neuron_slider_function(neuron, capsys, values, printed):
    neuron["show_neuron"](**values)
    assert capsys.readouterr().out.strip() == printed


@pytest.mark.parametrize(
    ("x0", "learning_rate", "printed"),
    [
        (4.0, 0.1, "x = 0.1407, error y = 0.0198"),
        (-4.0, 0.5, "x = 0.0000, error y = 0.0000"),  # 1 - 2 eta = 0: the minimum in one step
        (4.0, 1.0, "x = -4.0000, error y = 16.0000"),  # factor -1: jumps between 4 and -4
        (4.0, 1.05, "x = -16.7090, error y = 279.1904"),  # diverges
    ],
)
def test_the_descent_slider_function(descent, capsys, x0, learning_rate, printed):
    descent["explore_descent"](x0=x0, learning_rate=learning_rate)
    assert capsys.readouterr().out.strip() == f"after 15 steps: {printed}"


def test_without_a_kernel_the_sliders_show_a_sentence(monkeypatch):
    shown = []
    monkeypatch.setattr(sliders, "display", shown.append)
    sliders.show(lambda learning_rate: None, learning_rate=ipywidgets.FloatSlider(value=0.1))
    bundle = shown[0]._repr_mimebundle_()
    assert bundle["text/plain"] == sliders.WITHOUT_KERNEL  # not "interactive(children=..."
    assert "application/vnd.jupyter.widget-view+json" in bundle  # the live sliders
    slider = shown[0].children[0]
    assert slider.description == "learning_rate" and slider.style.description_width == "initial"
