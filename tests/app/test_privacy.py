"""No member sees another member's ratings before the reveal."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness_tui import session, storage
from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.widgets.scale_picker import ScalePicker
from tests.app.helpers import add_team, begin, rate

FIXED = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the clock so two runs draw the same header."""
    monkeypatch.setattr(session, "now", lambda: FIXED)
    monkeypatch.setattr(storage, "now", lambda: FIXED)


async def second_members_screens(make_app, first_ballot: str) -> list[str]:
    """Every screen member 2 sees, as SVG, after member 1 rated `first_ballot`.

    The phase bar's clock is stopped too, so its minutes match in both runs.
    """
    app = make_app(clock=lambda: FIXED)
    shots = []
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Privacy")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, first_ballot)
        assert isinstance(app.screen, HandoffScreen)
        shots.append(app.export_screenshot())
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(5):
            assert isinstance(app.screen, BallotScreen)
            assert app.screen.query_one(ScalePicker).value is None
            shots.append(app.export_screenshot())
            await pilot.press("right")
            await pilot.pause()
        shots.append(app.export_screenshot())  # Member 2's review.
    return shots


async def test_member_twos_screens_do_not_depend_on_member_ones_ratings(
    make_app, frozen_clock
):
    """Member 2's handoff, ballot pages and review are identical whatever
    member 1 chose, so nothing of member 1's ballot can show on them."""
    low = await second_members_screens(make_app, "11111")
    high = await second_members_screens(make_app, "4444d")
    assert len(low) == len(high) == 7
    for index, (one, other) in enumerate(zip(low, high, strict=True)):
        assert one == other, f"screen {index} differs with member 1's ratings"


async def test_handoff_offers_no_way_back_or_palette_once_someone_rated(make_app):
    """Escape and the command palette do nothing on the handoff after a ballot."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Privacy")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "12341")
        for key in ("escape", "ctrl+p", "left", "tab"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HandoffScreen), key
        assert len(app.screen_stack) == 2
        text = str(app.screen.query_one("#progress").render())
        assert "1 of 2 have rated" in text
        assert "✓ Ana" in text and "· Ben" in text


async def test_discarded_ballot_leaves_nothing_behind(make_app, session_dir):
    """Escape on a ballot, after confirming, returns to the handoff; the next
    ballot for the same member starts empty and nothing was saved."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Privacy")
        await add_team(pilot, ["Ana", "Ben"])
        await pilot.press("enter", "3", "4")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("enter")
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        assert ballot.answers == {}
        assert ballot.query_one(ScalePicker).value is None
    assert app.workshop is not None
    assert app.workshop.rounds[0].ballots == []


async def test_facilitator_clears_a_ballot_unseen_and_the_member_rates_again(
    make_app, session_dir
):
    """c on the handoff picks a member by name, asks, deletes their ballot
    without showing it, and hands the keyboard back to them."""
    import tomllib

    from readiness_tui.screens.choose import ChooseDialog
    from readiness_tui.screens.confirm import ConfirmDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Clear")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        await rate(pilot, "12341")
        await rate(pilot, "43214")
        await pilot.press("c")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseDialog)
        assert chooser.options == [("1", "Ana"), ("2", "Ben")]
        await pilot.press("enter")  # Ana.
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        assert confirm.question.startswith("Clear Ana's ballot?")
        await pilot.press("y")
        await pilot.pause()
        handoff = app.screen
        assert isinstance(handoff, HandoffScreen)
        assert "Ana" in str(handoff.query_one("#pass-to").render())
        assert "1 of 3 have rated" in str(handoff.query_one("#progress").render())
    (path,) = session_dir.glob("*.toml")
    ballots = tomllib.loads(path.read_text(encoding="utf-8"))["rounds"][0]["ballots"]
    assert [b["seat"] for b in ballots] == [2]
