"""Radio buttons whose state shows as a symbol, in a set that opens on the choice."""

from __future__ import annotations

from textual.widgets import RadioButton, RadioSet


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


class ChosenRadioSet(RadioSet):
    """A `RadioSet` whose keyboard highlight starts on the button already on.

    Textual's set always starts its highlight on the first button, so after a
    resume Enter (or an arrow, then Enter) could replace a saved choice with a
    neighbour of the first option rather than of the one chosen.
    """

    def on_mount(self) -> None:
        """Move the highlight to the pressed button once the set has mounted.

        Textual (8.2.8) calls this before `RadioSet`'s own mount handler,
        which finds the pressed button and highlights the first one; so the
        move waits until that handler has run.
        """
        self.call_next(self.highlight_pressed)

    def highlight_pressed(self) -> None:
        """Step the highlight from the first button to the pressed one.

        Uses only the set's public next-button action; it starts from the
        first button, which is right while no button here is disabled.
        """
        for _ in range(max(self.pressed_index, 0)):
            self.action_next_button()
