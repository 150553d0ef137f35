"""Write the series' navigation: previous / contents / next links in every notebook, and contents.

    python tools/navigation.py              # write them (make navigation)
    python tools/navigation.py --overwrite  # even over changes typed by hand (OVERWRITE=1)
    python tools/navigation.py --check      # list what is out of date and exit 1

Everything comes from the file names (their order) and each notebook's H1 title: rename or
retitle a notebook, run this, and every link follows. The exercise copies get the same links
from tools/exercises.py, which uses this module.

Each lesson and exercise copy also gets, from the repository named in pyproject.toml (the one
place that names it): an "Open in Colab" and a Binder badge at the top, and a first code cell
that installs the series' helpers in Colab only (Colab opens a notebook alone, without the
repository around it). The README's badges are kept pointing at the same repository.

It writes through tools/generated.py, which never replaces a cell typed by hand.
"""

import re

import nbformat

from generated import INSTALL_ID, MARKER, is_generated, is_navigation, main, text
from layout import CONTENTS, NOTATION, NOTEBOOKS, PROJECT, README, ROOT, exercise_copy_of, lessons

# "owner/name" on GitHub, from pyproject.toml: a fork changes it there and runs make navigation.
REPOSITORY = PROJECT["urls"]["Repository"].removeprefix("https://github.com/").strip("/")
COLAB = "https://colab.research.google.com/github/{repository}/blob/main/{path}"
BINDER = "https://mybinder.org/v2/gh/{repository}/HEAD?urlpath=lab/tree/{path}"
# The repository part of a Colab or Binder link, wherever it stands (README.md)
BADGE_REPOSITORY = re.compile(
    r"(https://colab\.research\.google\.com/github/|https://mybinder\.org/v2/gh/)[\w.-]+/[\w.-]+/"
)
INSTALL_URL = f"git+https://github.com/{REPOSITORY}@main"  # the branch the Colab badges open


def title(notebook):
    """The text of the first H1 heading of a notebook."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and not is_navigation(cell):
            match = re.search(r"^# (.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match[1].strip()
    raise ValueError("a notebook of the series has no '# Title' heading")


def in_folder(path):
    """The link to ``path`` from a notebook in notebooks/."""
    return path.relative_to(NOTEBOOKS).as_posix()


def number(path):
    return int(path.name[:2])


def navigation_cell(cell_id, links, badges=""):
    cell = nbformat.v4.new_markdown_cell(MARKER + "\n" + badges + " | ".join(links))
    cell.id = cell_id
    return cell


def badges(path):
    """Markdown of the badges that open the notebook at ``path`` in Colab and on Binder."""
    where = {"repository": REPOSITORY, "path": path.relative_to(ROOT).as_posix()}
    colab = "[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
    binder = "[![Open on Binder](https://mybinder.org/badge_logo.svg)]"
    return f"{colab}({COLAB.format(**where)}) {binder}({BINDER.format(**where)})"


def install_source():
    """The first code cell of each notebook: in Colab, which opens a notebook without the
    repository around it, it installs the helpers (and with them daft-pgm) from GitHub; anywhere
    else they are installed already (make lab, Binder) and it does nothing. Its pip keeps
    Colab's own numpy, matplotlib and ipywidgets: the helpers ask only for versions it has."""
    return (
        "# In Colab only: install the series' helpers and daft-pgm (elsewhere, make lab or Binder\n"
        "# has installed them, and this does nothing)\n"
        "import sys\n\n"
        'if "google.colab" in sys.modules:\n'
        f'    !pip install --quiet "neuron-to-backprop @ {INSTALL_URL}"'
    )


def with_navigation(notebook, top, bottom, path):
    """The notebook (saved at ``path``) with its navigation cells replaced by ``top`` and
    ``bottom`` link lists, its badges at the top, then its install cell (which keeps its
    outputs: only its source is written here)."""
    install = next((c for c in notebook.cells if c.get("id") == INSTALL_ID), None)
    if install is None:
        install = nbformat.v4.new_code_cell()
        install.id = INSTALL_ID
    install.source = install_source()
    cells = [cell for cell in notebook.cells if not is_generated(cell)]
    notebook.cells = [
        navigation_cell("navigation-top", top, badges(path) + "\n\n"),
        install,
        *cells,
        navigation_cell("navigation-bottom", bottom),
    ]
    return notebook


def links(paths, titles, index, folder=""):
    """Previous, contents and next links for notebook ``index``, from a notebook in ``folder``."""
    up = "../" if folder else ""
    found = []
    if index > 0:
        found.append(
            f"[← {number(paths[index - 1])}. {titles[index - 1]}]({paths[index - 1].name})"
        )
    found.append(f"[Contents]({up}{CONTENTS.name})")
    if index < len(paths) - 1:
        found.append(
            f"[{number(paths[index + 1])}. {titles[index + 1]} →]({paths[index + 1].name})"
        )
    return found


def contents(paths, titles):
    text = "\n".join(
        f"{number(path)}. [{name}]({path.name}) ([exercises]({in_folder(exercise_copy_of(path))}))"
        for path, name in zip(paths, titles, strict=True)
    )
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell(
        f"{MARKER}\n# From one neuron to backprop\n\n{text}\n\n"
        "Each notebook ends with a summary, exercises and further reading. Each exercise copy "
        "has the key lines "
        "blanked out, with a check after each blank that says whether you have it right. Read a "
        "lesson, then work in its exercise copy: type your answers there and save. They stay in "
        "that file: no `make` command overwrites a copy you have changed. (In Colab, first save "
        "a copy in Drive: a notebook opened from GitHub is not saved.)\n\n"
        f"[Notation]({NOTATION.name}): every symbol of the series, its meaning, its shape and its "
        "name in the code."
    )
    cell.id = "contents"
    notebook.cells = [cell]
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    return notebook


def navigated():
    """{path: notebook} of every lesson with its navigation, in order, as this tool writes it."""
    paths = lessons()
    notebooks = [nbformat.read(path, as_version=nbformat.NO_CONVERT) for path in paths]
    titles = [title(notebook) for notebook in notebooks]
    found = {}
    for index, (path, notebook) in enumerate(zip(paths, notebooks, strict=True)):
        here = links(paths, titles, index)
        practise = f"[Exercises for this notebook]({in_folder(exercise_copy_of(path))})"
        found[path] = with_navigation(notebook, here, [*here, practise], path)
    return found


def render():
    """{path: text} of every file this tool writes."""
    lessons_navigated = navigated()
    titles = [title(notebook) for notebook in lessons_navigated.values()]
    return {
        CONTENTS: text(contents(list(lessons_navigated), titles)),
        **{path: text(notebook) for path, notebook in lessons_navigated.items()},
        README: readme(),
    }


def readme():
    """README.md as it is, with every Colab and Binder link pointing at REPOSITORY."""
    return BADGE_REPOSITORY.sub(rf"\g<1>{REPOSITORY}/", README.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(render(), "make navigation")
