"""Run notebooks top to bottom and store their outputs in place: what `make execute` does.

    .venv/bin/python tools/execute.py notebooks/01_artificial_neuron.ipynb ...

The kernel is this interpreter, started exactly as `pytest --nbval-current-env` starts it, so the
stored outputs come from the same environment the test compares them in. Each cell's printed
lines are stored as one output however the kernel happened to flush them, and no timestamps are
recorded: executing twice gives byte-identical notebooks.
"""

import sys
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager


def execute(path):
    """Execute the notebook at ``path`` in a fresh kernel, in its own folder, and save it."""
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    kernel = KernelManager(
        kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager()
    )
    NotebookClient(
        notebook,
        km=kernel,
        timeout=120,
        record_timing=False,
        coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(notebook, path)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python tools/execute.py NOTEBOOK.ipynb ...")
    for name in sys.argv[1:]:
        print(f"executing {name}", flush=True)
        execute(Path(name))
