"""Base classes shared by the workshop's screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from readiness_tui.widgets.phase_bar import PhaseBar
from readiness_tui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from readiness_tui.app import ReadinessApp
    from readiness_tui.content import Pack
    from readiness_tui.session import Workshop


class WorkshopScreen(Screen[None]):
    """A phase screen: typed access to the running workshop and its pack.

    Every such screen also carries the phase bar under the header (added
    here, so no screen composes its own) and the "enlarge the window" notice,
    which the app's CSS shows in place of the screen when the terminal is too
    small.
    """

    def on_mount(self) -> None:
        """Add the phase bar above the screen's content, and the too-small notice.

        Textual runs this as well as a subclass's own `on_mount`: it calls the
        handler of every class in the hierarchy.
        """
        if not self.is_attached:
            return  # Replaced (or the app quit) before it was ever shown.
        workshop = self.readiness.workshop
        phase = self.current_phase()
        started = workshop.created if workshop is not None and phase else None
        clock = self.readiness.settings.clock
        # First among the children: the header is docked, so the bar is laid
        # out on the row below it, above the screen's own content.
        self.mount(PhaseBar(phase, started, clock), before=0)
        self.mount(TooSmall())
        if self.readiness.read_only:
            self.call_after_refresh(self.lock_fields)

    CHANGES: frozenset[str] = frozenset()
    """The screen's actions that change the workshop: off in a read-only copy."""

    def lock_fields(self) -> None:
        """In a read-only copy, make every field and choice look and act fixed.

        Nothing typed there could be saved, and Ctrl+Q would drop it unasked.
        """
        for field in self.query("Input, TextArea, RadioSet, ScalePicker, Button"):
            field.disabled = True
        if self.focused is None:
            self.focus_next()  # A scrolling area, so the arrows still read.

    def changes_refused(self, action: str) -> bool:
        """True if `action` would change the workshop and this copy is read-only."""
        return self.readiness.read_only and action in self.CHANGES

    def current_phase(self) -> str | None:
        """The phase the bar marks: the workshop's step (None before one begins)."""
        workshop = self.readiness.workshop
        return None if workshop is None else str(workshop.step)

    def on_resize(self) -> None:
        """Give the focus back after the too-small notice took it away.

        Hiding the screen for the notice blurs the focused widget; without
        this, keys would do nothing once the window is large enough again.
        """
        self.call_after_refresh(self.restore_focus)

    def restore_focus(self) -> None:
        """Focus the screen's main control if nothing has the focus."""
        if self.focused is None and not self.too_small:
            self.focus_main()

    @property
    def too_small(self) -> bool:
        """True while the window is too small and the notice hides the screen."""
        return self.has_class("-too-narrow") or self.has_class("-too-short")

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
