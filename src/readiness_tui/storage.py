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

from readiness_tui.content import (
    EncodingProblem,
    FileTooLarge,
    Pack,
    decode_utf8,
    describe_value,
    explain_error,
    read_limited,
    toml_error_position,
    too_large,
)
from readiness_tui.session import (
    SCHEMA_VERSION,
    Agreed,
    Ballot,
    Step,
    Team,
    Workshop,
    now,
)
from readiness_tui.tomlfile import loads_toml

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
    write_atomic(path, dump(workshop).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, with mode 0600, creating the folder.

    The bytes go to a temporary file in the same folder, are flushed and
    fsynced, then renamed over `path`. Session files and reports both use it.

    Raises:
        OSError: The folder cannot be made, or is read-only or full; the old
            file, if any, is left as it was and the temporary file is removed.
    """
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
        raw = read_limited(path)
    except FileTooLarge:
        raise SessionError(path, too_large("session file")) from None
    except FileNotFoundError:
        raise SessionError(path, "file not found") from None
    except OSError as error:
        raise SessionError(path, f"cannot be read ({error.strerror})") from None
    try:
        source = decode_utf8(raw)
    except EncodingProblem as error:
        at = f"line {error.line}: " if error.line else ""
        raise SessionError(path, f"{at}{error.problem}") from None
    try:
        data = loads_toml(source)
    except tomllib.TOMLDecodeError as error:
        line, message = toml_error_position(error, source)
        at = f" at line {line}" if line else ""
        raise SessionError(
            path,
            f"not valid TOML{at} ({message}); "
            "the file may be cut short or not be a session file",
        ) from None
    _check_schema_version(path, data.get("schema_version"))
    try:
        workshop = Workshop.model_validate(data)
    except ValidationError as error:
        where, problem = explain_error(error, source, "a session file")
        raise SessionError(path, f"{where}: {problem}") from None
    # An older file reads as the current schema; it is written as one.
    workshop.schema_version = SCHEMA_VERSION
    return workshop


def _check_schema_version(path: Path, version: object) -> None:
    """Refuse a file that is not a session, or one of a schema not yet known."""
    if version is None:
        raise SessionError(
            path, "no schema_version; expected a readiness-tui session file"
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionError(
            path,
            f"schema_version is {describe_value(version)}; "
            f"expected a whole number, e.g. schema_version = {SCHEMA_VERSION}",
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            path,
            f"schema_version {version} is newer than this release reads "
            f"({SCHEMA_VERSION}); upgrade readiness-tui to open it",
        )
    if version < 1:
        raise SessionError(
            path,
            f"schema_version {version} is not one readiness-tui writes; "
            f"expected schema_version = {SCHEMA_VERSION}",
        )


def check_against(workshop: Workshop, pack: Pack, path: Path) -> None:
    """Check that a session's values fit the pack it names and each other.

    The schema checks each value alone; this checks what needs the pack or
    several values together, so that a hand-edited file cannot crash a screen.

    Raises:
        SessionError: A statement, rating, seat or choice the pack does not
            allow, or two entries that must differ and do not.
    """
    if workshop.pack.id != pack.id:
        raise SessionError(
            path,
            f"made with pack {workshop.pack.id!r}, not {pack.id!r}; "
            "open it with that pack (--content)",
        )
    problem = (
        _team_problem(workshop.team)
        or _rounds_problem(workshop, pack)
        or _agreed_problem(workshop, pack)
        or _history_problem(workshop, pack)
        or _discussed_problem(workshop, pack)
        or _decisions_problem(workshop, pack)
        or _step_problem(workshop)
    )
    if problem is not None:
        field, text = problem
        raise SessionError(path, f"field {field}: {text}")


_Problem = tuple[str, str] | None
"""A field path and what is wrong with it, or None when all is well."""


def _step_problem(workshop: Workshop) -> _Problem:
    """A step the rounds do not allow, e.g. rating with no round open."""
    step = workshop.step
    if step == Step.RATING and workshop.open_round is None:
        return (
            "step",
            "is 'rating' but no round is open; expected the last round to have "
            "revealed = false, or another step",
        )
    if step == Step.RATING and not workshop.team.members:
        return ("step", "is 'rating' but the team has no members")
    revealed = any(r.revealed for r in workshop.rounds)
    if step in {Step.REVEAL, Step.RECONCILE, Step.DECISIONS} and not revealed:
        return (
            "step",
            f"is {step.value!r} but no round has been revealed; expected "
            "'scenario', 'team' or 'rating'",
        )
    if step in {Step.REVEAL, Step.RECONCILE} and workshop.open_round is not None:
        return (
            "step",
            f"is {step.value!r} but round {workshop.open_round.number} is still "
            "being rated; expected 'rating'",
        )
    return None


def _team_problem(team: Team) -> _Problem:
    """Two members in one seat, (unless anonymous) with the same name, or an
    away mark on a seat nobody has."""
    seats: dict[int, int] = {}
    names: dict[str, int] = {}
    for m, member in enumerate(team.members, 1):
        if member.seat in seats:
            return (
                f"team.members[{m}].seat",
                f"seat {member.seat} is also the seat of team.members"
                f"[{seats[member.seat]}]; expected every member in a different seat",
            )
        seats[member.seat] = m
        name = member.name.strip().casefold()
        if not team.anonymous and name in names:
            return (
                f"team.members[{m}].name",
                f"{member.name!r} is also the name of team.members[{names[name]}]; "
                "expected every member to have a different name (capitals aside)",
            )
        names[name] = m
    for a, seat in enumerate(team.away, 1):
        if seat not in seats:
            return (
                f"team.away[{a}]",
                f"no member has seat {seat}; expected seats from team.members",
            )
    return None


def _rounds_problem(workshop: Workshop, pack: Pack) -> _Problem:
    """A statement, seat or rating in a round that the pack or team lacks."""
    ids = {s.id for s in pack.survey.statements}
    seats = [m.seat for m in workshop.team.members]
    for r, round_ in enumerate(workshop.rounds, 1):
        if round_.number != r:
            return (
                f"rounds[{r}].number",
                f"is {round_.number}; expected {r}: rounds are numbered 1, 2, 3... "
                "in the order they were rated",
            )
        listed: set[str] = set()
        for statement in round_.statements:
            if statement not in ids:
                return f"rounds[{r}].statements", _not_in_pack(statement, pack)
            if statement in listed:
                return (
                    f"rounds[{r}].statements",
                    f"{statement!r} is listed twice; expected each statement once",
                )
            listed.add(statement)
        rated: dict[int, int] = {}
        for b, ballot in enumerate(round_.ballots, 1):
            where = f"rounds[{r}].ballots[{b}]"
            if ballot.seat not in seats:
                return (
                    f"{where}.seat",
                    f"no member has seat {ballot.seat}; expected one of the seats "
                    f"in team.members ({', '.join(map(str, seats)) or 'none yet'})",
                )
            if ballot.seat in rated:
                return (
                    f"{where}.seat",
                    f"seat {ballot.seat} already has a ballot in this round, "
                    f"rounds[{r}].ballots[{rated[ballot.seat]}]; "
                    "expected one ballot per seat in a round",
                )
            rated[ballot.seat] = b
            problem = _ballot_problem(where, ballot, pack)
            if problem is not None:
                return problem
    return None


def _ballot_problem(where: str, ballot: Ballot, pack: Pack) -> _Problem:
    """A rating off the scale, or a statement the pack lacks or rated twice."""
    ids = {s.id for s in pack.survey.statements}
    scale = pack.scale
    for statement, value in ballot.ratings.items():
        if statement not in ids:
            return f"{where}.ratings", _not_in_pack(statement, pack)
        if value not in scale.points:
            return (
                f"{where}.ratings.{statement}",
                f"{value} is outside the scale {scale.min} to {scale.max}",
            )
    for statement in ballot.dont_know:
        if statement not in ids:
            return f"{where}.dont_know", _not_in_pack(statement, pack)
        if statement in ballot.ratings:
            return (
                f"{where}.dont_know",
                f"{statement!r} is also rated {ballot.ratings[statement]} in "
                f"{where}.ratings; expected a statement to be rated or left as "
                "don't know, not both",
            )
    return None


def _agreement_problem(
    where: str, agreed: Agreed, workshop: Workshop, pack: Pack
) -> _Problem:
    """An agreed value (current or earlier) for a statement the pack lacks, off
    the scale, or settling a round not yet revealed; `where` names the entry,
    e.g. ``agreed[2]``."""
    if agreed.statement not in {s.id for s in pack.survey.statements}:
        return f"{where}.statement", _not_in_pack(agreed.statement, pack)
    scale = pack.scale
    if agreed.value not in scale.points:
        return (
            f"{where}.value",
            f"{agreed.value} is outside the scale {scale.min} to {scale.max}",
        )
    revealed = [r.number for r in workshop.rounds if r.revealed]
    if agreed.round not in revealed:
        numbers = {r.number for r in workshop.rounds}
        state = "is not revealed" if agreed.round in numbers else "does not exist"
        return (
            f"{where}.round",
            f"round {agreed.round} {state}; expected the round whose ratings "
            "the team agreed on, one of the revealed rounds "
            f"({', '.join(map(str, revealed)) or 'none yet'})",
        )
    return None


def _agreed_problem(workshop: Workshop, pack: Pack) -> _Problem:
    """An agreed value for a statement the pack lacks, off the scale, or twice."""
    seen: dict[str, int] = {}
    for a, agreed in enumerate(workshop.agreed, 1):
        if agreed.statement in seen:
            return (
                f"agreed[{a}].statement",
                f"{agreed.statement!r} already has an agreed value, "
                f"agreed[{seen[agreed.statement]}]; expected one per statement",
            )
        seen[agreed.statement] = a
        problem = _agreement_problem(f"agreed[{a}]", agreed, workshop, pack)
        if problem is not None:
            return problem
    return None


def _history_problem(workshop: Workshop, pack: Pack) -> _Problem:
    """An earlier agreement for a statement the pack lacks, off the scale, or
    on a round not revealed."""
    for h, earlier in enumerate(workshop.agreed_history, 1):
        where = f"agreed_history[{h}]"
        problem = _agreement_problem(where, earlier, workshop, pack)
        if problem is not None:
            return problem
    return None


def _discussed_problem(workshop: Workshop, pack: Pack) -> _Problem:
    """Discussion time for a statement the pack lacks, twice, or a countdown
    reset at a time not yet reached."""
    ids = {s.id for s in pack.survey.statements}
    seen: dict[str, int] = {}
    for d, discussed in enumerate(workshop.discussed, 1):
        if discussed.statement not in ids:
            return f"discussed[{d}].statement", _not_in_pack(discussed.statement, pack)
        if discussed.statement in seen:
            first = seen[discussed.statement]
            return (
                f"discussed[{d}].statement",
                f"{discussed.statement!r} is also discussed[{first}]; expected "
                "one entry per statement",
            )
        seen[discussed.statement] = d
        if discussed.countdown_from > discussed.seconds:
            return (
                f"discussed[{d}].countdown_from",
                f"{discussed.countdown_from} is more than seconds "
                f"({discussed.seconds}); expected the time discussed when the "
                "countdown was last reset, at most seconds",
            )
    return None


def _decisions_problem(workshop: Workshop, pack: Pack) -> _Problem:
    """A capacity option or policy area the pack does not offer."""
    decisions = workshop.decisions
    options = sorted(c.id for c in pack.discussion.capacity_options)
    if decisions.capacity and decisions.capacity not in options:
        return (
            "decisions.capacity",
            f"{decisions.capacity!r} is not a capacity option of pack "
            f"{pack.id!r}; expected one of {options}",
        )
    areas = sorted(c.id for c in pack.discussion.policy_areas)
    for p, policy in enumerate(decisions.policies, 1):
        if policy.area not in areas:
            return (
                f"decisions.policies[{p}].area",
                f"{policy.area!r} is not a policy area of pack {pack.id!r}; "
                f"expected one of {areas}",
            )
    return None


def _not_in_pack(statement: str, pack: Pack) -> str:
    """Why a statement id is refused: the pack has no such statement."""
    return (
        f"{statement!r} is not a statement of pack {pack.id!r}; "
        "expected one of its statement ids"
    )


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
        data = loads_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return f"{path.name} (cannot be read)"
    name = data.get("name", "?")
    step = data.get("step", "?")
    updated = data.get("updated")
    when = f"{updated:%Y-%m-%d %H:%M}" if hasattr(updated, "strftime") else ""
    return f"{name} · {step} · {when}".rstrip(" ·")
