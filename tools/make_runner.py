"""The series' make targets run from Python as a user runs them, for the tests that check them
(tests/test_learner.py, tests/test_browser.py) and for tools/bench.py, which times them.
"""

import contextlib
import os
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

# What JupyterLab prints for the learner to open: base URL (with the port), path, token.
ADDRESS = re.compile(r"(http://127\.0\.0\.1:(\d+))(/lab/tree/\S+)\?token=(\w+)")


def environment(**changes):
    """This process's environment with ``changes``, without the variables of a make that runs
    this one (make test, make bench): the make started here is the user's, not a sub-make."""
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    return {**{k: v for k, v in os.environ.items() if k not in outer}, **changes}


def make(folder, *args):
    """`make ARGS` in ``folder``: the finished process, its output captured as text."""
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment(),
    )


@dataclass
class Lab:
    process: subprocess.Popen  # make
    base: str
    port: int
    path: str
    token: str
    output: list  # make's output lines, read until it ends


@contextlib.contextmanager
def make_lab(folder, runtime_dir, seconds=60):
    """Run `make lab` in ``folder`` until it prints its address (within ``seconds``, install
    included); yield a Lab, then stop it. No browser opens; the server's runtime files go to
    ``runtime_dir``."""
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab"],
        cwd=folder,
        env=environment(BROWSER="true", JUPYTER_RUNTIME_DIR=str(runtime_dir)),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that stopping it stops JupyterLab too
    )
    output, lines = [], queue.Queue()

    def read():  # in a thread, so that a silent make cannot hold up the deadline
        for line in process.stdout:
            output.append(line)
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + seconds
        address = None
        while address is None:
            try:
                line = lines.get(timeout=max(0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"make lab printed no address in {seconds} s") from None
            if line is None:
                raise RuntimeError("make lab exited before serving:\n" + "".join(output))
            address = ADDRESS.search(line)
        base, port, path, token = address.groups()
        yield Lab(process, base, int(port), path, token, output)
    finally:
        stop(process)
        reader.join(5)


def wait_for(url, process, seconds=30):
    """Wait until ``url`` answers 200 (a server that ``process`` started is up); fail if the
    process ends, the server refuses (another status), or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            raise
        except OSError:  # not listening yet
            time.sleep(0.05)
    raise TimeoutError(f"no answer from {url} after {seconds} s")


def stop(process, seconds=15):
    """Stop a process started in its own session and everything it started (JupyterLab takes a
    moment to shut down after make has gone); kill what is left after ``seconds``."""
    deadline = time.monotonic() + seconds
    for sig in [signal.SIGTERM, signal.SIGKILL]:
        with contextlib.suppress(ProcessLookupError):  # raised once no process of it is left
            os.killpg(process.pid, sig)
            while time.monotonic() < deadline:
                process.poll()  # reaps make itself, which would otherwise linger as a zombie
                os.killpg(process.pid, 0)
                time.sleep(0.1)
    process.wait()
