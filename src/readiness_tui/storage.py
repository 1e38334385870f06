"""Reading and writing session files safely.

One workshop is one TOML file. Writes go to a temporary file in the same
folder, are flushed and fsynced, then renamed over the old file, so a crash or
a full disk never leaves a truncated session. Files are created with mode 0600:
they hold each member's private ratings. Plain Python; no Textual import.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from pathlib import Path

import tomli_w
from platformdirs import user_data_dir
from pydantic import ValidationError

from readiness_tui.content import Pack, field_path
from readiness_tui.session import SCHEMA_VERSION, Workshop, now

APP_NAME = "readiness-tui"
"""The folder name used under the platform's data directory."""

SUFFIX = ".toml"
"""Session files end with this."""


class SessionError(Exception):
    """A session file that cannot be used, with a message for the facilitator.

    Args:
        path: The session file.
        problem: What is wrong, naming the line or field and what was expected.
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def default_session_dir() -> Path:
    """Where session files go unless `--session` says otherwise."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "sessions"


def slug(name: str) -> str:
    """A file-name-safe form of a workshop name, e.g. ``springfield-usd``."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:60].strip("-") or "workshop"


def new_session_path(folder: Path, name: str) -> Path:
    """A path in `folder` for a new workshop called `name` that is not taken."""
    stem = f"{now():%Y-%m-%d}-{slug(name)}"
    path = folder / f"{stem}{SUFFIX}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{SUFFIX}"
        number += 1
    return path


def list_sessions(folder: Path) -> list[Path]:
    """Session files in `folder`, most recently changed first."""
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob(f"*{SUFFIX}") if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def dump(workshop: Workshop) -> str:
    """The workshop as TOML text, as it is written to disk."""
    data = workshop.model_dump(mode="python", exclude_none=True)
    return tomli_w.dumps(data)


def save(workshop: Workshop, path: Path) -> None:
    """Write the workshop to `path` atomically, with mode 0600.

    The `updated` time is set to now. On any failure the old file, if any, is
    left as it was and the temporary file is removed.

    Raises:
        OSError: The folder is missing, read-only or full.
    """
    workshop.updated = now()
    data = dump(workshop).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    # Some file systems refuse fsync on a folder; the file's data is synced.
    with contextlib.suppress(OSError):
        os.fsync(descriptor)
    os.close(descriptor)


def load(path: Path) -> Workshop:
    """Read a session file; the file is never changed by reading it.

    Raises:
        SessionError: The file is missing, not TOML, of a newer schema, or
            holds values the schema does not allow.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SessionError(path, "file not found") from None
    except OSError as error:
        raise SessionError(path, f"cannot be read ({error.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SessionError(path, "not UTF-8 text; expected a session file") from None
    except tomllib.TOMLDecodeError as error:
        raise SessionError(
            path, f"not valid TOML ({error}); the file may be cut short"
        ) from None
    version = data.get("schema_version")
    if not isinstance(version, int):
        raise SessionError(
            path, "no schema_version; expected a readiness-tui session file"
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            path,
            f"schema_version {version} is newer than this release reads "
            f"({SCHEMA_VERSION}); upgrade readiness-tui to open it",
        )
    try:
        return Workshop.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = field_path(first["loc"])
        raise SessionError(path, f"field {field}: {first['msg']}") from None


def check_against(workshop: Workshop, pack: Pack, path: Path) -> None:
    """Check that a session's values fit the pack it names.

    Raises:
        SessionError: A statement, rating, seat or choice the pack does not allow.
    """
    if workshop.pack.id != pack.id:
        raise SessionError(
            path,
            f"made with pack {workshop.pack.id!r}, not {pack.id!r}; "
            "open it with that pack (--content)",
        )
    ids = {s.id for s in pack.survey.statements}
    scale = pack.scale
    seats = {m.seat for m in workshop.team.members}

    def fail(field: str, problem: str) -> None:
        raise SessionError(path, f"field {field}: {problem}")

    for r, round_ in enumerate(workshop.rounds, 1):
        for statement in round_.statements:
            if statement not in ids:
                fail(f"rounds[{r}].statements", f"unknown statement {statement!r}")
        for b, ballot in enumerate(round_.ballots, 1):
            where = f"rounds[{r}].ballots[{b}]"
            if ballot.seat not in seats:
                fail(f"{where}.seat", f"no member has seat {ballot.seat}")
            for statement, value in ballot.ratings.items():
                if statement not in ids:
                    fail(f"{where}.ratings", f"unknown statement {statement!r}")
                if value not in scale.points:
                    fail(
                        f"{where}.ratings.{statement}",
                        f"{value} is outside the scale {scale.min} to {scale.max}",
                    )
    for a, agreed in enumerate(workshop.agreed, 1):
        if agreed.statement not in ids:
            fail(f"agreed[{a}].statement", f"unknown statement {agreed.statement!r}")
        if agreed.value not in scale.points:
            fail(
                f"agreed[{a}].value",
                f"{agreed.value} is outside the scale {scale.min} to {scale.max}",
            )
    options = {c.id for c in pack.discussion.capacity_options}
    if workshop.decisions.capacity and workshop.decisions.capacity not in options:
        fail("decisions.capacity", f"expected one of {sorted(options)}")
    areas = {c.id for c in pack.discussion.policy_areas}
    for p, policy in enumerate(workshop.decisions.policies, 1):
        if policy.area not in areas:
            fail(f"decisions.policies[{p}].area", f"expected one of {sorted(areas)}")


def open_session(path: Path, packs: list[Pack]) -> tuple[Workshop, Pack]:
    """Read a session and find the pack it was made with among `packs`.

    Raises:
        SessionError: The file is unusable, its pack is not available, or its
            values do not fit that pack.
    """
    workshop = load(path)
    for pack in packs:
        if pack.id == workshop.pack.id:
            check_against(workshop, pack, path)
            return workshop, pack
    raise SessionError(
        path,
        f"made with content pack {workshop.pack.id!r}, which is not installed; "
        f"give its folder with --content (it was at {workshop.pack.folder})",
    )


def peek(path: Path) -> str:
    """A one-line description of a session file for the resume list.

    Reads only the top-level keys, so listing many files stays quick; a file
    that cannot be read says why instead.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return f"{path.name} (cannot be read)"
    name = data.get("name", "?")
    step = data.get("step", "?")
    updated = data.get("updated")
    when = f"{updated:%Y-%m-%d %H:%M}" if hasattr(updated, "strftime") else ""
    return f"{name} · {step} · {when}".rstrip(" ·")
