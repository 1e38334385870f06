"""The command palette's list of the facilitator's actions on the current screen.

Each action bound to a key on the screen is offered under the words the
footer shows for it, with its key. What the screen has switched off is not
offered, and nothing at all while a member has the keyboard (the app refuses
the palette then too).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from readiness_tui.keys import action_doc, own_actions
from readiness_tui.screens.base import PrivateScreen


class ScreenActions(Provider):
    """The screen's own key actions, found by name in the palette."""

    def actions(self) -> list[tuple[str, str, str]]:
        """(name, help, action) for each enabled action the screen binds itself."""
        screen = self.screen
        if any(isinstance(s, PrivateScreen) for s in self.app.screen_stack):
            return []
        own = own_actions(screen)
        found: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if active.node is not screen or not active.enabled:
                continue
            if binding.action not in own:
                continue  # Textual's own screen keys: Tab, copying text.
            if not binding.description or binding.action in seen:
                continue
            action = binding.action
            seen.add(action)
            key = self.app.get_key_display(binding)
            sentence = binding.tooltip or action_doc(screen, binding.action)
            found.append((binding.description, f"{sentence} Key: {key}", action))
        return found

    def command(self, action: str) -> Callable[[], Awaitable[None]]:
        """Run `action` on the screen the palette was opened from.

        `run_action` asks the screen's `check_action` again, so an action
        switched off meanwhile does nothing.
        """
        return partial(self.screen.run_action, action)

    async def discover(self) -> Hits:
        """All the screen's actions, listed when the palette opens."""
        for name, help_text, action in self.actions():
            yield DiscoveryHit(name, self.command(action), help=help_text)

    async def search(self, query: str) -> Hits:
        """The screen's actions whose names match what was typed."""
        matcher = self.matcher(query)
        for name, help_text, action in self.actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    self.command(action),
                    text=name,
                    help=help_text,
                )
