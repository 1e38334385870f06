"""Everything the app reads before its first workshop screen, in one call.

The app draws a light loading screen first and calls `prepare` in a worker
thread, so that importing pydantic and checking packs and the session never
delays the first frame. The command line's `report` and `aggregate` share
`load_packs`. Plain Python; no Textual import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from readiness_tui.content import Pack, PackError, builtin_content_dir, find_packs
from readiness_tui.content import load_pack as load_one
from readiness_tui.lock import LockHeld, SessionLock
from readiness_tui.session import Workshop
from readiness_tui.storage import SessionError, open_session


class StartupError(Exception):
    """A problem the user can fix before the workshop can open, in one line."""


@dataclass
class Prepared:
    """What `prepare` found.

    Attributes:
        packs: The content packs on offer, the first one the default.
        workshop: The workshop in `--session`, if that file exists.
        lock: The lock taken on that file, unless it is opened read-only.
    """

    packs: list[Pack]
    workshop: Workshop | None = None
    lock: SessionLock | None = None


def load_packs(content: Path | None) -> list[Pack]:
    """The packs given with --content, then the built-in ones they do not replace.

    Raises:
        StartupError: A given folder holds no pack, a pack is broken, two
            given packs share an id, or there are no packs at all.
    """
    given: list[Path] = []
    if content is not None:
        given = find_packs(content)
        if not given:
            raise StartupError(
                f"{content}: no content pack here (expected a pack.toml)"
            )
    packs: list[Pack] = []
    try:
        for number, folder in enumerate(given + find_packs(builtin_content_dir())):
            pack = load_one(folder)
            twin = next((p for p in packs if p.id == pack.id), None)
            if twin is None:
                packs.append(pack)
            elif number < len(given):
                raise StartupError(
                    f"{folder} and {twin.folder} both have id {pack.id!r}; "
                    "expected every pack to have its own id"
                )
            # Otherwise a pack given with --content replaces the built-in one.
    except PackError as error:
        raise StartupError(str(error)) from None
    if not packs:
        raise StartupError("no content packs are installed")
    return packs


def prepare(
    content: Path | None, session: Path | None, read_only: bool = False
) -> Prepared:
    """Load the packs and, if `session` exists, the workshop in it, locked.

    Args:
        content: The --content folder, if any.
        session: The --session file, if any; a missing one is left for the
            new workshop.
        read_only: Open the session without taking its lock.

    Raises:
        StartupError: A pack or the session cannot be used, or another
            readiness-tui holds the session. The session file is never changed.
    """
    prepared = Prepared(packs=load_packs(content))
    if session is None or not session.exists():
        return prepared
    try:
        prepared.workshop, _ = open_session(session, prepared.packs)
    except SessionError as error:
        raise StartupError(f"{error}\nThe file was left as it is.") from None
    if read_only:
        return prepared
    try:
        prepared.lock = SessionLock(session)
    except LockHeld as held:
        raise StartupError(
            f"{held}. Only one readiness-tui may change a workshop: "
            "close the other one, or look at this one with --read-only."
        ) from None
    except OSError:
        prepared.lock = None  # The first save reports the folder's problem.
    return prepared
