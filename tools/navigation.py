"""Write the series' navigation: previous / contents / next links in every notebook, and contents.

    python tools/navigation.py          # write them (make navigation)
    python tools/navigation.py --check  # list what is stale and exit 1 (tests/test_generated.py)

Everything comes from the file names (their order) and each notebook's H1 title: rename or
retitle a notebook, run this, and every link follows. The exercise copies get the same links
from tools/exercises.py, which uses this module.
"""

import re
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CONTENTS = NOTEBOOKS / "contents.ipynb"
NOTATION = NOTEBOOKS / "notation.ipynb"  # written by hand, linked from the contents
EXERCISES = "exercises"
MARKER = "<!-- navigation: written by tools/navigation.py; run `make navigation`, do not edit -->"


def series():
    """The solution notebooks, in order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


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


def navigation_cell(cell_id, links):
    cell = nbformat.v4.new_markdown_cell(MARKER + "\n" + " | ".join(links))
    cell.id = cell_id
    return cell


def with_navigation(notebook, top, bottom):
    """The notebook with its navigation cells replaced by ``top`` and ``bottom`` link lists."""
    cells = [cell for cell in notebook.cells if not is_navigation(cell)]
    notebook.cells = [
        navigation_cell("navigation-top", top),
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
        f"{number(path)}. [{name}]({path.name}) ([exercises]({EXERCISES}/{path.name}))"
        for path, name in zip(paths, titles, strict=True)
    )
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell(
        f"{MARKER}\n# From one neuron to backprop\n\n{text}\n\n"
        "Each notebook ends with a summary and exercises. Each exercise copy has the key lines "
        "blanked out, with a check after each blank that says whether you have it right.\n\n"
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
    paths = series()
    notebooks = [nbformat.read(path, as_version=nbformat.NO_CONVERT) for path in paths]
    titles = [title(notebook) for notebook in notebooks]
    rendered = {CONTENTS: text(contents(paths, titles))}
    for index, (path, notebook) in enumerate(zip(paths, notebooks, strict=True)):
        here = links(paths, titles, index)
        practise = f"[Exercises for this notebook]({EXERCISES}/{path.name})"
        rendered[path] = text(with_navigation(notebook, here, [*here, practise]))
    return rendered


def stale(rendered):
    """The files of ``rendered`` ({path: text}) that are missing or differ from their text."""
    return [path for path, new in rendered.items() if not path.exists() or path.read_text() != new]


def save(rendered, check, command):
    """Write ``rendered`` ({path: text}), or with ``check`` list the stale files and exit 1."""
    stale_files = stale(rendered)
    if check:
        for path in stale_files:
            print(f"stale: {path.relative_to(NOTEBOOKS.parent)} (run `{command}`)")
        sys.exit(1 if stale_files else 0)
    for path in stale_files:
        path.parent.mkdir(exist_ok=True)
        path.write_text(rendered[path])
        print(f"wrote {path.relative_to(NOTEBOOKS.parent)}")


if __name__ == "__main__":
    save(render(), check="--check" in sys.argv[1:], command="make navigation")
