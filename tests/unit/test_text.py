"""Hostile and unusual text: stored faithfully, or refused with a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from readiness_tui.content import Pack
from readiness_tui.session import Member, Policy, Workshop
from readiness_tui.storage import load, save
from readiness_tui.text import clean, has_controls

UNUSUAL = [
    "👩‍💻 Dana 🚀",  # Emoji with a zero-width joiner.
    "王小明",  # Wide CJK characters.
    "Zoë Ñúñez",  # Composed accents.
    "Zoe\u0308 Nu\u0303n\u0303ez",  # Combining marks.
    "مرحبا بالعالم",  # Right-to-left text.
    "[bold]not markup[/] & <b>not html</b>",
    "x" * 500,
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ana\x1b[31mRed\x1b[0m", "AnaRed"),
        ("a\x1b]0;new title\x07b", "ab"),
        ("a\x00b\x07c\x7fd\x9be", "abcde"),
        ("line one\nline two\r\nthree\tfour", "line one line two three four"),
        *((text, text) for text in UNUSUAL),
    ],
)
def test_clean_drops_controls_and_keeps_everything_else(
    raw: str, expected: str
) -> None:
    """Escape, NUL, bell, DEL and C1 controls go; scripts and symbols stay."""
    assert clean(raw) == expected


def test_clean_keeps_lines_in_multiline_text() -> None:
    """Notes keep their line breaks and tabs; CR LF becomes LF."""
    assert clean("a\r\nb\tc\x1b", multiline=True) == "a\nb\tc"


@pytest.mark.parametrize(
    ("bad", "code"),
    [("\x1b[2J", "U+001B"), ("\x00", "U+0000"), ("\x9b", "U+009B"), ("\r", "U+000D")],
)
def test_session_refuses_control_characters_with_a_message(bad: str, code: str) -> None:
    """A name read from a file with a control character is refused, naming it."""
    with pytest.raises(ValidationError) as error:
        Member(seat=1, name=f"Ana{bad}")
    assert f"holds the control character {code}" in str(error.value)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=200),
    notes=st.text(max_size=500),
    policy=st.text(min_size=1, max_size=200),
)
def test_any_cleaned_text_survives_the_session_file(
    tmp_path: Path, pack: Pack, name: str, notes: str, policy: str
) -> None:
    """Whatever is typed or pasted, once cleaned, is read back unchanged."""
    workshop = Workshop.begin(clean(name) or "x", pack)
    workshop.team.members = [Member(seat=1, name=clean(name))]
    workshop.decisions.notes = clean(notes, multiline=True)
    workshop.decisions.policies = [
        Policy(text=clean(policy, multiline=True), area="equal-access")
    ]
    workshop.start_round(["technology"])
    workshop.record_ballot(1, {"technology": 2}, [])
    workshop.reveal_open_round()
    workshop.set_agreed("technology", 2, clean(notes, multiline=True))
    path = tmp_path / "s.toml"
    save(workshop, path)
    assert load(path) == workshop


@pytest.mark.parametrize("text", UNUSUAL)
def test_unusual_text_round_trips_exactly(
    tmp_path: Path, pack: Pack, text: str
) -> None:
    """Emoji, CJK, combining marks, RTL and 500 characters are kept as typed."""
    workshop = Workshop.begin(text, pack)
    workshop.team.members = [Member(seat=1, name=text)]
    path = tmp_path / "s.toml"
    save(workshop, path)
    again = load(path)
    assert again.name == text
    assert again.team.members[0].name == text


@pytest.mark.parametrize(
    ("text", "cells"),
    [("Ana\u200d", 3), ("\u200d", 0), ("👩\u200d", 2), ("👩\u200d💻\u200d", 2)],
)
def test_text_ending_in_a_zero_width_joiner_measures_without_crashing(
    text: str, cells: int
) -> None:
    """Regression guard: Rich 14.3.0-14.3.1 raised StopIteration here, so a
    name ending in a zero-width joiner would have crashed any screen."""
    from rich.cells import cell_len

    assert cell_len(text) == cells


def test_has_controls_tells_a_cleaned_paste_from_line_breaks() -> None:
    """Line breaks and tabs are not worth a notice; ESC, NUL and BEL are."""
    assert not has_controls("Ana\r\nBen\tChen\rDee 👩‍👩‍👧 مرحبا")
    assert has_controls("Ana \x1b[31mRED")
    assert has_controls("Ana\x00")
    assert has_controls("\x07")
