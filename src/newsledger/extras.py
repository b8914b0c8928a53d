"""The optional parts of newsledger and the extra that installs each (pyproject.toml):
`pip install newsledger` gives the core; the web app, PostgreSQL, Parquet and Spark come with
`newsledger[web]`, `[postgres]`, `[parquet]`, `[spark]`. A command that needs a missing one
says which extra to install instead of failing on an import."""
from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtra(RuntimeError):
    """An optional dependency is not installed; the message names the extra."""


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import `module`, or raise MissingExtra naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(f"{purpose} needs the optional package {module.split('.')[0]!r}: "
                           f"pip install 'newsledger[{extra}]'") from exc
