"""The web application: the JSON API (``claimgraph.api``) under /api, the HTML pages
(``claimgraph.web``), static files, and what they share: body limit, security headers, and
errors answered as JSON for the API and as a page for the pages."""

from __future__ import annotations

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
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph import __version__ as _version
from claimgraph.api.routes import router as api_router
from claimgraph.api.services import IngestDisabled, Services, StoreUnavailable
from claimgraph.errors import InputError, StoreError
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
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


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
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(
    store_url: str | None = None,
    allow_ingest: bool = False,
    *,
    allowed_hosts: list[str] | None = None,
    open_store: bool = True,
    warm: bool = False,
) -> FastAPI:
    """The claimgraph web app over the store at ``store_url`` (None: claimgraph.db).

    ``allowed_hosts`` turns on a Host-header check (the CLI sets it to loopback names when
    bound to loopback); ``warm`` loads the spaCy pipeline at start-up instead of on the
    first analysis.
    """
    services = Services(store_url, allow_ingest, open_store=open_store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
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
    for exc_type, status in ((InputError, 422), (IngestDisabled, 403), (StoreUnavailable, 503)):
        app.add_exception_handler(exc_type, _message_handler(status))

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
        return response

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app
