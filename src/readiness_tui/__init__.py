"""readiness-tui: run a readiness workshop from the terminal.

The core (`content`, `session`, `stats`, `storage`) is plain Python; the
Textual front end lives in `app`, `screens` and `widgets`.
"""

__version__ = "0.1.0"
