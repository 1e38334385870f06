"""A radio button whose state shows as a symbol, not only as a colour."""

from __future__ import annotations

from textual.widgets import RadioButton


class MarkedRadioButton(RadioButton):
    """A `RadioButton` drawn ● when on and empty when off.

    Textual's radio button shows the same dot either way and tells them apart
    by colour, which is lost under NO_COLOR, in monochrome or on a washed-out
    projector.
    """

    def on_mount(self) -> None:
        """Draw the mark for the starting value."""
        self.BUTTON_INNER = "●" if self.value else " "

    def watch_value(self) -> None:
        """Redraw the mark, then let the radio button announce the change."""
        self.BUTTON_INNER = "●" if self.value else " "
        self.refresh()
        super().watch_value()
