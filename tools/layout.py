"""Where the series' files are, in one place: every tool and test takes the paths, the lessons
and their exercise copies from here.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"  # the folder of the lessons
EXERCISES = NOTEBOOKS / "exercises"  # the folder of their exercise copies
CONTENTS = NOTEBOOKS / "contents.ipynb"  # written by tools/navigation.py
NOTATION = NOTEBOOKS / "notation.ipynb"  # written by hand, linked from the contents
README = ROOT / "README.md"
NUMBERED = "[0-9][0-9]_*.ipynb"  # the file names of the lessons and of their exercise copies


def lessons():
    """The lessons, in order: notebooks/NN_*.ipynb."""
    return sorted(NOTEBOOKS.glob(NUMBERED))


def exercise_copies():
    """The exercise copies on disk, in order: notebooks/exercises/NN_*.ipynb."""
    return sorted(EXERCISES.glob(NUMBERED))
