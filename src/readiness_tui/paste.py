"""Whole pastes, even when the pasted text holds escape sequences.

A terminal in bracketed-paste mode wraps what is pasted between a start marker
(``ESC [ 200 ~``) and an end marker (``ESC [ 201 ~``). Textual's parser (8.2.8)
reads an escape character inside a paste as the start of a key sequence, so a
name copied with its colours (``ESC [ 31 m Ana ESC [ 0 m``) loses part of itself
from the paste, and that part arrives as key presses instead: typed into the
field, or taken as a command by a screen with single-letter keys.

`PasteParser` lets Textual's parser do everything else and only takes over
between the markers: it reads the pasted characters itself, up to the end
marker, and hands them on as one `Paste` event, exactly as they came. The
fields then remove control characters and escape sequences from it, as from any
paste (`readiness_tui.text.clean`), and say that they did.

`install` puts the parser in place of Textual's for the terminal driver.
"""

from __future__ import annotations

from collections.abc import Callable, Generator

from textual import events
from textual._parser import ParseError, Peek1, Read1
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver
from textual.message import Message

PASTE_START = "\x1b[200~"
"""What a terminal sends before pasted text."""

PASTE_END = "\x1b[201~"
"""What a terminal sends after pasted text."""


class PasteParser(XTermParser):
    """Textual's terminal parser, with pastes read whole (see the module)."""

    def parse(
        self, token_callback: Callable[[Message], None]
    ) -> Generator[Read1 | Peek1, str, None]:
        """Feed every character to Textual's parser, except a paste's text.

        Textual's parser still sees both markers, so its own idea of whether
        a paste is under way stays right; it sees nothing between them. For
        the empty paste it then reports, nothing is passed on: the real one
        has gone out already.
        """
        skip_empty_paste = False

        def pass_on(token: Message) -> None:
            nonlocal skip_empty_paste
            if skip_empty_paste and isinstance(token, events.Paste):
                skip_empty_paste = False
                if not token.text:
                    return
            token_callback(token)

        keys = super().parse(pass_on)
        request = next(keys)
        recent = ""
        while True:
            try:
                character = yield request
            except ParseError as error:
                # A timeout ends an Escape key; the end of input ends all.
                try:
                    request = keys.throw(error)
                except StopIteration:
                    return
                continue
            try:
                request = keys.send(character)
            except StopIteration:
                return
            recent = (recent + character)[-len(PASTE_START) :]
            if recent != PASTE_START:
                continue
            recent = ""

            pasted: list[str] = []
            try:
                while "".join(pasted[-len(PASTE_END) :]) != PASTE_END:
                    pasted.append((yield self.read1()))
            except ParseError:
                # The input ended mid-paste: what came is still pasted.
                token_callback(events.Paste("".join(pasted)))
                return
            token_callback(events.Paste("".join(pasted[: -len(PASTE_END)])))
            skip_empty_paste = True
            for character in PASTE_END:
                request = keys.send(character)


def install() -> None:
    """Use `PasteParser` for the terminal from now on (Linux and macOS).

    The driver builds its parser when it starts reading keys, by the name it
    imported; replacing that name is the one way in Textual offers.
    """
    linux_driver.XTermParser = PasteParser  # type: ignore[attr-defined]
