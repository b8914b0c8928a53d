"""The web app (`newsledger serve`): pages over the register with JSON twins; see app.py."""
from __future__ import annotations

from newsledger.web.app import create_app

__all__ = ["create_app"]
