"""The bar along the top of every workshop screen: the phases and the time run.

The current phase is marked with brackets and ▶ as well as reverse video, so
it reads the same under NO_COLOR, in monochrome or on a faded projector. The
time the workshop has run changes once a minute: the bar wakes at the next
minute boundary, never on a per-second interval, so an idle screen writes
nothing to the terminal between minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget

PHASES: tuple[tuple[str, str, str], ...] = (
    ("scenario", "Scenario", "Scen."),
    ("team", "Team", "Team"),
    ("rating", "Rating", "Rate"),
    ("reveal", "Reveal", "Rev."),
    ("reconcile", "Reconcile", "Rec."),
    ("decisions", "Decisions", "Dec."),
)
"""Each phase: the session file's step, its label, and a short label."""

Clock = Callable[[], dt.datetime]
"""Gives the current time, with its UTC offset."""


def local_now() -> dt.datetime:
    """The local time, with its UTC offset (the app's clock outside tests)."""
    return dt.datetime.now().astimezone()


def format_elapsed(seconds: float) -> str:
    """Hours and minutes, e.g. ``1:42``; days in front past 24 hours.

    Time before the start (a clock set back) counts as none.
    """
    minutes = max(0, int(seconds // 60))
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    clock = f"{hours}:{minutes:02d}"
    return f"{days}d {clock}" if days else clock


def seconds_to_next_minute(seconds: float) -> float:
    """How long until the elapsed time shows its next minute.

    A twentieth of a second is added so that the bar wakes just after the
    boundary, never just before it (which would draw the same time again).
    """
    return 60 - seconds % 60 + 0.05


def _phases(current: str | None, short: bool, separator: str) -> Text:
    """The phases in order, the current one in full and marked."""
    text = Text()
    steps = [step for step, _label, _short in PHASES]
    reached = steps.index(current) if current in steps else -1
    for index, (step, label, short_label) in enumerate(PHASES):
        if index:
            text.append(separator, style="dim")
        if step == current:
            text.append(f"[▶ {label}]", style="bold reverse")
        else:
            style = "dim" if index < reached else ""
            text.append(short_label if short else label, style=style)
    return text


def _current_only(current: str | None) -> Text:
    """The current phase alone with its position, for very narrow bars."""
    steps = [step for step, _label, _short in PHASES]
    if current not in steps:
        return Text("Phases: " + " ".join(short for _s, _l, short in PHASES))
    index = steps.index(current)
    label = PHASES[index][1]
    text = Text(f"Phase {index + 1} of {len(PHASES)} ")
    text.append(f"[▶ {label}]", style="bold reverse")
    return text


def phase_line(current: str | None, elapsed: str | None, width: int) -> Text:
    """The bar's text at `width` cells, shortened until it fits.

    Args:
        current: The current phase's step, or None before a workshop begins.
        elapsed: How long the workshop has run, e.g. ``1:42``; None for none.
        width: The cells available.

    Returns:
        The phases on the left, the time run on the right.
    """
    if elapsed is None:
        wide, narrow = "", ""
    else:
        wide, narrow = f"elapsed {elapsed}", elapsed
    candidates = [
        (_phases(current, False, " · "), wide),
        (_phases(current, True, " · "), narrow),
        (_phases(current, True, " "), narrow),
    ]
    left, right = _current_only(current), narrow
    for candidate, candidate_right in candidates:
        if candidate.cell_len + 2 + len(candidate_right) <= width:
            left, right = candidate, candidate_right
            break
    padding = max(2, width - left.cell_len - len(right))
    return Text.assemble(left, " " * padding, right)


class PhaseBar(Widget):
    """The workshop's phases with the current one marked, and the time run.

    Args:
        current: The current phase's step, or None (the start screen).
        started: When the workshop began; None to show no time.
        clock: Gives the current time (tests pass a controlled one).
    """

    def __init__(
        self, current: str | None, started: dt.datetime | None, clock: Clock
    ) -> None:
        super().__init__()
        self.current = current
        self.started = started
        self.clock = clock

    @property
    def elapsed_seconds(self) -> float | None:
        """Seconds since the workshop began, or None when there is none."""
        if self.started is None:
            return None
        # A hand-edited session may give a time without its UTC offset: read
        # it as local time rather than fail to subtract it.
        started = self.started.astimezone()
        return (self.clock().astimezone() - started).total_seconds()

    def render(self) -> Text:
        """The phases and the time run, shortened to the bar's width."""
        seconds = self.elapsed_seconds
        elapsed = None if seconds is None else format_elapsed(seconds)
        return phase_line(self.current, elapsed, self.content_size.width)

    def on_mount(self) -> None:
        """Start counting the minutes."""
        self.wait_for_next_minute()

    def wait_for_next_minute(self) -> None:
        """Wake once at the next minute boundary (the only output while idle)."""
        seconds = self.elapsed_seconds
        if seconds is not None:
            self.set_timer(seconds_to_next_minute(seconds), self.tick)

    def tick(self) -> None:
        """Show the new minute and wait for the next one."""
        self.refresh()
        self.wait_for_next_minute()
