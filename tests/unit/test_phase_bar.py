"""The phase bar's text: phases in order, the current one marked, time run."""

from __future__ import annotations

import pytest

from readiness_tui.session import Step
from readiness_tui.widgets.phase_bar import (
    PHASES,
    format_elapsed,
    phase_line,
    seconds_to_next_minute,
)


def test_the_bar_lists_the_session_files_steps_in_order() -> None:
    """A phase added to the workshop must be added to the bar too."""
    assert [step for step, _label, _short in PHASES] == [str(s) for s in Step]


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (59.9, "0:00"),
        (60, "0:01"),
        (102 * 60 + 5, "1:42"),
        (26 * 3600 + 5 * 60, "1d 2:05"),
        (-90, "0:00"),  # A clock set back shows no time, not a negative one.
    ],
)
def test_elapsed_time_is_hours_and_minutes(seconds: float, shown: str) -> None:
    assert format_elapsed(seconds) == shown


def test_the_bar_wakes_just_after_the_next_minute() -> None:
    """Once a minute, never every second: the only output on an idle screen."""
    assert seconds_to_next_minute(102 * 60 + 20) == pytest.approx(40.05)
    assert seconds_to_next_minute(120) == pytest.approx(60.05)


@pytest.mark.parametrize("step", [step for step, _label, _short in PHASES])
@pytest.mark.parametrize("width", [78, 58, 48])
def test_every_phase_is_marked_in_text_at_every_width(step: str, width: int) -> None:
    """80x24, 60x20 and the 50x16 minimum (less the bar's padding): the
    current phase keeps its full name in brackets with ▶, and the time shows."""
    label = next(label for s, label, _short in PHASES if s == step)
    text = phase_line(step, "1:42", width).plain
    assert f"[▶ {label}]" in text
    assert text.endswith("1:42")
    assert len(text) == width
    assert text.count("▶") == 1


def test_wide_bar_names_every_phase_and_says_elapsed() -> None:
    text = phase_line("reconcile", "1:42", 78).plain
    assert text.startswith("Scenario · Team · Rating · Reveal · [▶ Reconcile] · ")
    assert text.endswith("elapsed 1:42")


def test_narrow_bar_shortens_the_other_phases() -> None:
    assert phase_line("reconcile", "1:42", 48).plain.split() == [
        "Scen.",
        "Team",
        "Rate",
        "Rev.",
        "[▶",
        "Reconcile]",
        "Dec.",
        "1:42",
    ]


def test_before_a_workshop_no_phase_is_marked_and_no_time_shown() -> None:
    text = phase_line(None, None, 78).plain
    assert "▶" not in text and "elapsed" not in text
    assert text.startswith("Scenario · Team · Rating")
