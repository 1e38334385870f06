"""Base classes shared by the workshop's screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from readiness_tui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from readiness_tui.app import ReadinessApp
    from readiness_tui.content import Pack
    from readiness_tui.session import Workshop


class WorkshopScreen(Screen[None]):
    """A phase screen: typed access to the running workshop and its pack.

    Every such screen also carries the "enlarge the window" notice, which the
    app's CSS shows in place of the screen when the terminal is too small.
    """

    def on_mount(self) -> None:
        """Add the too-small notice (hidden until the terminal needs it).

        Textual runs this as well as a subclass's own `on_mount`: it calls the
        handler of every class in the hierarchy.
        """
        self.mount(TooSmall())

    def on_resize(self) -> None:
        """Give the focus back after the too-small notice took it away.

        Hiding the screen for the notice blurs the focused widget; without
        this, keys would do nothing once the window is large enough again.
        """
        self.call_after_refresh(self.restore_focus)

    def restore_focus(self) -> None:
        """Focus the screen's main control if nothing has the focus."""
        if self.focused is None and not (
            self.has_class("-too-narrow") or self.has_class("-too-short")
        ):
            self.focus_main()

    def focus_main(self) -> None:
        """Focus the control keys should go to; screens name their own."""
        self.focus_next()

    @property
    def readiness(self) -> ReadinessApp:
        """The app, typed."""
        return cast("ReadinessApp", self.app)

    @property
    def workshop(self) -> Workshop:
        """The workshop being run (always set once a phase screen is shown)."""
        workshop = self.readiness.workshop
        assert workshop is not None, "phase screens need a workshop"
        return workshop

    @property
    def pack(self) -> Pack:
        """The content pack the workshop runs on."""
        return self.readiness.pack


class PrivateScreen(WorkshopScreen):
    """A screen a member uses alone: no facilitator actions, no command palette.

    The neutral handoff and the ballot derive from this, so the app can refuse
    anything that could show another member's ratings while they are shown.
    """
