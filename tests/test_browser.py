"""The series in a real JupyterLab, in a real browser: `make test-browser` (run by CI).

A JupyterLab server from the project's environment serves a temporary copy of the notebooks
(the browser saves what it runs) with temporary settings; headless Chromium (Debian's package,
driven by playwright) opens each lesson, runs all cells from the Run menu and checks what a
learner would see. A second test starts `make lab` itself and checks who it answers.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
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
from layout import NOTEBOOKS, ROOT, git, lessons
from make_runner import make_lab, stop, wait_for

LESSONS = lessons()
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
    """(base URL, token, notebook folder) of a JupyterLab on a temporary copy of the notebooks."""
    tmp = tmp_path_factory.mktemp("lab")
    folder = tmp / "notebooks"
    shutil.copytree(NOTEBOOKS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    with jupyterlab(folder, tmp, SETTINGS) as (base, token):
        yield base, token, folder


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
    for ``figures`` figures; return what a learner sees: cells, cells run, errors, figures."""
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
                where = f"{name}, code cell {seen['cells']} {prompt} ({source.splitlines()[0]!r})"
                seen["errors"].append(f"{where}: {error.inner_text().strip()[-300:]}")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{Path(name).stem}.png")
        return seen
    finally:
        page.close()


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.name for p in LESSONS])
def test_a_learner_runs_the_lesson_in_jupyterlab(browser, lab, lesson):
    figures = expected_figures(json.loads(lesson.read_text()))
    seen = run_all(browser, lab, lesson.name, figures)
    assert not seen["errors"], "\n".join(seen["errors"])
    assert seen["ran"] == seen["cells"] > 0, f"{seen['ran']} of {seen['cells']} code cells ran"
    assert seen["figures"] == figures


def test_a_broken_cell_is_named(browser, lab):
    """A copy with a cell that raises: the failure names the notebook and the cell."""
    _, _, folder = lab
    notebook = json.loads((folder / LESSONS[1].name).read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    code[2]["source"] = ['raise RuntimeError("broken on purpose")\n', *code[2]["source"]]
    (folder / "broken.ipynb").write_text(json.dumps(notebook))
    seen = run_all(browser, lab, "broken.ipynb")
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


def play(browser, base, token, name, sliders):
    """What a learner who reads and plays does with notebook ``name``: open it, Run All, move
    every slider (``sliders``: whether it has some), save, reload. Returns the number of
    sliders moved."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
        panel = page.locator(".jp-NotebookPanel:visible")
        panel.locator(".jp-Notebook").wait_for(timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        menu(page, "Run", "Run All Cells")
        page.wait_for_function(FINISHED, arg=[IDLE, ERROR_OUTPUT], timeout=120_000)
        handles = panel.locator(".widget-slider .noUi-handle")  # ipywidgets 8's sliders
        if sliders:  # drawn a moment after the kernel is idle
            handles.first.wait_for(timeout=30_000)
        moved = handles.count()
        for index in range(moved):
            handles.nth(index).focus()
            for _ in range(3):
                page.keyboard.press("ArrowRight")
        page.wait_for_function(IDLE, timeout=60_000)
        menu(page, "File", "Save Notebook")
        page.locator(".jp-mod-current.jp-mod-dirty").wait_for(state="detached", timeout=30_000)
        page.reload()
        panel.locator(".jp-Notebook").wait_for(timeout=60_000)
        return moved
    finally:
        page.close()


def test_a_learner_who_reads_runs_and_plays_changes_no_file_of_the_series(
    browser, project_clone, tmp_path_factory
):
    """In a git clone of the project, make lab's folder (my-notebooks/, tools/my_notebooks.py):
    the contents, the notation and every lesson opened under make lab's settings (the sliders'
    saveState included), run, played with, saved and reloaded. git sees no change, so make test
    compares what it compared before; its tests of the stored notebooks pass there."""
    subprocess.run([sys.executable, "tools/my_notebooks.py"], cwd=project_clone, check=True)
    mine = project_clone / "my-notebooks"
    before = {path: path.read_bytes() for path in mine.rglob("*.ipynb")}
    played = [mine / "contents.ipynb", mine / "notation.ipynb", *(mine / p.name for p in LESSONS)]
    settings = {**SERIES_SETTINGS, **SETTINGS}
    with_sliders = [p.name for p in LESSONS if "sliders.show(" in p.read_text()]
    with jupyterlab(project_clone, tmp_path_factory.mktemp("play"), settings) as (base, token):
        moved = {
            path.name: play(
                browser, base, token, path.relative_to(project_clone), path.name in with_sliders
            )
            for path in played
        }
    assert git("status", "--porcelain", "--untracked-files=all", folder=project_clone) == ""
    assert with_sliders and all(moved[name] > 0 for name in with_sliders), moved
    saved = [path.name for path, old in before.items() if path.read_bytes() != old]
    assert set(with_sliders) <= set(saved), saved  # the learner's files took the saves
    tests = ["tests/test_generated.py", "tests/test_notebooks.py", "tests/test_repository.py"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=project_clone,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
