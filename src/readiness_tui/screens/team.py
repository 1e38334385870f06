"""The team: who rates, in which order, and what the reveal shows."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    Button,
    Footer,
    Input,
    OptionList,
    RadioSet,
    Static,
)

from readiness_tui.screens.ask import AskDialog
from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.session import Member, Step
from readiness_tui.text import clean
from readiness_tui.widgets.entry import EntryInput
from readiness_tui.widgets.marked_radio import ChosenRadioSet, MarkedRadioButton
from readiness_tui.widgets.title_bar import TitleBar

MAX_MEMBERS = 40
"""More members than a leadership team has; keeps the handoff list readable."""


def name_problem(name: str, taken: list[str]) -> str:
    """What is wrong with a member's name, or "" if it will do.

    Args:
        name: The name as it will be stored (cleaned, spaces folded).
        taken: The other members' names; case is ignored when comparing.
    """
    if not name:
        return "Type the member's name."
    if name.casefold() in (t.casefold() for t in taken):
        return f"{name} is already on the team; add an initial to tell them apart."
    return ""


def rename_dialog(name: str, taken: list[str]) -> AskDialog:
    """Ask for a member's corrected name, starting from `name`.

    The dialog closes with the name cleaned and its spaces folded, or with
    None if the facilitator pressed Escape.
    """
    return AskDialog(
        f"Correct the name of {name}:",
        placeholder="Member name",
        check=lambda typed: name_problem(folded(typed), taken),
        value=name,
    )


def folded(typed: str) -> str:
    """A typed name without control characters and with single spaces."""
    return " ".join(clean(typed).split())


class TeamScreen(WorkshopScreen):
    """Type the members in handoff order, or give a number of anonymous seats."""

    BINDINGS = [
        # Back to the scenario; the team typed so far is kept.
        Binding("escape", "back", "Scenario"),
        # Move the highlighted member earlier in the handoff order.
        Binding("u", "move_member(-1)", "Move up"),
        # Move the highlighted member later in the handoff order.
        Binding("d", "move_member(1)", "Move down"),
        # Take the highlighted member off the team.
        Binding("x", "remove_member", "Remove"),
        # Correct the highlighted member's name.
        Binding("n", "rename_member", "Rename"),
    ]

    def compose(self) -> ComposeResult:
        """Name field, member list, anonymous seats, reveal mode, start button."""
        team = self.workshop.team
        yield TitleBar()
        with VerticalScroll(id="team"):
            yield Static(
                "Type each member's name and press Enter, in the order the "
                "keyboard will pass. Enter on an empty name starts rating.",
                classes="hint",
            )
            yield EntryInput(
                placeholder="Member name",
                max_length=60,
                clear_on_submit=True,
                id="member-name",
            )
            yield OptionList(id="members", markup=False)
            yield EntryInput(
                placeholder="…or, with no names, the number of anonymous seats",
                type="integer",
                max_length=2,
                id="seats",
            )
            with ChosenRadioSet(id="reveal"):
                yield MarkedRadioButton(
                    "The reveal shows who gave which rating",
                    value=team.reveal == "names",
                    id="reveal-names",
                )
                yield MarkedRadioButton(
                    "The reveal shows counts only",
                    value=team.reveal == "counts",
                    id="reveal-counts",
                )
            yield Button("Start rating", id="start-rating", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Show any members already typed and put the cursor in the name field."""
        self.refresh_members()
        team = self.workshop.team
        if team.anonymous:
            self.query_one("#seats", Input).value = str(len(team.members))
        self.query_one("#member-name", Input).focus()

    @property
    def names(self) -> list[str]:
        """The named members typed so far, in order."""
        team = self.workshop.team
        return [] if team.anonymous else [m.name for m in team.members]

    def set_names(self, names: list[str]) -> None:
        """Store the named team, renumbering seats in order, and save."""
        team = self.workshop.team
        team.anonymous = False
        team.members = [Member(seat=n, name=name) for n, name in enumerate(names, 1)]
        team.away = []
        self.readiness.save()
        self.refresh_members()

    def refresh_members(self, highlight: int | None = None) -> None:
        """Redraw the member list, keeping or moving its highlight."""
        members = self.query_one("#members", OptionList)
        previous = members.highlighted
        members.clear_options()
        members.add_options(f"{n}. {name}" for n, name in enumerate(self.names, 1))
        members.display = bool(self.names)
        if self.names:
            index = highlight if highlight is not None else previous or 0
            members.highlighted = min(index, len(self.names) - 1)

    CHANGES = frozenset({"move_member", "remove_member", "rename_member"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the list's keys only while the member list has the focus."""
        if self.changes_refused(action):
            return False
        if action in {"move_member", "remove_member", "rename_member"}:
            focused = self.focused
            return focused is not None and focused.id == "members"
        return True

    @on(Input.Submitted, "#member-name")
    def add_member(self, event: Input.Submitted) -> None:
        """Add the typed name, or start rating when the field is empty."""
        name = " ".join(event.value.split())
        if not name:
            self.start_rating()
        elif not self.add_name(name) and not event.input.value:
            # Refused: give the text back to correct.
            self.query_one("#member-name", EntryInput).give_back(name)

    def add_name(self, name: str) -> bool:
        """Add a member at the end of the order, unless the name is taken.

        Returns:
            True if the member was added.
        """
        problem = name_problem(name, self.names)
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return False
        if len(self.names) >= MAX_MEMBERS:
            self.notify(
                f"A team has at most {MAX_MEMBERS} members.", severity="warning"
            )
            return False
        self.set_names([*self.names, name])
        return True

    @on(Input.Submitted, "#seats")
    @on(Button.Pressed, "#start-rating")
    def start_rating(self) -> None:
        """Fix the team and pass the keyboard to the first member.

        A name still in the field (typed but not yet added) joins the team.
        """
        field = self.query_one("#member-name", Input)
        typed = " ".join(field.value.split())
        if typed:
            if not self.add_name(typed):
                return
            field.value = ""
        team = self.workshop.team
        if not self.names:
            seats = self.query_one("#seats", Input).value.strip()
            count = int(seats) if seats.isdigit() else 0
            if not 1 <= count <= MAX_MEMBERS:
                self.notify(
                    "Type at least one name, or a number of anonymous seats "
                    f"from 1 to {MAX_MEMBERS}.",
                    severity="warning",
                )
                return
            team.anonymous = True
            team.away = []
            team.members = [
                Member(seat=n, name=f"Member {n}") for n in range(1, count + 1)
            ]
        pack = self.pack
        self.workshop.start_round([s.id for s in pack.survey.statements])
        self.readiness.go_to(Step.RATING)

    @on(RadioSet.Changed, "#reveal")
    def set_reveal(self, event: RadioSet.Changed) -> None:
        """Record whether the reveal shows names, and save."""
        names = event.pressed.id == "reveal-names"
        self.workshop.team.reveal = "names" if names else "counts"
        self.readiness.save()

    def action_move_member(self, step: int) -> None:
        """Move the highlighted member up or down the handoff order."""
        members = self.query_one("#members", OptionList)
        index = members.highlighted
        names = self.names
        if index is None or not 0 <= index + step < len(names):
            return
        names[index], names[index + step] = names[index + step], names[index]
        self.set_names(names)
        self.refresh_members(highlight=index + step)

    def action_remove_member(self) -> None:
        """After asking, take the highlighted member off the team."""
        members = self.query_one("#members", OptionList)
        index = members.highlighted
        names = self.names
        if index is None or not names:
            return

        def answered(remove: bool | None) -> None:
            if not remove:
                return
            removed = names.pop(index)
            self.set_names(names)
            self.notify(f"Removed {removed}.", markup=False)
            if not names:
                self.query_one("#member-name", Input).focus()

        self.app.push_screen(
            ConfirmDialog(f"Remove {names[index]} from the team?", yes="Remove"),
            answered,
        )

    def action_rename_member(self) -> None:
        """Correct the highlighted member's name, keeping their place."""
        index = self.query_one("#members", OptionList).highlighted
        names = self.names
        if index is None or not names:
            return
        others = names[:index] + names[index + 1 :]

        def rename(name: str | None) -> None:
            if name is not None:
                names[index] = folded(name)
                self.set_names(names)
                self.refresh_members(highlight=index)

        self.app.push_screen(rename_dialog(names[index], others), rename)

    def action_back(self) -> None:
        """Back to the scenario."""
        self.readiness.go_to(Step.SCENARIO)
