"""The web application: the JSON API (``claimgraph.api``) under /api, the HTML pages
(``claimgraph.web``), static files, and what they share: body limit, Host and Origin
checks, HEAD, security and cache headers, and errors answered as JSON for the API and as a
page for the pages."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph import __version__ as _version
from claimgraph.api.analysis import AnalysisPool, Busy, TooLong
from claimgraph.api.edits import router as edits_router
from claimgraph.api.routes import router as api_router
from claimgraph.api.services import IngestDisabled, Services, StoreUnavailable
from claimgraph.errors import InputError, StoreError
from claimgraph.store.edits import NotFound
from claimgraph.web.compare import router as compare_router
from claimgraph.web.edits import router as edit_pages_router
from claimgraph.web.pages import render_error
from claimgraph.web.pages import router as pages_router

log = logging.getLogger("claimgraph.api")

MAX_BODY_BYTES = 5_000_000
"""Request bodies over 5 MB are refused with 413 (the same bound as ingest.text.MAX_BYTES)."""

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    # Not no-referrer: with it, browsers send "Origin: null" on the pages' own form posts.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    # No page here needs a device or a browser feature beyond reading and forms.
    "permissions-policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
        "bluetooth=(), midi=(), accelerometer=(), gyroscope=(), magnetometer=(), "
        "display-capture=(), interest-cohort=(), browsing-topics=()"
    ),
}

# Static files: versioned URLs (?v=, as the pages link them) never change; others may.
STATIC_CACHE = "public, max-age=3600"
STATIC_CACHE_VERSIONED = "public, max-age=31536000, immutable"
DYNAMIC_CACHE = "no-cache"

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _host_name(host_header: str) -> str:
    """The host of a Host header, without the port; IPv6 literals without brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_loopback_ip(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HostCheck:
    """400 unless the Host header names this server: one of ``names`` or a loopback address.
    Against DNS rebinding, where a page of another site reaches a loopback server through a
    name that resolves to 127.0.0.1 (IPv6 hosts are parsed too, unlike Starlette's check)."""

    def __init__(self, app: ASGIApp, names: list[str]) -> None:
        self.app = app
        self.names = {_host_name(n) for n in names}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            name = _host_name(host)
            if name not in self.names and not _is_loopback_ip(name):
                response = JSONResponse(
                    {"status": 400, "error": "Bad Request", "message": f"invalid Host header {host!r}"},
                    status_code=400,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class OriginCheck:
    """403 for a state-changing or CPU-heavy request (POST...) sent by a page of another
    origin: a browser says so in ``Origin`` and ``Sec-Fetch-Site``. Requests without them
    (curl, scripts) pass: they are not a browser acting for someone."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            headers = dict(scope.get("headers") or [])
            refusal = cross_origin(headers)
            if refusal:
                request = Request(scope) if "app" in scope else None
                response = error_response(scope.get("path", ""), 403, refusal, request)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def cross_origin(headers: dict[bytes, bytes]) -> str | None:
    """Why a request is cross-origin, or None."""
    site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
    if site in ("same-origin", "none"):
        return None  # the browser's own word; Origin may then be "null" (privacy modes)
    if site:
        return f"cross-origin request refused (Sec-Fetch-Site: {site})"
    origin = headers.get(b"origin")
    if origin is None:
        return None
    text = origin.decode("latin-1").strip()
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    netloc = text.split("://", 1)[1].lower() if "://" in text else ""
    if not netloc or netloc.rstrip("/") != host:
        return f"cross-origin request refused (Origin {text!r} is not this server)"
    return None


class HeadAsGet:
    """HEAD answered like GET without the body (pages and API routes are declared GET)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def bodiless(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, bodiless)


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                too_big = False
            if too_big:
                await self._refuse(scope, receive, send)
                return
        # Read the body (bounded) before the app sees it, so a chunked upload is capped too.
        chunks: list[bytes] = []
        size = 0
        more = scope["method"] not in ("GET", "HEAD", "OPTIONS")
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is over the limit of {self.limit / 1e6:.0f} MB"
        request = Request(scope) if "app" in scope else None  # pages get an HTML answer
        response = error_response(scope.get("path", ""), 413, message, request)
        await response(scope, receive, send)


def _message_handler(status: int):  # type: ignore[no-untyped-def]
    async def handler(request: Request, exc: Exception) -> Response:
        return error_response(request.url.path, status, str(exc), request)

    return handler


def error_response(path: str, status: int, message: str, request: Request | None = None) -> Response:
    """JSON for /api and anything that is not a page; an HTML page otherwise."""
    reason = HTTPStatus(status).phrase
    if request is not None and not path.startswith(("/api", "/static")):
        return render_error(request, status, reason, message)
    return JSONResponse({"status": status, "error": reason, "message": message}, status_code=status)


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for item in err.errors():
        loc = [str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path", "form")]
        where = ".".join(loc) or "request"
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts) or "invalid request"


def create_app(
    store_url: str | None = None,
    allow_ingest: bool = False,
    *,
    allow_edit: bool = False,
    allowed_hosts: list[str] | None = None,
    open_store: bool = True,
    warm: bool = False,
    pool: AnalysisPool | None = None,
) -> FastAPI:
    """The claimgraph web app over the store at ``store_url`` (None: claimgraph.db).

    ``allow_edit`` accepts a fact-checker's edits (``allow_ingest`` does too);
    ``allowed_hosts`` turns on a Host-header check (the CLI sets it when bound to
    loopback: loopback names and addresses pass); ``warm`` starts the analysis workers at
    start-up instead of on the first analysis; ``pool`` analyses posted articles (default:
    one analysis at a time in a thread of this process; ``claimgraph serve`` uses worker
    processes).
    """
    services = Services(store_url, allow_ingest, open_store=open_store, pool=pool, allow_edit=allow_edit)
    # python-multipart logs malformed bodies itself; the 400 answer says it already.
    logging.getLogger("python_multipart").addHandler(logging.NullHandler())

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        services.start()
        if warm:
            services.warm()
        yield
        services.close()

    app = FastAPI(
        title="claimgraph",
        version=_version,
        summary="Who said what: statements, speakers and outlets across a news corpus.",
        description=(
            "Read-only JSON API over a claimgraph corpus, plus analysis of posted articles. "
            "Lists are paginated with `limit` and `offset`; each page gives `next`. "
            "Errors are JSON: `{status, error, message}`."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN; /api/docs is rendered by us instead
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        response = error_response(request.url.path, exc.status_code, message, request)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, 422, _validation_message(exc), request)

    # Errors whose message is already fit for the user, and the status each one means.
    for exc_type, status in (
        (NotFound, 404),
        (InputError, 422),
        (TooLong, 413),
        (IngestDisabled, 403),
        (StoreUnavailable, 503),
    ):
        app.add_exception_handler(exc_type, _message_handler(status))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        response = error_response(request.url.path, 503, str(exc), request)
        response.headers["retry-after"] = str(exc.retry_after)
        return response

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.warning("store error on %s: %s", request.url.path, exc)
        return error_response(request.url.path, 503, f"the corpus store failed: {exc}", request)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request.url.path, 500, "internal error; see the server log", request)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith("/static/"):
            if response.status_code == 200:
                versioned = "v" in request.query_params
                response.headers["cache-control"] = STATIC_CACHE_VERSIONED if versioned else STATIC_CACHE
        else:
            response.headers.setdefault("cache-control", DYNAMIC_CACHE)
        return response

    app.include_router(edits_router)
    app.include_router(api_router)
    app.include_router(compare_router)
    app.include_router(edit_pages_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Outermost last: Host, then HEAD, then Origin, then the body limit, then the app.
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(OriginCheck)
    app.add_middleware(HeadAsGet)
    if allowed_hosts:
        app.add_middleware(HostCheck, names=allowed_hosts)
    return app
