"""The old form of the CLI, kept: ``python -m python_ml`` is ``python -m aihw``."""

from aihw.cli import main

raise SystemExit(main())
