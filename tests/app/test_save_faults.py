"""A disk that fills up, or a folder that turns read-only, in mid-workshop.

The app must say so on screen, keep the workshop in memory, never say saved
when it is not, leave the last good file as it was, offer another file, and
try again on the next change, so that nothing is lost once the disk recovers.
(The tests run as any user, root included, so the failure is made by the test
at the system call the real fault would fail, not by chmod.)
"""

from __future__ import annotations

import errno
import os
import tempfile
import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from readiness_tui.screens.save_elsewhere import SaveElsewhereDialog
from readiness_tui.screens.team import TeamScreen
from tests.app.helpers import begin, shown_text, type_text

FAULTS = {
    # fsync is where a full disk is found: the data cannot be made durable.
    "disk full": ("fsync", errno.ENOSPC, "No space left on device"),
    # A read-only folder refuses the temporary file.
    "read-only folder": ("mkstemp", errno.EACCES, "Permission denied"),
}


def members_on_disk(session_dir: Path) -> list[str]:
    """The team in the only session file, which must parse."""
    (path,) = session_dir.glob("*.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [m["name"] for m in data["team"]["members"]]


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_a_failed_save_is_said_and_retried_until_it_works(
    fault: str,
    make_app,  # type: ignore[no-untyped-def]
    session_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ana is saved; Ben's change fails (NOT SAVED, the reason, the offer of
    another file, the old file untouched and no temporary file left); Escape
    keeps trying here; once the fault clears, Cy's change saves all three."""
    call, code, reason = FAULTS[fault]
    broken = {"now": False}
    real_fsync, real_mkstemp = os.fsync, tempfile.mkstemp

    def fsync(descriptor: int) -> None:
        if broken["now"] and call == "fsync":
            raise OSError(code, reason)
        real_fsync(descriptor)

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if broken["now"] and call == "mkstemp":
            raise OSError(code, reason)
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Faulty")
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        assert members_on_disk(session_dir) == ["Ana"]
        assert "saved" in app.sub_title

        broken["now"] = True
        await type_text(pilot, "Ben")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert "NOT SAVED" in app.sub_title
        dialog = app.screen
        assert isinstance(dialog, SaveElsewhereDialog)
        assert reason in " ".join(shown_text(dialog.query_one("#question")).split())
        assert members_on_disk(session_dir) == ["Ana"]
        assert [p.name for p in session_dir.iterdir() if p.suffix == ".tmp"] == []

        await pilot.press("escape")  # Keep trying the same file.
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert app.screen.names == ["Ana", "Ben"]  # Kept in memory.
        await type_text(pilot, "Dee")
        await pilot.press("enter")  # Still failing: still NOT SAVED, no new offer.
        await pilot.pause()
        assert "NOT SAVED" in app.sub_title
        assert isinstance(app.screen, TeamScreen)

        broken["now"] = False
        # Dee goes (after the question): a change, and a save.
        await pilot.press("tab", "end", "x", "right", "enter")
        await pilot.pause()
        assert "NOT SAVED" not in app.sub_title and "saved" in app.sub_title
    assert members_on_disk(session_dir) == ["Ana", "Ben"]


def flat(text: str) -> str:
    """`text` without its spaces and line breaks, wherever a dialog wraps it."""
    return "".join(text.split())


def failing_fsync(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Make every save fail as a full disk does while the switch is on."""
    broken = {"now": False}
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if broken["now"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    return broken


async def test_another_file_is_never_one_that_exists(
    make_app,  # type: ignore[no-untyped-def]
    session_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression: the offer of another file wrote over whatever file was
    typed, another workshop included. An existing file, or a name that is not
    a .toml file, is refused in the dialog, which stays open; a new file works."""
    other = tmp_path / "other-workshop.toml"
    other.write_text('name = "Dist"\n', encoding="utf-8")
    broken = failing_fsync(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Small")
        broken["now"] = True
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveElsewhereDialog)
        field = dialog.query_one("#elsewhere", Input)
        problem = dialog.query_one("#elsewhere-problem", Static)

        field.value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert flat(f"{other} already exists: name a new file.") in flat(
            shown_text(problem)
        )

        field.value = str(tmp_path / "notes.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "Name a .toml file" in shown_text(problem)
        assert not (tmp_path / "notes.txt").exists()

        broken["now"] = False
        field.value = str(tmp_path / "small.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert app.saved
    assert other.read_text(encoding="utf-8") == 'name = "Dist"\n'
    data = tomllib.loads((tmp_path / "small.toml").read_text(encoding="utf-8"))
    assert data["name"] == "Small"
    assert [m["name"] for m in data["team"]["members"]] == ["Ana"]


async def test_the_offer_of_another_file_comes_back_from_the_palette(
    make_app,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression: once the offer of another file was turned down, nothing
    brought it back while the disk stayed full, and every change added a
    toast that covered the dialogs. The palette offers it while NOT SAVED
    (and only then), and the same failure is told once."""
    broken = failing_fsync(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Full")
        offered = [c.title for c in app.get_system_commands(app.screen)]
        assert "Save to another file" not in offered
        broken["now"] = True
        for name in ["Ana", "Ben", "Cy"]:
            await type_text(pilot, name)
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, SaveElsewhereDialog):
                await pilot.press("escape")  # Keep trying the same file.
                await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        told = [n for n in app._notifications if n.title == "Not saved"]  # type: ignore[attr-defined]
        assert len(told) == 1
        assert "Ctrl+P › Save to another file" in told[0].message

        (command,) = [
            c
            for c in app.get_system_commands(app.screen)
            if c.title == "Save to another file"
        ]
        command.callback()
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveElsewhereDialog)
        question = flat(shown_text(dialog.query_one("#question")))
        assert flat("No space left on device") in question
        broken["now"] = False
        dialog.query_one("#elsewhere", Input).value = str(tmp_path / "full.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert app.saved
    data = tomllib.loads((tmp_path / "full.toml").read_text(encoding="utf-8"))
    assert [m["name"] for m in data["team"]["members"]] == ["Ana", "Ben", "Cy"]


async def test_quitting_unsaved_writes_a_copy_and_says_where(
    make_app,  # type: ignore[no-untyped-def]
    session_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: quitting (or a hang-up) while NOT SAVED left with status 0
    and the unsaved changes gone. A copy now goes where new workshops go, the
    message names it, and the exit status is 1."""
    fallback = tmp_path / "fallback"
    monkeypatch.setattr("readiness_tui.storage.default_session_dir", lambda: fallback)
    broken = failing_fsync(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Lost")
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        broken["now"] = True
        await type_text(pilot, "Ben")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        if isinstance(app.screen, SaveElsewhereDialog):
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "could NOT be saved" in " ".join(
            shown_text(app.screen.query_one("#question")).split()
        )
        broken["now"] = False  # The fallback folder has room.
        await pilot.press("right", "enter")
        await pilot.pause()
    assert app.return_code == 1
    (copy,) = fallback.glob("*.toml")
    data = tomllib.loads(copy.read_text(encoding="utf-8"))
    assert [m["name"] for m in data["team"]["members"]] == ["Ana", "Ben"]
    assert members_on_disk(session_dir) == ["Ana"]
    said = flat(capsys.readouterr().err)
    assert f"Acopyisin{copy};resumeitwith:readiness-tui--session{copy}" in said


async def test_a_lock_not_taken_at_the_start_is_taken_before_writing(
    make_app, session_dir
):
    """Regression: when the lock could not be taken as the workshop began (its
    folder was read-only then), the app never tried again, so a second copy
    could open the same file as a writer and the two overwrote each other."""
    from readiness_tui.lock import SessionLock

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Unlocked")
        assert app.lock is not None and app.session_path is not None
        app.lock.release()
        app.lock = None  # As if the folder had refused the lock file.
        other = SessionLock(app.session_path)  # A second copy opens it.
        try:
            await type_text(pilot, "Ann")
            await pilot.press("enter")
            await pilot.pause()
            assert "NOT SAVED" in app.sub_title
            assert members_on_disk(session_dir) == []
        finally:
            other.release()
