"""Start-up problems give one plain message naming the file (exit status 2).

`startup.prepare` is what the app runs, in a worker, before its first
workshop screen; the command line prints its message once the terminal is
restored (tests/pty checks that end of it on the real program).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness_tui.cli import main
from readiness_tui.startup import StartupError, prepare


def start_up_problem(content: Path | None = None, session: Path | None = None) -> str:
    """The message `prepare` stops with."""
    with pytest.raises(StartupError) as error:
        prepare(content, session)
    return str(error.value)


def test_unreadable_session_is_reported_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A session cut short is named with the problem; its bytes stay as they were."""
    broken = tmp_path / "cut.toml"
    broken.write_bytes(b'schema_version = 1\nname = "Springfield\n')
    before = broken.read_bytes()

    problem = start_up_problem(session=broken)

    assert problem.startswith(f"{broken}: not valid TOML")
    assert problem.endswith("The file was left as it is.")
    assert broken.read_bytes() == before


def test_content_folder_without_packs_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--content pointing at a folder with no pack.toml says so."""
    assert start_up_problem(content=tmp_path) == (
        f"{tmp_path}: no content pack here (expected a pack.toml)"
    )


def test_broken_pack_given_with_content_stops_start_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken pack in --content is reported before any screen is drawn."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.toml").write_text("format = 1\nid = = 2\n", encoding="utf-8")
    problem = start_up_problem(content=pack)
    assert problem.startswith(f"{pack / 'pack.toml'}, line 2: not valid TOML")


def test_huge_files_are_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 3 MB pack or session is refused with a message, not read."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.toml").write_bytes(b"# padding\n" * 300_000)
    assert main(["validate", str(pack)]) == 2
    err = capsys.readouterr().err
    assert f"{pack / 'pack.toml'}: larger than 2 MB; expected a content pack" in err

    session = tmp_path / "big.toml"
    session.write_bytes(b"# padding\n" * 300_000)
    problem = start_up_problem(session=session)
    assert problem.startswith(f"{session}: larger than 2 MB; expected a session file")


def test_a_session_whose_step_does_not_fit_its_rounds_is_refused(
    tmp_path: Path, pack
) -> None:  # type: ignore[no-untyped-def]
    """Regression: step = "rating" with every round revealed crashed the
    handoff screen with a traceback; it is now a message naming the field."""
    from readiness_tui.session import Member, Step, Workshop
    from readiness_tui.storage import save

    workshop = Workshop.begin("Edited", pack)
    workshop.team.members = [Member(seat=1, name="Ana")]
    workshop.start_round(["technology"])
    workshop.record_ballot(1, {"technology": 2}, [])
    workshop.reveal_open_round()
    workshop.step = Step.RATING
    session = tmp_path / "edited.toml"
    save(workshop, session)
    assert start_up_problem(session=session).startswith(
        f"{session}: field step: is 'rating' but no round is open"
    )


def test_reports_are_never_written_over_a_toml_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: report -o SESSION.toml replaced the session with Markdown."""
    from tests.conftest import DATA

    known = DATA / "reports" / "known-session.toml"
    target = tmp_path / "copy.toml"
    target.write_bytes(known.read_bytes())
    assert main(["report", str(target), "-o", str(target)]) == 2
    assert "will not write a report over a .toml file" in capsys.readouterr().err
    assert target.read_bytes() == known.read_bytes()


def test_unknown_theme_is_refused_with_the_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--theme with a name no theme has: one line listing the themes, status 2,
    before the app takes the terminal."""
    assert main(["--theme", "sepia"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "readiness-tui: --theme sepia: no such theme; expected one of: ansi-dark, "
    )
    assert "projector" in captured.err and "textual-light" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("command", ["report", "aggregate"])
def test_output_into_a_missing_folder_is_refused(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: -o into a folder that does not exist made the folders
    silently and exited 0; a typo in the path put the file somewhere unseen.
    Now it is one line naming the folder, status 2, and nothing is made."""
    from tests.conftest import DATA

    known = DATA / "reports" / "known-session.toml"
    missing = tmp_path / "missing" / "dir"
    out = missing / "x.md"
    assert main([command, str(known), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"readiness-tui: {missing}: no such folder for -o {out}; "
        "expected a folder that exists\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "level"), [([], "full"), (["--no-animations"], "none")]
)
def test_no_animations_turns_animation_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, arguments: list[str], level: str
) -> None:
    """--no-animations does for a slow link what TEXTUAL_ANIMATIONS=none does."""
    from readiness_tui.app import ReadinessApp

    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    seen: list[str] = []

    def run(self: ReadinessApp) -> None:
        seen.append(self.animation_level)

    monkeypatch.setattr(ReadinessApp, "run", run)
    session = tmp_path / "s.toml"
    assert main([*arguments, "--session", str(session)]) == 0
    assert seen == [level]


def test_a_session_given_as_a_symlink_is_saved_through_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Regression: --session LINK saved over the link with a new file, leaving
    the file it pointed to stale and lockable by a second copy."""
    from readiness_tui.app import ReadinessApp

    real = tmp_path / "real.toml"
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    seen: list[Path | None] = []

    def run(self: ReadinessApp) -> None:
        seen.append(self.session_path)

    monkeypatch.setattr(ReadinessApp, "run", run)
    assert main(["--session", str(link)]) == 0
    assert seen == [real]
