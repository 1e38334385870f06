"""A multi-line text area that keeps pasted control characters out."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from readiness_tui.text import clean, has_controls
from readiness_tui.widgets.entry import PASTE_CLEANED, typed_joiner


class NotesArea(TextArea):
    """A `TextArea` for notes: a paste keeps its lines but loses control
    characters and escape sequences, which could garble the screen."""

    def on_mount(self) -> None:
        """Keep the cursor steady: blinking costs output on an idle SSH link."""
        self.cursor_blink = False

    def on_paste(self, event: events.Paste) -> None:
        """Insert the pasted text, cleaned, in place of any selection."""
        event.prevent_default()
        event.stop()
        text = clean(event.text, multiline=True)
        if has_controls(event.text):
            self.notify(PASTE_CLEANED)
        if text:
            self.replace(text, *self.selection)

    def on_key(self, event: events.Key) -> None:
        """Insert a typed zero-width joiner or non-joiner, which `TextArea`
        would drop as not printable."""
        joiner = typed_joiner(event)
        if joiner:
            event.stop()
            event.prevent_default()
            self.insert(joiner)
