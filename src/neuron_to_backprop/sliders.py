"""Sliders for the lessons' figures, with a sentence wherever sliders cannot run.

A slider needs a running kernel. Where there is none (a notebook saved and reopened, an HTML
export, a web page), a front end shows an output's plain text instead, which for ipywidgets is
`interactive(children=(FloatSlider(...`. `show` puts a sentence there instead: the widget's
plain text is its repr, in ipywidgets 8 as in Colab's ipywidgets 7.
"""

import ipywidgets
from IPython.display import display

WITHOUT_KERNEL = "[Sliders: they appear when this cell runs in JupyterLab, on Binder or in Colab.]"


class Sliders(ipywidgets.interactive):
    """ipywidgets' interactive, whose plain-text form is WITHOUT_KERNEL."""

    def __repr__(self):
        return WITHOUT_KERNEL


def show(function, **sliders):
    """Display ``function`` with one slider per keyword argument (ipywidgets' interactive);
    each slider shows its description in full."""
    for name, slider in sliders.items():
        slider.description = slider.description or name
        slider.style.description_width = "initial"
    display(Sliders(function, **sliders))
