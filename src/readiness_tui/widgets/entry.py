"""A text field whose Enter is handled in order with the keys around it."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from readiness_tui.text import JOINERS, clean, has_controls

PASTE_CLEANED = (
    "Pasted without its control characters and escape sequences "
    "(they could garble the screen)."
)
"""Said after a paste that lost such characters, so nothing goes unnoticed."""


def paste_cut(room: int, limit: int) -> str:
    """Said after a paste too long for its field was cut to the room left."""
    if room <= 0:
        return f"Nothing pasted: the field is full (it holds {limit:,} characters)."
    return (
        f"Only the first {room:,} characters of the paste fit: the field holds "
        f"{limit:,}."
    )


_JOINER_KEYS = {"zero_width_joiner": "\u200d", "zero_width_non_joiner": "\u200c"}
"""Textual's key names for the joiners, for keys that arrive without the
character (as a test's pilot sends them)."""


def typed_joiner(event: events.Key) -> str:
    """The zero-width joiner or non-joiner a key typed, or "" for other keys."""
    if event.character in JOINERS:
        return event.character or ""
    return _JOINER_KEYS.get(event.key, "")


class EntryInput(Input):
    """An `Input` that submits on Enter in the order the keys were typed.

    Textual's `Input` submits through a key binding, which is looked up only
    after the key has bubbled up to the app, while letters are inserted at
    once. When keys arrive together (a fast typist over a slow SSH link sends
    several in one packet), "Ana⏎Ben⏎" could submit "AnaBen". Here Enter is
    handled by the field itself, between the letters before and after it.
    Focusing a filled field puts the cursor at its end rather than selecting
    the text, so a stray key cannot replace what was saved. A paste comes in
    as one line with control characters removed.

    Args:
        clear_on_submit: Empty the field as it submits, so keys typed right
            after Enter start the next entry.
        *args: Passed to `Input`.
        **kwargs: Passed to `Input`.
    """

    def __init__(self, *args: Any, clear_on_submit: bool = False, **kwargs: Any):
        # Tabbing into a filled field must not select it all, or the next key
        # typed would replace a saved scope or policy.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        # A blinking cursor redraws twice a second: about 2 KB/s down an idle
        # SSH link. A steady cursor costs nothing while nobody types.
        self.cursor_blink = False
        self.clear_on_submit = clear_on_submit

    def on_paste(self, event: events.Paste) -> None:
        """Paste as one line, without control characters or escape sequences."""
        event.prevent_default()
        event.stop()
        text = clean(event.text)
        if has_controls(event.text):
            self.notify(PASTE_CLEANED)
        if self.max_length:
            start, end = sorted(self.selection)
            room = self.max_length - (len(self.value) - (end - start))
            if len(text) > room:
                # Textual's Input would drop the whole paste without a word.
                self.notify(paste_cut(room, self.max_length), severity="warning")
                text = text[: max(room, 0)]
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

    def give_back(self, text: str) -> None:
        """Put refused text back in the field, the cursor at its end to correct it."""
        self.value = text
        self.cursor_position = len(text)

    async def on_key(self, event: events.Key) -> None:
        """Submit on Enter right away, before any later key is handled.

        A typed zero-width joiner or non-joiner is inserted, which `Input`
        would drop as not printable.
        """
        joiner = typed_joiner(event)
        if joiner:
            event.stop()
            event.prevent_default()
            self.insert_text_at_cursor(joiner)
            return
        if event.key != "enter":
            full = self.max_length and len(self.value) >= self.max_length
            if full and event.is_printable and self.selection.is_empty:
                # Input would drop the key without a word.
                self.notify(
                    f"This field holds at most {self.max_length:,} characters.",
                    severity="warning",
                    timeout=3,
                )
            return
        event.stop()
        event.prevent_default()
        value = self.value
        if self.clear_on_submit:
            self.value = ""
        self.post_message(self.Submitted(self, value))
