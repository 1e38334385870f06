"""Keeping control characters out of names, notes and pack text.

A name pasted from a chat window or a hand-edited file can carry terminal
escape sequences, NUL bytes or other control characters; shown on screen they
could move the cursor or change colours for everyone. Text typed or pasted
into the app is cleaned with `clean`; text read from files is refused by the
`plain_line`/`plain_block` validators with a message. Emoji, CJK, combining
marks, zero-width joiners and right-to-left text are all left alone.
Plain Python; no Textual import.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing.
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, links.
    r"|\x1b[ -/]*[0-~]"  # Other two- and three-byte escapes.
)
"""Whole terminal escape sequences, removed with their parameters."""

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters and DEL, except tab and line feed."""

_LINE_BREAKS = re.compile(r"[\t\n]+")


JOINERS = frozenset("\u200c\u200d")
"""Zero-width non-joiner and joiner: not "printable" to Python, so Textual's
fields drop them when typed, yet Persian words and emoji families need them."""


def clean(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters.

    Args:
        text: Typed or pasted text.
        multiline: Keep line breaks and tabs (notes); otherwise they become
            single spaces (names, one-line fields).

    Returns:
        The text without escape sequences (ESC and its parameters), NUL
        and the like.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCES.sub("", text)
    text = _CONTROLS.sub("", text)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return text


def has_controls(text: str) -> bool:
    """Whether `clean` would remove more from `text` than line breaks.

    A field says so after a paste, so nobody wonders where part of it went.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return bool(_ESCAPE_SEQUENCES.search(text) or _CONTROLS.search(text))


def plain_line(text: str) -> str:
    """Pydantic validator: refuse control characters and line breaks.

    Raises:
        ValueError: The text holds one, named by its code.
    """
    return _refuse(text, multiline=False)


def plain_block(text: str) -> str:
    """Pydantic validator: refuse control characters; allow lines and tabs.

    Raises:
        ValueError: The text holds one, named by its code.
    """
    return _refuse(text, multiline=True)


def _refuse(text: str, *, multiline: bool) -> str:
    """`text` unchanged, or a ValueError naming its first control character."""
    for character in text:
        if clean(character, multiline=multiline) != character:
            raise ValueError(
                f"holds the control character U+{ord(character):04X}; expected "
                "plain text (control characters and escape sequences could "
                "garble the screen)"
            )
    return text
