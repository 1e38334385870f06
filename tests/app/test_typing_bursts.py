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


async def test_names_typed_straight_after_leaving_the_scenario_are_kept(make_app):
    """Regression: Enter on the scenario and the first names in one burst lost
    the names (or their first letters): they reached the scenario, or the
    team screen before its name field had the focus."""
    from readiness_tui.screens.scenario import ScenarioScreen
    from tests.app.helpers import type_text

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Burst")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen)
        burst(app, ["enter", *"Ana", "enter", *"Ben", "enter"])
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert app.workshop is not None
        assert [m.name for m in app.workshop.team.members] == ["Ana", "Ben"]


async def test_a_code_typed_straight_after_start_rating_goes_to_its_dialog(make_app):
    """Keys typed right after "Start rating" wait for the code dialog the desk
    opens, instead of passing the keyboard to a member."""
    from readiness_tui.screens.desk import RatingDeskScreen
    from readiness_tui.session import code_matches

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Burst")
        code = [*"4321", "enter"]
        burst(app, [*"Ana", "enter", *"Ben", "enter", "enter", *code, *code])
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert app.workshop is not None
        assert code_matches("4321", app.workshop.facilitator_code)
        assert app.workshop.open_round is not None
        assert app.workshop.open_round.ballots == []


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


async def test_typed_zero_width_joiners_are_kept(make_app, session_dir):
    """Regression: a zero-width joiner typed in a name (an emoji family, a
    Persian word) was dropped, since Python does not count it printable."""
    import tomllib

    from tests.app.helpers import begin

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Joiners")
        for character in "👩\u200d👧 می\u200cخواهم":
            await pilot.press(character if character != " " else "space")
        await pilot.press("enter")
        await pilot.pause()
    (path,) = session_dir.glob("*.toml")
    members = tomllib.loads(path.read_text(encoding="utf-8"))["team"]["members"]
    assert members == [{"seat": 1, "name": "👩\u200d👧 می\u200cخواهم"}]


async def test_a_refused_name_comes_back_with_the_cursor_at_its_end(make_app):
    """Regression: a duplicate name given back to correct had the cursor at
    its start, so "Ann" and " B" became " BAnn"."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Names")
        for name in ["Ann", "Ann"]:
            for character in name:
                await pilot.press(character)
            await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space", "B", "enter")
        await pilot.pause()
        assert app.workshop is not None
        assert [m.name for m in app.workshop.team.members] == ["Ann", "Ann B"]
        assert app.screen.query_one("#member-name", Input).value == ""


async def test_a_paste_too_long_for_a_name_is_cut_with_a_notice(make_app):
    """Regression: pasting more than a field holds inserted nothing, silently."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Names")
        field = app.screen.query_one("#member-name", Input)
        field.post_message(events.Paste("N" * 70))
        await pilot.pause()
        assert field.value == "N" * 60
        notices = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert notices[-1] == (
            "Only the first 60 characters of the paste fit: the field holds 60."
        )
        # Regression: a 61st character typed vanished without a word.
        await pilot.press("I")
        notices = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert field.value == "N" * 60
        assert notices[-1] == "This field holds at most 60 characters."


async def test_keys_after_a_dialog_closes_are_not_held_up(make_app, monkeypatch):
    """Regression: the Enter that closed a question left the keys after it
    waiting for the dialog's widgets, which had gone, until a safety timer
    let them through a second later. Here that timer never fires."""
    from readiness_tui import key_order
    from readiness_tui.screens.desk import RatingDeskScreen
    from tests.app.helpers import add_team, rate, to_desk

    monkeypatch.setattr(key_order, "STUCK_AFTER", 3600.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Held")
        await add_team(pilot, ["Ana", "Ben", "Cy"])
        await rate(pilot, "12341")
        await to_desk(pilot)
        await pilot.press("home")
        # Clear Ana's ballot, then at once mark Ben (below her) as away; add
        # Dee, then at once go up from her to Cy and mark Cy away.
        burst(app, ["c", "right", "enter", "down", "s"])
        burst(app, ["a", *"Dee", "enter", "up", "s"])
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert app.workshop is not None
        assert app.workshop.open_round is not None
        assert app.workshop.open_round.ballots == []
        assert app.workshop.team.away == [2, 3]
        assert [m.name for m in app.workshop.team.members][-1] == "Dee"


async def test_a_code_typed_twice_in_one_burst_is_set(make_app):
    """Regression: Tab, Enter and the code twice in one burst from the team
    screen put some of the code's keys on the desk before its dialog opened,
    so the two codes never matched."""
    from readiness_tui.screens.desk import RatingDeskScreen
    from readiness_tui.session import code_matches

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Burst")
        burst(app, [*"Ana", "enter", "tab", "enter"])
        burst(app, [*"77", "enter", *"77", "enter"])
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert app.workshop is not None
        assert code_matches("77", app.workshop.facilitator_code)


async def test_page_down_with_the_last_answer_does_not_crash_the_ballot(make_app):
    """Regression: the last answer and Page Down in one read paged the review
    list before its first layout: KeyError, and the member was left at the
    shell. Page Up/Down in the review go to its first and last lines."""
    from textual.widgets import OptionList

    from readiness_tui.screens.ballot import BallotScreen
    from tests.app.helpers import add_team

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Paging")
        await add_team(pilot, ["Ana", "Ben"])
        await pilot.press("enter")
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        burst(app, [*"1111", "1", "pagedown", "pageup", "3"])
        for _ in range(10):
            await pilot.pause()
        assert app.screen is ballot
        assert ballot.page == len(ballot.statement_ids)  # The review.
        review = ballot.query_one("#review", OptionList)
        assert review.highlighted == 0  # Page Up went to the first line.
        assert list(ballot.answers.values()) == [1, 1, 1, 1, 1]


async def test_keys_waiting_when_the_window_shrinks_leave_the_keyboard_alive(
    make_app, monkeypatch
):
    """Regression: keys still waiting their turn when the window shrank below
    its minimum were dropped behind the notice without the next being let
    through, and no key (Ctrl+Q neither) worked again. The safety timer is
    made too slow to help here."""
    from readiness_tui import key_order
    from readiness_tui.screens.ballot import BallotScreen
    from tests.app.helpers import add_team

    monkeypatch.setattr(key_order, "STUCK_AFTER", 3600.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Shrink")
        await add_team(pilot, ["Ana", "Ben"])
        # Enter opens the ballot; the arrows wait for it to be drawn, and the
        # window is too small by then.
        burst(app, ["enter", *["down", "up"] * 10])
        await pilot.resize_terminal(40, 12)
        for _ in range(5):
            await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        await pilot.press("3")
        await pilot.pause()
        assert ballot.answers == {"human-capacity": 3}
