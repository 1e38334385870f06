"""Re-rating a statement: a new round, current from then on, every round kept."""

from __future__ import annotations

import tomllib

from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.screens.reveal import RevealScreen
from readiness_tui.stats import statement_summary
from tests.app.helpers import (
    add_team,
    begin,
    rate,
    rerate,
    reveal,
    reveal_and_reconcile,
)


async def test_rerate_opens_a_round_for_one_statement_and_keeps_both(
    make_app, session_dir, pack
):
    """Re-rating the widest-spread statement passes the keyboard once more for
    it alone; its new ratings become current and round 1 stays in the file."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Rounds")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        # technology is 1, 4, 4 (range 3): the widest spread, discussed first.
        for keys in ("31333", "34333", "34333"):
            await rate(pilot, keys)
        await reveal_and_reconcile(pilot)
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        assert screen.statement_id == "technology"

        await rerate(pilot)
        handoff = app.screen
        assert isinstance(handoff, HandoffScreen)
        assert "Round 2 · rating again: The district has adequate" in str(
            handoff.query_one("#round").render()
        )
        for keys in ("3", "3", "4"):
            await rate(pilot, keys)
        await reveal(pilot)
        assert isinstance(app.screen, RevealScreen)
        assert "Round 2 revealed" in str(app.screen.query_one(".heading").render())
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        assert screen.statement_id == "technology"
        rounds_line = str(screen.query_one("#rounds").render())
        assert "Current: round 2" in rounds_line
        assert "round 1: n 3 · median 4 · mean 3 · sd 1.41" in rounds_line
        summary = statement_summary(app.workshop, pack, "technology")
        assert (summary.n, summary.low, summary.high) == (3, 3, 4)
        await app.run_action("quit")

    (path,) = session_dir.glob("*.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    first, second = data["rounds"]
    assert first["number"] == 1 and first["revealed"] is True
    assert [b["ratings"]["technology"] for b in first["ballots"]] == [1, 4, 4]
    assert second["number"] == 2
    assert second["statements"] == ["technology"]
    assert second["revealed"] is True
    assert [b["ratings"] for b in second["ballots"]] == [
        {"technology": 3},
        {"technology": 3},
        {"technology": 4},
    ]
    assert data["step"] == "reconcile"
