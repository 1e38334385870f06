"""No member sees another member's ratings before the reveal."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness_tui import session, storage
from readiness_tui.screens.ask import AskDialog
from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.widgets.scale_picker import ScalePicker
from tests.app.helpers import add_team, begin, rate, shown_text, to_desk, type_text

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


async def test_handoff_leads_only_to_the_ballot_or_the_code(make_app):
    """With a facilitator's code set, a member on the handoff can start their
    ballot and nothing else: Escape asks for the code, a wrong code is refused,
    and the command palette does not open."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Privacy")
        await add_team(pilot, ["Ana", "Ben"], code="4321")
        await rate(pilot, "12341")
        for key in ("ctrl+p", "left", "tab", "r", "c", "a"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HandoffScreen), key
        await pilot.press("escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AskDialog)
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "not the facilitator's code" in str(
            dialog.query_one("#ask-error").render()
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        assert len(app.screen_stack) == 2
        text = shown_text(app.screen.query_one("#progress"))
        assert "1 of 2 have rated" in text
        assert "✓ Ana" in text and "· Ben" in text
        await to_desk(pilot, code="4321")
    assert app.workshop is not None
    assert app.workshop.facilitator_code.startswith("pbkdf2_sha256$")
    assert "4321" not in app.workshop.facilitator_code


async def test_without_a_code_escape_on_the_handoff_opens_the_desk(make_app):
    """Going without a code is the facilitator's choice, and the desk says what
    it means."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "No code")
        await add_team(pilot, ["Ana", "Ben"])
        await to_desk(pilot)
        line = str(app.screen.query_one("#desk-code").render())
        assert "No facilitator's code: a member could come back here" in line


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
        await pilot.press("right", "enter")
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
    """c on the desk, on a member who rated, asks, deletes their ballot without
    showing it, and the member can be handed the keyboard to rate again."""
    import tomllib

    from readiness_tui.screens.confirm import ConfirmDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Clear")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        await rate(pilot, "12341")
        await rate(pilot, "43214")
        await to_desk(pilot)
        desk = app.screen
        assert desk.highlighted == "3"  # Cy is next.
        await pilot.press("up", "up", "c")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        assert confirm.question.startswith("Clear Ana's ballot?")
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.screen is desk
        listing = " ".join(str(desk.query_one("#desk-progress").render()).split())
        assert listing.startswith("1 of 3 have rated")
        await pilot.press("enter")
        await pilot.pause()
        handoff = app.screen
        assert isinstance(handoff, HandoffScreen)
        assert "Ana" in str(handoff.query_one("#pass-to").render())
        assert "1 of 3 have rated" in shown_text(handoff.query_one("#progress"))
    (path,) = session_dir.glob("*.toml")
    ballots = tomllib.loads(path.read_text(encoding="utf-8"))["rounds"][0]["ballots"]
    assert [b["seat"] for b in ballots] == [2]
