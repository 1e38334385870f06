"""The `?` dialog: every key of the screen behind it, with what it does."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from readiness_tui.keys import KeyRow

LAYER_HEADINGS = {
    0: "This screen",
    1: "The control with the cursor",
    2: "Everywhere",
}
"""The heading over each group of keys."""


class HelpScreen(ModalScreen[None]):
    """The keys of the screen behind, listed once when it was opened.

    Args:
        rows: The keys to list (see `keys.key_rows`), already checked, so a
            member's ballot lists only what the member may press.
    """

    BINDINGS = [
        # Close the list and go back to the screen.
        Binding("escape,question_mark", "close", "Close", key_display="esc/?"),
    ]

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The keys by group, and how to close the list."""
        with Vertical(id="help-box"):
            # The way out comes first, so it shows however short the window.
            yield Static("Keys · Escape or ? closes this list", classes="heading")
            with VerticalScroll(id="help-keys"):
                yield Static(self.table(), id="help-table")

    def table(self) -> Group:
        """A heading a group, then two columns: the key and what it does."""
        key_width = max((cell_len(row.keys) for row in self.rows), default=1)
        parts: list[Text | Table] = []
        for layer, heading in LAYER_HEADINGS.items():
            rows = [row for row in self.rows if row.layer == layer]
            if not rows:
                continue
            parts.append(Text(heading, style="underline"))
            table = Table.grid(padding=(0, 2))
            table.add_column(no_wrap=True, style="bold", min_width=key_width)
            table.add_column(overflow="fold")
            for row in rows:
                table.add_row(Text(row.keys), Text(row.description))
            parts.append(table)
        return Group(*parts)

    def action_close(self) -> None:
        """Back to the screen the keys belong to."""
        self.dismiss()
