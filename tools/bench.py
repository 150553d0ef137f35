"""How fast and how big the series is, measured: what `make bench` prints and writes to
bench-results.json.

    .venv/bin/python tools/bench.py [--runs N]

In one run, on this machine:
- installing, in fresh clones of HEAD with the package caches warm: `make lab` until JupyterLab
  answers (it installs the learner's environment), that .venv's size and whether it holds a
  test tool; `make install-dev` on top (the maintainer's environment) and its size; and, in a
  second clone, `make test` from nothing (install included);
- every lesson executed in a fresh kernel (as `make execute` runs it) with one BLAS thread (as
  make lab and Binder run them), median of N runs, split into starting the kernel (until it
  answers) and running the cells (until the last output);
- the whole `make test` in this checkout (environment installed), median of 3 runs;
- notebook 5's own `train` (500 loops): seconds and GFLOP/s, against numpy's matmul rate on the
  loop's two large products, measured just before: the most the loop could reach; with one BLAS
  thread per core and with 1 (tools/training_speed.py, in a child process for each);
- notebook 5 (kernel start and cells) with 1 and with 2 BLAS threads, on the machine as it is
  and beside a busy process (a loop in Python holding a core), median of N runs of each: why
  binder/start gives one thread. Reported only, with the ratios of the same run: no budget.
Each number with a budget is printed beside its target and its budget. Sizes are the same on
every machine: one over its budget fails (exit status 1). Times are not: machines differ about
2x, and a loaded one more, so a time over its budget is flagged and reported, never failed. A
correct change must not be refused because the machine was slower.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
from packaging.utils import canonicalize_name

from execute import notebook_client
from layout import NOTEBOOKS, PROJECT, ROOT, lessons
from make_runner import make, make_lab, wait_for
from training_speed import LOOPS, median_time

RESULTS = ROOT / "bench-results.json"
TRAINING_SPEED = str(Path(__file__).with_name("training_speed.py"))
# measurement: (unit, target, budget). A number over its target is flagged; a size over budget
# fails, a time over budget is flagged only (see the module's docstring).
# The learner's .venv (420 MB at 3e2562c) is the lessons' packages (280 MB), their bytecode
# (85 MB, compiled at install as pip does, so that imports are fast where Python writes none),
# uv (40 MB, the fast installer) and pip (15 MB, its fallback).
LIMITS = {
    "lab_seconds": ("s", 15.0, 25.0),
    "learner_mb": ("MB", 450.0, 500.0),
    "install_dev_seconds": ("s", 10.0, 20.0),
    "full_mb": ("MB", 650.0, 700.0),
    "fresh_test_seconds": ("s", 45.0, 60.0),
    "make_test_seconds": ("s", 10.0, 25.0),
    "lesson_seconds": ("s", 2.5, 3.5),
}
# In a .venv besides the locked packages: the installers.
INSTALLERS = {"pip", "setuptools", "uv"}
# The BLAS thread variables binder/start sets (to 1): numpy reads them when it loads.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
THREADED = NOTEBOOKS / "05_two_layer_network.ipynb"  # the lesson with the training loop


def run_lesson(path):
    """Seconds to start a kernel, and to run the lesson's cells in it (until the last cell's
    output, the learner's wait; not the kernel's shutdown after)."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    with notebook_client(notebook, path.parent) as runner:
        started = time.perf_counter()
        runner.execute()
        done = time.perf_counter()
    return started - start, done - started


def time_lesson(path, runs):
    """Median seconds of ``runs`` runs of the lesson: kernel start, cells."""
    starts, cells = zip(*(run_lesson(path) for _ in range(runs)))
    return statistics.median(starts), statistics.median(cells)


@contextlib.contextmanager
def blas_threads(threads):
    """For the with block, BLAS_THREADS set to ``threads`` in this process's environment, which
    the kernels it starts inherit (before they load numpy)."""
    saved = {name: os.environ.get(name) for name in BLAS_THREADS}
    os.environ.update(dict.fromkeys(BLAS_THREADS, str(threads)))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def busy(processes):
    """For the with block, ``processes`` other programs that each hold a core (a loop in Python):
    a learner's browser, another notebook, a neighbour on a shared server."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        time.sleep(0.5)  # running before the kernel starts
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def time_threads(runs):
    """Median seconds of notebook 5 (kernel start and cells) with 1 and 2 BLAS threads, first
    on the machine as it is, then beside one busy process: {(busy processes, threads): seconds}.
    The two thread counts alternate, so that both meet the same moments of a loaded machine."""
    seconds = {}
    for processes in (0, 1):
        with busy(processes):
            times = {1: [], 2: []}
            for _ in range(runs):
                for threads, measured in times.items():
                    with blas_threads(threads):
                        measured.append(sum(run_lesson(THREADED)))
        for threads, measured in times.items():
            seconds[processes, threads] = statistics.median(measured)
    return seconds


def time_make(folder, target, runs=1):
    """Median seconds of `make TARGET` in ``folder``; it must succeed."""
    return median_time(lambda: make(folder, target).check_returncode(), runs)


def time_make_test(runs=3):
    return time_make(ROOT, "test", runs)


def fresh_clone(folder):
    """A clone of HEAD in ``folder``: what a new user has after `git clone`."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    return folder


def time_make_lab(folder):
    """Seconds from `make lab` in a fresh clone until its JupyterLab answers with its token."""
    start = time.perf_counter()
    with make_lab(folder, folder / "runtime") as lab:
        wait_for(f"{lab.base}/api/status?token={lab.token}", lab.process)
        return time.perf_counter() - start


def locked(lock):
    """The normalised names of the packages pinned in ``lock`` (a requirements file of ROOT),
    and the helpers' if it installs them (`-e .`)."""
    text = (ROOT / lock).read_text()
    pinned = re.findall(r"^([\w.-]+)==", text, flags=re.MULTILINE)
    helpers = [PROJECT["name"]] if re.search(r"^-e \.$", text, flags=re.MULTILINE) else []
    return {canonicalize_name(name) for name in pinned + helpers}


def environment(folder):
    """Size in MB of ``folder``/.venv and the names of the packages in it."""
    venv = folder / ".venv"
    size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    names = {
        canonicalize_name(path.name.split("-")[0])
        for path in venv.glob("lib/python*/site-packages/*.dist-info")
    }
    return size / 1e6, names


def time_installs():
    """The install numbers, from fresh clones of HEAD (package caches warm)."""
    with tempfile.TemporaryDirectory() as folder:
        clone = fresh_clone(Path(folder, "lab"))
        result = {"lab_seconds": time_make_lab(clone)}
        result["learner_mb"], names = environment(clone)
        result["learner_packages"] = len(names)
        result["learner_extra"] = sorted(names - locked("requirements.txt") - INSTALLERS)
        result["install_dev_seconds"] = time_make(clone, "install-dev")
        result["full_mb"], names = environment(clone)
        result["full_packages"] = len(names)
        clone = fresh_clone(Path(folder, "test"))
        result["fresh_test_seconds"] = time_make(clone, "test")
    return result


def training_with_threads(threads, runs):
    """tools/training_speed.py's numbers with ``threads`` BLAS threads (set before numpy loads:
    in a child process)."""
    env = {**os.environ, **dict.fromkeys(BLAS_THREADS, str(threads))}
    command = [sys.executable, TRAINING_SPEED, "--runs", str(runs)]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


class Report:
    """Prints each number beside its target and budget; remembers those over budget."""

    def __init__(self):
        self.over_budget = []

    def row(self, label, value, limit=None, note=""):
        """One number; ``limit`` is its key in LIMITS (unit, target, budget), if it has one."""
        unit, target, budget = LIMITS[limit] if limit else ("", None, None)
        shown = f"{value:.0f}" if unit == "MB" else f"{value:.2f}"
        limits, flag = "", ""
        if limit:
            limits = f"{target:g} / {budget:g}"
            if value > budget and unit == "s":
                flag = "  over budget (a time: reported, not failed)"
            elif value > budget:
                flag = "  OVER BUDGET"
                self.over_budget.append(label)
            elif value > target:
                flag = "  over target"
        print(f"  {label:36} {shown:>7} {unit:2} {limits:>11}{flag}  {note}".rstrip())


def print_installs(report, installs):
    print(f"\nInstalling: fresh clones of HEAD, package caches warm {'target / budget':>38}")
    extra = installs["learner_extra"]
    if extra:
        report.over_budget.append("packages beyond requirements.txt in the learner's .venv")
    rows = [
        ("make lab until JupyterLab answers", "lab_seconds", ""),
        (
            "the learner's .venv",
            "learner_mb",
            f"{installs['learner_packages']} packages; beyond requirements.txt and the "
            f"installers: {', '.join(extra) or 'none'}",
        ),
        ("make install-dev on top of it", "install_dev_seconds", ""),
        ("the full .venv", "full_mb", f"{installs['full_packages']} packages"),
        ("make test, install included", "fresh_test_seconds", ""),
    ]
    for label, key, note in rows:
        report.row(label, installs[key], key, note)


def print_lessons(report, times, runs):
    print(f"\nEach lesson in a fresh kernel, median of {runs} runs: kernel start + cells")
    for name, (start, cells) in times.items():
        report.row(name, start + cells, "lesson_seconds", f"{start:.2f} + {cells:.2f} s")


def print_training(report, training, runs):
    print(f"\nNotebook 5's train(), {LOOPS} loops, median of {runs} runs, against numpy's matmul")
    print("rate on the loop's two large products (the most the loop could reach):")
    for threads, result in training.items():
        report.row(
            f"with {threads} BLAS thread{'s' if threads > 1 else ''}",
            result["loop_seconds"],
            note=f"s, {result['loop_gflops']:.1f} of {result['matmul_gflops']:.1f} GFLOP/s: "
            f"{result['ratio']:.0%}",
        )


def print_threads(report, seconds, runs):
    print(f"\nNotebook 5, kernel start and cells, BLAS threads, median of {runs} runs (no budget):")
    for (processes, threads), value in seconds.items():
        where = "beside a busy process" if processes else "as the machine is"
        report.row(f"{threads} thread{'s' if threads > 1 else ''}, {where}", value, note="s")
    for processes, where in [(0, "as the machine is"), (1, "beside a busy process")]:
        ratio = seconds[processes, 2] / seconds[processes, 1]
        report.row(f"2 threads / 1, {where}", ratio, note="above 1: one thread is faster")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per lesson and per loop timing")
    runs = parser.parse_args().runs

    installs = time_installs()
    with blas_threads(1):  # as make lab and Binder run them (binder/start)
        lesson_times = {path.name: time_lesson(path, runs) for path in lessons()}
    make_test = time_make_test()
    threads = sorted({os.cpu_count(), 1}, reverse=True)  # one per core, and one
    training = {n: training_with_threads(n, runs) for n in threads}
    notebook_threads = time_threads(runs)

    report = Report()
    python, cores = platform.python_version(), os.cpu_count()
    print(f"Machine: {cores} cores, Python {python}, numpy {np.__version__}")
    print_installs(report, installs)
    print_lessons(report, lesson_times, runs)
    print("\nmake test in this checkout, environment installed, median of 3 runs")
    report.row("make test", make_test, "make_test_seconds")
    print_training(report, training, runs)
    print_threads(report, notebook_threads, runs)

    results = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
        },
        "runs": runs,
        "limits": {
            name: {"unit": u, "target": t, "budget": b} for name, (u, t, b) in LIMITS.items()
        },
        "installs": installs,
        "lessons": {
            name: {"kernel_seconds": start, "cells_seconds": cells}
            for name, (start, cells) in lesson_times.items()
        },
        "make_test_seconds": make_test,
        "training": training,
        "notebook_5_threads": [
            {"busy_processes": processes, "blas_threads": threads, "seconds": value}
            for (processes, threads), value in notebook_threads.items()
        ],
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {RESULTS.name}")
    if report.over_budget:
        sys.exit(f"over budget: {', '.join(report.over_budget)}")


if __name__ == "__main__":
    main()
