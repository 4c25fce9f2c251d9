"""Request and response models: they document the API in its OpenAPI schema.

The records' models are made from the record classes (``claimgraph.model``), so they are
the JSON of the statements spec (../shared/spec/statements.md) by construction; they
allow extra fields so additions by the store pass through unchanged.
"""

from __future__ import annotations

import dataclasses
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from claimgraph.api.edit_models import Editor, EditRequest, VerdictOut
from claimgraph.model import Analysis, Article, Span, Statement, json_key
from claimgraph.options import AnalysisOptions
from claimgraph.readers.language import SUPPORTED
from claimgraph.rhetoric.cues import ALL_CLASSES as CUE_CLASSES
from claimgraph.store.queries import date_bound
from claimgraph.store.writer import id_problem

Kind = Literal["direct", "indirect", "mixed"]
Sort = Literal["relevance", "newest"]
CueClass = Literal[CUE_CLASSES]  # type: ignore[valid-type]
Stance = Literal["asserts", "disputes"]
Act = Literal["speech", "belief", "intention", "perception", "emotion", "evidence"]
Language = Literal[SUPPORTED]  # type: ignore[valid-type]
CLAIM_PATTERN = r"^c?[0-9]{1,9}$"

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$"

def check_id(value: str | None) -> str | None:
    """The ingest's rule (store.writer.id_problem), refused here instead of mended."""
    problem = None if value is None else id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def check_date(value: str | None) -> str | None:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD (a time may follow) that exists."""
    if value is not None:
        date_bound(value)
    return value


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
    states: bool = Field(
        False, description="Also report beliefs, intentions and perceptions (thinks, wants, sees)."
    )
    language: Language | None = Field(
        None, description="Analyse the text as this language (ISO 639-1) instead of identifying it."
    )

    _id = field_validator("id")(classmethod(lambda cls, v: check_id(v)))
    _published = field_validator("published")(classmethod(lambda cls, v: check_date(v)))

    def article(self) -> Article:
        return Article(**self.model_dump(include={"id", "title", "outlet", "published", "url"}))

    def options(self) -> AnalysisOptions:
        return AnalysisOptions(states=self.states, language=self.language)


def record_schema(cls: type) -> type[BaseModel]:
    """The pydantic model of a record class's JSON (``to_dict``), made from the dataclass
    itself: field types and defaults, JSON keys from field metadata, derived values from
    ``JSON_EXTRAS``. A new field of the model appears in the API schema by itself."""
    if cls in _SCHEMAS:
        return _SCHEMAS[cls]
    hints = get_type_hints(cls)
    definitions: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        annotation = _schema_type(hints[f.name])
        if f.default is not dataclasses.MISSING:
            default = Field(f.default, alias=json_key(cls, f.name))
        elif f.default_factory is not dataclasses.MISSING:
            default = Field(default_factory=f.default_factory, alias=json_key(cls, f.name))
        else:
            default = Field(..., alias=json_key(cls, f.name))
        definitions[f.name] = (annotation, default)
    for key, prop in getattr(cls, "JSON_EXTRAS", {}).items():
        definitions[key] = (_schema_type(get_type_hints(getattr(cls, prop).fget)["return"]), None)
    model = create_model(
        f"{cls.__name__}Out",
        __config__=ConfigDict(extra="allow", populate_by_name=True),
        __doc__=cls.__doc__,
        **definitions,
    )
    _SCHEMAS[cls] = model
    return model


_SCHEMAS: dict[type, type[BaseModel]] = {}


def _schema_type(annotation: Any) -> Any:
    """A field's type with record classes replaced by their schemas (in lists and unions too)."""
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return record_schema(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list:
        return list[_schema_type(args[0])]  # type: ignore[misc]
    if origin in (Union, UnionType):
        return Union[tuple(_schema_type(a) for a in args)]  # noqa: UP007 - built at run time
    return annotation


SpanOut = record_schema(Span)
StatementOut = record_schema(Statement)
ArticleMeta = record_schema(Article)
AnalysisOut = record_schema(Analysis)


class CorpusStatement(StatementOut):  # type: ignore[valid-type, misc]
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
    statement_count: int = Field(0, description="All statements of the speaker in the corpus.")
    outlets: list[Any] = []


class SpeakerAlias(BaseModel):
    alias: str = Field(..., description="The name folded (case, accents) as the store matches it.")
    name: str = Field(..., description="The name as written (best spelling seen).")
    reason: str | None = Field(
        None,
        description="Why it is this speaker: 'same folded name', 'honorific dropped', "
        "'surname of the only known person', 'middle initial dropped', 'hand merge'...",
    )
    by_hand: bool = Field(False, description="Put here by a hand merge or split; ingests keep it.")


class SpeakerDecision(BaseModel):
    action: Literal["merge", "split"]
    speaker_id: int = Field(..., description="The speaker merged away, or split from.")
    other_id: int = Field(..., description="The speaker merged into, or split off as.")
    alias: str | None = Field(None, description="Split: the name split off.")
    made_at: str


class PageInfo(BaseModel):
    total: int = Field(..., description="All matches.")
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, null on the last page.")


class SpeakerDetail(SpeakerSummary):
    aliases: list[str] = Field([], description="Every folded name that resolved to this speaker.")
    titles_seen: list[dict[str, Any]] = []
    statements: list[CorpusStatement] = Field(
        [], description="A page of the speaker's statements, newest first (see statements_page)."
    )
    statements_page: PageInfo | None = None
    alias_reasons: list[SpeakerAlias] = Field(
        [], description="Each alias with the name as written and why it is this speaker."
    )
    fuller_names: list[dict[str, Any]] = Field(
        [],
        description="Other speakers ({id, name}) with a fuller version of one of this one's "
        "names: a short name several people share stays apart; merge it by hand if you know.",
    )
    decisions: list[SpeakerDecision] = Field([], description="Hand merges and splits of this speaker.")
    redirected_from: int | None = Field(None, description="The id asked for, merged into this one.")


class MergeRequest(EditRequest):
    into: int = Field(..., ge=1, le=2**31 - 1, description="The speaker to merge into.")
    editor: str | None = Editor


class SplitRequest(EditRequest):
    alias: str = Field(..., min_length=1, max_length=300, description="One of the speaker's names.")
    editor: str | None = Editor


class SpeakerCount(BaseModel):
    id: int | str | None = None
    name: str
    count: int


class OutletSummary(Open):
    outlet: str = Field(..., description="The outlet's name; `(unknown)` for articles without one.")
    articles: int = 0
    statements: int = 0
    direct: int = 0
    indirect: int = 0
    mixed: int = 0
    cue_classes: dict[str, int] = Field({}, description="Statements per cue class.")
    top_speakers: list[SpeakerCount] = []


class PageBase(BaseModel):
    total: int | None = Field(None, description="All matches.")
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, null on the last page.")


class StatementPage(PageBase):
    items: list[CorpusStatement]


class SpeakerPage(PageBase):
    items: list[SpeakerSummary]


class ClaimPerson(BaseModel):
    name: str
    speaker_id: int | None = None
    statements: int = Field(..., description="How many of the claim's statements are theirs.")


class ClaimOutlet(Open):
    outlet: str
    first_seen: str | None = Field(None, description="When the outlet first carried the claim.")
    statements: int = 0


class ClaimCounts(BaseModel):
    statements: int
    articles: int
    outlets: int
    disputes: int


class CompetingClaim(BaseModel):
    id: str = Field(..., examples=["c14"])
    label: str | None = None


class ClaimSummary(Open):
    """A claim: one proposition that statements across articles assert or dispute."""

    id: str = Field(..., examples=["c12"])
    label: str = Field(
        ..., description="The clearest wording among the earliest published statements asserting it."
    )
    polarity: str = Field(
        ...,
        description="positive, or negative when every statement stating it is negative: "
        "statements of the other polarity dispute it.",
    )
    proposition: dict[str, Any] | None = Field(
        None,
        description="What the claim asserts: subject, predicate, negated, modality, tense, object, "
        "numbers, places, times (the label statement's, in the claim's polarity).",
    )
    competing: list[CompetingClaim] = Field(
        [], description="Claims with the same frame and a conflicting value (another number, another actor)."
    )
    first_seen: str | None = None
    last_seen: str | None = None
    counts: ClaimCounts
    asserted_by: list[ClaimPerson] = []
    disputed_by: list[ClaimPerson] = []
    outlets: list[ClaimOutlet] = []


class ClaimStatement(CorpusStatement):  # type: ignore[valid-type, misc]
    stance: str | None = Field(None, description="asserts or disputes.")
    stance_source: Literal["hand", "computed"] | None = Field(
        None, description="In a claim's detail: hand when a fact-checker set the stance."
    )
    moved_by_hand: bool | None = Field(None, description="In a claim's detail: moved to this claim by hand.")


class ClaimDetail(ClaimSummary):
    statements: list[ClaimStatement] = []
    verdict: VerdictOut | None = Field(None, description="A fact-checker's verdict, if one was recorded.")


class ClaimPage(PageBase):
    items: list[ClaimSummary]


ClaimSort = Literal["widespread", "outlets", "contested", "newest", "first"]


class ClaimStatementPage(PageBase):
    items: list[ClaimStatement]


class ArticleSummary(ArticleMeta):  # type: ignore[valid-type, misc]
    word_count: int | None = None
    statement_count: int | None = None


class ArticlePage(PageBase):
    items: list[ArticleSummary]


class OutletList(PageBase):
    items: list[OutletSummary]


class FacetValue(BaseModel):
    value: str = Field(..., description="The value to filter by (a speaker's id, a month YYYY-MM...).")
    label: str | None = None
    count: int


class Facets(BaseModel):
    """Counts of the matching statements by speaker, outlet, kind, cue class, month and language."""

    total: int
    speaker: list[FacetValue]
    outlet: list[FacetValue]
    kind: list[FacetValue]
    cue_class: list[FacetValue]
    month: list[FacetValue]
    language: list[FacetValue] = Field([], description="By the article's language (ISO 639-1).")


class TimelinePoint(BaseModel):
    period: str = Field(..., description="YYYY, YYYY-MM or YYYY-MM-DD.")
    outlet: str | None = None
    count: int


class Timeline(BaseModel):
    period: Literal["day", "month", "year"]
    by: Literal["outlet"] | None = None
    items: list[TimelinePoint]


class CueClassShare(BaseModel):
    cue_class: str = Field(..., description="neutral, distancing, emphatic, ... or none (no cue).")
    count: int
    share: float = Field(..., description="Of the side's statements, 0 to 1.")


class ComparedSide(BaseModel):
    """One outlet or speaker of a comparison: share of voice, stances, cue classes."""

    key: str = Field(..., description="The outlet's name or the speaker's id, as asked.")
    name: str
    url: str = Field(..., description="Its page.")
    statements: int
    share_of_voice: float = Field(..., description="Its statements over both sides', 0 to 1.")
    articles: int
    speakers: int = Field(..., description="Distinct known speakers quoted.")
    outlets: int = Field(..., description="Distinct outlets carrying the statements.")
    asserts: int = Field(..., description="Statements asserting their claim.")
    disputes: int = Field(..., description="Statements disputing their claim.")
    cue_classes: list[CueClassShare]


class ComparedClaim(BaseModel):
    id: str
    label: str
    url: str
    statements: list[int] = Field(..., description="Its statements on each side, in the sides' order.")
    articles: int = Field(..., description="Articles carrying it in the whole corpus.")
    outlets: int = Field(..., description="Outlets carrying it in the whole corpus.")


class Comparison(BaseModel):
    """Two outlets or two speakers side by side, and the claims both or only one carry."""

    by: Literal["outlet", "speaker"]
    sides: list[ComparedSide] = Field(..., min_length=2, max_length=2)
    claims_both: int = Field(..., description="Claims with statements on both sides.")
    claims_only: list[int] = Field(..., description="Claims with statements on one side only, per side.")
    both: list[ComparedClaim] = Field(..., description="The top shared claims, most statements first.")
    only: list[list[ComparedClaim]] = Field(..., description="Each side's top claims the other lacks.")


class Ingested(BaseModel):
    id: str = Field(..., description="The article id in the store.")
    url: str = Field(..., description="Where to read it back.")
    created: bool = Field(..., description="False when the same text was already stored.")
    message: str = Field(..., description="What happened, in words.")
    analysis: AnalysisOut


class ErrorOut(BaseModel):
    status: int
    error: str = Field(..., description="The HTTP reason phrase.")
    message: str = Field(..., description="What went wrong, in words.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (400, "A request body that cannot be read as JSON text"),
        (403, "Refused: a read-only server, or a cross-origin request"),
        (404, "Not found"),
        (413, "Request body over 5 MB, or a text longer than the server analyses"),
        (422, "Invalid parameters or an article that cannot be analysed"),
        (503, "The corpus store is not available, or the analysis queue is full (see Retry-After)"),
    )
}
