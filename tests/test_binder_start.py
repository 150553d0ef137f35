"""binder/start, Binder's entry point: numpy's BLAS threads set from the container's CPU quota.

The script is run on fake cgroup trees in tmp_path (BINDER_START_CGROUP_ROOT and
BINDER_START_PROC_CGROUP point it there), as they look under cgroup v2 and v1, on a node
with 64 cores (a fake nproc on PATH) unless a test says otherwise.
"""

import os
import shutil
import subprocess

import pytest

from layout import ROOT

START = ROOT / "binder" / "start"
# binder/start reads Linux's cgroups, and Binder runs Linux; elsewhere (macOS) there is no nproc
# and no CPU affinity to test with.
pytestmark = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or not shutil.which("nproc"), reason="needs Linux"
)
VARIABLES = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"]
PERIOD = 100_000  # microseconds, the kernel's default

# How /proc/self/cgroup names the process's cgroup, and where that hierarchy is mounted.
HIERARCHIES = {
    "v2": ("0::{}", ""),
    # hybrid, as on this machine: v1 controllers, and an empty v2 hierarchy at unified/
    "v1": ("2:cpuacct:{}\n1:cpu:{}\n0::{}", "cpu"),
    "v1 cpu,cpuacct": ("3:memory:{}\n2:cpu,cpuacct:{}\n0::{}", "cpu,cpuacct"),
}
CHILD = "/kubepods/burstable/pod1/container1"  # the process's cgroup


@pytest.fixture(params=HIERARCHIES)
def hierarchy(request):
    return request.param


def set_quota(tree, hierarchy, path, cpus, period=PERIOD):
    """Give cgroup ``path`` a quota of ``cpus`` CPUs (None: its file says no quota)."""
    folder = tree / HIERARCHIES[hierarchy][1] / path.lstrip("/")
    folder.mkdir(parents=True, exist_ok=True)
    quota = None if cpus is None else round(cpus * period)
    if hierarchy == "v2":
        (folder / "cpu.max").write_text(f"{'max' if quota is None else quota} {period}\n")
    else:
        (folder / "cpu.cfs_quota_us").write_text(f"{-1 if quota is None else quota}\n")
        (folder / "cpu.cfs_period_us").write_text(f"{period}\n")


def start(tmp_path, hierarchy, command=("env",), env=None, nproc=64, lines=None, **popen):
    """Run binder/start COMMAND in a process of cgroup CHILD (or with these /proc/self/cgroup
    ``lines``) whose tree is tmp_path/tree; ``nproc`` None: the real nproc."""
    lines = lines or HIERARCHIES[hierarchy][0].format(*[CHILD] * 3)
    (tmp_path / "proc-cgroup").write_text(lines + "\n")
    path = os.environ["PATH"]
    if nproc is not None:
        fake = tmp_path / "bin"
        fake.mkdir(exist_ok=True)
        (fake / "nproc").write_text(f"#!/bin/sh\necho {nproc}\n")
        (fake / "nproc").chmod(0o755)
        path = f"{fake}:{path}"
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    environment = {
        **clean,
        "PATH": path,
        "BINDER_START_CGROUP_ROOT": str(tmp_path / "tree"),
        "BINDER_START_PROC_CGROUP": str(tmp_path / "proc-cgroup"),
        **(env or {}),
    }
    popen = {"check": True, **popen}
    return subprocess.run(
        [START, *command], env=environment, capture_output=True, text=True, **popen
    )


def threads(tmp_path, hierarchy, **kwargs):
    """The thread variables binder/start hands to its command (None: not set)."""
    result = start(tmp_path, hierarchy, **kwargs)
    assert result.stderr == ""
    seen = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name: seen.get(name) for name in VARIABLES}


def each(value):
    return dict.fromkeys(VARIABLES, value)


def test_no_quota_changes_nothing(tmp_path, hierarchy):
    tree = tmp_path / "tree"
    for path in ["/kubepods", "/kubepods/burstable", CHILD]:
        set_quota(tree, hierarchy, path, None)
    set_quota(tree, hierarchy, "/", None)
    assert threads(tmp_path, hierarchy) == each(None)


def test_no_cgroup_files_changes_nothing(tmp_path, hierarchy):
    (tmp_path / "tree").mkdir()
    assert threads(tmp_path, hierarchy) == each(None)


@pytest.mark.parametrize(
    "cpus, expected",
    [(1, "1"), (1.5, "1"), (0.5, "1"), (3, "3"), (3.99, "3")],
    ids=["1 CPU", "1.5 CPUs", "half a CPU", "3 CPUs", "3.99 CPUs"],
)
def test_quota_in_whole_cpus(tmp_path, hierarchy, cpus, expected):
    set_quota(tmp_path / "tree", hierarchy, CHILD, cpus)
    assert threads(tmp_path, hierarchy) == each(expected)


def test_quota_with_another_period(tmp_path, hierarchy):
    set_quota(tmp_path / "tree", hierarchy, CHILD, 2.5, period=50_000)  # 125000 per 50000
    assert threads(tmp_path, hierarchy) == each("2")


def test_at_most_the_cpus_the_process_may_use(tmp_path, hierarchy):
    """The real nproc, run on fewer CPUs than the quota (and fooled by no OMP_NUM_THREADS)."""
    allowed = sorted(os.sched_getaffinity(0))[:3]
    set_quota(tmp_path / "tree", hierarchy, CHILD, 4)
    run_on = {"nproc": None, "preexec_fn": lambda: os.sched_setaffinity(0, allowed)}
    assert threads(tmp_path, hierarchy, **run_on) == each(str(len(allowed)))
    user = threads(tmp_path, hierarchy, env={"OMP_NUM_THREADS": "8"}, **run_on)
    assert user == {**each(str(len(allowed))), "OMP_NUM_THREADS": "8"}


@pytest.mark.parametrize(
    "quotas, expected",
    [({"/kubepods/burstable": 2, CHILD: 4}, "2"), ({"/kubepods": 3, CHILD: 2}, "2")],
    ids=["parent lower", "child lower"],
)
def test_the_smallest_quota_of_the_cgroup_and_its_parents(tmp_path, hierarchy, quotas, expected):
    tree = tmp_path / "tree"
    set_quota(tree, hierarchy, "/kubepods", 6)  # the top of the walk has the largest
    for path, cpus in quotas.items():
        set_quota(tree, hierarchy, path, cpus)
    set_quota(tree, hierarchy, "/kubepods/burstable/pod1", None)  # on the way: no quota
    assert threads(tmp_path, hierarchy) == each(expected)


def test_quota_at_the_mount_root_when_the_cgroup_path_is_missing(tmp_path, hierarchy):
    """A container without a cgroup namespace: /proc/self/cgroup names the host's path, and the
    mount's root is the container's own cgroup."""
    set_quota(tmp_path / "tree", hierarchy, "/", 2)
    assert not (tmp_path / "tree" / HIERARCHIES[hierarchy][1] / "kubepods").exists()
    assert threads(tmp_path, hierarchy) == each("2")


def test_only_the_cpu_controllers_line_counts(tmp_path):
    """A v1 line of another controller names another cgroup: its path is not looked up."""
    set_quota(tmp_path / "tree", "v1", "/elsewhere", 1)
    lines = "3:cpuset:/elsewhere\n2:cpuacct:/elsewhere\n1:cpu:/\n0::/elsewhere"
    assert threads(tmp_path, "v1", lines=lines) == each(None)


@pytest.mark.parametrize("variable", VARIABLES)
def test_a_variable_the_user_set_is_kept(tmp_path, hierarchy, variable):
    set_quota(tmp_path / "tree", hierarchy, CHILD, 1)
    assert threads(tmp_path, hierarchy, env={variable: "6"}) == {**each("1"), variable: "6"}


def test_the_command_is_execd_with_its_arguments_intact(tmp_path, hierarchy):
    set_quota(tmp_path / "tree", hierarchy, CHILD, 1)
    arguments = ["a b", "it's", '"quoted"', "", "$HOME", "*", "  two  spaces ", "-n"]
    result = start(tmp_path, hierarchy, command=["printf", "<%s>\\n", *arguments])
    assert result.stdout.splitlines() == [f"<{a}>" for a in arguments]


def test_the_command_replaces_the_script(tmp_path, hierarchy):
    """exec: the command's parent is whoever ran binder/start (signals reach Jupyter itself)."""
    set_quota(tmp_path / "tree", hierarchy, CHILD, 1)
    sh = shutil.which("sh")
    parent = start(tmp_path, hierarchy, command=[sh, "-c", "echo $PPID"]).stdout
    assert int(parent) == os.getpid()
    assert start(tmp_path, hierarchy, command=[sh, "-c", "exit 3"], check=False).returncode == 3
