"""The facilitator's desk for a round of rating: who rates next, and when to reveal.

Members never use this screen. It is where the rating step opens, and where a
member's screen leads back to only through the facilitator's code (when one
is set). From here the facilitator passes the keyboard to anyone still to rate,
in any order; marks a member who stepped out as away (the handoff skips them)
and back; adds a member who came late; clears a mistyped ballot unseen; and
reveals the ratings, before everyone has rated only after saying who has not.
Nothing here shows a rating.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from readiness_tui.content import Pack
from readiness_tui.screens.ask import AskDialog
from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.screens.team import (
    MAX_MEMBERS,
    folded,
    name_problem,
    rename_dialog,
)
from readiness_tui.session import Member, Round, Step, code_matches, hash_code
from readiness_tui.widgets.title_bar import TitleBar

REVEAL = "-reveal"
"""The list's option id for revealing; member options are seat numbers."""

CURSOR = "› "
"""Put before the highlighted line, so the highlight shows without colour
(a faded projector, NO_COLOR); the other lines start with as many spaces."""


def round_line(round_: Round, pack: Pack) -> str:
    """What a round rates: the whole survey, or one statement again."""
    if round_.number == 1:
        count = len(round_.statements)
        return f"Round 1 · {pack.survey.title} · {count} statements"
    text = pack.survey.statement(round_.statements[0]).text
    short = text if len(text) <= 50 else text[:49] + "…"
    return f"Round {round_.number} · rating again: {short}"


def names(members: list[Member]) -> str:
    """Members' names for a sentence: "Ana", "Ana and Ben", "Ana, Ben and Cy"."""
    words = [m.name for m in members]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


class RatingDeskScreen(WorkshopScreen):
    """The round's members with where each stands, and the facilitator's keys."""

    BINDINGS = [
        # Mark the highlighted member as stepped out (skipped) or back.
        Binding("s", "toggle_away", "Away/back"),
        # Add a member who arrived late; they rate at a handoff.
        Binding("a", "add_member", "Add member"),
        # Correct the highlighted member's name (a named team only); left out
        # of the footer, which it would overflow at 80 columns (`?` lists it).
        Binding("n", "rename_member", "Rename", show=False),
        # Delete the highlighted member's ballot unseen, so they rate again.
        Binding("c", "clear_ballot", "Clear ballot"),
        # Show the ratings; asks first if anyone has not rated.
        Binding("r", "reveal", "Reveal"),
        # Set, change or remove the code that guards this screen; the line
        # under the list names the key, so the footer leaves it out.
        Binding("k", "set_code", "Code", show=False),
        # Back to the team (or reconcile), dropping this round after asking.
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        """The round, the progress, the member list and a line about the code."""
        self.lines: dict[str, str] = {}
        """Each line of the member list without its cursor, by option id."""
        yield TitleBar()
        with VerticalScroll(id="desk"):
            yield Static(
                round_line(self.round, self.pack),
                id="desk-round",
                classes="heading",
                markup=False,
            )
            yield Static(id="desk-progress")
            yield OptionList(id="desk-members", markup=False)
            yield Static(id="desk-code", classes="hint")
        yield Footer()

    @property
    def round(self) -> Round:
        """The round being rated."""
        round_ = self.workshop.open_round
        assert round_ is not None, "the desk needs an open round"
        return round_

    def on_mount(self) -> None:
        """Show where everyone stands; offer a code if none was ever set."""
        self.show_members()
        app = self.readiness
        if not (self.workshop.facilitator_code or app.read_only or app.code_offered):
            app.code_offered = True
            self.action_set_code()

    def focus_main(self) -> None:
        """The member list takes the keys."""
        self.query_one("#desk-members", OptionList).focus()

    def show_members(self, highlight: str | None = None) -> None:
        """Redraw the list, highlighting `highlight` or who should rate next."""
        workshop = self.workshop
        round_ = self.round
        members = workshop.team.members
        away = set(workshop.team.away)
        rated = sum(1 for m in members if round_.ballot(m.seat) is not None)
        self.query_one("#desk-progress", Static).update(
            Text(
                f"{rated} of {len(members)} have rated. Enter passes the keyboard "
                "to the highlighted member; anyone may go next."
            )
        )
        listing = self.query_one("#desk-members", OptionList)
        listing.clear_options()
        self.lines = {}
        for member in members:
            if round_.ballot(member.seat) is not None:
                state = "✓ rated"
            elif member.seat in away:
                state = "○ away (skipped)"
            else:
                state = "· to rate"
            self.lines[str(member.seat)] = f"{state:<17} {member.name}"
        self.lines[REVEAL] = "Reveal the ratings"
        for option_id, line in self.lines.items():
            listing.add_option(Option(" " * len(CURSOR) + line, id=option_id))
        if highlight is None:
            seat = workshop.next_seat()
            highlight = REVEAL if seat is None else str(seat)
        listing.highlighted = listing.get_option_index(highlight)
        listing.focus()
        self.query_one("#desk-code", Static).update(self.code_line())

    @on(OptionList.OptionHighlighted, "#desk-members")
    def move_cursor(self, event: OptionList.OptionHighlighted) -> None:
        """Put `CURSOR` on the highlighted line, and only there."""
        listing = event.option_list
        for index, line in enumerate(self.lines.values()):
            mark = CURSOR if index == event.option_index else " " * len(CURSOR)
            listing.replace_option_prompt_at_index(index, mark + line)

    def code_line(self) -> str:
        """Whether a code keeps members from opening this desk."""
        if self.workshop.facilitator_code:
            return (
                "A member's screen comes back here only with the facilitator's "
                "code (k changes it)."
            )
        return (
            "No facilitator's code: a member could come back here with Escape. "
            "k sets one."
        )

    @property
    def highlighted(self) -> str | None:
        """The id of the highlighted option: a seat number or `REVEAL`."""
        listing = self.query_one("#desk-members", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @property
    def highlighted_member(self) -> Member | None:
        """The highlighted member, if a member (not the reveal) is highlighted."""
        option = self.highlighted
        if option is None or option == REVEAL:
            return None
        return self.workshop.team.member(int(option))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what fits the highlighted line; nothing to a read-only copy."""
        if self.workshop.open_round is None:
            return False  # The reveal has closed the round; the screen is leaving.
        if self.readiness.read_only:
            return action == "back" and not self.round.ballots
        member = self.highlighted_member
        if action == "toggle_away":
            return member is not None and self.round.ballot(member.seat) is None
        if action == "clear_ballot":
            return member is not None and self.round.ballot(member.seat) is not None
        if action == "reveal":
            return bool(self.round.ballots)
        if action == "rename_member":
            return member is not None and not self.workshop.team.anonymous
        return True

    @on(OptionList.OptionSelected, "#desk-members")
    def pass_keyboard(self, event: OptionList.OptionSelected) -> None:
        """Enter: hand the keyboard to the member, or reveal."""
        from readiness_tui.screens.handoff import HandoffScreen

        if self.readiness.read_only:
            self.notify("This copy is read-only: nobody can rate here.")
            return
        if event.option.id == REVEAL:
            self.action_reveal()
            return
        member = self.workshop.team.member(int(event.option.id or 0))
        if self.round.ballot(member.seat) is not None:
            self.notify(
                f"{member.name} has rated. c clears the ballot so they rate again.",
                markup=False,
            )
            return
        if member.seat in self.workshop.team.away:
            self.workshop.set_away(member.seat, False)
            self.readiness.save()
        self.readiness.switch_to(HandoffScreen(member.seat))

    def action_toggle_away(self) -> None:
        """Mark the highlighted member away (the handoff skips them) or back."""
        member = self.highlighted_member
        if member is None:
            return
        away = member.seat not in self.workshop.team.away
        self.workshop.set_away(member.seat, away)
        self.readiness.save()
        self.show_members(highlight=str(member.seat))

    def action_add_member(self) -> None:
        """Ask for a late member's name (or add a seat) and put them on the team."""
        team = self.workshop.team
        if len(team.members) >= MAX_MEMBERS:
            self.notify(f"A team has at most {MAX_MEMBERS} members.")
            return

        def add(name: str | None) -> None:
            if name is None:
                return
            member = self.workshop.add_member(folded(name))
            self.readiness.save()
            self.notify(f"{member.name} joins the team and rates at a handoff.")
            self.show_members(highlight=str(member.seat))

        if team.anonymous:
            seat = max(m.seat for m in team.members) + 1
            self.app.push_screen(
                ConfirmDialog(f"Add Member {seat} to the team?", yes="Add"),
                lambda yes: add("" if yes else None),
            )
            return
        self.app.push_screen(
            AskDialog(
                "The late member's name (they rate at a handoff this round):",
                placeholder="Member name",
                check=self.name_problem,
            ),
            add,
        )

    def name_problem(self, name: str) -> str:
        """What is wrong with a new member's name, or "" if it will do."""
        return name_problem(folded(name), [m.name for m in self.workshop.team.members])

    def action_rename_member(self) -> None:
        """Correct the highlighted member's name; their ballot stays theirs."""
        member = self.highlighted_member
        if member is None:
            return
        others = [m.name for m in self.workshop.team.members if m is not member]

        def rename(name: str | None) -> None:
            if name is not None:
                self.workshop.rename_member(member.seat, folded(name))
                self.readiness.save()
                self.show_members(highlight=str(member.seat))

        self.app.push_screen(rename_dialog(member.name, others), rename)

    def action_clear_ballot(self) -> None:
        """After asking, delete the highlighted member's ballot without showing it."""
        member = self.highlighted_member
        if member is None:
            return

        def answered(clear: bool | None) -> None:
            if clear:
                self.workshop.clear_ballot(member.seat)
                self.readiness.save()
                self.notify(f"{member.name}'s ballot is cleared.", markup=False)
                self.show_members(highlight=str(member.seat))

        self.app.push_screen(
            ConfirmDialog(
                f"Clear {member.name}'s ballot? Their answers are deleted without "
                "being shown, and they rate again.",
                yes="Clear",
            ),
            answered,
        )

    def action_reveal(self) -> None:
        """Show the ratings; if anyone has not rated, say who and ask first."""
        round_ = self.round
        if not round_.ballots:
            self.notify("Nobody has rated yet.", severity="warning")
            return
        missing = [
            self.workshop.team.member(seat) for seat in self.workshop.pending_seats()
        ]
        if not missing:
            self.reveal()
            return
        count = len(missing)
        who = "member has" if count == 1 else "members have"
        self.app.push_screen(
            ConfirmDialog(
                f"{count} {who} not rated: {names(missing)}. Reveal anyway? The "
                f"reveal counts the {len(round_.ballots)} ballots given; a later "
                "re-rating can include everyone.",
                yes="Reveal",
            ),
            lambda yes: self.reveal() if yes else None,
        )

    def reveal(self) -> None:
        """Mark the round revealed and show it."""
        self.workshop.reveal_open_round()
        self.readiness.go_to(Step.REVEAL)

    def action_set_code(self) -> None:
        """Ask for a new facilitator's code, then for it again; an empty answer
        removes it.

        The code is typed hidden, so it is asked twice: a typo made once would
        lock the facilitator out of this desk.
        """

        def chosen(code: str | None) -> None:
            if code is None:
                return
            if not code:
                confirmed("")
                return

            def check(again: str) -> str:
                if again == code:
                    return ""
                return "That is not the same code. Type it again, or Escape."

            self.app.push_screen(
                AskDialog(
                    "Type the facilitator's code again, to be sure of it.",
                    placeholder="The same code (hidden)",
                    check=check,
                    hidden=True,
                    max_length=40,
                ),
                confirmed,
            )

        def confirmed(code: str | None) -> None:
            if code is None:
                self.notify("The code was not changed.", timeout=3)
                return
            self.workshop.facilitator_code = hash_code(code) if code else ""
            self.readiness.save()
            self.notify(
                "The code is set."
                if code
                else "No code: Escape on a member's screen comes back here.",
                timeout=3,
            )
            self.show_members(highlight=self.highlighted)

        self.app.push_screen(
            AskDialog(
                "Choose a facilitator's code. With it, only you can come back to "
                "this screen from a member's: they can rate, nothing more. It is "
                "hidden as you type. Enter on an empty field goes without one: "
                "then anyone at the keyboard can come here with Escape.",
                placeholder="Facilitator's code (hidden)",
                hidden=True,
                max_length=40,
            ),
            chosen,
        )

    def action_back(self) -> None:
        """Drop this round (after asking, if anyone rated) and go back a step."""
        round_ = self.round
        first = round_.number == 1
        target = Step.TEAM if first else Step.RECONCILE

        def drop(yes: bool | None = True) -> None:
            from readiness_tui.screens.reconcile import ReconcileScreen

            if not yes:
                return
            self.workshop.rounds.pop()
            if first:
                self.readiness.go_to(target)
            else:  # Back to the statement whose re-rating was called off.
                opening = ReconcileScreen(opening=round_.statements[0])
                self.readiness.go_to(target, opening)

        if not round_.ballots:
            drop()
            return
        count = len(round_.ballots)
        ballots = "ballot" if count == 1 else "ballots"
        back = "the team" if first else "reconcile"
        self.app.push_screen(
            ConfirmDialog(
                f"Discard round {round_.number} and its {count} {ballots}, unseen, "
                f"and go back to {back}?",
                yes="Discard",
            ),
            drop,
        )


def code_dialog(stored: str, question: str) -> AskDialog:
    """A dialog that closes only when the facilitator's code is typed.

    Args:
        stored: The code's hash, from the session file.
        question: What the code is asked for.
    """

    def check(code: str) -> str:
        if code_matches(code, stored):
            return ""
        return "That is not the facilitator's code. Escape goes back."

    return AskDialog(
        question,
        placeholder="Facilitator's code (hidden)",
        check=check,
        hidden=True,
        max_length=40,
    )


def ask_code(screen: WorkshopScreen) -> None:
    """From a member's screen, open the desk if the facilitator's code is typed.

    Without a code set, the desk opens at once.
    """
    stored = screen.workshop.facilitator_code
    if not stored:
        screen.readiness.go_to(Step.RATING)
        return
    screen.app.push_screen(
        code_dialog(stored, "Facilitator: type your code to open the desk."),
        lambda code: screen.readiness.go_to(Step.RATING) if code is not None else None,
    )
