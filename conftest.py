"""Figures are part of the lesson: nbval's comparison of a cell also compares its images.

(At the top of the repository so that it applies to any pytest run, even of a single notebook.)

nbval compares every stored text output but skips images. This wraps its per-cell comparison, so
the one execution that checks a cell's text also checks its figures against the ones stored in
the notebook (the baselines, written by `make execute` with the pinned matplotlib). A figure that
differs by more than FIGURE_TOLERANCE (tools/figures.py) fails that cell, and the stored, the new
and the difference image are written to figure-diffs/, named after the notebook and the cell.
"""

import nbval.plugin

from figures import clear_earlier_diffs, compare_figures


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # not in a pytest-xdist worker: they start at will
        clear_earlier_diffs()  # only this run's differences
    compare_text = nbval.plugin.IPyNbCell.compare_outputs

    def compare_text_and_figures(cell, test, ref, skip_compare=None):
        same_text = compare_text(cell, test, ref, skip_compare)
        problems = compare_figures(cell, test, ref)
        cell.comparison_traceback.extend(problems)
        return same_text and not problems

    nbval.plugin.IPyNbCell.compare_outputs = compare_text_and_figures
