"""Does binder/start keep a CPU quota from slowing the lessons down? Measured in a 1-CPU cgroup.

numpy's bundled OpenBLAS starts one thread per visible core and ignores the CPU quota of the
container it runs in, as on Binder; binder/start sets the BLAS thread variables from the quota.
This module runs notebook 5 (kernel start and every cell, what a learner waits for, the lesson
with the training loop) in a new cgroup limited to 1 CPU:

(a) through binder/start, with no thread variable set: as on Binder;
(b) with the BLAS thread variables set to 1: the best one can do;
(c) for information, with 2 threads forced: as without binder/start on a 2-core machine.

measure(runs) returns the median seconds of each case; a/b is near 1 when binder/start works
(make bench holds it to a target). It needs root and a cgroup hierarchy with the cpu controller
(v1 or v2) to write in; otherwise it raises Unavailable, with the reason.

    .venv/bin/python tools/cpu_quota.py [--runs N]
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from layout import NOTEBOOKS, ROOT

START = ROOT / "binder" / "start"
NOTEBOOK = NOTEBOOKS / "05_two_layer_network.ipynb"
# The BLAS thread variables binder/start sets: removed from the environment of every case, then
# set as each case says.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
PERIOD = 100_000  # microseconds; a quota of one period per period is 1 CPU

# Run in the kernel after the lesson: what the kernel got (checked by measure()).
PROBE = """\
import ctypes, json, os
_maps = {line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line}
_names = ["scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
          "openblas_get_num_threads"]
_threads = [getattr(ctypes.CDLL(p), n)() for p in _maps for n in _names
            if hasattr(ctypes.CDLL(p), n)]
print(json.dumps({"blas_threads": _threads[0] if _threads else None,
                  "cgroup": open("/proc/self/cgroup").read(),
                  "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS")}))
"""


class Unavailable(Exception):
    """No 1-CPU cgroup can be created here; the message says why, in one line."""


class Run(NamedTuple):
    seconds: float  # wall time of the whole command
    stdout: str


def cpu_hierarchy():
    """(1 or 2, mount point) of the cgroup hierarchy that has the cpu controller."""
    for line in Path("/proc/self/mounts").read_text().splitlines():
        _, mount, kind, options = line.split()[:4]
        if kind == "cgroup" and "cpu" in options.split(","):
            return 1, Path(mount)
        controllers = Path(mount) / "cgroup.controllers"
        if kind == "cgroup2" and "cpu" in controllers.read_text().split():
            return 2, Path(mount)
    raise Unavailable("no cgroup hierarchy with the cpu controller is mounted")


@contextmanager
def one_cpu_cgroup():
    """A new cgroup limited to 1 CPU, as the path of its cgroup.procs; removed afterwards."""
    if os.geteuid() != 0:
        raise Unavailable("not root: cannot create a cgroup")
    version, mount = cpu_hierarchy()
    folder = mount / f"cpu-quota-{os.getpid()}"
    subtree = mount / "cgroup.subtree_control"
    enabled = False  # the cpu controller, by us, for the children of the v2 root
    try:
        if version == 2 and "cpu" not in subtree.read_text().split():
            subtree.write_text("+cpu")
            enabled = True
        folder.mkdir()
    except OSError as error:
        raise Unavailable(f"cannot create a cgroup in {mount}: {error.strerror}") from error
    try:
        try:
            if version == 2:
                (folder / "cpu.max").write_text(f"{PERIOD} {PERIOD}")
            else:
                (folder / "cpu.cfs_period_us").write_text(str(PERIOD))
                (folder / "cpu.cfs_quota_us").write_text(str(PERIOD))
        except OSError as error:
            raise Unavailable(f"cannot set a CPU quota in {folder}: {error.strerror}") from error
        yield folder / "cgroup.procs"
    finally:
        remove(folder)
        if enabled:
            with suppress(OSError):  # in use by another cgroup since: leave it on
                subtree.write_text("-cpu")


def remove(folder):
    """rmdir the cgroup ``folder``, first killing what is left in it (a kernel, after an error):
    only processes started by run_in_cgroup, the cgroup being new."""
    for _ in range(50):
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:  # busy: processes are still in it
            for pid in (folder / "cgroup.procs").read_text().split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
    folder.rmdir()


def run_in_cgroup(command, env=None, cwd=None):
    """Run ``command`` in a new cgroup limited to 1 CPU, and its children too (a kernel), and
    return its wall time and output. Raises Unavailable if no cgroup can be created here."""
    with one_cpu_cgroup() as procs:
        # The child joins the cgroup itself, before it execs the command (before numpy loads).
        wrapper = ["sh", "-c", 'echo $$ > "$0" && exec "$@"', str(procs), *command]
        start = time.perf_counter()
        child = subprocess.Popen(wrapper, env=env, cwd=cwd, stdout=subprocess.PIPE, text=True)
        try:
            stdout, _ = child.communicate()
        finally:
            if child.poll() is None:  # interrupted
                child.kill()
                child.wait()
        seconds = time.perf_counter() - start
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command, stdout)
    return Run(seconds, stdout)


def measure(runs, two_threads=False):
    """Median seconds of notebook 5 in a 1-CPU cgroup, and the kernel's BLAS threads, per case:
    {"start": (a), "one": (b), "two": (c) if two_threads}; the cases alternate."""
    clean = {k: v for k, v in os.environ.items() if k not in BLAS_THREADS}
    child = [sys.executable, str(Path(__file__).resolve()), "--child"]
    cases = {
        "start": ([str(START), *child], clean),
        "one": (child, {**clean, **dict.fromkeys(BLAS_THREADS, "1")}),
    }
    if two_threads:
        cases["two"] = (child, {**clean, **dict.fromkeys(BLAS_THREADS, "2")})
    seconds = {name: [] for name in cases}
    threads = {}
    for _ in range(runs):
        for name, (command, env) in cases.items():
            result = json.loads(run_in_cgroup(command, env).stdout.splitlines()[-1])
            if "/cpu-quota-" not in result["kernel"]["cgroup"]:
                raise RuntimeError(f"the kernel ran outside the 1-CPU cgroup: {result}")
            seconds[name].append(result["seconds"])
            threads[name] = result["kernel"]["blas_threads"]
    if threads["start"] != 1:
        raise RuntimeError(f"binder/start gave the kernel {threads['start']} BLAS threads on 1 CPU")
    return {name: (statistics.median(times), threads[name]) for name, times in seconds.items()}


def child():
    """In the cgroup: start a kernel, run notebook 5 (as tools/execute.py does, not saved),
    print the seconds and what the kernel saw."""
    import nbformat

    from execute import run

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    start = time.perf_counter()
    run(notebook, NOTEBOOK.parent)
    seconds = time.perf_counter() - start
    kernel = json.loads(notebook.cells[-1].outputs[-1].text)
    print(json.dumps({"seconds": seconds, "kernel": kernel}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each case")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    try:
        cases = measure(args.runs, two_threads=True)
    except Unavailable as error:
        sys.exit(f"not measured: {error}")
    print(f"Notebook 5 limited to 1 CPU, kernel start and cells, median of {args.runs} runs:")
    names = {
        "start": "(a) through binder/start",
        "one": "(b) 1 thread forced",
        "two": "(c) 2 threads forced",
    }
    for name, (seconds, threads) in cases.items():
        print(f"  {names[name]:26} {seconds:6.2f} s   (the kernel's BLAS threads: {threads})")
    ratio = cases["start"][0] / cases["one"][0]
    print(f"  ratio a/b: {ratio:.2f} (near 1 when binder/start works)")


if __name__ == "__main__":
    main()
