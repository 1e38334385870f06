"""The line along the top of every screen: the app, the save state, the workshop."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class TitleBar(Widget):
    """The app's title and sub-title ("saved 10:42:01 · Springfield USD").

    It stands in for Textual's `Header`, which in Textual 8.2.8 crashed the
    app (`NoMatches: HeaderTitle`) when two keys in one read replaced its
    screen before the header had finished mounting, and stayed referenced by
    the app's title watcher after its screen had gone. This bar has no
    children and watches only the sub-title, the one part that changes.
    """

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        """Redraw whenever the save state or the workshop's name changes."""
        self.watch(self.app, "sub_title", self.redraw, init=False)

    def redraw(self) -> None:
        """Draw the bar again with the new sub-title."""
        self.refresh()

    def render(self) -> Content:
        """The title, then the sub-title dimmed, as Textual's header shows them."""
        return self.app.format_title(self.app.title, self.app.sub_title)
