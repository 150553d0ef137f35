"""Where the series' files are, in one place: every tool and test takes the paths, the lessons
and their exercise copies, and the repository's files as git sees them, from here.
"""

import shutil
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"  # the folder of the lessons
EXERCISES = NOTEBOOKS / "exercises"  # the folder of their exercise copies
CONTENTS = NOTEBOOKS / "contents.ipynb"  # written by tools/navigation.py
NOTATION = NOTEBOOKS / "notation.ipynb"  # written by hand, linked from the contents
README = ROOT / "README.md"
NUMBERED = "[0-9][0-9]_*.ipynb"  # the file names of the lessons and of their exercise copies
COPY_WORD = "exercises_"  # what an exercise copy's name adds after its lesson's number
# The helpers' package (src/neuron_to_backprop) as pyproject.toml declares it: its name on PyPI's
# terms (what pip lists), and the repository on GitHub that a fork changes there.
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def lessons():
    """The lessons, in order: notebooks/NN_*.ipynb."""
    return sorted(NOTEBOOKS.glob(NUMBERED))


def exercise_copies():
    """The exercise copies on disk, in order: notebooks/exercises/NN_exercises_*.ipynb."""
    return sorted(EXERCISES.glob(NUMBERED))


def exercise_copy_of(lesson):
    """The exercise copy of ``lesson``: 01_artificial_neuron.ipynb has
    exercises/01_exercises_artificial_neuron.ipynb. The word comes right after the number, so
    that a tab title JupyterLab shortens, Colab's title and the file browser tell the two apart."""
    return EXERCISES / f"{lesson.name[:3]}{COPY_WORD}{lesson.name[3:]}"


def lesson_of(copy):
    """The lesson whose exercise copy is ``copy``."""
    return NOTEBOOKS / f"{copy.name[:3]}{copy.name[3:].removeprefix(COPY_WORD)}"


def git(*arguments, folder=ROOT):
    """What `git ARGUMENTS` prints, run in ``folder`` (the repository unless told); an error if
    it fails. Commits made here have an author even where git has none set up (a test's clone)."""
    author = ["-c", "user.name=Learner", "-c", "user.email=learner@example.invalid"]
    unsigned = ["-c", "commit.gpgsign=false"]
    return subprocess.run(
        ["git", *author, *unsigned, *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def project_files():
    """The repository's files as they are on disk, relative to ROOT: those git tracks, and the new
    ones it does not ignore."""
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def copy_project(folder):
    """Copy `project_files` into ``folder``, uncommitted changes included."""
    for name in project_files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)


def committed_copy(folder):
    """A git repository in ``folder`` holding `project_files` (uncommitted changes included) in
    one commit: a clone of the project as it is on disk, for the tests that play a learner."""
    copy_project(folder)
    git("init", "--quiet", folder=folder)
    git("add", "--all", folder=folder)
    git("commit", "--quiet", "--message", "the series", folder=folder)
    return folder
