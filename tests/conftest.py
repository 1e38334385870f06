"""Shared fixtures: the real content pack and apps whose files stay in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness_tui.app import ReadinessApp, Settings, create_app
from readiness_tui.content import Pack, load_pack

ROOT = Path(__file__).resolve().parents[1]
"""The repository's top folder."""

SEED_PACK = ROOT / "content" / "blended-learning"
"""The district readiness pack, as shipped."""

DATA = Path(__file__).resolve().parent / "data"
"""Test data, including the deliberately broken packs and sessions."""


@pytest.fixture(autouse=True)
def _no_real_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real data and settings folders."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture(scope="session")
def pack() -> Pack:
    """The real district readiness pack."""
    return load_pack(SEED_PACK)


@pytest.fixture
def session_dir(tmp_path: Path) -> Path:
    """Where the app under test keeps its sessions."""
    return tmp_path / "sessions"


@pytest.fixture
def make_app(pack: Pack, session_dir: Path):  # type: ignore[no-untyped-def]
    """Build an app on the real pack whose files go to `session_dir`."""

    def make(**overrides: object) -> ReadinessApp:
        # Pilot presses keys at once; the handoff's pause for double taps is
        # tested on its own (test_found_by_testing).
        settings = Settings(packs=[pack], session_dir=session_dir, handoff_settle=0)
        for key, value in overrides.items():
            setattr(settings, key, value)
        return create_app(settings)

    return make
