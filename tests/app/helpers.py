"""Steps of the workshop as a facilitator's keystrokes, shared by the app tests."""

from __future__ import annotations

import io

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.handoff import HandoffScreen
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


async def add_team(pilot: Pilot[None], names: list[str]) -> None:
    """Type the members, then an empty Enter to start rating."""
    for name in names:
        await type_text(pilot, name)
        await pilot.press("enter")
    await pilot.press("enter")
    await pilot.pause()


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
    await pilot.press("enter", "enter")  # Reveal, then reconcile.
    await pilot.pause()
