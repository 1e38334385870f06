"""The whole workshop driven by keys on the real pack, checked on disk."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from readiness_tui.app import ReadinessApp
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from tests.app.helpers import add_team, begin, rate, reveal, type_text

STATEMENTS = [
    "human-capacity",
    "technology",
    "components-in-use",
    "measuring-progress",
    "finding-resources",
]

# Four members' ballots; "d" is don't know.
BALLOTS = {
    "Dana Whitfield": "33241",
    "Luis Ortega": "3242d",
    "Priya Natarajan": "31332",
    "Sam Cho": "34332",
}


def session_file(session_dir: Path) -> dict[str, object]:
    """The only session file in the folder, parsed."""
    (path,) = session_dir.glob("*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_full_workshop_is_saved_value_by_value(make_app, session_dir):
    """Four members rate, the team reconciles and decides; the TOML holds it all."""
    app: ReadinessApp = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Springfield USD")
        await pilot.press("tab", "tab", "up", "enter")  # Reveal shows names.
        await pilot.click("#member-name")
        await add_team(pilot, list(BALLOTS))
        for keys in BALLOTS.values():
            await rate(pilot, keys)

        assert isinstance(app.screen, HandoffScreen)
        await reveal(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)

        # Widest spread first: technology (range 3), then components-in-use
        # and measuring-progress (range 2, sd 0.71 each: survey order), then
        # finding-resources (range 1); human-capacity is unanimous.
        visited = []
        agreed = {
            "technology": ("2", "Devices are short in two schools."),
            "components-in-use": ("3", "Blended units run in two schools."),
            "measuring-progress": ("3", "Dashboards exist; use is uneven."),
            "finding-resources": ("2", "Only the hub is known."),
        }
        for _ in agreed:
            screen = app.screen
            assert isinstance(screen, ReconcileScreen)
            visited.append(screen.statement_id)
            value, rationale = agreed[screen.statement_id]
            await pilot.press(value)
            await type_text(pilot, rationale)
            await pilot.press("enter")
            await pilot.pause()

        # human-capacity was unanimous (3) and filled in; the last Enter
        # moved on to the decisions.
        assert isinstance(app.screen, DecisionsScreen)
        await pilot.press("down", "enter")  # Second option: schoolwide.
        await pilot.press("tab")
        await type_text(pilot, "All three high schools")
        await pilot.press("enter")  # Scope saved, on to the policy table.
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Fund a device for every student")
        await pilot.press("tab", "down")  # Area: equal access.
        await pilot.press("tab")
        await type_text(pilot, "Director of Technology")
        await pilot.press("tab")
        await type_text(pilot, "2027-06-30")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "Revisit in spring")
        await app.run_action("quit")

    data = session_file(session_dir)
    assert data["schema_version"] == 2
    assert data["name"] == "Springfield USD"
    assert data["step"] == "decisions"
    assert data["pack"]["id"] == "blended-learning-district"
    assert data["team"] == {
        "members": [{"seat": n, "name": name} for n, name in enumerate(BALLOTS, 1)],
        "anonymous": False,
        "reveal": "names",
        "away": [],
    }
    assert data["facilitator_code"] == ""
    (round_,) = data["rounds"]
    assert round_["number"] == 1
    assert round_["statements"] == STATEMENTS
    assert round_["revealed"] is True
    for seat, (ballot, keys) in enumerate(
        zip(round_["ballots"], BALLOTS.values(), strict=True), 1
    ):
        assert ballot["seat"] == seat
        expected = {
            s: int(k) for s, k in zip(STATEMENTS, keys, strict=True) if k != "d"
        }
        assert ballot["ratings"] == expected
        assert ballot["dont_know"] == [
            s for s, k in zip(STATEMENTS, keys, strict=True) if k == "d"
        ]
        assert isinstance(ballot["confirmed_at"], dt.datetime)

    assert visited == list(agreed)
    settled = {a["statement"]: (a["value"], a["rationale"]) for a in data["agreed"]}
    assert settled == {
        "human-capacity": (3, ""),
        "technology": (2, "Devices are short in two schools."),
        "components-in-use": (3, "Blended units run in two schools."),
        "measuring-progress": (3, "Dashboards exist; use is uneven."),
        "finding-resources": (2, "Only the hub is known."),
    }
    decisions = data["decisions"]
    assert decisions["capacity"] == "schoolwide"
    assert decisions["scope"] == "All three high schools"
    assert decisions["policies"] == [
        {
            "text": "Fund a device for every student",
            "area": "equal-access",
            "owner": "Director of Technology",
            "due": dt.date(2027, 6, 30),
        }
    ]
    assert decisions["notes"] == "Revisit in spring"
