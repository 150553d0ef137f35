"""binder/start, Binder's entry point: one BLAS thread, then the command.

tests/test_binder.py checks that repo2docker runs it; here it is run as repo2docker's entry point
runs it, with the container's command as its arguments.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from layout import ROOT

START = ROOT / "binder" / "start"
VARIABLES = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"]
# What numpy's OpenBLAS (a library of the wheel, found among the process's mapped files) says
# about its threads, once numpy is imported.
BLAS_THREADS = """\
import ctypes, json, numpy
names = ["scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
         "openblas_get_num_threads"]
paths = {line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line}
found = [getattr(ctypes.CDLL(p), n)() for p in sorted(paths) for n in names
         if hasattr(ctypes.CDLL(p), n)]
print(json.dumps(found[:1]))
"""


def start(command, env=None, **run):
    """Run binder/start COMMAND with none of VARIABLES set, unless ``env`` sets some."""
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    return subprocess.run(
        [START, *command], env={**clean, **(env or {})}, capture_output=True, text=True, **run
    )


def threads(env=None):
    """The thread variables binder/start hands to its command (None: not set)."""
    result = start(["env"], env, check=True)
    assert result.stderr == ""
    seen = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name: seen.get(name) for name in VARIABLES}


def test_one_blas_thread():
    assert threads() == dict.fromkeys(VARIABLES, "1")


@pytest.mark.parametrize("variable", VARIABLES)
def test_a_value_already_set_is_kept(variable):
    assert threads({variable: "6"}) == {**dict.fromkeys(VARIABLES, "1"), variable: "6"}


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="reads Linux's /proc")
def test_numpy_started_through_it_has_one_thread():
    """On this machine's cores, however many: what a kernel under Binder or make lab gets."""
    result = start([sys.executable, "-c", BLAS_THREADS], check=True)
    assert json.loads(result.stdout) == [1], result.stdout


def test_the_command_is_execd_with_its_arguments_intact():
    arguments = ["a b", "it's", '"quoted"', "", "$HOME", "*", "  two  spaces ", "-n"]
    result = start(["printf", "<%s>\\n", *arguments], check=True)
    assert result.stdout.splitlines() == [f"<{a}>" for a in arguments]


def test_the_command_replaces_the_script():
    """exec: the command's parent is whoever ran binder/start (signals reach Jupyter itself)."""
    sh = shutil.which("sh")
    assert int(start([sh, "-c", "echo $PPID"], check=True).stdout) == os.getpid()
    assert start([sh, "-c", "exit 3"]).returncode == 3
