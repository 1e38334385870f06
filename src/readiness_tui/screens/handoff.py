"""The neutral screen between members: whose turn it is, and who has rated.

Nothing here shows any rating. It names the member who should take the
keyboard next and lists who has rated so far (never what they chose). A member
can only start their own ballot here; the facilitator's desk is behind Escape
and, when one is set, the facilitator's code.
"""

from __future__ import annotations

import time

from rich.align import Align
from rich.columns import Columns
from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Static

from readiness_tui.screens.base import PrivateScreen
from readiness_tui.screens.desk import ask_code, round_line
from readiness_tui.session import Round
from readiness_tui.widgets.title_bar import TitleBar


class HandoffScreen(PrivateScreen):
    """ "Pass the keyboard to NAME", or back to the facilitator when none is due.

    Args:
        seat: The member who rates next, or None when everyone present has
            rated and the keyboard goes back to the facilitator.
    """

    BINDINGS = [
        # The named member begins rating in private.
        Binding("enter", "start_ballot", "Start my ballot"),
        # With nobody due, Enter is the facilitator's way back to the desk.
        Binding("enter", "facilitator_enter", "Facilitator"),
        # The facilitator's way back to the desk (asks for the code if set).
        Binding("escape", "facilitator", "Facilitator"),
    ]

    def __init__(self, seat: int | None) -> None:
        super().__init__()
        self.seat = seat

    def compose(self) -> ComposeResult:
        """The round, the name in large type, and the progress line."""
        yield TitleBar()
        with Center(id="handoff"), Vertical(id="handoff-box"):
            yield Static(round_line(self.round, self.pack), id="round", markup=False)
            yield Static(id="pass-to")
            yield Static(id="instruction")
            yield Static(id="progress")
        yield Footer()

    @property
    def round(self) -> Round:
        """The round being rated."""
        round_ = self.workshop.open_round
        assert round_ is not None, "the handoff needs an open round"
        return round_

    def on_mount(self) -> None:
        """Fill in whose turn it is.

        Enter is ignored for a moment (`Settings.handoff_settle`) after the
        screen appears, so a double tap on the previous ballot's Confirm
        cannot open the next member's ballot or the facilitator's code.
        """
        self.ready_at = time.monotonic() + self.readiness.settings.handoff_settle
        if self.seat is not None:
            name = self.workshop.team.member(self.seat).name
            self.query_one("#pass-to", Static).update(
                Text.assemble("Pass the keyboard to\n\n", (name, "bold reverse"))
            )
            self.query_one("#instruction", Static).update(
                Text(f"{name}: press Enter when you are ready to rate in private.")
            )
        else:
            away = len(self.workshop.pending_seats())
            done = "Everyone has rated." if not away else "Everyone here has rated."
            self.query_one("#pass-to", Static).update(Text(done, style="bold"))
            self.query_one("#instruction", Static).update(
                "Pass the keyboard back to the facilitator, who presses Enter."
            )
        self.query_one("#progress", Static).update(self.progress())
        self.refresh_bindings()

    def progress(self) -> Group:
        """Who has rated (✓), who has not (·) and who is away (○), by name only.

        Each mark stays on the line of its own name, however the names wrap.
        """
        round_ = self.round
        members = self.workshop.team.members
        away = set(self.workshop.team.away)
        done = sum(1 for m in members if round_.ballot(m.seat) is not None)
        entries = []
        for member in members:
            if round_.ballot(member.seat) is not None:
                entry = Text("✓ ", style="bold")
            else:
                entry = Text("○ " if member.seat in away else "· ", style="dim")
            entry.append(member.name)
            entries.append(entry)
        legend = "✓ rated  · to rate  ○ away" if away else "✓ rated  · to rate"
        return Group(
            Text(f"{done} of {len(members)} have rated", justify="center"),
            Align.center(Columns(entries, padding=(0, 3))),
            Text(legend, style="dim", justify="center"),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter starts the named member's ballot, or goes to the facilitator."""
        if self.workshop.open_round is None:
            return False  # The round was revealed; the screen is on its way out.
        if action == "start_ballot":
            return self.seat is not None and not self.readiness.read_only
        if action == "facilitator_enter":
            return self.seat is None  # With a member named, Enter is theirs.
        if action == "facilitator":
            # With nobody due, Enter does this already: one key in the footer.
            return self.seat is not None
        return True

    @property
    def settled(self) -> bool:
        """True once the screen has been up long enough to take Enter."""
        return time.monotonic() >= self.ready_at

    def action_start_ballot(self) -> None:
        """Open the named member's ballot."""
        from readiness_tui.screens.ballot import BallotScreen

        if not self.settled or self.seat is None:
            return
        round_ = self.round
        if round_.ballot(self.seat) is not None:
            return  # Cleared and re-rated meanwhile: nothing to start.
        self.readiness.switch_to(BallotScreen(self.seat, round_.statements))

    def action_facilitator_enter(self) -> None:
        """Enter with nobody due: the facilitator takes the keyboard back."""
        self.action_facilitator()

    def action_facilitator(self) -> None:
        """Back to the facilitator's desk, through the code when one is set."""
        if not self.settled:
            return
        ask_code(self)
