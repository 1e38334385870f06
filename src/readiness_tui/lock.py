"""One writer per session file: an advisory lock held beside it.

A second readiness-tui on the same session (a stale SSH login, a second
terminal) must never write to it. The lock is `flock` on a small file next to
the session, `.NAME.toml.lock`, which also records who holds it. The operating
system drops the lock when its process ends, even on SIGKILL, so a crash never
leaves a session locked. Plain Python; no Textual import.

Known shortcoming: `flock` is POSIX only; on Windows no lock is taken.
"""

from __future__ import annotations

import getpass
import os
import socket
from pathlib import Path

from readiness_tui.session import now

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock.
    fcntl = None  # type: ignore[assignment]


class LockHeld(Exception):
    """Another process holds the session.

    Args:
        path: The session file.
        holder: Who holds it, as recorded in the lock file.
    """

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"{path} is open in another readiness-tui ({holder})")


def lock_path(session: Path) -> Path:
    """The lock file that goes with a session file."""
    return session.with_name(f".{session.name}.lock")


class SessionLock:
    """Holds the lock on one session file until released or the process ends.

    Args:
        session: The session file to lock; its folder must exist.

    Raises:
        LockHeld: Another process holds the lock.
        OSError: The lock file cannot be created (e.g. a read-only folder).
    """

    def __init__(self, session: Path) -> None:
        self.session = session
        self._descriptor: int | None = None
        if fcntl is None:
            return
        descriptor = os.open(lock_path(session), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 400).decode("utf-8", "replace").strip()
            os.close(descriptor)
            raise LockHeld(session, holder or "holder unknown") from None
        os.ftruncate(descriptor, 0)
        os.write(descriptor, describe_holder().encode("utf-8"))
        self._descriptor = descriptor

    def is_current(self) -> bool:
        """True while the lock file on disk is still the one locked here.

        Deleting the session's folder (or the lock file) silently frees the
        session for another process; the app checks this before each save.
        """
        if self._descriptor is None:
            return fcntl is None
        try:
            on_disk = os.stat(lock_path(self.session))
        except OSError:
            return False
        held = os.fstat(self._descriptor)
        return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        """Let another process open the session (closing drops the lock)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def describe_holder() -> str:
    """This process, as another one would be told who holds the session."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown user"
    return (
        f"process {os.getpid()} of {user} on {socket.gethostname()}, "
        f"since {now():%Y-%m-%d %H:%M}"
    )
