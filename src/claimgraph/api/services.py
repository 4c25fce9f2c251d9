"""What the HTTP handlers call: the store (opened once) and the analysis pipeline.

Handlers stay thin: they parse parameters, call these methods and shape the
result. The spaCy pipeline is shared by the whole process and is run under a
lock, one article at a time (the machine's cores are better spent that way than
on contention inside one model).
"""

from __future__ import annotations

import threading
from typing import Any

from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.model import Analysis, Article
from claimgraph.options import AnalysisOptions
from claimgraph.readers.text import prepare
from claimgraph.rhetoric.compare import UNKNOWN_OUTLET, cue_counts, outlet_report
from claimgraph.store import Store


class StoreUnavailable(ClaimgraphError):
    """The server runs without a corpus store."""


class IngestDisabled(ClaimgraphError):
    """Writing to the store was not enabled with --allow-ingest."""


class Services:
    def __init__(
        self,
        store_url: str | None,
        allow_ingest: bool = False,
        open_store: bool = True,
    ) -> None:
        self.store_url = store_url
        self.allow_ingest = allow_ingest
        self._analyze_lock = threading.Lock()
        self._store: Store | None = Store.open(store_url) if open_store else None

    @property
    def has_store(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise StoreUnavailable("the server runs without a corpus store")
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- analysis ---------------------------------------------------------------------------

    def warm(self) -> None:
        """Load the pipeline now rather than on the first analysis."""
        from claimgraph.pipeline import load_pipeline

        load_pipeline(AnalysisOptions())

    def analyze_bytes(
        self, data: bytes, name: str, article: Article | None = None, options: AnalysisOptions | None = None
    ) -> Analysis:
        """Validate (HTML is reduced to its main text) and analyse one article."""
        from claimgraph.pipeline import analyze_batch

        raw = prepare(data, name, article or Article())
        with self._analyze_lock:
            result = analyze_batch([raw], options)[0]
        if isinstance(result, ClaimgraphError):
            raise InputError(str(result))
        return result

    def analyze_text(
        self, text: str, article: Article | None = None, options: AnalysisOptions | None = None
    ) -> Analysis:
        if not text or not text.strip():
            raise InputError("the text is empty")
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("the text holds a lone surrogate, not Unicode text") from None
        return self.analyze_bytes(data, "text", article, options)

    def ingest(self, analysis: Analysis) -> str:
        if not self.allow_ingest:
            raise IngestDisabled("this server is read-only; start it with --allow-ingest to add articles")
        return self.store.add_analysis(analysis)

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

    def speaker(self, speaker_id: str | int) -> dict[str, Any] | None:
        if isinstance(speaker_id, str) and not (speaker_id.isascii() and speaker_id.isdigit()):
            return None  # store ids are numbers
        return self.store.speaker(int(speaker_id))

    def outlet_report(self, outlet: str, max_articles: int = 2000) -> dict[str, Any] | None:
        """How one outlet tells it (rhetoric.compare): cue verbs and classes, sides, its own
        loaded language; None when the outlet is unknown. Reads the outlet's articles from
        the store (at most ``max_articles``)."""
        unknown = outlet == UNKNOWN_OUTLET
        analyses = []
        for analysis in self.store.analyses(outlet=None if unknown else outlet):
            if unknown and analysis.article.outlet:
                continue
            analyses.append(analysis)
            if len(analyses) >= max_articles:
                break
        if not analyses:
            return None
        name = UNKNOWN_OUTLET if unknown else (analyses[0].article.outlet or outlet)
        report = outlet_report(analyses, name).to_dict()
        verbs = cue_counts(analyses)
        report["cues"] = [
            {"cue": cue, "class": cls, "count": n}
            for (cue, cls), n in sorted(verbs.items(), key=lambda item: (-item[1], item[0]))
        ]
        report["articles_read"] = len(analyses)
        return report

    def statements_page(self, filters: dict[str, Any], limit: int, offset: int) -> tuple[list, int]:
        store = self.store
        items = store.statements(**filters, limit=limit, offset=offset)
        total = store.count_statements(**filters)
        return items, total
