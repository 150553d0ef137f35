"""Comparing a cell's figures with the ones stored in its notebook: what makes nbval compare
figures too (conftest.py at the top of the repository), and what tests/test_rerun.py compares a
re-run cell's figures with.
"""

import base64
import shutil
import tempfile
from pathlib import Path

import psutil  # ipykernel needs it: in every environment of the series

# RMS difference of the pixel values (0-255) allowed between a stored and a new figure. With the
# pinned versions every figure is byte-identical run to run; with 1 instead of 2 BLAS threads, or
# another OpenBLAS kernel, one loss-curve figure differs by RMS 0.02 and none other at all. The
# smallest figure-only change in tools/mutants.py, one descent step fewer, gives RMS 0.72.
FIGURE_TOLERANCE = 0.1
DIFFS = Path(__file__).resolve().parent.parent / "figure-diffs"


def pngs(outputs):
    return [
        base64.b64decode(o["data"]["image/png"])
        for o in outputs
        if "image/png" in o.get("data", {})
    ]


def compare_figures(cell, new_outputs, stored_outputs):
    """Problems (sentences) found comparing the figures of one nbval cell; none if they match."""
    new, stored = pngs(new_outputs), pngs(stored_outputs)
    name = f"{Path(cell.fspath).stem}-cell{cell.cell_num}"
    if len(new) != len(stored):
        return [f"{name}: {len(new)} figure(s) drawn, {len(stored)} stored"]
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        for number, (new_png, stored_png) in enumerate(zip(new, stored, strict=True), start=1):
            if new_png == stored_png:  # the usual case with the pinned versions
                continue
            # Imported here: matplotlib's comparison takes 0.25 s to import, in every process.
            from matplotlib.testing.compare import compare_images
            from matplotlib.testing.exceptions import ImageComparisonFailure

            expected, actual = Path(folder, "expected.png"), Path(folder, "actual.png")
            expected.write_bytes(stored_png)
            actual.write_bytes(new_png)
            saved = {"stored": expected, "new": actual}
            try:
                failure = compare_images(expected, actual, tol=FIGURE_TOLERANCE, in_decorator=True)
            except ImageComparisonFailure as error:  # raised when the sizes differ
                failure = {"message": str(error).strip().splitlines()[0]}
            if failure:
                if "diff" in failure:
                    saved["diff"] = failure["diff"]
                    problem = f"RMS {failure['rms']:.2f} > {FIGURE_TOLERANCE}"
                else:
                    problem = failure["message"]
                DIFFS.mkdir(exist_ok=True)
                for kind, path in saved.items():
                    shutil.copy(path, DIFFS / f"{name}-figure{number}-{kind}.png")
                problems.append(
                    f"{name}: figure {number} differs from the stored one ({problem}); "
                    f"see {DIFFS.name}/{name}-figure{number}-*.png"
                )
    return problems


def clear_earlier_diffs():
    """Remove from figure-diffs/ what earlier runs wrote: the files older than this process.
    Two runs may share the folder (make test starts one for notebooks/ and one for tests/ at
    once), and neither may delete what the other writes."""
    started = psutil.Process().create_time()
    for old in DIFFS.glob("*") if DIFFS.is_dir() else []:
        if old.stat().st_mtime < started:
            old.unlink()
