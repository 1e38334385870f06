"""`python -m readiness_tui` runs the same command as `readiness-tui`."""

from readiness_tui.cli import main

raise SystemExit(main())
