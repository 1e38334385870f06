"""Keys (and pastes) handled one at a time, in order, each by the screen it was for.

A slow SSH link, a paste of keys or a quick typist delivers several keys in one
read. Textual hands each key to the focused widget as soon as it is read, so
in "Enter, A, n, a" the letters reach the old screen's widget before Enter has
replaced that screen: they are lost. Likewise keys that reach a new screen
before its text field has the focus go nowhere.

`KeyOrder` holds each key until the key before it has been handled all the way
up (the focused widget, its containers, the screen, then the app's bindings)
and until the screen in front has been drawn once with its focus in place.
Only then does the next key go out, so every key lands where it would have
landed had the person typed slowly.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.timer import Timer

Typed = events.Key | events.Paste
"""What is ordered: keys, and pastes, which must not overtake the keys
typed before them (a name pasted straight after Enter on the scenario)."""

STUCK_AFTER = 1.0
"""Seconds after which a key still not handled stops holding the others up.

Only a key whose path was torn down mid-way (its screen closed under it)
could take this long; it is a safety net, never the normal route.
"""


class KeyOrder:
    """Lets the app's keys through one at a time; see the module's docstring.

    The app calls `intercept` for every key it reads and handles the key only
    when that returns False. A held key comes back later as a fresh key event
    posted to the app, which `intercept` recognises as its turn.

    Args:
        app: The app whose keys are ordered.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: deque[Typed] = deque()
        """Keys read but not yet handed on, oldest first."""
        self.turn: Typed | None = None
        """The waiting key posted back to the app for its turn."""
        self.handling: Typed | None = None
        """The key handed on whose handling has not finished."""
        self.ready_screen: Screen[Any] | None = None
        """The screen seen drawn with its focus in place since it came to front."""
        self.asked: WeakSet[Screen[Any]] = WeakSet()
        """Screens asked to say when they have been drawn."""
        self.watchdog: Timer | None = None
        """The safety-net timer (`STUCK_AFTER`) while keys are held."""
        self.watching_screens = False
        """True once `screen_changed` hears of every change of screen."""

    def intercept(self, key: Typed) -> bool:
        """True if `key` must wait; False if the app should handle it now."""
        if not self.watching_screens:
            self.watching_screens = True
            self.app.screen_change_signal.subscribe(
                self.app, self.screen_changed, immediate=True
            )
        if key is self.turn:
            self.turn = None
            if not self.screen_ready():
                # The screen changed after the turn was given (Textual swaps
                # screens a moment after the action asks): wait for the new one.
                self.waiting.appendleft(key)
                return True
        elif (
            self.handling is not None
            or self.turn is not None
            or self.waiting
            or not self.screen_ready()
        ):
            self.waiting.append(key)
            if self.watchdog is None:
                self.arm_watchdog()
            return True
        self.handling = key
        self.arm_watchdog()
        self.follow(key)
        return False

    def screen_ready(self) -> bool:
        """True once the screen in front has been drawn since it came to front."""
        try:
            screen = self.app.screen
        except Exception:  # No screen yet, or the app is closing.
            return True
        if screen is self.ready_screen:
            return True
        if screen not in self.asked:
            self.asked.add(screen)
            # Runs after the screen's mount handlers and first refresh, by
            # which time any focus it sets has been queued ahead of our keys.
            screen.call_after_refresh(self.screen_drawn, screen)
        return False

    def screen_drawn(self, screen: Screen[Any]) -> None:
        """`screen` has been drawn: if it is still in front, let keys reach it."""
        if not screen.is_mounted and screen.is_running:
            # Idle between composing and mounting: its focus is not set yet.
            screen.call_after_refresh(self.screen_drawn, screen)
            return
        self.asked.discard(screen)
        try:
            front = self.app.screen
        except Exception:
            front = None
        if front is screen:
            self.ready_screen = screen
        self.release()

    def follow(self, key: Typed) -> None:
        """Call `finished` once `key` has been through every handler it meets.

        A key goes to the focused widget (or the screen) and bubbles up to
        the app, where the bindings run. A callback queued at each of those
        in turn, behind the key, runs only after that one has handled it.
        """
        try:
            target: DOMNode = self.app.focused or self.app.screen
        except Exception:
            self.finished(key)
            return
        self.hop(list(target.ancestors_with_self), key)

    def hop(self, path: list[DOMNode], key: Typed) -> None:
        """Queue the next step of `follow` behind `key` at the first of `path`."""
        while path:
            node = path.pop(0)
            if node.call_later(self.hop, path, key):
                return
            # That node has closed: the key cannot be waiting there.
        self.finished(key)

    def screen_changed(self, screen: Screen[Any]) -> None:
        """A key (or anything else) brought another screen to the front.

        The key being handled has done its work on the old screen, and the
        rest of its path may be closing with it (a dialog dismissed by Enter),
        so `follow` might never finish: hand on the next key, which waits for
        the new screen to be drawn.
        """
        if self.handling is not None:
            self.handling = None
            self.release()

    def finished(self, key: Typed) -> None:
        """`key` has been handled: hand on the next one."""
        if self.handling is key:
            self.handling = None
            self.release()

    def release(self) -> None:
        """Post the oldest waiting key back to the app, if its turn has come."""
        if self.handling is not None or self.turn is not None:
            return
        if not self.waiting:
            self.disarm_watchdog()
            return
        if not self.screen_ready():
            return
        held = self.waiting.popleft()
        self.turn = (
            events.Key(held.key, held.character)
            if isinstance(held, events.Key)
            else events.Paste(held.text)
        )
        self.app.post_message(self.turn)

    def arm_watchdog(self) -> None:
        """(Re)start the safety net for a key that never finishes."""
        self.disarm_watchdog()
        self.watchdog = self.app.set_timer(STUCK_AFTER, self.unstick, name="KeyOrder")

    def disarm_watchdog(self) -> None:
        """Stop the safety net: nothing is waiting."""
        if self.watchdog is not None:
            self.watchdog.stop()
            self.watchdog = None

    def unstick(self) -> None:
        """A key took too long: stop waiting for it and hand on the rest.

        A key given its turn that never came back (it cannot, in any path
        known) is given up too, rather than leave the keyboard dead.
        """
        self.watchdog = None
        self.handling = None
        self.turn = None
        try:
            self.ready_screen = self.app.screen
        except Exception:
            self.ready_screen = None
        self.release()
