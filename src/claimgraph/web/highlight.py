"""Split an analysed text into plain segments for the reader view.

The reader view never injects article text as HTML: the text is cut at the
statement, cue and speaker-mention offsets (Python ``str`` indices) into
segments, and each segment is rendered by a template with autoescape on.
Everything here works on the JSON shape of :meth:`Analysis.to_dict` so it
serves both fresh analyses and articles read back from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PALETTE_SIZE = 8
"""Speaker colours ``sp-0`` .. ``sp-7`` in style.css; unknown speakers use ``sp-x``."""

UNKNOWN = "sp-x"


@dataclass
class Segment:
    text: str
    statement: str | None = None  # statement id covering this piece, if any
    kind: str | None = None  # direct | indirect | mixed
    colour: str | None = None  # css class sp-N
    cue: bool = False
    mention: bool = False
    anchor: str | None = None  # html id when a statement's content starts here
    speaker: str | None = None  # label, for the title attribute

    @property
    def css(self) -> str:
        classes = []
        if self.statement:
            classes += ["q", f"q-{self.kind or 'direct'}"]
        if self.cue:
            classes.append("cue")
        if self.mention:
            classes.append("who")
        if self.colour and (self.statement or self.cue or self.mention):
            classes.append(self.colour)
        return " ".join(classes)


@dataclass
class SpeakerGroup:
    key: str
    name: str
    colour: str
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    country: str | None = None
    type: str | None = None
    statements: list[dict[str, Any]] = field(default_factory=list)
    known: bool = True
    link: str | None = None  # filled by the page when the store knows this speaker

    @property
    def count(self) -> int:
        return len(self.statements)


def anchor_id(statement_id: str) -> str:
    return f"stmt-{statement_id}"


def _span(obj: Any, length: int) -> tuple[int, int] | None:
    if not isinstance(obj, dict):
        return None
    start, end = obj.get("start"), obj.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    start, end = max(0, start), min(length, end)
    return (start, end) if end > start else None


def speaker_key(statement: dict[str, Any]) -> str:
    speaker = statement.get("speaker") or {}
    if speaker.get("entity"):
        return f"e:{speaker['entity']}"
    if speaker.get("name"):
        return f"n:{speaker['name'].casefold()}"
    return "unknown"


def speaker_label(statement: dict[str, Any], entities: dict[str, dict[str, Any]]) -> str | None:
    speaker = statement.get("speaker") or {}
    if speaker.get("name"):
        return speaker["name"]
    entity = entities.get(speaker.get("entity") or "")
    if entity and entity.get("name"):
        return entity["name"]
    return None


def group_speakers(analysis: dict[str, Any]) -> list[SpeakerGroup]:
    """Statements grouped by speaker, in order of first appearance, each with a colour."""
    entities = {e.get("id"): e for e in analysis.get("entities") or [] if e.get("id")}
    statements = sorted(
        analysis.get("statements") or [],
        key=lambda s: (s.get("content") or {}).get("start", 0),
    )
    groups: dict[str, SpeakerGroup] = {}
    next_colour = 0
    for statement in statements:
        key = speaker_key(statement)
        group = groups.get(key)
        if group is None:
            label = speaker_label(statement, entities)
            if key == "unknown" or label is None:
                group = SpeakerGroup(key=key, name="Unknown speaker", colour=UNKNOWN, known=False)
            else:
                group = SpeakerGroup(key=key, name=label, colour=f"sp-{next_colour % PALETTE_SIZE}")
                next_colour += 1
                entity = entities.get((statement.get("speaker") or {}).get("entity") or "")
                if entity:
                    group.titles = list(entity.get("titles") or [])
                    group.affiliation = entity.get("affiliation")
                    group.country = entity.get("country")
                    group.type = entity.get("type")
            groups[key] = group
        group.statements.append(statement)
    ordered = [g for g in groups.values() if g.known]
    ordered.sort(key=lambda g: -g.count)  # stable: ties keep order of appearance
    ordered += [g for g in groups.values() if not g.known]
    return ordered


def segments(analysis: dict[str, Any], groups: list[SpeakerGroup] | None = None) -> list[Segment]:
    """The text cut into segments at every statement, cue and speaker-mention boundary."""
    text: str = analysis.get("text") or ""
    length = len(text)
    groups = groups if groups is not None else group_speakers(analysis)
    colour_of = {g.key: g.colour for g in groups}
    entities = {e.get("id"): e for e in analysis.get("entities") or [] if e.get("id")}

    contents: list[tuple[int, int, dict[str, Any]]] = []
    cues: list[tuple[int, int, dict[str, Any]]] = []
    mentions: list[tuple[int, int, dict[str, Any]]] = []
    for statement in analysis.get("statements") or []:
        if span := _span(statement.get("content"), length):
            contents.append((*span, statement))
        if span := _span(statement.get("cue"), length):
            cues.append((*span, statement))
        if span := _span((statement.get("speaker") or {}).get("mention"), length):
            mentions.append((*span, statement))

    cuts = {0, length}
    for start, end, _ in contents + cues + mentions:
        cuts.update((start, end))
    points = sorted(cuts)
    starts = {start: s for start, _, s in reversed(contents)}  # first statement wins

    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        content = next((s for start, end, s in contents if start <= a and b <= end), None)
        cue = next((s for start, end, s in cues if start <= a and b <= end), None)
        mention = next((s for start, end, s in mentions if start <= a and b <= end), None)
        owner = content or cue or mention
        seg = Segment(
            text=text[a:b],
            statement=content.get("id") if content else None,
            kind=content.get("kind") if content else None,
            colour=colour_of.get(speaker_key(owner), UNKNOWN) if owner else None,
            cue=cue is not None,
            mention=mention is not None,
            speaker=speaker_label(owner, entities) if owner else None,
        )
        anchor = starts.get(a)
        if anchor is not None and content is anchor and anchor.get("id"):
            seg.anchor = anchor_id(anchor["id"])
        if out and _same(out[-1], seg) and seg.anchor is None:
            out[-1].text += seg.text
        else:
            out.append(seg)
    return out


def _same(a: Segment, b: Segment) -> bool:
    return (a.statement, a.kind, a.colour, a.cue, a.mention) == (
        b.statement,
        b.kind,
        b.colour,
        b.cue,
        b.mention,
    )
