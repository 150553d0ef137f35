"""Checks grade only what the learner's latest run of a cell produced.

A learner edits an answer cell and runs it, and it raises (a SyntaxError, a numpy error): the
name it defines still holds the function or array of an earlier run that worked, and a check
would grade that one and could say ✓. And after a restart, a check cell run before its answer
cell fails on the undefined name with a traceback. So, under IPython, this module notes every
cell run (IPython's pre_run_cell and post_run_cell events): the names it binds, and whether it
raised. Then

- older_run tells, in one sentence, when the latest run of a cell that binds a checked name
  raised: check.check's decorator then refuses to grade, with ✗ and Stop;
- a NameError in a check cell (one that calls ``check.``) shows one plain line saying to run
  the cell that defines the name first; in any other cell, IPython's usual traceback.

Cells are told apart by their source, not by ids: Colab's IPython 7.34 gives events no cell id.
Outside IPython (plain Python, the tests calling the checks) nothing is noted, nothing changes.
"""

import ast
import inspect
import re
import sys

CHECK_CALL = re.compile(r"\bcheck\.\w+\s*\(")
RUN_ABOVE = (
    "after a restart, run every cell above this one: in JupyterLab Run > Run All Above "
    "Selected Cell, in Colab Runtime > Run before"
)
FIX = "Fix that cell, run it again, then run this check."


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
        self.raised = {}  # name: the error the latest run of a cell binding it raised, or None

    def python(self, source):
        """``source`` as Python, its magics (%matplotlib, !pip) turned into calls."""
        try:
            return self.shell.transform_cell(source)
        except Exception:  # a cell IPython cannot read either: a SyntaxError when it runs
            return source

    def before(self, info):
        self.cell = info.raw_cell or ""
        self.binds = bound_names(self.python(self.cell))

    def after(self, result):
        info = getattr(result, "info", None)  # the cell's source, since IPython 7.0
        source = info.raw_cell if info is not None else self.cell
        error = result.error_before_exec
        error = result.error_in_exec if error is None else error
        for name in bound_names(self.python(source or "")):
            self.raised[name] = None if error is None else type(error).__name__
        self.cell, self.binds = "", set()


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
    them (the latest run of the cell that binds it raised), or None."""
    noted = runs()
    if noted is None:
        return None
    try:
        names = checked_names(noted.python(noted.cell), check, args)
    except Exception:  # a safeguard must never break the check itself
        return None
    for name in names:
        error = None if name in noted.binds else noted.raised.get(name)
        if error:
            return (
                f"the cell that defines {name} raised an error the last time it ran ({error}), "
                f"so {name} still holds what an earlier run made, and this check would grade "
                f"that. {FIX}"
            )
    return None


def not_defined_yet(error, noted=None):
    """The plain line for a NameError in a check cell: which cell to run first."""
    name = getattr(error, "name", None)  # Python 3.10 and later
    if not name:
        found = re.search(r"name '(\w+)' is not defined", str(error))
        name = found.group(1) if found else "a name this check uses"
    raised = noted.raised.get(name) if noted is not None else None
    if raised:
        return (
            f"✗ {name} is not defined yet: the cell that defines it raised an error the last "
            f"time it ran ({raised}). {FIX}"
        )
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
