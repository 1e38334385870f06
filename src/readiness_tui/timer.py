"""The reconcile discussion timer, apart from any clock or screen.

A `Stopwatch` measures running time against clock readings it is handed, so
tests drive it with made-up times and the screen with `time.monotonic`. The
time itself is kept in the session (`session.Discussed`), where the countdown
is worked out from. Plain Python; no Textual import.
"""

from __future__ import annotations

from dataclasses import dataclass


def clock_text(seconds: int) -> str:
    """Seconds as minutes and seconds, e.g. ``6:12`` (``65:00`` past an hour)."""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{minutes}:{rest:02d}"


def countdown_text(remaining: int, *, running: bool, discussed: int) -> str:
    """The timer's line on the reconcile screen.

    Args:
        remaining: Seconds left on the countdown; zero or less once time is up.
        running: Whether the timer is counting.
        discussed: Seconds the statement has been discussed, over every visit.

    Returns:
        E.g. ``Timer 4:32 left · running · discussed 0:28``, or ``Time is up:
        1:05 over · paused · discussed 6:05``.
    """
    state = "running" if running else "paused"
    if remaining > 0:
        shown = f"Timer {clock_text(remaining)} left"
    elif remaining == 0:
        shown = "Time is up"
    else:
        shown = f"Time is up: {clock_text(remaining)} over"
    return f"{shown} · {state} · discussed {clock_text(discussed)}"


@dataclass
class Stopwatch:
    """Running time in whole seconds, measured between the clock readings given.

    `take` hands over the whole seconds run since the last `start` or `take`
    and keeps the fraction for next time, so time added up piecemeal never
    drifts from the clock.
    """

    mark: float | None = None
    """The clock reading from which running time is still to be taken, or
    None while stopped."""

    @property
    def running(self) -> bool:
        """True between `start` and `stop`."""
        return self.mark is not None

    def start(self, now: float) -> None:
        """Start counting from `now` (no change if already running)."""
        if self.mark is None:
            self.mark = now

    def take(self, now: float) -> int:
        """Whole seconds run since the last start or take; 0 while stopped."""
        if self.mark is None:
            return 0
        whole = max(0, int(now - self.mark))
        self.mark += whole
        return whole

    def stop(self, now: float) -> int:
        """Stop counting; the seconds run since the last start or take, rounded."""
        if self.mark is None:
            return 0
        seconds = max(0, round(now - self.mark))
        self.mark = None
        return seconds
