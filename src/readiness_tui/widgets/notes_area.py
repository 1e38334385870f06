"""A multi-line text area that keeps pasted control characters out."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import TextArea

from readiness_tui.text import clean, has_controls
from readiness_tui.widgets.entry import PASTE_CLEANED, paste_cut, typed_joiner


class NotesArea(TextArea):
    """A `TextArea` for notes, with a limit on its length.

    A paste keeps its lines but loses control characters and escape
    sequences, which could garble the screen; a paste longer than the room
    left is cut to fit, with a notice, and typing stops at the limit, so the
    notes on screen are always notes that can be saved. The cursor starts at
    the end, so what is typed adds to the notes.

    Args:
        text: The notes so far.
        max_length: The most characters the notes may hold.
        **kwargs: Passed to `TextArea`.
    """

    def __init__(self, text: str = "", *, max_length: int, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.max_length = max_length

    def on_mount(self) -> None:
        """Keep the cursor steady (blinking costs output on an idle SSH link),
        at the end of the notes."""
        self.cursor_blink = False
        self.move_cursor(self.document.end)

    def show(self, text: str) -> None:
        """Replace the notes with `text` (another statement's), cursor at the end."""
        self.load_text(text)
        self.move_cursor(self.document.end)

    def room(self) -> int:
        """Characters that can still go in, counting a selection as replaced."""
        return self.max_length - (len(self.text) - len(self.selected_text))

    def on_paste(self, event: events.Paste) -> None:
        """Insert the pasted text, cleaned and cut to fit, in place of any selection."""
        event.prevent_default()
        event.stop()
        text = clean(event.text, multiline=True)
        if has_controls(event.text):
            self.notify(PASTE_CLEANED)
        room = self.room()
        if len(text) > room:
            self.notify(paste_cut(room, self.max_length), severity="warning")
            text = text[: max(room, 0)]
        if text:
            self.replace(text, *self.selection)

    def on_key(self, event: events.Key) -> None:
        """Stop typing at the limit; insert a typed zero-width joiner or
        non-joiner, which `TextArea` would drop as not printable."""
        joiner = typed_joiner(event)
        adds = bool(joiner) or event.is_printable or event.key == "enter"
        if adds and self.room() <= 0:
            event.stop()
            event.prevent_default()
            self.notify(
                f"The notes are full: they hold {self.max_length:,} characters.",
                severity="warning",
            )
            return
        if joiner:
            event.stop()
            event.prevent_default()
            self.insert(joiner)
