"""A throwaway PostgreSQL server for the tests: initdb into a temporary directory, start
`postgres` on 127.0.0.1 (a free port, its unix socket in that directory, trust
authentication on loopback only), and remove everything at the end.

PostgreSQL refuses to run as root, so when we are root the server runs as an unprivileged
system user (Debian's ``postgres``, else ``nobody``) that owns the directory.

    with PostgresServer.start() as server:
        url = server.create_database("t1")     # postgresql://postgres@127.0.0.1:PORT/t1

Run as a script, it starts a server and prints its URL until Ctrl-C:
``.venv/bin/python tests/pg_server.py``.
"""
from __future__ import annotations

import ctypes
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

SUPERUSER = "postgres"          # the bootstrap superuser initdb creates (not the OS user)
START_TIMEOUT = 30.0            # seconds for initdb + start until a connection succeeds
STOP_TIMEOUT = 15.0
PR_SET_PDEATHSIG = 1           # <linux/prctl.h>
# Durability is worthless for a server deleted after the tests: skip every fsync.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                 "max_connections": "50", "shared_buffers": "32MB"}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


class PostgresServerError(RuntimeError):
    """The server could not be set up; the message carries its log."""


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def find_bindir() -> Path:
    """The directory holding `initdb` and `postgres`: `pg_config --bindir`, else the newest
    Debian /usr/lib/postgresql/N/bin, else wherever `initdb` is on PATH."""
    candidates: list[Path] = []
    if os.environ.get("NEWSLEDGER_PG_BINDIR"):
        candidates.append(Path(os.environ["NEWSLEDGER_PG_BINDIR"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        # /usr/local/bin/initdb may be a link to the real bindir: follow it.
        candidates.append(Path(initdb).resolve().parent)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "postgres").is_file():
            return directory
    raise PostgresUnavailable("PostgreSQL server binaries (initdb, postgres) not found: looked at "
                              "pg_config --bindir, /usr/lib/postgresql/*/bin and PATH "
                              "(Debian: apt-get install postgresql; or set NEWSLEDGER_TEST_PG_URL)")


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: None = ourselves; when root, an unprivileged system user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresServerError("running as root and no unprivileged user (postgres, nobody) "
                              "to run the PostgreSQL server as")


def _load_prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):   # not Linux
        return None


# Resolved now, in the parent: the child between fork and exec must not dlopen (a lock
# another thread may have held at fork time).
_PRCTL = _load_prctl()


def _die_with_parent() -> None:
    """In the server process before exec (after the switch to the server user, which would
    clear it): ask Linux to send SIGINT, PostgreSQL's fast shutdown, when the test process
    dies, so a killed test run leaves no server behind. A no-op elsewhere."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGINT)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One running server; `stop()` (or leaving the `with` block) shuts it down and removes
    its directory."""

    def __init__(self, bindir: Path, root: Path, user: pwd.struct_passwd | None) -> None:
        self.bindir, self.root, self.user = bindir, root, user
        self.data = root / "data"
        self.log = root / "server.log"
        self.port = 0
        self.process: subprocess.Popen | None = None

    # -- life cycle ---------------------------------------------------------------------------
    @classmethod
    def start(cls, bindir: Path | None = None) -> PostgresServer:
        bindir = bindir or find_bindir()
        user = _server_user()
        root = Path(tempfile.mkdtemp(prefix="newsledger-pg-"))
        server = cls(bindir, root, user)
        try:
            if user is not None:
                os.chown(root, user.pw_uid, user.pw_gid)
            server._initdb()
            server._launch()
        except BaseException:
            server.stop()
            raise
        return server

    def _run_kwargs(self) -> dict:
        kwargs: dict = {"cwd": self.root, "env": {**os.environ, "LC_ALL": "C", "LANG": "C"}}
        if self.user is not None:
            kwargs.update(user=self.user.pw_uid, group=self.user.pw_gid, extra_groups=[])
            kwargs["env"]["HOME"] = str(self.root)
        return kwargs

    def _initdb(self) -> None:
        # trust on loopback is safe because the server listens on 127.0.0.1 and its socket
        # lives in a directory only the server user can enter.
        cmd = [str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
               "--encoding=UTF8", "--locale=C", "--no-sync"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=START_TIMEOUT, check=False,
                              **self._run_kwargs())
        if done.returncode != 0:
            raise PostgresServerError(f"initdb failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")

    def _launch(self, attempts: int = 3) -> None:
        for _ in range(attempts):
            self.port = free_port()
            settings = {"listen_addresses": "127.0.0.1", "port": str(self.port),
                        "unix_socket_directories": str(self.root), **FAST_SETTINGS}
            cmd = [str(self.bindir / "postgres"), "-D", str(self.data)]
            for key, value in settings.items():
                cmd += ["-c", f"{key}={value}"]
            with open(self.log, "ab") as log:
                self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True, preexec_fn=_die_with_parent,  # noqa: PLW1509
                                                **self._run_kwargs())
            if self._wait_ready():
                return
            # Another process took the port between free_port() and bind: try another.
            if "could not bind" not in self.log_text() and "could not create" not in self.log_text():
                break
        raise PostgresServerError(f"PostgreSQL did not start within {START_TIMEOUT:.0f} s; "
                                  f"server log:\n{self.log_text()}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with psycopg.connect(self.url(), connect_timeout=2):
                    return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        self._terminate()
        return False

    def _terminate(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # SIGINT is PostgreSQL's "fast shutdown": disconnect clients, stop cleanly.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(STOP_TIMEOUT)

    def stop(self) -> None:
        try:
            self._terminate()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- use ----------------------------------------------------------------------------------
    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return "(no server log)"

    def create_database(self, name: str) -> str:
        create_database(self.url(), name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        drop_database(self.url(), name)


# Database helpers that work against any server we may CREATE DATABASE on (ours, or the
# one NEWSLEDGER_TEST_PG_URL names).

def with_database(url: str, name: str) -> str:
    """`url` (a postgresql:// URL or a key=value conninfo) naming database `name` instead."""
    if re.match(r"^postgres(ql)?://", url):
        return urlunsplit(urlsplit(url)._replace(path="/" + name))
    return psycopg.conninfo.make_conninfo(url, dbname=name)


def create_database(admin_url: str, name: str, options: str = "") -> None:
    """CREATE DATABASE `name`; `options` is trusted SQL appended as is (e.g. a collation)."""
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        # template0: nothing a previous test or user left in template1 comes along.
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' ")
                     .format(sql.Identifier(name)) + sql.SQL(options))


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        # FORCE (PostgreSQL 13+): a test that left a connection open must not block the drop.
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _stop_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    # SIGTERM and SIGINT (which a background job may have ignored) both stop and clean up.
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    with PostgresServer.start() as running:
        print(running.url(), flush=True)
        while True:
            signal.pause()
