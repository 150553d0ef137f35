"""Checks grade only what the learner's latest run of a cell produced.

A learner edits an answer cell and runs it, and it raises (a SyntaxError, a numpy error): the
name it defines still holds the function or array of an earlier run that worked, and a check
would grade that one and could say ✓. And after a restart, a check cell run before its answer
cell fails on the undefined name with a traceback. So, under IPython, this module notes every
cell run (IPython's pre_run_cell and post_run_cell events): the names it binds, those it
changes through a method (neuron.add_node(...) changes neuron), and whether it raised. Then

- older_run tells, in one sentence, when the latest run of a cell that binds or changes a
  checked name raised: check.check's decorator then refuses to grade, with ✗ and Stop;
- a NameError in a check cell (one that calls ``check.``) shows one plain line saying to run
  the cell that defines the name first; in any other cell, IPython's usual traceback.

Cells are told apart by their source, not by ids: Colab's IPython 7.34 gives events no cell id.
Outside IPython (plain Python, the tests calling the checks) nothing is noted, nothing changes.
"""

import ast
import inspect
import re
import sys
import types
from typing import NamedTuple

CHECK_CALL = re.compile(r"\bcheck\.\w+\s*\(")
RUN_ABOVE = (
    "after a restart, run every cell above this one: in JupyterLab Run > Run All Above "
    "Selected Cell, in Colab Runtime > Run before"
)
FIX = "Fix that cell, run it again, then run this check."
# Modules a lesson imports under a short name (check.py's too): a cell may use one not imported.
MODULES = {
    "np": "import numpy as np",
    "plt": "import matplotlib.pyplot as plt",
    "math": "import math",
}
MISSING, UNKNOWN = object(), object()  # a name not defined; a value not noted


class Failure(NamedTuple):
    """What the latest run of a cell binding or changing a name did, when it raised."""

    kind: str  # the error's name: "SyntaxError"
    missing: str | None  # for a NameError, the name that was not defined
    call: str | None  # for a cell that changes the name through a method: "neuron.add_node(...)"
    fresh: bool  # that run bound the name before it raised: it holds what that run made
    before: bool  # the name held a value before that run


class NotDefinedYet(Exception):
    """Shown, like check.Stop, as its one line (IPython calls _render_traceback_)."""

    def _render_traceback_(self):
        return [str(self)]


class Runs:
    """What the cells run so far in one IPython shell did."""

    def __init__(self, shell):
        self.shell = shell
        self.cell = ""  # the source of the cell running now
        self.binds = set()  # the names it binds
        self.values = {}  # their values before it ran
        self.raised = {}  # name: the Failure of the latest run of a cell binding or changing it

    def python(self, source):
        """``source`` as Python, its magics (%matplotlib, !pip) turned into calls."""
        try:
            return self.shell.transform_cell(source)
        except Exception:  # a cell IPython cannot read either: a SyntaxError when it runs
            return source

    def before(self, info):
        self.cell = info.raw_cell or ""
        self.binds = bound_names(self.python(self.cell))
        space = self.shell.user_ns
        self.values = {name: space.get(name, MISSING) for name in self.binds}

    def after(self, result):
        info = getattr(result, "info", None)  # the cell's source, since IPython 7.0
        source = self.python((info.raw_cell if info is not None else self.cell) or "")
        error = result.error_before_exec
        error = result.error_in_exec if error is None else error
        space = self.shell.user_ns
        binds = bound_names(source)
        try:
            changed = changed_names(source)
        except Exception:  # a safeguard must never break the learner's cell: names bound only
            changed = {}
        changes = {
            name: call
            for name, call in changed.items()
            if name not in binds
            and not isinstance(space.get(name, MISSING), types.ModuleType)
            and name in space  # a name not defined is not changed: a NameError tells it
        }
        for name in [*binds, *changes]:
            if error is None:
                self.raised[name] = None
                continue
            old, now = self.values.get(name, UNKNOWN), space.get(name, MISSING)
            self.raised[name] = Failure(
                kind=type(error).__name__,
                missing=getattr(error, "name", None) if isinstance(error, NameError) else None,
                call=changes.get(name),
                fresh=name in binds
                and old is not UNKNOWN
                and now is not old
                and now is not MISSING,
                before=(old is not MISSING) if old is not UNKNOWN else now is not MISSING,
            )
        self.cell, self.binds, self.values = "", set(), {}


def bound_names(source):
    """The names a cell binds at its top level (def, class, =, +=, for, import, with ... as),
    and those whose contents it changes (x[0] = ..., x.y = ...); not a function's own."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):  # does not run: guess from the lines that look like it
        return guessed_names(source)
    return set(names_in(tree))


DEFINES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
OWN_NAMES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def names_in(node):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, DEFINES):
            yield child.name  # what its body binds is its own
        elif isinstance(child, OWN_NAMES):
            pass
        elif isinstance(getattr(child, "ctx", None), ast.Store):
            root = child
            while isinstance(root, (ast.Attribute, ast.Subscript, ast.Starred)):
                root = root.value  # x.y[0] = ... changes x
            if isinstance(root, ast.Name):
                yield root.id
            else:  # a, b = ...
                yield from names_in(child)
        elif isinstance(child, ast.alias):
            yield (child.asname or child.name).split(".")[0]
        else:
            yield from names_in(child)


DEFINITION = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.MULTILINE)
ASSIGNMENT = re.compile(
    r"^[ \t]*([\w \t,.\[\]*]+?)[ \t]*(?:[-+*/@%&|^]|//|\*\*|<<|>>)?=(?!=)", re.MULTILINE
)


def guessed_names(source):
    """The names that the lines of ``source`` starting with def, class or ``name =`` bind."""
    names = set(DEFINITION.findall(source))
    for target in ASSIGNMENT.findall(source):
        names.update(re.findall(r"(?<![.\w])[A-Za-z_]\w*", target))
    return names


def changed_names(source):
    """{name: its method call} for the names whose methods a cell calls at its top level, also
    in its loops (neuron.add_node(...) may change neuron), not in a def; modules among them are
    left out by Runs.after. A cell that does not parse: from its lines that start so."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {name: f"{name}.{method}(...)" for name, method in GUESSED_CALL.findall(source)}
    found = {}
    for call in calls_in(tree):
        root = call.func.value
        while isinstance(root, ast.Attribute | ast.Subscript):
            root = root.value
        if isinstance(root, ast.Name):
            found.setdefault(root.id, f"{root.id}.{call.func.attr}(...)")
    return found


GUESSED_CALL = re.compile(r"^[ \t]*([A-Za-z_]\w*)\.(\w+)[ \t]*\(", re.MULTILINE)


def calls_in(node):
    """The method calls, x.f(...), of ``node``'s top level: not inside a def, a lambda or a
    comprehension."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (*DEFINES, *OWN_NAMES)):
            continue
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
            yield child
        yield from calls_in(child)


def checked_names(source, check, args):
    """The names given to ``check`` in the cell ``source`` (``a`` in check.activity(a)), and
    the names of the functions in ``args`` (their def's name)."""
    names = [a.__name__ for a in args if inspect.isfunction(a) and a.__name__.isidentifier()]
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return names
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "attr", None) == check:
            given = [*call.args, *(keyword.value for keyword in call.keywords)]
            names += [n.id for arg in given for n in ast.walk(arg) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(names))


def ipython_shell():
    """The IPython running this (a Jupyter kernel's), or None: plain Python, pytest."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def runs():
    """The Runs of the IPython running this, or None outside IPython."""
    return getattr(ipython_shell(), "fresh_work_runs", None)


def older_run(check, args):
    """A sentence saying why ``check``, given ``args``, would grade an older version of one of
    them (the latest run of a cell that binds it, or changes it through a method, raised), or
    None."""
    noted = runs()
    if noted is None:
        return None
    try:
        names = checked_names(noted.python(noted.cell), check, args)
    except Exception:  # a safeguard must never break the check itself
        return None
    for name in names:
        failure = None if name in noted.binds else noted.raised.get(name)
        if failure:
            return stale(name, failure)
    return None


def stale(name, failure):
    """The sentence for a check of ``name`` when the latest run of the cell that binds or
    changes it raised (``failure``): what ``name`` holds now, and what to do."""
    verb = f"changes {name} ({failure.call})" if failure.call else f"defines {name}"
    said = f"the cell that {verb} raised an error the last time it ran ({failure.kind})"
    if failure.missing:
        return f"{said}: {undefined(failure.missing)}"
    if failure.call:
        return f"{said}, so this check would grade what earlier runs left in {name}. {FIX}"
    if failure.fresh:
        return f"{said}, after it made {name}: the lines after that did not run. {FIX}"
    if failure.before:
        return (
            f"{said}, so {name} still holds what an earlier run made, and this check would grade "
            f"that. {FIX}"
        )
    return f"{said}. {FIX}"


def undefined(name):
    """What to do when a cell raised a NameError for ``name``."""
    if name in MODULES:
        return (
            f"{name} is not imported. Run the cells above it first, or, if none imports it, add "
            f"`{MODULES[name]}` at the top of that cell; then run it again, then this check."
        )
    return (
        f"{name} is not defined yet. Run the cells above it first, then that cell, then this check."
    )


def not_defined_yet(error, noted=None):
    """The plain line for a NameError in a check cell: which cell to run first."""
    name = getattr(error, "name", None)  # Python 3.10 and later
    if not name:
        found = re.search(r"name '(\w+)' is not defined", str(error))
        name = found.group(1) if found else "a name this check uses"
    raised = noted.raised.get(name) if noted is not None else None
    if raised:
        said = (
            f"✗ {name} is not defined yet: the cell that defines it raised an error the last "
            f"time it ran ({raised.kind})"
        )
        return f"{said}: {undefined(raised.missing)}" if raised.missing else f"{said}. {FIX}"
    return f"✗ {name} is not defined yet: run the cell above that defines it first ({RUN_ABOVE})."


def watch(shell):
    """Note every cell ``shell`` runs, and show a NameError in a check cell as one plain line.

    IPython keeps one custom exception handler: a handler registered before this one keeps
    showing its own errors (check.register_plain_lines chains this one the same way)."""
    if getattr(shell, "fresh_work_runs", None) is not None:
        return
    noted = Runs(shell)
    shell.events.register("pre_run_cell", noted.before)
    shell.events.register("post_run_cell", noted.after)
    before = tuple(shell.custom_exceptions)
    previous = shell.CustomTB if before else None

    def show(shell, kind, error, trace, tb_offset=None):
        if issubclass(kind, NameError) and CHECK_CALL.search(noted.cell):
            plain = NotDefinedYet(not_defined_yet(error, noted))
            shell.showtraceback((NotDefinedYet, plain, None))
        elif previous is not None and issubclass(kind, before):
            previous(kind, error, trace, tb_offset=tb_offset)
        else:
            shell.showtraceback((kind, error, trace), tb_offset=tb_offset)

    shell.set_custom_exc(tuple(dict.fromkeys((*before, NameError))), show)
    shell.fresh_work_runs = noted


def _watch_under_ipython():
    shell = ipython_shell()
    if shell is not None:
        try:
            watch(shell)
        except Exception:  # an IPython without these events: checks grade as before
            pass


_watch_under_ipython()
