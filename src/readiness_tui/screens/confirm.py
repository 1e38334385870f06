"""A yes-or-no question asked before a step that cannot be undone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

MARK = "▶ "
"""Put before the choice Enter would pick, so it shows without colour."""


class ConfirmDialog(ModalScreen[bool]):
    """Ask a question with two choices: Cancel (picked at first) and go ahead.

    Going ahead takes a deliberate move: → (or Tab) to the second choice,
    then Enter. No letter answers, so a word typed where the facilitator
    thought a text field was (`r`, `c`, then a `y` later in the word) cannot
    reveal a round or clear a ballot. Enter at once, `n` or Escape cancel.

    Args:
        question: What will happen, in a sentence.
        yes: The words for going ahead, e.g. "Discard".
    """

    BINDINGS = [
        # Leave things as they are.
        Binding("n,escape", "answer(False)", "Cancel"),
        # Move between the two choices.
        Binding("right,left", "other_choice", "Other choice", show=False),
    ]

    AUTO_FOCUS = "#no"
    """Start on Cancel."""

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        """The question, the two choices and the keys that pick them."""
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(id="choices"):
                yield Button(MARK + "Cancel", id="no", compact=True)
                yield Button(self.yes, id="yes", compact=True, variant="warning")
            yield Static(
                f"→ then Enter: {self.yes} · Enter or Escape: Cancel",
                id="answers",
                markup=False,
            )

    def on_descendant_focus(self) -> None:
        """Keep the mark on the choice that has the focus."""
        self.mark_choice()

    def mark_choice(self) -> None:
        """Put `MARK` before the focused choice's label, and only there."""
        for button, label in (("#no", "Cancel"), ("#yes", self.yes)):
            widget = self.query_one(button, Button)
            widget.label = (MARK + label) if widget.has_focus else label

    def action_other_choice(self) -> None:
        """Move the focus to the other choice."""
        self.focus_next(Button)

    @on(Button.Pressed)
    def picked(self, event: Button.Pressed) -> None:
        """Close with the choice Enter (or a click) picked."""
        self.action_answer(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with the answer."""
        if self.is_current:  # A second key in the same read: already closed.
            self.dismiss(answer)
