"""How fast notebook 5's own `train` runs (500 loops): seconds and GFLOP/s, against numpy's
matmul rate on the loop's two large products, measured just before: the most the loop could
reach. Prints the numbers as one line of JSON.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python tools/training_speed.py [--runs N]

tools/bench.py runs it once for each number of BLAS threads it measures, in a child process:
numpy reads the thread variables when it loads.
"""

import argparse
import json
import statistics
import time

from lesson import load

LOOPS = 500


def median_time(function, runs):
    """Median seconds of ``runs`` calls of ``function``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each timing")
    print(json.dumps(time_training(parser.parse_args().runs)))
