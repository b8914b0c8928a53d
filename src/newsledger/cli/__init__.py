"""The command line: thin. Parse, call the library, render. Errors are one clear line
(with `--debug`, the traceback).

One module per branch of the command tree:

    app.py        the root app, global options, shared options, the entry point `main`
    documents.py  ingest, docs, show, extract, demo
    claims.py     claims, stage, times, eval
    register.py   threads, conflicts, timeline, flows, export
    serve.py      serve (the web app)
    review.py     review (verify, reject, correct claims; the queue; reviews as gold)
    scale.py      load (a Spark run's Parquet into a store)
    store.py      the --db option and the filters every command shares
"""
from __future__ import annotations

# import order is the order of `newsledger --help`; their commands register on `app`
from newsledger.cli import documents  # noqa: F401,I001
from newsledger.cli import claims  # noqa: F401,I001
from newsledger.cli.app import app, main
from newsledger.cli.register import register_commands
from newsledger.cli.review import review_commands
from newsledger.cli.scale import scale_commands
from newsledger.cli.serve import web_commands

register_commands(app)
web_commands(app)
review_commands(app)
scale_commands(app)

__all__ = ["app", "main"]
