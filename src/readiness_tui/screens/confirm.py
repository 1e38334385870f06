"""A yes-or-no question asked before a step that cannot be undone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask a question; `y` answers yes, `n` or Escape answers no.

    Args:
        question: What will happen, in a sentence.
        yes: The words for going ahead, e.g. "Discard".
    """

    BINDINGS = [
        # Go ahead.
        Binding("y", "answer(True)", "Yes"),
        # Leave things as they are.
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        """The question and the keys that answer it."""
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="question", markup=False)
            yield Static(f"y  {self.yes}     n or Escape  Cancel", id="answers")

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(answer)
