"""PyInstaller entry script: the same as the ``mediation-desk`` gui-script (``ui.app:main``).

``ui/app.py`` uses relative imports, so it cannot itself be the frozen ``__main__``.
"""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
