"""Run notebooks top to bottom and store their outputs in place: what `make execute` does.

    .venv/bin/python tools/execute.py [--overwrite] [NOTEBOOK ...]   # every lesson if none is named

The kernel is this interpreter, with the kernel spec `pytest --nbval-current-env` uses, so the
stored outputs come from the same environment the test compares them in. Each cell's printed
lines are stored as one output however the kernel happened to flush them, and no timestamps are
recorded: executing twice gives byte-identical notebooks. Slider widgets are not stored either:
their views carry a new random id on every run and show nothing without a running kernel, so a
widget cell is stored without output (it is tagged nbval-ignore-output; nbval still runs it).

Only the outputs change: a lesson edited by hand keeps every cell. The notebook is written through
generated.save, which leaves it alone if a cell was changed while it ran (unless --overwrite).
"""

import contextlib
import subprocess
import sys
import time
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

from generated import refuse, save, text
from layout import ROOT, lessons

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def start_kernel(folder):
    """A started kernel of this interpreter, working in ``folder``, and a ready client of it."""
    kernel = KernelManager(
        kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager()
    )
    # Its log (a warning about unencrypted local TCP) is noise; cell errors come as outputs.
    kernel.start_kernel(cwd=str(folder), stderr=subprocess.DEVNULL)
    client = kernel.client()
    client.start_channels()
    try:
        wait_until_ready(client)
    except BaseException:
        client.stop_channels()
        kernel.shutdown_kernel(now=True)
        raise
    return kernel, client


def wait_until_ready(client, timeout=60):
    """Return once the kernel answers a request and its IOPub messages (outputs) arrive.

    jupyter_client's wait_for_ready checks the same, then waits for 0.2 s without an IOPub
    message: a fixed 0.2 s of every kernel start that JupyterLab's learners do not wait for.
    The messages left are harmless: nbclient reads only those that answer the cell it runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        request = client.kernel_info()
        try:
            while client.get_shell_msg(timeout=1)["parent_header"].get("msg_id") != request:
                pass
            client.get_iopub_msg(timeout=0.2)  # none: IOPub is not connected yet, ask again
            return
        except Empty:
            if not client.is_alive():
                raise RuntimeError("the kernel died while starting") from None
    raise RuntimeError(f"the kernel did not answer within {timeout} s")


@contextlib.contextmanager
def notebook_client(notebook, folder, allow_errors=False):
    """For the with block: nbclient's NotebookClient for ``notebook`` (`.execute()` runs every
    cell in place, `.execute_cell` one), in a fresh kernel working in ``folder``; the kernel is
    shut down after the block."""
    manager, client = start_kernel(folder)
    runner = NotebookClient(
        notebook,
        km=manager,
        timeout=120,
        allow_errors=allow_errors,
        record_timing=False,
        coalesce_streams=True,
        resources={"metadata": {"path": str(folder)}},
    )
    runner.kc = client
    try:
        yield runner
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(notebook, folder, allow_errors=False):
    """Execute ``notebook`` in place in a fresh kernel working in ``folder``."""
    with notebook_client(notebook, folder, allow_errors) as runner:
        runner.execute()
    return notebook


def execute(path, saved_as=None, overwrite=False):
    """Execute the notebook at ``path`` in its own folder and save it with its outputs, in place
    or as ``saved_as``; return the files left as they are (see generated.save)."""
    notebook = run(nbformat.read(path, as_version=nbformat.NO_CONVERT), path.parent)
    drop_widgets(notebook)
    return save({saved_as or path: text(notebook)}, overwrite)


def drop_widgets(notebook):
    """Remove widget views from the outputs and the widget state from the metadata."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]


if __name__ == "__main__":
    overwrite = "--overwrite" in sys.argv[1:]
    paths = [Path(name) for name in sys.argv[1:] if name != "--overwrite"] or lessons()
    kept = []
    for path in paths:
        print(f"executing {path.resolve().relative_to(ROOT)}", flush=True)
        kept += execute(path.resolve(), overwrite=overwrite)
    refuse(kept, "make execute")
