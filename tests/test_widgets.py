"""The sliders: the functions behind them, called with values a learner might choose, how what
they show reaches the widget, and what shows where sliders cannot run."""

import sys

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


def test_the_function_s_outputs_become_the_output_widget_s_state(monkeypatch):
    """Recorded in the kernel, in order, and set as the widget's outputs on every change: not
    left to the front end to capture (nbclient's stand-in for it could hang nbconvert)."""
    shown = []
    monkeypatch.setattr(sliders, "display", shown.append)

    def function(x):
        print(f"x = {x:g}")
        print("a warning", file=sys.stderr)
        print("done")

    sliders.show(function, x=ipywidgets.FloatSlider(value=2.0))
    widget = shown[0]

    def stream(name, text):
        return {"output_type": "stream", "name": name, "text": text}

    expected = (
        stream("stdout", "x = 2\n"),
        stream("stderr", "a warning\n"),
        stream("stdout", "done\n"),
    )
    assert widget.out.outputs == expected
    widget.children[0].value = 3.0
    assert widget.out.outputs[0] == stream("stdout", "x = 3\n") and len(widget.out.outputs) == 3


def test_a_figure_given_as_bytes_is_recorded_as_base64():
    """IPython 7 (Colab's) hands a PNG to the display publisher as bytes; a notebook and the
    widget's state hold base64 text."""
    recorder = sliders.Recorder()
    recorder.publish({"image/png": b"\x89PNG", "text/plain": "<Figure>"})
    data = {"image/png": "iVBORw==", "text/plain": "<Figure>"}
    assert recorder.outputs == [{"output_type": "display_data", "data": data, "metadata": {}}]
