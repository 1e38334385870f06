"""The keys a screen offers, in words: for the `?` help and the command palette.

Both read `Screen.active_bindings`, which asks each binding's `check_action`:
what a screen has switched off (a facilitator's action on a member's ballot,
say, or the palette while a member has the keyboard) is never listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen


@dataclass
class KeyRow:
    """One line of the help: a key (or a run of digits) and what it does.

    Attributes:
        keys: The key as the footer shows it, e.g. ``esc``, ``^q``, ``1–4``.
        description: What it does, as a sentence or a short label.
        action: The action it runs (its namespace left out).
        layer: 0 for the screen's own keys, 1 for the focused control's,
            2 for the app's; the help lists them in that order.
    """

    keys: str
    description: str
    action: str
    layer: int


def action_name(action: str) -> str:
    """The action without its parameters or namespace: ``page(1)`` -> ``page``."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def action_doc(node: object, action: str) -> str:
    """The first line of the docstring of the method an action runs on `node`."""
    method = getattr(node, f"action_{action_name(action)}", None)
    doc = (getattr(method, "__doc__", None) or "").strip()
    return doc.splitlines()[0] if doc else ""


def own_actions(node: object) -> set[str]:
    """The actions bound by readiness-tui's own classes of `node` (not Textual's)."""
    return {
        binding.action
        for cls in type(node).__mro__
        if cls.__module__.startswith("readiness_tui.")
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding)
    }


def describe(active: ActiveBinding) -> str:
    """What a binding does: its tooltip, its description, else its action's
    docstring; "" when none of them says."""
    binding = active.binding
    return (
        binding.tooltip
        or binding.description
        or action_doc(active.node, binding.action)
    )


def key_rows(screen: Screen[object]) -> list[KeyRow]:
    """Every enabled key of `screen` with what it does: the screen's own,
    then the focused control's, then the app's.

    Keys bound without any words (Textual's Ctrl+C) or that do nothing
    useful here are left out. Digits bound to the same action with the same
    words become one row, ``1–4``.
    """
    app = screen.app
    rows: list[KeyRow] = []
    for key, active in screen.active_bindings.items():
        description = describe(active)
        if not active.enabled or not description or not _useful(key, active, screen):
            continue
        layer = 0 if active.node is screen else 2 if active.node is app else 1
        binding = active.binding
        rows.append(
            KeyRow(app.get_key_display(binding), description, binding.action, layer)
        )
    rows.sort(key=lambda row: row.layer)
    return _join_digits(rows)


def _useful(key: str, active: ActiveBinding, screen: Screen[object]) -> bool:
    """False for Textual's keys that do nothing useful here: copying a mouse
    selection, macOS's Command key, and Tab where there is nothing to move to."""
    action = active.binding.action
    if action.endswith("copy_text") or key.startswith("super+"):
        return False
    if action in {"app.focus_next", "app.focus_previous"}:
        return len(screen.focus_chain) > 1
    return True


def _join_digits(rows: list[KeyRow]) -> list[KeyRow]:
    """Fold digit keys with the same action and words into the first one's row."""
    joined: list[KeyRow] = []
    first: dict[tuple[str, str, int], KeyRow] = {}
    numbers: dict[tuple[str, str, int], list[int]] = {}
    for row in rows:
        if len(row.keys) == 1 and row.keys.isdigit():
            words = _without_digit(row.description)
            group = (action_name(row.action), words, row.layer)
            if group in first:
                numbers[group].append(int(row.keys))
                continue
            first[group], numbers[group] = row, [int(row.keys)]
        joined.append(row)
    for group, row in first.items():
        if len(numbers[group]) > 1:
            row.keys = _digit_range(numbers[group])
            row.description = group[1]
    return joined


def _without_digit(description: str) -> str:
    """The words of a digit key with its own digit left out ("Pick 3" -> "Pick")."""
    return re.sub(r"\s*\b\d\b\s*", " ", description).strip()


def _digit_range(numbers: list[int]) -> str:
    """``1–4`` for a run of digits, ``1, 3, 5`` otherwise."""
    ordered = sorted(numbers)
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(number) for number in ordered)
