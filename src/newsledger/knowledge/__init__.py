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

# libyaml's parser when PyYAML was built with it (the wheels are): the same data as the pure
# Python SafeLoader for every bundled file, in an eighth of the time (1.3 s -> 0.16 s per
# process, paid again by every worker).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


def parse_yaml(source: Any) -> Any:
    """`yaml.safe_load` of a string or an open file, with the fast loader."""
    return yaml.load(source, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


@lru_cache(maxsize=64)
def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return parse_yaml(fh)
