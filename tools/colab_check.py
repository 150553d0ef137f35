"""Run each lesson as Colab would: what `make test-colab` does after it builds .venv-colab
(Python 3.13 with Colab's numpy, matplotlib, ipywidgets, ipykernel and IPython).

    PATH=.venv-colab/bin:$PATH .venv-colab/bin/python tools/colab_check.py [NOTEBOOK ...]

(every lesson if none is named)

Colab opens one notebook alone. So each lesson is copied alone into an empty folder and run in a
kernel that has imported a stand-in `google.colab` (tests/colab), so that its first cell
installs the helpers and daft-pgm with pip, from this checkout's git repository (what git has
committed: commit first) instead of GitHub. Then:

- every cell must run without error;
- pip must have replaced none of the packages already there (Colab would ask for a restart),
  only added some, which are uninstalled again so that each lesson starts as in a new runtime;
- each text output must be the stored one (the cells tests/test_notebooks.py exempts, and the
  install cell, whose stored output is empty, left out): the lessons' numbers do not depend on
  the older numpy and matplotlib. Figures are not compared: their pixels may differ.
"""

import difflib
import importlib.metadata
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from exempt import is_exempt, sanitize_patterns
from generated import INSTALL_ID
from layout import ROOT, git, lessons
from navigation import INSTALL_URL

STUB = ROOT / "tests" / "colab"
IMAGES = ("image/png", "image/jpeg")
SHOWN = ("numpy", "matplotlib", "ipywidgets", "ipykernel", "ipython")


def installed():
    """{name: version} of every package in this environment."""
    return {d.metadata["Name"].lower(): d.version for d in importlib.metadata.distributions()}


def texts(cell):
    """The text outputs of a code cell, memory addresses sanitized as nbval does."""
    found = []
    for output in cell.get("outputs", []):
        if "text" in output:
            found.append(output["text"])
        for mime, data in output.get("data", {}).items():
            if mime not in IMAGES and "widget" not in mime:
                found.append(f"{mime}: {data}")
    text = "".join(found)
    for pattern in sanitize_patterns():
        text = pattern.sub("SANITIZED", text)
    return text


def run(path, folder):
    """Execute lesson ``path`` alone in ``folder`` as in Colab; return the executed notebook."""
    notebook = nbformat.read(path, as_version=4)
    install = next(cell for cell in notebook.cells if cell.get("id") == INSTALL_ID)
    assert INSTALL_URL in install.source, f"{path.name}: no {INSTALL_URL} in its install cell"
    install.source = install.source.replace(INSTALL_URL, f"git+file://{ROOT}")
    (folder / path.name).write_text(nbformat.writes(notebook))  # the lesson alone in its folder
    client = NotebookClient(
        notebook,
        timeout=300,
        resources={"metadata": {"path": str(folder)}},
        # as Colab's kernel: google.colab imported when it starts
        extra_arguments=["--IPKernelApp.exec_lines=import google.colab"],
    )
    client.execute(env={**os.environ, "PYTHONPATH": str(STUB)})
    return notebook


def differences(path, executed):
    """Lines of a diff for each compared cell whose text differs from the stored one."""
    stored = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    ran = [c for c in executed.cells if c.cell_type == "code"]
    found = []
    for number, (before, after) in enumerate(zip(stored, ran, strict=True), start=1):
        if before.get("id") == INSTALL_ID or is_exempt(path.name, before.source):
            continue
        if texts(before) != texts(after):
            found.append(f"{path.name}, code cell {number} ({before.source.splitlines()[0]!r}):")
            found += difflib.unified_diff(
                texts(before).splitlines(),
                texts(after).splitlines(),
                "stored",
                "Colab-like",
                lineterm="",
                n=0,
            )
    return found


def tracebacks(path, executed):
    """The code cells, compared or not, that show an error: a failed display (a widget that
    cannot draw itself) prints its traceback without failing the cell."""
    code = [c for c in executed.cells if c.cell_type == "code"]
    return [
        f"{path.name}, code cell {number}: shows an error"
        for number, cell in enumerate(code, start=1)
        if any(
            output.output_type == "error"
            or "Traceback" in output.get("text", "")
            or any("Traceback" in str(value) for value in output.get("data", {}).values())
            for output in cell.outputs
        )
    ]


def check(path, before):
    """Run lesson ``path`` as in a new Colab runtime; return (what to print, failures)."""
    start = time.perf_counter()
    failures, executed = [], None
    with tempfile.TemporaryDirectory() as folder:
        try:
            executed = run(path, Path(folder))
        except CellExecutionError as error:
            failures.append(f"{path.name}: a cell failed\n{error}")
    after = installed()
    added = sorted(set(after) - set(before))
    changed = [f"{n} {v} -> {after.get(n)}" for n, v in before.items() if after.get(n) != v]
    if changed:
        failures.append(f"{path.name}: its install cell replaced {changed}")
    pip = [sys.executable, "-m", "pip", "--quiet"]  # the next lesson starts as in a new runtime
    if added:
        subprocess.run([*pip, "uninstall", "--yes", *added], check=True)
    if changed:
        restore = [f"{n}=={v}" for n, v in before.items() if after.get(n) != v]
        subprocess.run([*pip, "install", "--no-deps", *restore], check=True)
    if executed is None:
        return f"{path.name}: FAILED", failures
    install = next(c for c in executed.cells if c.get("id") == INSTALL_ID)
    found = differences(path, executed)
    failures += found + tracebacks(path, executed)
    pip_added = ", ".join(f"{n} {after[n]}" for n in added) or "nothing"
    report = (
        f"ran {path.name} alone: {sum(c.cell_type == 'code' for c in executed.cells)} code "
        f"cells, none failed, {time.perf_counter() - start:.0f} s; its install cell printed "
        f"{len(texts(install).splitlines())} lines; pip added {pip_added}, replaced "
        f"{', '.join(changed) or 'nothing'}; "
        + (f"{len(found)} TEXT DIFFERENCES" if found else "the same text outputs as stored")
    )
    return report, failures


def main(paths):
    uncommitted = git("status", "--porcelain", "--", "src", "pyproject.toml")
    if uncommitted:
        sys.exit(f"Colab installs the helpers from git: commit these first\n{uncommitted}")
    before = installed()
    print(f"Python {platform.python_version()}, " + ", ".join(f"{n} {before[n]}" for n in SHOWN))
    failures = []
    for path in paths:
        report, found = check(path, before)
        print(report, flush=True)
        failures += found
    if failures:
        sys.exit("\n".join(failures))


if __name__ == "__main__":
    main([Path(name) for name in sys.argv[1:]] or [p.relative_to(ROOT) for p in lessons()])
