"""readers/fetch.py and the feed links it is given: http(s) only, public addresses unless
allowed, a deadline for the whole fetch, a size cap, redirects checked like the first URL."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from properties import check_feed_links, feed_links

from claimgraph.errors import InputError
from claimgraph.model import Failed
from claimgraph.readers import fetch
from claimgraph.readers.feeds import read_feed
from claimgraph.readers.fetch import fetch_url
from claimgraph.readers.formats import read_articles
from claimgraph.readers.items import Item

PAGE = b"<html><body><p>The mayor said the bridge would reopen in May.</p></body></html>"


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/to/"))
            self.end_headers()
            return
        body = b"x" * 5000 if self.path == "/big" else PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def _server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("url", [
    "file:///etc/hostname", "file://localhost/etc/hostname", "file:/etc/hostname",
    "data:text/html,<p>hello</p>", "ftp://example.org/a.html", "/etc/hostname",
])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(InputError, match="only http and https"):
        fetch_url(url, allow_private=True)


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "169.254.169.254", "10.0.0.7", "192.168.1.1",
                                  "[::ffff:127.0.0.1]", "0.0.0.0", "localhost"])
def test_private_addresses_are_refused_unless_allowed(host):
    with pytest.raises(InputError, match="--allow-private-urls"):
        fetch_url(f"http://{host}:9/page.html")


def test_a_loopback_server_is_fetched_only_when_allowed():
    with _server() as base:
        with pytest.raises(InputError, match="loopback"):
            fetch_url(f"{base}/page.html")
        assert fetch_url(f"{base}/page.html", allow_private=True) == PAGE


def test_redirects_are_checked_like_the_first_url(monkeypatch):
    with _server() as base:
        assert fetch_url(f"{base}/to/{base}/page.html", allow_private=True) == PAGE
        with pytest.raises(InputError, match="only http and https"):
            fetch_url(f"{base}/to/file:///etc/hostname", allow_private=True)
        # 127.0.0.1 taken as public here: a redirect to another loopback address is refused.
        monkeypatch.setattr(fetch, "_public", lambda address: address == "127.0.0.1")
        assert fetch_url(f"{base}/page.html") == PAGE
        port = base.rsplit(":", 1)[1]
        with pytest.raises(InputError, match="127.0.0.2"):
            fetch_url(f"{base}/to/http://127.0.0.2:{port}/page.html")
        with pytest.raises(InputError, match="redirects"):
            fetch_url(f"{base}/to/{base}/to/{base}/to/{base}/to/{base}/to/{base}/to/{base}/page.html")


def test_a_page_is_cut_at_the_size_cap(monkeypatch):
    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    with _server() as base:
        assert len(fetch_url(f"{base}/big", allow_private=True)) == 1001


def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(monkeypatch):
    monkeypatch.setattr(fetch, "FETCH_DEADLINE", 1.0)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            for _ in range(100):  # 20 s in all, far more than the deadline
                if stop.wait(0.2):
                    return
                try:
                    conn.sendall(b"x")
                except OSError:
                    return

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match="within"):
            fetch_url(f"http://127.0.0.1:{listener.getsockname()[1]}/slow", allow_private=True)
        assert time.monotonic() - started < 15  # bounded by the deadline, not by the server
    finally:
        stop.set()
        listener.close()


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>
<item><title>One</title><link>file:///etc/hostname</link><description>Teaser.</description></item>
<item><title>Two</title><link>file:/etc/passwd</link></item>
<item><title>Three</title><link>data:text/html,%3Cp%3EThe%20mayor%20said%20so.%3C/p%3E</link></item>
<item><title>Four</title><link>https://news.example/four.html</link></item>
</channel></rss>"""


def test_live_feed_links_that_are_not_http_are_failures():
    entries = list(read_feed(FEED.encode(), "https://news.example/feed.xml", live=True))
    assert [type(e) for e in entries] == [Failed, Failed, Failed, Item]
    assert all("is not an http(s) URL" in e.error for e in entries[:3])
    assert entries[3].fetch == "https://news.example/four.html" and not entries[3].allow_private


def test_a_feed_url_on_a_private_address_is_refused_before_anything_is_read():
    with _server() as base:
        [failed] = list(read_articles([f"{base}/feed.xml"]))
    assert isinstance(failed, Failed) and "--allow-private-urls" in failed.error


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(links=feed_links())
def test_no_hostile_feed_link_is_fetched(links):
    check_feed_links(links)
