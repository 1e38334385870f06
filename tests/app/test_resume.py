"""Resuming a saved workshop opens it where the team stood."""

from __future__ import annotations

import contextlib

from readiness_tui.screens.ask import AskDialog
from readiness_tui.screens.desk import RatingDeskScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.screens.start import StartScreen
from readiness_tui.storage import open_session
from tests.app.helpers import (
    add_team,
    begin,
    rate,
    shown_text,
    to_reconcile,
    type_text,
)


async def test_resume_mid_rating_returns_to_the_desk_with_the_next_member(
    make_app, session_dir, pack
):
    """After one of three ballots and a quit, resuming opens the facilitator's
    desk (whoever restarts the app is the facilitator) with the second member
    next; Enter hands them the keyboard. The first member's ballot is kept."""
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
        assert isinstance(resumed.screen, AskDialog)  # Still no code: offered.
        await pilot.press("enter")
        await pilot.pause()
        desk = resumed.screen
        assert isinstance(desk, RatingDeskScreen)
        assert desk.highlighted == "2"
        await pilot.press("enter")
        await pilot.pause()
        screen = resumed.screen
        assert isinstance(screen, HandoffScreen)
        assert "Ben" in str(screen.query_one("#pass-to").render())
        progress = shown_text(screen.query_one("#progress"))
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
        await to_reconcile(pilot, "Listed")
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


async def test_a_held_workshop_opens_read_only_and_is_never_written(
    make_app, session_dir
):
    """Resuming a workshop another readiness-tui holds offers read-only; then
    nothing done is written to the file."""
    from readiness_tui.lock import SessionLock
    from readiness_tui.screens.confirm import ConfirmDialog
    from readiness_tui.screens.scenario import ScenarioScreen
    from readiness_tui.screens.team import TeamScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Held")
        await app.run_action("quit")
    (path,) = session_dir.glob("*.toml")
    before = path.read_bytes()

    other = SessionLock(path)  # Another readiness-tui has it open.
    try:
        viewer = make_app()
        async with viewer.run_test(size=(80, 24)) as pilot:
            await pilot.press("tab", "enter")
            await pilot.pause()
            dialog = viewer.screen
            assert isinstance(dialog, ConfirmDialog)
            assert "open in another readiness-tui (process " in dialog.question
            await pilot.press("right", "enter")
            await pilot.pause()
            assert isinstance(viewer.screen, TeamScreen)
            assert viewer.read_only
            assert "READ-ONLY" in viewer.sub_title
            await pilot.press("escape")  # Back to the scenario: a change of step.
            await pilot.pause()
            assert isinstance(viewer.screen, ScenarioScreen)
            await viewer.run_action("quit")
    finally:
        other.release()
    assert path.read_bytes() == before


async def test_packs_and_session_load_behind_the_first_frame(make_app, session_dir):
    """With nothing preloaded (as from the command line), the packs and the
    --session workshop load in a worker and it resumes where it stood."""
    from readiness_tui.screens.team import TeamScreen

    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Behind")
        await first.run_action("quit")
    (path,) = session_dir.glob("*.toml")

    app = make_app(packs=None, session_file=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert app.pack.id == "blended-learning-district"
        assert app.lock is not None


async def test_an_unusable_session_ends_the_app_with_its_message(make_app, tmp_path):
    """A broken --session file ends the app with status 2 and the message for
    the command line to print; the file is left as it was."""
    broken = tmp_path / "cut.toml"
    broken.write_bytes(b"schema_version = 1\nname = [\n")
    from textual.worker import WorkerCancelled

    app = make_app(packs=None, session_file=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        # The app exits as soon as the worker reports, which may cancel it.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.startup_error.startswith(f"{broken}: not valid TOML")
    assert broken.read_bytes() == b"schema_version = 1\nname = [\n"


async def test_the_name_can_be_typed_before_the_packs_have_loaded(
    make_app, session_dir, monkeypatch
):
    """From the command line the start screen comes first and takes the name
    while the packs load; Enter before they are there begins the workshop as
    soon as they are, and the saved workshops are listed then."""
    import threading

    from readiness_tui import startup
    from readiness_tui.screens.scenario import ScenarioScreen
    from readiness_tui.screens.start import StartScreen

    loaded = threading.Event()
    real_prepare = startup.prepare

    def slow_prepare(*args: object) -> startup.Prepared:
        loaded.wait(10)
        return real_prepare(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(startup, "prepare", slow_prepare)
    app = make_app(packs=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert "loading" in str(screen.query_one("#pack-loading").render())
        await type_text(pilot, "Early bird")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and app.workshop is None
        loaded.set()
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen)
        assert app.workshop is not None and app.workshop.name == "Early bird"


async def test_a_new_workshop_says_when_its_session_file_was_taken(
    make_app, session_dir, tmp_path
):
    """Regression: a second copy started on the same new --session file saved
    its workshop in the default folder without a word. It now says where."""
    taken = tmp_path / "race.toml"
    taken.write_text("not ours", encoding="utf-8")
    app = make_app(session_file=taken)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Two")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session_path is not None and app.session_path != taken
        messages = [n.message for n in app._notifications]
    assert any(
        m.startswith(f"{taken} is already taken") and str(app.session_path) in m
        for m in messages
    ), messages
    assert taken.read_text(encoding="utf-8") == "not ours"
