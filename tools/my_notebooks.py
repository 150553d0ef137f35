"""Copy the series into my-notebooks/, the learner's own folder, which git ignores: what `make lab`
does before it opens JupyterLab there.

    .venv/bin/python tools/my_notebooks.py

A learner reads, runs, moves sliders and types answers in my-notebooks/, so notebooks/ stays as
the series publishes it: what JupyterLab saves never shows in `git status`, never conflicts with a
`git pull`, and never changes what `make test` compares. my-notebooks/ mirrors notebooks/ (the
contents, the notation, the lessons and exercises/), so every link between them works, and so do
the lessons' links to ../src/.

Each copy records the fingerprint of its cells as copied (generated.stamped). Each run:
- a notebook of the series that my-notebooks/ does not have is copied there;
- a copy whose cells are all as they were copied is replaced when the series' notebook has changed
  since (the learner typed nothing in it: only outputs go), and otherwise left as it is;
- a copy in which a cell changed (an answer, an experiment) is never replaced: if the series has a
  newer version, this says where it is.
"""

import sys

import nbformat

from generated import edited, fingerprint, parsed, relative, stamped, text
from layout import NOTEBOOKS, ROOT

MY_NOTEBOOKS = ROOT / "my-notebooks"


def series(source=NOTEBOOKS):
    """The series' notebooks under ``source``, in order (JupyterLab's checkpoints left out)."""
    return sorted(p for p in source.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def sync(source=NOTEBOOKS, target=MY_NOTEBOOKS):
    """Bring ``target`` up to date with ``source`` as the module says; return (the copies
    written, the copies kept although the series has a newer version)."""
    written, kept = [], []
    for path in series(source):
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        new = text(stamped(notebook, "tools/my_notebooks.py"))
        mine = target / path.relative_to(source)
        if mine.exists():
            old = parsed(mine.read_text(encoding="utf-8"))
            copied = old.metadata.get("generated", {}).get("cells") if old else None
            newer = copied != fingerprint(notebook)  # the series changed since it was copied
            if edited(old) or copied is None:  # the learner's work: never replaced
                if newer:
                    kept.append((mine, path))
                continue
            if not newer:
                continue  # keep the learner's outputs
        mine.parent.mkdir(parents=True, exist_ok=True)
        mine.write_text(new, encoding="utf-8")
        written.append(mine)
    return written, kept


def main():
    written, kept = sync()
    if written:
        print(f"Copied {len(written)} notebooks of the series into {relative(MY_NOTEBOOKS)}/.")
    for mine, path in kept:
        print(
            f"{relative(mine)}: you changed cells here, so it stays as it is. The series has a "
            f"newer version of it: {relative(path)}. To take the new one, first move yours out "
            "of the way (rename it), then run make lab again.",
            file=sys.stderr,
        )
    print(f"Your notebooks are in {relative(MY_NOTEBOOKS)}/: read, run and answer there.")


if __name__ == "__main__":
    main()
