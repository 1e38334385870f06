"""A keyboard picker for one answer on the survey's scale."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from readiness_tui.content import Scale

DONT_KNOW = -1
"""The picker's value for "don't know" (scales never go below 0)."""


CHOICE_BINDINGS = [
    # Accept the current choice.
    Binding("enter", "choose", "Choose", show=False),
    # Answer "don't know" (only where the picker offers it).
    Binding("d", "dont_know", "Don't know"),
    # A digit picks that point and accepts it (digits off the scale do nothing).
    *(
        Binding(
            str(digit),
            f"pick({digit})",
            f"Pick {digit}",
            show=False,
            tooltip="Pick that point on the scale and go on",
        )
        for digit in range(10)
    ),
]
"""Keys every picker takes: Enter, `d` and the digits."""


class ScalePicker(Widget, can_focus=True):
    """Pick a point on the scale with a digit or the arrows.

    A digit picks that point and posts `Chosen` at once. The arrows move a
    cursor (marked ›, and reversed while the picker has the focus) without
    changing the answer, and post `Changed`; Enter takes the point under the
    cursor and posts `Chosen`. The answer is marked (●), so it reads without
    colour and is never confused with where the cursor rests.

    Args:
        scale: The scale to pick from.
        value: The starting choice: a point, `DONT_KNOW`, or None for none.
        dont_know: Whether "don't know" is offered (key `d`).
        vertical: One option a line (the ballot) or all on one line.
    """

    DEFAULT_CSS = """
    ScalePicker {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    ScalePicker:focus {
        background-tint: $foreground 5%;
    }
    """

    BINDINGS = [
        # Move the choice one option up the list.
        Binding("up", "move(-1)", "Lower", show=False),
        # Move the choice one option down the list.
        Binding("down", "move(1)", "Higher", show=False),
        *CHOICE_BINDINGS,
    ]

    value: reactive[int | None] = reactive(None, repaint=False)
    """The answer: a point on the scale, `DONT_KNOW`, or None.
    (`watch_value` redraws just the lines that change.)"""

    cursor: reactive[int | None] = reactive(None, repaint=False)
    """Where the arrows rest; Enter makes it the answer. Follows the answer."""

    class Changed(Message):
        """The cursor moved (arrows); the answer is unchanged until Enter."""

        def __init__(self, picker: ScalePicker, value: int | None) -> None:
            self.picker = picker
            """The picker that changed."""
            self.value = value
            """Where the cursor now rests."""
            super().__init__()

        @property
        def control(self) -> ScalePicker:
            """The picker, so handlers can match it with `@on(..., "#id")`."""
            return self.picker

    class Chosen(Message):
        """A choice was accepted with a digit, `d` or Enter."""

        def __init__(self, picker: ScalePicker, value: int) -> None:
            self.picker = picker
            """The picker that was used."""
            self.value = value
            """The accepted choice: a point or `DONT_KNOW`."""
            super().__init__()

        @property
        def control(self) -> ScalePicker:
            """The picker, so handlers can match it with `@on(..., "#id")`."""
            return self.picker

    def __init__(
        self,
        scale: Scale,
        value: int | None = None,
        *,
        dont_know: bool = False,
        vertical: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.scale = scale
        self.offers_dont_know = dont_know
        self.vertical = vertical
        self.options: list[int] = [*scale.points] + ([DONT_KNOW] if dont_know else [])
        self.set_reactive(ScalePicker.value, value)
        self.set_reactive(ScalePicker.cursor, value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Take only the keys that fit this picker; others go to the screen.

        Digits outside the scale and `d` where "don't know" is not offered
        are left for the screen to use.
        """
        if action == "pick":
            return parameters[0] in self.scale.points
        if action == "dont_know":
            return self.offers_dont_know
        return True

    def label(self, value: int) -> str:
        """The words for an option, e.g. ``4 Absolutely`` or ``d Don't know``."""
        if value == DONT_KNOW:
            return "d Don't know"
        return self.scale.describe(value)

    def render(self) -> Text:
        """Draw the options: the answer marked (●), the cursor › and reversed."""
        text = Text()
        separator = "\n" if self.vertical else "  "
        for index, option in enumerate(self.options):
            if index:
                text.append(separator)
            chosen = option == self.value
            pointed = option == self.cursor and self.has_focus
            mark = "(●)" if chosen else "( )"
            style = "reverse" if pointed else ""
            if chosen:
                style += " bold"
            text.append(f"{'›' if pointed else ' '}{mark} {self.label(option)}", style)
        return text

    def watch_value(self, old: int | None, new: int | None) -> None:
        """Bring the cursor to the new answer; redraw the options that changed."""
        self.cursor = new
        self.redraw(old, new)

    def watch_cursor(self, old: int | None, new: int | None) -> None:
        """Redraw the options the cursor left and reached."""
        self.redraw(old, new)

    def redraw(self, *values: int | None) -> None:
        """Redraw only the options for `values`.

        On the ballot that is two lines rather than the whole list: a rating
        keypress then costs a slow SSH link a few hundred bytes less.
        """
        if not self.vertical:
            self.refresh()
            return
        width = self.content_size.width
        lines = [
            Region(0, self.options.index(value), width, 1)
            for value in set(values)
            if value in self.options
        ]
        if lines:
            self.refresh(*lines)

    def action_move(self, step: int) -> None:
        """Move the cursor through the options; the answer stays as it was."""
        if self.cursor is None:
            index = 0 if step > 0 else len(self.options) - 1
        else:
            index = self.options.index(self.cursor) + step
            index = max(0, min(len(self.options) - 1, index))
        self.cursor = self.options[index]
        self.post_message(self.Changed(self, self.cursor))

    def action_pick(self, point: int) -> None:
        """Choose a point and accept it."""
        self.value = point
        self.post_message(self.Chosen(self, point))

    def action_dont_know(self) -> None:
        """Choose "don't know" and accept it."""
        self.value = DONT_KNOW
        self.post_message(self.Chosen(self, DONT_KNOW))

    def action_choose(self) -> None:
        """Make the point under the cursor the answer, and accept it."""
        if self.cursor is not None:
            self.value = self.cursor
            self.post_message(self.Chosen(self, self.cursor))

    def on_focus(self) -> None:
        """Redraw: the choice is shown stronger while the picker has focus."""
        self.refresh()

    def on_blur(self) -> None:
        """Redraw without the focus highlight."""
        self.refresh()


class ScaleBar(ScalePicker, inherit_bindings=False):
    """A `ScalePicker` laid out on one line, moved with ←/→ instead of ↑/↓.

    ↑/↓ are left to the screen, since on one line they would move sideways.
    """

    BINDINGS = [
        # Move the choice one point to the left (lower).
        Binding("left", "move(-1)", "Lower", show=False),
        # Move the choice one point to the right (higher).
        Binding("right", "move(1)", "Higher", show=False),
        *CHOICE_BINDINGS,
    ]

    def __init__(
        self, scale: Scale, value: int | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(scale, value, vertical=False, id=id)
