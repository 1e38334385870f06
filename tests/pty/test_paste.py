"""A paste that holds escape sequences reaches the field whole, in the real program.

Terminals wrap a paste in start and end markers. Textual's own parser would
take an escape character inside the paste as the start of a key sequence and
turn the rest of that sequence into key presses; readiness-tui reads the paste
whole (`readiness_tui.paste`) and the field then drops the control characters.
"""

from __future__ import annotations

from pathlib import Path

from tests.pty.driver import ENTER, AppProcess, read_session

PASTE = "\x1b[200~Board \x1b[31mRED\x1b[0m of \x1b]0;pwned\x07Ed\x1b[2J\x00\x1b[201~"
"""A workshop name pasted with a colour, a window title, a screen clear and NUL."""


def test_a_pasted_name_keeps_its_text_and_loses_only_the_sequences(
    tmp_path: Path,
) -> None:
    """The name is stored as the text around the sequences, the field says it
    cleaned the paste, and nothing of the sequences is typed or shown."""
    session = tmp_path / "board.toml"
    args = ["--session", str(session)]
    with AppProcess(args, data_home=tmp_path / "data") as app:
        app.wait_for_text("Begin a new workshop")
        since = app.mark()
        app.send(PASTE)
        app.wait_for_text("Pasted without its control", since=since)
        app.press(ENTER)
        app.wait_for_text("Consider this sample scenario")
        app.press("\x11")  # Ctrl+Q.
        assert app.wait_exit() == 0
        shown = app.raw[since:]

    document = read_session(session)
    assert document is not None
    assert document["name"] == "Board RED of Ed"
    assert "pwned" not in shown
    assert "\x1b[2J" not in shown
