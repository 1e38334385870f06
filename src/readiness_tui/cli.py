"""The `readiness-tui` command: start the workshop, or check a content pack.

Start-up problems the facilitator can fix (a broken pack, an unreadable
session file) are printed as one plain message with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from readiness_tui import __version__

EXIT_USAGE = 2
"""Exit status for a problem with the command line, a pack or a session file."""


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
        "--session",
        metavar="FILE",
        type=Path,
        help="the session file: resumed if it exists, else the new workshop's file",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check a content pack and report the first problem found"
    )
    validate.add_argument("path", type=Path, help="a pack folder or its pack.toml")
    return parser


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
    return run(args.content, args.session)


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


def run(content: Path | None, session: Path | None) -> int:
    """Load the packs and any session, then run the app."""
    from readiness_tui.app import Settings, create_app
    from readiness_tui.content import (
        Pack,
        PackError,
        builtin_content_dir,
        find_packs,
        load_pack,
    )
    from readiness_tui.storage import SessionError, default_session_dir, open_session

    given: list[Path] = []
    if content is not None:
        given = find_packs(content)
        if not given:
            return fail(f"{content}: no content pack here (expected a pack.toml)")
    packs: list[Pack] = []
    try:
        for folder in given + find_packs(builtin_content_dir()):
            pack = load_pack(folder)
            twin = next((p for p in packs if p.id == pack.id), None)
            if twin is None:
                packs.append(pack)
            elif folder in given:
                return fail(
                    f"{folder} and {twin.folder} both have id {pack.id!r}; "
                    "expected every pack to have its own id"
                )
            # Otherwise a pack given with --content replaces the built-in one.
    except PackError as error:
        return fail(str(error))
    if not packs:
        return fail("no content packs are installed")

    settings = Settings(packs=packs, session_dir=default_session_dir())
    if session is not None:
        settings.session_file = session
        if session.exists():
            try:
                settings.workshop, _ = open_session(session, packs)
            except SessionError as error:
                return fail(f"{error}\nThe file was left as it is.")
    app = create_app(settings)
    app.run()
    return app.return_code or 0
