"""The facilitator's controls in reconcile: timer, notes and agreed-value history.

The timer reads the screen's `clock`, which these tests replace with one they
move by hand, and they call its `tick` themselves: no test waits for real time.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from readiness_tui.app import ReadinessApp
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.storage import open_session
from readiness_tui.widgets.entry import PASTE_CLEANED
from readiness_tui.widgets.notes_area import NotesArea
from readiness_tui.widgets.scale_picker import ScalePicker
from readiness_tui.widgets.too_small import TooSmall
from tests.app.helpers import shown_text, to_reconcile, type_text


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass."""
        self.now += seconds


def on_disk(session_dir: Path) -> dict[str, Any]:
    """The only session file in the folder, parsed."""
    (path,) = session_dir.glob("*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def discussed(data: dict[str, Any], statement: str) -> dict[str, Any]:
    """The statement's `[[discussed]]` record in a parsed session file."""
    (record,) = [d for d in data["discussed"] if d["statement"] == statement]
    return record


def timer_line(screen: ReconcileScreen) -> str:
    """The countdown line as shown."""
    return shown_text(screen.query_one("#timer", Static)).strip()


async def at_reconcile(
    app: ReadinessApp, pilot: Any
) -> tuple[ReconcileScreen, FakeClock]:
    """Drive to reconcile and give the screen a clock the test moves."""
    await to_reconcile(pilot, "Controls")
    screen = app.screen
    assert isinstance(screen, ReconcileScreen)
    clock = FakeClock()
    screen.clock = clock
    return screen, clock


def save_at_once(app: ReadinessApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make "save once typing pauses" save a millisecond after each key."""
    monkeypatch.setattr(app, "save_soon", functools.partial(app.save_soon, 0.001))


# The timer


async def test_timer_starts_pauses_adds_a_minute_and_resets(make_app, session_dir):
    """t starts and pauses, m adds a minute, z resets; each is saved."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, clock = await at_reconcile(app, pilot)
        assert screen.statement_id == "human-capacity"
        assert timer_line(screen).startswith(
            "Timer 5:00 left · paused · discussed 0:00 · t start"
        )
        assert screen.ticker is None  # Nothing redraws while paused.

        await pilot.press("t")
        assert screen.ticker is not None
        clock.advance(65.4)
        screen.tick()
        assert timer_line(screen).startswith(
            "Timer 3:55 left · running · discussed 1:05 · t pause"
        )

        clock.advance(10.2)
        await pilot.press("t")
        assert screen.ticker is None
        assert timer_line(screen).startswith(
            "Timer 3:44 left · paused · discussed 1:16"
        )
        assert discussed(on_disk(session_dir), "human-capacity")["seconds"] == 76

        await pilot.press("m")
        assert timer_line(screen).startswith("Timer 4:44 left · paused")
        assert discussed(on_disk(session_dir), "human-capacity")["extra_minutes"] == 1

        await pilot.press("z")
        assert timer_line(screen).startswith(
            "Timer 5:00 left · paused · discussed 1:16"
        )
        record = discussed(on_disk(session_dir), "human-capacity")
        assert (record["seconds"], record["countdown_from"]) == (76, 76)
        assert record["extra_minutes"] == 0


async def test_time_is_up_notice_keeps_the_keyboard(make_app, session_dir, monkeypatch):
    """At zero a notice appears once and the countdown shows the overtime; no
    dialog opens, so the next digit still picks the agreed value."""
    app = make_app()
    notices: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen, clock = await at_reconcile(app, pilot)
        monkeypatch.setattr(
            app, "notify", lambda message, **_: notices.append(str(message))
        )
        await pilot.press("t")
        clock.advance(299)
        screen.tick()
        assert notices == []
        clock.advance(1)
        screen.tick()
        assert len(notices) == 1 and "time for this statement is up" in notices[0]
        assert timer_line(screen).startswith("Time is up · running")
        assert screen.query_one("#timer").has_class("-time-up")
        clock.advance(45)
        screen.tick()
        assert timer_line(screen).startswith("Time is up: 0:45 over · running")
        assert len(notices) == 1

        assert app.screen is screen
        await pilot.press("3")
        assert screen.query_one("#agreed", ScalePicker).value == 3
        assert app.focused is screen.query_one("#rationale", Input)

        # A minute more puts time back on the clock; running out again says so.
        await pilot.press("escape", "m")
        assert timer_line(screen).startswith("Timer 0:15 left")
        clock.advance(15)
        screen.tick()
        assert len(notices) == 2


async def test_each_statement_keeps_its_own_time_across_a_resume(
    make_app, session_dir, pack
):
    """Moving on stops the timer and books its time to the statement it ran
    for; the times and countdowns are saved and shown again after a resume."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, clock = await at_reconcile(app, pilot)
        await pilot.press("t")
        clock.advance(372)
        screen.tick()
        await pilot.press("n")
        assert screen.statement_id == "technology"
        assert screen.ticker is None
        assert timer_line(screen).startswith(
            "Timer 5:00 left · paused · discussed 0:00"
        )
        await pilot.press("t")
        clock.advance(40)
        screen.tick()  # Quit while the timer runs: ticked time is kept.
        await app.run_action("quit")

    data = on_disk(session_dir)
    assert discussed(data, "human-capacity")["seconds"] == 372
    assert discussed(data, "technology")["seconds"] == 40

    (path,) = session_dir.glob("*.toml")
    workshop, _ = open_session(path, [pack])
    resumed = make_app(session_file=path, workshop=workshop)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = resumed.screen
        assert isinstance(screen, ReconcileScreen)
        assert screen.statement_id == "human-capacity"
        assert timer_line(screen).startswith(
            "Time is up: 1:12 over · paused · discussed 6:12"
        )
        await pilot.press("n")
        assert timer_line(screen).startswith(
            "Timer 4:20 left · paused · discussed 0:40"
        )


async def test_running_time_is_saved_every_half_minute(make_app, session_dir):
    """A crash while the timer runs loses at most half a minute of it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, clock = await at_reconcile(app, pilot)
        await pilot.press("t")
        for _ in range(29):
            clock.advance(1)
            screen.tick()
        assert on_disk(session_dir).get("discussed", []) == []
        clock.advance(1)
        screen.tick()
        assert discussed(on_disk(session_dir), "human-capacity")["seconds"] == 30


# Notes


async def test_notes_are_saved_per_statement_and_reloaded(
    make_app, session_dir, pack, monkeypatch
):
    """Notes typed below the rationale are saved as typing pauses, stay with
    their statement, and come back on return and after a resume."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        save_at_once(app, monkeypatch)
        notes = screen.query_one("#discussion-notes", NotesArea)
        await pilot.press("tab", "tab")
        assert app.focused is notes
        await type_text(pilot, "Two leads")
        await pilot.press("enter")
        await type_text(pilot, "one vacancy")
        await pilot.pause()
        await pilot.pause()
        record = discussed(on_disk(session_dir), "human-capacity")
        assert record["notes"] == "Two leads\none vacancy"

        await pilot.press("escape")  # Back to the rating, where n works.
        assert app.focused is screen.query_one("#agreed", ScalePicker)
        await pilot.press("n")
        await pilot.pause()
        assert notes.text == ""
        await pilot.press("p")
        await pilot.pause()
        assert notes.text == "Two leads\none vacancy"
        await app.run_action("quit")

    data = on_disk(session_dir)
    assert [d["statement"] for d in data["discussed"]] == ["human-capacity"]

    (path,) = session_dir.glob("*.toml")
    workshop, _ = open_session(path, [pack])
    resumed = make_app(session_file=path, workshop=workshop)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = resumed.screen
        assert isinstance(screen, ReconcileScreen)
        notes = screen.query_one("#discussion-notes", NotesArea)
        assert notes.text == "Two leads\none vacancy"


async def test_pasted_notes_keep_their_lines_and_lose_escapes(make_app, session_dir):
    """A paste into the notes keeps line breaks and drops escape sequences."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        await pilot.press("tab", "tab")
        notes = screen.query_one("#discussion-notes", NotesArea)
        notes.post_message(events.Paste("Line one\n\x1b[31mLine two\x1b[0m"))
        await pilot.pause()
        assert notes.text == "Line one\nLine two"
        notices = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert notices[-1] == PASTE_CLEANED
        await app.run_action("quit")
    assert discussed(on_disk(session_dir), "human-capacity")["notes"] == (
        "Line one\nLine two"
    )


async def test_a_paste_past_the_notes_limit_is_cut_to_fit_and_saved(
    make_app, session_dir
):
    """Regression: pasting 25,000 characters into the notes kept none of them
    (nor anything typed after), while the notice said only the rest was lost."""
    from textual import events

    from readiness_tui.session import LONG_TEXT_MAX

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        await pilot.press("tab", "tab")
        notes = screen.query_one("#discussion-notes", NotesArea)
        await type_text(pilot, "Kept")
        notes.post_message(events.Paste("x" * 25_000))
        await pilot.pause()
        assert notes.text == "Kept" + "x" * (LONG_TEXT_MAX - 4)
        notices = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert notices[-1] == (
            f"Only the first {LONG_TEXT_MAX - 4:,} characters of the paste fit: "
            f"the field holds {LONG_TEXT_MAX:,}."
        )
        await pilot.press("y")  # Full: refused with a notice, nothing lost.
        assert len(notes.text) == LONG_TEXT_MAX
        await app.run_action("quit")
    saved = discussed(on_disk(session_dir), "human-capacity")["notes"]
    assert saved == "Kept" + "x" * (LONG_TEXT_MAX - 4)


async def test_notes_open_with_the_cursor_after_what_is_there(make_app, session_dir):
    """Regression: Tab into saved notes put the cursor at their start, so new
    words went in front of the old ones."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        await pilot.press("tab", "tab")
        await type_text(pilot, "First")
        await pilot.press("escape", "n", "p")  # Away and back to the statement.
        await pilot.pause()
        await pilot.press("tab", "tab")
        await type_text(pilot, " second")
        notes = screen.query_one("#discussion-notes", NotesArea)
        assert notes.text == "First second"


async def test_the_timer_line_keeps_to_one_line_in_a_narrow_window(make_app):
    """Regression: at 60 columns the timer's line wrapped onto two; its keys
    now give way when the window is too narrow for them (? lists them)."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        assert timer_line(screen) == "Timer 5:00 left · paused · discussed 0:00"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert timer_line(screen).endswith("· t start  m +1 min  z reset")


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (50, 16)])
async def test_focused_notes_scroll_into_view(make_app, size):
    """The notes sit below the fold of a small window; focusing them scrolls
    them into view, and the timer line stays on screen."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        assert not screen.query_one(TooSmall).display or (
            screen.query_one(TooSmall).styles.display == "none"
        )
        await pilot.press("tab", "tab")
        await pilot.pause()
        notes = screen.query_one("#discussion-notes", NotesArea)
        assert app.focused is notes
        scroll = screen.query_one("#reconcile", VerticalScroll)
        visible = scroll.content_region
        assert visible.contains_region(notes.region)
        timer = screen.query_one("#timer", Static)
        assert timer.region.height >= 1
        assert timer.region.bottom <= size[1] - 1  # Above the footer.


# Agreed-value history


async def test_a_value_picked_is_saved_before_any_rationale(make_app, session_dir):
    """Regression: a digit picked the agreed value but nothing was saved until
    a rationale was typed, so a hang-up right after it lost the value."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(screen.focused, Input) and screen.focused.id == "rationale"
        (agreed,) = on_disk(session_dir)["agreed"]
        assert (agreed["statement"], agreed["value"]) == ("human-capacity", 4)
        assert agreed["rationale"] == ""
        await pilot.press("escape", "3")  # Changed in the same visit: no history.
        await pilot.pause()
        data = on_disk(session_dir)
        assert [(a["statement"], a["value"]) for a in data["agreed"]] == [
            ("human-capacity", 3)
        ]
        assert data.get("agreed_history", []) == []


async def test_a_rationale_typed_before_the_rating_is_kept_and_saved_with_it(
    make_app, session_dir
):
    """Regression: a rationale typed before any rating was picked vanished,
    unsaved and unannounced, on moving to another statement and back."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        first = screen.statement_id
        await pilot.press("tab")
        await type_text(pilot, "Two leads, one vacancy")
        notices = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert notices[-1].startswith("Pick the agreed rating too")
        await pilot.press("escape", "n", "p")
        await pilot.pause()
        assert screen.statement_id == first
        rationale = screen.query_one("#rationale", Input)
        assert rationale.value == "Two leads, one vacancy"
        await pilot.press("2")  # The rating has the focus on arrival.
        await pilot.pause()
    (agreed,) = on_disk(session_dir)["agreed"]
    assert (agreed["statement"], agreed["value"]) == (first, 2)
    assert agreed["rationale"] == "Two leads, one vacancy"


async def test_changing_a_value_later_keeps_the_earlier_one(make_app, session_dir):
    """Coming back with p and picking another value saves it and keeps the
    earlier agreement in agreed_history; the screen lists it in one line."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        await pilot.press("2")
        await type_text(pilot, "Two leads")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.statement_id == "technology"
        assert on_disk(session_dir).get("agreed_history", []) == []

        await pilot.press("p")
        await pilot.pause()
        earlier_line = screen.query_one("#earlier", Static)
        assert not earlier_line.display
        await pilot.press("3", "enter")
        await pilot.pause()

        data = on_disk(session_dir)
        (earlier,) = data["agreed_history"]
        assert (earlier["statement"], earlier["value"]) == ("human-capacity", 2)
        assert earlier["rationale"] == "Two leads"
        (current,) = [a for a in data["agreed"] if a["statement"] == "human-capacity"]
        assert (current["value"], current["rationale"]) == (3, "Two leads")

        await pilot.press("p")
        await pilot.pause()
        assert screen.statement_id == "human-capacity"
        assert earlier_line.display
        at = earlier["agreed_at"]
        assert shown_text(earlier_line).strip() == f"Earlier agreed: 2 at {at:%H:%M}"


async def test_retyping_a_rationale_keeps_one_earlier_agreement(
    make_app, session_dir, monkeypatch
):
    """Saving as the rationale is typed must not add a history entry per key.

    Regression too: on a return to the statement the cursor stayed at the
    start of the rationale, so " leads" was typed in front of "Two".
    """
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await at_reconcile(app, pilot)
        save_at_once(app, monkeypatch)
        await pilot.press("2")
        await type_text(pilot, "Two")
        await pilot.press("enter")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # Keep 2; on to the rationale.
        for key in " leads":
            await type_text(pilot, key)
            await pilot.pause()
        data = on_disk(session_dir)
        assert [a["rationale"] for a in data["agreed_history"]] == ["Two"]
        assert data["agreed"][0]["rationale"] == "Two leads"

        # Typing it back as it was is no change: the history entry goes.
        for _ in " leads":
            await pilot.press("backspace")
        await pilot.press("enter")
        await pilot.pause()
        assert on_disk(session_dir)["agreed_history"] == []


async def test_a_change_made_after_the_decisions_is_kept_too(make_app, session_dir):
    """From the decisions, Escape returns to reconcile; a changed value there
    is saved with the earlier one in the history."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await at_reconcile(app, pilot)
        await pilot.press("4")
        await type_text(pilot, "Strong")
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        while screen.statement_id != "human-capacity":
            await pilot.press("p")
        await pilot.press("1", "escape", "d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)

    data = on_disk(session_dir)
    assert [a["value"] for a in data["agreed_history"]] == [4]
    assert data["agreed"][0]["value"] == 1
