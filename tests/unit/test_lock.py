"""One writer per session: the lock beside the session file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from readiness_tui.lock import LockHeld, SessionLock, lock_path
from readiness_tui.session import Workshop
from readiness_tui.startup import StartupError, prepare
from readiness_tui.storage import save


def test_second_holder_is_told_who_holds_it(tmp_path: Path) -> None:
    """A second lock on the same file fails and names the first holder."""
    session = tmp_path / "s.toml"
    first = SessionLock(session)
    with pytest.raises(LockHeld) as held:
        SessionLock(session)
    assert held.value.holder.startswith("process ")
    assert " on " in held.value.holder and ", since " in held.value.holder
    first.release()
    SessionLock(session).release()
    assert lock_path(session) == tmp_path / ".s.toml.lock"


def test_lock_dies_with_its_process(tmp_path: Path) -> None:
    """A process killed outright leaves no stale lock behind."""
    session = tmp_path / "s.toml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from readiness_tui.lock import SessionLock
                lock = SessionLock(Path({str(session)!r}))
                print("held", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as held:
            SessionLock(session)
        assert f"process {holder.pid} " in held.value.holder
    finally:
        holder.kill()
        holder.wait()
    SessionLock(session).release()


def test_start_up_refuses_a_held_session_unless_read_only(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    """--session on a file another readiness-tui holds exits 2 and says how
    to look at it anyway."""
    session = tmp_path / "s.toml"
    save(Workshop.begin("Held", pack), session)
    before = session.read_bytes()
    lock = SessionLock(session)
    try:
        with pytest.raises(StartupError) as error:
            prepare(None, session)
        assert prepare(None, session, read_only=True).lock is None
    finally:
        lock.release()
    problem = str(error.value)
    assert problem.startswith(f"{session} is open in another readiness-tui (process ")
    assert "look at this one with --read-only" in problem
    assert session.read_bytes() == before


def test_lock_notices_when_its_file_is_deleted(tmp_path: Path) -> None:
    """Deleting the session folder frees the session; the lock can tell."""
    import shutil

    folder = tmp_path / "sessions"
    folder.mkdir()
    lock = SessionLock(folder / "s.toml")
    assert lock.is_current()
    shutil.rmtree(folder)
    assert not lock.is_current()
    lock.release()
