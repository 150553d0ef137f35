"""Self-checks for the exercises: each says in plain words what is right or what is wrong.

A check calls the learner's code on problems of its own, not the notebook's data: inputs the
learner has not seen, of several shapes (a single number, a row, a table of several columns, a
network with several outputs). It prints one line: ✓ and what it checked, or ✗ and what the
mistake probably was, with the line of the learner's code that failed and the shapes in the
lesson's own terms (128 examples, 1000 inputs, 100 hidden neurons).

A check that fails then raises Stop, which IPython shows as one plain line instead of a traceback.
It stops Run All at the first check that is not right yet: the cells below use this code, and
would otherwise fail with long tracebacks from code the learner did not write.

Imported under IPython, this module also adds one plain sentence after the traceback of an
error in the learner's own cells that it can read (numpy's shape errors, daft's unknown nodes):
see plain_line_for and register_plain_lines. And a check does not grade a name whose cell raised
the last time it ran (the name still holds what an earlier run made), nor show a traceback when
that cell has not run yet: see freshness.
"""

import ast
import contextlib
import difflib
import dis
import functools
import inspect
import linecache
import numbers
import re
import sys
import textwrap
import types
import warnings
from pathlib import Path

import numpy as np

from neuron_to_backprop import freshness

RIGHT, WRONG = "✓", "✗"
STOPPED = (
    "Stopped here: the cells below use this code. Fix what ✗ says above, run that cell again, "
    "then this check."
)


class Stop(Exception):
    """Raised by a check that fails, after its ✗ line, so that Run All stops at this cell.

    IPython (9.18, pinned in requirements.txt) shows an exception by calling its
    _render_traceback_ method, if it has one, instead of formatting a traceback; ipykernel sends
    the lines it returns as the error's traceback, and JupyterLab shows them in place of one.
    """

    def _render_traceback_(self):
        return [STOPPED]


class Wrong(Exception):
    """A mistake a check found; its message says, in plain words, what to change."""


def check(name):
    """Make ``test`` a self-check: it returns its praise or raises Wrong with the problem."""

    def decorate(test):
        @functools.wraps(test)
        def run(*args, **kwargs):
            stale = freshness.older_run(test.__name__, args)  # None outside IPython
            WARNED.clear()
            try:
                if stale:  # the latest run of the answer's cell raised: do not grade the old one
                    raise Wrong(stale)
                with warnings.catch_warnings():  # numpy's, under a check: said in words below
                    warnings.simplefilter("ignore")
                    praise = test(*args, **kwargs)
            except Wrong as mistake:
                problem = str(mistake) + warned(str(mistake))
            except Exception as error:  # something no check foresaw: still a sentence, no trace
                problem = (
                    f"the check could not use what your code gave it ({describe(error)}). "
                    "Compare your lines with the lesson's formula."
                )
            else:
                print(f"{RIGHT} {name}: {praise}")
                return
            print(f"{WRONG} {name}: {problem}")
            raise Stop(name) from None

        run.check_name = name
        return run

    return decorate


# Calling the learner's code ---------------------------------------------------------------------


class LocalNames:
    """Records the local variables of ``function`` as it returns or raises (sys.setprofile), so
    that a check can say which of the lesson's arrays went wrong first, even inside a function."""

    def __init__(self, function):
        self.code = getattr(function, "__code__", None)
        self.names = {}

    def __enter__(self):
        self.previous = sys.getprofile()
        sys.setprofile(self.watch)
        return self

    def watch(self, frame, event, arg):
        if event == "return" and frame.f_code is self.code:
            self.names = dict(frame.f_locals)

    def __exit__(self, *exception):
        sys.setprofile(self.previous)


def call(function, *args, shapes=None, setting=""):
    """(function(*args), its local variables at the end), or Wrong saying why it failed.

    ``shapes`` maps names of the lesson's arrays to (shape, what it holds) on this problem;
    ``setting`` opens the message when the problem differs from the lesson's in a way that
    matters (several outputs).
    """
    shapes = shapes or {}
    spy = LocalNames(function)
    try:
        with spy, noting_warnings():
            result = function(*args)
    except Exception as error:  # the learner's mistake, told in words below
        raise Wrong(setting + explain(error, function, spy.names, shapes)) from None
    return result, spy.names


WARNED = []  # numpy's warnings while the check running now called the learner's code
# numpy's warning, what it means in words, and the words of a message that already says it.
WARNINGS = [
    (r"invalid value encountered in log", "the log of a negative number gives nan", r"\blog"),
    (r"divide by zero encountered in log", "the log of 0 gives -inf", r"\blog"),
    (r"invalid value encountered in (true_)?divide", "0 / 0 gives nan", r"divid|0 by 0"),
    (r"divide by zero encountered", "a division by 0 gives inf", r"divid|by 0"),
    (
        r"invalid value encountered in sqrt",
        "the square root of a negative number gives nan",
        r"sqrt|square root",
    ),
    (r"overflow encountered in exp", "np.exp of a large number is too large (inf)", r"\bexp"),
    (r"overflow encountered", "a number grew too large (inf)", r"\binf\b|too large"),
    (
        r"invalid value encountered in power",
        "a negative number to a fractional power gives nan",
        r"power|\*\*",
    ),
]


@contextlib.contextmanager
def noting_warnings():
    """Run with numpy's warnings (invalid value encountered in log) noted in WARNED, not shown:
    a check that fails says them in words (warned)."""
    with np.errstate(all="warn"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            WARNED.extend(str(w.message) for w in caught if issubclass(w.category, RuntimeWarning))


def warned(problem):
    """One more sentence, "numpy warned: the log of a negative number gives nan.", for the
    warnings of WARNED that ``problem`` (the check's message) does not already explain; or ''."""
    said = []
    for message in dict.fromkeys(WARNED):
        found = next((w for w in WARNINGS if re.search(w[0], message)), None)
        words, told = (found[1], found[2]) if found else (message, None)
        if not (told and re.search(told, problem)) and words not in said:
            said.append(words)
    WARNED.clear()
    return f" numpy warned: {'; '.join(said)}." if said else ""


@contextlib.contextmanager
def replaced(function, **names):
    """Run with some names of ``function``'s notebook replaced by the check's own, put back
    afterwards: so that descend is judged with a right error_slope, train on a test problem."""
    space = getattr(function, "__globals__", {})
    saved = {name: space[name] for name in names if name in space}
    space.update(names)
    try:
        yield
    finally:
        for name in names:
            if name in saved:
                space[name] = saved[name]
            else:
                space.pop(name, None)


def describe(error):
    """``error`` in plain words if it is one this module can read, else Python's own text."""
    return in_words(error) or f"{type(error).__name__}: {error}".strip()


def learner_traces(error):
    """The entries of ``error``'s traceback in the learner's code (notebook cells, not numpy,
    daft or this module), outermost first."""
    inside = (Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve())
    found, trace = [], error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        path = Path(name)
        cell = name.startswith("<ipython-input")  # IPython's name for a cell, ipykernel's is a path
        ours = path.name == Path(__file__).name or (name.startswith("<") and not cell)
        if not ours and (cell or not any(part in inside for part in path.resolve().parents)):
            found.append(trace)
        trace = trace.tb_next
    return found


def learner_trace(error):
    """The last entry of ``error``'s traceback in the learner's code, or None."""
    traces = learner_traces(error)
    return traces[-1] if traces else None


def called_from(error, function):
    """(the line of ``function`` where it called a function of another cell that raised
    ``error``, its local variables, the name of that function): notebook 5's unflatten, called
    by the learner's answer, is not the learner's line. None if ``error`` happened in
    ``function`` itself or in code of its own cell (a helper, a lambda)."""
    code = getattr(function, "__code__", None)
    traces = learner_traces(error)
    own = [i for i, trace in enumerate(traces) if trace.tb_frame.f_code is code]
    if code is None or not own:
        return None
    i = own[-1]
    while i + 1 < len(traces) and traces[i + 1].tb_frame.f_code.co_filename == code.co_filename:
        i += 1
    if i + 1 == len(traces):
        return None
    trace, inner = traces[i], traces[i + 1].tb_frame.f_code.co_name
    line = linecache.getline(trace.tb_frame.f_code.co_filename, trace.tb_lineno).strip()
    line = line.split("  #")[0].strip()
    return (line, dict(trace.tb_frame.f_locals), inner) if line else None


def learner_line(error):
    """(the line of the learner's code where ``error`` happened, its local variables)."""
    trace = learner_trace(error)
    if trace is None:
        return None, {}
    line = linecache.getline(trace.tb_frame.f_code.co_filename, trace.tb_lineno).strip()
    return line.split("  #")[0].strip() or None, dict(trace.tb_frame.f_locals)


def learner_space(error):
    """The names the learner's code saw where ``error`` happened: its globals but their
    functions (np, the notebook's arrays), then its local names (a function's arguments, which
    may be functions it was given, such as f_slope)."""
    trace = learner_trace(error)
    if trace is None:
        return {}
    frame = trace.tb_frame
    space = {
        name: value
        for name, value in frame.f_globals.items()
        if not callable(value) or isinstance(value, np.ufunc)
    }
    if frame.f_locals is not frame.f_globals:  # a function's, not a cell's
        space.update(frame.f_locals)
    return space


def explain(error, function, names, shapes):
    """What went wrong, in plain words, when the learner's function raised ``error``."""
    outer = called_from(error, function)
    line, line_names = outer[:2] if outer else learner_line(error)
    text, quoted = str(error), f"`{line}`" if line else "your code"
    wrong_shape = first_wrong_shape({**line_names, **names}, shapes)
    if wrong_shape:
        return wrong_shape
    for space in names, line_names:  # the checked function's own names first
        blanks = [name for name, value in space.items() if value is Ellipsis]
        if blanks:
            return f"{blanks[0]} is still `...`: fill in its blank."
    names = {**names, **line_names}
    if "ellipsis" in text.lower():
        return f"{quoted} still has a blank, `...`: fill it in."
    if outer:
        return f"{quoted} calls {outer[2]}, a function of another cell, " + failed_inside(error)
    if isinstance(error, NameError):
        return unknown_name(error, quoted, function)
    if isinstance(error, AttributeError) and re.match(r"'(bool|int|float)' object", text):
        return (
            f"{quoted} uses .{error.name}, which a single number does not have, and the lesson "
            "also gives it single numbers: use numpy's functions, which work on numbers and "
            "arrays alike."
        )
    if "truth value of an array" in text:
        return f"{quoted} {ambiguous(line or '')}"
    if "converted to Python scalars" in text or "only length-1" in text:
        single = re.search(r"(?<![\w.])(float|int)\(", line or "")
        if single:
            return (
                f"{quoted} uses {single[1]}(), which takes one number at a time, and "
                f"{function.__name__} is also given tables of points (arrays): leave "
                f"{single[1]}() out, numpy's arithmetic works on both."
            )
        return (
            f"{quoted} uses a function of Python's math module, which takes one number at a "
            "time: use numpy's (np.exp, np.sqrt, ...), which work on whole arrays."
        )
    if re.search(r"(?<!\w)(np\.max|np\.amax|\.max)\(", line or ""):
        return (
            f"{quoted}: np.max(a, 0) is the largest entry of a (0 names an axis); "
            "np.maximum(a, 0) compares each entry with 0."
        )
    if "does not support item assignment" in text:
        return (
            f"{quoted} changes its input entry by entry, which a single number does not allow "
            "(and which would change the caller's array): make a new array instead."
        )
    if "not iterable" in text:
        return (
            f"{quoted} loops over its input (a for loop or a list comprehension), but it was "
            "given a single number. numpy's functions and arithmetic work on a number and on "
            "an array alike."
        )
    space = {**learner_space(error), **names}
    shapes_said = explain_shapes(line, space, shapes, function) if line else None
    if shapes_said:
        return shapes_said
    said = in_words(error, line)
    if said:
        return f"{quoted}: {said}"
    return f"{quoted} failed: {describe(error)}."


def failed_inside(error):
    """The end of the sentence for an error inside a function of another cell that the
    learner's line called: what failed there, and what to look at."""
    line = learner_line(error)[0]
    if isinstance(error, NameError):
        said = f"which uses {error.name}, not defined yet: run the cell that defines it first."
        return said
    words = explain_shapes(line, learner_space(error), {}) if line else None
    words = words or in_words(error, line)
    where = f" at `{line}`" if line and not (words or "").startswith("`") else ""
    return f"which failed{where}: {words or describe(error) + '.'} Check what your line gives it."


# Modules a lesson imports under a short name: a learner's code may use one its notebook lacks.
MODULES = freshness.MODULES
# numpy's names that a learner may write without np. (e ** -a, exp(-a), maximum(a, 0)).
NUMPY_NAMES = {
    "array", "clip", "dot", "e", "exp", "heaviside", "log", "matmul", "maximum", "mean",
    "minimum", "ones", "pi", "sign", "sqrt", "square", "tanh", "transpose", "where", "zeros",
}  # fmt: skip


def unknown_name(error, quoted, function):
    """The sentence for a NameError in the learner's function: a module the notebook has not
    imported, one of numpy's names written without np., or a name the function is not given."""
    name = error.name
    if name in MODULES:
        return (
            f"{quoted} uses {name}, a module this notebook has not imported. Add "
            f"`{MODULES[name]}` at the top of the cell, or do it with plain Python."
        )
    inputs = getattr(function, "__code__", None)
    arguments = list(inputs.co_varnames[: inputs.co_argcount]) if inputs else []
    close = difflib.get_close_matches(name or "", arguments, n=1, cutoff=0.75)
    unnumbered = re.sub(r"\d", "", name or "")
    if close and re.sub(r"\d", "", close[0]) != unnumbered:  # a typo, not weights1 for weights2
        return (
            f"{quoted} uses {name}, which is not defined here: {function.__name__} gets "
            f"{close[0]}. Check the spelling."
        )
    if name in NUMPY_NAMES:
        return f"{quoted} uses {name}, which Python does not know by itself: numpy's is np.{name}."
    return (
        f"{quoted} uses the name {name}, which is not defined here: "
        f"{function.__name__} gets {', '.join(arguments)}; use those."
    )


# Python's and numpy's messages, in plain words ----------------------------------------------------


def shape_in_text(text):
    """The shape numpy writes as "4,3" or "4," as a tuple, (4, 3) or (4,)."""
    return tuple(int(n) for n in text.split(",") if n.strip())


def product_sentence(left, right):
    """What a matrix product of arrays of shapes ``left`` and ``right`` needs, which they lack."""
    columns = "columns" if len(left) == 2 else "entries"
    rows = "rows" if len(right) == 2 else "entries"
    inner = right[0] if len(right) < 2 else right[-2]
    return (
        f"multiplies a {shape_text(left)} array by a {shape_text(right)} one: the number of "
        f"{columns} on the left ({left[-1]}) must equal the number of {rows} on the right "
        f"({inner})."
    )


def entry_by_entry_words(line):
    """Who works entry by entry in ``line``: "+, -, * and / work", "np.maximum works"."""
    try:
        tree = ast.parse(line or "")
    except SyntaxError:
        tree = ast.parse("")
    symbols = sorted(
        {SYMBOLS[type(n.op)] for n in ast.walk(tree) if isinstance(n, ast.BinOp)} & {*"+-*/"},
        key="+-*/".index,
    )
    functions = [
        f"np.{n.func.attr}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
        and isinstance(n.func.value, ast.Name) and n.func.value.id == "np"
        and n.func.attr in ENTRY_BY_ENTRY
    ]  # fmt: skip
    if functions and not symbols:
        return f"{functions[0]} works"
    if symbols and not functions:
        return f"{' and '.join(symbols)} {'works' if len(symbols) == 1 else 'work'}"
    if not line:
        return "+, -, * and / work"
    return "numpy computes"


# numpy's entry-by-entry functions that take several arrays, besides its ufuncs (np.maximum).
ENTRY_BY_ENTRY = {"where", "clip", *(n for n in dir(np) if isinstance(getattr(np, n), np.ufunc))}


def numpy_in_words(text, line=None):
    """numpy's ValueError ``text`` in plain words (without the arrays' names), or None."""
    found = re.search(r"core dimension 0.*\(size (\d+) is different from (\d+)\)", text)
    if found:
        return (
            f"@ needs the number of columns on its left ({found[2]}) to equal the number of "
            f"rows on its right ({found[1]})."
        )
    found = re.search(r"shapes \(([\d,\s]*)\) and \(([\d,\s]*)\) not aligned", text)
    if found:
        return "the product " + product_sentence(*map(shape_in_text, found.groups()))
    found = re.search(r"Input operand (\d) does not have enough dimensions \(has 0", text)
    if found:
        side = "left" if found[1] == "0" else "right"
        return (
            f"the {side} side of @ is one number, and @ multiplies arrays only: multiply by a "
            "number with *."
        )
    found = re.fullmatch(r"operands could not be broadcast together with shapes ([\d,() ]+)", text)
    if found:
        shapes = [shape_text(shape_in_text(s)) for s in re.findall(r"\(([\d,]*)\)", found[1])]
        return (
            f"{entry_by_entry_words(line)} entry by entry, and arrays of shapes "
            f"{' and '.join(shapes)} do not fit together."
        )
    found = re.search(r"could not broadcast input array from shape \(([\d,]*)\) into shape "
                      r"\(([\d,]*)\)", text)  # fmt: skip
    if found:
        given, place = (shape_text(shape_in_text(s)) for s in found.groups())
        return f"an array of shape {given} does not fit into a place of shape {place}."
    if "inhomogeneous" in text:
        return (
            "the rows given to np.array have different lengths: every row of a table needs as "
            "many entries as the others."
        )
    if "either both or neither of x and y" in text:
        return (
            "np.where takes three things: a condition, the value where it holds and the value "
            "where it does not."
        )
    found = re.search(r"cannot reshape array of size (\d+) into shape \(([\w, ]*)\)", text)
    if found:
        size, shape = int(found[1]), found[2].replace(" ", "")
        holds = shape_in_text(shape) if re.fullmatch(r"[\d,]*", shape) else None
        shown = shape_text(holds) if holds else f"({shape.replace('newaxis', '-1')})"
        return f"an array of {size} numbers cannot be reshaped into shape {shown}" + (
            f", which holds {int(np.prod(holds))}."
            if holds
            else f": the sizes must multiply to {size}."
        )
    if "must be square" in text:
        return (
            "np.linalg.inv inverts only a square table (as many rows as columns), and this one "
            "is not square. Going back through a layer takes the transposed weights, w.T, not "
            "an inverse."
        )
    if "Singular matrix" in text:
        return "this table has no inverse (it is singular): np.linalg.inv cannot invert it."
    return None


FUNCTION_TYPES = {"function", "numpy.ufunc", "builtin_function_or_method", "method"}
LISTS = (
    "Python's lists do not compute entry by entry: make numpy arrays of them (np.array), or pair "
    "their entries with zip."
)
# What a learner most likely meant, after Python's "f() takes 2 arguments" or "missing 'a_max'".
MORE_INPUTS = {
    "maximum": " np.maximum(a, 0) compares each entry of a with 0.",
    "minimum": " np.minimum(a, 0) compares each entry of a with 0.",
    "clip": " None leaves a side without limit: np.clip(a, 0, None).",
}


def type_in_words(text):
    """Python's TypeError ``text`` in plain words, or None."""
    found = re.match(
        r"(\w+)\(\) takes (?:from )?(\d+)(?: to (\d+))? positional arguments? but (\d+)", text
    )
    if found:
        name, least, most, given = found[1], int(found[2]), found[3], int(found[4])
        if given < least:
            said = f"{name}() needs {least} inputs, and it was given {given}."
        else:
            said = f"{name}() takes at most {most or least} inputs, and it was given {given}."
        return said + MORE_INPUTS.get(name, "")
    found = re.match(r"(\w+)\(\) missing \d+ required (?:positional )?arguments?: (.+)", text)
    if found:
        missing = found[2].replace("'", "")
        return f"{found[1]}() also needs {missing}, which is missing." + MORE_INPUTS.get(
            found[1], ""
        )
    if "bitwise_xor" in text or text.startswith("unsupported operand type(s) for ^"):
        return "^ is not a power in Python: x squared is x ** 2."
    found = re.match(r"unsupported operand type\(s\) for .+?: '([\w.]+)' and '([\w.]+)'", text)
    kinds = set(found.groups()) if found else set()
    if kinds & FUNCTION_TYPES or (
        "object is not subscriptable" in text and any(f"'{k}'" in text for k in FUNCTION_TYPES)
    ):
        return (
            "it computes with a function itself, not with what the function gives: call it, "
            "with round brackets, as in np.exp(-a)."
        )
    if "list" in kinds or "can't multiply sequence" in text or "concatenate list" in text:
        return LISTS
    if "NoneType" in kinds:
        return "one side is None (nothing): does a function it uses lack its `return`?"
    if "str" in kinds:
        return "one side is text (in quotes), not a number: leave out the quotes."
    found = re.match(r"'([\w.]+)' object is not callable", text)
    if found and found[1] not in FUNCTION_TYPES:
        return (
            "a bracket right after a number or an array calls it like a function: write the "
            "multiplication sign, as in 2 * (a + 1)."
        )
    return None


def index_in_words(text, line):
    """Python's or numpy's IndexError ``text`` in plain words, or None."""
    if "list index out of range" in text:
        said = "it asks for an entry past the end of a list: n entries have positions 0 to n - 1."
        loop = re.search(r"(\w+)\[\s*(\w+)\s*\+\s*1\s*\]", line or "")
        if loop and f"range(len({loop[1]}))" in (line or "").replace(" ", ""):
            said += (
                f" On the last pass {loop[1]}[{loop[2]} + 1] is past the end: stop one pass "
                f"earlier, range(len({loop[1]}) - 1)."
            )
        return said
    found = re.search(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", text)
    if found:
        index, axis, size = found.groups()
        return (
            f"it asks for entry {index} along axis {axis}, which has {size} entries, at "
            f"positions 0 to {int(size) - 1}."
        )
    if "too many indices" in text:
        return "it gives an array more positions than it has axes: a row takes one, a table two."
    return None


def attribute_in_words(error):
    """Python's AttributeError in plain words, or None."""
    text, name = str(error), getattr(error, "name", None)
    if not name:
        return None
    if text.startswith("module 'numpy'"):
        close = difflib.get_close_matches(name, dir(np), n=1)
        return f"numpy has no {name}" + (
            f": did you mean np.{close[0]}?" if close else ": check its spelling."
        )
    if text.startswith("'numpy.ndarray'") and hasattr(np, name):
        return f"an array has no method {name}: numpy's function is np.{name}(...)."
    if text.startswith("'list'"):
        return f"a list has no .{name}: make it a numpy array first, np.array(...)."
    if text.startswith("'NoneType'"):
        return f"it asks .{name} of None (nothing): does a function it uses lack its `return`?"
    return None


def in_words(error, line=None):
    """What Python's or numpy's message of ``error`` means, in plain words, without the names of
    the arrays; None if it is not one this module can read."""
    text = str(error)
    if isinstance(error, ValueError):
        return numpy_in_words(text, line)
    if isinstance(error, ImportError):
        return import_in_words(error)
    if isinstance(error, TypeError):
        return type_in_words(text)
    if isinstance(error, IndexError):
        return index_in_words(text, line)
    if isinstance(error, AttributeError):
        return attribute_in_words(error)
    if isinstance(error, ZeroDivisionError):
        return "it divides by 0."
    return None


# What the lessons import, which the series installs (requirements.in, pyproject.toml).
INSTALLED = ["numpy", "matplotlib", "daft", "ipywidgets", "neuron_to_backprop", "IPython"]


def import_in_words(error):
    """An import that failed, in plain words: a module the series does not install (scipy), a
    misspelt one, or a name a module lacks."""
    found = re.search(r"cannot import name '(\w+)' from '([\w.]+)'", str(error))
    if found:
        return f"{found[2]} has no {found[1]}: check its spelling."
    module = (getattr(error, "name", None) or "").split(".")[0]
    if not module:
        return None
    if module in INSTALLED:
        return (
            f"{module} is not installed in the Python this notebook runs on: in Colab, run the "
            "notebook's first cell, which installs the series; elsewhere, open it with make lab."
        )
    close = difflib.get_close_matches(module, INSTALLED, n=1)
    if close:
        return f"there is no module {module}: did you mean {close[0]}?"
    return (
        f"the series does not install {module}: use numpy, which it does (np.exp, np.maximum, "
        "np.where...)."
    )


def daft_in_words(error):
    """daft's error in add_node or add_edge, in plain words, or None."""
    frame, trace = None, error.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if code.co_name in ("add_node", "add_edge") and "daft" in Path(code.co_filename).parts:
            frame = trace.tb_frame
        trace = trace.tb_next
    if frame is None:
        return None
    if isinstance(error, KeyError) and frame.f_code.co_name == "add_edge":
        key = error.args[0] if error.args else None
        nodes = getattr(frame.f_locals.get("self"), "_nodes", {})
        said = (
            "add_edge joins two nodes by the names add_node gave them, and this diagram has no "
            f"node {key!r}. Its nodes are {', '.join(repr(n) for n in nodes) or 'none yet'}."
        )
        if "{" in str(key):
            said += ' Only an f-string, f"x{i}", puts the value of i into a name.'
        return said
    if isinstance(error, TypeError) and re.search(r"not '(tuple|list)'", str(error)):
        return (
            "add_node takes the horizontal position and the height as two numbers, "
            "add_node(name, label, 0, height), not as one pair (0, height)."
        )
    return None


def plain_line_for(error):
    """The sentence to show after IPython's traceback of ``error`` in a learner's cell,
    "In plain words: ...", or None if this module cannot read the error.

    IPython keeps one custom exception handler (set_custom_exc): register_plain_lines installs
    one that calls this, after the handler registered before it; a module that registers its
    own later should call this too, for the exceptions of PLAIN_ERRORS."""
    try:
        said = daft_in_words(error)
        line = learner_line(error)[0]
        if said is None and line and "truth value of an array" in str(error):
            said = f"`{line}` {ambiguous(line)}"
        if said is None and line and isinstance(error, ValueError):
            said = explain_shapes(line, learner_space(error), {})
        if said is None:
            said = in_words(error, line)
            said = f"`{line}`: {said}" if said and line else said
    except Exception:  # a plain line is a bonus: never break the learner's traceback for it
        return None
    return f"In plain words: {said}" if said else None


PLAIN_ERRORS = (
    *(AttributeError, ImportError, IndexError, KeyError, TypeError, ValueError),
    ZeroDivisionError,
)


def register_plain_lines(shell):
    """Make IPython ``shell`` print plain_line_for's sentence after the usual traceback of an
    error of PLAIN_ERRORS. A handler registered before (another module's) keeps showing the
    errors it was registered for."""
    if getattr(shell, "plain_lines_registered", False):
        return
    before = tuple(shell.custom_exceptions)
    previous = shell.CustomTB if before else None

    def show(shell, kind, error, trace, tb_offset=None):
        if previous is not None and issubclass(kind, before):
            previous(kind, error, trace, tb_offset=tb_offset)
        else:
            shell.showtraceback((kind, error, trace), tb_offset=tb_offset)
        said = plain_line_for(error) if issubclass(kind, PLAIN_ERRORS) else None
        if said:
            print(said)

    shell.set_custom_exc(tuple(dict.fromkeys(before + PLAIN_ERRORS)), show)
    shell.plain_lines_registered = True


def ambiguous(line):
    if re.search(r"(?<![\w.])max\(", line):
        return (
            "uses Python's max, which compares a whole array with 0 at once, a question with no "
            "single answer. np.maximum(a, 0) compares each entry with 0."
        )
    if re.search(r"(?<![\w.])min\(", line):
        return "uses Python's min on an array: np.minimum compares entry by entry."
    if re.search(r"\bif\b", line):
        return (
            "asks `if` of a whole array, which has no single answer. np.where(condition, "
            "value_if_true, value_if_false) decides entry by entry."
        )
    return "asks a yes-or-no question of a whole array: use numpy's entry-by-entry functions."


# Shapes, in the lesson's terms ------------------------------------------------------------------


def shape_text(shape):
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def first_wrong_shape(names, shapes):
    """The sentence for the first of the lesson's arrays (in the lesson's order) that has the
    wrong shape, or None."""
    for name, (want, meaning) in shapes.items():
        value = names.get(name)
        if isinstance(value, np.ndarray) and value.shape != want:
            return shape_mistake(name, value.shape, want, meaning)
    return None


def shape_mistake(name, got, want, meaning):
    said = f"{name} has shape {shape_text(got)}, expected {shape_text(want)} ({meaning})."
    if got == want[::-1]:
        said += " Is a transpose missing, or the product the wrong way round?"
    return said


def value_shape(value):
    if isinstance(value, np.ndarray | np.generic | numbers.Number) and not isinstance(value, bool):
        return np.shape(value)
    return None


def matmul_shape(left, right):
    """The shape of left @ right, or None if they do not fit (arrays of up to 2 dimensions)."""
    if not left or not right or len(left) > 2 or len(right) > 2:
        return None
    inner_left, inner_right = left[-1], right[0]
    if inner_left != inner_right:
        return None
    return left[:-1] + right[1:]


def shape_of(node, names):
    """The shape of a simple expression (names, .T, arithmetic, comparisons), or None."""
    if isinstance(node, ast.Name):
        return value_shape(names.get(node.id))
    if isinstance(node, ast.Constant):
        return () if isinstance(node.value, int | float) else None
    if isinstance(node, ast.Attribute) and node.attr == "T":
        inner = shape_of(node.value, names)
        return None if inner is None else inner[::-1]
    if isinstance(node, ast.UnaryOp):
        return shape_of(node.operand, names)
    if isinstance(node, ast.Call) and entry_by_entry(node, names):
        shapes = [shape_of(argument, names) for argument in node.args]
        try:
            return None if None in shapes else np.broadcast_shapes(*shapes)
        except ValueError:
            return None
    if isinstance(node, ast.Call | ast.Subscript | ast.Attribute):
        return evaluated_shape(node, names)
    pair = None
    if isinstance(node, ast.BinOp):
        pair = node.left, node.right
    elif isinstance(node, ast.Compare) and len(node.comparators) == 1:
        pair = node.left, node.comparators[0]
    if pair is None:
        return None
    left, right = (shape_of(side, names) for side in pair)
    if left is None or right is None:
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return matmul_shape(left, right)
    try:
        return np.broadcast_shapes(left, right)
    except ValueError:
        return None


def entry_by_entry(call, names):
    """Is ``call`` one of numpy's entry-by-entry functions (np.exp, np.maximum, ...), or a
    function of one argument that the learner's code was given (f_slope(a))?"""
    if call.keywords or not call.args:
        return False
    function = call.func
    if isinstance(function, ast.Name):
        given = names.get(function.id)
        return isinstance(given, np.ufunc) or (callable(given) and len(call.args) == 1)
    numpy = isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name)
    return (
        numpy and function.value.id == "np" and isinstance(getattr(np, function.attr, 0), np.ufunc)
    )


# numpy's functions and arrays' methods that make a new array from their arguments and change
# nothing else: the checks may compute them again to learn a shape (never np.random's, whose
# state would move on).
PURE_FUNCTIONS = {
    "abs", "append", "array", "asarray", "atleast_2d", "column_stack", "concatenate", "dot",
    "exp", "expand_dims", "full", "full_like", "hstack", "log", "matmul", "maximum", "mean",
    "minimum", "ones", "ones_like", "ravel", "reshape", "row_stack", "sqrt", "square",
    "squeeze", "stack", "sum", "tanh", "transpose", "vstack", "where", "zeros", "zeros_like",
}  # fmt: skip
PURE_METHODS = {
    "astype", "copy", "dot", "flatten", "max", "mean", "min", "ravel", "reshape", "sum",
    "transpose",
}  # fmt: skip


EXPRESSION_PARTS = (
    *(ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Slice, ast.keyword, ast.Load),
    *(ast.BinOp, ast.UnaryOp, ast.Compare, ast.operator, ast.unaryop, ast.cmpop),
    *(ast.List, ast.Tuple),
)


def pure(node, names):
    """Can ``node`` be computed again without changing anything (names, arithmetic, indexing,
    numpy's functions of PURE_FUNCTIONS, arrays' methods of PURE_METHODS)?"""
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            function = part.func
            if not isinstance(function, ast.Attribute):
                return False
            module = isinstance(function.value, ast.Name) and names.get(function.value.id) is np
            owner = function.value
            linalg = (
                isinstance(owner, ast.Attribute)
                and owner.attr == "linalg"
                and isinstance(owner.value, ast.Name)
                and names.get(owner.value.id) is np
            )
            if linalg:
                if function.attr != "norm":
                    return False
            elif function.attr not in (PURE_FUNCTIONS if module else PURE_METHODS):
                return False
        elif not isinstance(part, EXPRESSION_PARTS):
            return False
    return True


def evaluated_shape(node, names):
    """The shape of ``node`` computed again in ``names``, if that changes nothing, else None."""
    if not pure(node, names):
        return None
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = compile(ast.Expression(node), "<shape>", "eval")
            value = eval(code, {"__builtins__": {}}, names)  # noqa: S307 (checked by pure)
    except Exception:  # it fails here too: no shape to tell
        return None
    return value_shape(value)


SYMBOLS = {ast.Mult: "*", ast.Add: "+", ast.Sub: "-", ast.Div: "/"}


def explain_shapes(line, names, shapes, function=None):
    """Which product or sum of ``line`` does not fit, with the shapes of its two sides.
    ``function``, the learner's function that ran ``line``, tells where a side was made."""
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return None
    statement = tree.body[0] if tree.body else None
    target = None
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
        target = statement.targets[0].id
    if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        target = statement.target.id
    for node in reversed(list(ast.walk(tree))):  # inner operations first
        said = None
        if isinstance(node, ast.BinOp):
            said = explain_operation(node, line, names, function)
        elif product_sides(node, names):
            sides = product_sides(node, names)
            left, right = (shape_of(side, names) for side in sides)
            whole = ast.get_source_segment(line, node)
            said = explain_product(whole, *sides, left, right, line, names, function)
        elif isinstance(node, ast.Call):
            said = explain_entry_by_entry(node, line, names)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            own, value = shape_of(node.target, names), shape_of(node.value, names)
            if own is not None and value is not None and own != value:
                said = (
                    f"`{line}` changes {node.target.id}, of shape {shape_text(own)}, by an "
                    f"array of shape {shape_text(value)}: they must have the same shape."
                )
        if said:
            if target in shapes and not (isinstance(node, ast.AugAssign)):
                want, meaning = shapes[target]
                said += f" {target} should have shape {shape_text(want)} ({meaning})."
            return said
    return None


def explain_entry_by_entry(node, line, names):
    """The sentence for numpy's entry-by-entry function (np.maximum, np.where) given arrays whose
    shapes do not fit together, or None."""
    function = node.func
    if not (
        isinstance(function, ast.Attribute)
        and isinstance(function.value, ast.Name)
        and names.get(function.value.id) is np
        and function.attr in ENTRY_BY_ENTRY
        and len(node.args) >= 2
    ):
        return None
    shapes = [shape_of(argument, names) for argument in node.args]
    if None in shapes:
        return None
    try:
        np.broadcast_shapes(*shapes)
        return None
    except ValueError:
        pass
    arrays = " and ".join(shape_text(s) for s in dict.fromkeys(shapes) if s)
    return (
        f"`{ast.get_source_segment(line, node)}`: np.{function.attr} works entry by entry, and "
        f"arrays of shapes {arrays} do not fit together."
    )


def explain_operation(node, line, names, function=None):
    left, right = shape_of(node.left, names), shape_of(node.right, names)
    if left is None or right is None:
        return None
    whole = ast.get_source_segment(line, node)
    if isinstance(node.op, ast.MatMult):
        return explain_product(whole, node.left, node.right, left, right, line, names, function)
    symbol = SYMBOLS.get(type(node.op))
    if symbol is None:
        return None
    try:
        np.broadcast_shapes(left, right)
        return None
    except ValueError:
        pass
    said = (
        f"`{whole}`: {symbol} works entry by entry, and arrays of shapes "
        f"{shape_text(left)} and {shape_text(right)} do not fit together."
    )
    if symbol == "*" and matmul_shape(left, right) is not None:
        said += " For the matrix product, use @."
    return said


def product_sides(node, names):
    """(a, b) if ``node`` is a matrix product written as a call, np.dot(a, b), np.matmul(a, b)
    or a.dot(b); else None."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    function = node.func
    module = isinstance(function.value, ast.Name) and names.get(function.value.id) is np
    if module and function.attr in ("dot", "matmul") and len(node.args) == 2:
        return tuple(node.args)
    if not module and function.attr == "dot" and len(node.args) == 1:
        return function.value, node.args[0]
    return None


def explain_product(whole, left_node, right_node, left, right, line, names=None, function=None):
    """The sentence for a matrix product ``whole`` whose sides do not fit, or None."""
    for node, shape in [(left_node, left), (right_node, right)]:
        if shape == ():  # a single number: @ refuses it
            side = ast.get_source_segment(line, node)
            made = made_by(node, line, names or {}, function)
            if made:
                return f"`{whole}`: `{side}` is one number, made by `{made[0]}`: {made[1]}"
            inner = isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult)
            return (
                f"`{whole}`: `{side}` is one number"
                + (", because @ of two rows adds up their products" if inner else "")
                + ". @ multiplies arrays only: multiply entry by entry with *."
            )
    if left is None or right is None or not 0 < len(left) <= 2 or len(right) > 2:
        return None
    if matmul_shape(left, right) is not None:
        return None
    return f"`{whole}` {product_sentence(left, right)}"


def made_by(node, line, names, function):
    """(the line of ``function``, not ``line``, that made the name ``node`` one number, why) when
    another line made it so (a learner's line that precedence turned into a number), else None."""
    if not isinstance(node, ast.Name) or function is None:
        return None
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return None
    found = None
    for statement in ast.walk(tree):
        targets = getattr(statement, "targets", [getattr(statement, "target", None)])
        if not isinstance(statement, ast.Assign | ast.AugAssign | ast.AnnAssign) or not any(
            isinstance(t, ast.Name) and t.id == node.id for t in targets
        ):
            continue
        text = " ".join(ast.get_source_segment(source, statement).split())
        if text != line and statement.value is not None and shape_of(statement.value, names) == ():
            found = text, statement.value
    if found is None:
        return None
    text, value = found
    for product in ast.walk(value):
        if not (isinstance(product, ast.BinOp) and isinstance(product.op, ast.MatMult)):
            continue
        if shape_of(product, names) != () or shape_of(product.left, names) == ():
            continue
        left, right = ast.unparse(product.left), ast.unparse(product.right)
        if isinstance(product.left, ast.BinOp):  # a / b @ c: same precedence, left to right
            return text, (
                f"Python reads `{ast.unparse(product)}` left to right, as ({left}) @ {right}, "
                "and @ of two rows adds up their products into one number. Put brackets "
                "around what @ should multiply, or leave the @ out."
            )
        return text, f"`{ast.unparse(product)}` of two rows adds up their products into one number."
    return text, "that line should give an array, not one number."


# Results ----------------------------------------------------------------------------------------


def returned(result, name):
    """Wrong if the function ``name`` returned a blank or nothing; else ``result``."""
    if result is Ellipsis:
        raise Wrong(f"{name} still returns `...`: fill in the blank.")
    if result is None:
        raise Wrong(f"{name} returns nothing (None): is the `return` missing?")
    return result


def numbers_of(value, what, verb="is"):
    """``value`` as an array of floats, or Wrong saying why it is not an array of numbers:
    "{what} {verb} a list, ..."."""
    if value is None:
        raise Wrong(f"{what} {verb} nothing (None): is a `return` missing?")
    if value is Ellipsis:
        raise Wrong(f"{what} {verb} still `...`: fill in the blank.")
    if isinstance(value, str):
        raise Wrong(f"{what} is the text {value!r}, not a number: leave out the quotes.")
    if isinstance(value, list | tuple):
        raise Wrong(
            f"{what} {verb} a {type(value).__name__}, not a numpy array: a list comprehension or a "
            "loop builds a list, and later cells compute with whole arrays (relu(X @ w) * 2 "
            "doubles an array but repeats a list). numpy's functions and arithmetic work on a "
            "whole array at once."
        )
    array = np.asarray(value)
    if array.dtype == bool:
        raise Wrong(
            f"{what} {verb} True/False, not numbers: later cells subtract, plot and print these "
            "values. Turn a condition into 1 and 0 with np.where(condition, 1.0, 0.0) or "
            "condition * 1.0."
        )
    if not np.issubdtype(array.dtype, np.number):
        raise Wrong(f"{what} {verb} {value!r}, not a number or an array of numbers.")
    return array.astype(float)


def list_of_numbers(value):
    """A list of numbers as an array (where the lesson itself returns a list); else ``value``."""
    if isinstance(value, list) and all(isinstance(v, numbers.Number) for v in value):
        return np.array(value, dtype=float)
    return value


def first_difference(got, want):
    """The index of the first entry where ``got`` differs from ``want``, or None."""
    wrong = np.argwhere(~np.isclose(got, want, rtol=1e-6, atol=1e-9))
    return tuple(wrong[0]) if len(wrong) else None


def known_mistake(got, mistakes):
    """The diagnosis of the first of ``mistakes`` ((its result, what it means)) that ``got``
    equals, or None."""
    for result, meaning in mistakes:
        if result is None:
            continue
        with np.errstate(all="ignore"):
            if np.shape(result) == np.shape(got) and np.allclose(got, result, equal_nan=True):
                return meaning
    return None


def safely(function, *args):
    """function(*args), or None if it raises (a known mistake that fails on this input)."""
    try:
        with np.errstate(all="ignore"):
            return function(*args)
    except Exception:  # that mistake is not the learner's, then
        return None


def ratio(got, want):
    """k if got is k times want (k not 1), else None."""
    scale = np.vdot(want, want)
    if scale == 0:
        return None
    k = np.vdot(got, want) / scale
    return k if not np.isclose(k, 1) and np.allclose(got, k * want) else None


def names_read(code):
    """([its local names that ``code`` reads], [the global names it reads]), in the order it
    reads them, including in the functions and comprehensions inside it."""
    local, outside = [], []
    for instruction in dis.get_instructions(code):
        value = instruction.argval
        if instruction.opname.startswith("LOAD_FAST") or instruction.opname in (
            "LOAD_CLOSURE",
            "LOAD_DEREF",
        ):
            local += value if isinstance(value, tuple) else [value]
        elif instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            outside.append(value)
    for inner in code.co_consts:
        if isinstance(inner, types.CodeType):
            outside += names_read(inner)[1]
    return local, outside


def ignored_argument(function, name):
    """The sentence for a function that never reads one of its arguments, and reads a name of
    the notebook instead (relu computing with the notebook's x, not with its a), or None."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    local, outside = names_read(code)
    unused = [a for a in code.co_varnames[: code.co_argcount] if a not in local]
    space = getattr(function, "__globals__", {})
    notebook = [n for n in outside if n in space and not isinstance(space[n], types.ModuleType)]
    if not unused or not notebook:
        return None
    return (
        f"it never uses its argument {unused[0]}, and uses {notebook[0]}, a name of the "
        f"notebook, instead. The check gives {name} other values: compute with {unused[0]}."
    )


def capital(sentence):
    return sentence[:1].upper() + sentence[1:]


def number(x):
    return f"{x:g}" if isinstance(x, float | int | np.number) else str(x)


# Functions applied entry by entry: activations, slopes, limits ------------------------------------


def entrywise(name, reference, rule, cases, mistakes=()):
    """The self-check of an entry-by-entry function ``name``: on each case (a number or an array)
    its type, its shape, that it leaves its input alone, and its values against ``reference``,
    naming a known mistake if it is one (``mistakes``: (function, what it means) pairs), else
    ``rule``."""

    def test(function):
        for case in cases:
            given = np.array(case, dtype=float) if isinstance(case, list) else case
            shown = number(given) if np.ndim(given) == 0 else f"an array of shape {given.shape}"
            what = f"{name}({number(given)})" if np.ndim(given) == 0 else f"{name} on {shown}"
            untouched = np.copy(given)
            with np.errstate(all="ignore"):  # a nan or inf is told below, without a warning
                result, _ = call(function, given)
            if not np.array_equal(given, untouched):
                raise Wrong(
                    f"{name} changed the array it was given: later cells still need it. Work on a "
                    "copy, or use numpy's functions, which make a new array."
                )
            got = numbers_of(returned(result, name), what, "gives")
            want = np.asarray(reference(given), dtype=float)
            diagnosis = ignored_argument(function, name) or known_mistake(
                got, [(safely(m, given), meaning) for m, meaning in mistakes]
            )
            if got.shape != want.shape:
                raise Wrong(
                    f"{what} gives shape {shape_text(got.shape)}, expected "
                    f"{shape_text(want.shape)}: one value per entry. " + capital(diagnosis or rule)
                )
            if np.ndim(given) and not isinstance(result, np.ndarray):
                raise Wrong(f"{what} gives {type(result).__name__} {result!r}, not a numpy array.")
            where = first_difference(got, want)
            if where is not None:
                x = given[where] if np.ndim(given) else given
                raise Wrong(
                    f"for {number(float(x))} it gives {number(float(got[where]))}, expected "
                    f"{number(float(want[where]))}: " + (diagnosis or rule)
                )
        return "right for single numbers, a row and a table of several columns."

    test.__name__ = test.__qualname__ = name
    return check(name)(test)


# Arrays first: a list comprehension or a change in place is named better on an array.
ACTIVITIES = [[-3.0, -0.5, 0.0, 0.5, 3.0, 10.0], [[-2.0, 1.5, 0.0], [4.0, -0.25, 7.0]], 19, -2]


def _threshold(a):
    """1 where a > 0, else 0 (also at 0): the threshold, which is also ReLU's slope."""
    return np.where(np.asarray(a) > 0, 1.0, 0.0)


def _threshold_at_zero(a):
    """The threshold with >= where > is meant: 1 at a = 0 too."""
    return np.where(np.asarray(a) >= 0, 1.0, 0.0)


def _max_not_maximum(a):
    return np.max(a, 0)


relu = entrywise(
    "relu",
    lambda a: np.maximum(a, 0),
    "ReLU keeps a positive activity and turns everything else into 0: np.maximum(a, 0).",
    ACTIVITIES,
    [
        (
            _max_not_maximum,
            "with np.max(a, 0) it is the largest entry (along axis 0); "
            "np.maximum(a, 0) compares every entry with 0.",
        ),
        (
            np.abs,
            "that is the size of the activity (its absolute value): a negative "
            "activity must give 0.",
        ),
        (lambda a: a, "it returns the activity unchanged: a negative activity must give 0."),
        (
            _threshold,
            "that is the threshold (1 or 0): ReLU keeps the size of a positive activity.",
        ),
        (
            lambda a: np.minimum(a, 0),
            "that keeps the negative part: np.minimum where np.maximum is meant.",
        ),
    ],
)


threshold = entrywise(
    "threshold",
    _threshold,
    "the threshold is 1 for a positive activity and 0 otherwise (also at 0).",
    ACTIVITIES,
    [
        (
            _threshold_at_zero,
            "at a = 0 the threshold is 0: it fires only for a > 0 (use >, not >=).",
        ),
        (
            lambda a: np.maximum(a, 0),
            "that is ReLU: the threshold answers 1 however large a positive activity is.",
        ),
        (
            np.sign,
            "that is the sign of a (−1 for a negative activity): the threshold is 0 there.",
        ),
        (
            lambda a: np.where(np.asarray(a) > 0, 0.0, 1.0),
            "1 and 0 are swapped: the threshold is 1 where a > 0 and 0 elsewhere.",
        ),
        (
            lambda a: np.where(np.asarray(a) > 0, 1.0, -1.0),
            "a silent neuron gives 0, not −1: the threshold is 0 wherever a is not positive.",
        ),
    ],
)


relu_slope = entrywise(
    "relu_slope",
    _threshold,
    "ReLU's slope is 1 where the activity is positive and 0 elsewhere (0 at a = 0).",
    ACTIVITIES,
    [
        (
            _threshold_at_zero,
            "at a = 0 this series takes the slope to be 0: use >, not >=.",
        ),
        (
            lambda a: np.where(np.asarray(a) > 0, 1.0, np.where(np.asarray(a) == 0, 0.5, 0.0)),
            "0.5 at a = 0 is the central difference, the average of the slopes on either "
            "side: this series takes the slope at 0 to be 0.",
        ),
        (
            lambda a: np.maximum(a, 0),
            "that is ReLU itself, not its slope: the slope is 1 "
            "wherever the activity is positive, however large.",
        ),
        (np.sign, "that is the sign of a: the slope is 0, not −1, for a negative activity."),
        (
            lambda a: np.where(np.asarray(a) > 0, 0.0, 1.0),
            "1 and 0 are swapped: ReLU rises (slope 1) where a > 0 and is flat (slope 0) "
            "elsewhere.",
        ),
        (
            lambda a: np.where(np.asarray(a) > 0, 1.0, -1.0),
            "the slope is 0, not −1, where the activity is negative: ReLU is flat there.",
        ),
        (
            lambda a: np.maximum(a, 0) / a,
            "ReLU(a) / a divides 0 by 0 at a = 0, which gives nan (not a number). Compare a "
            "with 0 instead.",
        ),
    ],
)


sigmoid = entrywise(
    "sigmoid",
    lambda a: 1 / (1 + np.exp(-np.asarray(a, dtype=float))),
    "the sigmoid is 1 / (1 + exp(-a)): 0.5 at a = 0, close to 1 for large a.",
    ACTIVITIES,
    [
        (
            lambda a: 1 / (1 + np.exp(np.asarray(a, dtype=float))),
            "that is the sigmoid of −a, which falls where the sigmoid rises. Check the sign in "
            "the exponent: the sigmoid is 1 / (1 + np.exp(-a)), with 1 on top.",
        ),
        (
            lambda a: 1 / (1 - np.exp(-np.asarray(a, dtype=float))),
            "the denominator has a minus: it is 1 + e^(−a), 1 / (1 + np.exp(-a)).",
        ),
        (
            lambda a: 1 / (1 + 2.718 ** -np.asarray(a, dtype=float)),
            "2.718 is e rounded, which makes every value a little off: np.exp(-a) is exact.",
        ),
        (
            lambda a: 1 / 1 + np.exp(-np.asarray(a, dtype=float)),
            "1 / 1 + np.exp(-a) "
            "divides 1 by 1 first: put the whole denominator in brackets, 1 / (1 + ...).",
        ),
        (np.tanh, "that is tanh, which goes from −1 to 1; the sigmoid goes from 0 to 1."),
    ],
)


error_slope = entrywise(
    "error_slope",
    lambda x: 2 * np.asarray(x, dtype=float),
    "the derivative of x**2 is 2x: it is -8 at x = -4 and 8 at x = 4.",
    [[-4.0, -1.0, 0.0, 0.5, 4.0], [[-3.0, 1.0], [0.25, 6.0]], 4, -4],
    [
        (lambda x: np.square(x), "that is the error itself, x**2, not its slope."),
        (
            lambda x: -2 * np.asarray(x, dtype=float),
            "check the sign: where the curve rises (x > 0) the slope is positive.",
        ),
        (lambda x: x, "the factor 2 is missing: the derivative of x**2 is 2 * x."),
        (lambda x: 2.0, "the slope of x**2 changes with x: 2 is the slope of 2x, not of x**2."),
        (
            lambda x: 2 * np.square(x),
            "the power goes down by one: the slope of x**2 is 2 * x, not 2 * x**2.",
        ),
        (
            lambda x: 2.0 ** np.asarray(x, dtype=float),
            "2 ** x is 2 to the power x: the slope is 2 * x, with one star.",
        ),
    ],
)


learning_rate_limit = entrywise(
    "learning_rate_limit",
    lambda c: 2 / np.asarray(c, dtype=float),
    "on a bowl of curvature λ each step multiplies the distance by 1 - η λ, which "
    "overshoots further at every step once η > 2 / λ (notebook 4: η > 1 for y = x², "
    "whose curvature is 2).",
    [[2.0, 6.0, 0.5, 4.45e6], [[2.0, 8.0], [0.25, 1e3]], 2, 4.45e6],
    [
        (
            lambda c: 1 / np.asarray(c, dtype=float),
            "that is half the limit: on y = x², of "
            "curvature 2, descent converges up to η = 1 (notebook 4).",
        ),
        (
            lambda c: 2 * np.asarray(c, dtype=float),
            "the curvature belongs in the "
            "denominator: the more curved the bowl, the smaller the learning rate must be.",
        ),
        (
            lambda c: 1.0,
            "1 is the limit for y = x² only, whose curvature is 2: the limit "
            "depends on the curvature.",
        ),
        (
            lambda c: np.asarray(c, dtype=float) / 2,
            "that is upside down: divide 2 by the curvature, 2 / curvature.",
        ),
        (
            lambda c: 2 // np.asarray(c, dtype=float),
            "// rounds down to a whole number: divide with /.",
        ),
        (
            lambda c: 2 / np.max(c),
            "that is the limit of the largest curvature alone: give each curvature its own "
            "limit, 2 / curvature.",
        ),
    ],
)


# Notebook 1: the worked example -------------------------------------------------------------------


def a_number(value, name):
    """``value`` as a float, or Wrong saying why it is not one number."""
    if np.ndim(value) != 0 or isinstance(value, str) or value is None or value is Ellipsis:
        numbers_of(value, name)  # says what it is
        raise Wrong(f"{name} is {value!r}: it should be one number.")
    return float(numbers_of(value, name))


@check("activity")
def activity(a, x=(2, 3, 4), w=(1, -1, 5)):
    """Check the worked example's activity.

    A value typed as a number (a = 19) is accepted: it comes from adding the three products that
    the cell prints, which is what the exercise asks; the next cells compute the same with
    x @ w, where typing is no longer possible. Telling a typed 19 from a computed one would mean
    reading the cell's source, and rejecting right spellings such as sum([...]) or np.dot.
    """
    if isinstance(a, list | tuple | np.ndarray) and np.size(a) == len(x):
        shown = ", ".join(number(v) for v in np.ravel(a))
        raise Wrong(f"a is [{shown}], the products one by one: add them up.")
    got, products = a_number(a, "a"), [xi * wi for xi, wi in zip(x, w)]
    expected = float(sum(products))
    sums = [
        (sum(x) + sum(w), "that adds all six numbers: multiply each input by its weight first."),
        (sum(abs(p) for p in products), "w2 is negative: x2 * w2 is −3, which takes away 3."),
        (
            sum(x) * sum(w),
            "that multiplies the sum of the inputs by the sum of the weights: "
            "multiply each input by its own weight, then add the products.",
        ),
        (float(np.prod(products)), "that multiplies the products: the activity adds them."),
        (products[0], "that is only the first product: add all three."),
    ]
    for i, (xi, wi, product) in enumerate(zip(x, w, products), start=1):  # one term wrong
        sums.append(
            (
                expected - product,
                f"that leaves out x{i} * w{i} = {product}: the activity is "
                "x1 * w1 + x2 * w2 + x3 * w3.",
            )
        )
        sums.append(
            (
                expected - product + xi + wi,
                f"that adds x{i} + w{i} where it should multiply: x{i} * w{i}.",
            )
        )
        sums += [
            (
                expected - product + xi * wj,
                f"x{i} is multiplied by w{j}: each input goes with its own weight, x{i} * w{i}.",
            )
            for j, wj in enumerate(w, start=1)
            if j != i
        ]
    if not np.isclose(got, expected):
        diagnosis = next((m for v, m in sums if np.isclose(got, v)), None)
        raise Wrong(
            f"a is {number(got)}, expected {number(expected)}: "
            + (diagnosis or "the activity is x1 * w1 + x2 * w2 + x3 * w3.")
        )
    terms = " + ".join(f"({p})" if p < 0 else str(p) for p in products)
    return f"a = {terms} = {number(expected)}."


@check("silent_below")
def silent_below(value, rest=22, x2=3):
    """Check the weight w2 below which the worked example's neuron is silent: the activity
    rest + x2 * w2 is 0 at w2 = -rest / x2 = -22/3, which no decimal is exactly: a value typed
    rounded (-7.33) is refused, with the advice to let Python compute it."""
    got, expected = a_number(value, "silent_below"), -rest / x2
    mistakes = {
        rest / x2: "check the sign: a positive w2 adds to the activity.",
        -x2 / rest: "that is upside down: solve rest + x2 * w2 = 0 for w2.",
        -rest: "divide by x2: rest + x2 * w2 = 0 gives w2 = -rest / x2.",
        -rest * x2: "divide by x2, do not multiply: rest + x2 * w2 = 0 gives w2 = -rest / x2.",
        float(-rest // x2): "// rounds down to a whole number: divide with /.",
        float(int(-rest / x2)): "that is a whole number, −22/3 without its decimals (as int() "
        "gives). Keep them: w2 = -rest / x2.",
        -(rest - 3) / x2: "that uses the activity 19, which already includes x2 * w2 = −3: the "
        "activity without input 2 is rest = 22.",
    }
    right = np.isclose(got, expected, rtol=0, atol=1e-9)
    if not right and np.isclose(got, expected, rtol=0, atol=0.05):
        raise Wrong(  # -7.3, -7.33, -7.333: typed, rounded
            f"silent_below is {number(got)}, −22/3 rounded: compute it (-rest / x2, or -22 / 3), "
            "do not round."
        )
    if not right:  # a mistake typed to two decimals is still that mistake (7.33 for 22/3)
        diagnosis = next(
            (m for v, m in mistakes.items() if np.isclose(got, v, rtol=0, atol=0.005)), None
        )
        raise Wrong(
            f"silent_below is {number(got)}, expected -22/3 ≈ {expected:.4f}: "
            + (diagnosis or "the activity rest + x2 * w2 is 0 at w2 = -rest / x2.")
        )
    return f"the activity 22 + 3 w2 reaches 0 at w2 = -22/3 ≈ {expected:.2f}."


LESSON_X = ((2, 3, 4), (2, 9, 1), (1, 1, 1), (0, 5, 0))


@check("bias_activities")
def bias_activities(activities, X=LESSON_X, w=(1, -1, 5), b=-10):
    """Check the activities X @ w + b of the lesson's four examples with the bias b = -10."""
    X, w = np.array(X, dtype=float), np.array(w, dtype=float)
    got = numbers_of(list_of_numbers(activities), "activities_with_bias")
    want = X @ w + b
    other_shapes = [
        (
            X * w + b,
            "X * w multiplies entry by entry, so each example keeps its three products. "
            "X @ w adds them up: one activity per example.",
        ),
        (
            np.sum(X * w, axis=0) + b,
            "that adds up each column, one total per input (as np.sum(..., axis=0) or Python's "
            "sum do). Each example's activity adds up its own row: np.sum(X * w, axis=1), or "
            "X @ w.",
        ),
        (
            np.sum(X @ w) + b,
            f"that adds up the activities of all {len(X)} examples into one. Each example keeps "
            "its own: X @ w + b.",
        ),
    ]
    diagnosis = known_mistake(got, other_shapes)
    if got.ndim == 0:
        raise Wrong(
            f"activities_with_bias is one number, {number(float(got))}: "
            + (
                diagnosis
                or f"X has {len(X)} examples (rows), and each gets its own activity. Use X, not x."
            )
        )
    if got.shape != want.shape:
        raise Wrong(
            f"activities_with_bias has shape {got.shape}, expected {want.shape}: "
            + (diagnosis or "one activity per example (row) of X.")
        )
    mistakes = [
        (
            np.maximum(X @ w, 0) + b,
            "that adds b after ReLU: the bias is part of the activity, which comes before ReLU.",
        ),
        (X @ w, "the bias is missing: add b to every activity."),
        (X @ w - b, "that subtracts b: add it (b is −10, so adding it takes 10 away)."),
        (
            np.maximum(X @ w + b, 0),
            "those are the outputs ReLU(a): the activities come before ReLU.",
        ),
        (X @ (w + b), "that adds b to every weight: the bias is added once, to the activity."),
        ((X + b) @ w, "that adds b to every input: the bias is added once, to the activity."),
        (X @ w * b, "that multiplies by b: the bias is added to the activity."),
    ]
    if first_difference(got, want) is not None:
        shown = ", ".join(number(v) for v in got)
        raise Wrong(
            f"activities_with_bias is [{shown}], expected "
            f"[{', '.join(number(v) for v in want)}]: "
            + (known_mistake(got, mistakes) or "each activity is x · w + b, in numpy X @ w + b.")
        )
    return "X @ w + b = [9, -12, -5, -15]: only the worked example stays above 0."


# Notebook 2: a signal sent back through layers ----------------------------------------------------


def _sigmoid_slope(a):
    s = 1 / (1 + np.exp(-a))
    return s * (1 - s)


def chain(widths, seed):
    """(weights, activities, top signal) of a chain of random layers of the given widths."""
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=pair) for pair in zip(widths, widths[1:])]
    y = rng.normal(size=widths[0])
    activities = []
    for w in weights:
        activities.append(y @ w)
        y = np.maximum(activities[-1], 0)
    return weights, activities, rng.choice([-1.0, 1.0], size=widths[-1])


def signal_sizes(f_slope, weights, activities, signal, step):
    sizes = []
    for w, a in zip(weights[::-1], activities[::-1]):
        signal = step(f_slope, w, a, signal)
        sizes.append(np.sqrt(np.mean(signal**2)))
    return np.array(sizes)


def _step(f_slope, w, a, signal):
    return (f_slope(a) * signal) @ w.T


def step_variants(top, top_name="top_signal"):
    """(a wrong step back through a layer, what it means), for a chain whose top signal is
    ``top`` (named ``top_name`` in the learner's function)."""
    slope_after = (
        "the slopes come after the weights: f_slope(a) belongs to this layer, where the signal "
        "arrives, so multiply by it first, then by the weights: (f_slope(a) * signal) @ w.T."
    )
    return [
        (
            lambda f, w, a, s: s @ w.T,
            "the activation's slopes are missing: the signal goes "
            "through f_slope(a) before the transposed weights.",
        ),
        (
            lambda f, w, a, s: f(s) @ w.T,
            "that takes the slope at the signal: the slope belongs to the layer's activity, "
            "f_slope(a).",
        ),
        (lambda f, w, a, s: (f(a) * s) @ w.T * 2, "the signal is twice too large."),
        (
            lambda f, w, a, s: (f(a) * top) @ w.T,
            f"every layer starts again from {top_name}: a layer sends back the signal that the "
            "layer above sent it, signal, which the loop updates.",
        ),
        (lambda f, w, a, s: (s @ w.T) * f(a), slope_after),
        (
            lambda f, w, a, s: (f(a) * s) @ w,
            "that multiplies the signal by w, not by its transpose: going back through a layer "
            "is (f_slope(a) * signal) @ w.T.",
        ),
    ]


# Chains of layers of one width, where every step above runs (on the lesson's chains, of several
# widths, the last three raise): a learner's function that fails there is that mistake if it
# gives the same sizes on these.
SQUARE_CHAINS = [([4, 4, 4, 4], _threshold, 3), ([5, 5, 5], _sigmoid_slope, 4)]


def step_mistake(function):
    """What the learner's step back means, if on SQUARE_CHAINS it gives the sizes of one of
    step_variants; else None."""
    code = getattr(function, "__code__", None)
    top_name = code.co_varnames[3] if code and code.co_argcount > 3 else "top_signal"
    found = None
    for widths, f_slope, seed in SQUARE_CHAINS:
        weights, activities, top = chain(widths, seed)
        with contextlib.redirect_stdout(None):  # the learner's prints, if any, were seen once
            theirs = safely(function, f_slope, weights, activities, top)
        try:
            theirs = np.asarray(list_of_numbers(theirs), dtype=float)
        except (TypeError, ValueError):
            return None
        variants = step_variants(top, top_name)
        sizes = [
            (safely(signal_sizes, f_slope, weights, activities, top, v), m) for v, m in variants
        ]
        meaning = known_mistake(theirs, sizes)
        if meaning is None or found not in (None, meaning):
            return None
        found = meaning
    return found


@check("backward_sizes")
def backward_sizes(function):
    """Check the step back through a layer on chains whose layers have different widths."""
    for widths, f_slope, seed in [([3, 5, 2], _threshold, 1), ([2, 4, 6, 3], _sigmoid_slope, 2)]:
        weights, activities, top = chain(widths, seed)
        try:
            sizes, _ = call(function, f_slope, weights, activities, top)
        except Wrong as shapes:  # a mistake that fits only layers of one width: name it
            raise Wrong(step_mistake(function) or str(shapes)) from None
        what = f"on a chain of widths {widths}, backward_sizes"
        got = numbers_of(list_of_numbers(sizes), what)
        want = signal_sizes(f_slope, weights, activities, top, _step)
        if got.shape != want.shape:
            raise Wrong(f"{what} gives {got.size} sizes, expected {want.size}: one per layer.")
        mistakes = [
            (safely(signal_sizes, f_slope, weights, activities, top, v), m)
            for v, m in step_variants(top)
        ]
        if first_difference(got, want) is not None:
            raise Wrong(
                f"{what} gives sizes {np.round(got, 4).tolist()}, expected "
                f"{np.round(want, 4).tolist()}: "
                + (
                    ignored_argument(function, "backward_sizes")
                    or known_mistake(got, mistakes)
                    or step_mistake(function)
                    or "multiply the signal entry by entry by the "
                    "layer's slopes f_slope(a), then by the transposed weights, w.T."
                )
            )
    return "right on two chains whose layers have different widths, with ReLU and sigmoid."


ABS_INPUTS = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0])


def _weights(value, name, shape, meaning):
    """``value`` as an array of floats of ``shape``, or Wrong saying what is off."""
    array = numbers_of(list_of_numbers(value) if np.ndim(value) < 2 else np.asarray(value), name)
    if array.ndim == 0:
        raise Wrong(
            f"{name} is one number, {number(float(array))}: it is a table of {shape[0]} x "
            f"{shape[1]} weights, {meaning}. Write it as "
            + ("np.array([[..., ...]])." if shape[0] == 1 else "np.array([[...], [...]]).")
        )
    if array.shape != shape:
        raise Wrong(
            f"{name} has shape {array.shape}, expected {shape}: {meaning}. Write it as "
            + ("np.array([[..., ...]])." if shape[0] == 1 else "np.array([[...], [...]]).")
        )
    return array


@check("abs_network")
def abs_network(abs_weights1, abs_weights2):
    """Check two hidden ReLU units whose sum is |x|: ReLU(x W1) W2 = |x| for every x."""
    weights1 = _weights(
        abs_weights1, "abs_weights1", (1, 2), "one row for the one input, one column per unit"
    )
    weights2 = _weights(
        abs_weights2, "abs_weights2", (2, 1), "one row per hidden unit, one column for the output"
    )
    x = ABS_INPUTS.reshape(-1, 1)
    got = (np.maximum(x @ weights1, 0) @ weights2)[:, 0]
    want = np.abs(ABS_INPUTS)
    where = first_difference(got, want)
    if where is None:
        return "ReLU(x W1) W2 = |x|, for negative and positive x."
    negative, positive = ABS_INPUTS < 0, ABS_INPUTS > 0
    units_right = any(np.allclose(weights1, w) for w in ([[1.0, -1.0]], [[-1.0, 1.0]]))
    if np.allclose(got, 0):
        diagnosis = (
            "it gives 0 for every x: "
            + (
                "W1 is 0, so neither unit is ever active. "
                if np.allclose(weights1, 0)
                else "W2 is 0, so the output ignores both units. "
                if np.allclose(weights2, 0)
                else ""
            )
            + "W1 should give one unit x and the other −x, and W2 add the two units."
        )
    else:
        mistakes = [
            (ABS_INPUTS, "that is x itself: the output subtracts one unit. Add the two units."),
            (
                -ABS_INPUTS,
                "that is −x: W2 subtracts the unit that gets x and adds the one that gets −x. "
                "Add both, each with weight 1.",
            ),
            (-want, "that is −|x|: the signs of W2 are the wrong way round."),
            (
                np.where(negative, 0.0, got),
                "it gives 0 for every negative x: "
                + (
                    "the unit that gets −x from W1 (it is active where x < 0) is not added: "
                    "its entry of W2 is 0."
                    if (weights1 < 0).any()
                    else "one unit must get −x from W1 (it is active where x < 0), and W2 "
                    "must add its output."
                ),
            ),
            (
                np.where(positive, 0.0, got),
                "it gives 0 for every positive x: "
                + (
                    "the unit that gets x from W1 (it is active where x > 0) is not added: "
                    "its entry of W2 is 0."
                    if (weights1 > 0).any()
                    else "one unit must get x from W1 (it is active where x > 0), and W2 "
                    "must add its output."
                ),
            ),
        ]
        k = ratio(got, want)
        diagnosis = known_mistake(got, mistakes) or (
            f"that is {number(float(k))} times |x|: W2 weights each unit by {number(float(k))}. "
            "Each should count once, with weight 1."
            if k is not None and units_right and np.allclose(weights2, k)
            else f"that is {number(float(k))} times |x|: scale W2 (or W1) so that the output "
            "is |x|."
            if k is not None
            else "the two units are right, ReLU(x) and ReLU(−x): W2 should add them, each "
            "with weight 1."
            if units_right
            else "one unit should be active only for x > 0, the other only for x < 0, and W2 "
            "should weight them so that the output is |x|."
        )
        if diagnosis.startswith("it gives 0 for every positive x"):  # quote a positive x
            where = first_difference(got[positive], want[positive])
            where = (np.flatnonzero(positive)[where[0]],)
    x_wrong = float(ABS_INPUTS[where])
    raise Wrong(
        f"for x = {number(x_wrong)} the network gives {number(float(got[where]))}, expected "
        f"|x| = {number(float(want[where]))}: " + diagnosis
    )


# Notebook 3: the neuron diagram -------------------------------------------------------------------

INPUT_HEIGHTS = (0.7, 0.0, -0.7)
# The loop's dy for x1, x2, x3: the height of each weight's label above its edge, in cm.
LABEL_HEIGHTS = (0.3, 0.2, -0.45)
DAFT_YOFFSET = 0.1  # daft's yoffset when none is given (and xoffset 0)
REBUILD = "run the cells again from `neuron = daft.PGM(...)`, which starts a new diagram."


def nodes_and_edges(pgm):
    """A daft PGM's nodes ({name: Node, with .content, .x, .y}) and edges ([(start, end, label,
    directed, xoffset, yoffset)]).

    daft-pgm 0.1.4 (pinned in requirements.txt) has no public way to list them: it keeps them in
    the private _nodes (a dict) and _edges (a list of Edge, with .node1, .node2, .label,
    .directed, .xoffset and .yoffset). This is the one place that reads them; tests/test_check.py,
    whose diagrams are drawn with daft itself, fails if a release changes that."""
    edges = [
        (e.node1.name, e.node2.name, e.label, e.directed, e.xoffset, e.yoffset) for e in pgm._edges
    ]
    return pgm._nodes, edges


def input_names(nodes, count):
    """The names of the input nodes: x1, x2, ... as the lesson names them, or the learner's own
    if they are unambiguous, one prefix with the numbers 1 to count (x_1, input1, ...)."""
    lesson = [f"x{i}" for i in range(1, count + 1)]
    if all(name in nodes for name in lesson):
        return lesson
    numbered = [re.fullmatch(r"(.*?)\d+", name) for name in nodes if isinstance(name, str)]
    prefixes = sorted({found[1] for found in numbered if found})
    own = [[f"{prefix}{i}" for i in range(1, count + 1)] for prefix in prefixes]
    own = [names for names in own if all(name in nodes for name in names)]
    return own[0] if len(own) == 1 else lesson


def input_nodes(pgm, heights=INPUT_HEIGHTS):
    """The names of the input nodes (see input_names), or Wrong unless there is one per height,
    at horizontal position 0 and that height, each labelled with its own number."""
    nodes, _ = nodes_and_edges(pgm)
    names = input_names(nodes, len(heights))
    others = [n for n in nodes if n not in ("activity", "output")]
    strays = [n for n in others if n not in names]
    if any("{" in str(n) for n in strays):
        raise Wrong(
            f'a node is named {strays[0]!r}: only an f-string, f"x{{i}}", puts the number '
            "into the name."
        )
    if len(others) == 1 and len(heights) > 1:
        raise Wrong(
            f"there is one input node, {others[0]!r}, not {len(heights)}. Every pass of the "
            "loop gave its node that name, and a node added again under a name replaces the "
            'first. Put i into the name: f"x{i}".'
        )
    for i, (name, height) in enumerate(zip(names, heights), start=1):
        if name not in nodes and not others:
            raise Wrong(
                f"there is no node {name}: fill in the blank of the loop, which adds one input "
                'node per pass, named x1, x2, x3 (f"x{i}").'
            )
        if name not in nodes:
            raise Wrong(
                f'there is no node {name}. Name the input nodes x1, x2, x3 (f"x{{i}}"): this '
                f"diagram's are {', '.join(repr(n) for n in others)}."
            )
        node = nodes[name]
        if node.content == "" and (node.x, node.y) == (0, 0):
            raise Wrong(
                f"{name} has no label and no position: add_node takes the name, then the "
                "label, then the horizontal position and the height."
            )
        if not isinstance(node.content, str):
            raise Wrong(
                f"{name}'s label is {node.content!r}: add_node takes the name, then the label, "
                "then the horizontal position and the height."
            )
        if (node.x, node.y) != (0, height):
            swapped = (node.x, node.y) == (height, 0)
            raise Wrong(
                f"{name} is at horizontal position {node.x:g} and height {node.y:g}; expected "
                f"0 and {height:g}. "
                + (
                    "The horizontal position comes first, then the height."
                    if swapped
                    else "The loop gives each input its height."
                )
            )
        if str(i) not in node.content:
            raise Wrong(
                f"{name} is labelled {node.content!r}: label it with its own number, "
                'rf"$x_{i}$" (an f-string puts i\'s value in).'
            )
    if strays:
        raise Wrong(
            f"the diagram also has a node {strays[0]!r}. Nodes added earlier stay in it: " + REBUILD
        )
    return names


@check("neuron inputs")
def neuron_inputs(pgm, heights=INPUT_HEIGHTS):
    input_nodes(pgm, heights)
    return f"{len(heights)} input nodes, one above the other at horizontal position 0."


@check("neuron diagram")
def neuron_diagram(pgm, heights=INPUT_HEIGHTS, label_heights=LABEL_HEIGHTS):
    """Check the neuron diagram: its nodes, one edge from each input to the activity, and one
    edge from the activity to the output. As the lesson asks, an input's edge is an arrow, and
    its label is its weight in mathtext ($w_1$, $w_{1}$ or $w1$), at yoffset=dy, the loop's
    height (``label_heights``; an input after those, as exercise 1's x4, may have any)."""
    inputs = input_nodes(pgm, heights)
    nodes, edges = nodes_and_edges(pgm)
    for name in ["activity", "output"]:
        if name not in nodes:
            raise Wrong(f"there is no node {name}: run the cell that adds it.")
    pairs = [(start, end) for start, end, *_ in edges]
    expected = [(name, "activity") for name in inputs] + [("activity", "output")]
    missing = [pair for pair in expected if pair not in pairs]
    for start, end in pairs:
        if (end, start) in expected:
            raise Wrong(
                f"the edge between {end} and {start} points from {start} to {end}: "
                "add_edge(start, end) draws the arrow towards its second node, and the inputs "
                "flow into the activity."
            )
        if start in inputs and end == "output":
            raise Wrong(
                f"the edge {start} → output skips the activity: each input feeds the "
                "activity a, which feeds the output."
            )
        if (start, end) not in expected:
            raise Wrong(f"the edge {start} → {end} is not part of this neuron.")
        times = pairs.count((start, end))
        if times > 1 and missing and start in inputs:
            raise Wrong(
                f"the edge {start} → {end} is there {times} times, and there is no edge "
                f"{missing[0][0]} → {missing[0][1]}: every pass of the loop drew the same edge. "
                'Put i into the name: f"x{i}".'
            )
        if times > 1:
            raise Wrong(
                f"the edge {start} → {end} is there {times} times: an edge added again is "
                "drawn again, and daft cannot remove one. Rebuild the diagram: " + REBUILD
            )
    for start, end in missing:
        raise Wrong(
            f"there is no edge {start} → {end}: "
            + (
                'the cell with the loop adds it first, wired.add_edge("activity", "output").'
                if start == "activity"
                else "fill in the blank of the loop, which adds one edge per pass to wired, "
                "from input x_i to the activity."
            )
        )
    labels = {start: label for start, _, label, *_ in edges if start in inputs}
    for (start, _, label, directed, *_), i in [
        (edge, inputs.index(edge[0]) + 1) for edge in edges if edge[0] in inputs
    ]:
        if not label and isinstance(directed, str):
            raise Wrong(
                f"the edge from {start} has no label: add_edge's third argument is not the "
                "label, daft reads it as `directed` (draw an arrow or not). Name it: "
                'label=rf"$w_{i}$".'
            )
        if not label:
            raise Wrong(
                f'the edge from {start} has no label: label=rf"$w_{{i}}$" writes its weight on it.'
            )
        body = re.sub(r"[\s{}_$]", "", str(label))
        if body in (f"x{i}", "xi"):
            raise Wrong(
                f"the edge from {start} is labelled {label!r}: an edge carries its weight, "
                f'$w_{i}$, not its input: label=rf"$w_{{i}}$".'
            )
        if len(set(labels.values())) < len(inputs) or str(i) not in label:
            raise Wrong(
                f"the edge from {start} is labelled {label!r}: each input has its own weight, "
                'w1, w2, w3 (rf"$w_{i}$": an f-string puts i\'s value in).'
            )
        if not re.fullmatch(rf"w{i}(?!\d).*", body):
            raise Wrong(
                f"the edge from {start} is labelled {label!r}: label it with its weight, "
                f'$w_{i}$ (rf"$w_{{i}}$").'
            )
        if not re.fullmatch(r"\s*\$.*\$\s*", str(label)):
            raise Wrong(
                f"the edge from {start} is labelled {label!r}, plain text: put it between dollar "
                f'signs, rf"$w_{{i}}$", and matplotlib writes it as a formula, w with a small {i}.'
            )
        if not directed:
            raise Wrong(
                f"the edge from {start} has no arrowhead (directed=False): the input flows into "
                "the activity, so leave directed out, and daft draws the arrow."
            )
    label_offsets(
        [(edge, label_heights[i]) for edge in edges for i, name in enumerate(inputs)
         if edge[0] == name and i < len(label_heights)]
    )  # fmt: skip
    return (
        f"{len(nodes)} nodes, an edge from each input to the activity and on to the "
        "output, one weight per input."
    )


def label_offsets(edges):
    """Wrong unless each of ``edges`` (an input's edge, the loop's dy for it) has its label
    raised by yoffset=dy, not moved sideways."""
    for (start, *_, xoffset, _), dy in edges:
        if not np.isclose(xoffset, 0):
            raise Wrong(
                f"the edge from {start} has xoffset={number(xoffset)}, which moves its label "
                "sideways: dy is a height, yoffset=dy."
                + (" Leave xoffset out." if not np.isclose(xoffset, dy) else "")
            )
    if not edges:
        return
    given = np.array([float(edge[5]) for edge, _ in edges])
    wanted = np.array([dy for _, dy in edges])
    if np.allclose(given, wanted):
        return
    if np.allclose(given, DAFT_YOFFSET):
        raise Wrong(
            f"the labels are at daft's height, yoffset {DAFT_YOFFSET:g} cm, where they can sit on "
            "their sloping edges: give each its own height from the loop, yoffset=dy."
        )
    k = ratio(given, wanted)
    if k is not None and np.isclose(k, -1):
        raise Wrong(
            "the labels are at -dy, each on the other side of its edge, where they run into the "
            "other edges: yoffset=dy."
        )
    if k is not None:
        raise Wrong(
            f"the labels are at {number(float(k))} times dy ({', '.join(map(number, given))} cm): "
            "dy is already the height in centimetres, yoffset=dy."
        )
    if len(given) > 1 and np.allclose(given, given[0]):
        raise Wrong(
            f"every label is at yoffset {number(float(given[0]))}: give each its own height from "
            "the loop, yoffset=dy."
        )
    for ((start, *_), dy), y in zip(edges, given):
        if not np.isclose(y, dy):
            raise Wrong(
                f"the label of the edge from {start} is at yoffset {number(float(y))}, expected "
                f"{number(dy)}, the loop's dy for it: yoffset=dy."
            )


def _edges(sizes):
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


# (a wrong count_edges, what it means): a learner's count is that mistake if it gives the same
# numbers on every network of EDGE_CASES where both give one.
EDGE_MISTAKES = [
    (
        sum,
        "that counts the nodes: every node of a layer has an edge to every node of the next layer.",
    ),
    (
        lambda sizes: int(np.prod(sizes)),
        "that multiplies all the layers together: a layer connects only to the next one, so "
        "add one product per pair of neighbouring layers.",
    ),
    (
        lambda sizes: sum(a + b for a, b in zip(sizes, sizes[1:])),
        "that adds the sizes of neighbouring layers: each of the a nodes of one connects to "
        "each of the b nodes of the next, a * b edges.",
    ),
    (lambda sizes: len(sizes) - 1, "that counts the layers of edges, not the edges."),
    (
        lambda sizes: sizes[0] * sizes[1],
        "that counts only the edges between the first two layers: add one product per pair of "
        "neighbouring layers. (Is the `return` inside the loop?)",
    ),
    (
        lambda sizes: sizes[-2] * sizes[-1],
        "that counts only the last two layers' edges: each pass replaces the count instead "
        "of adding to it. Add with +=.",
    ),
    (
        lambda sizes: sizes[0] * sizes[1] + sizes[1] * sizes[2],
        "that adds the first two pairs only, as if every network had three layers: add one "
        "product per pair of neighbouring layers.",
    ),
    (
        lambda sizes: sum(a * a for a in sizes),
        "that multiplies each layer by itself: pair each layer with the next one, "
        "zip(sizes, sizes[1:]).",
    ),
    (
        lambda sizes: 100100,
        "100100 is the count of the lesson's network: count_edges must work it out from the "
        "sizes it is given.",
    ),
]
EDGE_CASES = [[4, 5, 3, 1], [3, 2, 1], [2, 2], [1000, 100, 1]]


@check("count_edges")
def count_edges(function):
    """Check the number of edges (weights) of fully connected networks of several shapes."""
    for sizes in EDGE_CASES:
        given = list(sizes)
        result, _ = call(function, given)
        if given != sizes:
            raise Wrong("count_edges changed the list of layer sizes it was given.")
        result = returned(result, "count_edges")
        pairs = [a * b for a, b in zip(sizes, sizes[1:])]
        if isinstance(result, list | tuple | np.ndarray) and np.ndim(result) == 1:
            shown = "[" + ", ".join(number(v) for v in result) + "]"
            per_pair = len(result) == len(pairs) and not any(
                differ(r, p) is not False for r, p in zip(result, pairs)
            )
            raise Wrong(
                f"count_edges({sizes}) gives {shown}, "
                + (
                    "the edges between each pair of neighbouring layers: add them up into one "
                    "number, with sum(...)."
                    if per_pair
                    else "not one number: the count of all the network's edges is one number."
                )
            )
        got = a_number(result, f"count_edges({sizes})")
        want = _edges(sizes)
        if got != want:
            raise Wrong(
                f"count_edges({sizes}) gives {number(got)}, expected {want}: "
                + (
                    ignored_argument(function, "count_edges")
                    or edge_mistake(function, sizes, got)
                    or "one edge for every pair of nodes in neighbouring layers."
                )
            )
    return "right for 4 networks, from [2, 2] to [1000, 100, 1]."


def edge_mistake(function, sizes, got):
    """What the first of EDGE_MISTAKES that gives ``got`` on ``sizes``, and the learner's
    numbers on the other networks, means; or None."""
    with contextlib.redirect_stdout(None):  # the learner's prints, if any, were seen once
        theirs = [safely(function, list(other)) for other in EDGE_CASES]
    for mistake, meaning in EDGE_MISTAKES:
        if safely(mistake, sizes) != got:
            continue
        ours = [safely(mistake, other) for other in EDGE_CASES]
        if not any(differ(a, b) for a, b in zip(theirs, ours)):
            return meaning
    return None


def differ(a, b):
    """True or False if a and b are numbers that differ or not; None if either is not one."""
    try:
        return not np.isclose(float(a), float(b))
    except (TypeError, ValueError):
        return None


# Notebooks 4 to 6: what the learner's code does, read from the code itself ----------------------


def blank_left(function):
    """Does ``function`` still hold a line that is only `...`, an exercise's blank? (Python drops
    such a line from the compiled code, so the lines are read from its source, as the
    tracebacks are.)"""
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    last = max((line for *_, line in code.co_lines() if line), default=code.co_firstlineno)
    lines = (linecache.getline(code.co_filename, n) for n in range(code.co_firstlineno, last + 1))
    return any(line.split("#")[0].strip() == "..." for line in lines)


def jumps_back(code):
    """Does ``code``, or a function or comprehension inside it, jump back? Every for loop, while
    loop and comprehension does, in every Python version the series runs on."""
    for instruction in dis.get_instructions(code):
        jump = instruction.opcode in dis.hasjrel or instruction.opcode in dis.hasjabs
        if (
            jump
            and isinstance(instruction.argval, int)
            and instruction.argval <= instruction.offset
        ):
            return True
    return any(jumps_back(inner) for inner in code.co_consts if isinstance(inner, types.CodeType))


def repeats(function):
    """How ``function`` takes steps one by one ("it calls descend", "a loop", ...), or None."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    if "descend" in code.co_names:
        return "it calls descend"
    if function.__name__ in code.co_names:
        return "it calls itself, once per step"
    if "range" in code.co_names:
        return "it uses range"
    return "a loop" if jumps_back(code) else None


def outside_name(error, function):
    """The sentence for a function that changes a name it was not given (train changing the
    notebook's initial_weights1): Python then takes that name for one of the function's own,
    which has no value yet, and says "cannot access local variable"; else None."""
    found = re.search(r"local variable '(\w+)'", str(error))
    if not isinstance(error, UnboundLocalError) or not found:
        return None
    name, (line, names) = found[1], learner_line(error)
    quoted = f"`{line}`" if line else "your code"
    own = function.__name__
    if name not in getattr(function, "__globals__", {}):
        return f"{quoted} uses {name} before {own} gives it a value: compute it on a line above."
    arrays = [n for n, value in names.items() if isinstance(value, np.ndarray)]
    close = difflib.get_close_matches(name, arrays, n=1)
    return f"{quoted} changes {name}, a name of the notebook, which {own} does not work on: " + (
        f"change {close[0]}, {own}'s own copy." if close else f"change {own}'s own names."
    )


def ones_like_of(node, names):
    """(a, a's shape) if ``node`` is np.ones_like(a) of a table a, else None."""
    function = node.func if isinstance(node, ast.Call) else None
    called = getattr(function, "attr", getattr(function, "id", None))
    if called != "ones_like" or len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
        return None
    shape = np.shape(names.get(node.args[0].id))
    return (node.args[0].id, shape) if len(shape) == 2 else None


def ones_hint(error):
    """One more sentence when a matrix product that failed is made with np.ones_like(a): as one
    side, that array of ones has the shape of a, where a sum over the examples needs one row of
    ones; as a bias's column beside the inputs, it has one column per column of a. Else ''."""
    line, names = learner_line(error)
    if not isinstance(error, ValueError) or not line:
        return ""
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return ""
    products = [n for n in ast.walk(tree) if isinstance(n, ast.BinOp)]
    sides = [s for n in products if isinstance(n.op, ast.MatMult) for s in (n.left, n.right)]
    for side in sides:
        found = ones_like_of(side, names)
        if found:
            name, (rows, _) = found
            return (
                f"np.ones_like({name}) has the shape of {name}, {shape_text(found[1])}. To add "
                f"up the rows, multiply by one row of ones: np.ones((1, {rows})) @ {name}."
            )
        inside = [f for f in (ones_like_of(n, names) for n in ast.walk(side)) if f]
        if inside and inside[0][1][1] > 1:
            name, (rows, columns) = inside[0]
            return (
                f"np.ones_like({name}) has the shape of {name}, {shape_text((rows, columns))}: "
                f"{columns} columns of ones, where a bias needs one. Make a single column: "
                f"np.ones(({name}.shape[0], 1))."
            )
    return ""


def run_learner(function, *args, shapes=None, setting="", readers=()):
    """call, with the mistakes of notebooks 4 to 6 that an error's own words hide named better:
    ``readers`` (error, function) -> sentence or None are asked first, then outside_name; a
    product that fails on np.ones_like gets ones_hint's sentence."""
    try:
        return call(function, *args, shapes=shapes, setting=setting)
    except Wrong as wrong:
        error = wrong.__context__  # what the learner's code raised, which call put in words
        if not isinstance(error, Exception) or first_wrong_shape(
            learner_line(error)[1], shapes or {}
        ):
            raise
        for reader in (*readers, outside_name):
            said = reader(error, function)
            if said:
                raise Wrong(setting + said) from None
        hint = ones_hint(error)
        if hint:
            raise Wrong(f"{wrong} {hint}") from None
        raise


def notebook_data(function):
    """[(name, value)] of the notebook's numbers and arrays that ``function`` reads (not its
    functions or modules), in the order it first reads them: the lesson's initial_weights1 where
    its argument weights1 is meant, notebook 4's grid x where the current weight is meant."""
    code = getattr(function, "__code__", None)
    if code is None:
        return []
    space = getattr(function, "__globals__", {})
    found = {}
    for name in names_read(code)[1]:
        value = space.get(name)
        if isinstance(value, np.ndarray | numbers.Number) and not isinstance(value, bool):
            found.setdefault(name, value)
    return list(found.items())


def holds(value):
    """What a notebook's number or array is, in a few words: "an array of 161 numbers"."""
    if np.ndim(value) == 0:
        return f"the number {number(value)}"
    if np.ndim(value) == 1:
        return f"an array of {np.size(value)} numbers"
    return f"an array of shape {shape_text(np.shape(value))}"


def notebook_name(function):
    """The sentence for a function that computes with one of the notebook's arrays where one of
    its arguments is meant (forward with initial_weights1, not weights1), or None."""
    data = notebook_data(function)
    if not data:
        return None
    code = function.__code__
    local = names_read(code)[0]
    unused = [a for a in code.co_varnames[: code.co_argcount] if a not in local]
    name, value = data[0]
    own = function.__name__
    if not unused:
        return (
            f"{own} uses {name}, a name of the notebook ({holds(value)}): compute only with its "
            "arguments, which the check gives other values."
        )
    argument = difflib.get_close_matches(name, unused, n=1, cutoff=0)[0]
    return (
        f"{own} uses {name}, a name of the notebook, not its argument {argument}: the check "
        f"gives {argument} other values, so compute with {argument}."
    )


# Notebook 4: gradient descent on y = x**2 -------------------------------------------------------


# descend is checked on the lesson's own error, y = x**2, with the right slope 2x put in place of
# the notebook's error_slope while it runs: a wrong error_slope is then not blamed on descend (its
# own check says what is wrong with it), and every expected path can be worked out by hand, each
# step multiplying the weight by 1 - 2 * learning_rate. The lesson's descend is descent on
# y = x**2 (its exercise 3 takes y = 3x**2 on paper: "descend uses error_slope, which is 2x"), so
# a step that writes the slope 2x itself, or the factor (1 - 2 * learning_rate) * path[-1] of the
# lesson's text, is right too.


def _error_slope(x):
    return 2.0 * x  # on a list (path instead of path[-1]) this raises, as the learner's would


def walk(x0, learning_rate, steps, step):
    path = [x0]
    for _ in range(steps):
        path.append(step(path, x0, learning_rate))
    return np.array(path)


# The first learning rate tells every mistake below from the others (at 0.25, appending the step
# alone, 2 * 0.25 * x, gives the right path); none is the lesson's 0.1, which a learner may type.
DESCENTS = [(4.0, 0.3, 3), (-3.0, 0.25, 4), (1.0, 1.05, 2)]


def whole_path(error, function):
    """The sentence for a step computed with path, the whole list, where path[-1] is meant."""
    line, names = learner_line(error)
    lists = [n for n, value in names.items() if isinstance(value, list)]
    if not isinstance(error, TypeError) or not line or not lists:
        return None
    try:
        used = {node.id for node in ast.walk(ast.parse(line)) if isinstance(node, ast.Name)}
    except SyntaxError:
        return None
    alone = [n for n in lists if n in used and not re.search(rf"\b{n}\s*\[", line)]
    if not alone:
        return None
    return (
        f"`{line}` computes with {alone[0]}, the list of every weight so far: a step starts "
        f"from the last weight, {alone[0]}[-1]."
    )


def path_replaced(error, function):
    """The sentence for `path = path[-1] - ...`, which makes path one number, so that the next
    pass fails at path[-1]."""
    line = learner_line(error)[0] or ""
    found = re.match(r"(\w+)\s*=[^=].*\b\1\s*\[", line)
    if not isinstance(error, TypeError) or "not subscriptable" not in str(error) or not found:
        return None
    name = found[1]
    return (
        f"`{line}` replaces the list {name} by one number, so the next pass cannot take "
        f"{name}[-1]: append the new weight instead, {name}.append(...)."
    )


def descend_name(error, function):
    """The sentence for a step computed with a number or array of the notebook (its grid x),
    where the current weight, path[-1], is meant; or None. ``error`` is not read: a reader of
    run_learner, also asked about a wrong path."""
    data = notebook_data(function)
    if not data:
        return None
    name, value = data[0]
    return (
        f"descend uses {name}, a name of the notebook ({holds(value)}), not the current weight, "
        "path[-1]: each step starts from the last weight and takes the slope there."
    )


def path_length(what, got, want, x0, function):
    """The sentence for a path of the wrong length."""
    if got.ndim == 0:
        return (
            f"{what} returns one number, {number(float(got))}, not the path: keep path a list, "
            "and append each new weight to it, path.append(...)."
        )
    if got.shape == (1,) and blank_left(function):
        return (
            f"{what} returns only the start, {got.tolist()}: fill in the blank in the loop: "
            "each pass appends the next weight to path."
        )
    if got.shape == (1,) and got[0] != x0:
        return (
            f"{what} returns one weight, {np.round(got, 4).tolist()}, not the start and one per "
            "step: each pass overwrites the weight in path instead of appending a new one. Use "
            "path.append(...)."
        )
    if got.shape == (1,):
        return (
            f"{what} returns only the start, {got.tolist()}: the loop adds nothing to path. "
            "Append each next weight with path.append(...)."
        )
    return f"{what} returns {got.size} weights, expected {want.size}: the start, then one per step."


@check("descend")
def descend(function):
    """Check descend on y = x**2 with a right error_slope put in its place, so that a wrong
    error_slope is not blamed on descend; then say if the notebook's own error_slope is still
    wrong."""
    for x0, learning_rate, steps in DESCENTS:
        what = f"descend({x0}, {learning_rate}, {steps})"
        with replaced(function, error_slope=_error_slope):
            path, _ = run_learner(
                function,
                x0,
                learning_rate,
                steps,
                readers=[whole_path, path_replaced, descend_name],
            )
        got = numbers_of(returned(path, "descend"), what)
        want = walk(x0, learning_rate, steps, lambda p, x, r: p[-1] - r * 2 * p[-1])
        if (got.shape != want.shape or first_difference(got, want) is not None) and (
            descend_name(None, function)
        ):
            raise Wrong(descend_name(None, function))
        if got.shape != want.shape:
            raise Wrong(path_length(what, got, want, x0, function))
        if first_difference(got, want) is None:
            continue
        mistakes = [
            (
                walk(x0, 0.1, steps, lambda p, x, r: p[-1] - 0.1 * 2 * p[-1]),
                "it walks as if the "
                "learning rate were 0.1: use the argument learning_rate, not a number.",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: p[-1] + r * 2 * p[-1]),
                "the weight moves up the slope: subtract the step, x - learning_rate * slope.",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: x - r * 2 * x),
                "every step starts from x0: start each from the last weight, path[-1].",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: x - r * 2 * p[-1]),
                "every step starts from the start, path[0] (x0), instead of the last weight, "
                "path[-1].",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: p[-1] - r * 2 * x),
                "every step uses the slope at x0: take the slope at the last weight, "
                "error_slope(path[-1]).",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: p[-1] - r * 4 * p[-1]),
                "every step is twice too long: error_slope(path[-1]) is already 2x, so multiply "
                "it by learning_rate alone.",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: p[-1] - r * p[-1]),
                "the step uses the weight instead of its slope, error_slope(path[-1]).",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: p[-1] - r * p[-1] ** 2),
                "the step uses the error instead of its slope, error_slope(path[-1]).",
            ),
            (
                walk(x0, learning_rate, steps, lambda p, x, r: r * 2 * p[-1]),
                "that appends the step alone: the new weight is the last one minus the step.",
            ),
        ]
        factor = f"1 - 2 * {learning_rate} = {number(1 - 2 * learning_rate)}"
        raise Wrong(
            f"{what} gives {np.round(got, 4).tolist()}, expected {np.round(want, 4).tolist()} "
            f"(on y = x², each step multiplies the weight by {factor}): "
            + (known_mistake(got, mistakes) or "each step is x - learning_rate * slope.")
        )
    slope = getattr(function, "__globals__", {}).get("error_slope")
    calls_it = "error_slope" in getattr(getattr(function, "__code__", None), "co_names", ())
    if slope is not None and calls_it:
        try:
            right = np.allclose(slope(np.array([-4.0, 0.5, 3.0])), [-8.0, 1.0, 6.0])
        except Exception:  # a broken error_slope: its own check says why
            right = False
        if not right:
            raise Wrong(
                "descend itself is right, but the error_slope it calls is not yet: see the "
                "check of error_slope above."
            )
    return "each step moves the weight against its slope, at other learning rates too."


@check("weight_after")
def weight_after(function):
    """Check the closed form of descent on y = x**2 against the descent itself."""
    how = repeats(function)
    if how:
        raise Wrong(
            f"weight_after takes the steps one by one ({how}): write the weight after steps "
            "steps directly, x0 times the factor (1 - 2 * learning_rate) to the power steps."
        )
    cases = [(4.0, 0.1, 15), (-3.0, 0.25, 4), (2.0, 0.75, 3), (np.array([1.0, -2.0]), 0.3, 5)]
    for x0, learning_rate, steps in cases:
        what = f"weight_after({number(x0) if np.ndim(x0) == 0 else x0.tolist()}, " + (
            f"{learning_rate}, {steps})"
        )
        with np.errstate(all="ignore"):  # a nan is told below, without numpy's warning
            result, _ = run_learner(function, x0, learning_rate, steps)
        got = numbers_of(returned(result, "weight_after"), what)
        want = np.asarray(x0 * (1 - 2 * learning_rate) ** steps)
        factor = 1 - 2 * learning_rate
        wrong = got.shape != want.shape or first_difference(got, want) is not None
        data = notebook_data(function)
        if wrong and data:
            name, value = data[0]
            raise Wrong(
                f"weight_after uses {name}, a name of the notebook ({holds(value)}): compute the "
                "weight from its arguments alone, x0, learning_rate and steps."
            )
        if wrong and factor < 0 and np.isnan(got).any():
            uses_log = "log" in getattr(getattr(function, "__code__", None), "co_names", ())
            raise Wrong(
                f"{what} gives nan, expected {np.round(want, 6).tolist()}: here the factor "
                f"1 - 2 * learning_rate is {number(factor)}, negative, "
                + (
                    "and a negative number has no logarithm (np.log gives nan). Going through "
                    "exp and log is right only for learning rates below 0.5: "
                    if uses_log
                    else "and your way of raising it to the power steps gives nan for it: "
                )
                + "write the power itself, (1 - 2 * learning_rate) ** steps."
            )
        mistakes = [
            (
                x0 * factor * steps,
                "each step multiplies by the factor again: after k steps "
                "that is the factor to the power k, factor ** steps.",
            ),
            (
                np.full_like(want, factor**steps),
                "the start x0 is missing: the factors shrink the starting weight.",
            ),
            (
                x0 * (1 - learning_rate) ** steps,
                "on y = x**2 the slope is 2x, so one step "
                "multiplies the weight by 1 - 2 * learning_rate.",
            ),
            (x0 * factor ** (steps + 1), "one factor too many: steps steps, steps factors."),
            (x0 * factor ** (steps - 1), "one factor too few: steps steps, steps factors."),
            (
                x0 * 0.8**steps,
                "0.8 is the factor for a learning rate of 0.1 only: use the "
                "argument learning_rate.",
            ),
            (
                x0 - steps * learning_rate * 2 * x0,
                "the steps shrink as the weight does: each "
                "takes the same fraction of what is left, so the factors multiply.",
            ),
            (
                x0 * (1 - 2 * learning_rate**steps),
                "** comes before * and -, so only learning_rate is raised to the power: put the "
                "factor in brackets, (1 - 2 * learning_rate) ** steps.",
            ),
            (
                (x0 * factor) ** steps,
                "the power takes x0 too: only the factor repeats, x0 * (1 - 2 * learning_rate) "
                "** steps.",
            ),
            (
                x0 * factor**15,
                "it always takes 15 steps, the lesson's number: write the argument steps in "
                "place of 15.",
            ),
            (
                4.0 * factor**steps,
                "it always starts from 4, the lesson's start: write the argument x0 in place of 4.",
            ),
        ]
        if got.shape != want.shape or first_difference(got, want) is not None:
            shown = np.round(got, 6).tolist() if got.shape == want.shape else got.tolist()
            raise Wrong(
                f"{what} gives {shown}, expected {np.round(want, 6).tolist()}: "
                + (
                    known_mistake(got, mistakes)
                    or "one step multiplies the weight by 1 - 2 * learning_rate."
                )
            )
    return "right for several starts, learning rates and numbers of steps, without a loop."


# Notebook 5: the two-layer network -------------------------------------------------------------


def network(examples, inputs, hidden, outputs, seed):
    """(inputs, targets, weights1, weights2) of a random problem of that size."""
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((examples, inputs)),
        rng.standard_normal((examples, outputs)),
        rng.standard_normal((inputs, hidden)) * np.sqrt(2 / inputs),
        rng.standard_normal((hidden, outputs)) * np.sqrt(2 / hidden),
    )


def _forward(inputs, weights1, weights2, bias1=0.0, bias2=0.0):
    """The forward pass of notebook 5's network, or with biases, of notebook 6's."""
    activations = inputs @ weights1 + bias1
    relu_activations = np.maximum(activations, 0)
    return activations, relu_activations, relu_activations @ weights2 + bias2


def _gradients(
    inputs, targets, weights2, activations, relu_activations, predictions, with_biases=False
):
    """Every array of the backward pass, by name, in the order the lesson makes them: notebook
    5's (the loss is the sum of squared errors), or with biases notebook 6's (the mean, and the
    biases' gradients, summed over the batch)."""
    dp = 2.0 * (predictions - targets) / (len(targets) if with_biases else 1)
    dh = dp @ weights2.T
    dz = dh * (activations > 0)
    gradients = {"dloss_predictions": dp, "dloss_weights2": relu_activations.T @ dp}
    if with_biases:
        gradients["dloss_bias2"] = dp.sum(axis=0, keepdims=True)
    gradients |= {"dloss_relu_activations": dh, "dloss_activations": dz}
    gradients["dloss_weights1"] = inputs.T @ dz
    if with_biases:
        gradients["dloss_bias1"] = dz.sum(axis=0, keepdims=True)
    return gradients


def _backward(inputs, targets, weights2, activations, relu_activations, predictions):
    """Notebook 5's backward: the gradients of weights1 and weights2."""
    gradients = _gradients(inputs, targets, weights2, activations, relu_activations, predictions)
    return gradients["dloss_weights1"], gradients["dloss_weights2"]


def network_shapes(examples, inputs, hidden, outputs):
    """The lesson's arrays: name -> (shape, what it holds), in the order the lesson makes them."""
    batch, middle, out = (
        (examples, hidden),
        "one row per example, one column per hidden neuron",
        (
            examples,
            outputs,
        ),
    )
    return {
        "activations": (batch, middle),
        "relu_activations": (batch, middle),
        "predictions": (out, "one row per example, one column per output"),
        "dloss_predictions": (out, "the shape of predictions"),
        "dloss_weights2": ((hidden, outputs), "the shape of weights2"),
        "dloss_relu_activations": (batch, "the shape of relu_activations"),
        "dloss_activations": (batch, "the shape of activations"),
        "dloss_weights1": ((inputs, hidden), "the shape of weights1"),
        "weights1": ((inputs, hidden), "its shape must not change"),
        "weights2": ((hidden, outputs), "its shape must not change"),
    }


# The lesson's sizes (128 examples, 1000 inputs, 100 hidden neurons) with 1 output, then with 3:
# with one output some mistakes (* for @) give the right numbers by luck.
PROBLEMS = [((128, 1000, 100, 1), ""), ((128, 1000, 100, 3), "With 3 outputs per example: ")]


def compare_arrays(
    names,
    reference,
    shapes,
    mistakes,
    setting,
    fallback="see the table of the forward and backward pass.",
    first=None,
):
    """Wrong for the first of the lesson's arrays in ``names`` (in the lesson's order) whose
    shape or values differ from ``reference``. ``first``, if given, is the sentence for any
    such array (a name of the notebook used in place of an argument); else a known mistake, or
    a clean multiple of the right values; else ``fallback``: a function (name, got, want) ->
    sentence, or where to compare, said after how_it_differs's description."""
    for name, want in reference.items():
        if name not in names:
            continue
        got = numbers_of(names[name], name)
        right = got.shape == want.shape and np.allclose(
            got, want, rtol=1e-6, atol=1e-9 * np.abs(want).max()
        )
        if not right and first:
            raise Wrong(setting + first)
        if got.shape != want.shape:
            raise Wrong(setting + shape_mistake(name, got.shape, want.shape, shapes[name][1]))
        if not right:
            known = known_mistake(got, mistakes.get(name, []))
            last = (
                fallback(name, got, want)
                if callable(fallback)
                else how_it_differs(name, got, want, fallback)
            )
            raise Wrong(
                setting
                + f"{name} has the right shape but wrong values: "
                + (known or times_the_right_one(ratio(got, want)) or last)
            )


def times_the_right_one(k):
    """What an array k times the right one (k from ratio, or None) probably lacks, or None when
    k is no clean factor (a whole number, or 1 over one): an array that only happens to lie
    along the right one is told by how_it_differs instead."""
    if k is None:
        return None
    if np.isclose(k, 0.5):
        return "it is half the right one: a factor 2 is missing."
    if np.isclose(k, 2):
        return "it is twice the right one: there is a factor 2 too many."
    if np.isclose(k, -1):
        return "it is the right one with the opposite sign: check the order of a subtraction."
    if np.isclose(k, 0, atol=1e-12):
        return "it is 0 everywhere."
    whole, parts = round(k), round(1 / k)
    if whole and abs(whole) <= 1000 and np.isclose(k, whole):
        return f"it is {whole} times the right one."
    if abs(parts) >= 2 and np.isclose(1 / k, parts):
        return f"it is {'-' if parts < 0 else ''}1/{abs(parts)} of the right one."
    return None


def how_it_differs(name, got, want, where):
    """How ``got`` differs from ``want``, of the same shape, when no known mistake says why: by
    the same amount everywhere, by the same row in every example, or else where it first
    differs; then ``where`` to compare it."""
    difference = got - want
    scale = np.abs(want).max() or 1.0
    if np.allclose(difference, difference.flat[0], rtol=0, atol=1e-6 * scale):
        c = float(difference.flat[0])
        return (
            f"it is off by {c:+.4g} everywhere: something "
            + (f"adds {c:.4g} to" if c > 0 else f"subtracts {-c:.4g} from")
            + " every entry."
        )
    if (
        got.ndim == 2
        and len(got) > 1
        and np.allclose(difference, difference[:1], atol=1e-6 * scale)
    ):
        return (
            "every example's row is off by the same amounts: something adds a row, the same "
            "for every example, to it."
        )
    wrong = np.argwhere(~np.isclose(got, want, rtol=1e-6, atol=1e-9 * scale))
    index = tuple(int(i) for i in wrong[0])
    return (
        f"{len(wrong)} of its {got.size} entries differ, the first {name}"
        f"[{', '.join(map(str, index))}]: {got[index]:.4g}, expected {want[index]:.4g}. "
        + capital(where)
    )


def notebook_name_reader(error, function):
    """run_learner's reader for an error of a function that computes with a name of the
    notebook in place of one of its arguments."""
    return notebook_name(function)


PASSES = ["activations", "relu_activations", "predictions"]


def named_arrays(result, function_name, array_names, names):
    """Add the arrays a learner's function returned to names, under array_names; a plain error
    if it returned something else."""
    returned(result, function_name)
    if not isinstance(result, tuple | list) or len(result) != len(array_names):
        count = {2: "two", 3: "three", 4: "four"}[len(array_names)]
        raise Wrong(
            f"{function_name} should return {count} arrays: {', '.join(array_names)}; it "
            f"returns {type(result).__name__} {str(result)[:40]}."
        )
    names.update(zip(array_names, result))


@check("forward")
def forward(function):
    """Check the forward pass on fresh problems of the lesson's size, with 1 and 3 outputs."""
    for (examples, inputs, hidden, outputs), setting in PROBLEMS:
        x, _, w1, w2 = network(examples, inputs, hidden, outputs, seed=12)
        shapes = network_shapes(examples, inputs, hidden, outputs)
        result, names = run_learner(
            function, x, w1, w2, shapes=shapes, setting=setting, readers=[notebook_name_reader]
        )
        named_arrays(result, "forward", PASSES, names)
        z, h, p = _forward(x, w1, w2)
        mistakes = {
            "predictions": [
                (
                    z @ w2,
                    "it uses activations, before ReLU: the output layer takes "
                    "the hidden outputs, relu_activations.",
                ),
                (np.maximum(p, 0), NO_OUTPUT_RELU.format("H W2")),
            ],
            "activations": [(h, "activations are the values before ReLU.")],
        }
        reference = {"activations": z, "relu_activations": h, "predictions": p}
        compare_arrays(names, reference, shapes, mistakes, setting, first=notebook_name(function))
    return "right shapes and values on new problems of the lesson's size, with 1 and 3 outputs."


NO_OUTPUT_RELU = "the output layer has no ReLU, so that a prediction can be negative: Y_hat = {}."


def exercise_3(examples):
    """What a gradient 1/examples of the right one is: notebook 5's exercise 3, done in place."""
    return (
        f"it is 1/{examples} of the right one, the gradient of the mean over the {examples} "
        "examples: exercise 3's change. This check expects the lesson's sum: try exercise 3 in "
        "a copy of backward, under another name."
    )


def backward_mistakes(x, y, w2, z, h, p, reference):
    """Notebook 5's known mistakes in backward, by the array where they first show."""
    examples = len(y)
    dp, dh = reference["dloss_predictions"], reference["dloss_relu_activations"]
    mask = "mask with (activations > 0)."
    mistakes = {
        "dloss_predictions": [
            (
                dp / 2,
                "the factor 2 is missing: the slope of (ŷ - y)² is 2 (ŷ - y), so "
                "dloss_predictions = 2.0 * (predictions - targets).",
            ),
            (
                -dp,
                "the sign is the wrong way round: the slope of (ŷ - y)² is 2 (ŷ - y), "
                "predictions minus targets.",
            ),
        ],
        "dloss_weights2": [
            (
                z.T @ dp,
                "it uses activations, before ReLU: weights2 "
                "multiplies relu_activations, so its gradient does too.",
            )
        ],
        "dloss_relu_activations": [
            (
                dh * (z > 0),
                "this already applies ReLU's slope, which the next line applies: "
                "dloss_relu_activations is dL/dH, before the mask, dloss_predictions @ weights2.T.",
            ),
            (
                dh * h,
                "it multiplies by the hidden outputs, relu_activations, which are not ReLU's "
                "slope; and the next line applies the slope: dloss_relu_activations is dL/dH "
                "alone, dloss_predictions @ weights2.T.",
            ),
        ],
        "dloss_activations": [
            (
                dh,
                "ReLU's slope is missing: where an activity is not "
                "positive, the gradient is blocked (activations > 0).",
            ),
            (
                dh * (dh > 0),
                "the mask is taken from dloss_relu_activations, but ReLU's slope depends on "
                "the activity: " + mask,
            ),
            (
                dh * (z < 0),
                "the mask is the wrong way round: ReLU passes the gradient where the activity "
                "is positive, (activations > 0).",
            ),
            (
                safely(lambda: dh * (p > 0)),
                "the mask is taken from predictions, but ReLU acts on the hidden activities: "
                + mask,
            ),
            (
                dh * h,
                "it multiplies by the hidden outputs, not by ReLU's slope (1 or 0): " + mask,
            ),
            (
                dh * z,
                "it multiplies by the activities, not by ReLU's slope (1 or 0): " + mask,
            ),
        ],
        "dloss_weights1": [
            (
                x.T @ dh,
                "it skips ReLU's slope: use dloss_activations, not dloss_relu_activations.",
            )
        ],
    }
    for name, want in reference.items():  # every gradient is as wrong as dloss_predictions
        mistakes.setdefault(name, []).append((want / examples, exercise_3(examples)))
    return mistakes


@check("backward")
def backward(function):
    """Check the gradients on fresh problems of the lesson's size, with 1 and 3 outputs, from a
    right forward pass (so that a wrong forward is not blamed on backward)."""
    for (examples, inputs, hidden, outputs), setting in PROBLEMS:
        x, y, w1, w2 = network(examples, inputs, hidden, outputs, seed=7)
        z, h, p = _forward(x, w1, w2)
        shapes = network_shapes(examples, inputs, hidden, outputs)
        result, names = run_learner(
            function,
            *(x, y, w2, z, h, p),
            shapes=shapes,
            setting=setting,
            readers=[notebook_name_reader],
        )
        named_arrays(result, "backward", ["dloss_weights1", "dloss_weights2"], names)
        reference = _gradients(x, y, w2, z, h, p)
        mistakes = backward_mistakes(x, y, w2, z, h, p, reference)
        compare_arrays(names, reference, shapes, mistakes, setting, first=notebook_name(function))
    return "right shapes and values on new problems of the lesson's size, with 1 and 3 outputs."


def reference_train(inputs, targets, weights1, weights2, num_loops, learning_rate, step=None):
    """The weights after train's loops; ``step`` (weights, gradient, learning_rate) -> new
    weights, a step against the gradient unless a mistake's is given."""
    step = step or (lambda weights, gradient, rate: weights - rate * gradient)
    for _ in range(num_loops):
        gradients = _backward(inputs, targets, weights2, *_forward(inputs, weights1, weights2))
        weights1 = step(weights1, gradients[0], learning_rate)
        weights2 = step(weights2, gradients[1], learning_rate)
    return weights1, weights2


def unchanged(name, function):
    """The sentence for weights that train gave back as they came in."""
    if blank_left(function):
        return (
            f"{name} does not change: fill in its blank. Each loop moves it against "
            "its gradient, by learning_rate times the gradient."
        )
    return (
        f"{name} does not change: your update computes new weights but does not store them in "
        f"{name}. Write {name} -= learning_rate * dloss_{name}."
    )


@check("train")
def train(function):
    """Check the weight updates of train on test problems (put in place of the notebook's inputs
    and targets for the check) with learning rates the lesson does not use."""
    loops = 3
    for ((examples, inputs, hidden, outputs), setting), rate in zip(PROBLEMS, [3e-4, 1e-4]):
        x, y, w1, w2 = network(examples, inputs, hidden, outputs, seed=3)
        shapes = network_shapes(examples, inputs, hidden, outputs)
        test_problem = {"inputs": x, "targets": y, "forward": _forward, "backward": _backward}
        with replaced(function, **test_problem):
            result, _ = run_learner(function, w1, w2, loops, rate, shapes=shapes, setting=setting)
        returned(result, "train")
        if not isinstance(result, tuple | list) or len(result) != 3:
            raise Wrong("train should return the two weight matrices and the history.")
        got1, got2 = (numbers_of(w, name) for w, name in zip(result, ["weights1", "weights2"]))
        want1, want2 = reference_train(x, y, w1, w2, loops, rate)
        if (got1.shape, got2.shape) != (want1.shape, want2.shape):
            raise Wrong(setting + "the weights come back with other shapes than they went in.")
        steps = [("weights1", got1, w1, want1), ("weights2", got2, w2, want2)]
        for name, got, start, _ in steps:
            if np.array_equal(got, start):
                raise Wrong(unchanged(name, function))
        alone = (
            "the weights become the step alone: subtract the step from them, "
            "weights1 -= learning_rate * dloss_weights1."
        )
        mistakes = [
            (
                reference_train(x, y, w1, w2, loops, -rate),
                "the loss grows: the weights move up "
                "their gradient. Subtract: weights1 -= learning_rate * dloss_weights1.",
            ),
            (
                reference_train(x, y, w1, w2, loops, 1e-6),
                "the weights move as if the learning "
                "rate were 1e-6: use the argument learning_rate, not a number.",
            ),
            (reference_train(x, y, w1, w2, loops, rate, lambda w, g, r: r * g), alone),
            (reference_train(x, y, w1, w2, loops, rate, lambda w, g, r: -r * g), alone),
        ]
        for name, got, _, want in steps:
            if first_difference(got, want) is None:
                continue
            index = 0 if name == "weights1" else 1
            known = known_mistake(got, [(m[index], text) for m, text in mistakes])
            raise Wrong(
                setting
                + f"after {loops} loops with learning rate {rate:g}, {name} is wrong: "
                + (
                    known
                    or "each loop subtracts learning_rate times the gradient of "
                    f"{name}, d{'loss_' + name}."
                )
            )
    return "both weight matrices move against their gradients, at other learning rates too."


@check("He scale")
def he_scale(he_weights1, he_weights2, initial_weights1, initial_weights2):
    """Check the He-scaled weights: the same random weights times sqrt(2 / number of inputs of
    the layer)."""
    for name, scaled, initial in [
        ("he_weights1", he_weights1, initial_weights1),
        ("he_weights2", he_weights2, initial_weights2),
    ]:
        got = numbers_of(scaled, name)
        fan_in, fan_out = initial.shape
        if got.ndim == 0:
            raise Wrong(
                f"{name} is one number, {float(got):.4g}: multiply the initial weights by it, "
                f"initial_weights{name[-1]} * np.sqrt(2 / {fan_in})."
            )
        if got.shape != initial.shape:
            raise Wrong(
                f"{name} has shape {shape_text(got.shape)}, expected "
                f"{shape_text(initial.shape)}: the shape of the weights it scales."
            )
        # the lesson's initial weights are standard normal, spread 1: smaller ones were scaled
        source, spread = f"initial_weights{name[-1]}", float(np.std(initial))
        if isinstance(scaled, np.ndarray) and np.shares_memory(scaled, initial):
            raise Wrong(
                f"{name} is another name for {source}, the same array"
                + (
                    f", so *= changed both: write {name} = {source} * ..., and re-run the cell "
                    f"that makes {source}."
                    if spread < 0.5
                    else f", not scaled: write {name} = {source} * ..., a new array."
                )
            )
        if spread < 0.5:
            raise Wrong(
                f"{source} is no longer the lesson's random weights (their spread is "
                f"{spread:.3g}, not 1): something scaled it in place, with *=. Re-run the cell "
                f"that makes {source}, then write {name} = {source} * ..., a new array."
            )
        factor = np.vdot(got, initial) / np.vdot(initial, initial)
        if not np.allclose(got, factor * initial):
            raise Wrong(
                f"{name} is not the initial weights times one number: scale the same random "
                "weights, so that the comparison changes nothing but their size."
            )
        other = initial_weights2.shape[0] if name == "he_weights1" else initial_weights1.shape[0]
        mistakes = {
            2 / fan_in: f"that is the variance, 2 / {fan_in}: the weights are multiplied by "
            "its square root, the standard deviation.",
            np.sqrt(1 / fan_in): "that is the scale for a layer without ReLU: ReLU silences "
            "about half of the activities, and He makes up for it with 2 / number of inputs.",
            np.sqrt(2) / fan_in: f"np.sqrt(2) / {fan_in} takes the root of 2 alone: take the "
            f"root of the whole fraction, np.sqrt(2 / {fan_in}).",
            np.sqrt(2 / fan_out): f"that uses {fan_out}, the layer's number of outputs: He "
            f"counts its inputs, {fan_in}.",
            np.sqrt(2 / other): f"that uses {other} inputs, another layer's: this layer's "
            f"neurons each take {fan_in} inputs.",
            np.sqrt(fan_in / 2): "that is upside down: more inputs need smaller weights.",
        }
        want = np.sqrt(2 / fan_in)
        if not np.isclose(factor, want):
            diagnosis = next((m for v, m in mistakes.items() if np.isclose(factor, v)), None)
            raise Wrong(
                f"{name} is the initial weights times {factor:.4g}, expected "
                f"sqrt(2 / {fan_in}) = {want:.4g}: "
                + (
                    diagnosis
                    or "He scales each layer by the square root of 2 / its number of inputs."
                )
            )
    return "each layer scaled by sqrt(2 / its number of inputs): 1000, then 100."


# A bowl with known curvatures: L(w) = w.T @ BOWL @ w / 2, so its gradient is BOWL @ w and its
# Hessian is BOWL, whose eigenvalues (the curvatures along its principal directions) are 20, 5, 2.
_ROTATION = np.linalg.qr(np.random.default_rng(seed=5).normal(size=(3, 3)))[0]
BOWL = _ROTATION @ np.diag([2.0, 20.0, 5.0]) @ _ROTATION.T


def _bowl_gradient(weights):
    return BOWL @ weights


# A curved test function: the bowl plus a quartic, L(w) = w.T @ BOWL @ w / 2 + sum(w**4) / 4.
# Its gradient is BOWL @ w + w**3 and its Hessian BOWL + diag(3 w**2) changes from point to point:
# a product that ignores where it is taken (the gradients at ± epsilon * vector, not at weights ±
# epsilon * vector) is right on the bowl, whose Hessian is the same everywhere, and wrong here.
def _curved_gradient(weights):
    return BOWL @ weights + weights**3


def _curved_hessian(weights):
    return BOWL + np.diag(3 * weights**2)


def step_size(function):
    """hessian_times's epsilon: the default of its fourth argument, else the lesson's 1e-5."""
    code = getattr(function, "__code__", None)
    defaults = getattr(function, "__defaults__", None) or ()
    if code is None or code.co_argcount < 4 or len(defaults) < code.co_argcount - 3:
        return 1e-5
    value = defaults[3 - (code.co_argcount - len(defaults))]
    return value if isinstance(value, numbers.Real) and value > 0 else 1e-5


def gradient_ignored(function):
    """The sentence for a hessian_times that never uses the gradient it is given and calls one
    of the notebook's functions instead (gradient_of), or None."""
    code = getattr(function, "__code__", None)
    if code is None or not code.co_argcount:
        return None
    local, outside = names_read(code)
    given = code.co_varnames[0]
    space = getattr(function, "__globals__", {})
    called = [n for n in outside if isinstance(space.get(n), types.FunctionType)]
    if given in local or not called:
        return None
    return (
        f"hessian_times calls {called[0]}, the notebook's function: use its argument {given}, "
        "the gradient it is given (the check gives it the gradients of test functions)."
    )


def weights_ignored(function):
    """The sentence for a hessian_times that is right on the bowl only (whose Hessian is the
    same everywhere), as when it never uses weights."""
    code = getattr(function, "__code__", None)
    names = code.co_varnames[: code.co_argcount] if code is not None else ()
    where = names[1] if len(names) > 1 else "weights"
    if code is not None and where not in names_read(code)[0]:
        return (
            f"hessian_times never uses {where}: take the two gradients at {where} ± epsilon "
            "* vector."
        )
    return (
        "hessian_times is right on a bowl, whose Hessian is the same everywhere, but not on a "
        "curved test function: take the two gradients at weights + epsilon * vector and weights "
        "- epsilon * vector."
    )


def along(a, b):
    """+1 if the vectors a and b point the same way, -1 if opposite ways, else 0."""
    cosine = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) or 1)
    return 1 if cosine > 1 - 1e-6 else -1 if cosine < -1 + 1e-6 else 0


def hessian_mistake(product, expected, weights, epsilon):
    """The sentence for a wrong Hessian-vector product on the test bowl, taken with a step of
    ``epsilon``."""
    recipe = (
        "Take the gradient at weights + epsilon * vector minus the gradient at weights - "
        "epsilon * vector, and divide by 2 * epsilon, the distance between them."
    )
    if along(product, BOWL @ np.ones(len(weights))) == 1:
        return (
            "hessian_times moves every weight by epsilon, whatever vector is: the two points are "
            "weights + epsilon * vector and weights - epsilon * vector."
        )
    gradient = BOWL @ weights
    if along(product, gradient) == 1 and np.isclose(
        np.dot(product, gradient) / np.dot(gradient, gradient), 1 / (4 * epsilon), rtol=1e-3
    ):
        return (
            "hessian_times halves only the second gradient: / comes before -. The change is the "
            "difference of the two gradients alone, and the return line divides it by 2 * "
            "epsilon."
        )
    if along(product, gradient) == 1:
        return (
            "hessian_times adds the two gradients: the change is the gradient at weights + "
            "epsilon * vector minus the one at weights - epsilon * vector."
        )
    if along(product, BOWL @ weights) == -1:
        return (
            "hessian_times divides only the second gradient by 2 * epsilon: put their "
            "difference in brackets first."
        )
    k = np.dot(product, expected) / np.dot(expected, expected)
    if along(product, expected) == -1 and np.isclose(k, -1):
        return (
            "hessian_times gives minus the Hessian times v: the change is the gradient at "
            "weights + epsilon * vector minus the one at weights - epsilon * vector, in that order."
        )
    if along(product, expected) == 1 and k < 1e-3:
        return (
            f"hessian_times gives {k:.3g} times the Hessian times v: the change of the gradient "
            "still has to be divided by 2 * epsilon, the distance between the two points."
        )
    return f"hessian_times gives {k:.3g} times the Hessian times v. " + recipe


@check("curvature")
def curvature(hessian_times, largest_curvature):
    """Check the Hessian-vector product and power iteration on a bowl of known curvatures."""
    weights, vector = np.array([1.0, -2.0, 0.5]), np.array([0.6, 0.0, -0.8])
    ignored = gradient_ignored(hessian_times)
    if ignored:
        raise Wrong(ignored)
    product, _ = run_learner(hessian_times, _bowl_gradient, weights, vector)
    product = numbers_of(returned(product, "hessian_times"), "hessian_times")
    expected = BOWL @ vector
    if product.shape != expected.shape:
        raise Wrong(
            f"hessian_times returns shape {shape_text(product.shape)}, expected "
            f"{shape_text(expected.shape)}: the Hessian times v has one entry per weight, like "
            "the gradient."
        )
    if not np.allclose(product, expected):
        raise Wrong(hessian_mistake(product, expected, weights, step_size(hessian_times)))
    curved, _ = run_learner(hessian_times, _curved_gradient, weights, vector)
    curved = numbers_of(returned(curved, "hessian_times"), "hessian_times")
    if curved.shape != expected.shape or not np.allclose(curved, _curved_hessian(weights) @ vector):
        raise Wrong(weights_ignored(hessian_times))
    start = np.array([1.0, 1.0, 1.0])
    result, _ = run_learner(largest_curvature, _bowl_gradient, weights, start, 60)
    returned(result, "largest_curvature")
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise Wrong("largest_curvature should return the array of estimates and the direction.")
    estimates = numbers_of(result[0], "largest_curvature's estimates")
    direction = numbers_of(result[1], "largest_curvature's direction")
    if estimates.shape != (60,) or direction.shape != (3,):
        raise Wrong(
            "largest_curvature should return one estimate per iteration and a direction with "
            f"one entry per weight; it gives shapes {shape_text(estimates.shape)} and "
            f"{shape_text(direction.shape)}."
        )
    if not np.isclose(estimates[-1], 20.0):
        raise Wrong(
            f"on a bowl whose largest curvature is 20, largest_curvature ends at "
            f"{estimates[-1]:.4g}. Each step replaces the direction by the Hessian times the "
            "direction, divided by its length, so that it stays of length 1."
        )
    return (
        "the Hessian times v is right, and power iteration finds the largest curvature of a "
        "test bowl (20)."
    )


# Notebook 4: two weights ----------------------------------------------------------------------

# (w1, w2) for bowl_gradient: single numbers, then a table of each (as from np.meshgrid).
BOWL_POINTS = [
    (3.0, -2.0),
    (-1.5, 0.25),
    (np.array([[-1.0, 0.5], [2.0, 4.0]]), np.array([[3.0, -0.5], [0.0, 1.5]])),
]


def _slope(value, where, which):
    """One slope that bowl_gradient gave, as an array of floats, or Wrong saying what it is."""
    if value is Ellipsis:
        raise Wrong(f"{where} still gives `...` as {which}: fill in the blank.")
    if isinstance(value, str):
        raise Wrong(f"{where} gives the text {value!r} as {which}: leave out the quotes.")
    if value is None or isinstance(value, list | tuple):
        kind = "None" if value is None else f"a {type(value).__name__}"
    else:
        array = np.asarray(value)
        if np.issubdtype(array.dtype, np.number):  # not bool, which is no number here
            return array.astype(float)
        kind = "True/False" if array.dtype == bool else repr(value)[:40]
    raise Wrong(
        f"{where} gives {kind} as {which}: each slope should be a number (on a table of points, "
        "an array of numbers of the same shape)."
    )


@check("bowl_gradient")
def bowl_gradient(function):
    """Check the two partial derivatives of L = w1**2 + 10 * w2**2 at several points."""
    for w1, w2 in BOWL_POINTS:
        what = (
            f"bowl_gradient({number(w1)}, {number(w2)})"
            if np.ndim(w1) == 0
            else f"bowl_gradient on tables of shape {np.shape(w1)}"
        )
        result, _ = call(function, w1, w2)
        returned(result, "bowl_gradient")
        pair = isinstance(result, tuple | list) or getattr(result, "ndim", 0) > 0
        if not pair or len(result) != 2:
            raise Wrong(
                f"{what} gives {str(result)[:40]}: it should give two slopes, one per weight, "
                "as in `return slope1, slope2` (dL/dw1 first)."
            )
        got = [
            _slope(result[0], what, "the first slope, dL/dw1"),
            _slope(result[1], what, "the second slope, dL/dw2"),
        ]
        want = [2 * np.asarray(w1, dtype=float), 20 * np.asarray(w2, dtype=float)]
        if any(g.shape != v.shape for g, v in zip(got, want)):
            raise Wrong(
                f"{what} gives slopes of shapes {shape_text(got[0].shape)} and "
                f"{shape_text(got[1].shape)}, expected {shape_text(want[0].shape)} each: one "
                "slope per point, like the weights it is given."
            )
        if all(first_difference(g, v) is None for g, v in zip(got, want)):
            continue
        mistakes = [
            ((2 * w1, 2 * w2), "the 10 is missing: the slope of 10 w2² is 10 times that of w2²."),
            ((2 * w1, 10 * w2), "the slope of 10 w2² is 10 · 2 w2 = 20 w2: the 2 is missing."),
            (
                (20 * w1, 2 * w2),
                "the two factors are swapped: the 10 multiplies w2², so the steep slope, "
                "20 w2, is dL/dw2.",
            ),
            (
                (20 * w2, 2 * w1),
                "the two slopes come in the other order: dL/dw1 (along w1) first, then dL/dw2.",
            ),
            (
                (w1**2, 10 * w2**2),
                "those are the two terms of the error, not their slopes: the slope of w1² is 2 w1.",
            ),
            (
                (-2 * w1, -20 * w2),
                "check the signs: where the error rises as w1 grows (w1 > 0), dL/dw1 is positive.",
            ),
            (
                (2 * w1, 20 * w1),
                "dL/dw2 uses w1: the slope along w2 is that of 10 w2², which depends on w2.",
            ),
            (
                (2 * w2, 20 * w2),
                "dL/dw1 uses w2: the slope along w1 is that of w1², which depends on w1.",
            ),
            (
                (w1, 10 * w2),
                "the 2 is missing from both: the slope of w1² is 2 w1, and that of 10 w2² is "
                "20 w2.",
            ),
            (
                (-2 * w1, 20 * w2),
                "check the sign of dL/dw1: where the error rises as w1 grows (w1 > 0), it is "
                "positive.",
            ),
            (
                (2 * w1, -20 * w2),
                "check the sign of dL/dw2: where the error rises as w2 grows (w2 > 0), it is "
                "positive.",
            ),
            (
                (np.full_like(w1, 2.0), np.full_like(w2, 20.0)),
                "2 and 20 are the curvatures, how fast the slopes change; the slopes "
                "themselves change with the weights: 2 w1 and 20 w2.",
            ),
            (
                (2 * w1 + 20 * w2, 2 * w1 + 20 * w2),
                "each slope holds the other weight fixed: 10 w2² does not change when only w1 "
                "does, so dL/dw1 is 2 w1 alone.",
            ),
        ]
        known = known_mistake(np.array(got), [(np.array(m), text) for m, text in mistakes])
        shown = [np.round(g, 6).tolist() for g in got]
        raise Wrong(
            f"{what} gives ({shown[0]}, {shown[1]}), expected "
            f"({np.round(want[0], 6).tolist()}, {np.round(want[1], 6).tolist()}): "
            + (
                known
                or "dL/dw1 is the slope of w1² (10 w2² does not change with w1), 2 w1; dL/dw2 "
                "the slope of 10 w2², 20 w2."
            )
        )
    return "right at single points and on tables of points, dL/dw1 = 2 w1 and dL/dw2 = 20 w2."


# Notebook 6: the network with biases, on a function of one input ------------------------------


def network_with_biases(examples, inputs, hidden, seed):
    """(inputs, targets, weights1, bias1, weights2, bias2) of a random problem of that size, with
    one output and biases that are not 0 (so that a missing bias shows)."""
    rng = np.random.default_rng(seed)
    return (
        rng.uniform(-3, 3, (examples, inputs)),
        rng.standard_normal((examples, 1)),
        rng.standard_normal((inputs, hidden)) * np.sqrt(2 / inputs),
        rng.standard_normal((1, hidden)),
        rng.standard_normal((hidden, 1)) * np.sqrt(2 / hidden),
        rng.standard_normal((1, 1)),
    )


def bias_network_shapes(examples, inputs, hidden):
    """The arrays of notebook 6's network: name -> (shape, what it holds), in the order the
    lesson makes them."""
    shapes = network_shapes(examples, inputs, hidden, 1)
    shapes["dloss_bias2"] = ((1, 1), "the shape of bias2: one number, shared by every example")
    shapes["dloss_bias1"] = (
        (1, hidden),
        "the shape of bias1: one row, one bias per hidden neuron, shared by every example",
    )
    return shapes


# The lesson's sizes (40 examples, 1 input, 32 hidden neurons), then with 3 inputs: with one
# input, `inputs * weights1` happens to give the matrix product.
BIAS_PROBLEMS = [((40, 1, 32), ""), ((40, 3, 32), "With 3 inputs per example: ")]


# What a wrong value that is no known mistake is compared with: what notebook 6 shows.
FORWARD_WITH_BIASES = "compare it with the table of the network in the section on biases."
BIAS_GRADIENTS = (
    "compare it with the formulas of the section on the gradients of the biases, and notebook "
    "5's table of the backward pass."
)


@check("forward with biases")
def forward_with_biases(function):
    """Check the forward pass with biases on fresh problems, with 1 input and with 3."""
    for (examples, inputs, hidden), setting in BIAS_PROBLEMS:
        x, _, w1, b1, w2, b2 = network_with_biases(examples, inputs, hidden, seed=16)
        shapes = network_shapes(examples, inputs, hidden, 1)
        result, names = run_learner(
            function,
            *(x, w1, b1, w2, b2),
            shapes=shapes,
            setting=setting,
            readers=[notebook_name_reader],
        )
        named_arrays(result, "forward", PASSES, names)
        z, h, p = _forward(x, w1, w2, bias1=b1, bias2=b2)
        mistakes = {
            "activations": [
                (x @ w1, "bias1 is missing: Z = X W1 + b1."),
                (x @ w1 + b2, "it adds bias2, the output's bias: the hidden layer's is bias1."),
                (h, "activations are the values before ReLU."),
                (
                    x @ (w1 + b1),
                    "it adds bias1 to the weights: add it to the activity, after the product: "
                    "Z = X W1 + b1.",
                ),
                (x @ w1 - b1, "it subtracts bias1: add it, Z = X W1 + b1."),
                (
                    x @ w1 + b1.sum(),
                    "it adds the sum of all the biases, np.sum(bias1), to every neuron: each "
                    "hidden neuron has its own bias, its entry of bias1: Z = X W1 + b1.",
                ),
            ],
            "predictions": [
                (h @ w2, "bias2 is missing: Y_hat = H W2 + b2."),
                (
                    z @ w2 + b2,
                    "it uses activations, before ReLU: the output layer takes the "
                    "hidden outputs, relu_activations.",
                ),
                (np.maximum(p, 0), NO_OUTPUT_RELU.format("H W2 + b2")),
                (
                    h @ (w2 + b2),
                    "it adds bias2 to the weights: add it to the prediction, after the product: "
                    "Y_hat = H W2 + b2.",
                ),
                (h @ w2 - b2, "it subtracts bias2: add it, Y_hat = H W2 + b2."),
                (
                    h @ w2 + examples * b2,
                    f"it adds bias2 {examples} times, once per example of the batch: each "
                    "prediction gets bias2 once, Y_hat = H W2 + b2.",
                ),
            ],
        }
        reference = {"activations": z, "relu_activations": h, "predictions": p}
        compare_arrays(
            *(names, reference, shapes, mistakes, setting, FORWARD_WITH_BIASES),
            first=notebook_name(function),
        )
    return "right shapes and values on new problems, with 1 input and with 3."


def bias_shape_mistake(name, got, want, examples):
    """The sentence for a bias gradient of the wrong shape, or None if its shape is right."""
    if got == want:
        return None
    bias = name.removeprefix("dloss_")
    if got == (examples, want[1]):
        return (
            f"{name} has shape {shape_text(got)}, one row per example, but {bias} is one row "
            f"{shape_text(want)} shared by all {examples} examples: the sum over the batch is "
            "missing. Add up the rows with .sum(axis=0, keepdims=True)."
        )
    if got == (examples, 1):
        return (
            f"{name} has shape {shape_text(got)}: it adds up each example's row (axis=1), but "
            f"the sum runs over the examples, the rows: axis=0, which gives {shape_text(want)}."
        )
    if got == (want[1],):
        return (
            f"{name} has shape {shape_text(got)}, expected {shape_text(want)}: the sum over the "
            f"batch is right, but keepdims=True keeps it a row, the shape of {bias}."
        )
    if got == () and want == (1, 1):
        return (
            f"{name} is a single number, expected shape {shape_text(want)}: with one output, "
            ".sum() does add up over the examples, but it drops the shape of "
            f"{bias}; keep it with .sum(axis=0, keepdims=True)."
        )
    if got == ():
        return (
            f"{name} is a single number, expected shape {shape_text(want)}: .sum() adds up "
            "everything; add up over the examples only, .sum(axis=0, keepdims=True)."
        )
    return shape_mistake(name, got, want, f"the shape of {bias}")


# The array whose rows each bias's gradient adds up.
BIAS_SUMS = {"dloss_bias1": "dloss_activations", "dloss_bias2": "dloss_predictions"}


def other_sums(names):
    """{bias gradient: [(a sum of another of the learner's tables, what it means)]}: a bias's
    gradient that adds up dloss_weights2 instead of dloss_predictions, say."""
    found = {name: [] for name in BIAS_SUMS}
    for name, summed in BIAS_SUMS.items():
        for other, value in names.items():
            if other in (name, summed) or not isinstance(value, np.ndarray) or value.ndim != 2:
                continue
            said = (
                f"it adds up {other}: {name.removeprefix('dloss_')}'s gradient adds up {summed} "
                f"over the examples, {summed}.sum(axis=0, keepdims=True)."
            )
            found[name] += [
                (value.sum(axis=0, keepdims=True), said),
                (value.sum(keepdims=True), said),
            ]
    return found


def bias_values_differ(name, got, want):
    """The last word on a wrong gradient of notebook 6: for a bias's, that it is not the sum it
    should be (no known mistake, no other array's sum, no clean multiple of the right one)."""
    summed = BIAS_SUMS.get(name)
    if summed is None:
        return how_it_differs(name, got, want, BIAS_GRADIENTS)
    return (
        f"it is not the sum of {summed} over the examples, {summed}.sum(axis=0, keepdims=True): "
        "a bias is added for every example, so its gradient adds up theirs."
    )


def bias_sum_mistake(name, value, reference, examples):
    """The sentence for a bias gradient that adds up the wrong array, or adds up the right one
    with too many ones (np.ones_like of a table, or of the inputs), or None."""
    got, want = np.asarray(value, dtype=float), reference[name]
    other = {"dloss_bias1": "dloss_bias2", "dloss_bias2": "dloss_bias1"}[name]
    sums = {"dloss_bias1": "dloss_activations", "dloss_bias2": "dloss_predictions"}
    if got.shape == reference[other].shape != want.shape and np.allclose(got, reference[other]):
        return (
            f"{name} adds up {sums[other]}, which gives {other.removeprefix('dloss_')}'s gradient: "
            f"{name.removeprefix('dloss_')}'s adds up {sums[name]}, shape {shape_text(want.shape)}."
        )
    rows = got.shape[0] if got.ndim == 2 and got.shape[1:] == want.shape[1:] else 0
    if rows > 1 and rows != examples and np.allclose(got, np.broadcast_to(want, got.shape)):
        return (
            f"{name} has shape {shape_text(got.shape)}: each of its {rows} rows is the right sum, "
            f"so it multiplies by {rows} rows of ones where one is meant: "
            f"np.ones((1, {examples})) @ {sums[name]}, or {sums[name]}.sum(axis=0, keepdims=True)."
        )
    return None


@check("bias gradients")
def bias_gradients(function):
    """Check every gradient of backward with biases, on fresh problems with 1 input and 3, from
    a right forward pass."""
    for (examples, inputs, hidden), setting in BIAS_PROBLEMS:
        x, y, w1, b1, w2, b2 = network_with_biases(examples, inputs, hidden, seed=17)
        z, h, p = _forward(x, w1, w2, bias1=b1, bias2=b2)
        shapes = bias_network_shapes(examples, inputs, hidden)
        result, names = run_learner(
            function,
            *(x, y, w2, z, h, p),
            shapes=shapes,
            setting=setting,
            readers=[notebook_name_reader],
        )
        gradients = ["dloss_weights1", "dloss_bias1", "dloss_weights2", "dloss_bias2"]
        named_arrays(result, "backward", gradients, names)
        reference = _gradients(x, y, w2, z, h, p, with_biases=True)
        dp, dh = reference["dloss_predictions"], reference["dloss_relu_activations"]
        dz = reference["dloss_activations"]
        for name in ["dloss_bias2", "dloss_bias1"]:
            value = names.get(name)
            if isinstance(value, np.ndarray | np.generic | numbers.Number):
                said = bias_sum_mistake(name, value, reference, examples) or bias_shape_mistake(
                    name, np.shape(value), reference[name].shape, examples
                )
                if said:
                    raise Wrong(setting + said)
        mean = (
            "it is the mean over the examples, 1/{} of the sum: the 1/N of the loss is "
            "already in dloss_predictions."
        )
        one_example = (
            "it is the first example's gradient alone ({}[:1]): the bias serves all {} "
            "examples, so its gradient adds up every row, .sum(axis=0, keepdims=True)."
        )
        mistakes = {
            "dloss_bias2": [
                (dp.mean(axis=0, keepdims=True), mean.format(examples)),
                (dp[:1], one_example.format("dloss_predictions", examples)),
                (
                    (p - y).sum(axis=0, keepdims=True),
                    f"it adds up predictions - targets, without the factor 2/N (2/{examples}) "
                    "of the loss's gradient: add up dloss_predictions.",
                ),
            ],
            "dloss_bias1": [
                (dz.mean(axis=0, keepdims=True), mean.format(examples)),
                (dz[:1], one_example.format("dloss_activations", examples)),
                (
                    dh.sum(axis=0, keepdims=True),
                    "it skips ReLU's slope: add up dloss_activations, not dloss_relu_activations.",
                ),
                (
                    x.T @ dz,
                    "it is the gradient of weights1: a bias's input is 1, not x, so its gradient "
                    "adds up dloss_activations alone, dloss_activations.sum(axis=0, "
                    "keepdims=True).",
                ),
            ],
            "dloss_activations": [
                (
                    dh,
                    "ReLU's slope is missing: where an activity is not positive, the gradient "
                    "is blocked (activations > 0).",
                )
            ],
        }
        for name, sums in other_sums(names).items():
            mistakes[name] += sums
        compare_arrays(
            *(names, reference, shapes, mistakes, setting, bias_values_differ),
            first=notebook_name(function),
        )
    return (
        "right shapes and values, the biases' gradients summed over the batch, with 1 input "
        "and with 3."
    )


def _register_under_ipython():
    """register_plain_lines in the IPython (Jupyter's kernel) that imports this module, if any."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        with contextlib.suppress(Exception):  # an older IPython: its plain tracebacks only
            register_plain_lines(shell)


_register_under_ipython()
