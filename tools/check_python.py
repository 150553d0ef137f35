"""Exit with a plain message when this Python is older than the series needs; warn when it is
newer than the series is tested with.

    python3 tools/check_python.py 3.11 3.13

`make install` runs it with the interpreter it is about to use, before creating .venv, so it
uses no syntax newer than Python 2.7's: the user may be holding an old Python.
"""

import sys

oldest, newest = [tuple(int(part) for part in v.split(".")) for v in sys.argv[1:3]]
found = sys.version_info[:2]
if found < oldest:
    sys.exit(
        "error: %s is Python %d.%d; the pinned packages need Python %d.%d or newer "
        "(for example: make PYTHON=python3.12 ...)" % ((sys.executable,) + found + oldest)
    )
if found > newest:
    sys.stderr.write(
        "note: Python %d.%d is newer than the series is tested with (%d.%d to %d.%d); if the "
        "install fails, use one of those: make PYTHON=python%d.%d ...\n"
        % (found + oldest + newest + newest)
    )
