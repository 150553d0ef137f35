"""Regenerating the stored outputs is reproducible: `make test-reproducible` (slow, run by CI).

Executing every lesson again gives byte-identical files, so `make execute` twice leaves git
clean; and with one BLAS thread instead of the default, everything is identical again except
the outputs of the cells listed in IGNORED_OUTPUTS, which are rounding noise by design.
"""

import json

import pytest

from execute import execute
from exempt import is_exempt
from layout import NOTEBOOKS, lessons

pytestmark = pytest.mark.slow


def executed_copies(folder):
    """Execute every lesson as `make execute` does, saved in ``folder``; return their paths."""
    for lesson in lessons():
        execute(lesson, saved_as=folder / lesson.name)
    return [folder / lesson.name for lesson in lessons()]


def without_noise(path):
    """The notebook's JSON with the outputs of the listed rounding-noise cells removed."""
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if is_exempt(path.name, source):
            cell["outputs"] = []
    return notebook


def test_executing_again_changes_no_byte(tmp_path):
    for path in executed_copies(tmp_path):
        assert path.read_bytes() == (NOTEBOOKS / path.name).read_bytes(), path.name


def test_one_blas_thread_gives_the_same_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")  # the kernels inherit it
    for path in executed_copies(tmp_path):
        assert without_noise(path) == without_noise(NOTEBOOKS / path.name), path.name
