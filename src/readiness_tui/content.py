"""Content packs: the survey, scenario and discussion a workshop runs on.

A pack is a folder holding `pack.toml` (the structure) and Markdown files (the
prose). The README's "Content packs" section documents the format. Everything
here is plain Python: no Textual import, so reports and tests can use it.

`load_pack` turns every problem into a single `PackError` whose message names
the file, the line or field, and what was expected. The helpers that word
those messages (`decode_utf8`, `toml_error_position`, `explain_error` and
`describe_value`) are public so that session files read the same way.
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from readiness_tui.text import plain_block
from readiness_tui.tomlfile import loads_toml

PACK_FILE = "pack.toml"
"""The name of the file that marks a folder as a content pack."""

FORMAT_VERSION = 1
"""The pack format this version of readiness-tui reads."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")]
"""Lower-case letters, digits and hyphens, as used in session files."""

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(plain_block),
]
"""Text that must not be empty once surrounding white space is removed."""


class PackError(Exception):
    """A content pack that cannot be used, with a message for the facilitator.

    Args:
        path: The file at fault.
        where: The line or field, e.g. ``line 4`` or ``survey.scale``.
        problem: What is wrong and what was expected.
    """

    def __init__(self, path: Path, where: str, problem: str) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        return f"{self.path}{where}: {self.problem}"


class EncodingProblem(ValueError):
    """Bytes that are not the plain UTF-8 text a TOML file must be.

    Args:
        line: The line the problem starts on, or None when it is the whole file.
        problem: What is wrong and what was expected.
    """

    def __init__(self, line: int | None, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(problem)


class _Located(ValueError):
    """A problem a validator found deeper than the field it checks.

    Args:
        loc: Where the problem lies, relative to the field checked.
        message: What is wrong and what was expected.
    """

    def __init__(self, loc: tuple[int | str, ...], message: str) -> None:
        self.loc = loc
        super().__init__(message)


def _check_unique(ids: list[str], info: ValidationInfo) -> None:
    """Refuse a list in which two entries share an id; screens use ids as keys.

    The error points at the later entry's ``id``, the line an author changes.
    """
    seen: dict[str, int] = {}
    for position, item in enumerate(ids):
        if item in seen:
            raise _Located(
                (position, "id"),
                f"{info.field_name} [{seen[item] + 1}] and [{position + 1}] both "
                f"have id {item!r}; expected every id to be different",
            )
        seen[item] = position


class _Strict(BaseModel):
    """Base for pack tables: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Strict):
    """The answer scale: whole numbers from `min` to `max`."""

    min: int = Field(ge=0, le=9, strict=True)
    """The lowest answer, e.g. 1. Strict: ``true`` or ``"1"`` is not a number."""
    max: int = Field(ge=0, le=9, strict=True)
    """The highest answer, e.g. 4. One digit, so one key picks any answer."""
    labels: dict[int, Text] = {}
    """Words for some or all points, e.g. 1 = "Not at all"."""

    @model_validator(mode="after")
    def _check_range(self) -> Self:
        if self.max <= self.min:
            raise ValueError(
                f"min ({self.min}) must be lower than max ({self.max}); "
                "expected e.g. min = 1, max = 4"
            )
        outside = sorted(k for k in self.labels if not self.min <= k <= self.max)
        if outside:
            raise ValueError(
                f"labels {outside} lie outside the scale {self.min} to {self.max}"
            )
        return self

    @property
    def points(self) -> range:
        """Every answer on the scale, lowest first."""
        return range(self.min, self.max + 1)

    @property
    def middle(self) -> float:
        """The scale's midpoint; ratings on both sides of it mark a split team."""
        return (self.min + self.max) / 2

    def describe(self, value: int) -> str:
        """The value with its label when it has one, e.g. ``4 Absolutely``."""
        label = self.labels.get(value)
        return f"{value} {label}" if label else str(value)


class Statement(_Strict):
    """One statement the members rate."""

    id: Identifier
    """A short, stable name for the statement, used in session files."""
    text: Text
    """The statement, exactly as the source tool words it."""


class Survey(_Strict):
    """The survey each member fills out in private."""

    title: Text
    """The survey's name, e.g. "Is Our District Ready for Blended Learning?"."""
    instructions: Text
    """How to answer, shown above the ballot."""
    scale: Scale
    """The answer scale shared by every statement."""
    statements: list[Statement] = Field(min_length=1)
    """The statements, in the order members rate them."""

    @field_validator("statements")
    @classmethod
    def _check_unique_ids(
        cls, statements: list[Statement], info: ValidationInfo
    ) -> list[Statement]:
        _check_unique([s.id for s in statements], info)
        return statements

    def statement(self, statement_id: str) -> Statement:
        """The statement with this id.

        Raises:
            KeyError: No statement has that id.
        """
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(statement_id)


class Choice(_Strict):
    """An option with a stable id and the words shown for it."""

    id: Identifier
    """Stored in session files."""
    label: Text
    """Shown on screen."""


class Discussion(_Strict):
    """What the team discusses and decides after reconciling."""

    capacity_question: Text
    """The question about how far the district can go."""
    policy_question: Text
    """The prompt for naming policies that must change."""
    capacity_options: list[Choice] = Field(min_length=1)
    """The answers to the capacity question, e.g. pilot or schoolwide."""
    policy_areas: list[Choice] = Field(min_length=1)
    """The areas a policy to change can be filed under."""
    minutes_per_statement: int = Field(default=5, ge=1, le=120, strict=True)
    """How long the reconcile timer counts down for each statement, in whole
    minutes (1 to 120); the facilitator can add minutes as the talk runs."""

    @field_validator("capacity_options", "policy_areas")
    @classmethod
    def _check_unique_ids(
        cls, choices: list[Choice], info: ValidationInfo
    ) -> list[Choice]:
        _check_unique([c.id for c in choices], info)
        return choices


class PackFile(_Strict):
    """The contents of `pack.toml`, before the Markdown files are read."""

    format: int = Field(strict=True)
    """The pack format version; this release reads format 1."""
    id: Identifier
    """A short, stable name for the pack, stored in every session file."""
    title: Text
    """The tool's title."""
    audience: Text
    """Who the tool is for."""
    purpose: Text
    """Why the tool exists, in a sentence or two."""
    scenario: Text
    """The Markdown file with the sample scenario, relative to the pack."""
    activity: Text
    """The Markdown file with the activity's instructions, relative to the pack."""
    survey: Survey
    """The survey members rate."""
    discussion: Discussion
    """The decisions that follow the survey."""


@dataclass(frozen=True)
class Pack:
    """A loaded, checked content pack.

    Attributes:
        folder: Where the pack was loaded from.
        spec: The checked contents of `pack.toml`.
        scenario: The scenario's Markdown text.
        activity: The activity's Markdown text.
    """

    folder: Path
    spec: PackFile
    scenario: str
    activity: str

    @property
    def id(self) -> str:
        """The pack's id."""
        return self.spec.id

    @property
    def title(self) -> str:
        """The pack's title."""
        return self.spec.title

    @property
    def survey(self) -> Survey:
        """The pack's survey."""
        return self.spec.survey

    @property
    def scale(self) -> Scale:
        """The survey's answer scale."""
        return self.spec.survey.scale

    @property
    def discussion(self) -> Discussion:
        """The pack's discussion prompts and choices."""
        return self.spec.discussion


def builtin_content_dir() -> Path:
    """The folder of packs that ship with readiness-tui.

    An installed wheel carries them inside the package; a source checkout
    installed in editable mode reads the repository's `content/` folder.
    """
    installed = Path(str(resources.files("readiness_tui"))) / "content"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "content"


def find_packs(folder: Path) -> list[Path]:
    """Pack folders at or directly below `folder`, sorted by name.

    Args:
        folder: A pack folder, or a folder holding pack folders.

    Returns:
        The folders that contain a `pack.toml`.
    """
    if (folder / PACK_FILE).is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / PACK_FILE).is_file())


def load_pack(folder: Path) -> Pack:
    """Read and check the pack in `folder`.

    Args:
        folder: A folder holding `pack.toml` and the Markdown it names.

    Returns:
        The checked pack.

    Raises:
        PackError: The pack is missing, unreadable or invalid.
    """
    path = folder / PACK_FILE
    source = _read_text(path)
    try:
        data = loads_toml(source)
    except tomllib.TOMLDecodeError as error:
        line, message = toml_error_position(error, source)
        where = f"line {line}" if line else ""
        raise PackError(path, where, f"not valid TOML: {message}") from None
    _check_format(path, source, data.get("format"))
    try:
        spec = PackFile.model_validate(data)
    except ValidationError as error:
        raise PackError(path, *explain_error(error, source, "a pack")) from None
    return Pack(
        folder=folder,
        spec=spec,
        scenario=_read_prose(folder, source, spec.scenario, "scenario"),
        activity=_read_prose(folder, source, spec.activity, "activity"),
    )


def _check_format(path: Path, source: str, format_: object) -> None:
    """Refuse a pack format this release does not read.

    A missing or mistyped `format` is left to the schema, which words it.
    """
    if not isinstance(format_, int) or isinstance(format_, bool):
        return
    if format_ == FORMAT_VERSION:
        return
    if format_ > FORMAT_VERSION:
        problem = (
            f"format {format_} is newer than this version reads "
            f"({FORMAT_VERSION}); upgrade readiness-tui to use this pack"
        )
    else:
        problem = (
            f"format {format_} is not one this version reads; "
            f"expected format = {FORMAT_VERSION}"
        )
    raise PackError(path, _line_of(source, ("format",)), problem)


MAX_FILE_BYTES = 2_000_000
"""Larger pack or session files are refused rather than read into memory."""


class FileTooLarge(Exception):
    """A file past `MAX_FILE_BYTES`, refused unread."""


def read_limited(path: Path) -> bytes:
    """A file's bytes, refusing one larger than `MAX_FILE_BYTES`.

    Raises:
        FileTooLarge: The file is larger; only the limit plus one byte is read.
        OSError: The file cannot be read.
    """
    with path.open("rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise FileTooLarge(path)
    return raw


def too_large(kind: str) -> str:
    """The message for a file past the size limit."""
    return (
        f"larger than {MAX_FILE_BYTES // 1_000_000} MB; expected a {kind} of a "
        "few kilobytes (is this the right file?)"
    )


def _read_text(path: Path, *, markdown: bool = False) -> str:
    """The file's text as UTF-8, or a `PackError` saying why not.

    Markdown may start with a byte-order mark, which is dropped: editors on
    Windows add one, and left in place it would hide a first-line heading.
    """
    try:
        raw = read_limited(path)
    except FileTooLarge:
        raise PackError(path, "", too_large("content pack file")) from None
    except FileNotFoundError:
        raise PackError(
            path, "", "file not found; expected a content pack here"
        ) from None
    except OSError as error:
        raise PackError(path, "", f"cannot be read ({error.strerror})") from None
    if markdown:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return decode_utf8(raw)
    except EncodingProblem as error:
        where = f"line {error.line}" if error.line else ""
        raise PackError(path, where, error.problem) from None


_PROSE = {
    "scenario": "the scenario the team reads, in Markdown",
    "activity": "the activity's instructions, in Markdown",
}
"""What each Markdown file named by the pack should hold."""


def _read_prose(folder: Path, source: str, name: str, key: str) -> str:
    """Read a Markdown file named by the pack, keeping it inside the pack."""
    pack_file = folder / PACK_FILE
    where = _where(source, (key,))
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise PackError(
            pack_file,
            where,
            f"{name!r} lies outside the pack folder; expected a file inside it",
        )
    if not path.is_file():
        raise PackError(
            pack_file, where, f"names {name!r}, which is not a file in {folder}"
        )
    text = _read_text(path, markdown=True).replace("\r\n", "\n")
    if not text.strip():
        raise PackError(
            folder / name,
            "",
            f"the file holds no text; expected {_PROSE[key]}",
        )
    for number, line in enumerate(text.split("\n"), 1):
        try:
            plain_block(line)
        except ValueError as error:
            raise PackError(folder / name, f"line {number}", str(error)) from None
    return text


def decode_utf8(raw: bytes) -> str:
    """The bytes of a TOML file as text.

    Args:
        raw: The file's contents.

    Returns:
        The text.

    Raises:
        EncodingProblem: A byte-order mark, UTF-16, or bytes that are not UTF-8.
    """
    if raw.startswith(codecs.BOM_UTF8):
        raise EncodingProblem(
            None,
            "the file starts with a byte-order mark; expected UTF-8 without one "
            "(re-save it as UTF-8 without BOM)",
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingProblem(
            None, "the file is UTF-16 text; expected UTF-8 (re-save it as UTF-8)"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise EncodingProblem(
            line, "bytes that are not UTF-8; expected UTF-8 text"
        ) from None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


_NEWER_TOML: list[tuple[str, re.Pattern[str], str]] = [
    (
        "Unescaped",
        re.compile(r"\\[ex]"),
        "the \\e or \\xHH escape; write \\u001b or \\u00e9 (\\uXXXX) instead",
    ),
    (
        "key part",
        re.compile(r"((^|[=\[,])\s*\{[^}]*$)|(,\s*\}|^\s*\})"),
        "an inline table over several lines or with a trailing comma; keep it "
        "on one line without a comma before the }, or use a [table]",
    ),
    (
        "after a statement",
        re.compile(r"=\s*(\d{4}-\d\d-\d\d[T ])?\d\d:\d\d(?!:)"),
        "a time without seconds; write the seconds too, e.g. 09:30:00",
    ),
]
"""TOML 1.1 syntax that Python's tomllib (TOML 1.0) refuses: the word in
tomllib's message, the pattern on the line it names, and how to write it."""


def newer_toml_hint(problem: str, line: str) -> str:
    """Name the TOML 1.1 syntax behind a parse error, or "" if none is seen.

    Args:
        problem: tomllib's message, without its position.
        line: The text of the line the message names.
    """
    for word, pattern, advice in _NEWER_TOML:
        if word in problem and pattern.search(line):
            return (
                f"; this looks like TOML 1.1 syntax ({advice}), newer than the "
                "TOML 1.0 that Python reads"
            )
    return ""


def toml_error_position(
    error: tomllib.TOMLDecodeError, source: str
) -> tuple[int | None, str]:
    """Split tomllib's message into the line it names and the problem.

    When the problem comes from TOML 1.1 syntax, which tomllib does not read
    yet, the problem says so and how to write it in TOML 1.0.

    Args:
        error: The error from parsing `source`.
        source: The text that was parsed.

    Returns:
        The line (the last one for "at end of document"), or None when the
        message names none, and the message without its position.
    """
    message = str(error)
    match = _TOML_POSITION.search(message)
    if match is not None:
        number = int(match[1])
        lines = source.splitlines()
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        problem = message[: match.start()]
        return number, problem + newer_toml_hint(problem, line)
    match = _TOML_AT_END.search(message)
    if match is not None:
        return max(len(source.splitlines()), 1), message[: match.start()]
    return None, message


def explain_error(
    error: ValidationError, source: str, document: str
) -> tuple[str, str]:
    """Where the first problem to fix lies, and what was expected there.

    Unknown keys come first, with a spelling hint: a misspelt key also makes
    the right one missing, and the key the author wrote is the one to fix.

    Args:
        error: Pydantic's error from validating the TOML read from `source`.
        source: The TOML text, to find the line.
        document: What the file is, e.g. "a pack" or "a session file".

    Returns:
        ``line N, field a.b[2]`` (or just the field) and a sentence such as
        ``expected a whole number, got the text 'four'``.
    """
    errors = error.errors()
    first = _first_error(errors)
    loc = tuple(first["loc"])
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, _Located):
        loc += cause.loc
    problem = _explain(first, document) + _spelling_hint(first, errors)
    if loc and loc[-1] == "[key]":
        loc, problem = loc[:-1], f"wrong key: {problem}"
    return _where(source, loc), problem


def _first_error(errors: list[Any]) -> Any:
    """The error to report: an unknown key before all others."""
    for error in errors:
        if error["type"] == "extra_forbidden":
            return error
    return errors[0]


def _spelling_hint(error: Any, errors: list[Any]) -> str:
    """``; did you mean 'title'?`` for an unknown key close to a missing one."""
    if error["type"] != "extra_forbidden":
        return ""
    parent = error["loc"][:-1]
    missing = [
        str(other["loc"][-1])
        for other in errors
        if other["type"] == "missing" and other["loc"][:-1] == parent
    ]
    close = difflib.get_close_matches(str(error["loc"][-1]), missing, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _where(source: str, loc: tuple[int | str, ...]) -> str:
    """``field a.b[2].c`` plus the line of its last key when it can be found."""
    field = field_path(loc)
    line = _line_of(source, loc)
    return f"{line}, field {field}" if line else f"field {field}"


def field_path(loc: tuple[int | str, ...]) -> str:
    """Pydantic's location as a TOML-style path, e.g. ``survey.statements[2]``.

    List positions count from 1, as a person reading the file counts them.
    """
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part + 1}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "(top level)"


def _line_of(source: str, loc: tuple[int | str, ...]) -> str:
    """``line N`` that best locates `loc` in the source, or "" if none does.

    A heuristic over the text, not a TOML parser: it walks `loc` from table
    header to table header (counting ``[[...]]`` headers for list positions,
    among those inside the table reached so far) and stops at the first
    ``key =`` line inside the table it has reached. A missing key is placed
    at its table's header; an entry of an inline list at the list's key.
    Lines inside multi-line strings that look like keys or headers can
    mislead it; a parser that kept positions would fix that.
    """
    lines = source.splitlines()
    headers = _headers(lines)
    start, end = 0, headers[0][0] if headers else len(lines)
    inside = range(len(headers))
    path: list[str] = []
    found = ""
    for position, part in enumerate(loc):
        if isinstance(part, int):
            continue
        key = re.compile(rf"^\s*[\"']?{re.escape(part)}[\"']?\s*=")
        for number in range(start, end):
            if key.match(lines[number]):
                return f"line {number + 1}"
        path.append(part)
        after = loc[position + 1] if position + 1 < len(loc) else None
        occurrence = after if isinstance(after, int) else 0
        matching = [i for i in inside if headers[i][1] == path]
        if occurrence >= len(matching):
            break
        index = matching[occurrence]
        start = headers[index][0] + 1
        end = headers[index + 1][0] if index + 1 < len(headers) else len(lines)
        inside = range(index + 1, _table_end(headers, index))
        found = f"line {start}"
    return found


def _table_end(headers: list[tuple[int, list[str]]], index: int) -> int:
    """The first header after `index` that is not a sub-table of it.

    So that ``[[rounds.ballots]]`` is counted within its own ``[[rounds]]``.
    """
    name = headers[index][1]
    for later in range(index + 1, len(headers)):
        inner = headers[later][1]
        if len(inner) <= len(name) or inner[: len(name)] != name:
            return later
    return len(headers)


_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")


def _headers(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Each table header as (line index, dotted name split into keys)."""
    headers = []
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            name = [part.strip().strip("\"'") for part in match[1].split(".")]
            headers.append((number, name))
    return headers


_EXPECTED = {
    "missing": "missing; expected a value here",
    "extra_forbidden": "is not a key {document} may have; check its spelling",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text in quotes",
    "list_type": "expected a list ([...], or [[...]] tables)",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
    "string_too_short": "is empty; expected some text",
    "string_too_long": "is too long; expected at most {max_length} characters",
    "too_short": "is empty; expected at least one entry",
    "less_than_equal": "expected {le} or less",
    "greater_than_equal": "expected {ge} or more",
    "literal_error": "expected {expected}",
    "enum": "expected {expected}",
    "date_type": "expected a date, e.g. 2026-06-01",
    "date_parsing": "expected a date, e.g. 2026-06-01",
    "date_from_datetime_parsing": "expected a date, e.g. 2026-06-01",
    "datetime_type": "expected a date and time, e.g. 2026-03-02 09:00:00+01:00",
    "datetime_parsing": "expected a date and time, e.g. 2026-03-02 09:00:00+01:00",
    "datetime_from_date_parsing": (
        "expected a date and time, e.g. 2026-03-02 09:00:00+01:00"
    ),
    "string_pattern_mismatch": (
        'expected lower-case letters, digits and hyphens, e.g. "human-capacity"'
    ),
}
"""Pydantic's error types in a file author's words; {names} come from ctx."""

_NO_INPUT = {"missing", "extra_forbidden", "too_short", "value_error"}
"""Error types whose input is not worth repeating: absent, or a whole table."""


def _explain(error: Any, document: str) -> str:
    """A sentence for one pydantic error, in the file author's terms."""
    kind = error["type"]
    context = error.get("ctx", {})
    if kind in _EXPECTED:
        text = _EXPECTED[kind].format_map({**context, "document": document})
    elif kind == "value_error":
        text = str(context["error"])
    else:
        text = re.sub(r"^Input should be ", "expected ", str(error["msg"]))
    got = error.get("input")
    if kind not in _NO_INPUT and not kind.startswith("string_too"):
        text += f", got {describe_value(got)}"
    return text


def describe_value(value: object) -> str:
    """A short description of a wrong value, e.g. ``the text 'four'``.

    Args:
        value: The value read from a TOML file.

    Returns:
        Words for it that say its type, as an error message shows them.
    """
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
