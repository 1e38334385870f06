"""The notice shown instead of a screen when the terminal is too small for it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

MIN_WIDTH = 50
"""Fewer columns than this and the screens cannot be laid out readably."""

MIN_HEIGHT = 16
"""Fewer rows than this and the ballot's scale no longer fits beside its text."""


class TooSmall(Static):
    """ "Enlarge the window", shown by CSS only while the terminal is too small.

    The screen it sits on stays mounted underneath, so nothing typed is lost
    and everything comes back as soon as the window is large enough.
    """

    def render(self) -> Text:
        """Say how big the window is and how big it needs to be."""
        width, height = self.app.size
        return Text(
            f"This window is {width}×{height}; readiness-tui needs at least "
            f"{MIN_WIDTH}×{MIN_HEIGHT}.\n\nPlease enlarge the window. "
            "Nothing has been lost.",
            justify="center",
        )
