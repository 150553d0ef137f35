"""Sphinx configuration of the series' web pages: `make site` builds them from notebooks/
into _site/html, in its own environment (.venv-site, requirements-site.txt).

Why Sphinx with myst-nb and sphinx-book-theme: they build the pages from the outputs the
notebooks store (nothing is executed again: `make test` has already compared those outputs
with a fresh run), offline, in seconds; every link to a notebook becomes a link to its page,
and a link to a file such as diagrams.py a download of it; and with sphinx-mathjax-offline,
which bundles MathJax 3, a page needs no network to typeset its math. The alternatives tried
here: nbconvert's HTML loads MathJax from a CDN and keeps its links to `.ipynb` files; Jupyter
Book 2 (mystmd) downloads its theme at build time and cannot build offline.

The notebooks are read as they are; `add_to_notebook` below adds, in the pages only, what a
static page needs: the contents page lists every page for the sidebar, and a slider cell (no
output stored: sliders need a kernel) shows the sentence of the helpers' sliders.py.
"""

import ast
import json
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from layout import NOTEBOOKS, ROOT, exercise_copy_of, lessons  # noqa: E402

SLIDERS = ROOT / "src" / "neuron_to_backprop" / "sliders.py"

project = "From one neuron to backprop"
author = ""  # else the theme writes "By Author name not set" under each page
root_doc = "contents"  # the front page is the series' contents
extensions = ["myst_nb", "sphinx-mathjax-offline"]
exclude_patterns = ["**/.ipynb_checkpoints", "**/__pycache__"]
nb_execution_mode = "off"  # the stored outputs, as make test checked them
myst_enable_extensions = ["dollarmath", "amsmath"]
html_theme = "sphinx_book_theme"
html_title = project
# No download button: its one entry would link the notebook file, which runs alone only where
# its first cell installs the series' helpers (Colab); each page links Binder and Colab.
html_theme_options = {"show_toc_level": 2, "use_download_button": False}
html_copy_source = False  # the notebooks are on GitHub; the pages are for reading
html_show_sourcelink = False


def sidebar():
    """The sidebar's lists, as (caption, pages): the lessons in the order of the contents page
    (tools/navigation.py writes it from the same files) and the notation, then the exercise
    copies, whose titles begin with "Exercises:" (tools/exercises.py writes them)."""
    copies = [exercise_copy_of(path).relative_to(NOTEBOOKS) for path in lessons()]
    return [
        ("Lessons", [*(path.stem for path in lessons()), "notation"]),
        ("Exercise copies", [path.with_suffix("").as_posix() for path in copies]),
    ]


def sentence_without_kernel():
    """sliders.WITHOUT_KERNEL, read from the module's source: importing it needs ipywidgets,
    which the site's environment (.venv-site) does not have, nor needs."""
    tree = ast.parse(SLIDERS.read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "WITHOUT_KERNEL":
            return ast.literal_eval(node.value)
    raise LookupError(f"{SLIDERS} defines no WITHOUT_KERNEL")


def toctree_cell(caption, documents):
    lines = ["```{toctree}", ":hidden:", f":caption: {caption}", "", *documents, "```"]
    cell_id = f"site-toctree-{caption.lower().replace(' ', '-')}"
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": "\n".join(lines)}


# A badge, [![Open in Colab](image URL)](link): its image is on another host.
BADGE = re.compile(r"\[!\[([^\]]+)\]\(https?://[^)]+\)\]\(([^)]+)\)")


def add_to_notebook(app, docname, source):
    """Sphinx's source-read event: change the text of notebook ``docname`` before it is read."""
    notebook = json.loads(source[0])
    if docname == root_doc:
        notebook["cells"] += [toctree_cell(*toctree) for toctree in sidebar()]
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":  # a badge becomes a text link: no image to fetch
            cell["source"] = BADGE.sub(r"[\1](\2)", "".join(cell["source"]))
        if cell["cell_type"] == "code" and "sliders.show(" in "".join(cell["source"]):
            # What sliders.py has a slider cell show where no kernel runs.
            text = {"text/plain": sentence_without_kernel()}
            cell["outputs"] = [{"output_type": "display_data", "data": text, "metadata": {}}]
    source[0] = json.dumps(notebook)


def copy_front_page(app, exception):
    """Sphinx's build-finished event: index.html, the page a web server sends for the site's
    address, is the contents page (the same folder, so its relative links hold)."""
    if exception is None and app.builder.format == "html":
        outdir = Path(app.outdir)
        shutil.copyfile(outdir / f"{root_doc}.html", outdir / "index.html")


def setup(app):
    # MathJax on every page, not only those with math in their text: the sidebar's titles have
    # math too ("Find the minimum of $y = x^2$ ..."), on the search and index pages as well.
    app.set_html_assets_policy("always")
    app.connect("source-read", add_to_notebook)
    app.connect("build-finished", copy_front_page)
