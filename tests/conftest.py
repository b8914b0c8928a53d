"""Shared fixtures: paths to ../shared (skip cleanly when absent) and the CLI runner."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
EXAMPLES = ROOT / "examples"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared beside the project root holds it)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(shared_path("gold", "seeds.gold.json").read_text(encoding="utf-8"))


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, check: bool = True,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `newsledger` command as a user would."""
    exe = Path(sys.executable).with_name("newsledger")
    result = subprocess.run([str(exe), *args], input=input, cwd=cwd, capture_output=True,
                            env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"newsledger {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stderr.decode(errors='replace')}")
    return result
