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
