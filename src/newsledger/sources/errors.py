"""The one exception of the readers: raised inside, turned into a `Skipped` at the edge."""
from __future__ import annotations


class SourceError(Exception):
    """A source cannot be read; the message is the one-line reason shown to the user."""
