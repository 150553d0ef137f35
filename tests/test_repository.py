"""The environment, the pins, Binder's folder and the README agree with each other."""

import importlib.metadata
import json
import re
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

from layout import PROJECT, ROOT, exercise_copy_of, lessons
from navigation import badges

# The locks hold one version of each package for every Python from 3.11.0 up and every OS, some
# behind a marker (`contourpy==1.4.0 ; python_full_version >= '3.12'`): check them on each of these.
PLATFORMS = [
    {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux"},
    {"sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin"},
    {"sys_platform": "win32", "os_name": "nt", "platform_system": "Windows"},
]
ENVIRONMENTS = [
    {**platform, "python_full_version": version, "python_version": version.rsplit(".", 1)[0]}
    for platform in PLATFORMS
    for version in ["3.11.0", "3.11.5", "3.12.0", "3.13.0"]
]


HELPERS = "-e ."  # the series' helpers, installed from the checkout, editable
HELPERS_NAME = canonicalize_name(PROJECT["name"])  # as the installed packages are keyed


def pins(path, environment=None):
    """{normalised name: version} of the `name==version` lines of a requirements file whose
    marker, if any, holds in ``environment`` (a dict of marker variables; None: this Python).
    The helpers' line, `-e .`, is not a pin: see local_lines."""
    found = {}
    for line in path.read_text().splitlines():
        requirement, _, marker = line.split("#")[0].partition(";")
        if requirement.strip() and requirement.strip() != HELPERS:
            name, sep, version = requirement.strip().partition("==")
            assert sep and version, f"{path.name}: {line!r} is not pinned with =="
            if not marker.strip() or Marker(marker).evaluate(environment):
                found[canonicalize_name(name)] = version
    return found


def local_lines(path):
    """The lines of a requirements file that name no package of an index, only this checkout."""
    return [line for line in path.read_text().splitlines() if line.startswith("-e ")]


@pytest.mark.parametrize(
    "path",
    ["requirements.in", "requirements.txt", "requirements-dev.txt", "binder/requirements.txt"],
)
def test_every_environment_installs_the_helpers_from_the_checkout_editable(path):
    """make lab, make test and Binder import the helpers from src/, where a learner edits them."""
    assert local_lines(ROOT / path) == [HELPERS]


def test_the_helpers_are_installed_editable_from_a_checkout():
    """So that a learner's change to src/neuron_to_backprop shows in the next kernel. (From a
    checkout, not necessarily this one: tools/mutants.py runs the suite in copies.)"""
    installed = json.loads(
        importlib.metadata.distribution(HELPERS_NAME).read_text("direct_url.json")
    )
    assert installed.get("dir_info", {}).get("editable") is True, installed
    checkout = Path(installed["url"].removeprefix("file://"))
    assert (checkout / "src" / "neuron_to_backprop" / "diagrams.py").is_file(), checkout


def test_no_helper_is_a_top_level_module():
    """Installed where other packages are, a module named check or diagrams could clash."""
    assert not list((ROOT / "src").glob("*.py"))
    assert {p.name for p in (ROOT / "src").iterdir() if p.name != "__pycache__"} == {
        "neuron_to_backprop"
    }


def test_daft_is_the_diagram_library_not_the_dataframe_engine():
    import daft

    assert hasattr(daft, "PGM") and hasattr(daft.PGM, "render")
    assert "daft-pgm" in pins(ROOT / "requirements.txt")
    names = {canonicalize_name(d.metadata["Name"]) for d in importlib.metadata.distributions()}
    assert "daft" not in names, "the PyPI package 'daft' (a dataframe engine) is installed"


@pytest.mark.parametrize(
    "environment", ENVIRONMENTS, ids=lambda e: f"{e['sys_platform']}-{e['python_full_version']}"
)
def test_each_lock_pins_what_its_in_files_ask_for(environment):
    learner, tools = pins(ROOT / "requirements.in"), pins(ROOT / "requirements-dev.in")
    site = pins(ROOT / "requirements-site.in")
    for wanted, lock in [
        (learner, "requirements.txt"),
        (learner | tools, "requirements-dev.txt"),
        (site, "requirements-site.txt"),
    ]:
        locked = pins(ROOT / lock, environment)
        assert {name: locked.get(name) for name in wanted} == wanted, f"{lock}: run `make lock`"


@pytest.mark.parametrize(
    "environment", ENVIRONMENTS, ids=lambda e: f"{e['sys_platform']}-{e['python_full_version']}"
)
def test_the_tools_lock_adds_to_the_learners_and_changes_none_of_its_pins(environment):
    learner = pins(ROOT / "requirements.txt", environment)
    everything = pins(ROOT / "requirements-dev.txt", environment)
    assert {name: everything.get(name) for name in learner} == learner, "run `make lock`"


def test_the_learners_lock_holds_no_test_tool():
    # nbclient is the one tool a learner's packages need too: JupyterLab's nbconvert runs it.
    tools = set(pins(ROOT / "requirements-dev.in")) - {"nbclient"}
    assert tools & set(pins(ROOT / "requirements.txt")) == set()


def test_the_sites_packages_are_in_neither_the_learners_lock_nor_the_tools():
    """make site installs them into .venv-site, from their own lock."""
    site = set(pins(ROOT / "requirements-site.in"))
    assert site and {"sphinx", "myst-nb"} <= site
    for lock in ["requirements.txt", "requirements-dev.txt"]:
        assert not site & set(pins(ROOT / lock)), lock


def test_the_environment_is_the_locked_one():
    """make test runs in the maintainer's environment: every package of requirements-dev.txt
    at its pin, and nothing else but the installers (pip, and uv, which installs the locks)."""
    locked = pins(ROOT / "requirements-dev.txt")
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions()
    }
    for installer in ["pip", "setuptools", "uv"]:  # a venv of Python 3.11 comes with setuptools
        installed.pop(installer, None)
    assert installed.pop(HELPERS_NAME, None), "the helpers are not installed: make -B install-dev"
    assert installed == locked, "run `make -B install-dev`: a new .venv with exactly the lock"


def test_binder_gets_the_same_pins_and_python_3_12():
    binder_linux = {**PLATFORMS[0], "python_full_version": "3.12.0", "python_version": "3.12"}
    binder = pins(ROOT / "binder" / "requirements.txt")
    root = pins(ROOT / "requirements.txt", binder_linux)
    assert {"numpy", "matplotlib", "daft-pgm"} <= set(binder)
    assert {name: root.get(name) for name in binder} == binder
    # Binder's image already runs JupyterLab; pip must not replace it.
    assert not {"jupyterlab", "notebook", "jupyter-server", "ipykernel"} & set(binder)
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.12"


def test_the_readme_links_every_notebook_and_exercise_copy_in_order():
    readme = (ROOT / "README.md").read_text()
    for notebooks in [lessons(), [exercise_copy_of(path) for path in lessons()]]:
        folder = notebooks[0].parent.relative_to(ROOT).as_posix()
        linked = re.findall(rf"\]\({folder}/([0-9][0-9]_[^/)]+\.ipynb)\)", readme)
        assert list(dict.fromkeys(linked)) == [path.name for path in notebooks], folder
        assert all((ROOT / folder / name).exists() for name in linked)


def test_the_readme_opens_every_lesson_in_colab_and_on_binder():
    """The badges of the README's table, as tools/navigation.py writes them at each lesson's
    top: each opens its own lesson, on the repository named in pyproject.toml."""
    readme = (ROOT / "README.md").read_text()
    for lesson in lessons():
        assert badges(lesson) in readme, f"README.md: no Colab and Binder badges for {lesson.name}"
    assert readme.count("colab.research.google.com/github/") == len(lessons())


def test_every_make_command_in_the_readme_exists():
    readme, makefile = (ROOT / "README.md").read_text(), (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    named = {
        word
        for command in re.findall(r"`make ([^`]+)`", readme)
        + re.findall(r"^make (.+?)\s*(?:#|$)", readme, flags=re.MULTILINE)
        for word in command.split()
        if "=" not in word
    }
    assert {"lab", "test"} <= named
    assert named <= targets, f"the README names make targets that do not exist: {named - targets}"


def test_every_relative_link_in_the_readme_points_to_a_file():
    readme = (ROOT / "README.md").read_text()
    links = [link for link in re.findall(r"\]\(([^)\s]+)\)", readme) if "://" not in link]
    assert links
    missing = [link for link in links if not (ROOT / link.split("#")[0]).exists()]
    assert not missing, f"README links to missing files: {missing}"


def test_the_licences_and_the_citation_are_in_place():
    """The code under MIT, the text and figures under CC BY 4.0 (both named in the README), and
    a CITATION.cff valid for its schema (Citation File Format 1.2.0, as in cffconvert 2.0.0;
    cffconvert itself needs a jsonschema older than the Jupyter stack's)."""
    import jsonschema
    import yaml

    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    cc_by = (ROOT / "LICENSE-CC-BY-4.0.txt").read_text()
    assert cc_by.startswith("Creative Commons Attribution 4.0 International")
    readme = (ROOT / "README.md").read_text()
    assert "](LICENSE)" in readme and "](LICENSE-CC-BY-4.0.txt)" in readme
    # YAML reads 2019-03-04 as a date; the schema asks tools to give it as the string it is
    citation = json.loads(
        json.dumps(yaml.safe_load((ROOT / "CITATION.cff").read_text()), default=str)
    )
    schema = json.loads(
        (ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json").read_text()
    )
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(citation)
    assert citation["license"] == ["MIT", "CC-BY-4.0"]
    article = "https://www.paepper.com/blog/posts/graphical-explanation-of-neural-networks"
    assert any(ref.get("url", "").startswith(article) for ref in citation["references"])
