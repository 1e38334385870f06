"""The offer to save to another file when the session file cannot be written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from readiness_tui.widgets.entry import EntryInput


class SaveElsewhereDialog(ModalScreen[None]):
    """Ask for another file to save to; Escape keeps trying the same one.

    The choice is handed to `save_to` rather than returned as the screen's
    result: the dialog may open while the screen beneath it is being
    replaced, and a result goes back to the screen that opened the dialog.

    Args:
        failed: The file that could not be written.
        reason: Why, e.g. "No space left on device".
        suggestion: A path to offer, already typed in the field.
        save_to: Called with the chosen path; returns why it cannot be used
            (the dialog then stays open and says so), or None once it is.
    """

    BINDINGS = [
        # Keep the workshop in memory and retry the same file on the next change.
        Binding("escape", "keep", "Keep trying here"),
    ]

    def __init__(
        self,
        failed: Path,
        reason: str,
        suggestion: Path,
        save_to: Callable[[Path], str | None],
    ) -> None:
        super().__init__()
        self.save_to = save_to
        self.failed = failed
        self.reason = reason
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        """The problem, a path field, and what Enter and Escape do."""
        with Vertical(id="confirm-box"):
            yield Static(
                Text(
                    f"Could not save to {self.failed}: {self.reason}. The "
                    "workshop is safe in memory. Save it to another file?"
                ),
                id="question",
            )
            yield EntryInput(value=str(self.suggestion), id="elsewhere")
            # Why a typed path was refused (an existing file, say).
            yield Static(id="elsewhere-problem")
            yield Static(
                "Enter  Save there     Escape  Keep trying the same file",
                id="answers",
            )

    def on_mount(self) -> None:
        """Put the cursor in the path field."""
        self.query_one("#elsewhere", EntryInput).focus()

    @on(Input.Submitted, "#elsewhere")
    def chosen(self, event: Input.Submitted) -> None:
        """Close with the typed path (a folder gets the session's file name)."""
        text = event.value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if path.is_dir():
            path = path / self.failed.name
        refused = self.save_to(path)
        if refused is None:
            self.dismiss()
            return
        self.query_one("#elsewhere-problem", Static).update(Text(refused))

    def action_keep(self) -> None:
        """Close without a new path."""
        self.dismiss()
