"""Sliders for the lessons' figures, with a sentence wherever sliders cannot run.

A slider needs a running kernel. Where there is none (a notebook saved and reopened, an HTML
export, a web page), a front end shows an output's plain text instead, which for ipywidgets is
`interactive(children=(FloatSlider(...`. `show` puts a sentence there instead: the widget's
plain text is its repr, in ipywidgets 8 as in Colab's ipywidgets 7.

The function's figure and printed lines are recorded in the kernel and handed to the output
widget below the sliders as its state (its `outputs`), which JupyterLab and Colab draw. Not as
ipywidgets' interactive does it, `with output_widget:`, which leaves the outputs to the front
end: a headless runner built on nbclient (jupyter nbconvert --execute, papermill, myst-nb)
then answers each such output with a message to the kernel on the channel where it waits for
the cell's reply, and that send can swallow the reply's wake-up: with no time limit, the
default of nbconvert and papermill, the run then waits forever after the slider cell
(nbclient issue 312; tests/test_runners.py runs the runners).
"""

import base64
import sys
from contextlib import contextmanager

import ipywidgets
from IPython import get_ipython
from IPython.core.displaypub import DisplayPublisher
from IPython.display import display
from ipywidgets.widgets.interaction import show_inline_matplotlib_plots

WITHOUT_KERNEL = "[Sliders: they appear when this cell runs in JupyterLab, on Binder or in Colab.]"


class Sliders(ipywidgets.interactive):
    """ipywidgets' interactive, whose plain-text form is WITHOUT_KERNEL, and whose function's
    outputs are recorded in the kernel, then set as the output widget's state."""

    def __repr__(self):
        return WITHOUT_KERNEL

    def update(self, *args):
        """Call the function with the sliders' values; what it shows replaces the outputs
        below the sliders. (ipywidgets calls it once at the start, then on each change.)"""
        self.kwargs = {widget._kwarg: widget.get_interact_value() for widget in self.kwargs_widgets}
        show_inline_matplotlib_plots()  # figures drawn before, not by the function
        shell = get_ipython()
        with recorded(shell) as outputs:
            try:
                self.result = self.f(**self.kwargs)
                show_inline_matplotlib_plots()  # the figures it drew without showing them
            except Exception as error:
                if shell is None:  # no IPython: nowhere to show a traceback
                    raise
                # recorded; from the function's frame on, not this one
                shell.showtraceback((type(error), error, error.__traceback__.tb_next))
        self.out.outputs = tuple(outputs)


class Recorder(DisplayPublisher):
    """Takes the place of IPython's display publisher, sys.stdout and sys.stderr: keeps what
    is shown, in order, as notebook outputs (the output widget's format)."""

    def __init__(self):
        super().__init__()
        self.outputs = []

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False):
        # IPython 7 (Colab) gives a PNG as bytes; the widget's state, like a notebook, holds
        # it as base64 text
        data = {
            kind: base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value
            for kind, value in data.items()
        }
        self.outputs.append(
            {"output_type": "display_data", "data": data, "metadata": metadata or {}}
        )

    def clear_output(self, wait=False):
        self.outputs.clear()

    def stream(self, name):
        """A file-like object whose text goes to stream output ``name`` (stdout, stderr)."""
        return Stream(self, name)

    def error(self, etype, evalue, structured_traceback):
        """IPython's showtraceback ends here: the traceback as IPython formatted it."""
        self.outputs.append(
            {
                "output_type": "error",
                "ename": etype.__name__,
                "evalue": str(evalue),
                "traceback": structured_traceback,
            }
        )


class Stream:
    """sys.stdout or sys.stderr while the function runs: a write extends the last output if it
    is the same stream, else starts one."""

    def __init__(self, recorder, name):
        self.recorder, self.name = recorder, name

    def write(self, text):
        outputs = self.recorder.outputs
        if outputs and outputs[-1].get("name") == self.name:
            outputs[-1]["text"] += text
        elif text:
            outputs.append({"output_type": "stream", "name": self.name, "text": text})
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


@contextmanager
def recorded(shell):
    """For the with block: what is printed, displayed and shown as a traceback is recorded in
    the list it yields instead of being sent to the front end. ``shell``: IPython's, or None."""
    recorder = Recorder()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = recorder.stream("stdout"), recorder.stream("stderr")
    if shell is not None:
        publisher = shell.display_pub
        shell.display_pub = recorder
        shell._showtraceback = recorder.error  # this instance only, until the block ends
    try:
        yield recorder.outputs
    finally:
        sys.stdout, sys.stderr = saved
        if shell is not None:
            shell.display_pub = publisher
            del shell._showtraceback


def show(function, **sliders):
    """Display ``function`` with one slider per keyword argument (ipywidgets' interactive);
    each slider shows its description in full."""
    for name, slider in sliders.items():
        slider.description = slider.description or name
        slider.style.description_width = "initial"
    display(Sliders(function, **sliders))
