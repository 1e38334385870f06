"""A one-field question: a late member's name, or the facilitator's code."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from readiness_tui.widgets.entry import EntryInput

Check = Callable[[str], str]
"""Looks at the typed text; returns what is wrong with it, or "" if it will do."""


class AskDialog(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels.

    The answer is checked before the dialog closes: a problem is shown under
    the field and the dialog stays, so nothing typed is lost to a mistake.

    Args:
        question: What to type, in a sentence.
        placeholder: The hint shown in the empty field.
        check: Says what is wrong with an answer, or "" to accept it.
        hidden: Show dots instead of the characters (for the facilitator's
            code, which may be on a projector).
        max_length: The longest answer.
        value: Text already in the field, to be corrected (a member's name).
    """

    BINDINGS = [
        # Close without an answer.
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        question: str,
        placeholder: str = "",
        check: Check | None = None,
        *,
        hidden: bool = False,
        max_length: int = 60,
        value: str = "",
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.check = check
        self.hidden = hidden
        self.max_length = max_length
        self.value = value

    def compose(self) -> ComposeResult:
        """The question, the field and a line for problems."""
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="question", markup=False)
            yield EntryInput(
                placeholder=self.placeholder,
                password=self.hidden,
                max_length=self.max_length,
                value=self.value,
                id="answer",
            )
            yield Static(id="ask-error", markup=False)
            yield Static("Enter  OK     Escape  Cancel", id="answers")

    @on(Input.Submitted, "#answer")
    def answer(self, event: Input.Submitted) -> None:
        """Close with the answer, or say what is wrong and let it be corrected."""
        if not self.is_current:
            return  # A second Enter in the same read: the dialog has closed.
        text = event.value.strip()
        problem = self.check(text) if self.check is not None else ""
        if problem:
            self.query_one("#ask-error", Static).update(problem)
            if self.hidden:
                event.input.value = ""
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
