"""Run every notebook in an environment like Binder's: what `make binder-check` does after it
builds .venv-binder from Python 3.12 and binder/requirements.txt alone.

    .venv-binder/bin/python tools/binder_check.py [NOTEBOOK ...]   # every lesson if none is named

Fails, naming the notebook and the cell, if any cell raises; and fails if installing the
notebooks' requirements pulled in a JupyterLab of their own (Binder brings its own).
"""

import importlib.util
import platform
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from layout import ROOT, lessons


def main(paths):
    print(f"Python {platform.python_version()}")
    if importlib.util.find_spec("jupyterlab"):
        sys.exit("binder/requirements.txt installs JupyterLab: Binder's own would be replaced")
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        try:
            NotebookClient(
                notebook, timeout=120, resources={"metadata": {"path": str(path.parent)}}
            ).execute()
        except CellExecutionError as error:
            sys.exit(f"{path}: a cell failed in the Binder-like environment:\n{error}")
        print(
            f"ran {path}: {sum(c.cell_type == 'code' for c in notebook.cells)} code cells, no error"
        )


if __name__ == "__main__":
    main([Path(name) for name in sys.argv[1:]] or [p.relative_to(ROOT) for p in lessons()])
