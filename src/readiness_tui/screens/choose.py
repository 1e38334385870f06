"""A short list to pick one item from, e.g. whose ballot to clear."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChooseDialog(ModalScreen[str | None]):
    """Pick one option with ↑/↓ and Enter; Escape picks nothing.

    Args:
        question: What the choice is for.
        options: (id, words shown) pairs.
    """

    BINDINGS = [
        # Close without choosing.
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, question: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.options = options

    def compose(self) -> ComposeResult:
        """The question and the list."""
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="question", markup=False)
            yield OptionList(
                *(Option(words, id=key) for key, words in self.options),
                id="choices",
                markup=False,
            )

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Close with the chosen option's id."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
