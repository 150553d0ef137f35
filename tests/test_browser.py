"""The series in a real JupyterLab, in a real browser: `make test-browser` (run by CI).

A JupyterLab server from the project's environment serves a git clone of the project, made in
a temporary folder, with make lab's folder my-notebooks/ and make lab's settings; headless
Chromium (Debian's package, driven by playwright) opens the contents, the notation and each
lesson there, runs all cells from the Run menu, checks what a learner would see, moves every
slider, saves and reloads: git must see no change. Another test starts `make lab` itself and
checks who it answers.
"""

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import chromium
from generated import in_git_clone
from layout import CONTENTS, NOTATION, ROOT, committed_copy, git, lessons
from make_runner import make_lab, stop, wait_for
from my_notebooks import MY_NOTEBOOKS

LESSONS = lessons()
PLAYED = [*LESSONS, CONTENTS, NOTATION]  # what a learner opens in make lab's folder
SCREENSHOTS = ROOT / "browser-screenshots"
SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},  # every cell in the DOM
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

# make lab's own settings (it copies them into .venv), under which a learner plays
SERIES_SETTINGS = json.loads((ROOT / "tools" / "jupyterlab-settings.json").read_text())

pytestmark = [
    pytest.mark.browser,
    chromium.needed,
]
browser = chromium.browser  # the fixture: a headless Chromium for this module


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """The HTTP status of a GET on url."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """(base URL, token, the clone's root) of a JupyterLab as make lab serves it, on a git clone
    of the project (uncommitted changes included) with make lab's folder, my-notebooks/, made by
    its tool, under make lab's settings (the sliders' saveState included). The browser saves
    what it runs there."""
    if not in_git_clone(ROOT):
        pytest.skip("the clone is made from git's list of the project's files: no git here")
    tmp = tmp_path_factory.mktemp("lab")
    clone = committed_copy(tmp / "clone")
    subprocess.run([sys.executable, "tools/my_notebooks.py"], cwd=clone, check=True)
    with jupyterlab(clone, tmp, {**SERIES_SETTINGS, **SETTINGS}) as (base, token):
        yield base, token, clone


@contextlib.contextmanager
def jupyterlab(folder, tmp, user_settings):
    """(base URL, token) of a JupyterLab serving ``folder``, with ``user_settings`` and its
    other files in ``tmp``."""
    settings = tmp / "settings"  # user settings: one file per plugin
    for plugin, values in user_settings.items():
        package, name = plugin.split(":")
        (settings / package).mkdir(parents=True, exist_ok=True)
        (settings / package / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
    }
    token, port = secrets.token_hex(16), free_port()
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={folder}",
    ] + (["--allow-root"] if os.getuid() == 0 else [])
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/status?token={token}", server)
        yield base, token
    finally:
        stop(server)


def expected_figures(notebook):
    """Figures a learner sees after Run All: the stored ones, and one per slider widget."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    stored = sum("image/png" in o.get("data", {}) for c in cells for o in c["outputs"])
    return stored + sum("sliders.show(" in "".join(c["source"]) for c in cells)


ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
FINISHED = """([idle, error]) => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = [...panel.querySelectorAll('.jp-CodeCell')]
        .filter(c => c.querySelector('.jp-InputArea-editor').textContent.trim());
    const ran = c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputPrompt').textContent);
    return (cells.every(ran) || panel.querySelector(error)) && eval(idle);
}"""


IDLE = "document.querySelector('#jp-main-statusbar')?.textContent.includes('Idle')"


def menu(page, menu_name, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=menu_name).click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_all(browser, lab, name, figures=0):
    """Open notebook ``name`` in JupyterLab, clear its stored outputs, run all cells, and wait
    for ``figures`` figures; then move every slider, save and reload. Return what a learner
    sees: cells, cells run, errors, figures, sliders."""
    base, token, _ = lab
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
        panel = page.locator(".jp-NotebookPanel:visible")
        panel.locator(".jp-Notebook").wait_for(timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        # The stored outputs carry prompt numbers and figures: clear them, or they would count.
        menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(
            "!document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea img')"
        )
        menu(page, "Run", "Run All Cells")
        # Done when every non-empty code cell has its number and the kernel is idle again; a
        # cell that raises stops Run All, so also done when an error shows and the kernel idles.
        page.wait_for_function(FINISHED, arg=[IDLE, ERROR_OUTPUT], timeout=120_000)
        images = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img"
        try:  # sliders draw their figure a moment after the kernel is idle (more on a busy machine)
            page.wait_for_function(
                f"document.querySelectorAll('{images}').length >= {figures}", timeout=30_000
            )
        except PlaywrightTimeout:
            pass  # the count below tells how many came
        seen = {"cells": 0, "ran": 0, "errors": [], "figures": 0}
        cells = panel.locator(".jp-CodeCell")
        for i in range(cells.count()):
            cell = cells.nth(i)
            source = cell.locator(".jp-InputArea-editor").inner_text().strip()
            if not source:
                continue
            prompt = cell.locator(".jp-InputPrompt").inner_text().strip()
            seen["cells"] += 1
            seen["ran"] += bool(re.fullmatch(r"\[\d+\]:", prompt))
            seen["figures"] += cell.locator(".jp-OutputArea-output img").count()
            for error in cell.locator(ERROR_OUTPUT).all():
                where = f"{Path(name).name}, code cell {seen['cells']} {prompt}"
                where += f" ({source.splitlines()[0]!r})"
                seen["errors"].append(f"{where}: {error.inner_text().strip()[-300:]}")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{Path(name).stem}.png")
        # Then play as a learner does: move every slider, save, reload.
        handles = panel.locator(".widget-slider .noUi-handle")  # ipywidgets 8's sliders
        seen["sliders"] = handles.count()
        for index in range(seen["sliders"]):
            handles.nth(index).focus()
            for _ in range(3):
                page.keyboard.press("ArrowRight")
        page.wait_for_function(IDLE, timeout=60_000)
        menu(page, "File", "Save Notebook")
        page.locator(".jp-mod-current.jp-mod-dirty").wait_for(state="detached", timeout=30_000)
        page.reload()
        panel.locator(".jp-Notebook").wait_for(timeout=60_000)
        return seen
    finally:
        page.close()


@pytest.mark.parametrize("notebook", PLAYED, ids=[p.name for p in PLAYED])
def test_a_learner_runs_and_plays_each_notebook_and_no_file_of_the_series_changes(
    browser, lab, notebook
):
    """In make lab's folder: Run All shows every output with no error, every slider moves,
    and saving writes the learner's copy, while git sees no change in the clone."""
    _, _, clone = lab
    mine = clone / MY_NOTEBOOKS.name / notebook.name
    before = mine.read_bytes()
    stored = json.loads(notebook.read_text())
    figures = expected_figures(stored)
    seen = run_all(browser, lab, mine.relative_to(clone).as_posix(), figures)
    assert not seen["errors"], "\n".join(seen["errors"])
    assert seen["ran"] == seen["cells"], f"{seen['ran']} of {seen['cells']} code cells ran"
    assert seen["figures"] == figures
    sliders = "sliders.show(" in notebook.read_text()
    assert (seen["sliders"] > 0) == sliders, seen["sliders"]
    if seen["cells"]:
        assert mine.read_bytes() != before, "the learner's copy was not saved"
    assert git("status", "--porcelain", "--untracked-files=all", folder=clone) == ""


def test_the_stored_notebooks_tests_pass_in_the_clone_the_learner_played_in(lab):
    """After the tests above (pytest runs a module in order), the tests of the stored
    notebooks and generated files pass in that clone, as make test runs them."""
    _, _, clone = lab
    tests = ["tests/test_generated.py", "tests/test_notebooks.py", "tests/test_repository.py"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=clone,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_broken_cell_is_named(browser, lab):
    """A copy with a cell that raises: the failure names the notebook and the cell."""
    _, _, clone = lab
    folder = clone / MY_NOTEBOOKS.name
    notebook = json.loads((folder / LESSONS[1].name).read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    code[2]["source"] = ['raise RuntimeError("broken on purpose")\n', *code[2]["source"]]
    (folder / "broken.ipynb").write_text(json.dumps(notebook))
    seen = run_all(browser, lab, f"{MY_NOTEBOOKS.name}/broken.ipynb")
    assert len(seen["errors"]) == 1, seen["errors"]
    assert seen["errors"][0].startswith("broken.ipynb, code cell 3 [3]:")
    assert "raise RuntimeError" in seen["errors"][0] and "broken on purpose" in seen["errors"][0]
    assert seen["ran"] < seen["cells"]


def listening_addresses(pid, port, seconds=10):
    """The addresses on which a process started by ``pid`` listens, found by its ``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in psutil.Process(pid).children(recursive=True):
            sockets = process.net_connections(kind="inet")
            if any(c.laddr.port == port and c.status == psutil.CONN_LISTEN for c in sockets):
                return {c.laddr.ip for c in sockets if c.status == psutil.CONN_LISTEN}
        time.sleep(0.2)
    raise AssertionError(f"no process under make lab listens on port {port}")


def test_make_lab_answers_only_on_localhost_and_only_with_its_token(tmp_path, browser):
    with make_lab(ROOT, tmp_path) as lab:
        listening = listening_addresses(lab.process.pid, lab.port)
        assert listening == {"127.0.0.1"}, f"make lab listens on {listening}"

        base, path, token = lab.base, lab.path, lab.token
        assert path == "/lab/tree/my-notebooks/contents.ipynb"  # on the contents, in their folder
        assert get(f"{base}/api/contents") == 403
        assert get(f"{base}/api/contents?token=wrong{token}") == 403
        assert get(f"{base}/api/contents?token={token}") == 200
        assert get(f"{base}{path}?token={token}") == 200

        # What a learner sees first: the contents, and no pop-up about Jupyter news.
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{base}/lab/tree/my-notebooks/{LESSONS[3].name}?token={token}")
        page.locator(".jp-NotebookPanel:visible .jp-Notebook").wait_for(timeout=60_000)
        page.wait_for_timeout(3000)  # the news question comes a moment after the page
        assert page.locator("text=official Jupyter news").count() == 0
        page.close()
    log = "".join(lab.output)
    assert "is not trusted" not in log, "make lab should trust the series' notebooks"
