"""The smallest Textual app readiness-tui is measured against.

A header, one line of text and a footer, as `bench/run.py` expects: it waits
for `LINE` and the footer's `^p palette` to call the first screen drawn. A
digit rewrites the line, so a keypress that changes one line of text can be
measured here too, as the floor for a rating keypress. Ctrl+Q quits (Textual's
own binding).
"""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

LINE = "A minimal Textual app: a header, this line and a footer."
"""The one line of text; the benchmark looks for it on the first screen."""


class MinimalApp(App[None]):
    """Header, one line, footer; nothing else."""

    def compose(self) -> ComposeResult:
        """The three widgets."""
        yield Header()
        yield Static(LINE, id="line")
        yield Footer()

    def on_key(self, event: events.Key) -> None:
        """Show a pressed digit in the line, as a ballot shows a rating."""
        if event.character is not None and event.character.isdigit():
            self.query_one("#line", Static).update(f"{LINE} Pressed {event.character}.")


if __name__ == "__main__":
    MinimalApp().run()
