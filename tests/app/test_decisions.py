"""Faults a tester found on the decisions screen and its policy dialog.

Each test says in its docstring what went wrong.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, RadioButton, Static

from readiness_tui.app import ReadinessApp
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.screens.policy import PolicyDialog
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.storage import open_session
from tests.app.helpers import to_reconcile, type_text


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


async def test_policy_table_shows_the_due_date_in_80_columns(make_app, session_dir):
    """Regression: at 80x24 a policy with a long text, area and owner pushed
    the due date off the right edge ("Ben Okafor   202"). The columns are
    now narrow enough that the whole row fits, with ten or more policies (a
    scroll bar, and two-digit numbers) as with one."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_decisions(pilot, "Columns")
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Revise device take-home (BYOD) rules")
        await pilot.press("tab", "down", "tab")  # "Equal access ...", then owner.
        await type_text(pilot, "Ben Okafor, Director of Technology")
        await pilot.press("tab")
        await type_text(pilot, "2027-03-31")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.is_current
        table = screen.query_one("#policies", DataTable)
        row = table.render_line(1).text
        assert row.split() == [
            "1",
            "Revise",
            "device",
            "take-home…",
            "Equal",
            "access",
            "…",
            "Ben",
            "Okafor,…",
            "2027-03-31",
        ]
        assert table.virtual_size.width <= table.scrollable_content_region.width

        screen.policies.extend([screen.policies[0]] * 11)
        screen.refresh_policies(row=0)
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "2027-03-31" in table.render_line(1).text
    (policy,) = saved_decisions(session_dir)["policies"][:1]
    assert policy == {
        "text": "Revise device take-home (BYOD) rules",
        "area": "equal-access",
        "owner": "Ben Okafor, Director of Technology",
        "due": dt.date(2027, 3, 31),
    }


async def test_a_due_date_pasted_with_spaces_is_kept_whole(make_app, session_dir):
    """Regression: the due date field held at most 10 characters, so
    " 2027-02-28 " pasted (or sent key by key) was refused or cut to
    " 2027-02-2", which the dialog then called not a date. The field now has
    room; the spaces are stripped and the whole date saved."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_decisions(pilot, "Paste")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PolicyDialog)
        await type_text(pilot, "Lend laptops")
        await pilot.press("tab", "tab", "tab")  # Area, owner, due date.
        due = dialog.query_one("#policy-due", Input)
        assert dialog.focused is due
        due.post_message(events.Paste(" 2027-02-28 "))
        await pilot.pause()
        assert due.value == " 2027-02-28 "
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
    (policy,) = saved_decisions(session_dir)["policies"]
    assert policy["due"] == dt.date(2027, 2, 28)


def area_lines(dialog: PolicyDialog) -> list[str]:
    """The policy area list's lines as drawn, without trailing spaces."""
    area = dialog.query_one("#policy-area", OptionList)
    return [area.render_line(y).text.rstrip() for y in range(area.size.height)]


async def test_the_chosen_policy_area_is_marked_in_text(make_app, session_dir):
    """Regression: the chosen area showed only as the list's background
    colour, lost on a washed-out projector or under NO_COLOR, and a list never
    touched silently filed the policy under the first area. The chosen area
    now carries a "›" from the start, and the mark follows the highlight."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_decisions(pilot, "Areas")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PolicyDialog)
        lines = area_lines(dialog)
        assert lines[:2] == [
            "› Professional development in instructional technology",
            "  Equal access to technology in and out of school",
        ]
        assert sum(line.startswith("›") for line in lines) == 1

        await type_text(pilot, "Lend laptops")
        await pilot.press("tab", "down", "down")
        await pilot.pause()
        lines = area_lines(dialog)
        assert lines[2] == (
            "› Ongoing access to data for parents, students and teachers"
        )
        assert sum(line.startswith("›") for line in lines) == 1
        await pilot.press("tab", "enter")  # Save from the owner field.
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)

        await pilot.press("enter")  # Edit it again: the mark is on its area.
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PolicyDialog)
        assert [line[0] for line in area_lines(dialog)] == list("  ›  ")
    (policy,) = saved_decisions(session_dir)["policies"]
    assert policy["area"] == "data-access"


async def test_escape_in_the_policy_dialog_asks_before_discarding(
    make_app, session_dir
):
    """Regression: Escape in the add or edit dialog threw away whatever had
    been typed, without asking. Now a change (text, area, owner or date)
    brings a question: n or Escape goes back with the text intact, y
    discards. With nothing changed, Escape closes at once."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_decisions(pilot, "Escape")
        await pilot.press("a", "escape")  # Nothing typed: closes at once.
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)

        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PolicyDialog)
        await type_text(pilot, "Lend laptops")
        for answer in ("n", "escape"):
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            question = str(app.screen.query_one("#question", Static).render())
            assert question == "Throw away this policy?"
            await pilot.press(answer)
            await pilot.pause()
            assert app.screen is dialog
            assert dialog.query_one("#policy-text", Input).value == "Lend laptops"
            assert dialog.focused is dialog.query_one("#policy-text", Input)
        await pilot.press("enter")  # Saved after all.
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)

        await pilot.press("enter", "escape")  # Edit, unchanged: closes at once.
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)

        await pilot.press("enter", "tab", "down", "escape")  # Only the area.
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question", Static).render())
        assert question == "Throw away the changes to this policy?"
        await pilot.press("right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        await app.run_action("quit")
    assert saved_decisions(session_dir)["policies"] == [
        {"text": "Lend laptops", "area": "professional-development", "owner": ""}
    ]


async def test_a_policy_under_the_discard_question_is_kept_on_hang_up(
    make_app, session_dir
):
    """A hang-up while the dialog asks whether to throw a policy away (not
    yet answered) keeps the policy, as a hang-up in the dialog itself does."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_decisions(pilot, "Hang up")
        await pilot.press("a")
        await type_text(pilot, "Open labs")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        app.hang_up()
        await pilot.pause()
    (policy,) = saved_decisions(session_dir)["policies"]
    assert policy["text"] == "Open labs"


async def test_escape_in_scope_or_notes_leaves_the_field_not_the_screen(
    make_app, session_dir
):
    """Regression: Escape in the scope field left the whole decisions screen
    for reconcile, while elsewhere Escape in a text field only leaves the
    field. Escape in the scope or the notes now moves to the capacity choice;
    Escape from there goes back to reconcile, with both kept."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_decisions(pilot, "Fields")
        capacity = screen.query_one("#capacity")
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#scope")
        await type_text(pilot, "two schools")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.focused is capacity

        await pilot.press("tab", "tab", "tab")  # Scope, policies, notes.
        assert screen.focused is screen.query_one("#notes")
        await type_text(pilot, "ask the board")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.focused is capacity

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
    decisions = saved_decisions(session_dir)
    assert (decisions["scope"], decisions["notes"]) == ("two schools", "ask the board")


async def test_notes_typed_as_a_list_are_reported_as_typed(make_app, session_dir):
    """Regression: notes typed on the decisions screen with a line starting
    "- " came out of `w` as a list inside the report's block quote
    (``> - action: …``). The marker is now escaped, so the line reads as
    typed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_decisions(pilot, "Notes")
        screen.query_one("#notes").focus()
        await type_text(pilot, "Next steps:")
        await pilot.press("enter")
        await type_text(pilot, "- action: call the vendor")
        await pilot.press("escape", "w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
    (written,) = session_dir.glob("*-report.md")
    notes = written.read_text(encoding="utf-8").split("### Notes\n\n")[1]
    assert notes == "> Next steps:\\\n> \\- action: call the vendor\n"
    assert saved_decisions(session_dir)["notes"] == (
        "Next steps:\n- action: call the vendor"
    )
