"""Request and response models: they document the API in its OpenAPI schema.

Records keep the JSON of the statements spec (../shared/spec/statements.md);
the models allow extra fields so additions by the pipeline or the store pass
through unchanged.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["direct", "indirect", "mixed"]

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$"


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class AnalyzeRequest(BaseModel):
    """An article to analyse: plain text, or an HTML page (its main text is extracted)."""

    text: str = Field(
        ...,
        min_length=1,
        description="The article as plain text or HTML.",
        examples=['"We will open the bridge in May," Mayor Ana Ruiz said on Monday.'],
    )
    id: str | None = Field(None, max_length=200, description="Your id for the article.")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200, description="Publisher, e.g. 'Daily Bugle'.")
    published: str | None = Field(
        None, pattern=DATE_PATTERN, description="Publication date, ISO 8601 (YYYY-MM-DD)."
    )
    url: str | None = Field(None, max_length=2000)


class SpanOut(Open):
    text: str
    start: int
    end: int


class SpeakerRef(Open):
    mention: SpanOut | None = None
    entity: str | None = None
    name: str | None = None


class StatementOut(Open):
    id: str
    kind: str
    content: SpanOut
    cue: dict[str, Any] | None = None
    cue_class: str | None = None
    speaker: SpeakerRef


class ArticleMeta(Open):
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


class AnalysisOut(Open):
    """One analysed article: the JSON of the statements spec."""

    article: ArticleMeta
    text: str
    statements: list[StatementOut]
    entities: list[dict[str, Any]]


class CorpusStatement(StatementOut):
    """A statement from the corpus, with the article it appears in."""

    article: ArticleMeta | None = None
    speaker_id: int | str | None = None


class SpeakerSummary(Open):
    id: int | str
    name: str
    type: str | None = None
    titles: list[str] = []
    affiliations: list[str] = []
    country: str | None = None
    statement_count: int = 0
    outlets: list[Any] = []


class SpeakerDetail(SpeakerSummary):
    titles_seen: list[dict[str, Any]] = []
    statements: list[CorpusStatement] = []


class OutletSummary(Open):
    outlet: str | None
    articles: int = 0
    statements: int = 0
    direct: int = 0
    indirect: int = 0
    mixed: int = 0
    top_speakers: list[dict[str, Any]] = []


class PageBase(BaseModel):
    total: int | None = Field(None, description="All matches; null when not counted.")
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, null on the last page.")


class StatementPage(PageBase):
    items: list[CorpusStatement]


class SpeakerPage(PageBase):
    items: list[SpeakerSummary]


class ArticlePage(PageBase):
    items: list[ArticleMeta]


class OutletList(BaseModel):
    items: list[OutletSummary]


class Ingested(BaseModel):
    id: str = Field(..., description="The article id in the store.")
    url: str = Field(..., description="Where to read it back.")
    analysis: AnalysisOut


class ErrorOut(BaseModel):
    status: int
    error: str = Field(..., description="The HTTP reason phrase.")
    message: str = Field(..., description="What went wrong, in words.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (404, "Not found"),
        (413, "Request body over 5 MB"),
        (422, "Invalid parameters or an article that cannot be analysed"),
        (503, "The corpus store is not available"),
    )
}
