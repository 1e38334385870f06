"""Nothing heavy stands in front of the first frame."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_the_app_and_its_loading_screen_import_no_pydantic() -> None:
    """The command line, the app and the loading screen are all that run
    before the first frame; pydantic and the core load afterwards, in a worker."""
    code = (
        "import sys\n"
        "import readiness_tui.cli, readiness_tui.app, readiness_tui.screens.loading\n"
        "import readiness_tui.screens.start\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'\n"
        "    or m in {'readiness_tui.content', 'readiness_tui.session',\n"
        "             'readiness_tui.storage', 'readiness_tui.startup'})\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_reading_the_remembered_theme_imports_no_pydantic(tmp_path: Path) -> None:
    """The app reads the settings file as it is built, before the first frame:
    with tomllib alone, never through the session's storage module."""
    (tmp_path / "settings.toml").write_text('theme = "projector"\n', encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from readiness_tui.app import Settings, create_app\n"
        f"app = create_app(Settings(config_dir=Path({str(tmp_path)!r})))\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'\n"
        "    or m in {'readiness_tui.storage', 'readiness_tui.session'})\n"
        "print(app.theme, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "projector []"
