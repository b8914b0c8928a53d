"""Shared fixtures: paths to ../shared (skip cleanly when absent), the CLI runner, and a
PostgreSQL server for the store tests (one per session, a fresh database per test)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pg_server import PostgresServer, PostgresUnavailable, create_database, drop_database, with_database

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


# -- PostgreSQL ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a PostgreSQL server the tests may CREATE DATABASE on: the one env
    NEWSLEDGER_TEST_PG_URL names (its user needs CREATEDB), else a throwaway server started
    here for the session. Without PostgreSQL binaries the tests skip, unless env CI is set:
    CI must really run them."""
    external = os.environ.get("NEWSLEDGER_TEST_PG_URL")
    if external:
        yield external
        return
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the PostgreSQL tests must run, but: {exc}")
        pytest.skip(str(exc))
    try:
        yield server.url()
    finally:
        server.stop()


@pytest.fixture
def pg_database(pg_server_url: str) -> Iterator[Callable[..., str]]:
    """Factory: `pg_database()` creates an empty database and gives its URL; `options` are
    appended to CREATE DATABASE (e.g. a collation). All are dropped after the test."""
    made: list[str] = []

    def make(options: str = "") -> str:
        name = f"nl_test_{uuid.uuid4().hex[:12]}"
        create_database(pg_server_url, name, options)
        made.append(name)
        return with_database(pg_server_url, name)

    yield make
    for name in made:
        drop_database(pg_server_url, name)


@pytest.fixture
def pg_url(pg_database: Callable[..., str]) -> str:
    """URL of a fresh, empty database: each test starts from nothing."""
    return pg_database()


# -- no process outlives the test session ------------------------------------------------------
# Every process started during the session inherits this marker in its environment; at the
# end of the session (after every fixture has stopped its servers) none may be left alive.
# Orphaned workers are re-parented to PID 1, so the marker, not the parent, finds them.

SESSION_MARKER = "NEWSLEDGER_TEST_SESSION"
os.environ.setdefault(SESSION_MARKER, uuid.uuid4().hex)


def marked_processes(marker: str | None = None) -> list[tuple[int, str]]:
    """(pid, command line) of every live process whose environment carries the marker value
    (this test session's by default), this process excluded. Linux /proc; [] elsewhere."""
    wanted = f"{SESSION_MARKER}={marker or os.environ[SESSION_MARKER]}".encode()
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if wanted not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            status = (entry / "status").read_text()
            if "\nState:\tZ" in status:  # a zombie is dead; its parent has yet to reap it
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        found.append((int(entry.name), command))
    return found


def wait_until_no_marked_processes(marker: str | None = None, timeout: float = 10.0,
                                   ignore: tuple[int | None, ...] = ()) -> list[tuple[int, str]]:
    import time
    deadline = time.monotonic() + timeout
    while True:
        alive = [(pid, cmd) for pid, cmd in marked_processes(marker) if pid not in ignore]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    # This process's own multiprocessing resource tracker ends with it (it exits when the
    # pipe to its parent closes); anything else still alive was left behind by a test.
    from multiprocessing import resource_tracker
    own_tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    left = wait_until_no_marked_processes(timeout=15.0, ignore=(os.getppid(), own_tracker))
    if left:
        lines = "\n".join(f"  {pid}: {cmd[:160]}" for pid, cmd in left)
        session.config.get_terminal_writer().line(f"\nprocesses left alive by the test session:\n{lines}", red=True)
        session.exitstatus = 1
