"""Decisions: how far to go, the policies to change, and notes."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import (
    DataTable,
    Footer,
    Input,
    RadioSet,
    Static,
    TextArea,
)

from readiness_tui.report import write_beside
from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.screens.policy import PolicyDialog
from readiness_tui.session import LONG_TEXT_MAX, Policy, Step, Workshop
from readiness_tui.widgets.entry import EntryInput
from readiness_tui.widgets.marked_radio import ChosenRadioSet, MarkedRadioButton
from readiness_tui.widgets.notes_area import NotesArea
from readiness_tui.widgets.title_bar import TitleBar

POLICY_WIDTHS = {"text": 24, "area": 14, "owner": 12}
"""Characters shown of a policy's text, area and owner in the table.

Chosen so the whole row, due date included, fits an 80-column terminal: 80
less the screen's padding (4) and the table's scroll bar (2) leaves 74; the
number (up to 2) and due date (10) columns and 2 columns of cell padding
around each of the five leave 74 - 12 - 10 = 52, of which these take 50.
"""


def shorten(text: str, width: int) -> str:
    """The first line of `text`, cut to `width` characters with an ellipsis."""
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= width else line[: width - 1] + "…"


class DecisionsScreen(WorkshopScreen):
    """The capacity decision and its scope, policies to change, and free notes.

    Every change is saved: choices at once, typing a moment after it pauses.
    """

    BINDINGS = [
        # Add a policy to change.
        Binding("a", "add_policy", "Add policy"),
        # Edit the highlighted policy.
        Binding("e", "edit_policy", "Edit"),
        # Remove the highlighted policy, after asking.
        Binding("x", "remove_policy", "Remove"),
        # Move the highlighted policy up the list.
        Binding("u", "move_policy(-1)", "Up"),
        # Move the highlighted policy down the list.
        Binding("d", "move_policy(1)", "Down"),
        # From the scope or notes, out of the field to the capacity choice;
        # else back to reconcile. Everything here is kept.
        Binding("escape", "back", "Reconcile"),
        # Write the Markdown and HTML reports next to the session file.
        Binding("w", "write_report", "Write report"),
    ]

    class ReportWritten(Message):
        """The reports were written beside the session file.

        Args:
            paths: The files written.
        """

        def __init__(self, paths: list[Path]) -> None:
            super().__init__()
            self.paths = paths

    class ReportFailed(Message):
        """A report could not be written.

        Args:
            reason: Why, in words.
        """

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def compose(self) -> ComposeResult:
        """Capacity choice, scope, policy table, notes, and where it is saved."""
        discussion = self.pack.discussion
        decisions = self.workshop.decisions
        yield TitleBar()
        with VerticalScroll(id="decisions"):
            yield Static(discussion.capacity_question, classes="hint", markup=False)
            with ChosenRadioSet(id="capacity"):
                for option in discussion.capacity_options:
                    yield MarkedRadioButton(
                        Text(option.label),
                        value=decisions.capacity == option.id,
                        id=f"capacity-{option.id}",
                    )
            yield EntryInput(
                value=decisions.scope,
                placeholder="Scope in words, e.g. grade 9 mathematics in two schools",
                max_length=2000,
                id="scope",
            )
            yield Static(
                f"{discussion.policy_question} (a: add, Enter/e: edit, x: remove, "
                "u/d: reorder)",
                classes="hint",
                markup=False,
            )
            yield DataTable(id="policies", cursor_type="row", zebra_stripes=True)
            yield Static("Notes (Escape: leave the notes):", classes="hint")
            yield NotesArea(
                decisions.notes, id="notes", soft_wrap=True, max_length=LONG_TEXT_MAX
            )
            yield Static(id="saved-at", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the policy table and start on the capacity choice."""
        table = self.query_one("#policies", DataTable)
        table.add_columns("#", "Policy", "Area", "Owner", "Due")
        self.refresh_policies()
        self.query_one("#saved-at", Static).update(
            Text(f"Saved as you go in {self.readiness.session_path}")
        )
        self.query_one("#capacity", RadioSet).focus()

    CHANGES = frozenset(
        {"add_policy", "edit_policy", "remove_policy", "move_policy", "write_report"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the policy keys only while the policy table has the focus.

        A read-only copy writes no report: it might hold an older workshop
        than the copy that is saving, and would overwrite its report.
        """
        if self.changes_refused(action):
            return False
        if action in {"edit_policy", "remove_policy", "move_policy"}:
            focused = self.focused
            return focused is not None and focused.id == "policies"
        return True

    @property
    def policies(self) -> list[Policy]:
        """The policies to change, in order."""
        return self.workshop.decisions.policies

    def area_label(self, area_id: str) -> str:
        """The words for a policy area id."""
        for area in self.pack.discussion.policy_areas:
            if area.id == area_id:
                return area.label
        return area_id

    def refresh_policies(self, row: int | None = None) -> None:
        """Redraw the policy table, moving the cursor to `row` if given."""
        table = self.query_one("#policies", DataTable)
        table.clear()
        for number, policy in enumerate(self.policies, 1):
            table.add_row(
                str(number),
                Text(shorten(policy.text, POLICY_WIDTHS["text"])),
                Text(shorten(self.area_label(policy.area), POLICY_WIDTHS["area"])),
                Text(shorten(policy.owner, POLICY_WIDTHS["owner"])),
                policy.due.isoformat() if policy.due else "",
            )
        if row is not None and self.policies:
            table.move_cursor(row=min(row, len(self.policies) - 1))

    @on(RadioSet.Changed, "#capacity")
    def set_capacity(self, event: RadioSet.Changed) -> None:
        """Record the capacity decision and save."""
        options = self.pack.discussion.capacity_options
        self.workshop.decisions.capacity = options[event.index].id
        self.readiness.save()

    @on(Input.Changed, "#scope")
    def set_scope(self, event: Input.Changed) -> None:
        """Record the scope; saved once typing pauses."""
        self.workshop.decisions.scope = event.value
        self.readiness.save_soon()

    @on(Input.Submitted, "#scope")
    def scope_done(self) -> None:
        """Save the scope now and move on to the policies."""
        self.readiness.save()
        self.query_one("#policies", DataTable).focus()

    @on(TextArea.Changed, "#notes")
    def set_notes(self, event: TextArea.Changed) -> None:
        """Record the notes; saved once typing pauses."""
        self.workshop.decisions.notes = event.text_area.text
        self.readiness.save_soon()

    @on(DataTable.RowSelected, "#policies")
    def edit_selected(self) -> None:
        """Enter on a policy edits it."""
        self.action_edit_policy()

    def action_add_policy(self) -> None:
        """Open the policy dialog for a new policy."""

        def added(policy: Policy) -> None:
            self.policies.append(policy)
            self.readiness.save()
            self.refresh_policies(row=len(self.policies) - 1)
            self.query_one("#policies", DataTable).focus()

        areas = self.pack.discussion.policy_areas
        self.app.push_screen(PolicyDialog(areas, added))

    def action_edit_policy(self) -> None:
        """Open the policy dialog on the highlighted policy."""
        row = self.query_one("#policies", DataTable).cursor_row
        if not 0 <= row < len(self.policies):
            return

        def edited(policy: Policy) -> None:
            self.policies[row] = policy
            self.readiness.save()
            self.refresh_policies(row=row)

        areas = self.pack.discussion.policy_areas
        self.app.push_screen(PolicyDialog(areas, edited, self.policies[row]))

    def action_remove_policy(self) -> None:
        """After asking, remove the highlighted policy."""
        row = self.query_one("#policies", DataTable).cursor_row
        if not 0 <= row < len(self.policies):
            return

        def answered(remove: bool | None) -> None:
            if remove:
                del self.policies[row]
                self.readiness.save()
                self.refresh_policies(row=row)

        text = self.policies[row].text
        self.app.push_screen(
            ConfirmDialog(f"Remove the policy {text!r}?", yes="Remove"), answered
        )

    def action_move_policy(self, step: int) -> None:
        """Move the highlighted policy up or down."""
        row = self.query_one("#policies", DataTable).cursor_row
        target = row + step
        if not (0 <= row < len(self.policies) and 0 <= target < len(self.policies)):
            return
        policies = self.policies
        policies[row], policies[target] = policies[target], policies[row]
        self.readiness.save()
        self.refresh_policies(row=target)

    def action_write_report(self) -> None:
        """Save, then write the reports from a copy of the workshop, off the UI."""
        session_path = self.readiness.session_path
        if session_path is None:
            self.notify("The workshop has no file yet.", severity="error")
            return
        self.readiness.save()
        self.write_reports(self.workshop.model_copy(deep=True), session_path)

    @work(thread=True, exclusive=True, group="report")
    def write_reports(self, workshop: Workshop, session_path: Path) -> None:
        """Write the reports (a thread: fsync may wait on a slow disk)."""
        try:
            written = write_beside(workshop, self.pack, session_path)
        except OSError as error:
            where = error.filename or session_path.parent
            self.post_message(self.ReportFailed(f"{where}: {error.strerror}"))
            return
        self.post_message(self.ReportWritten(written))

    @on(ReportWritten)
    def report_written(self, event: ReportWritten) -> None:
        """Say where the reports are."""
        names = " and ".join(path.name for path in event.paths)
        self.notify(
            f"Wrote {names} in {event.paths[0].parent}",
            title="Report written",
            markup=False,
        )

    @on(ReportFailed)
    def report_failed(self, event: ReportFailed) -> None:
        """Say why the reports could not be written."""
        self.notify(
            f"Could not write the report: {event.reason}",
            title="Report not written",
            severity="error",
            markup=False,
        )

    def action_back(self) -> None:
        """From the scope or notes to the capacity choice; else back to reconcile.

        Escape in a text field leaves the field, as it does on reconcile,
        rather than the whole screen.
        """
        if self.focused in (
            self.query_one("#scope", Input),
            self.query_one("#notes", TextArea),
        ):
            self.query_one("#capacity", RadioSet).focus()
            return
        self.readiness.save()
        self.readiness.go_to(Step.RECONCILE)
