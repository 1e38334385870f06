"""Keys that arrive together (a slow SSH link) are handled in the order typed."""

from __future__ import annotations

from textual import events

from readiness_tui.screens.team import TeamScreen
from tests.app.helpers import begin, to_reconcile


def burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Queue keys all at once, as one network packet would deliver them."""
    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        key = "space" if key == " " else key
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


async def test_rationale_typed_right_after_the_digit_keeps_every_letter(
    make_app, session_dir
):
    """Regression: keys typed just after the agreed digit reached the rating
    before the focus moved, so "2Ben sees" lost "Ben" (or ran n/p/r/d)."""
    import tomllib

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Burst")
        burst(app, ["2", *"Ben and Dana differ", "enter"])
        for _ in range(5):
            await pilot.pause()
        assert app.workshop is not None
        assert len(app.workshop.rounds) == 1
    (path,) = session_dir.glob("*.toml")
    agreed = tomllib.loads(path.read_text(encoding="utf-8"))["agreed"][0]
    assert (agreed["value"], agreed["rationale"]) == (2, "Ben and Dana differ")
