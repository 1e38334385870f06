"""Faults a tester found by using the app; each test says what went wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual._styles_cache import StylesCache
from textual.widgets import Button, Input

from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.screens.desk import RatingDeskScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from tests.app.helpers import (
    add_team,
    begin,
    rate,
    rerate,
    reveal_and_reconcile,
    shown_text,
    to_reconcile,
    type_text,
)
from tests.conftest import SEED_PACK


async def test_rationale_letters_are_text_not_shortcuts(make_app, session_dir):
    """Regression: after a digit the letters of "ready" ran the reconcile keys
    (r opened a re-rating and y confirmed it). A digit now moves to the
    rationale, the letters are typed there, and Enter saves them."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Letters")
        await pilot.press("2")
        await type_text(pilot, "ready and prepared")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        assert app.workshop is not None
        assert len(app.workshop.rounds) == 1
    (path,) = session_dir.glob("*.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["agreed"][0]["rationale"] == "ready and prepared"
    assert data["agreed"][0]["value"] == 2


async def test_rerating_can_be_called_off_before_anyone_rates(make_app):
    """Regression: once a re-rating began, every member had to rate again.
    Escape on the desk, before the first ballot, drops the empty round."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Call off")
        await pilot.press("r", "right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        assert app.workshop is not None
        assert len(app.workshop.rounds) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        assert len(app.workshop.rounds) == 1
        assert app.workshop.step == "reconcile"


async def test_calling_off_a_rerating_returns_to_its_statement(make_app):
    """Regression: calling off the re-rating of the second statement opened
    reconcile on another one, the first still to agree."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Call off")
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        rerated = screen.statement_id
        assert rerated != screen.order[0]
        await pilot.press("r", "right", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        assert screen.statement_id == rerated


async def test_rerated_statement_is_open_again_until_confirmed(make_app):
    """Regression: after a re-rating, the old agreed value stood as settled.
    It now shows as agreed on the earlier round until Enter confirms it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Again")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "14144")
        await rate(pilot, "44444")
        # human-capacity and components-in-use are 1 and 4, the rest unanimous.
        await reveal_and_reconcile(pilot)
        await pilot.press("2")
        await type_text(pilot, "first view")
        await pilot.press("enter")
        await pilot.press("p")  # Back to it, re-rate.
        await rerate(pilot)
        await rate(pilot, "3")
        await rate(pilot, "4")
        await reveal_and_reconcile(pilot)
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        assert screen.statement_id == "human-capacity"
        workshop = app.workshop
        assert workshop is not None
        assert not workshop.is_settled("human-capacity")
        assert (
            "Re-rated in round 2. Agreed 2 on round 1's ratings: confirm it or "
            "pick another." in " ".join(shown_text(screen.query_one("#rounds")).split())
        )
        await pilot.press("n", "p")  # Moving past does not settle it.
        assert not workshop.is_settled("human-capacity")
        await pilot.press("3", "enter")
        await pilot.pause()
        agreed = workshop.agreed_for("human-capacity")
        assert agreed is not None
        assert (agreed.value, agreed.round, agreed.rationale) == (3, 2, "first view")


async def test_quitting_unsaved_or_mid_ballot_asks_first(make_app, tmp_path):
    """Regression: Ctrl+Q quit at once while the header said NOT SAVED."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the session folder should be")
    app = make_app(session_file=blocked / "s.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Nowhere")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.saved
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "could NOT be saved" in dialog.question
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running


async def test_quitting_during_a_ballot_asks_first(make_app):
    """Ctrl+Q on a ballot says the unconfirmed answers will not be kept."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Mid ballot")
        await add_team(pilot, ["Ana"])
        await pilot.press("enter", "3")
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Ana's answers are not confirmed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BallotScreen)


async def test_a_name_left_in_the_field_joins_the_team(make_app):
    """Regression: a name typed but not added was dropped by Start rating."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Pending")
        await type_text(pilot, "Ann")
        await pilot.press("enter")
        await type_text(pilot, "Eve")
        app.screen.query_one("#start-rating", Button).press()
        await pilot.pause()
        assert app.workshop is not None
        assert [m.name for m in app.workshop.team.members] == ["Ann", "Eve"]


def test_two_given_packs_with_one_id_are_refused(tmp_path: Path) -> None:
    """Regression: a second pack with the same id was hidden without a word."""
    import shutil

    from readiness_tui.startup import StartupError, load_packs

    for name in ("one", "two"):
        shutil.copytree(SEED_PACK, tmp_path / name)
    with pytest.raises(StartupError) as error:
        load_packs(tmp_path)
    assert f"{tmp_path / 'two'} and {tmp_path / 'one'} both have id" in str(error.value)


async def test_failed_save_offers_another_file_and_saves_there(make_app, tmp_path):
    """When the session file cannot be written, the app says so, offers
    another file, and the workshop is saved there in full."""
    from readiness_tui.screens.save_elsewhere import SaveElsewhereDialog

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the session folder should be")
    app = make_app(session_file=blocked / "s.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "Rescued")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveElsewhereDialog)
        assert "NOT SAVED" in app.sub_title
        field = dialog.query_one("#elsewhere", Input)
        field.value = str(tmp_path / "rescued.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert app.saved
        assert "saved" in app.sub_title and "NOT" not in app.sub_title
    data = tomllib.loads((tmp_path / "rescued.toml").read_text(encoding="utf-8"))
    assert data["name"] == "Rescued"
    assert data["step"] == "scenario"


async def test_lock_is_taken_again_after_the_folder_is_deleted(make_app, session_dir):
    """Regression: deleting the session folder mid-workshop lost the lock, and
    a second copy could then open the file read-write and be overwritten."""
    import shutil

    from readiness_tui.lock import LockHeld, SessionLock

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Gone")
        shutil.rmtree(session_dir)
        await type_text(pilot, "Ana")
        await pilot.press("enter")  # A change: saved, folder made again.
        await pilot.pause()
        (path,) = session_dir.glob("*.toml")
        with pytest.raises(LockHeld):
            SessionLock(path)
        assert app.saved


async def test_a_read_only_copy_cannot_rate_clear_or_reveal(make_app, session_dir):
    """Regression: a copy opened read-only could cast ballots and reveal the
    other members' ratings before the team had finished."""
    from readiness_tui.lock import SessionLock
    from readiness_tui.storage import open_session

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Watched")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "12341")
        await app.run_action("quit")
    (path,) = session_dir.glob("*.toml")
    holder = SessionLock(path)
    try:
        workshop, _ = open_session(path, [app.pack])
        viewer = make_app(session_file=path, workshop=workshop, read_only=True)
        async with viewer.run_test(size=(80, 24)) as pilot:
            assert isinstance(viewer.screen, RatingDeskScreen)
            for key in ("enter", "down", "enter", "c", "r", "s", "a", "k", "escape"):
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(viewer.screen, RatingDeskScreen), key
            assert viewer.workshop is not None
            assert viewer.workshop.open_round is not None
    finally:
        holder.release()


async def test_a_read_only_copy_of_reconcile_takes_no_changes(make_app, session_dir):
    """Regression: a read-only copy let agreed values and rationales be typed,
    then Ctrl+Q dropped them without a word. Its fields are now fixed and its
    keys for changes are off; moving between statements still works."""
    from textual.widgets import Input

    from readiness_tui.lock import SessionLock
    from readiness_tui.screens.reconcile import ReconcileScreen
    from readiness_tui.storage import open_session

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Watched")
        await app.run_action("quit")
    (path,) = session_dir.glob("*.toml")
    before = path.read_bytes()
    holder = SessionLock(path)
    try:
        workshop, _ = open_session(path, [app.pack])
        viewer = make_app(session_file=path, workshop=workshop, read_only=True)
        async with viewer.run_test(size=(80, 24)) as pilot:
            screen = viewer.screen
            assert isinstance(screen, ReconcileScreen)
            await pilot.pause()
            assert screen.query_one("#rationale", Input).disabled
            first = screen.statement_id
            for key in ("3", "enter", "t", *"why", "r"):
                await pilot.press(key)
                await pilot.pause()
            assert viewer.screen is screen
            assert viewer.workshop is not None and viewer.workshop.agreed == []
            await pilot.press("n")
            await pilot.pause()
            assert screen.statement_id != first
    finally:
        holder.release()
    assert path.read_bytes() == before


async def test_handoff_footer_after_the_reveal_does_not_crash(make_app):
    """Regression (found by the benchmark): the handoff's footer could ask
    about its keys just after the reveal closed the round, and an assertion
    that a round was open crashed the app. The desk, which now reveals, is
    held to the same."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Footer")
        await add_team(pilot, ["Ana"])
        await rate(pilot, "12341")
        handoff = app.screen
        assert isinstance(handoff, HandoffScreen)
        await pilot.press("enter")  # Nobody is due: back to the facilitator.
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, RatingDeskScreen)
        await pilot.press("enter")  # "Reveal the ratings" is highlighted.
        await pilot.pause()
        assert app.workshop is not None and app.workshop.open_round is None
        for action in ("start_ballot", "facilitator", "facilitator_enter"):
            assert handoff.check_action(action, ()) is False
        for action in ("reveal", "clear_ballot", "back", "add_member"):
            assert desk.check_action(action, ()) is False


async def test_no_cursor_blinks_to_cost_output_while_idle(make_app):
    """Idle screens send nothing: text fields keep a steady cursor."""
    from readiness_tui.widgets.entry import EntryInput

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Idle")
        fields = list(app.screen.query(EntryInput))
        assert fields
        assert all(not field.cursor_blink for field in fields)


async def test_a_double_tap_on_confirm_neither_crashes_nor_opens_the_next(
    make_app, session_dir
):
    """Regression: two Enters arriving together on "Confirm my ballot" crashed
    the app (printing a traceback with every ballot in it), and a quick double
    tap opened the next member's ballot, or the reveal, under the last hands."""
    from readiness_tui.screens.handoff import HandoffScreen
    from tests.app.test_typing_bursts import burst

    app = make_app(handoff_settle=0.6)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Double")
        await add_team(pilot, ["Ana", "Ben"])
        await pilot.pause(0.7)
        await pilot.press("enter", *"12341")
        await pilot.pause()
        burst(app, ["enter", "enter", "enter"])
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        assert "Ben" in str(app.screen.query_one("#pass-to").render())
        assert app.workshop is not None
        assert [b.seat for b in app.workshop.rounds[0].ballots] == [1]
        await pilot.pause(0.7)
        await pilot.press("enter")  # Ben, after a moment, takes the keyboard.
        await pilot.pause()
        assert not isinstance(app.screen, HandoffScreen)


def test_json_report_leaves_out_a_round_still_being_rated(pack) -> None:  # type: ignore[no-untyped-def]
    """Regression: the JSON report listed the ballots of a round not revealed."""
    import json

    from readiness_tui.report import to_json
    from readiness_tui.session import Member, Workshop

    workshop = Workshop.begin("Json", pack)
    workshop.team.members = [Member(seat=1, name="Ana"), Member(seat=2, name="Ben")]
    workshop.start_round(["technology"])
    workshop.record_ballot(1, {"technology": 4}, [])
    data = json.loads(to_json(workshop, pack))
    assert data["rounds"][0]["ballots"] == []
    assert data["rounds"][0]["revealed"] is False


async def test_unanimous_rerating_keeps_the_earlier_agreement_to_confirm(make_app):
    """Regression: a re-rating that came back unanimous replaced the agreed
    value and erased its rationale without asking."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Unanimous")
        await pilot.press("2")
        await type_text(pilot, "keep me")
        await pilot.press("enter", "p")
        await rerate(pilot)
        await rate(pilot, "3")
        await rate(pilot, "3")
        await reveal_and_reconcile(pilot)
        workshop = app.workshop
        assert workshop is not None
        agreed = workshop.agreed_for("human-capacity")
        assert agreed is not None
        assert (agreed.value, agreed.rationale, agreed.round) == (2, "keep me", 1)
        assert not workshop.is_settled("human-capacity")


async def test_a_policy_half_typed_in_its_dialog_is_kept_on_quit(make_app, session_dir):
    """Regression: Ctrl+Q (or a hang-up) with the policy dialog open threw
    away everything typed in it. What is typed is now kept as a policy; a due
    date that is not a date yet is left empty."""
    from readiness_tui.screens.decisions import DecisionsScreen
    from readiness_tui.screens.policy import PolicyDialog

    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await to_reconcile(pilot, "Draft")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PolicyDialog)
        await type_text(pilot, "Let teachers pilot devices")
        await pilot.press("tab", "tab")
        await type_text(pilot, "CTO")
        await pilot.press("tab")
        await type_text(pilot, "2027-0")
        await app.run_action("quit")
    (path,) = session_dir.glob("*.toml")
    policies = tomllib.loads(path.read_text(encoding="utf-8"))["decisions"]["policies"]
    assert policies == [
        {
            "text": "Let teachers pilot devices",
            "area": "professional-development",
            "owner": "CTO",
        }
    ]


async def test_a_policy_being_edited_is_kept_on_hang_up(make_app, session_dir):
    """A hang-up with a policy's edit open keeps the edit in its place."""
    from readiness_tui.screens.policy import PolicyDialog
    from readiness_tui.session import Policy

    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await to_reconcile(pilot, "Edit draft")
        await pilot.press("d")
        await pilot.pause()
        assert app.workshop is not None
        app.workshop.decisions.policies.append(
            Policy(text="Old words", area="professional-development")
        )
        app.screen.refresh_policies(row=0)  # type: ignore[attr-defined]
        app.screen.query_one("#policies").focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PolicyDialog)
        await pilot.press("end", *["backspace"] * 5)
        await type_text(pilot, "plans")
        app.hang_up()
        await pilot.pause()
    (path,) = session_dir.glob("*.toml")
    policies = tomllib.loads(path.read_text(encoding="utf-8"))["decisions"]["policies"]
    assert [p["text"] for p in policies] == ["Old plans"]


async def test_arrows_on_a_ballot_move_a_cursor_not_the_answer(make_app):
    """Regression: ↓ on a statement already answered changed the answer at
    once (no Enter), and the (●) mark followed the arrows, so a member who
    only looked at the options saved a different rating. Arrows now move a
    › cursor; the answer changes on Enter alone."""
    from readiness_tui.widgets.scale_picker import ScalePicker

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Arrows")
        await add_team(pilot, ["Ana"])
        await pilot.press("enter", "2", "left", "down")
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        picker = ballot.query_one(ScalePicker)
        lines = picker.render().plain.splitlines()
        assert lines[1] == " (●) 2"
        assert lines[2] == "›( ) 3"
        await pilot.press("right", "up", "up", "left")  # Statement 2: looked only.
        await pilot.pause()
        assert ballot.answers == {"human-capacity": 2}
        await pilot.press("right", "down", "enter")  # Statement 2: Enter takes 1.
        await pilot.pause()
        assert ballot.answers == {"human-capacity": 2, "technology": 1}


async def test_changing_one_answer_from_the_review_goes_back_to_it(make_app):
    """Regression: after changing a statement picked on the review, the ballot
    went on to the next statement, costing three presses of → to get back."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Review")
        await add_team(pilot, ["Ana"])
        await pilot.press("enter", *"12341")
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen) and ballot.reviewing
        await pilot.press("up", "up", "up", "up", "enter")  # Statement 2.
        await pilot.pause()
        assert ballot.page == 1
        await pilot.press("4")
        await pilot.pause()
        assert ballot.reviewing
        assert ballot.answers["technology"] == 4


async def test_screens_that_have_gone_leave_no_render_caches_behind(make_app):
    """Regression: every screen's render caches outlived it (Textual 8.2.8
    memoises `StylesCache.get_inner_outer` on the instance, keeping up to
    1,024 of them), so memory grew with each ballot: 11 MiB over a 12-member
    round. The memo now holds no more than the widgets on screen."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Freed")
        await add_team(pilot, ["Ana", "Ben", "Chen", "Dee"])
        for keys in ["12341", "22222", "33333"]:
            await rate(pilot, keys)
        assert isinstance(app.screen, HandoffScreen)
        await pilot.pause()
        shown = sum(1 + len(screen.query("*")) for screen in app.screen_stack)
        memo = StylesCache.get_inner_outer.cache_info().currsize
        # Three ballots and their handoffs drew well over a hundred widgets.
        assert 0 < memo <= shown < 60
