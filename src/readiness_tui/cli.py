"""The `readiness-tui` command: start the workshop, check a pack, report, roll up.

Problems the user can fix (a broken pack, an unreadable session file, a file
that cannot be written) are printed as one plain message with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness_tui import __version__

if TYPE_CHECKING:
    from readiness_tui.content import Pack as LoadedPack

EXIT_USAGE = 2
"""Exit status for a problem with the command line, a pack or a session file."""

EXIT_SKIPPED = 1
"""Exit status of `aggregate` when it rolled up some files and skipped others."""

REPORT_FORMATS = ("markdown", "html", "csv", "json")
"""The formats of `report`; listed here so that `--help` loads no core module."""


class CommandError(Exception):
    """A problem the user can fix, worded as one line for standard error."""


def build_parser() -> argparse.ArgumentParser:
    """The command line's arguments."""
    parser = argparse.ArgumentParser(
        prog="readiness-tui",
        description=(
            "Run a readiness workshop: read the scenario, rate in private, "
            "reveal, reconcile and decide."
        ),
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        help="a content pack folder, or a folder of packs, offered before the "
        "built-in ones",
    )
    parser.add_argument(
        "--no-animations",
        action="store_true",
        help="no animated scrolling or fading, for a slow link (as "
        "TEXTUAL_ANIMATIONS=none does); nothing is shown by animation alone",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="with --session: show the workshop without ever writing to its file "
        "(for a file another readiness-tui has open)",
    )
    parser.add_argument(
        "--session",
        metavar="FILE",
        type=Path,
        help="the session file: resumed if it exists, else the new workshop's file",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="the colour theme, e.g. projector (light, high contrast); "
        "remembered for the next start. An unknown name lists the themes",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check a content pack and report the first problem found"
    )
    validate.add_argument("path", type=Path, help="a pack folder or its pack.toml")
    add_report_parser(commands)
    add_aggregate_parser(commands)
    return parser


def add_content_option(parser: argparse.ArgumentParser) -> None:
    """Accept --content after a subcommand too, without hiding one given before."""
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="a content pack folder, or a folder of packs, besides the built-in ones",
    )


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """-o FILE: write there (atomically) instead of to standard output."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE instead of standard output",
    )


def add_report_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """The `report` subcommand's arguments."""
    report = commands.add_parser(
        "report", help="turn one session file into a report for the board"
    )
    report.add_argument("session", type=Path, help="the session file (.toml)")
    report.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="markdown",
        help="markdown (default), html (one self-contained page), csv or json",
    )
    add_output_option(report)
    add_content_option(report)


def add_aggregate_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """The `aggregate` subcommand's arguments."""
    aggregate = commands.add_parser(
        "aggregate",
        help="roll up many session files of one pack; exit status 1 if some "
        "were skipped",
    )
    aggregate.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="session files, or folders searched for them",
    )
    aggregate.add_argument(
        "--pack",
        metavar="ID",
        help="the pack to roll up; by default the first readable session's",
    )
    add_output_option(aggregate)
    add_content_option(aggregate)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments, without the program name; defaults to sys.argv.

    Returns:
        The exit status: 0 on success, 2 for a problem the user can fix.
    """
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.path)
    if args.command == "report":
        return report(args.session, args.format, args.output, args.content)
    if args.command == "aggregate":
        return aggregate(args.paths, args.pack, args.output, args.content)
    return run(
        args.content,
        args.session,
        args.read_only,
        args.theme,
        animations=not args.no_animations,
    )


def fail(message: str) -> int:
    """Print a problem on standard error and return the exit status for it."""
    print(f"readiness-tui: {message}", file=sys.stderr)
    return EXIT_USAGE


def validate(path: Path) -> int:
    """Check one pack folder; print "ok" or the problem."""
    from readiness_tui.content import PACK_FILE, PackError, load_pack

    folder = path.parent if path.name == PACK_FILE else path
    try:
        pack = load_pack(folder)
    except PackError as error:
        return fail(str(error))
    statements = len(pack.survey.statements)
    print(f"{folder}: ok ({pack.id}, {statements} statements)")
    return 0


def load_packs(content: Path | None) -> list[LoadedPack]:
    """The packs on offer (see `startup.load_packs`), for report and aggregate.

    Raises:
        CommandError: A given folder holds no pack, a pack is broken, two
            given packs share an id, or there are no packs at all.
    """
    from readiness_tui.startup import StartupError
    from readiness_tui.startup import load_packs as load_all

    try:
        return load_all(content)
    except StartupError as error:
        raise CommandError(str(error)) from None


def check_output(output: Path | None) -> None:
    """Refuse an -o FILE that is never to be written, before any work is done.

    Raises:
        CommandError: `output` is a .toml file, which may be a session, or
            its folder does not exist (a mistyped path would otherwise make
            folders nobody meant and hide the file there).
    """
    if output is None:
        return
    if output.suffix.lower() == ".toml" or output.name.endswith(".toml.lock"):
        raise CommandError(
            f"{output}: will not write a report over a .toml file, which may be "
            "a session; expected another name, e.g. report.md"
        )
    if not output.parent.exists():
        raise CommandError(
            f"{output.parent}: no such folder for -o {output}; "
            "expected a folder that exists"
        )


def emit(text: str, output: Path | None) -> None:
    """Print `text`, or write it to `output` (checked by `check_output`) atomically.

    Raises:
        CommandError: The file cannot be written.
    """
    from readiness_tui.storage import write_atomic

    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        raise CommandError(f"{output}: cannot be written ({error.strerror})") from None


def report(
    session: Path, format_: str, output: Path | None, content: Path | None
) -> int:
    """Write one workshop's report in `format_` to `output` or standard output."""
    from readiness_tui.report import render
    from readiness_tui.storage import SessionError, open_session

    try:
        check_output(output)
        workshop, pack = open_session(session, load_packs(content))
        emit(render(workshop, pack, format_), output)
    except (CommandError, SessionError) as error:
        return fail(str(error))
    if output is not None:
        print(f"Wrote the {format_} report to {output}")
    return 0


def aggregate(
    paths: list[Path], pack_id: str | None, output: Path | None, content: Path | None
) -> int:
    """Roll up session files; one line on standard error per file skipped.

    Returns:
        0 when every file was included, 1 when some were skipped, 2 when
        nothing could be rolled up or the result could not be written.
    """
    from readiness_tui.aggregate import NoSessions, roll_up, to_markdown

    try:
        check_output(output)
        rollup = roll_up(paths, load_packs(content), pack_id)
    except NoSessions as error:
        for skipped in error.skipped:
            print(f"readiness-tui: {skipped}", file=sys.stderr)
        return fail(str(error))
    except CommandError as error:
        return fail(str(error))
    for skipped in rollup.skipped:
        print(f"readiness-tui: {skipped}", file=sys.stderr)
    try:
        emit(to_markdown(rollup), output)
    except CommandError as error:
        return fail(str(error))
    if output is not None:
        count = len(rollup.included)
        workshops = "workshop" if count == 1 else "workshops"
        print(f"Wrote the roll-up of {count} {workshops} to {output}")
    return EXIT_SKIPPED if rollup.skipped else 0


def check_theme(theme: str) -> None:
    """Make sure a theme asked for exists, before the terminal is taken over.

    Raises:
        CommandError: There is no theme of that name; the message lists them.
    """
    from readiness_tui.themes import theme_names

    names = theme_names()
    if theme not in names:
        raise CommandError(
            f"--theme {theme}: no such theme; expected one of: {', '.join(names)}"
        )


def run(
    content: Path | None,
    session: Path | None,
    read_only: bool = False,
    theme: str | None = None,
    *,
    animations: bool = True,
) -> int:
    """Run the app; it loads the packs and any session after its first frame.

    A pack or session that cannot be used ends the app at once, and its
    message is printed here, once the terminal is back to normal. An unknown
    theme is refused before the app starts. Without `animations` the app
    animates nothing, as with TEXTUAL_ANIMATIONS=none.
    """
    from readiness_tui.app import Settings, create_app

    if session is not None and session.is_symlink():
        # Save (and lock) the file the link points to: the atomic rename would
        # otherwise put a new file in the link's place and leave the real one
        # stale, with a second lock that another copy could take.
        session = session.resolve()
    if theme is not None:
        try:
            check_theme(theme)
        except CommandError as error:
            return fail(str(error))
    settings = Settings(
        content=content, session_file=session, read_only=read_only, theme=theme
    )
    app = create_app(settings)
    if not animations:
        app.animation_level = "none"
    app.run()
    if app.startup_error:
        return fail(app.startup_error)
    return app.return_code or 0
