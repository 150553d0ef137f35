"""How fast the series runs, measured: what `make bench` prints, and writes to bench-results.json.

    .venv/bin/python tools/bench.py [--runs N]

In one run, on this machine:
- every lesson executed in a fresh kernel (as nbval and `make execute` run it), median of N runs,
  split into starting the kernel and running the cells;
- the whole `make test` (environment installed), median of 3 runs;
- notebook 5's own `train` (500 loops): seconds and GFLOP/s, against numpy's matmul rate on the
  loop's two large products, measured just before: the most the loop could reach;
- if PyTorch is installed, the same loop in PyTorch on the CPU, as a ratio (optional: the series
  does not depend on PyTorch).
Reports the targets (a lesson in 3 s, kernel start included), and exits 1 when a lesson or
`make test` takes longer than its budget: a margin above today's times (slowest lesson 2.7 s,
make test 21 s on 2 cores), so that the check catches a change that makes the series slow
without failing on the noise of a loaded machine.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import nbformat
import numpy as np

from execute import run, start_kernel
from lesson import load
from navigation import NOTEBOOKS, series

ROOT = NOTEBOOKS.parent
RESULTS = ROOT / "bench-results.json"
NOTEBOOK_TARGET = 3.0  # seconds per lesson, kernel start included: reported
NOTEBOOK_BUDGET = 4.0  # seconds per lesson: exceeding it fails
TEST_BUDGET = 30.0  # seconds for the whole make test: target and budget
LOOPS = 500


def median_time(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_lesson(path, runs):
    """Median seconds to start a kernel, and to run the lesson's cells in it."""
    starts, cells = [], []
    for _ in range(runs):
        start = time.perf_counter()
        kernel = start_kernel(path.parent)
        started = time.perf_counter()
        run(nbformat.read(path, as_version=4), path.parent, kernel=kernel)
        starts.append(started - start)
        cells.append(time.perf_counter() - started)
    return statistics.median(starts), statistics.median(cells)


def time_make_test(runs=3):
    def make_test():
        subprocess.run(
            ["make", "--no-print-directory", "test"], cwd=ROOT, check=True, capture_output=True
        )

    return median_time(make_test, runs)


def loop_flops(inputs, weights1, weights2):
    """Floating-point operations of one loop: the five matrix products of forward and backward."""
    (n, d), (_, h), (_, o) = inputs.shape, weights1.shape, weights2.shape
    return 2 * n * (2 * d * h + 3 * h * o)


def time_training(runs):
    """The lesson's train() against numpy's rate on its two large products, in GFLOP/s."""
    lesson = load("05_two_layer_network.ipynb", "train")
    inputs, weights1, weights2 = (
        lesson["inputs"],
        lesson["initial_weights1"],
        lesson["initial_weights2"],
    )
    activations = inputs @ weights1

    def matmuls():  # the two large products of every loop, nothing else
        for _ in range(LOOPS):
            inputs @ weights1
            inputs.T @ activations

    n, d = inputs.shape
    h = weights1.shape[1]
    matmul_seconds = median_time(matmuls, runs)
    loop_seconds = median_time(lambda: lesson["train"](weights1, weights2, num_loops=LOOPS), runs)
    result = {
        "loop_seconds": loop_seconds,
        "loop_gflops": LOOPS * loop_flops(inputs, weights1, weights2) / loop_seconds / 1e9,
        "matmul_gflops": LOOPS * 2 * (2 * n * d * h) / matmul_seconds / 1e9,
    }
    result["ratio"] = result["loop_gflops"] / result["matmul_gflops"]
    result["torch_seconds"] = time_torch(lesson, runs)
    return result


def training_with_one_thread(runs):
    """time_training with one BLAS thread: set before numpy loads, so in a child process."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    command = [sys.executable, __file__, "--training-only", "--runs", str(runs)]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def time_torch(lesson, runs):
    """Seconds for the same 500 loops in PyTorch (float64, CPU), or None without PyTorch."""
    try:
        import torch
    except ImportError:
        return None
    inputs, targets, weights1, weights2 = (
        torch.from_numpy(lesson[name].copy())
        for name in ["inputs", "targets", "initial_weights1", "initial_weights2"]
    )

    def loop():
        w1, w2 = weights1.clone(), weights2.clone()
        for _ in range(LOOPS):
            activations = inputs @ w1
            relu_activations = activations.clamp(min=0)
            predictions = relu_activations @ w2
            dloss_predictions = 2.0 * (predictions - targets)
            dloss_weights2 = relu_activations.T @ dloss_predictions
            dloss_activations = (dloss_predictions @ w2.T) * (activations > 0)
            w1 -= 1e-6 * (inputs.T @ dloss_activations)
            w2 -= 1e-6 * dloss_weights2

    return median_time(loop, runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per lesson and per loop timing")
    parser.add_argument("--training-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs = args.runs

    if args.training_only:  # the child process of training_with_one_thread()
        print(json.dumps(time_training(runs)))
        return
    lessons = {path.name: time_lesson(path, runs) for path in series()}
    training = time_training(runs)
    training["one_thread"] = training_with_one_thread(runs)
    make_test = time_make_test()

    python, cores = platform.python_version(), os.cpu_count()
    print(f"Machine: {cores} cores, Python {python}, numpy {np.__version__}")
    print(
        f"\nLessons, fresh kernel each, median of {runs} runs "
        f"(target {NOTEBOOK_TARGET:g} s, budget {NOTEBOOK_BUDGET:g} s):"
    )
    print(f"  {'notebook':32} {'kernel':>7} {'cells':>7} {'total':>7}")
    for name, (start, cells) in lessons.items():
        total = start + cells
        flag = (
            "  OVER BUDGET"
            if total > NOTEBOOK_BUDGET
            else "  over target"
            if total > NOTEBOOK_TARGET
            else ""
        )
        print(f"  {name:32} {start:6.2f}s {cells:6.2f}s {start + cells:6.2f}s{flag}")
    flag = "  OVER BUDGET" if make_test > TEST_BUDGET else ""
    print(f"\nmake test, median of 3 runs: {make_test:.1f} s (budget {TEST_BUDGET:g} s){flag}")
    print(f"\nTraining loop of notebook 5, {LOOPS} loops, median of {runs} runs:")
    print(
        f"  the lesson's train():            {training['loop_seconds']:.3f} s, "
        f"{training['loop_gflops']:.1f} GFLOP/s"
    )
    print(f"  numpy matmul, the same products: {training['matmul_gflops']:.1f} GFLOP/s")
    print(f"  ratio:                           {training['ratio']:.0%} of the matmul rate")
    one = training["one_thread"]
    print(
        f"  with 1 BLAS thread:              {one['loop_seconds']:.3f} s, "
        f"{one['loop_gflops']:.1f} of {one['matmul_gflops']:.1f} GFLOP/s: {one['ratio']:.0%}"
    )
    if training["torch_seconds"] is None:
        print("  PyTorch: not installed, skipped (optional)")
    else:
        speed = training["loop_seconds"] / training["torch_seconds"]
        print(
            f"  PyTorch, the same loop on CPU:   {training['torch_seconds']:.3f} s "
            f"(numpy takes {speed:.2f} times as long)"
        )

    results = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
        },
        "runs": runs,
        "targets": {"notebook_seconds": NOTEBOOK_TARGET, "make_test_seconds": TEST_BUDGET},
        "budgets": {"notebook_seconds": NOTEBOOK_BUDGET, "make_test_seconds": TEST_BUDGET},
        "lessons": {n: {"kernel_seconds": s, "cells_seconds": c} for n, (s, c) in lessons.items()},
        "make_test_seconds": make_test,
        "training": training,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {RESULTS.name}")

    over = [n for n, (s, c) in lessons.items() if s + c > NOTEBOOK_BUDGET]
    over += ["make test"] if make_test > TEST_BUDGET else []
    if over:
        sys.exit(f"over budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
