"""The first frame: on the terminal at once while the packs load behind it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from readiness_tui.widgets.title_bar import TitleBar


class LoadingScreen(Screen[None]):
    """A header, one line and the footer, drawn before any pack is read.

    The app replaces it with the start screen (or the resumed workshop) as soon
    as the worker has loaded and checked the packs and any session file.
    """

    def compose(self) -> ComposeResult:
        """Header, a line saying what is happening, footer."""
        yield TitleBar()
        yield Static("Opening the workshop…", id="loading")
        yield Footer()
