"""Reading TOML text: `tomllib`, with deep nesting reported rather than crashing.

Light on purpose (the standard library only): the settings file is read
with it before the first frame.
"""

from __future__ import annotations

import tomllib
from typing import Any


def loads_toml(source: str) -> dict[str, Any]:
    """Parse TOML like `tomllib.loads`, with deep nesting as a TOML error.

    A kilobyte of ``[[[[...`` exhausts Python's stack inside tomllib; it is
    reported like any other unreadable TOML rather than as a crash.

    Raises:
        tomllib.TOMLDecodeError: The text is not TOML this reader can take.
    """
    try:
        return tomllib.loads(source)
    except RecursionError:
        raise tomllib.TOMLDecodeError(
            "arrays or tables nested too deeply to read; expected a few levels"
        ) from None
