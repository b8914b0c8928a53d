"""`newsledger serve`: the web app over a store (added to the CLI by `web_commands(app)`)."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False   # a name that may resolve anywhere: treat as exposed


def _log_config() -> dict:
    """uvicorn's logging, with tokens given in URLs redacted from every logged line."""
    import copy

    from uvicorn.config import LOGGING_CONFIG
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_token"] = {"()": "newsledger.web.app.RedactToken"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_token")
    return config


def check_bind(host: str, token: str | None) -> list[str] | None:
    """Refuse to expose the app without a token; on loopback, the Host headers to accept
    (a guard against DNS rebinding, since a loopback server without a token trusts its caller)."""
    if not is_loopback(host):
        if not token:
            raise click.ClickException(
                f"refusing to listen on {host} without --token: anyone who can reach it could read the "
                "store; give --token SECRET (or NEWSLEDGER_TOKEN), or use --host 127.0.0.1")
        return None
    return sorted({"127.0.0.1", "localhost", "::1", host.strip("[]").lower()})


def web_commands(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Annotated[str, typer.Option("--db", envvar="NEWSLEDGER_DB", help="SQLite store file.")] = "newsledger.db",
        host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback needs --token.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        token: Annotated[Optional[str], typer.Option(
            envvar="NEWSLEDGER_TOKEN", help="Secret every request must carry (Authorization: Bearer, "
            "X-Newsledger-Token, or ?token= once in a browser).")] = None,
        allow_ingest: Annotated[bool, typer.Option(
            "--allow-ingest", help="Allow uploads and URL ingest (read-only otherwise).")] = False,
        max_upload: Annotated[int, typer.Option(help="Largest upload or fetched page, in bytes.")] = 5 * 1024 * 1024,
        allow_review: Annotated[bool, typer.Option(
            "--allow-review", help="Let analysts verify, reject and correct claims (needs --token, "
            "even on loopback).")] = False,
        reviewer: Annotated[Optional[str], typer.Option(
            envvar="NEWSLEDGER_REVIEWER", help="Name reviews are signed with unless the page gives "
            "another (default: your login name).")] = None,
    ) -> None:
        """Browse the register in a web browser: overview, threads, timeline, entities,
        documents, search; each page has a JSON twin (URL + .json), API docs at /docs."""
        allowed_hosts = check_bind(host, token)
        if allow_review and not token:
            raise click.ClickException(
                "--allow-review writes to the store: give --token SECRET (or NEWSLEDGER_TOKEN), "
                "required for review even on loopback")
        if "://" in str(db):
            raise click.ClickException(
                f"serve reads a SQLite store file, not {db.split('://')[0]}://...: load the claims into "
                "one with `newsledger ingest` or `newsledger load --db FILE`")
        db = Path(db)
        if not db.exists():
            raise click.ClickException(f"{db}: no such store; create it with `newsledger ingest PATH --db {db}`")
        from newsledger.extras import require

        uvicorn = require("uvicorn", "web", "newsledger serve")
        require("fastapi", "web", "newsledger serve")
        from newsledger.web import create_app
        web = create_app(db, token=token, allow_ingest=allow_ingest, max_upload_bytes=max_upload,
                         allowed_hosts=allowed_hosts, warm=True, allow_review=allow_review, reviewer=reviewer)
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"newsledger: serving {db} on http://{shown}:{port}/"
                   + (" (token required)" if token else "") + (" (ingest allowed)" if allow_ingest else "") + (" (review allowed)" if allow_review else "")
                   + ("" if allow_ingest or allow_review else " (read-only)"))
        uvicorn.run(web, host=host, port=port, log_level=os.environ.get("NEWSLEDGER_LOG_LEVEL", "warning"),
                    log_config=_log_config())
