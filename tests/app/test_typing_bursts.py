"""Keys that arrive together (a slow SSH link) are handled in the order typed."""

from __future__ import annotations

from textual import events

from readiness_tui.screens.team import TeamScreen
from tests.app.helpers import begin


def burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Queue keys all at once, as one network packet would deliver them."""
    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        app.post_message(events.Key(key, character))


async def test_names_typed_in_one_burst_stay_apart(make_app):
    """Regression: "Ana⏎Ben⏎Cy⏎" arriving together once added one member
    called "AnaBenCy", because Enter was handled after the later letters."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Burst")
        assert isinstance(app.screen, TeamScreen)
        burst(app, [*"Ana", "enter", *"Ben", "enter", *"Cy", "enter"])
        await pilot.pause()
        await pilot.pause()
        assert app.workshop is not None
        names = [m.name for m in app.workshop.team.members]
        assert names == ["Ana", "Ben", "Cy"]
