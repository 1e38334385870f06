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
        await pilot.press("tab", "end", "x")  # Dee goes: a change, and a save.
        await pilot.pause()
        assert "NOT SAVED" not in app.sub_title and "saved" in app.sub_title
    assert members_on_disk(session_dir) == ["Ana", "Ben"]
