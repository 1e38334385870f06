"""The facilitator's own settings (for now the colour theme), kept between runs.

They live in one small TOML file in the platform's user config folder
(`~/.config/readiness-tui/settings.toml` on Linux). Reading it is cheap: only
`tomllib`, so it can happen before the first frame. Writing goes through the
same atomic write as session files. Plain Python; no Textual import.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir

from readiness_tui.tomlfile import loads_toml

APP_NAME = "readiness-tui"
"""The folder name used under the platform's config directory."""

FILE_NAME = "settings.toml"
"""The settings file's name inside that folder."""

MAX_BYTES = 64 * 1024
"""A settings file holds a line or two; anything larger is not ours."""


class PreferencesError(Exception):
    """A settings file that cannot be used, with a message naming it."""


@dataclass
class Preferences:
    """What the facilitator chose last time.

    Attributes:
        theme: The colour theme's name; None for Textual's default.
    """

    theme: str | None = None


def preferences_path(folder: Path | None = None) -> Path:
    """The settings file in `folder`, or in the platform's user config folder."""
    if folder is None:
        folder = Path(user_config_dir(APP_NAME, appauthor=False))
    return folder / FILE_NAME


def read_preferences(path: Path) -> Preferences:
    """Read the settings file; a missing file gives the defaults.

    The file is never changed by reading it.

    Raises:
        PreferencesError: The file cannot be read, is not TOML, is too large,
            or holds a key or value this release does not know.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Preferences()
    except OSError as error:
        raise PreferencesError(f"{path}: cannot be read ({error.strerror})") from None
    if len(data) > MAX_BYTES:
        raise PreferencesError(f"{path}: larger than 64 KB; expected a settings file")
    try:
        document = loads_toml(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PreferencesError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise PreferencesError(f"{path}: not valid TOML ({error})") from None
    unknown = sorted(set(document) - {"theme"})
    if unknown:
        raise PreferencesError(
            f"{path}: unknown key {unknown[0]!r}; expected only 'theme'"
        )
    theme = document.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise PreferencesError(f"{path}: 'theme' must be a theme's name in quotes")
    return Preferences(theme=theme)


def write_preferences(preferences: Preferences, path: Path) -> None:
    """Write the settings file atomically (mode 0600), creating its folder.

    Raises:
        OSError: The folder cannot be made or written to.
    """
    import tomli_w

    # Imported here: storage brings pydantic, which must not delay the first
    # frame, and writing only happens when the facilitator changes a setting.
    from readiness_tui.storage import write_atomic

    document = {} if preferences.theme is None else {"theme": preferences.theme}
    write_atomic(path, tomli_w.dumps(document).encode("utf-8"))
