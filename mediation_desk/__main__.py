"""``python -m mediation_desk documents …``: the command line, without the window.

The same as ``mediation-desk documents …``; on Windows, where ``mediation-desk`` is a window
program without a console, this is the way to see the command's output.
"""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m mediation_desk"))
