"""One statement's ratings drawn as bars with their figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from readiness_tui.content import Scale
from readiness_tui.stats import Summary, figures, split_note

BAR = "█"
"""The block a bar is drawn with; its length, not its colour, carries the count."""


class Distribution(Static):
    """Bars of how many members chose each point, then n, median, mean, sd, range.

    Args:
        summary: The statement's figures.
        scale: The survey's scale, for the bar labels.
        names: Per point, who chose it; shown only for a named reveal.
        id: The widget's id.
    """

    DEFAULT_CSS = """
    Distribution {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(
        self,
        summary: Summary,
        scale: Scale,
        names: Mapping[int, Sequence[str]] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.summary = summary
        self.scale = scale
        self.names = names

    def on_mount(self) -> None:
        """Draw the bars once; a distribution never changes while shown."""
        self.update(render_distribution(self.summary, self.scale, self.names))


def render_distribution(
    summary: Summary, scale: Scale, names: Mapping[int, Sequence[str]] | None = None
) -> Group:
    """A Rich renderable of the bars and figures (also used by tests)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    widest = max(summary.counts.values(), default=0)
    unit = max(1, 16 // widest) if widest else 1
    for point, count in summary.counts.items():
        bar = Text(BAR * (count * unit), style="bold") if count else Text("·")
        bar.append(f" {count}")
        who = ", ".join(names.get(point, [])) if names else ""
        table.add_row(Text(scale.describe(point)), bar, Text(who, style="italic"))
    lines: list[Table | Text] = [table, Text(figures(summary))]
    note = split_note(summary, scale)
    if note:
        lines.append(Text(f"⚠ {note}", style="bold"))
    return Group(*lines)
