"""Keys that arrive together, as a slow SSH link or a paste delivers them."""

from __future__ import annotations

import time
from pathlib import Path

from tests.pty.driver import ENTER, HANDOFF_SETTLE, AppProcess, read_session


def test_two_enters_in_one_read_begin_one_workshop(tmp_path: Path) -> None:
    """Regression: Enter Enter in one read on the start screen began the
    workshop twice (a second file in the sessions folder), and replacing the
    screen before its header had mounted crashed the app (NoMatches)."""
    session = tmp_path / "dup.toml"
    data = tmp_path / "data"
    with AppProcess(["--session", str(session)], data_home=data) as app:
        app.wait_for_text("Begin a new workshop")
        app.type("Dupcheck")
        app.send(ENTER + ENTER)
        app.wait_for_text("Consider this sample scenario")
        app.press(ENTER)
        app.wait_for_text("Type each member's name")
        app.type("Ana")
        app.press(ENTER)
        app.wait_for_text("1. Ana")
        app.press("\x11")  # Ctrl+Q.
        assert app.wait_exit() == 0
        assert "Traceback" not in app.text() and "Error" not in app.text()
    assert list(data.rglob("*.toml")) == []
    document = read_session(session)
    assert document is not None
    assert document["name"] == "Dupcheck"
    assert document["team"]["members"] == [{"seat": 1, "name": "Ana"}]


def test_two_enters_in_one_read_on_the_desk_pass_the_keyboard_once(
    tmp_path: Path,
) -> None:
    """Regression: Enter Enter in one read on the desk opened the handoff
    twice, the first replaced before its header had mounted: the app crashed."""
    session = tmp_path / "desk.toml"
    with AppProcess(["--session", str(session)], data_home=tmp_path / "d") as app:
        app.begin("Desk")
        for name in ["Ana", "Ben"]:
            app.type(name)
            app.press(ENTER)
        app.wait_for_text("2. Ben")
        app.press(ENTER)  # Start rating: the desk offers a code first.
        app.wait_for_text("Choose a facilitator's code")
        app.press(ENTER)  # No code.
        app.wait_for_text("to rate")
        mark = app.mark()
        app.send(ENTER + ENTER)
        app.wait_for_text("Ana: press Enter when you are ready", since=mark)
        time.sleep(HANDOFF_SETTLE)
        mark = app.mark()
        app.press("\x1b")  # Escape: back to the desk (no code is set).
        app.wait_for_text("Enter passes the keyboard", since=mark)
        app.press("\x11")
        assert app.wait_exit() == 0
        assert "Traceback" not in app.text()
    document = read_session(session)
    assert document is not None
    assert document["step"] == "rating"


def test_names_sent_with_the_enter_that_leaves_the_scenario_are_kept(
    tmp_path: Path,
) -> None:
    """Regression: "Enter Ana Enter Ben Enter" in one read on the scenario
    lost the names: Textual gave them to the scenario (or to the team screen
    before its name field had the focus)."""
    session = tmp_path / "burst.toml"
    with AppProcess(["--session", str(session)], data_home=tmp_path / "d") as app:
        app.name_workshop("Burst")
        app.send(ENTER + "Ana" + ENTER + "Ben" + ENTER)
        app.wait_for_text("2. Ben")
        app.press("\x11")
        assert app.wait_exit() == 0
    document = read_session(session)
    assert document is not None
    assert document["team"]["members"] == [
        {"seat": 1, "name": "Ana"},
        {"seat": 2, "name": "Ben"},
    ]


def test_a_name_pasted_with_the_enter_that_leaves_the_scenario_is_kept(
    tmp_path: Path,
) -> None:
    """Regression: a paste arriving straight after Enter on the scenario went
    to the scenario (or the team screen before its field had the focus):
    pastes overtook the keys before them."""
    session = tmp_path / "paste.toml"
    with AppProcess(["--session", str(session)], data_home=tmp_path / "d") as app:
        app.name_workshop("Pasted")
        app.send(ENTER + "\x1b[200~Dana Whitfield\x1b[201~" + ENTER)
        app.wait_for_text("1. Dana Whitfield")
        app.press("\x11")
        assert app.wait_exit() == 0
    document = read_session(session)
    assert document is not None
    assert document["team"]["members"] == [{"seat": 1, "name": "Dana Whitfield"}]
