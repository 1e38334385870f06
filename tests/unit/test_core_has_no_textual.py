"""The core stays plain Python: importing it never loads Textual."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = [
    "content",
    "session",
    "stats",
    "storage",
    "report",
    "aggregate",
    "preferences",
    "timer",
    "tomlfile",
]
"""The modules a report or another front end may use without a terminal."""

SCRIPT = """
import json, sys
{imports}
print(json.dumps({{
    "textual": "textual" in sys.modules,
    "textual_modules": sorted(m for m in sys.modules if m.startswith("textual.")),
    "loaded": sorted(m for m in sys.modules if m.startswith("readiness_tui.")),
}}))
"""


def test_core_modules_do_not_import_textual() -> None:
    imports = "\n".join(f"import readiness_tui.{name}" for name in CORE)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(imports=imports)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)
    assert found["textual"] is False
    assert found["textual_modules"] == []
    assert {f"readiness_tui.{name}" for name in CORE} <= set(found["loaded"])
