"""`make lab` run as a learner runs it, for the tools that check it (tests/test_browser.py) and
time it (tools/bench.py): started in its own session, read until it prints its address, and
stopped with everything it started.
"""

import contextlib
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass

# What JupyterLab prints for the learner to open: base URL (with the port), path, token.
ADDRESS = re.compile(r"(http://127\.0\.0\.1:(\d+))(/lab/tree/\S+)\?token=(\w+)")


@dataclass
class Lab:
    process: subprocess.Popen  # make, whose output (text) is read up to the address
    base: str
    port: int
    path: str
    token: str


@contextlib.contextmanager
def make_lab(folder, runtime_dir, seconds=60):
    """Run `make lab` in ``folder`` until it prints its address; yield a Lab, then stop it.

    No browser opens, the server's runtime files go to ``runtime_dir``, and the variables of a
    make that runs this (make test-browser, make bench) are not passed on.
    """
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    env = {name: value for name, value in os.environ.items() if name not in outer}
    env.update(BROWSER="true", JUPYTER_RUNTIME_DIR=str(runtime_dir))
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab"],
        cwd=folder,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that stopping it stops JupyterLab too
    )
    try:
        deadline = time.monotonic() + seconds
        address = None
        while address is None:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                raise RuntimeError("make lab exited before serving")
            if time.monotonic() > deadline:
                raise TimeoutError(f"make lab printed no address with a token in {seconds} s")
            address = ADDRESS.search(line)
        base, port, path, token = address.groups()
        yield Lab(process, base, int(port), path, token)
    finally:
        stop(process)


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
