"""Sliders for the lessons' figures, with a sentence wherever sliders cannot run.

A slider needs a running kernel. Where there is none (a notebook saved and reopened, an HTML
export, a static page), a front end shows an output's plain text instead, which for ipywidgets
is `interactive(children=(FloatSlider(...`. `show` puts a sentence there instead.
"""

import ipywidgets
from IPython.display import display

WITHOUT_KERNEL = "[Sliders: they appear when this cell runs in JupyterLab or on Binder.]"


class Sliders:
    """An ipywidgets widget whose plain-text form is WITHOUT_KERNEL."""

    def __init__(self, widget):
        self.widget = widget

    def _repr_mimebundle_(self, **kwargs):
        return {**self.widget._repr_mimebundle_(**kwargs), "text/plain": WITHOUT_KERNEL}


def show(function, **sliders):
    """Display ``function`` with one slider per keyword argument (ipywidgets' interactive);
    each slider shows its description in full."""
    for name, slider in sliders.items():
        slider.description = slider.description or name
        slider.style.description_width = "initial"
    display(Sliders(ipywidgets.interactive(function, **sliders)))
