"""The settings file: read cheaply, written atomically, a broken one named."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from readiness_tui.preferences import (
    Preferences,
    PreferencesError,
    preferences_path,
    read_preferences,
    write_preferences,
)


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert read_preferences(tmp_path / "settings.toml") == Preferences()


def test_the_file_is_in_the_config_folder_given_or_the_platforms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert preferences_path(tmp_path) == tmp_path / "settings.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert preferences_path() == tmp_path / "xdg" / "readiness-tui" / "settings.toml"


def test_written_settings_read_back_and_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "settings.toml"
    write_preferences(Preferences(theme="projector"), path)
    assert path.read_text(encoding="utf-8") == 'theme = "projector"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_preferences(path) == Preferences(theme="projector")
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'theme = "projector', "not valid TOML"),
        (b'colour = "red"\n', "unknown key 'colour'; expected only 'theme'"),
        (b"theme = 3\n", "'theme' must be a theme's name in quotes"),
        (b'theme = "\xff"\n', "not UTF-8 text"),
        (b"# padding\n" * 7000, "larger than 64 KB; expected a settings file"),
    ],
)
def test_a_broken_file_is_named_with_its_problem_and_left_alone(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    with pytest.raises(PreferencesError) as error:
        read_preferences(path)
    assert str(error.value).startswith(f"{path}: {problem}")
    assert path.read_bytes() == content
