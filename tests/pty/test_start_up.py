"""The real command's start-up: first frame, then packs; problems exit 2."""

from __future__ import annotations

from pathlib import Path

from tests.pty.driver import AppProcess


def test_broken_session_ends_the_app_with_its_message_and_status_2(
    tmp_path: Path,
) -> None:
    """The packs and session load after the first frame; a broken session
    still ends the program with the message (after the terminal is restored),
    status 2, no traceback, and the file untouched."""
    broken = tmp_path / "cut.toml"
    broken.write_bytes(b'schema_version = 1\nname = "Springfield\n')
    before = broken.read_bytes()
    with AppProcess(["--session", str(broken)], data_home=tmp_path / "data") as app:
        assert app.wait_exit() == 2
        output = app.text()
    assert f"readiness-tui: {broken}: not valid TOML" in output
    assert "The file was left as it is." in output
    assert "Traceback" not in output
    assert broken.read_bytes() == before


def test_start_screen_follows_the_loading_frame(tmp_path: Path) -> None:
    """With no session the start screen, with the built-in pack, comes up."""
    with AppProcess([], data_home=tmp_path / "data") as app:
        app.wait_for_text("Begin a new workshop")
        app.wait_for_text("Blended Learning Policies")
        app.press("\x11")  # Ctrl+Q.
        assert app.wait_exit() == 0


def test_sigterm_saves_and_exits_cleanly(tmp_path: Path) -> None:
    """SIGTERM is caught like a hang-up: the app saves and exits with status 0
    (uncaught, it would die with -15), and the file holds the team so far."""
    import signal

    from tests.pty.driver import ENTER, read_session

    session = tmp_path / "term.toml"
    with AppProcess(["--session", str(session)], data_home=tmp_path / "data") as app:
        app.begin("Termed")
        app.type("Ana")
        app.press(ENTER)
        app.wait_for_text("1. Ana")
        app.kill(signal.SIGTERM)
        assert app.wait_exit() == 0
    document = read_session(session)
    assert document is not None
    assert document["name"] == "Termed"
    assert document["team"]["members"] == [{"seat": 1, "name": "Ana"}]
