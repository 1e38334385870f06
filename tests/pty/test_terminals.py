"""Old and plain terminals: 16 colours (TERM=linux, TERM=screen) and NO_COLOR.

The real program runs a one-member workshop to the reveal on each; the test
reads every colour code it wrote and checks that none needs more than the
terminal offers, while the text that carries meaning is all there.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.pty.driver import ENTER, HANDOFF_SETTLE, AppProcess

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
"""A Select Graphic Rendition sequence: colours and text styles."""

TERMINALS = {
    "linux console, 16 colours": {"TERM": "linux", "COLORTERM": ""},
    "screen, 16 colours": {"TERM": "screen", "COLORTERM": ""},
    "NO_COLOR": {"NO_COLOR": "1"},
}


def colour_codes(raw: str) -> set[str]:
    """The colours used: "38;2;R;G;B" (24-bit), "38;5;N" (256), "31" (16)..."""
    found = set()
    for match in SGR.finditer(raw):
        params = match[1].replace(":", ";").split(";")
        index = 0
        while index < len(params):
            param = params[index]
            if param in {"38", "48"} and index + 1 < len(params):
                size = 5 if params[index + 1] == "2" else 3
                found.add(";".join(params[index : index + size]))
                index += size
                continue
            if param.isdigit() and (30 <= int(param) <= 49 or 90 <= int(param) <= 107):
                found.add(param)
            index += 1
    return found


def run_to_the_reveal(app: AppProcess) -> None:
    """Start, scenario, one member, no code, a ballot of 1-4, reveal."""
    app.begin("Plain")
    app.type("Ana")
    app.press(ENTER, ENTER)
    app.wait_for_text("Choose a facilitator's code")
    app.press(ENTER)
    app.wait_for_text("Enter passes the keyboard")
    app.press(ENTER)
    app.wait_for_text("Ana: press Enter when you are ready")
    time.sleep(HANDOFF_SETTLE)
    app.press(ENTER)
    app.wait_for_text("Ana's ballot · statement 1 of 5")
    app.press(*"12341")
    app.wait_for_text("Confirm my ballot")
    app.press(ENTER)
    app.wait_for_text("Everyone has rated.")
    time.sleep(HANDOFF_SETTLE)
    app.press(ENTER)
    app.wait_for_text("Reveal the ratings")
    app.press(ENTER)
    app.wait_for_text("Round 1 revealed · 1 of 1 members rated")
    app.wait_for_text("n 1 · median 1")


@pytest.mark.parametrize("terminal", sorted(TERMINALS))
def test_the_workshop_runs_within_what_the_terminal_offers(
    terminal: str, tmp_path: Path
) -> None:
    """No 256-colour or 24-bit codes on a 16-colour terminal, and nothing but
    greys with NO_COLOR; the screens still say everything in words."""
    env = TERMINALS[terminal]
    with AppProcess([], data_home=tmp_path / "data", env=env) as app:
        run_to_the_reveal(app)
        app.press("\x11")  # Ctrl+Q.
        assert app.wait_exit() == 0
        codes = colour_codes(app.raw)
    if "NO_COLOR" in env:
        # Textual draws in greys: every colour has red = green = blue.
        greys = {"30", "37", "39", "40", "47", "49", "90", "97", "100", "107"}
        for code in codes:
            if ";" not in code:
                assert code in greys, code
                continue
            red, green, blue = code.split(";")[2:]
            assert red == green == blue, code
    else:
        assert not {c for c in codes if c.startswith(("38;", "48;"))}, codes
        assert codes, "16 colours are there to use"
