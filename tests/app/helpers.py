"""Steps of the workshop as a facilitator's keystrokes, shared by the app tests."""

from __future__ import annotations

import io

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from readiness_tui.screens.ask import AskDialog
from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.desk import RatingDeskScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.reveal import RevealScreen
from readiness_tui.screens.scenario import ScenarioScreen
from readiness_tui.screens.team import TeamScreen


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text one key at a time, as a person would."""
    for character in text:
        await pilot.press("space" if character == " " else character)


async def begin(pilot: Pilot[None], name: str) -> None:
    """From the start screen: name the workshop, pass the scenario."""
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ScenarioScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TeamScreen)


async def add_team(pilot: Pilot[None], names: list[str], code: str = "") -> None:
    """Type the members, start rating, set the facilitator's code (or none),
    and pass the keyboard to the first member."""
    for name in names:
        await type_text(pilot, name)
        await pilot.press("enter")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AskDialog)  # The code, offered once.
    await type_text(pilot, code)
    await pilot.press("enter")
    await pilot.pause()
    if code:  # Asked again, to be sure of it.
        assert isinstance(pilot.app.screen, AskDialog)
        await type_text(pilot, code)
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, RatingDeskScreen)
    await pilot.press("enter")  # The first member is highlighted.
    await pilot.pause()


async def to_desk(pilot: Pilot[None], code: str = "") -> None:
    """From a member's handoff, the facilitator goes back to the desk."""
    handoff = pilot.app.screen
    assert isinstance(handoff, HandoffScreen)
    # Escape while a member is due; Enter once nobody is (the handoff asks
    # for the keyboard back then).
    await pilot.press("escape" if handoff.seat is not None else "enter")
    await pilot.pause()
    if code:
        assert isinstance(pilot.app.screen, AskDialog)
        await type_text(pilot, code)
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, RatingDeskScreen)


async def reveal(pilot: Pilot[None], code: str = "") -> None:
    """Once everyone has rated: the facilitator takes the keyboard (unless
    already on the desk) and reveals."""
    if isinstance(pilot.app.screen, HandoffScreen):
        await to_desk(pilot, code)
    assert isinstance(pilot.app.screen, RatingDeskScreen)
    await pilot.press("enter")  # "Reveal the ratings" is highlighted.
    await pilot.pause()
    assert isinstance(pilot.app.screen, RevealScreen)


async def rate(pilot: Pilot[None], keys: str) -> None:
    """Take the ballot at the handoff, answer with `keys`, confirm."""
    assert isinstance(pilot.app.screen, HandoffScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, BallotScreen)
    for key in keys:
        await pilot.press(key)
    await pilot.pause()
    await pilot.press("enter")  # Confirm is highlighted on the review.
    await pilot.pause()


async def rerate(pilot: Pilot[None]) -> None:
    """On reconcile: re-rate the statement shown, and pass to the first member."""
    await pilot.press("r", "right", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RatingDeskScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HandoffScreen)


async def reveal_and_reconcile(pilot: Pilot[None]) -> None:
    """Once everyone has rated: reveal, then go on to reconcile."""
    await reveal(pilot)
    await pilot.press("enter")
    await pilot.pause()


def shown_text(widget: Static) -> str:
    """What a Static shows, as plain text at its on-screen width."""
    console = Console(width=widget.size.width or 80, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def to_reconcile(pilot: Pilot[None], name: str) -> None:
    """A two-member workshop, Ana all 1s and Ben all 4s, revealed and opened
    at reconcile: every statement split, so none is agreed yet."""
    await begin(pilot, name)
    await add_team(pilot, ["Ana", "Ben"])
    await rate(pilot, "11111")
    await rate(pilot, "44444")
    await reveal_and_reconcile(pilot)
