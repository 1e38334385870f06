"""Faults a tester found on the decisions screen and its policy dialog.

Each test says in its docstring what went wrong.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import RadioButton

from readiness_tui.app import ReadinessApp
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.storage import open_session
from tests.app.helpers import to_reconcile


def saved_decisions(session_dir: Path) -> dict:  # type: ignore[type-arg]
    """The decisions table of the only session file, as on disk."""
    (path,) = session_dir.glob("*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))["decisions"]


async def to_decisions(pilot: Pilot[None], name: str) -> DecisionsScreen:
    """A split two-member workshop, opened at the decisions screen."""
    await to_reconcile(pilot, name)
    await pilot.press("d")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DecisionsScreen)
    return screen


def highlighted(screen: DecisionsScreen) -> list[str]:
    """The ids of the capacity buttons the keyboard highlight is on."""
    buttons = screen.query("#capacity RadioButton").results(RadioButton)
    return [str(b.id) for b in buttons if b.has_class("-selected")]


async def test_resumed_capacity_choice_keeps_the_highlight_on_it(
    make_app, session_dir, pack
):
    """Regression: after choosing "Schoolwide", quitting and resuming, the
    highlight started on the first option; ↑ wrapped to "Not yet" and Enter
    saved capacity = "not-yet". The highlight now opens on the choice, so ↑
    from "Schoolwide" reaches "Pilot"."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_decisions(pilot, "Capacity")
        await pilot.press("down", "enter")
        await pilot.pause()
        await app.run_action("quit")
    assert saved_decisions(session_dir)["capacity"] == "schoolwide"

    (path,) = session_dir.glob("*.toml")
    workshop, _ = open_session(path, [pack])
    resumed: ReadinessApp = make_app(session_file=path, workshop=workshop)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = resumed.screen
        assert isinstance(screen, DecisionsScreen)
        assert screen.focused is not None and screen.focused.id == "capacity"
        assert highlighted(screen) == ["capacity-schoolwide"]
        await pilot.press("up", "enter")
        await pilot.pause()
        await resumed.run_action("quit")
    assert saved_decisions(session_dir)["capacity"] == "pilot"
