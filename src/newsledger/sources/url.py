"""http(s) URLs: one fetcher for every fetch (CLI, feeds with `--fetch-links`, the web app).

It guards against server-side request forgery: the host is resolved first, and an address
that is loopback, private, link-local, reserved, multicast or unspecified is refused unless
the caller allows private addresses (a CLI flag for local use; never the web app). The
connection then goes to the checked address itself (Host header and TLS SNI carry the
name), so a DNS answer cannot change between the check and the connect. Redirects are
followed by hand, each hop checked the same way; size and time are capped; the final URL
is recorded.

The fetched bytes are dispatched like a file (HTML, feed, text, JSON Lines, WARC) by the
package's sniffing, with the final URL and the Content-Type as hints.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from .. import __version__
from .errors import SourceError

USER_AGENT = f"newsledger/{__version__} (news claims register; +https://pypi.org/project/newsledger/)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 64 * 1024 * 1024
MAX_REDIRECTS = 10
MAX_SECONDS = 120.0  # for a whole fetch, redirects included


def is_url(path: str) -> bool:
    return path.lower().startswith(("http://", "https://"))


@dataclass
class Fetched:
    data: bytes
    url: str
    content_type: str | None


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve_public(host: str, port: int, *, allow_private: bool = False, resolver=None) -> str:
    """The address to connect to for `host`, after checking every address it resolves to.
    Raises SourceError naming the host and the address when one is not public (and
    private addresses are not allowed), or when the host does not resolve."""
    try:
        infos = (resolver or socket.getaddrinfo)(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as err:
        raise SourceError(f"network error: cannot resolve {host!r}: {getattr(err, 'strerror', None) or err}") from None
    addresses = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
        except ValueError:
            continue
    if not addresses:
        raise SourceError(f"network error: cannot resolve {host!r}")
    if not allow_private:
        for address in addresses:
            if not _is_public(address):
                raise SourceError(f"refused: {host} is a non-public address ({address}); "
                                  "fetching loopback, private, link-local or reserved addresses must be "
                                  "allowed explicitly (--allow-private-urls)")
    return str(addresses[0])


class Fetcher:
    """One httpx client reused for every fetch of an `iter_raw` call."""

    def __init__(self, *, timeout: httpx.Timeout | float = TIMEOUT, max_bytes: int = MAX_BYTES,
                 transport: httpx.BaseTransport | None = None, allow_private: bool = False,
                 max_redirects: int = MAX_REDIRECTS, max_seconds: float = MAX_SECONDS,
                 accept_types: frozenset[str] | set[str] | None = None, resolver=None) -> None:
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.max_redirects = max_redirects
        self.max_seconds = max_seconds
        self.accept_types = accept_types
        self._resolver = resolver
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                                    headers={"User-Agent": USER_AGENT, "Accept": "*/*"})

    def _pinned(self, url: httpx.URL) -> tuple[httpx.URL, dict[str, str], dict]:
        """The URL with its host replaced by the checked address, and the Host header and TLS
        server name that keep the original name."""
        if url.scheme not in ("http", "https"):
            raise SourceError(f"refused: only http(s) URLs, not {url.scheme}:")
        if not url.host:
            raise SourceError("network error: URL without a host")
        port = url.port or (443 if url.scheme == "https" else 80)
        address = resolve_public(url.host, port, allow_private=self.allow_private, resolver=self._resolver)
        headers = {"Host": url.netloc.decode("ascii")}
        extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
        return url.copy_with(host=address), headers, extensions

    def get(self, url: str) -> Fetched:
        """The body of `url`; raises SourceError with the reason on any failure."""
        started = time.monotonic()
        try:
            current = httpx.URL(url)
            for _ in range(self.max_redirects + 1):
                target, headers, extensions = self._pinned(current)
                request = self._client.build_request("GET", target, headers=headers, extensions=extensions)
                response = self._client.send(request, stream=True)
                try:
                    if response.is_redirect and response.headers.get("Location"):
                        current = httpx.URL(urljoin(str(current), response.headers["Location"]))
                        continue
                    if response.status_code >= 400:
                        raise SourceError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    content_type = response.headers.get("Content-Type")
                    if self.accept_types is not None:
                        kind = (content_type or "").split(";")[0].strip().lower()
                        if kind not in self.accept_types:
                            raise SourceError(f"content type {kind or '(none)'} not accepted")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise SourceError(f"too large (over {_size(self.max_bytes)})")
                        if time.monotonic() - started > self.max_seconds:
                            raise SourceError(f"network error: timed out after {self.max_seconds:.0f} s")
                        chunks.append(chunk)
                    return Fetched(b"".join(chunks), str(current), content_type)
                finally:
                    response.close()
            raise SourceError(f"network error: more than {self.max_redirects} redirects")
        except SourceError:
            raise
        except httpx.TimeoutException:
            raise SourceError("network error: timed out") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as err:
            detail = str(err).strip().splitlines()[0] if str(err).strip() else ""
            raise SourceError(f"network error: {type(err).__name__}{': ' + detail if detail else ''}") from None

    def close(self) -> None:
        self._client.close()


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit} bytes"
