"""Resuming a saved workshop opens it where the team stood."""

from __future__ import annotations

from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.screens.start import StartScreen
from readiness_tui.storage import open_session
from tests.app.helpers import add_team, begin, rate


async def test_resume_mid_rating_returns_to_the_next_members_handoff(
    make_app, session_dir, pack
):
    """After one of three ballots and a quit, resuming hands the keyboard to
    the second member, with the first member's ballot kept."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Resume")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        await rate(pilot, "12341")
        await pilot.press("enter", "4")  # Ben starts, then the link drops.
        await app.run_action("quit")

    (path,) = session_dir.glob("*.toml")
    workshop, _ = open_session(path, [pack])
    resumed = make_app(session_file=path, workshop=workshop)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = resumed.screen
        assert isinstance(screen, HandoffScreen)
        assert "Ben" in str(screen.query_one("#pass-to").render())
        progress = str(screen.query_one("#progress").render())
        assert "1 of 3 have rated" in progress
    ballots = workshop.rounds[0].ballots
    assert [(b.seat, b.ratings) for b in ballots] == [
        (
            1,
            {
                "human-capacity": 1,
                "technology": 2,
                "components-in-use": 3,
                "measuring-progress": 4,
                "finding-resources": 1,
            },
        )
    ]


async def test_resume_from_the_start_screen_list(make_app, session_dir):
    """A saved workshop is listed on the start screen and reopens at reconcile."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Listed")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "11111")
        await rate(pilot, "44444")
        await pilot.press("enter", "enter")  # Reveal, then reconcile.
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        await app.run_action("quit")

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        assert isinstance(again.screen, StartScreen)
        await pilot.press("tab")  # From the name field to the saved list.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, ReconcileScreen)
        assert again.workshop is not None
        assert again.workshop.name == "Listed"
