"""One member's private ballot: a statement a page, then a review to confirm.

The answers live only in this screen until the member confirms; then they
go into the session file and the screen is replaced by the neutral handoff,
so nothing of them stays on the terminal for the next member.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from readiness_tui.screens.base import PrivateScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.widgets.scale_picker import DONT_KNOW, ScalePicker
from readiness_tui.widgets.title_bar import TitleBar


class ReviewList(OptionList):
    """The review's list: Page Up/Down go to its first and last lines.

    Textual's OptionList pages by its laid-out height, and a Page Down sent
    with the last answer (one read, on a slow link) reached the list before
    its first layout and crashed the app (KeyError in `_move_page`), leaving
    the member at the shell. The list is one screen long anyway.
    """

    def action_page_up(self) -> None:
        """To the first statement."""
        self.action_first()

    def action_page_down(self) -> None:
        """To *Confirm my ballot*."""
        self.action_last()


CONFIRM = "-confirm"
"""The review list's option id for confirming the ballot; statement ids never
start with a hyphen, so it cannot clash with one."""


class BallotScreen(PrivateScreen):
    """A member rates each statement, reviews their answers and confirms.

    Args:
        seat: The member's seat.
        statement_ids: The statements to rate, in the survey's order.
    """

    BINDINGS = [
        # Back to the previous statement. Priority, so that the scrolling page
        # (which binds the arrows itself) neither takes nor hides these keys.
        Binding("left", "page(-1)", "Back", priority=True),
        # On to the next statement (or the review).
        Binding("right", "page(1)", "Next", priority=True),
        # Throw these answers away and return to the handoff screen.
        Binding("escape", "discard", "Discard"),
    ]

    def __init__(self, seat: int, statement_ids: list[str]) -> None:
        super().__init__()
        self.seat = seat
        self.statement_ids = statement_ids
        self.answers: dict[str, int] = {}
        self.page = 0
        self.from_review = False
        """True while changing one answer picked on the review: the answer
        then leads straight back to the review."""

    @property
    def member_name(self) -> str:
        """The name of the member rating."""
        return self.workshop.team.member(self.seat).name

    @property
    def reviewing(self) -> bool:
        """True on the review page, after the last statement."""
        return self.page == len(self.statement_ids)

    def compose(self) -> ComposeResult:
        """The statement page and the review page (one shown at a time)."""
        scale = self.pack.scale
        yield TitleBar()
        with VerticalScroll(id="rate-page", can_focus=False):
            yield Static(id="ballot-title")
            yield Static(id="statement")
            yield ScalePicker(scale, dont_know=True, id="picker")
            yield Static(
                f"Press {scale.min}–{scale.max} to answer and go on, "
                "d for don't know; ↑/↓ then Enter also work; ←/→ move "
                "between statements.",
                classes="hint",
            )
            yield Static(id="answered")
        with Vertical(id="review-page"):
            yield Static(id="review-title")
            yield ReviewList(id="review", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Open on the first statement."""
        self.show_page()
        self.call_after_refresh(self.fit_statement)

    def on_resize(self) -> None:
        """Fit the statement's height to the new width."""
        self.call_after_refresh(self.fit_statement)

    def fit_statement(self) -> None:
        """Give the statement the height of the longest one at this width.

        The scale and the hints below it then stay where they are from one
        statement to the next, so turning a page redraws only what changed
        (less to send down a slow link).
        """
        statement = self.query_one("#statement", Static)
        width = statement.content_size.width
        if width <= 0:
            return
        survey = self.pack.survey
        lines = max(
            len(Text(survey.statement(s).text).wrap(self.app.console, width))
            for s in self.statement_ids
        )
        statement.styles.min_height = lines

    def focus_main(self) -> None:
        """The scale on a statement page, the list on the review."""
        if self.reviewing:
            self.query_one("#review", OptionList).focus()
        else:
            self.query_one("#picker", ScalePicker).focus()

    def show_page(self) -> None:
        """Show the current statement, or the review after the last one."""
        self.set_class(self.reviewing, "-reviewing")
        if self.reviewing:
            self.show_review()
            return
        statement_id = self.statement_ids[self.page]
        count = len(self.statement_ids)
        self.query_one("#ballot-title", Static).update(
            Text(f"{self.member_name}'s ballot · statement {self.page + 1} of {count}")
        )
        text = self.pack.survey.statement(statement_id).text
        self.query_one("#statement", Static).update(Text(text, style="bold"))
        picker = self.query_one("#picker", ScalePicker)
        picker.value = self.answers.get(statement_id)
        if self.focused is not picker:
            picker.focus()  # Focusing redraws it all, even when already focused.
        self.query_one("#answered", Static).update(self.answered_line())
        # From the top, so a short window shows whose ballot and the statement
        # before the scale (focusing the scale may have scrolled past them).
        page = self.query_one("#rate-page", VerticalScroll)
        self.call_after_refresh(page.scroll_home, animate=False)

    def answered_line(self) -> Text:
        """One mark a statement: ● answered, ○ not yet, ◆ the current one."""
        text = Text("Answered: ")
        for index, statement_id in enumerate(self.statement_ids):
            if index == self.page:
                text.append("◆", style="bold")
            else:
                text.append("●" if statement_id in self.answers else "○")
        return text

    def describe(self, statement_id: str) -> str:
        """The member's own answer in words, for the review."""
        value = self.answers.get(statement_id)
        if value is None:
            return "not answered (counts as don't know)"
        if value == DONT_KNOW:
            return "don't know"
        return self.pack.scale.describe(value)

    def show_review(self) -> None:
        """List the member's answers, with Confirm highlighted."""
        self.query_one("#review-title", Static).update(
            Text(
                f"{self.member_name}, check your answers. Enter on Confirm saves "
                "them; Enter on a statement changes it."
            )
        )
        review = self.query_one("#review", OptionList)
        review.clear_options()
        survey = self.pack.survey
        for number, statement_id in enumerate(self.statement_ids, 1):
            text = survey.statement(statement_id).text
            short = text if len(text) <= 44 else text[:43] + "…"
            review.add_option(
                Option(
                    f"{number}. {short}  →  {self.describe(statement_id)}",
                    id=statement_id,
                )
            )
        review.add_option(Option("✔ Confirm my ballot", id=CONFIRM))
        review.highlighted = len(self.statement_ids)
        review.focus()

    @on(ScalePicker.Chosen, "#picker")
    def take_answer(self, event: ScalePicker.Chosen) -> None:
        """A digit, `d` or Enter answered: keep it and go on."""
        if self.page >= len(self.statement_ids):
            return  # The review is up: an answer chosen in the same read as
            # the last one, with no statement left for it.
        self.answers[self.statement_ids[self.page]] = event.value
        if self.from_review:
            self.from_review = False
            self.page = len(self.statement_ids)
            self.show_page()
        else:
            self.action_page(1)

    @on(OptionList.OptionSelected, "#review")
    def review_choice(self, event: OptionList.OptionSelected) -> None:
        """Confirm, or go back to change one statement."""
        if event.option.id == CONFIRM:
            self.confirm()
        else:
            self.page = self.statement_ids.index(event.option.id or "")
            self.from_review = True
            self.show_page()

    def action_page(self, step: int) -> None:
        """Move between statements and the review."""
        page = self.page + step
        self.from_review = False  # Paging on: the usual order again.
        if 0 <= page <= len(self.statement_ids):
            self.page = page
            self.show_page()

    def confirm(self) -> None:
        """Save the ballot and hand the keyboard on."""
        from readiness_tui.screens.handoff import HandoffScreen

        round_ = self.workshop.open_round
        if round_ is None or round_.ballot(self.seat) is not None:
            return  # A second Enter that arrived with the first: already saved.
        ratings = {s: v for s, v in self.answers.items() if v != DONT_KNOW}
        dont_know = [s for s in self.statement_ids if s not in ratings]
        name = self.member_name
        self.workshop.record_ballot(self.seat, ratings, dont_know)
        self.answers.clear()
        if self.readiness.save():
            self.notify(f"{name}'s ballot is saved.", markup=False, timeout=3)
        self.readiness.switch_to(HandoffScreen(self.workshop.next_seat()))

    def action_discard(self) -> None:
        """After asking, throw the answers away and go back to the handoff."""
        from readiness_tui.screens.handoff import HandoffScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.answers.clear()
                self.readiness.switch_to(HandoffScreen(self.seat))

        self.app.push_screen(
            ConfirmDialog(
                f"Discard {self.member_name}'s answers? Nothing of them is kept; "
                f"the handoff to {self.member_name} comes back.",
                yes="Discard",
            ),
            answered,
        )
