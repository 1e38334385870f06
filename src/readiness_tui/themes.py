"""The colour themes readiness-tui adds to Textual's own."""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

PROJECTOR = Theme(
    name="projector",
    # Black on white with dark, saturated accents: legible on a washed-out
    # projector in a lit room, where dark themes turn to grey mush.
    primary="#003d99",
    secondary="#1a1a1a",
    accent="#8a0050",
    warning="#8a4400",
    error="#b00020",
    success="#00632b",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#d9d9d9",
    dark=False,
    luminosity_spread=0.1,
    text_alpha=1.0,
)
"""A light, high-contrast theme for a room that watches a projected screen."""

THEMES = [PROJECTOR]
"""The themes registered with the app besides Textual's."""


def theme_names() -> list[str]:
    """Every theme the app offers, Textual's and ours, sorted by name."""
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in THEMES)})
