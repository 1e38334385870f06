"""Reconcile: discuss each statement, widest spread first, and agree a value."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Footer, Input, Static, TextArea

from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.session import (
    LONG_TEXT_MAX,
    MAX_EXTRA_MINUTES,
    Agreed,
    Discussed,
    Step,
)
from readiness_tui.stats import (
    figures,
    names_by_point,
    reconcile_order,
    round_summary,
    statement_summary,
)
from readiness_tui.timer import Stopwatch, countdown_text
from readiness_tui.widgets.distribution import Distribution
from readiness_tui.widgets.entry import EntryInput
from readiness_tui.widgets.notes_area import NotesArea
from readiness_tui.widgets.scale_picker import ScaleBar, ScalePicker
from readiness_tui.widgets.title_bar import TitleBar

SAVE_EVERY = 30
"""Seconds of running timer after which the time is saved, so a crash loses
less; pausing, adding a minute, resetting and leaving save at once."""

EARLIER_SHOWN = 4
"""How many earlier agreements the "Earlier agreed" line lists, latest last."""


class ReconcileScreen(WorkshopScreen):
    """One statement at a time: its spread, the agreed rating and the rationale.

    Statements come widest range first, then larger standard deviation, then
    in survey order; unanimous ones come last with their value filled in.

    A discussion timer counts down the pack's minutes per statement (`t`
    starts and pauses it, `m` adds a minute, `z` resets it); its time is added
    to the statement's `discussed` record in the session. It runs only while
    started: a paused timer redraws nothing. Notes typed below the rationale
    are kept per statement. Changing an agreement made on an earlier visit
    keeps the earlier one in the session's `agreed_history`.
    """

    BINDINGS = [
        # Keep this statement's agreed value and go to the next statement.
        Binding("n", "move(1)", "Next"),
        # Keep this statement's agreed value and go to the previous one.
        Binding("p", "move(-1)", "Prev"),
        # Pass the keyboard round once more for this statement only.
        Binding("r", "rerate", "Re-rate"),
        # Go on to the capacity decision and the policies to change.
        Binding("d", "decisions", "Decisions"),
        # Start the discussion timer for this statement, or pause it. The
        # timer's own line names t, m and z, so the footer keeps room for the
        # keys above and Escape at 80 columns.
        Binding("t", "toggle_timer", "Start/pause timer", show=False),
        # Give this statement's discussion one more minute.
        Binding("m", "add_minute", "Add a minute", show=False),
        # Start this statement's countdown again from the pack's minutes.
        Binding("z", "reset_timer", "Reset timer", show=False),
        # From the rationale or notes, back to the rating; else to the reveal.
        Binding("escape", "back", "Back"),
        # While the rating has the focus, a digit (or Enter) sets the agreed
        # value and moves to the rationale. These are priority bindings so the
        # move happens before the next key is routed: letters typed straight
        # after the digit then land in the rationale, not on the shortcuts.
        *(
            Binding(str(digit), f"agree({digit})", show=False, priority=True)
            for digit in range(10)
        ),
        Binding("enter", "agree", show=False, priority=True),
    ]

    def __init__(self, opening: str | None = None) -> None:
        super().__init__()
        self.opening = opening
        """The statement to open on, if not the usual one (see `on_mount`)."""
        self.order: list[str] = []
        self.index = 0
        self.shown: str | None = None
        """The statement on screen, whose time the timer adds up."""
        self.earlier: Agreed | None = None
        """The statement's agreement when it was opened; changing it keeps
        this one in the history."""
        self.clock: Callable[[], float] = time.monotonic
        """Seconds from a fixed point; tests put their own clock here."""
        self.stopwatch = Stopwatch()
        """Measures the timer's running time against `clock`."""
        self.ticker: Timer | None = None
        """Redraws the countdown each second, only while the timer runs."""
        self.unsaved_seconds = 0
        """Running time added since the last save."""
        self.drafts: dict[str, str] = {}
        """Rationales typed before any agreed rating was picked, by statement:
        kept on screen across visits, saved once a rating is picked."""

    def compose(self) -> ComposeResult:
        """Position, statement, distribution, rounds, agreed rating, rationale."""
        yield TitleBar()
        with VerticalScroll(id="reconcile"):
            yield Static(id="position", classes="heading")
            yield Static(id="statement")
            yield Vertical(id="distribution")
            yield Static(id="rounds")
            yield Static(
                "Agreed rating: a digit (or ←/→ then Enter), then type the "
                "rationale; Enter saves it and opens the next statement."
            )
            yield ScaleBar(self.pack.scale, id="agreed")
            yield Static(id="earlier", classes="hint")
            yield EntryInput(
                placeholder="Rationale: why the team settled on it; Enter saves",
                max_length=2000,
                id="rationale",
            )
            yield Static(
                "Notes on this statement (Escape: back to the rating):",
                classes="hint",
            )
            yield NotesArea(
                id="discussion-notes", soft_wrap=True, max_length=LONG_TEXT_MAX
            )
        yield Static(id="timer")
        yield Footer()

    def on_mount(self) -> None:
        """Order the statements, settle unanimous ones, and open the statement
        asked for, else one just re-rated, else the first still to agree."""
        workshop = self.workshop
        self.order = reconcile_order(workshop, self.pack)
        self.agree_unanimous()
        latest = workshop.rounds[-1]
        if self.opening in self.order:
            self.index = self.order.index(self.opening)
        elif latest.number > 1 and len(latest.statements) == 1:
            self.index = self.order.index(latest.statements[0])
        else:
            pending = self.unsettled()
            self.index = pending[0] if pending else 0
        self.show_statement()

    def agree_unanimous(self) -> None:
        """Fill in the agreed value of every unanimous statement never agreed.

        A statement agreed before a re-rating keeps that agreement (value and
        rationale) on screen to confirm or change, even if the new round is
        unanimous: nothing the facilitator typed is replaced unasked.
        """
        changed = False
        for statement_id in self.order:
            summary = statement_summary(self.workshop, self.pack, statement_id)
            if summary.unanimous and self.workshop.agreed_for(statement_id) is None:
                assert summary.low is not None
                self.workshop.set_agreed(statement_id, summary.low, "")
                changed = True
        if changed:
            self.readiness.save()

    def unsettled(self) -> list[int]:
        """Positions in the order of statements not agreed on current ratings."""
        workshop = self.workshop
        return [i for i, s in enumerate(self.order) if not workshop.is_settled(s)]

    @property
    def statement_id(self) -> str:
        """The statement under discussion."""
        return self.order[self.index]

    def show_statement(self) -> None:
        """Fill the screen for the statement under discussion.

        A running timer stops first and its time goes to the statement it
        ran for: each statement's time is its own.
        """
        self.pause_timer()
        workshop, pack = self.workshop, self.pack
        statement_id = self.statement_id
        self.shown = statement_id
        summary = statement_summary(workshop, pack, statement_id)
        agreed = workshop.agreed_for(statement_id)
        settled = sum(1 for s in self.order if workshop.is_settled(s))
        kind = "unanimous" if summary.unanimous else "widest spread first"
        self.query_one("#position", Static).update(
            f"Statement {self.index + 1} of {len(self.order)} · {kind} · "
            f"{settled} agreed"
        )
        number = [s.id for s in pack.survey.statements].index(statement_id) + 1
        text = pack.survey.statement(statement_id).text
        self.query_one("#statement", Static).update(
            Text(f"{number}. {text}", style="bold")
        )
        named = workshop.team.reveal == "names"
        holder = self.query_one("#distribution", Vertical)
        holder.remove_children()
        mounted = holder.mount(
            Distribution(
                summary,
                pack.scale,
                names_by_point(workshop, statement_id) if named else None,
            )
        )
        self.query_one("#rounds", Static).update(self.rounds_line())
        picker = self.query_one("#agreed", ScalePicker)
        if agreed is not None:
            picker.value = agreed.value
        else:
            picker.value = summary.low if summary.unanimous else None
        rationale = self.query_one("#rationale", Input)
        rationale.value = (
            agreed.rationale if agreed else self.drafts.get(statement_id, "")
        )
        # Input keeps the old cursor when its value is set: put it at the end,
        # so words typed on a later visit add to the rationale.
        rationale.cursor_position = len(rationale.value)
        self.earlier = agreed
        self.show_earlier()
        discussed = workshop.discussed_for(statement_id)
        notes = self.query_one("#discussion-notes", NotesArea)
        notes.show(discussed.notes if discussed else "")
        self.show_timer()
        # Each statement opens at its top, however far the last one scrolled.
        # The focus moves now, for the keys that follow; the rating is
        # scrolled into view once the new chart is laid out above it.
        scroll = self.query_one("#reconcile", VerticalScroll)
        scroll.scroll_home(animate=False, immediate=True)
        picker.focus(scroll_visible=False)
        self.call_later(self.scroll_to_rating, mounted)

    async def scroll_to_rating(self, mounted: AwaitMount) -> None:
        """Once the chart is mounted and laid out, bring the rating into view.

        The new statement's height is laid out a refresh after the chart is
        mounted; measured earlier, a longer statement's rating looked visible
        and was left below the window (seen at 60x20).
        """
        await mounted
        picker = self.query_one("#agreed", ScalePicker)
        self.call_after_refresh(
            self.call_after_refresh, picker.scroll_visible, animate=False
        )

    def rounds_line(self) -> str:
        """Which rounds rated this statement; earlier rounds' figures for context."""
        workshop = self.workshop
        rounds = workshop.rounds_for(self.statement_id)
        agreed = workshop.agreed_for(self.statement_id)
        if agreed is not None and not workshop.is_settled(self.statement_id):
            return (
                f"Re-rated in round {rounds[-1].number}. Agreed {agreed.value} on "
                f"round {agreed.round}'s ratings: confirm it or pick another."
            )
        if len(rounds) <= 1:
            return "Rated once (round 1)."
        earlier = [
            f"round {r.number}: "
            + figures(round_summary(r, self.statement_id, self.pack.scale))
            for r in rounds[:-1]
        ]
        return f"Current: round {rounds[-1].number}. Earlier " + "; ".join(earlier)

    def commit(
        self, rationale: str | None = None, *, soon: bool = False, confirm: bool = False
    ) -> bool:
        """Save the agreed value and rationale on screen, if a value is picked.

        Unchanged values are saved only when confirmed, so moving past a
        statement re-rated since its agreement does not settle it unseen.

        Args:
            rationale: The rationale as submitted; by default the field's text.
            soon: Save once typing pauses rather than at once.
            confirm: The facilitator confirmed the value (Enter on the rationale).

        Returns:
            True if the statement now has an agreed value.
        """
        value = self.query_one("#agreed", ScalePicker).value
        if value is None:
            return False
        if rationale is None:
            rationale = self.query_one("#rationale", Input).value
        rationale = rationale.strip()
        agreed = self.workshop.agreed_for(self.statement_id)
        same = agreed is not None and (agreed.value, agreed.rationale) == (
            value,
            rationale,
        )
        changed = not same or (
            confirm and not self.workshop.is_settled(self.statement_id)
        )
        if changed:
            self.workshop.set_agreed(
                self.statement_id, value, rationale, earlier=self.earlier
            )
            self.show_earlier()
        if soon:
            if changed:
                self.readiness.save_soon()
        elif changed or self.readiness.save_pending:
            self.readiness.save()
        return True

    @on(Input.Changed, "#rationale")
    def keep_rationale(self, event: Input.Changed) -> None:
        """Keep the rationale as it is typed, once a rating is picked.

        Typed before any rating is picked, it is held on screen for this
        statement (a rationale is saved with its rating), and a notice says
        so once.
        """
        if self.commit(soon=True) or self.shown is None:
            self.drafts.pop(self.shown or "", None)
            return
        if not event.value.strip():
            self.drafts.pop(self.shown, None)
            return
        if self.shown not in self.drafts:
            self.notify(
                "Pick the agreed rating too (Escape, then a digit): a rationale "
                "is saved with its rating.",
                severity="warning",
            )
        self.drafts[self.shown] = event.value

    def show_earlier(self) -> None:
        """List the statement's earlier agreements in one line, if it has any."""
        earlier = self.workshop.earlier_agreed(self.statement_id)
        line = self.query_one("#earlier", Static)
        line.display = bool(earlier)
        shown = [f"{a.value} at {a.agreed_at:%H:%M}" for a in earlier[-EARLIER_SHOWN:]]
        more = "… " if len(earlier) > EARLIER_SHOWN else ""
        line.update(Text(f"Earlier agreed: {more}" + " · ".join(shown)))

    @on(TextArea.Changed, "#discussion-notes")
    def keep_notes(self, event: TextArea.Changed) -> None:
        """Keep the statement's notes as they are typed; saved once typing pauses."""
        text = event.text_area.text
        discussed = self.workshop.discussed_for(self.statement_id)
        if text == (discussed.notes if discussed else ""):
            return
        self.workshop.discussion(self.statement_id).notes = text
        self.readiness.save_soon()

    # The discussion timer

    def discussed(self) -> Discussed:
        """The shown statement's discussion record, or an empty one to read."""
        assert self.shown is not None
        found = self.workshop.discussed_for(self.shown)
        return found if found is not None else Discussed(statement=self.shown)

    def remaining(self) -> int:
        """Seconds left on the shown statement's countdown (negative: overtime)."""
        return self.discussed().remaining(self.pack.discussion.minutes_per_statement)

    def show_timer(self) -> None:
        """Write the countdown line; marked when time is up."""
        remaining = self.remaining()
        running = self.stopwatch.running
        shown = countdown_text(
            remaining, running=running, discussed=self.discussed().seconds
        )
        keys = f"t {'pause' if running else 'start'}  m +1 min  z reset"
        full = f"{shown} · {keys}"
        # One line always: in a narrow window the keys give way (? lists them).
        fits = len(full) <= self.size.width - 4  # The line has padding 2.
        line = self.query_one("#timer", Static)
        line.update(Text(full if fits else shown))
        line.set_class(remaining <= 0, "-time-up")

    def on_resize(self) -> None:
        """Fit the timer's line to the new width."""
        if self.shown is not None:
            self.show_timer()

    def add_time(self, seconds: int) -> None:
        """Add running time to the shown statement; say so when time runs out."""
        if seconds <= 0 or self.shown is None:
            return
        before = self.remaining()
        self.workshop.discussion(self.shown).seconds += seconds
        self.unsaved_seconds += seconds
        if before > 0 >= self.remaining():
            self.notify(
                "The time for this statement is up. The timer goes on counting "
                "the overtime; m adds a minute, t pauses.",
                title="Time is up",
                timeout=8,
            )

    def tick(self) -> None:
        """Each second while running: add the time and redraw the countdown."""
        self.add_time(self.stopwatch.take(self.clock()))
        if self.unsaved_seconds >= SAVE_EVERY:
            self.save_time()
        self.show_timer()

    def save_time(self) -> None:
        """Save the session now that running time was added."""
        self.unsaved_seconds = 0
        self.readiness.save()

    def action_toggle_timer(self) -> None:
        """Start the timer for the shown statement, or pause it."""
        if self.stopwatch.running:
            self.pause_timer()
            return
        self.stopwatch.start(self.clock())
        self.ticker = self.set_interval(1, self.tick)
        self.show_timer()

    def pause_timer(self) -> None:
        """Stop the timer, if running, and save the time it ran."""
        if not self.stopwatch.running:
            return
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None
        self.add_time(self.stopwatch.stop(self.clock()))
        self.save_time()
        self.show_timer()

    def action_add_minute(self) -> None:
        """Give the shown statement one more minute on its countdown."""
        assert self.shown is not None
        self.add_time(self.stopwatch.take(self.clock()))
        discussed = self.workshop.discussion(self.shown)
        if discussed.extra_minutes >= MAX_EXTRA_MINUTES:
            self.notify(
                f"At most {MAX_EXTRA_MINUTES} minutes can be added.",
                severity="warning",
            )
            return
        discussed.extra_minutes += 1
        self.save_time()
        self.show_timer()

    def action_reset_timer(self) -> None:
        """Start the countdown again from the pack's minutes; time spent stays."""
        assert self.shown is not None
        self.add_time(self.stopwatch.take(self.clock()))
        self.workshop.discussion(self.shown).reset_countdown()
        self.save_time()
        self.show_timer()

    @on(ScalePicker.Chosen, "#agreed")
    def to_rationale(self) -> None:
        """A value is picked: save it at once (a hang-up before any rationale
        is typed must not lose it), then type the rationale."""
        self.commit()
        self.set_focus(self.query_one("#rationale", Input))

    CHANGES = frozenset(
        {"agree", "rerate", "toggle_timer", "add_minute", "reset_timer"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Take digits and Enter here only while the agreed rating has the focus."""
        if self.changes_refused(action):
            return False
        if action == "agree":
            picker = self.query_one("#agreed", ScalePicker)
            if self.focused is not picker:
                return False
            return not parameters or parameters[0] in self.pack.scale.points
        return True

    def action_agree(self, value: int | None = None) -> None:
        """Set the agreed value (or keep the one shown) and go to the rationale.

        Focus moves at once, inside this key's handling, so the keys typed
        next are routed to the rationale.
        """
        picker = self.query_one("#agreed", ScalePicker)
        if value is None:
            value = picker.cursor  # Enter: the point the arrows rest on.
        if value is not None:
            picker.value = value
            self.to_rationale()

    @on(Input.Submitted, "#rationale")
    def save_and_go_on(self, event: Input.Submitted) -> None:
        """Save this statement, then the next unsettled one (or decisions)."""
        if not self.commit(event.value, confirm=True):
            self.notify("Pick the agreed rating first.", severity="warning")
            self.query_one("#agreed", ScalePicker).focus()
            return
        pending = self.unsettled()
        if not pending:
            self.notify("Every statement has an agreed value.")
            self.action_decisions()
            return
        later = [i for i in pending if i > self.index]
        self.index = later[0] if later else pending[0]
        self.show_statement()

    def action_move(self, step: int) -> None:
        """Keep what is on screen and move to the next or previous statement."""
        self.commit()
        self.index = (self.index + step) % len(self.order)
        self.show_statement()

    def action_rerate(self) -> None:
        """After asking, open a new round for this statement alone."""
        statement_id = self.statement_id

        def answered(rerate: bool | None) -> None:
            if rerate:
                self.pause_timer()
                self.commit()
                self.workshop.start_round([statement_id])
                self.readiness.go_to(Step.RATING)

        rounds = len(self.workshop.rounds)
        self.app.push_screen(
            ConfirmDialog(
                "Rate this statement again? The keyboard passes round once more "
                f"for it alone. Round {rounds + 1} becomes current; every earlier "
                "round is kept.",
                yes="Re-rate",
            ),
            answered,
        )

    def action_decisions(self) -> None:
        """Keep what is on screen and go on to the decisions."""
        self.pause_timer()
        self.commit()
        self.readiness.go_to(Step.DECISIONS)

    def action_back(self) -> None:
        """From the rationale or notes back to the rating; else to the reveal."""
        fields = (
            self.query_one("#rationale", Input),
            self.query_one("#discussion-notes", NotesArea),
        )
        if self.focused in fields:
            self.query_one("#agreed", ScalePicker).focus()
            return
        self.pause_timer()
        self.commit()
        self.readiness.go_to(Step.REVEAL)
