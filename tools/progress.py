"""Which checks of the learner's exercise copies show ✓: what `make progress` prints.

It reads the outputs each copy in my-notebooks/exercises/ stored when it was last saved; it runs
nothing, so it is instant and cannot be fooled into running the learner's code. A check is done
when its stored output says ✓, not yet when it says ✗, and not run when it has no output.
"""

import json

from generated import relative
from my_notebooks import MY_NOTEBOOKS

DONE, NOT_YET, NOT_RUN = "✓", "✗", "·"


def verdict(cell):
    """DONE, NOT_YET or NOT_RUN, from the text a check cell stored."""
    printed = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
    if not printed.strip():
        return NOT_RUN
    return DONE if DONE in printed and NOT_YET not in printed else NOT_YET


def checks(path):
    """(title, [(check name, verdict)]) of the exercise copy at ``path``."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    title = next(
        line.removeprefix("# ").removeprefix("Exercises: ").replace("$", "")
        for cell in cells
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("# ")
    )
    found = []
    for cell in cells:
        if "self-check" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"])
            name = source.split("check.", 1)[-1].split("(", 1)[0]
            found.append((name, verdict(cell)))
    return title, found


def report(folder=MY_NOTEBOOKS / "exercises"):
    """The lines `make progress` prints."""
    copies = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not copies:
        return [f"No exercise copies in {relative(folder)}/ yet: run make lab first."]
    lines = [
        f"Your exercise copies in {relative(folder)}/, as last saved ({DONE} right, "
        f"{NOT_YET} not yet, {NOT_RUN} not run):"
    ]
    for path in copies:
        title, found = checks(path)
        done = sum(mark == DONE for _, mark in found)
        lines.append(f"{path.name[:2]}. {title}: {done} of {len(found)} checks right")
        lines.append("    " + "  ".join(f"{mark} {name}" for name, mark in found))
    lines.append("Run a check and save the notebook (Ctrl+S) to see it here.")
    return lines


if __name__ == "__main__":
    print("\n".join(report()))
