"""The neutral screen between members: whose turn it is, and who has rated.

Nothing here shows any rating. It names the member who should take the
keyboard next and lists who has rated so far (never what they chose).
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Header, Static

from readiness_tui.screens.base import PrivateScreen
from readiness_tui.screens.choose import ChooseDialog
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.session import Round, Step


class HandoffScreen(PrivateScreen):
    """ "Pass the keyboard to NAME", with the round's progress by name only."""

    BINDINGS = [
        # The named member begins rating in private.
        Binding("enter", "start_ballot", "Start my ballot"),
        # Once everyone has rated, the facilitator shows the ratings.
        Binding("enter", "reveal", "Reveal the ratings"),
        # Back to the team, allowed only before anyone has rated.
        Binding("escape", "back", "Team"),
        # Call off a re-rating round before anyone has rated in it.
        Binding("escape", "cancel_round", "Cancel re-rating"),
        # Delete one member's ballot, unseen, so that member rates again.
        Binding("c", "clear_ballot", "Clear a ballot"),
    ]

    def compose(self) -> ComposeResult:
        """The round, the name in large type, and the progress line."""
        yield Header()
        with Center(id="handoff"), Vertical(id="handoff-box"):
            yield Static(self.round_line(), id="round", markup=False)
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

    def round_line(self) -> str:
        """What this round rates: the whole survey or one statement again."""
        round_ = self.round
        count = len(round_.statements)
        if round_.number == 1:
            return f"Round 1 · {self.pack.survey.title} · {count} statements"
        text = self.pack.survey.statement(round_.statements[0]).text
        short = text if len(text) <= 50 else text[:49] + "…"
        return f"Round {round_.number} · rating again: {short}"

    def on_mount(self) -> None:
        """Fill in whose turn it is.

        Enter is ignored for a moment (`Settings.handoff_settle`) after the
        screen appears, so a double tap on the previous ballot's Confirm
        cannot open the next member's ballot or the reveal.
        """
        self.ready_at = time.monotonic() + self.readiness.settings.handoff_settle
        pending = self.workshop.pending_seats()
        team = self.workshop.team
        if pending:
            name = team.member(pending[0]).name
            self.query_one("#pass-to", Static).update(
                Text.assemble("Pass the keyboard to\n\n", (name, "bold reverse"))
            )
            self.query_one("#instruction", Static).update(
                Text(f"{name}: press Enter when you are ready to rate in private.")
            )
        else:
            self.query_one("#pass-to", Static).update(
                Text("Everyone has rated.", style="bold")
            )
            self.query_one("#instruction", Static).update(
                "Pass the keyboard back to the facilitator, "
                "who presses Enter to reveal the ratings."
            )
        self.query_one("#progress", Static).update(self.progress())
        self.refresh_bindings()

    def progress(self) -> Text:
        """Who has rated (✓) and who has not (·), by name, never by value."""
        round_ = self.round
        members = self.workshop.team.members
        done = sum(1 for m in members if round_.ballot(m.seat) is not None)
        text = Text(f"{done} of {len(members)} have rated\n")
        for member in members:
            rated = round_.ballot(member.seat) is not None
            text.append("✓ " if rated else "· ", style="bold" if rated else "dim")
            text.append(member.name)
            text.append("   ")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the ballot or the reveal, and going back only before any rating.

        Going back to the team is allowed only before anyone in round 1 rated.
        """
        if self.workshop.open_round is None:
            # The reveal has just closed the round; the screen is on its way
            # out, but its footer may still ask about its keys.
            return action not in {
                "clear_ballot",
                "start_ballot",
                "reveal",
                "back",
                "cancel_round",
            }
        if self.readiness.read_only and action in {
            "clear_ballot",
            "start_ballot",
            "reveal",
        }:
            return False  # A read-only copy must not rate, clear or reveal.
        if action == "clear_ballot":
            return bool(self.round.ballots)
        if action == "start_ballot":
            return bool(self.workshop.pending_seats())
        if action == "reveal":
            return not self.workshop.pending_seats()
        if action in {"back", "cancel_round"}:
            round_ = self.round
            first = round_.number == 1
            return not round_.ballots and first == (action == "back")
        return True

    @property
    def settled(self) -> bool:
        """True once the screen has been up long enough to take Enter."""
        return time.monotonic() >= self.ready_at

    def action_start_ballot(self) -> None:
        """Open the next member's ballot."""
        from readiness_tui.screens.ballot import BallotScreen

        if not self.settled:
            return

        seat = self.workshop.pending_seats()[0]
        self.readiness.switch_to(BallotScreen(seat, self.round.statements))

    def action_reveal(self) -> None:
        """Show everyone's ratings: the round becomes the current one."""
        if not self.settled:
            return
        self.workshop.reveal_open_round()
        self.readiness.go_to(Step.REVEAL)

    def action_back(self) -> None:
        """Drop the empty first round and return to the team."""
        self.workshop.rounds.pop()
        self.readiness.go_to(Step.TEAM)

    def action_clear_ballot(self) -> None:
        """Ask whose ballot to clear, confirm, then delete it without showing it."""
        team = self.workshop.team
        rated = [
            (str(ballot.seat), team.member(ballot.seat).name)
            for ballot in self.round.ballots
        ]

        def confirmed(clear: bool | None, seat: int, name: str) -> None:
            if clear:
                self.workshop.clear_ballot(seat)
                self.readiness.save()
                self.notify(f"{name}'s ballot is cleared.", markup=False)
                self.readiness.switch_to(HandoffScreen())

        def chosen(seat: str | None) -> None:
            if seat is None:
                return
            name = team.member(int(seat)).name
            self.app.push_screen(
                ConfirmDialog(
                    f"Clear {name}'s ballot? Their answers are deleted without "
                    "being shown, and they rate again.",
                    yes="Clear",
                ),
                lambda clear: confirmed(clear, int(seat), name),
            )

        self.app.push_screen(
            ChooseDialog("Whose ballot should be cleared?", rated), chosen
        )

    def action_cancel_round(self) -> None:
        """Drop the empty re-rating round and return to reconcile."""
        self.workshop.rounds.pop()
        self.readiness.go_to(Step.RECONCILE)
