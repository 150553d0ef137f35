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

Every tool that writes notebooks (this one, exercises.py, execute.py) writes through `save`, which
never replaces a cell typed by hand (a learner's answer, a maintainer's edit): see `replaceable`.
"""

import hashlib
import json
import re
import subprocess
import sys
import tomllib

import nbformat

from layout import CONTENTS, EXERCISES, NOTATION, README, ROOT, lessons

MARKER = "<!-- navigation: written by tools/navigation.py; run `make navigation`, do not edit -->"
STAMP = "generated"  # metadata of a notebook a tool writes whole: the fingerprint of its cells
# "owner/name" on GitHub, from pyproject.toml: a fork changes it there and runs make navigation.
REPOSITORY = (
    tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    .removeprefix("https://github.com/")
    .strip("/")
)
COLAB = "https://colab.research.google.com/github/{repository}/blob/main/{path}"
BINDER = "https://mybinder.org/v2/gh/{repository}/HEAD?urlpath=lab/tree/{path}"
# The repository part of a Colab or Binder link, wherever it stands (README.md)
BADGE_REPOSITORY = re.compile(
    r"(https://colab\.research\.google\.com/github/|https://mybinder\.org/v2/gh/)[\w.-]+/[\w.-]+/"
)
INSTALL_ID = "install-in-colab"  # the id of a notebook's first code cell
INSTALL_URL = f"git+https://github.com/{REPOSITORY}@main"  # the branch the Colab badges open


def title(notebook):
    """The text of the first H1 heading of a notebook."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and not is_navigation(cell):
            match = re.search(r"^# (.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match[1].strip()
    raise ValueError("a notebook of the series has no '# Title' heading")


def number(path):
    return int(path.name[:2])


def is_navigation(cell):
    return cell.cell_type == "markdown" and cell.source.startswith(MARKER)


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


def is_generated(cell):
    """Whether this tool writes ``cell``: a navigation cell or the Colab install cell."""
    return is_navigation(cell) or cell.get("id") == INSTALL_ID


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
        f"{number(path)}. [{name}]({path.name}) ([exercises]({EXERCISES.name}/{path.name}))"
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


def text(notebook):
    """A notebook as `nbformat.write` would save it."""
    saved = nbformat.writes(notebook)
    return saved if saved.endswith("\n") else saved + "\n"


def render():
    """{path: text} of every file this tool writes."""
    paths = lessons()
    notebooks = [nbformat.read(path, as_version=nbformat.NO_CONVERT) for path in paths]
    titles = [title(notebook) for notebook in notebooks]
    rendered = {CONTENTS: text(contents(paths, titles))}
    for index, (path, notebook) in enumerate(zip(paths, notebooks, strict=True)):
        here = links(paths, titles, index)
        practise = f"[Exercises for this notebook]({EXERCISES.name}/{path.name})"
        rendered[path] = text(with_navigation(notebook, here, [*here, practise], path))
    rendered[README] = readme()
    return rendered


def readme():
    """README.md as it is, with every Colab and Binder link pointing at REPOSITORY."""
    return BADGE_REPOSITORY.sub(rf"\g<1>{REPOSITORY}/", README.read_text(encoding="utf-8"))


def relative(path):
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def typed(notebook):
    """What a person may have typed in a notebook: each cell's type and source (the cells this
    tool writes left out)."""
    return [[cell.cell_type, cell.source] for cell in notebook.cells if not is_generated(cell)]


def fingerprint(notebook):
    return hashlib.sha256(json.dumps(typed(notebook)).encode()).hexdigest()[:16]


def stamped(notebook, tool):
    """``notebook``, which ``tool`` writes whole, with the fingerprint of its cells recorded."""
    notebook.metadata[STAMP] = {"by": tool, "cells": fingerprint(notebook)}
    return notebook


def edited(notebook):
    """Whether a cell of a notebook that a tool wrote whole has changed since (outputs aside);
    a file that is no longer a notebook (None) has been edited too."""
    if notebook is None:
        return True
    stamp = notebook.metadata.get(STAMP)
    return stamp is not None and stamp.get("cells") != fingerprint(notebook)


def parsed(saved):
    """The notebook saved as ``saved`` (text), or None if it is not a notebook."""
    try:
        return nbformat.reads(saved, as_version=nbformat.NO_CONVERT)
    except Exception:  # a file broken by hand is kept, not parsed
        return None


def replaceable(old, new):
    """Whether writing notebook text ``new`` over ``old`` loses nothing a person typed: every cell
    stays as it is (only outputs and navigation change: a lesson re-run or relinked), or ``old``
    was written whole by a tool and no cell of it has changed since."""
    before, after = parsed(old), parsed(new)
    if before is None:
        return False
    return typed(before) == typed(after) or (STAMP in before.metadata and not edited(before))


def save(rendered, overwrite=False):
    """Write each file of ``rendered`` ({path: text}) that differs from its text, except (unless
    ``overwrite``) notebooks that are not `replaceable`; return the files left as they are. (The
    one other file, README.md, is rendered from itself: only its badge links change.)"""
    kept = []
    for path, new in rendered.items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == new:
            continue
        is_notebook = path.suffix == ".ipynb"
        if old is not None and is_notebook and not overwrite and not replaceable(old, new):
            kept.append(path)
            continue
        path.parent.mkdir(exist_ok=True)
        path.write_text(new, encoding="utf-8")
        print(f"wrote {relative(path)}")
    return kept


def refuse(kept, command):
    """If ``command`` left files as they are, say which, why and how to keep them. Not an error:
    the command did what it should (it exits 0, so make does not report a failure)."""
    if kept:
        print(
            f"{command} left these files as they are, because cells in them were changed by "
            "hand\n(your answers, if you are working through the series):\n"
            + "".join(f"  {relative(path)}\n" for path in kept)
            + "Your changes are safe there: keep working in them. To replace them with fresh "
            "copies anyway,\nfirst keep yours: copy every file listed out of the repository "
            f"(for example: cp {relative(kept[0])} ~/)\nor commit them, then run: {command} "
            "OVERWRITE=1 (it replaces all of them).",
            file=sys.stderr,
        )


def in_git_clone(folder):
    try:
        inside = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"], cwd=folder, capture_output=True
        )
    except FileNotFoundError:  # no git installed, or no such folder
        return False
    return inside.stdout.strip() == b"true"


def committed(path):
    """The text of ``path`` in git's last commit, or None if git does not track it."""
    shown = subprocess.run(
        ["git", "show", f"HEAD:./{path.name}"], cwd=path.parent, capture_output=True
    )
    return shown.stdout.decode() if shown.returncode == 0 else None


def outdated(rendered):
    """The files of ``rendered`` ({path: text}) that are what the tool makes now neither on disk
    nor in git's last commit. So a learner's answers saved in a copy leave it current, and on a
    clean clone (CI) a lesson committed without its regenerated copy is caught. Outside a git
    clone, a file whose cells changed since a tool wrote it is the learner's and not compared."""
    found = []
    for path, new in rendered.items():
        on_disk = path.read_text(encoding="utf-8") if path.exists() else None
        if on_disk == new:
            continue
        if in_git_clone(path.parent):
            if committed(path) == new:
                continue
        elif on_disk is not None and edited(parsed(on_disk)):
            continue
        found.append(path)
    return found


def main(rendered, command):
    """What each tool's command line does with the files it renders ({path: text})."""
    if "--check" in sys.argv[1:]:
        found = outdated(rendered)
        for path in found:
            print(f"out of date: {relative(path)} (run `{command}`)")
        sys.exit(1 if found else 0)
    refuse(save(rendered, overwrite="--overwrite" in sys.argv[1:]), command)


if __name__ == "__main__":
    main(render(), "make navigation")
