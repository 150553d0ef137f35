"""A check never grades work the learner's latest run did not produce (issue 23).

Played in a real kernel, as a learner types: an answer cell run right, then edited into an error
(a SyntaxError, a numpy ValueError) and run again, then its check: the check must not grade the
function or array left from the earlier run (it could say ✓), but say in one plain line that
the answer's cell raised. After a restart, a check cell run before its answer cell must say
which cell to run first, not show a NameError traceback; a NameError in the learner's own cell
keeps IPython's usual traceback.
"""

import re

import pytest

from execute import start_kernel, wait_until_ready
from neuron_to_backprop import check, freshness

SETUP = "import numpy as np\nfrom neuron_to_backprop import check"
RELU = "def relu(a):\n    return np.maximum(a, 0)"
RELU_EDITED = "def relu(a)\n    return np.maximum(a, 0)"  # the colon lost while editing
ACTIVITY = "a = np.array([2, 3, 4]) @ np.array([1, -1, 5])"
ACTIVITY_EDITED = "a = np.array([2, 3, 4]) @ np.array([1, -1])"  # one weight too few
# Notebook 3: the answer cell changes neuron through its methods and never binds it.
NEURON = "import daft\nfrom neuron_to_backprop import check\nneuron = daft.PGM()"
INPUTS = (
    "for i, height in enumerate([0.7, 0.0, -0.7], start=1):\n"
    '    neuron.add_node(f"x{i}", rf"$x_{i}$", 0, height)'
)
INPUTS_EDITED = {  # the error each edit of the answer cell raises, and the edit
    "SyntaxError": INPUTS.replace("height)", "height"),  # a bracket lost
    "AttributeError": INPUTS.replace("add_node", "add_nod"),
    "NameError": INPUTS.replace("height)", "np.float64(height))"),  # numpy not imported here
    "TypeError": INPUTS.replace("height)", "height, x=0)"),  # the position given twice
}


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    manager, client = start_kernel(tmp_path_factory.mktemp("fresh"))
    try:
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, source):
    """(what the learner sees under the cell: printed text and error lines, whether it raised)."""
    shown = []

    def keep(message):
        content = message["content"]
        if message["msg_type"] == "stream":
            shown.append(content["text"])
        elif message["msg_type"] == "error":  # JupyterLab shows the traceback's lines only
            shown.append("\n".join(content["traceback"]) + "\n")
        elif message["msg_type"] in ("execute_result", "display_data"):
            shown.append(content["data"].get("text/plain", "") + "\n")

    reply = client.execute_interactive(source, output_hook=keep, timeout=30)
    return re.sub(r"\x1b\[[0-9;]*m", "", "".join(shown)), reply["content"]["status"] == "error"


def error_names(text):
    return set(re.findall(r"\b[A-Z]\w*(?:Error|Exception)\b", text))


def refused(shown, raised, error):
    """The check said, in plain lines, that the answer's cell raised ``error``; graded nothing."""
    lines = shown.splitlines()
    assert raised and len(lines) == 2, shown
    assert lines[0].startswith(check.WRONG) and "raised an error the last time it ran" in lines[0]
    assert lines[1] == check.STOPPED
    assert check.RIGHT not in shown and "Traceback" not in shown
    assert error_names(shown) == {error}, shown


def test_a_check_refuses_work_from_an_earlier_run_and_names_the_cell_to_run_first(kernel):
    manager, client = kernel
    assert run(client, SETUP) == ("", False)

    shown, raised = run(client, "print(relu_of_two)")  # the learner's own cell: as usual
    assert raised and "NameError" in shown and "Traceback" in shown, shown

    assert run(client, RELU)[1] is False
    shown, raised = run(client, "check.relu(relu)")
    assert not raised and shown.startswith(f"{check.RIGHT} relu: "), shown

    assert "SyntaxError" in run(client, RELU_EDITED)[0]
    refused(*run(client, "check.relu(relu)"), "SyntaxError")
    assert run(client, RELU)[1] is False  # fixed and run again: graded again
    assert run(client, "check.relu(relu)")[0].startswith(check.RIGHT)

    assert run(client, ACTIVITY)[1] is False
    assert run(client, "check.activity(a)")[0].startswith(check.RIGHT)
    assert "ValueError" in run(client, ACTIVITY_EDITED)[0]
    refused(*run(client, "check.activity(a)"), "ValueError")

    manager.restart_kernel(now=True)
    wait_until_ready(client)
    assert run(client, SETUP) == ("", False)
    shown, raised = run(client, "check.relu(relu)\ncheck.threshold(threshold)")
    assert raised and shown.splitlines() == [freshness.not_defined_yet(NameError(name="relu"))]
    assert "run the cell above that defines it first" in shown
    assert "Traceback" not in shown and not error_names(shown), shown

    assert "ValueError" in run(client, ACTIVITY_EDITED)[0]  # a never made: say why
    shown, raised = run(client, "check.activity(a)")
    assert raised and shown.startswith(f"{check.WRONG} a is not defined yet: the cell that "), shown
    assert "Traceback" not in shown and error_names(shown) == {"ValueError"}, shown


def test_a_check_refuses_a_diagram_whose_answer_cell_raised_after_a_right_run(kernel):
    """Notebook 3's answer cell only calls neuron.add_node(...): a run of it that raised
    leaves neuron as an earlier run made it, and the check must not grade that."""
    manager, client = kernel
    manager.restart_kernel(now=True)
    wait_until_ready(client)
    assert run(client, NEURON)[1] is False
    for error, edited in INPUTS_EDITED.items():
        assert run(client, INPUTS)[1] is False
        assert run(client, "check.neuron_inputs(neuron)")[0].startswith(check.RIGHT)
        shown, raised = run(client, edited)
        assert raised and error in shown, shown
        shown, raised = run(client, "check.neuron_inputs(neuron)")
        refused(shown, raised, error)
        assert "the cell that changes neuron (neuron.add_nod" in shown, shown
    assert "np is not imported" in refused_line(client, INPUTS_EDITED["NameError"])
    # the careful learner: a new diagram, then the answer cell, which raised
    assert run(client, NEURON)[1] is False
    assert "SyntaxError" in run(client, INPUTS_EDITED["SyntaxError"])[0]
    shown, raised = run(client, "check.neuron_inputs(neuron)")
    refused(shown, raised, "SyntaxError")
    assert "no node" not in shown, shown


def refused_line(client, edited):
    """The check's line after ``edited`` (an answer cell that raises) has run."""
    run(client, edited)
    return run(client, "check.neuron_inputs(neuron)")[0].splitlines()[0]


def test_a_cell_that_raised_after_its_def_is_not_said_to_have_run_before(kernel):
    """After a restart, a right answer cell raises after its def, on a name of a cell above not
    run yet: the check says to run the cells above first, not that an earlier run made it."""
    manager, client = kernel
    manager.restart_kernel(now=True)
    wait_until_ready(client)
    assert run(client, SETUP) == ("", False)
    cell = "def error_slope(x):\n    return 2 * x\n\n\nprint(error_slope(xs))"
    assert "NameError" in run(client, cell)[0]
    shown, raised = run(client, "check.error_slope(error_slope)")
    refused(shown, raised, "NameError")
    assert (
        "the cell that defines error_slope raised an error the last time it ran (NameError): "
        "xs is not defined yet. Run the cells above it first, then that cell, then this check."
    ) in shown, shown
    assert "earlier run" not in shown, shown
    assert run(client, "xs = np.linspace(-1, 1, 5)")[1] is False
    assert run(client, cell)[1] is False
    assert run(client, "check.error_slope(error_slope)")[0].startswith(check.RIGHT)

    cell = "def relu(a):\n    return np.maximum(a, 0)\n\n\nrelu(np.ones(2)) @ np.ones(3)"
    assert "ValueError" in run(client, cell)[0]
    shown, raised = run(client, "check.relu(relu)")
    refused(shown, raised, "ValueError")
    assert "(ValueError), after it made relu: the lines after that did not run." in shown, shown


def test_outside_ipython_nothing_is_noted_and_checks_grade_as_before(capsys):
    def relu(a):
        return a * (a > 0)

    assert freshness.runs() is None and freshness.older_run("relu", (relu,)) is None
    check.relu(relu)
    assert capsys.readouterr().out.startswith(f"{check.RIGHT} relu: ")


@pytest.mark.parametrize(
    "source, names",
    [
        ("def relu(a):\n    inside = a\n    return inside", {"relu"}),
        ("a, (b, *c) = x\nd[0] = 1\ne.f += 2\nfor g in h: pass\nimport numpy as np", set("abcdeg")),
        ("[i for i in x]\nlambda j: j", set()),
        ("def relu(a)\n    return a", {"relu"}),  # does not parse: read from its lines
        ("w = np.array([1, 2)\nf(x=1)\nif y == 2: pass", {"w"}),
    ],
)
def test_the_names_a_cell_binds(source, names):
    assert freshness.bound_names(source) - {"np"} == names


@pytest.mark.parametrize(
    "source, names",
    [
        (
            "for i in range(3):\n    neuron.add_node(f'x{i}')\nwired.edges[0].hide()",
            {"neuron", "wired"},
        ),
        ("def f(pgm):\n    pgm.add_node('x')\n[p.add(1) for p in ps]\nf(neuron)", set()),
        ("for i in range(3):\n    neuron.add_node(f'x{i}', 0, height", {"neuron"}),  # guessed
        ("print(np.ones(3).sum())", {"np"}),  # a module: Runs.after leaves it out
    ],
)
def test_the_names_a_cell_changes_through_a_method(source, names):
    assert set(freshness.changed_names(source)) == names
