"""The facilitator's controls: phase bar, `?` help, the palette's actions, themes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.theme import ThemeProvider
from textual.widgets import Static

from readiness_tui.commands import ScreenActions
from readiness_tui.screens.ballot import BallotScreen
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.screens.desk import RatingDeskScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.help import HelpScreen
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.screens.team import TeamScreen
from readiness_tui.widgets.phase_bar import PhaseBar
from tests.app.helpers import (
    add_team,
    begin,
    rate,
    reveal,
    reveal_and_reconcile,
    shown_text,
    to_desk,
    to_reconcile,
)


class Clock:
    """A clock the test moves by hand; the app's phase bar reads it."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    """The phase bar of the screen in front, as drawn at its width."""
    return app.screen.query_one(PhaseBar).render().plain


def help_rows(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The open help's rows: key as shown -> what it does."""
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return {row.keys: row.description for row in screen.rows}


async def test_phase_bar_marks_each_phase_and_counts_the_minutes(make_app):
    """Every workshop screen, private ones included, shows the phases with
    the current one marked in text, and the time since the workshop began."""
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "▶" not in bar_text(app) and "elapsed" not in bar_text(app)
        await begin(pilot, "Bar")  # On to the team.
        assert app.workshop is not None
        started = app.workshop.created
        clock.now = started + dt.timedelta(hours=1, minutes=42, seconds=20)
        app.screen.query_one(PhaseBar).refresh()
        assert "[▶ Team]" in bar_text(app)
        assert bar_text(app).endswith("elapsed 1:42")

        await add_team(pilot, ["Ana", "Ben"])
        assert isinstance(app.screen, HandoffScreen)
        assert "[▶ Rating]" in bar_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BallotScreen)
        assert "[▶ Rating]" in bar_text(app)

        clock.now += dt.timedelta(seconds=39)
        bar = app.screen.query_one(PhaseBar)
        bar.tick()  # What the minute timer does, 40 s after 1:42:20.
        assert bar_text(app).endswith("elapsed 1:42")
        clock.now += dt.timedelta(seconds=1)
        bar.tick()
        assert bar_text(app).endswith("elapsed 1:43")


async def test_phase_bar_on_reveal_reconcile_and_decisions(make_app):
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Bar")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "11111")
        await rate(pilot, "44444")
        await to_desk(pilot)
        assert "[▶ Rating]" in bar_text(app)
        await reveal(pilot)
        assert "[▶ Reveal]" in bar_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen)
        assert "[▶ Reconcile]" in bar_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        assert "[▶ Decisions]" in bar_text(app)


@pytest.mark.parametrize(("size", "width"), [((60, 20), 58), ((50, 16), 48)])
async def test_phase_bar_fits_narrow_windows(make_app, size, width):
    """At 60x20 and the 50x16 minimum the other phases are shortened; the
    current one keeps its full name and the time still shows."""
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=size) as pilot:
        await begin(pilot, "Narrow")
        await add_team(pilot, ["Ana"])
        assert app.workshop is not None
        clock.now = app.workshop.created + dt.timedelta(minutes=7)
        bar = app.screen.query_one(PhaseBar)
        bar.refresh()
        await pilot.pause()
        assert bar.content_size.width == width
        text = bar_text(app)
        assert len(text) == width
        assert "[▶ Rating]" in text and "Scen." in text
        assert text.endswith("0:07")


async def test_help_on_a_ballot_lists_only_the_members_keys(make_app):
    """? on a ballot lists the digits, d, the arrows and Escape with what
    they do, and no facilitator action or palette; Escape closes it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Help")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "12341")
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert rows["1–4"] == "Pick that point on the scale and go on"
        assert rows["d"] == "Don't know"
        assert rows["←"] == "Back" and rows["→"] == "Next"
        assert rows["esc"] == "Discard"
        assert rows["?"] == "List every key of this screen"
        described = " ".join(rows.values())
        assert "palette" not in described
        assert "Clear a ballot" not in described
        assert "Reveal" not in described
        shown = shown_text(app.screen.query_one("#help-table", Static))
        assert "Pick that point on the scale and go on" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BallotScreen)
        assert app.screen.answers == {}  # Escape closed the help, no discard.


async def test_help_on_the_handoff_and_reconcile(make_app):
    """The handoff's help lists the member's Enter and the way to the
    facilitator, never the desk's keys; the desk's help has them. The
    reconcile digits, bound without words, are described by their action.
    ? closes the help as well as Escape."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Help")
        await add_team(pilot, ["Ana", "Ben"])
        await rate(pilot, "12341")
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert rows["⏎"] == "Start my ballot"
        assert rows["esc"] == "Facilitator"
        assert "c" not in rows and "r" not in rows
        assert "^p" not in rows
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)

        await rate(pilot, "44444")
        await to_desk(pilot)
        await pilot.press("up", "question_mark")  # Ben, who has rated.
        await pilot.pause()
        rows = help_rows(app)
        assert rows["c"] == "Clear ballot" and rows["r"] == "Reveal"
        assert rows["a"] == "Add member" and rows["k"] == "Code"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        await pilot.press("down")  # Back to "Reveal the ratings".
        await reveal_and_reconcile(pilot)
        assert isinstance(app.screen, ReconcileScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert rows["1–4"].startswith("Set the agreed value")
        assert rows["r"] == "Re-rate" and rows["d"] == "Decisions"
        assert rows["^p"] == "Open the command palette"


async def test_palette_shows_nothing_while_a_member_rates(make_app):
    """Regression guard: Ctrl+P on a ballot opens nothing, and the screen's
    actions are not offered even to a palette opened some other way."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Private")
        await add_team(pilot, ["Ana"])
        await pilot.press("enter")
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen is ballot
        assert not any(isinstance(s, CommandPalette) for s in app.screen_stack)
        assert ScreenActions(ballot).actions() == []


async def test_palette_offers_the_screens_enabled_actions_and_runs_them(make_app):
    """The palette lists the decisions screen's actions by name, leaves out
    what is switched off (editing with no policy table focused), and running
    one by name does what its key does."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Palette")
        names = [name for name, _help, _action in ScreenActions(app.screen).actions()]
        assert names == [
            "Next",
            "Prev",
            "Re-rate",
            "Decisions",
            "Start/pause timer",
            "Add a minute",
            "Reset timer",
            "Back",
        ]

        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        for key in "decisions":
            await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        decisions = app.screen
        assert isinstance(decisions, DecisionsScreen)
        offered = {name: text for name, text, _ in ScreenActions(decisions).actions()}
        assert "Add policy" in offered and "Write report" in offered
        assert "Edit" not in offered and "Remove" not in offered
        assert (
            offered["Add policy"] == "Open the policy dialog for a new policy. Key: a"
        )


async def test_projector_theme_is_offered_and_the_choice_remembered(
    make_app, tmp_path: Path
):
    """Textual's "change theme" list holds the projector theme; picking it
    writes the settings file, and the next start uses it."""
    config = tmp_path / "config"
    app = make_app(config_dir=config)
    async with app.run_test(size=(80, 24)) as pilot:
        names = [name for name, _command in ThemeProvider(app.screen).commands]
        assert "projector" in names and "textual-dark" in names
        assert not (config / "settings.toml").exists()  # Nothing chosen yet.
        app.theme = "projector"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert (config / "settings.toml").read_text() == 'theme = "projector"\n'

    again = make_app(config_dir=config)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "projector"
        assert again.current_theme.dark is False


async def test_theme_from_the_command_line_is_used_and_remembered(
    make_app, tmp_path: Path
):
    config = tmp_path / "config"
    app = make_app(config_dir=config, theme="projector")
    async with app.run_test(size=(80, 24)):
        assert app.theme == "projector"
        await app.workers.wait_for_complete()
    assert (config / "settings.toml").read_text() == 'theme = "projector"\n'


async def test_broken_settings_file_warns_and_is_rewritten_only_when_asked(
    make_app, tmp_path: Path
):
    """A settings file that is not TOML: a warning naming it, the default
    theme, the file untouched; choosing a theme then writes a good one."""
    config = tmp_path / "config"
    config.mkdir()
    broken = config / "settings.toml"
    broken.write_bytes(b'theme = "projec')
    app = make_app(config_dir=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert any(m.startswith(f"{broken}: not valid TOML") for m in messages)
        assert app.theme == "textual-dark"
        await app.workers.wait_for_complete()
        assert broken.read_bytes() == b'theme = "projec'
        app.theme = "projector"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert broken.read_text() == 'theme = "projector"\n'


async def test_unknown_remembered_theme_warns_and_uses_the_default(
    make_app, tmp_path: Path
):
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('theme = "sepia"\n', encoding="utf-8")
    app = make_app(config_dir=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert any("no theme called 'sepia'" in m for m in messages)
        assert app.theme == "textual-dark"


async def test_team_actions_are_offered_only_with_the_member_list_focused(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Team")
        await pilot.press("A", "n", "a", "enter")
        team = app.screen
        assert isinstance(team, TeamScreen)
        names = [name for name, _help, _action in ScreenActions(team).actions()]
        assert names == ["Scenario"]
        team.query_one("#members").focus()
        await pilot.pause()
        names = [name for name, _help, _action in ScreenActions(team).actions()]
        assert names == ["Scenario", "Move up", "Move down", "Remove", "Rename"]


def test_phase_bar_reads_a_start_time_without_its_offset_as_local() -> None:
    """Regression: a hand-edited session whose `created` had no UTC offset made
    the minute tick subtract a naive time from an aware one and crash."""
    started = dt.datetime(2026, 12, 3, 9, 0)
    bar = PhaseBar(
        "team", started, lambda: started.astimezone() + dt.timedelta(minutes=5)
    )
    assert bar.elapsed_seconds == 300


async def test_a_screenshot_is_kept_beside_the_session_for_its_owner_only(
    make_app, session_dir
):
    """Regression: the palette's Screenshot wrote the reveal, names and
    ratings, to ~/Downloads readable by everyone (mode 0644)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Shot")
        app.action_screenshot()
        await pilot.pause()
    (shot,) = session_dir.glob("readiness-tui-*.svg")
    assert shot.stat().st_mode & 0o777 == 0o600
    assert "Type each member" in shot.read_text(encoding="utf-8").replace("&#160;", " ")
