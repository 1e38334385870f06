"""The terminal parser reads a paste whole, escape sequences and all."""

from __future__ import annotations

import pytest
from textual import events
from textual.drivers import linux_driver
from textual.message import Message

from readiness_tui.app import Settings, create_app
from readiness_tui.paste import PASTE_END, PASTE_START, PasteParser


def described(tokens: list[Message]) -> list[str]:
    """Each event as "key:NAME" or "paste:TEXT", for plain comparisons."""
    out = []
    for token in tokens:
        if isinstance(token, events.Key):
            out.append(f"key:{token.key}")
        elif isinstance(token, events.Paste):
            out.append(f"paste:{token.text}")
        else:
            out.append(type(token).__name__)
    return out


def feed(*chunks: str) -> list[str]:
    """What a fresh parser makes of the chunks, read one after another."""
    parser = PasteParser()
    tokens: list[Message] = []
    for chunk in chunks:
        tokens.extend(parser.feed(chunk))
    return described(tokens)


def test_escape_sequences_inside_a_paste_stay_in_it() -> None:
    """Nothing of the colours or the title becomes a key press."""
    pasted = "Ana \x1b[31mRED\x1b[0m\x00 \x1b]0;title\x07!"
    assert feed("a" + PASTE_START + pasted + PASTE_END + "b") == [
        "key:a",
        f"paste:{pasted}",
        "key:b",
    ]


def test_a_paste_split_across_reads_is_one_paste() -> None:
    """Over SSH the markers and the text can come in any pieces."""
    assert feed("\x1b[20", "0~ab\x1b[3", "1mc\x1b[2", "01~", "q") == [
        "paste:ab\x1b[31mc",
        "key:q",
    ]


def test_keys_around_pastes_are_read_as_before() -> None:
    """Arrows, Enter and an empty paste are untouched."""
    assert feed("\x1b[A\r", PASTE_START + PASTE_END, "\x1b[B") == [
        "key:up",
        "key:enter",
        "paste:",
        "key:down",
    ]


def test_escape_alone_is_still_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone Escape is told from a sequence by a pause, as before."""
    parser = PasteParser()
    assert list(parser.feed("\x1b")) == []
    monkeypatch.setattr("textual._parser.get_time", lambda: float("inf"))
    assert described(list(parser.tick())) == ["key:escape"]


def test_input_ending_mid_paste_keeps_what_came() -> None:
    """A dropped link mid-paste still hands over the text that arrived."""
    parser = PasteParser()
    tokens = list(parser.feed(PASTE_START + "half"))
    tokens.extend(parser.feed(""))
    assert described(tokens) == ["paste:half"]


def test_the_app_factory_puts_the_parser_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The terminal driver builds a `PasteParser` once the app is made."""
    monkeypatch.setattr(linux_driver, "XTermParser", linux_driver.XTermParser)
    create_app(Settings())
    assert linux_driver.XTermParser is PasteParser
