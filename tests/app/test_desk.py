"""The facilitator's desk: any order, people stepping out or arriving late,
revealing early, dropping a round, and a member's keys never reaching it."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

from readiness_tui.screens.ask import AskDialog
from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.base import PrivateScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.screens.desk import RatingDeskScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.help import HelpScreen
from readiness_tui.screens.reveal import RevealScreen
from readiness_tui.screens.team import TeamScreen
from tests.app.helpers import add_team, begin, rate, shown_text, to_desk, type_text


def saved(session_dir: Path) -> dict:  # type: ignore[type-arg]
    """The only session file, parsed."""
    (path,) = session_dir.glob("*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def passed_to(screen: object) -> str:
    """Whom the handoff names (or its words when nobody is due)."""
    assert isinstance(screen, HandoffScreen)
    return " ".join(str(screen.query_one("#pass-to").render()).split())


def listing(desk: object) -> list[str]:
    """The desk's lines, as shown."""
    assert isinstance(desk, RatingDeskScreen)
    options = desk.query_one("#desk-members").options  # type: ignore[attr-defined]
    return [
        " ".join(str(option.prompt).removeprefix("›").split()) for option in options
    ]


async def test_members_rate_in_any_order_the_facilitator_picks(make_app, session_dir):
    """Enter on any member still to rate hands them the keyboard; after their
    ballot the handoff goes to the first one still due, in team order."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Order")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        await to_desk(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert passed_to(app.screen) == "Pass the keyboard to Cy"
        await rate(pilot, "22222")
        assert passed_to(app.screen) == "Pass the keyboard to Ana"
        await rate(pilot, "33333")
        assert passed_to(app.screen) == "Pass the keyboard to Ben"
    seats = [b["seat"] for b in saved(session_dir)["rounds"][0]["ballots"]]
    assert seats == [3, 1]


async def test_a_member_who_stepped_out_is_skipped_until_back(make_app, session_dir):
    """s marks Ben away: the handoff passes him by and says everyone *here*
    has rated; the desk lists him as away; Enter on him brings him back."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Away")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        await to_desk(pilot)
        await pilot.press("down", "s")
        await pilot.pause()
        assert listing(app.screen)[1] == "○ away (skipped) Ben"
        assert saved(session_dir)["team"]["away"] == [2]
        await pilot.press("up", "enter")
        await pilot.pause()
        await rate(pilot, "11111")
        assert passed_to(app.screen) == "Pass the keyboard to Cy"
        await rate(pilot, "22222")
        assert passed_to(app.screen) == "Everyone here has rated."
        await to_desk(pilot)
        assert app.screen.highlighted == "-reveal"  # type: ignore[attr-defined]
        await pilot.press("up", "up", "enter")  # Ben is back.
        await pilot.pause()
        assert passed_to(app.screen) == "Pass the keyboard to Ben"
        await rate(pilot, "33333")
        assert passed_to(app.screen) == "Everyone has rated."
    data = saved(session_dir)
    assert data["team"]["away"] == []
    assert [b["seat"] for b in data["rounds"][0]["ballots"]] == [1, 3, 2]


async def test_a_late_member_is_added_and_rates_at_a_handoff(make_app, session_dir):
    """a on the desk asks for the name (refusing one already taken), adds the
    member to the team and the open round, and they rate like anyone else."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Late")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "11111")
        await rate(pilot, "22222")
        await to_desk(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AskDialog)
        await type_text(pilot, "ana")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "ana is already on the team" in str(
            dialog.query_one("#ask-error").render()
        )
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "Dee")
        await pilot.press("enter")
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, RatingDeskScreen)
        assert listing(desk)[2] == "· to rate Dee"
        assert desk.highlighted == "3"
        await pilot.press("enter")
        await pilot.pause()
        assert passed_to(app.screen) == "Pass the keyboard to Dee"
        await rate(pilot, "44444")
        assert passed_to(app.screen) == "Everyone has rated."
    data = saved(session_dir)
    assert data["team"]["members"][2] == {"seat": 3, "name": "Dee"}
    assert [b["seat"] for b in data["rounds"][0]["ballots"]] == [1, 2, 3]


async def test_a_mistyped_name_is_corrected_and_keeps_its_ballot(make_app, session_dir):
    """n on the desk asks for the highlighted member's name, starting from the
    old one; a name already taken is refused, Escape changes nothing, and the
    corrected name keeps the seat and the ballot already confirmed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Rename")
        await add_team(pilot, ["Ana", "Bne"])
        await rate(pilot, "11111")
        await to_desk(pilot)
        await pilot.press("up", "n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AskDialog)
        assert dialog.query_one("#answer").value == "Ana"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert listing(app.screen)[0] == "✓ rated Ana"
        await pilot.press("down", "n")
        await pilot.pause()
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "ana")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not None and isinstance(app.screen, AskDialog)
        assert "ana is already on the team" in str(
            app.screen.query_one("#ask-error").render()
        )
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "Ben  Okafor")
        await pilot.press("enter")
        await pilot.pause()
        assert listing(app.screen)[:2] == ["✓ rated Ana", "· to rate Ben Okafor"]
        await pilot.press("enter")
        await pilot.pause()
        assert passed_to(app.screen) == "Pass the keyboard to Ben Okafor"
    data = saved(session_dir)
    assert data["team"]["members"] == [
        {"seat": 1, "name": "Ana"},
        {"seat": 2, "name": "Ben Okafor"},
    ]
    assert [b["seat"] for b in data["rounds"][0]["ballots"]] == [1]


async def test_the_team_screen_corrects_a_name_in_place(make_app, session_dir):
    """n on the team list renames the highlighted member, keeping the order."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Team rename")
        await pilot.pause()
        for name in ["Ana", "Bne", "Cy"]:
            await type_text(pilot, name)
            await pilot.press("enter")
        await pilot.press("tab", "down", "n")
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "Ben")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert app.screen.names == ["Ana", "Ben", "Cy"]
    names = [m["name"] for m in saved(session_dir)["team"]["members"]]
    assert names == ["Ana", "Ben", "Cy"]


async def test_an_early_reveal_names_who_has_not_rated(make_app, session_dir):
    """r before everyone rated asks first, naming how many and who; Escape
    keeps the round open; → and Enter reveal the ballots given and say how many."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Early")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        await rate(pilot, "12341")
        await to_desk(pilot)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith(
            "2 members have not rated: Ben and Cy. Reveal anyway?"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert app.workshop is not None and app.workshop.open_round is not None
        await pilot.press("r", "right", "enter")
        await pilot.pause()
        reveal = app.screen
        assert isinstance(reveal, RevealScreen)
        heading = shown_text(reveal.query_one(".heading"))  # type: ignore[arg-type]
        assert "Round 1 revealed · 1 of 3 members rated (not Ben and Cy)" in heading
        figures = shown_text(reveal.query_one("#dist-technology"))  # type: ignore[arg-type]
        assert "n 1 · median 2" in figures
    data = saved(session_dir)
    assert data["rounds"][0]["revealed"] is True
    assert data["step"] == "reveal"


async def test_a_word_typed_on_the_desk_neither_reveals_nor_clears(
    make_app, session_dir
):
    """Regression: typing a name on the desk, as if into a field, ran its
    letters: "Lucy" cleared the highlighted ballot (c, then y answered) and
    "Tracy" revealed the round early (r, then y). No letter answers a
    question now; Enter alone picks Cancel."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Words")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "12341")
        await to_desk(pilot)
        await pilot.press("home")
        for word in ["Lucy", "Tracy", "ready"]:
            for letter in word:
                await pilot.press(letter)
            await pilot.press("enter")
            await pilot.pause()
        assert app.workshop is not None
        round_ = app.workshop.open_round
        assert round_ is not None and [b.seat for b in round_.ballots] == [1]
    data = saved(session_dir)
    assert data["rounds"][0]["revealed"] is False
    assert [b["seat"] for b in data["rounds"][0]["ballots"]] == [1]


async def test_dropping_a_round_with_ballots_asks_first(make_app, session_dir):
    """Escape on the desk once someone rated asks before discarding the round;
    Escape on the question keeps everything."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Drop")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "12341")
        await to_desk(pilot)
        await pilot.press("escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question == (
            "Discard round 1 and its 1 ballot, unseen, and go back to the team?"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert len(saved(session_dir)["rounds"][0]["ballots"]) == 1
        await pilot.press("escape", "right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
    data = saved(session_dir)
    assert data["rounds"] == []
    assert data["step"] == "team"


async def test_no_key_a_member_can_press_reaches_the_facilitator(make_app):
    """From a member's ballot, with a facilitator's code set, no sequence of
    the keys the app binds (without the code) leaves the members' screens:
    the desk, reveal, team and reconcile stay out of reach, and the round
    stays unrevealed. A seeded random walk of 600 keys covers every binding
    of every screen a member can reach, in many orders."""
    keys = (
        [str(d) for d in range(10)]
        + list("abcdeknprsuwxyz?")
        + ["enter", "escape", "tab", "shift+tab", "left", "right", "up", "down"]
        + ["ctrl+p", "space", "backspace"]
    )
    walk = random.Random(7).choices(keys, k=600)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Walk")
        await add_team(pilot, ["Ana", "Ben", "Cy", "Dee"], code="k9")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BallotScreen)
        for step, key in enumerate(walk):
            await pilot.press(key)
            screens = app.screen_stack[1:]
            assert isinstance(screens[0], PrivateScreen), (step, key, screens)
            for screen in screens[1:]:
                assert isinstance(screen, ConfirmDialog | AskDialog | HelpScreen), (
                    step,
                    key,
                )
        await pilot.pause()
        assert app.workshop is not None
        assert app.workshop.open_round is not None
        assert isinstance(app.screen_stack[1], PrivateScreen)


async def test_the_palette_offers_the_desks_actions_by_name(make_app, session_dir):
    """On the desk, Ctrl+P finds the facilitator's actions by their names
    (only those that apply to the highlighted line), and runs them."""
    from textual.command import CommandPalette

    from readiness_tui.commands import ScreenActions

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Palette")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "12341")
        await to_desk(pilot)  # Ben, still to rate, is highlighted.
        desk = app.screen
        names = [name for name, _help, _action in ScreenActions(desk).actions()]
        assert names == ["Away/back", "Add member", "Rename", "Reveal", "Code", "Back"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "away")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is desk
    assert saved(session_dir)["team"]["away"] == [2]


async def test_a_member_cannot_quit_to_the_shell_without_the_code(make_app):
    """Regression: Ctrl+Q on a member's screen left the app for the shell,
    where the session file holds the round's ballots. With a code set, Ctrl+Q
    there asks for it; the facilitator's code quits, and the ballot being
    typed is still asked about."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Exit")
        await add_team(pilot, ["Ana", "Ben"], code="k9")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)
        await type_text(pilot, "nope")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen) and app.is_running
        await pilot.press("enter", "3", "ctrl+q")
        await pilot.pause()
        await type_text(pilot, "k9")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Ana's answers are not confirmed")
        await pilot.press("right", "enter")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_failed_save_offers_another_file_to_the_facilitator_only(
    make_app, tmp_path
):
    """Regression: a save that failed as a member confirmed their ballot put
    the "save it to another file?" dialog on the next member's handoff, so
    whoever held the keyboard could redirect the session. The offer now
    waits for the facilitator's desk; the header says NOT SAVED meanwhile."""
    from readiness_tui.screens.save_elsewhere import SaveElsewhereDialog

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the session folder should be")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Disk")
        await add_team(pilot, ["Ana", "Ben"], code="k9")
        if app.lock is not None:
            app.lock.release()
            app.lock = None
        app.session_path = blocked / "s.toml"
        await rate(pilot, "12341")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        assert "NOT SAVED" in app.sub_title
        # Regression: the notice sent the member to a palette they cannot open.
        told = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert told[-1].endswith(
            "every change tries again; the facilitator can save to another file "
            "from the desk."
        )
        await pilot.press("escape")
        await type_text(pilot, "k9")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SaveElsewhereDialog)
        assert isinstance(app.screen_stack[-2], RatingDeskScreen)


async def test_the_code_is_asked_twice_and_a_mismatch_sets_nothing(
    make_app, session_dir
):
    """Regression: the code, typed hidden, was asked once, so one typo locked
    the facilitator out of the desk. It is asked again; a different second
    code is refused, and Escape leaves no code set."""
    from readiness_tui.session import code_matches

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Twice")
        for name in ["Ana", "Ben"]:
            await type_text(pilot, name)
            await pilot.press("enter")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "k9")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AskDialog)
        assert dialog.question.startswith("Type the facilitator's code again")
        await type_text(pilot, "k8")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        error = shown_text(dialog.query_one("#ask-error"))  # type: ignore[arg-type]
        assert error.strip() == "That is not the same code. Type it again, or Escape."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert app.workshop is not None and app.workshop.facilitator_code == ""
        await pilot.press("k")
        await pilot.pause()
        for _ in range(2):
            await type_text(pilot, "k9")
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert code_matches("k9", app.workshop.facilitator_code)
    assert code_matches("k9", saved(session_dir)["facilitator_code"])


async def test_the_highlighted_line_is_marked_in_text(make_app):
    """Regression: the desk's highlight was shown by colour alone, and the ▶
    that always stood before "Reveal the ratings" looked like the cursor; on
    a faded projector Enter could pass the keyboard to the wrong member."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Marks")
        await add_team(pilot, ["Ana", "Ben"])
        await to_desk(pilot)
        desk = app.screen
        assert isinstance(desk, RatingDeskScreen)
        options = desk.query_one("#desk-members").options  # type: ignore[attr-defined]

        def marked() -> list[str]:
            return [str(o.prompt)[:2] for o in options]

        assert marked() == ["› ", "  ", "  "]  # Ana, next to rate.
        await pilot.press("down", "down")
        await pilot.pause()
        assert marked() == ["  ", "  ", "› "]
        assert str(options[2].prompt) == "› Reveal the ratings"
