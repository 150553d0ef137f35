"""Regenerating the stored outputs is reproducible: `make test-reproducible` (slow, run by CI).

Executing every lesson again gives byte-identical files, so `make execute` twice leaves git
clean; and with one BLAS thread instead of the default, everything is identical again except
the outputs of the cells listed in IGNORED_OUTPUTS, which are rounding noise by design.
"""

import json
import shutil

import nbformat
import pytest
from test_notebooks import IGNORED_OUTPUTS

from execute import drop_widgets, run
from navigation import NOTEBOOKS, series

pytestmark = pytest.mark.slow


def executed_copies(folder):
    """Execute a copy of every lesson in ``folder``, as `make execute` does; return their paths."""
    for name in ["check.py", "diagrams.py"]:
        shutil.copy(NOTEBOOKS / name, folder / name)
    paths = []
    for lesson in series():
        notebook = run(nbformat.read(lesson, as_version=nbformat.NO_CONVERT), folder)
        drop_widgets(notebook)
        nbformat.write(notebook, folder / lesson.name)
        paths.append(folder / lesson.name)
    return paths


def without_noise(path):
    """The notebook's JSON with the outputs of the listed rounding-noise cells removed."""
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if any(path.name == name and line in source for name, line in IGNORED_OUTPUTS):
            cell["outputs"] = []
    return notebook


def test_executing_again_changes_no_byte(tmp_path):
    for path in executed_copies(tmp_path):
        assert path.read_bytes() == (NOTEBOOKS / path.name).read_bytes(), path.name


def test_one_blas_thread_gives_the_same_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")  # the kernels inherit it
    for path in executed_copies(tmp_path):
        assert without_noise(path) == without_noise(NOTEBOOKS / path.name), path.name
