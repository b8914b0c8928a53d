"""The knowledge base as data: gazetteer, ontology, furniture patterns, cue lexicons.

Files live beside this module; `knowledge_path("gazetteer", "countries.yaml")` finds one and
`load_yaml("gazetteer/countries.yaml")` (or an absolute path) reads it. Nothing here is Python
lists of names: edit the YAML.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent


def knowledge_path(*parts: str) -> Path:
    """Path of a bundled knowledge file or folder (`knowledge_path("gazetteer")`)."""
    return KNOWLEDGE_DIR.joinpath(*parts)


def load_yaml(name: str | Path) -> Any:
    """A YAML file as Python data: `name` relative to the knowledge folder, or any path.
    Bundled files are parsed once per process (callers must not mutate the result)."""
    path = Path(name)
    if not path.is_absolute() and knowledge_path(str(name)).exists():
        path = knowledge_path(str(name))
    return _load(str(path.resolve()))


@lru_cache(maxsize=64)
def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
