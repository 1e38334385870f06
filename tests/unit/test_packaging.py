"""The package as a user installs it: content inside, commands that work."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

from tests.conftest import ROOT


def test_wheel_carries_the_content_packs(tmp_path: Path) -> None:
    """`pip install .` must find the packs from any folder, so the wheel holds
    them inside the package."""
    (wheel,) = WheelBuilder(str(ROOT)).build(
        directory=str(tmp_path), versions=["standard"]
    )
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("pack.toml", "scenario.md", "activity.md"):
        assert f"readiness_tui/content/blended-learning/{name}" in names
    assert "readiness_tui/app.tcss" in names


def test_python_dash_m_runs_the_command_line() -> None:
    """`python -m readiness_tui` is the same command as `readiness-tui`."""
    result = subprocess.run(
        [sys.executable, "-m", "readiness_tui", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "usage: readiness-tui" in result.stdout
    assert "validate" in result.stdout


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    """CI must run exactly the test command the README gives."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert len(commands) >= 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest" in commands[1]
    assert commands[0].endswith("readiness-tui")
