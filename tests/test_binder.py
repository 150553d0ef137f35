"""What mybinder.org would build from this repository, asked of repo2docker's own code.

Offline and without Docker: repo2docker's buildpack detection and its Dockerfile renderer run
on the repository exactly as `repo2docker .` would run them before building, on a copy of the
files git lists (a clone's, with any uncommitted change; not .venv's 17,000 folders, which
repo2docker would walk).
"""

import os
import re
from importlib.resources import files

import escapism
import pytest
from repo2docker.app import Repo2Docker
from repo2docker.buildpacks import PythonBuildPack

from layout import ROOT, copy_project

SERVER = {"jupyterlab", "notebook", "jupyter-server", "jupyter_server"}


@pytest.fixture(scope="module")
def buildpack(tmp_path_factory):
    """The buildpack repo2docker picks for the repository, as in its Repo2Docker.build()."""
    clone = tmp_path_factory.mktemp("clone")
    copy_project(clone)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(clone)  # repo2docker detects from the current folder
        app = Repo2Docker()
        picked = next(
            bp for bp in (BP(base_image=app.base_image) for BP in app.buildpacks) if bp.detect()
        )
        picked.platform = "linux/amd64"
        return picked, picked.render({})


def test_binder_uses_the_python_buildpack_and_the_binder_folder(buildpack):
    picked, _ = buildpack
    assert type(picked) is PythonBuildPack
    assert picked.binder_dir == "binder"  # so root files such as requirements.txt are ignored


def test_binder_runs_python_3_12(buildpack):
    picked, dockerfile = buildpack
    assert picked.python_version == "3.12"
    copied = re.search(
        r"^COPY \S+ (\S+) /tmp/env/environment.lock$", dockerfile, flags=re.MULTILINE
    )
    # repo2docker escapes the lock file's path and appends a hash
    expected = escapism.escape("environment.py-3.12-linux-64.lock", escape_char="-").lower()
    assert expected in copied[1], copied[1]


def test_binder_only_adds_the_notebooks_imports_to_its_own_jupyterlab(buildpack):
    _, dockerfile = buildpack
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs == [
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"'
    ]
    listed = (ROOT / "binder" / "requirements.txt").read_text().lower()
    assert not {name for name in SERVER if re.search(rf"^{name}\b", listed, flags=re.MULTILINE)}


def test_binder_installs_the_helpers_from_the_copied_repository(buildpack):
    """`-e .` in binder/requirements.txt: pip runs in the repository's folder, after it is
    copied into the image (before, it would find no pyproject.toml)."""
    _, dockerfile = buildpack
    lines = dockerfile.splitlines()
    repository = re.compile(r"COPY \S+ src/ \$\{REPO_DIR\}/$")  # the build context: the repository
    copied = next(i for i, line in enumerate(lines) if repository.match(line))
    installed = next(i for i, line in enumerate(lines) if "pip install" in line)
    assert copied < installed
    assert lines.index("WORKDIR ${REPO_DIR}") < installed


def test_binder_starts_the_container_through_binder_start(buildpack):
    """binder/start gives numpy's BLAS one thread (tests/test_binder_start.py)."""
    picked, dockerfile = buildpack
    assert picked.get_start_script() == "${REPO_DIR}/binder/start"
    lines = dockerfile.splitlines()
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in lines
    # repo2docker's entry point runs R2D_ENTRYPOINT with the container's command as arguments
    assert 'ENTRYPOINT ["/usr/local/bin/repo2docker-entrypoint"]' in lines
    entrypoint = files("repo2docker.buildpacks") / "repo2docker-entrypoint"
    assert 'os.environ.get("R2D_ENTRYPOINT")' in entrypoint.read_text()
    start = ROOT / "binder" / "start"
    assert os.access(start, os.X_OK)
    assert start.read_text().rstrip().splitlines()[-1] == 'exec "$@"'
