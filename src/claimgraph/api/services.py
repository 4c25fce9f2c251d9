"""What the HTTP handlers call: the store (opened once) and the analysis pool.

Handlers stay thin: they parse parameters, call these methods and shape the result.
Posted articles are analysed in worker processes (``api.analysis.AnalysisPool``) through
the one analysis path; reads run concurrently in the server's thread pool.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from claimgraph.api.analysis import AnalysisPool
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.model import Analysis, Article
from claimgraph.options import AnalysisOptions
from claimgraph.readers.text import prepare
from claimgraph.store import Store


class StoreUnavailable(ClaimgraphError):
    """The server runs without a corpus store."""


class IngestDisabled(ClaimgraphError):
    """Writing to the store was not enabled with --allow-ingest."""


@dataclass
class Stored:
    """The outcome of adding an article: its id, and whether it was new."""

    id: str
    created: bool
    message: str


class Services:
    def __init__(
        self,
        store_url: str | None,
        allow_ingest: bool = False,
        open_store: bool = True,
        pool: AnalysisPool | None = None,
        allow_edit: bool = False,
    ) -> None:
        self.store_url = store_url
        self.allow_ingest = allow_ingest
        # Hand edits (speakers, claims, stances, verdicts): a server that may add articles may
        # also correct them.
        self.allow_edit = allow_edit or allow_ingest
        # Proves a form post came from a page this server rendered (a CSRF token): random per
        # server start, never stored.
        self.edit_token = secrets.token_urlsafe(32)
        self.pool = pool or AnalysisPool(workers=0)
        self._open_store = open_store
        self._store: Store | None = Store.open(store_url) if open_store else None

    def start(self) -> None:
        """(Re)open the store when the app starts again after a shutdown (one app object
        can be started more than once: tests, ASGI hosts that restart the lifespan)."""
        if self._open_store and self._store is None:
            self._store = Store.open(self.store_url)

    @property
    def has_store(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise StoreUnavailable("the server runs without a corpus store")
        return self._store

    def close(self) -> None:
        self.pool.close()
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- analysis ---------------------------------------------------------------------------

    def warm(self) -> None:
        """Start the analysis workers (loading the pipeline) rather than on the first analysis."""
        self.pool.warm()

    async def analyze_bytes(
        self, data: bytes, name: str, article: Article | None = None, options: AnalysisOptions | None = None
    ) -> Analysis:
        """Validate (HTML is reduced to its main text) and analyse one article."""
        raw = prepare(data, name, article or Article())
        return await self.pool.analyze(raw, options)

    async def analyze_text(
        self, text: str, article: Article | None = None, options: AnalysisOptions | None = None
    ) -> Analysis:
        if not text or not text.strip():
            raise InputError("the text is empty")
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("the text holds a lone surrogate, not Unicode text") from None
        return await self.analyze_bytes(data, "text", article, options)

    def stored_copy(self, text: str) -> dict[str, Any] | None:
        """The stored article with the same text (whitespace aside), if there is one."""
        found = self.store.id_of_text(text)
        return None if found is None else self.store.article(found)

    def ingest(self, analysis: Analysis) -> Stored:
        """Store an analysed article. A text already stored is not stored again: the answer
        names the stored article, whose metadata is kept; another outlet or URL posting it
        is recorded as a copy of it (``article.copies``: a syndicated story)."""
        if not self.allow_ingest:
            raise IngestDisabled("this server is read-only; start it with --allow-ingest to add articles")
        existing = self.stored_copy(analysis.text)
        if existing is not None:
            return self.copy_of(existing, analysis.text, analysis.article)
        wanted = analysis.article.id
        article_id = self.store.add_analysis(analysis)
        if wanted and article_id != wanted:
            return Stored(article_id, True, f"the id {wanted!r} is taken; stored as {article_id!r}")
        return Stored(article_id, True, f"stored as {article_id!r}")

    def copy_of(self, existing: dict[str, Any], text: str, article: Article) -> Stored:
        """The answer to posting a stored text again, recording ``article`` as a copy of it
        when its outlet or URL is new."""
        meta = existing["article"]
        source = f" from {meta['outlet']}" if meta.get("outlet") else ""
        copied = self.store.add_copy(text, article)
        told = (
            f"; {article.outlet or article.url!r} is recorded as another outlet carrying it" if copied else ""
        )
        return Stored(
            meta["id"],
            False,
            f"this text is already stored as {meta['id']!r}{source}; nothing was added "
            f"and the stored title, outlet and date are kept{told}",
        )

    # -- corpus reads -----------------------------------------------------------------------

    def speaker_link(self, name: str | None) -> str | None:
        """The corpus id of a speaker called exactly ``name``, when the store has one."""
        if not name or self._store is None:
            return None
        try:
            found = self._store.speakers(search=name, limit=10)
        except ClaimgraphError:
            return None
        folded = name.casefold()
        for speaker in found:
            if str(speaker.get("name", "")).casefold() == folded:
                return str(speaker["id"])
        return None

    def speaker(
        self, speaker_id: str | int, limit: int | None = 100, offset: int = 0
    ) -> dict[str, Any] | None:
        if isinstance(speaker_id, str) and not (speaker_id.isascii() and speaker_id.isdigit()):
            return None  # store ids are numbers
        return self.store.speaker(int(speaker_id), limit=limit, offset=offset)

    def outlet_summary(self, name: str) -> dict[str, Any] | None:
        """One outlet's row of the outlets list (``(unknown)``: articles without one)."""
        if not name:
            return None
        found = self.store.outlets(name=name, limit=1)
        return found[0] if found else None

    def outlet_report(self, outlet: str, max_articles: int = 2000) -> dict[str, Any] | None:
        """How one outlet tells it (rhetoric.compare): cue verbs and classes, sides, its own
        loaded language; None when the outlet is unknown. Counted in SQL over the outlet's
        first ``max_articles`` articles (store.report)."""
        if not outlet:
            return None
        return self.store.outlet_report(outlet, max_articles=max_articles)

    def statements_page(
        self, filters: dict[str, Any], limit: int, offset: int, sort: str = "newest"
    ) -> tuple[list, int]:
        store = self.store
        items = store.statements(**filters, limit=limit, offset=offset, sort=sort)
        total = store.count_statements(**filters)
        return items, total
