"""Exit with a plain message when this Python is older than the series needs.

    python3 tools/check_python.py 3.11

`make install` runs it with the interpreter it is about to use, before creating .venv, so it
uses no syntax newer than Python 3.6: the user may be holding an old Python.
"""

import sys

needed = sys.argv[1]
found = sys.version_info[:2]
if found < tuple(int(part) for part in needed.split(".")):
    sys.exit(
        f"error: {sys.executable} is Python {found[0]}.{found[1]}; the pinned packages need "
        f"Python {needed} or newer (for example: make PYTHON=python3.12 ...)"
    )
