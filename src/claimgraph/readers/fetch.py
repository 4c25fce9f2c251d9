"""Fetching an http(s) URL, bounded in size and time, and only from the public internet.

A feed is untrusted input: its entry links may name local files (``file:``), inline data
(``data:``) or machines inside the user's network. So only http and https are fetched, and
only from public addresses unless the user allows private ones (``allow_private``): every
address a host name resolves to is checked, and the connection goes to the checked address
(a name that resolves again to another address cannot slip past). Redirects are followed
by the same rules, at most ``MAX_REDIRECTS``. One fetch has ``FETCH_DEADLINE`` seconds in
all (a server that sends a byte at a time is cut off there, not per read), and at most
``MAX_BYTES + 1`` bytes are read (the caller says the page is too large).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse

from claimgraph.errors import InputError
from claimgraph.readers.items import one_line
from claimgraph.readers.text import MAX_BYTES

FETCH_TIMEOUT = 20  # seconds to connect, and for each read
FETCH_DEADLINE = 60  # seconds for the whole fetch, redirects included
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)
_READ = 65_536


class _Refused(Exception):
    """The URL is not one claimgraph fetches (the message says why)."""


def is_fetchable(url: str) -> bool:
    """Whether ``url`` is an http(s) URL with a host: the only links a feed's entries may have."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower() in SCHEMES and bool(parts.hostname)


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _address(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to for ``host``: all it resolves to must be public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise _Refused(f"cannot resolve {host} ({err})") from None
    addresses = [str(info[4][0]) for info in found]
    if not allow_private:
        private = [a for a in addresses if not _public(a)]
        if private:
            raise _Refused(f"{host} is a private, loopback or link-local address ({private[0]}); "
                           "pass --allow-private-urls to fetch it")
    return addresses[0]


def _connection(url: str, allow_private: bool, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}: URLs" if scheme else "a path without a scheme"
        raise _Refused(f"only http and https URLs are fetched, not {shown}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as err:
        raise _Refused(str(err)) from None
    if not host:
        raise _Refused("the URL has no host")
    port = port or (443 if scheme == "https" else 80)
    address = _address(host, port, allow_private)
    conn: http.client.HTTPConnection
    if scheme == "https":
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def connect_checked(_where: tuple[str, int], wait: float | None = None,
                        source: tuple[str, int] | None = None) -> socket.socket:
        return socket.create_connection((address, port), wait, source)

    conn._create_connection = connect_checked  # type: ignore[attr-defined]  # the checked address
    path = parts.path or "/"
    return conn, path + (f"?{parts.query}" if parts.query else "")


def _get(url: str, allow_private: bool, deadline: float) -> tuple[int, str | None, bytes]:
    """One request: (status, Location header, body up to MAX_BYTES + 1 bytes)."""
    conn, target = _connection(url, allow_private, min(FETCH_TIMEOUT, max(deadline - time.monotonic(), 0.1)))
    # At the deadline the socket is shut: whatever read is waiting returns at once.
    timer = threading.Timer(max(deadline - time.monotonic(), 0.0), lambda: _shut(conn))
    timer.start()
    try:
        conn.request("GET", target, headers={"User-Agent": "claimgraph/0.2", "Accept-Encoding": "identity"})
        response = conn.getresponse()
        if response.status in _REDIRECTS:
            return response.status, response.getheader("Location"), b""
        body = bytearray()
        while len(body) <= MAX_BYTES:
            part = response.read1(min(_READ, MAX_BYTES + 1 - len(body)))
            if not part:
                break
            body += part
        if time.monotonic() >= deadline:
            raise TimeoutError
        return response.status, None, bytes(body)
    except (OSError, http.client.HTTPException) as err:
        if time.monotonic() >= deadline:
            raise _Refused(f"no whole answer within {FETCH_DEADLINE} s") from None
        raise _Refused(str(err) or type(err).__name__) from None
    finally:
        timer.cancel()
        conn.close()


def _shut(conn: http.client.HTTPConnection) -> None:
    if conn.sock is not None:
        try:
            conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def fetch_url(url: str, allow_private: bool = False) -> bytes:
    """The body of ``url`` (http or https; public addresses unless ``allow_private``)."""
    deadline = time.monotonic() + FETCH_DEADLINE
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, location, body = _get(current, allow_private, deadline)
            if location is None and status in _REDIRECTS:
                raise _Refused(f"HTTP {status} without a Location")
            if location is not None:
                current = urllib.parse.urljoin(current, location)
                continue
            if status >= 400:
                raise _Refused(f"HTTP {status}")
            return body
        raise _Refused(f"more than {MAX_REDIRECTS} redirects")
    except _Refused as err:
        raise InputError(f"{one_line(url)}: cannot fetch ({one_line(str(err))})") from None
