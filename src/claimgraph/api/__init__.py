"""``claimgraph serve``: the HTTP API and web pages (FastAPI). See docs/web.md."""

from claimgraph.api.app import MAX_BODY_BYTES, create_app

__all__ = ["MAX_BODY_BYTES", "create_app"]
