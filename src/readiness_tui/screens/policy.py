"""The dialog for one policy to change: text, area, owner and due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from readiness_tui.content import Choice
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.session import Policy
from readiness_tui.widgets.entry import EntryInput


def parse_due(text: str) -> dt.date | None:
    """A due date typed as YYYY-MM-DD, or None when left empty.

    Raises:
        ValueError: The text is not a real date in that form.
    """
    text = text.strip()
    if not text:
        return None
    return dt.date.fromisoformat(text)


AREA_MARK = "›"
"""Marks the chosen policy area in text, beside the list's highlight."""


def area_prompt(area: Choice, chosen: bool) -> str:
    """An area's line in the list: its label, marked if it is the one chosen.

    The highlight alone is a background colour, lost on a washed-out
    projector and under NO_COLOR.
    """
    return f"{AREA_MARK if chosen else ' '} {area.label}"


class PolicyDialog(ModalScreen[None]):
    """Add or edit a policy; Enter in any field saves, Escape cancels.

    Escape after a change asks before throwing the change away.

    Args:
        areas: The pack's policy areas to file the policy under.
        keep: Stores the policy (adds it, or replaces the one edited) and
            saves the workshop. Called at once, not after the dialog closes,
            so a quit or a hang-up can keep a policy still being typed.
        policy: The policy to edit, or None to add a new one.
    """

    BINDINGS = [
        # Close without changing anything; asks first if a field was changed.
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        areas: list[Choice],
        keep: Callable[[Policy], None],
        policy: Policy | None = None,
    ) -> None:
        super().__init__()
        self.areas = areas
        self.keep = keep
        self.policy = policy
        # The fields as the dialog opened, set on mount; Escape compares.
        self.opened_with: tuple[str, str, str, str] = ("", "", "", "")

    def compose(self) -> ComposeResult:
        """Policy text, area list, owner and due date, and an error line."""
        policy = self.policy
        with VerticalScroll(id="policy-box"):
            yield Label("Policy to change (Tab: next field, Enter: save, Esc: cancel)")
            yield EntryInput(
                value=policy.text if policy else "",
                placeholder="What must change",
                max_length=2000,
                id="policy-text",
            )
            yield Label(f"Policy area (↑/↓; {AREA_MARK} marks the one chosen)")
            yield OptionList(
                *(Option(area_prompt(a, False), id=a.id) for a in self.areas),
                id="policy-area",
                markup=False,
            )
            yield EntryInput(
                value=policy.owner if policy else "",
                placeholder="Owner, e.g. Director of Technology",
                max_length=200,
                id="policy-owner",
            )
            yield EntryInput(
                value=policy.due.isoformat() if policy and policy.due else "",
                placeholder="Due date, YYYY-MM-DD (optional)",
                # Room for spaces around a pasted date; they are stripped.
                max_length=20,
                id="policy-due",
            )
            yield Static(id="policy-error")

    def on_mount(self) -> None:
        """Highlight and mark the policy's area, and start in the policy text.

        A new policy starts on the first area, marked, so the default shows.
        """
        area_ids = [a.id for a in self.areas]
        index = 0
        if self.policy and self.policy.area in area_ids:
            index = area_ids.index(self.policy.area)
        self.query_one("#policy-area", OptionList).highlighted = index
        self.mark_area(index)
        self.opened_with = self.fields()
        self.query_one("#policy-text", Input).focus()

    @on(OptionList.OptionHighlighted, "#policy-area")
    def area_moved(self, event: OptionList.OptionHighlighted) -> None:
        """Move the mark to the area the highlight moved to."""
        self.mark_area(event.option_index)

    def mark_area(self, chosen: int) -> None:
        """Mark the area at `chosen` in its text, and no other."""
        area = self.query_one("#policy-area", OptionList)
        for index, choice in enumerate(self.areas):
            area.replace_option_prompt_at_index(
                index, area_prompt(choice, index == chosen)
            )

    @on(Input.Submitted)
    @on(OptionList.OptionSelected, "#policy-area")
    def save(self) -> None:
        """Check the fields and close with the policy, or say what is wrong."""
        error = self.query_one("#policy-error", Static)
        text = self.query_one("#policy-text", Input).value.strip()
        if not text:
            error.update("Type what must change before saving.")
            self.query_one("#policy-text", Input).focus()
            return
        due_input = self.query_one("#policy-due", Input)
        try:
            due = parse_due(due_input.value)
        except ValueError:
            error.update(
                f"{due_input.value.strip()!r} is not a date; "
                "type it as YYYY-MM-DD, e.g. 2027-03-31."
            )
            due_input.focus()
            return
        self.keep(self.policy_typed(text, due))
        self.dismiss()

    def fields(self) -> tuple[str, str, str, str]:
        """What the fields hold: text, area id, owner and due date, as typed."""
        index = self.query_one("#policy-area", OptionList).highlighted or 0
        return (
            self.query_one("#policy-text", Input).value,
            self.areas[index].id,
            self.query_one("#policy-owner", Input).value,
            self.query_one("#policy-due", Input).value,
        )

    def policy_typed(self, text: str, due: dt.date | None) -> Policy:
        """The policy as the fields hold it, with this text and due date."""
        index = self.query_one("#policy-area", OptionList).highlighted or 0
        return Policy(
            text=text,
            area=self.areas[index].id,
            owner=self.query_one("#policy-owner", Input).value.strip(),
            due=due,
        )

    def keep_draft(self) -> bool:
        """Keep what is typed, as the app quits or the terminal hangs up.

        A due date that is not a date yet is left as it was (or empty).

        Returns:
            True if a policy was kept (its text was not empty).
        """
        text = self.query_one("#policy-text", Input).value.strip()
        if not text:
            return False
        try:
            due = parse_due(self.query_one("#policy-due", Input).value)
        except ValueError:
            due = self.policy.due if self.policy else None
        self.keep(self.policy_typed(text, due))
        return True

    def action_cancel(self) -> None:
        """Close without a policy, asking first if any field was changed.

        Answering no (or Escape again) goes back to the fields, text intact.
        """
        if self.fields() == self.opened_with:
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        what = "this policy" if self.policy is None else "the changes to this policy"
        self.app.push_screen(
            ConfirmDialog(f"Throw away {what}?", yes="Discard"), answered
        )
