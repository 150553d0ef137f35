"""What every stored notebook must be, beyond matching a fresh run (nbval checks that).

The stored outputs are the test's expectations, so they must come from one clean run, top to
bottom, and carry nothing personal, nothing random and nothing that hides a failure.
"""

import getpass
import json
import re
from pathlib import Path

import pytest

from exempt import is_exempt, sanitize_patterns
from layout import CONTENTS, NOTATION, NOTEBOOKS, ROOT, exercise_copy_of, lessons

LESSONS = lessons()
NOTEBOOK_METADATA = {"kernelspec", "language_info"}
CELL_METADATA = {"tags", "mystnb"}  # mystnb: a figure's alt text (tests/test_figures.py)
KNOWN_TAGS = {"nbval-ignore-output", "self-check"}
IMAGE_TYPES = ("image/png", "image/jpeg")


def read_json(path):
    """The notebook at ``path`` as JSON (tools/lesson.py's `load` runs a lesson's code)."""
    return json.loads(path.read_text(encoding="utf-8"))


def code_cell_dicts(notebook):
    """The code cells of a notebook read as JSON, empty ones left out."""
    return [
        c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()
    ]


def text_outputs(notebook):
    """Every text an output of the notebook shows, images left out."""
    for cell in code_cell_dicts(notebook):
        for output in cell.get("outputs", []):
            if "text" in output:
                yield "".join(output["text"])
            for mime, data in output.get("data", {}).items():
                if mime not in IMAGE_TYPES:
                    yield data if isinstance(data, str) else "".join(data)


by_name = pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])


def test_the_series_is_numbered_without_gaps():
    assert [p.name[:2] for p in LESSONS] == [f"{n:02d}" for n in range(1, len(LESSONS) + 1)]
    assert len(LESSONS) >= 5
    generated = {CONTENTS, NOTATION} | {exercise_copy_of(p) for p in LESSONS}
    known = set(LESSONS) | generated
    notebooks = [p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    strays = sorted(p.relative_to(ROOT) for p in notebooks if p not in known)  # JupyterLab's
    # checkpoints are left out: opening a lesson in make lab writes them, and git ignores them
    assert not strays, f"notebooks outside the numbered series: {strays}"


@by_name
def test_execution_counts_run_from_one(path):
    counts = [cell["execution_count"] for cell in code_cell_dicts(read_json(path))]
    assert counts == list(range(1, len(counts) + 1)), "run `make execute` and commit the result"


@by_name
def test_no_errors_or_warnings_are_stored(path):
    for cell in code_cell_dicts(read_json(path)):
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", (
                f"stored error in cell:\n{''.join(cell['source'])}"
            )
            assert output.get("name") != "stderr", f"stored stderr: {''.join(output['text'])}"


@by_name
def test_metadata_is_only_what_jupyter_needs(path):
    notebook = read_json(path)
    assert set(notebook["metadata"]) <= NOTEBOOK_METADATA
    # Binder and a fresh JupyterLab know the kernel "python3"; any other name asks the learner.
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for cell in notebook["cells"]:
        assert set(cell["metadata"]) <= CELL_METADATA, cell["metadata"]
        assert set(cell["metadata"].get("tags", [])) <= KNOWN_TAGS


@by_name
def test_nothing_personal_or_local_is_stored(path):
    notebook = read_json(path)
    texts = [
        json.dumps(notebook["metadata"]),
        *(json.dumps(c["metadata"]) for c in notebook["cells"]),
    ]
    texts += list(text_outputs(notebook))
    local = re.compile(
        r"/home/|/root\b|/Users/|/tmp/|[A-Za-z]:\\|site-packages|"
        + re.escape(str(Path.home()))
        + r"|\b"
        + re.escape(getpass.getuser())
        + r"\b|[\w.+-]+@[\w-]+\.[\w.]+"
    )
    for text in texts:
        assert not local.search(text), f"local path or personal data: {local.search(text)[0]!r}"


@by_name
def test_sanitizing_erases_nothing_stored(path):
    """Sanitize rules are for noise (memory addresses) that the stored outputs must not hold."""
    patterns = sanitize_patterns()
    assert patterns, "tests/sanitize.cfg has no rules: did its format change?"
    for text in text_outputs(read_json(path)):
        for pattern in patterns:
            assert not pattern.search(text), (
                f"{pattern.pattern!r} would erase {pattern.search(text)[0]!r}: end the cell with "
                "plt.show() or an assignment instead of an object's repr"
            )


@by_name
def test_only_listed_cells_skip_the_comparison(path):
    for cell in code_cell_dicts(read_json(path)):
        source = "".join(cell["source"])
        assert "NBVAL_" not in source, "use the nbval-ignore-output tag, listed in IGNORED_OUTPUTS"
        if "nbval-ignore-output" in cell["metadata"].get("tags", []):
            assert is_exempt(path.name, source), (
                f"output ignored but not listed in IGNORED_OUTPUTS:\n{source}"
            )


@by_name
def test_randomness_comes_from_a_seeded_generator(path):
    for cell in code_cell_dicts(read_json(path)):
        source = "".join(cell["source"])
        for call in re.findall(r"np\.random\.(\w+)", source):
            assert call == "default_rng", f"np.random.{call}: use rng = np.random.default_rng(seed)"
        assert "default_rng()" not in source, "default_rng() without a seed"


@by_name
def test_every_self_check_passes_in_the_lesson(path):
    cells = code_cell_dicts(read_json(path))
    checks = [c for c in cells if "self-check" in c["metadata"].get("tags", [])]
    assert checks, "every lesson has at least one self-check for its exercise copy"
    for cell in checks:
        lines = "".join("".join(o.get("text", [])) for o in cell["outputs"]).splitlines()
        assert lines and all(line.startswith("✓") for line in lines), lines


ARTICLE = "https://www.paepper.com/blog/posts/graphical-explanation-of-neural-networks"


@by_name
def test_each_lesson_ends_with_further_reading(path):
    """Before its navigation: a "Further reading" list that names the article the series is
    built on and at least one other source, each item a link with one line on what it adds."""
    cells = [cell for cell in read_json(path)["cells"] if cell["cell_type"] == "markdown"]
    reading = "".join(cells[-2]["source"])
    assert reading.startswith("## Further reading\n"), "the cell before the navigation"
    items = [line for line in reading.splitlines() if line.startswith("- ")]
    assert len(items) >= 2 and ARTICLE in items[0]
    for item in items:
        assert re.match(r"- \[[^\]]+\]\(https://[^)\s]+\)", item), item
        assert re.search(r"\)[^:]*: \S.{20,}", item), f"no line on what it adds: {item}"
