"""The facilitator's controls: phase bar, `?` help, the palette's actions, themes."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.screens.reveal import RevealScreen
from readiness_tui.widgets.phase_bar import PhaseBar
from tests.app.helpers import add_team, begin, rate


class Clock:
    """A clock the test moves by hand; the app's phase bar reads it."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    """The phase bar of the screen in front, as drawn at its width."""
    return app.screen.query_one(PhaseBar).render().plain


async def test_phase_bar_marks_each_phase_and_counts_the_minutes(make_app):
    """Every workshop screen, private ones included, shows the phases with
    the current one marked in text, and the time since the workshop began."""
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "▶" not in bar_text(app) and "elapsed" not in bar_text(app)
        await begin(pilot, "Bar")  # On to the team.
        assert app.workshop is not None
        started = app.workshop.created
        clock.now = started + dt.timedelta(hours=1, minutes=42, seconds=20)
        app.screen.query_one(PhaseBar).refresh()
        assert "[▶ Team]" in bar_text(app)
        assert bar_text(app).endswith("elapsed 1:42")

        await add_team(pilot, ["Ana", "Ben"])
        assert isinstance(app.screen, HandoffScreen)
        assert "[▶ Rating]" in bar_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BallotScreen)
        assert "[▶ Rating]" in bar_text(app)

        clock.now += dt.timedelta(seconds=39)
        bar = app.screen.query_one(PhaseBar)
        bar.tick()  # What the minute timer does, 40 s after 1:42:20.
        assert bar_text(app).endswith("elapsed 1:42")
        clock.now += dt.timedelta(seconds=1)
        bar.tick()
        assert bar_text(app).endswith("elapsed 1:43")


async def test_phase_bar_on_reveal_reconcile_and_decisions(make_app):
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Bar")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "11111")
        await rate(pilot, "44444")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        assert "[▶ Reveal]" in bar_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        assert "[▶ Reconcile]" in bar_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        assert "[▶ Decisions]" in bar_text(app)


@pytest.mark.parametrize(("size", "width"), [((60, 20), 58), ((50, 16), 48)])
async def test_phase_bar_fits_narrow_windows(make_app, size, width):
    """At 60x20 and the 50x16 minimum the other phases are shortened; the
    current one keeps its full name and the time still shows."""
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=size) as pilot:
        await begin(pilot, "Narrow")
        await add_team(pilot, ["Ana"])
        assert app.workshop is not None
        clock.now = app.workshop.created + dt.timedelta(minutes=7)
        bar = app.screen.query_one(PhaseBar)
        bar.refresh()
        await pilot.pause()
        assert bar.content_size.width == width
        text = bar_text(app)
        assert len(text) == width
        assert "[▶ Rating]" in text and "Scen." in text
        assert text.endswith("0:07")
