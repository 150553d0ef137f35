"""Every number a lesson's text quotes is printed by a code cell above it.

The series promises that each claim is shown by an output right above it. For numbers a machine
can hold it to that: every number in a markdown cell must appear, rounded to the digits quoted,
in the text output of a code cell above it in the same notebook ("67.5" quotes a printed
67.4712, "4.49e-7" or "4.49 · 10⁻⁷" a printed 4.4926e-07, "96%" a printed 0.96), or be a
literal that code sets above it or in the code cell right after it (the lesson's parameters,
such as 128 examples or a learning rate of 1e-6, which the text announces and the code shows),
or stand in a text listed in ALLOWED with the reason it needs none of these.

Not checked: integers from 0 to 10, which count things in the text ("two layers", "step 3") far
more often than they quote an output; numbers naming a notebook, exercise or step; reading
times; the "Further reading" list (years of publication). Signs are ignored ("−16.7" may
quote a printed -16.7090).
"""

import re

import nbformat
import pytest

from generated import is_navigation
from layout import NOTEBOOKS, lessons

# (notebook, text of a markdown cell) -> why the numbers in that text need no printed output.
ARITHMETIC = "worked out in the sentence itself, from numbers shown before it"
ALLOWED = {
    (
        "04_gradient_descent.ipynb",
        r"$\eta = 0.1$ the step is $-0.1 \cdot 8 = -0.8$, so $x$ goes from 4 to 3.2; "
        "at $x = -4$ it goes from\n"
        r"$-4$ to $-3.2$",
    ): "a worked step, before the code that takes it: " + ARITHMETIC,
    (
        "04_gradient_descent.ipynb",
        r"$1 - 2\eta = 0.8$, since $x - 0.1 \cdot 2x = 0.8x$",
    ): ARITHMETIC,
    ("04_gradient_descent.ipynb", r"$4 \cdot 0.8^{15}"): ARITHMETIC,
    ("05_two_layer_network.ipynb", "100 ReLU neurons on 1000 inputs"): (
        "the network's size in the introduction, before the code that sets it"
    ),
    ("05_two_layer_network.ipynb", r"$\sqrt{1000} \approx 32$"): ARITHMETIC,
    ("05_two_layer_network.ipynb", "a relative error of exactly 0.5"): (
        "what a dropped factor 2 would give: every gradient halved, |g - g/2| / |g| = 0.5"
    ),
    ("05_two_layer_network.ipynb", r"$100{,}100^2 \approx 10^{10}$ entries, 80 GB"): ARITHMETIC,
    ("05_two_layer_network.ipynb", r"$1 - 4.45 = -3.45$"): ARITHMETIC,
    ("05_two_layer_network.ipynb", r"flips sign for $\eta > 0.5$"): ARITHMETIC + ": 1 - 2 * 0.5",
    ("05_two_layer_network.ipynb", "2.5 times smaller steps"): ARITHMETIC + ": 1e-6 / 4e-7",
    ("05_two_layer_network.ipynb", "He et al., 2015"): "the year of the cited paper",
    ("05_two_layer_network.ipynb", "61.52 at loop 300 and 61.51 at loop 400"): (
        "the article's own printed losses, quoted"
    ),
    ("05_two_layer_network.ipynb", r"$\eta = 3 \cdot 10^{-4}$"): (
        "exercise 2's learning rate, for the learner to try"
    ),
    ("06_learn_a_function.ipynb", "train for 10,000 loops"): (
        "exercise 3's number of loops, for the learner to try"
    ),
}

MINUS = "\u2212"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# 4.49 \cdot 10^{-7}, 4.49 × 10⁻⁷, 10^{-6}, 10⁻⁶: written as 4.49e-7 and 1e-6 before parsing.
POWER_OF_TEN = re.compile(
    r"(?:(\d+(?:\.\d+)?)\s*(?:\\cdot|\\times|×|·)\s*)?10\s*(?:\^\{?([-\d]+)\}?|([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
)
NUMBER = re.compile(r"(?<![\w.^])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:e([-+]?\d+))?(%?)(?![\w])")
NOT_QUOTED = [
    re.compile(r"<!--.*?-->", re.DOTALL),  # comments
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"_\{[^}]*\}|_\w"),  # subscripts: w_{12}, x_1
    re.compile(r"\d+(?:st|nd|rd|th)\b"),  # ordinals
    re.compile(r"\b(?:notebooks?|exercises?|steps?)\s+\d+(?:\s*(?:,|and|to|-)\s*\d+)*", re.I),
    re.compile(r"\d+ minutes"),  # reading times
]


def power_of_ten(match):
    mantissa, exponent = match[1] or "1", (match[2] or match[3] or "").translate(SUPERSCRIPTS)
    return f"{mantissa}e{exponent}"


class Quoted:
    """One number as the text writes it: its value and how many decimals it is rounded to."""

    def __init__(self, match):
        whole, decimals, exponent, percent = match.groups()
        self.written = match[0]
        self.value = abs(float(whole.replace(",", "") + (decimals or "") + f"e{exponent or 0}"))
        self.decimals = len(decimals or ".") - 1 - int(exponent or 0)
        self.is_small_count = not decimals and not exponent and not percent and self.value <= 10
        self.percent = bool(percent)
        if percent:
            self.value, self.decimals = self.value / 100, self.decimals + 2

    def matches(self, printed):
        """Is some number in ``printed`` (floats) this one, rounded to the digits quoted? A
        percentage may be printed as a fraction (0.96 for 96%) or as a percentage (96.0)."""
        candidates = [abs(value) for value in printed]
        if self.percent:
            candidates += [value / 100 for value in candidates]
        return any(
            round(value, self.decimals) == round(self.value, self.decimals) for value in candidates
        )


def quoted_numbers(markdown):
    text = markdown.replace(MINUS, "-").replace("\u2009", "")
    for pattern in NOT_QUOTED:
        text = pattern.sub(" ", text)
    text = POWER_OF_TEN.sub(power_of_ten, text)
    text = re.sub(r"(\d) million\b", r"\1e6", text)
    return [Quoted(match) for match in NUMBER.finditer(text)]


PRINTED = re.compile(r"\d+(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+")


def printed_numbers(cell):
    for output in cell.get("outputs", []):
        shown = output.get("text", "") + output.get("data", {}).get("text/plain", "")
        yield from (float(n) for n in PRINTED.findall(shown.replace(",", "")))


def literals(cell):
    """Every number that a code cell writes as a literal: the lesson's parameters."""
    return [float(n) for n in PRINTED.findall(cell.source)] if cell.cell_type == "code" else []


def unprinted(path):
    """(cell index, number as written) for each quoted number that no output above shows and no
    code sets, above or in the code cell right after the text (which it introduces)."""
    notebook = nbformat.read(path, as_version=4)
    shown, missing = [], []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            shown += [*printed_numbers(cell), *literals(cell)]
        elif not is_navigation(cell) and cell.get("id") != "further-reading":  # citations
            following = notebook.cells[index + 1 : index + 2]
            introduced = literals(following[0]) if following else []
            text = cell.source
            for notebook_name, allowed in ALLOWED:
                if notebook_name == path.name:
                    text = text.replace(allowed, " ")
            for number in quoted_numbers(text):
                if number.is_small_count:
                    continue
                if not number.matches(shown + introduced):
                    missing.append((index, number.written))
    return missing


def test_every_allowed_text_is_still_in_its_lesson():
    for name, allowed in ALLOWED:
        notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
        assert any(allowed in cell.source for cell in notebook.cells), (name, allowed)


@pytest.mark.parametrize("path", lessons(), ids=lambda path: path.name)
def test_every_quoted_number_is_printed_above(path):
    missing = unprinted(path)
    assert not missing, (
        "numbers in the text that no output above shows (print them first, or list them in "
        f"ALLOWED with a reason): {missing}"
    )


def quotes(markdown, printed):
    """Does every number of ``markdown`` match one of ``printed``?"""
    return all(n.matches(printed) for n in quoted_numbers(markdown) if not n.is_small_count)


@pytest.mark.parametrize(
    ("markdown", "printed"),
    [
        ("the loss stalls at 67.47", [67.4712]),
        ("about 67.5", [67.4712]),
        ("the limit is $4.49 \\cdot 10^{-7}$", [4.4926e-07]),
        ("4.49 × 10⁻⁷", [4.4926e-07]),
        ("from 9.3 million", [9348728.05]),
        ("it keeps 96% of the weight", [0.96]),
        ("55% of the examples", [55.0]),
        ("the weight ends at −16.7", [-16.709]),
        ("$100{,}100$ weights, 9,348,728.05", [100.0, 9348728.05]),
        ("in notebook 5, exercise 3 and step 12, about 20 minutes", []),
    ],
)
def test_a_quoted_number_matches_its_output(markdown, printed):
    assert quotes(markdown, printed)


@pytest.mark.parametrize(
    ("markdown", "printed"),
    [
        ("the loss stalls at 67.47", [67.44]),  # another value
        ("about 67.5", [67.4]),  # rounds to another
        ("the limit is $4.49 \\cdot 10^{-7}$", [4.49e-06]),  # another power of ten
        ("it keeps 96% of the weight", [0.95]),
        ("a loss of 132.55", [13255.0]),  # a number is not a count of other digits
    ],
)
def test_a_wrong_number_is_caught(markdown, printed):
    assert not quotes(markdown, printed)


def test_a_number_printed_only_below_is_caught(tmp_path):
    notebook = nbformat.v4.new_notebook()
    output = nbformat.v4.new_output("stream", name="stdout", text="loss 67.4712\n")
    notebook.cells = [
        nbformat.v4.new_markdown_cell("The loss will stall at 67.47."),
        nbformat.v4.new_code_cell("print(...)", outputs=[output]),
        nbformat.v4.new_markdown_cell("It stalls at 67.47, not at 61.51."),
    ]
    path = tmp_path / "planted.ipynb"
    nbformat.write(notebook, path)
    assert unprinted(path) == [(0, "67.47"), (2, "61.51")]
