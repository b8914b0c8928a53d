"""http(s) URLs: fetched with httpx (timeout, redirects, a User-Agent, a size cap).

The fetched bytes are dispatched like a file (HTML, feed, text, JSON Lines, WARC) by the
package's sniffing, with the final URL and the Content-Type as hints.
"""
from __future__ import annotations

from dataclasses import dataclass

import httpx

from .. import __version__
from .errors import SourceError

USER_AGENT = f"newsledger/{__version__} (news claims register; +https://pypi.org/project/newsledger/)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 64 * 1024 * 1024


def is_url(path: str) -> bool:
    return path.lower().startswith(("http://", "https://"))


@dataclass
class Fetched:
    data: bytes
    url: str
    content_type: str | None


class Fetcher:
    """One httpx client reused for every fetch of an `iter_raw` call."""

    def __init__(self, *, timeout: httpx.Timeout | float = TIMEOUT, max_bytes: int = MAX_BYTES,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.max_bytes = max_bytes
        self._client = httpx.Client(timeout=timeout, follow_redirects=True, transport=transport,
                                    headers={"User-Agent": USER_AGENT, "Accept": "*/*"})

    def get(self, url: str) -> Fetched:
        """The body of `url`; raises SourceError with the reason on any failure."""
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise SourceError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise SourceError(f"too large (over {self.max_bytes // 2**20} MB)")
                    chunks.append(chunk)
                return Fetched(b"".join(chunks), str(response.url), response.headers.get("Content-Type"))
        except SourceError:
            raise
        except httpx.TimeoutException:
            raise SourceError("network error: timed out") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as err:
            detail = str(err).strip().splitlines()[0] if str(err).strip() else ""
            raise SourceError(f"network error: {type(err).__name__}{': ' + detail if detail else ''}") from None

    def close(self) -> None:
        self._client.close()
