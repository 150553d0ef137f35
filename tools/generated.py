"""The files the tools generate: which cells a tool writes, writing a file without losing a cell
typed by hand (a learner's answer, a maintainer's edit), and finding the files that are stale.

tools/navigation.py, exercises.py and execute.py write through `save`, which never replaces a cell
typed by hand: see `replaceable`. `main` is their command line (`--check`, `--overwrite`).
"""

import hashlib
import json
import subprocess
import sys

import nbformat

from layout import ROOT

MARKER = "<!-- navigation: written by tools/navigation.py; run `make navigation`, do not edit -->"
INSTALL_ID = "install-in-colab"  # the id of a notebook's first code cell, the Colab install
STAMP = "generated"  # metadata of a notebook a tool writes whole: the fingerprint of its cells


def is_navigation(cell):
    return cell.cell_type == "markdown" and cell.source.startswith(MARKER)


def is_generated(cell):
    """Whether this tool writes ``cell``: a navigation cell or the Colab install cell."""
    return is_navigation(cell) or cell.get("id") == INSTALL_ID


def text(notebook):
    """A notebook as `nbformat.write` would save it."""
    saved = nbformat.writes(notebook)
    return saved if saved.endswith("\n") else saved + "\n"


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
