"""Split an analysed text into plain segments for the reader view.

The reader view never injects article text as HTML: the text is cut at the
statement, cue and speaker-mention offsets (Python ``str`` indices) into
segments, and each segment is rendered by a template with autoescape on.
Everything here works on the JSON shape of :meth:`Analysis.to_dict` so it
serves both fresh analyses and articles read back from the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from claimgraph.store import search

PALETTE_SIZE = 16
"""Speaker colours ``sp-0`` .. ``sp-15`` in style.css; unknown speakers use ``sp-x``. Past
16 speakers the colours repeat with a dashed edge (``sp-alt``) and every chip is numbered,
so no two speakers of an article look the same."""

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
    cue_class: str | None = None  # the stance class of the cue, on cue segments
    loaded: str | None = None  # "narrator" | "quoted" on loaded-language words

    @property
    def css(self) -> str:
        classes = []
        if self.statement:
            classes += ["q", f"q-{self.kind or 'direct'}"]
        if self.cue:
            classes.append("cue")
        if self.mention:
            classes.append("who")
        if self.loaded:
            classes += ["loaded", f"loaded-{self.loaded}"]
        if self.colour and (self.statement or self.cue or self.mention):
            classes.append(self.colour)
        return " ".join(classes)

    @property
    def title(self) -> str | None:
        """What the segment is, in words (the tooltip)."""
        parts = []
        if self.speaker:
            parts.append(self.speaker)
        if self.cue and self.cue_class:
            parts.append(f"cue: {self.cue_class}")
        if self.loaded:
            voice = "quoted" if self.loaded == "quoted" else "outlet's voice"
            parts.append(f"loaded language ({voice})")
        return " · ".join(parts) or None


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
    number: int | None = None  # 1, 2...: shown in the chip, so colours need not carry it alone

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
                colour = f"sp-{next_colour % PALETTE_SIZE}"
                if next_colour >= PALETTE_SIZE:
                    colour += " sp-alt"
                group = SpeakerGroup(key=key, name=label, colour=colour)
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
    for number, group in enumerate(ordered, 1):
        group.number = number
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
    loaded: list[tuple[int, int, dict[str, Any]]] = []
    for span_dict in analysis.get("loaded_language") or []:
        if span := _span(span_dict, length):
            loaded.append((*span, span_dict))
    for statement in analysis.get("statements") or []:
        if span := _span(statement.get("content"), length):
            contents.append((*span, statement))
        if span := _span(statement.get("cue"), length):
            cues.append((*span, statement))
        if span := _span((statement.get("speaker") or {}).get("mention"), length):
            mentions.append((*span, statement))

    cuts = {0, length}
    for start, end, _ in contents + cues + mentions + loaded:
        cuts.update((start, end))
    points = sorted(cuts)
    starts = {start: s for start, _, s in reversed(contents)}  # first statement wins

    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        content = next((s for start, end, s in contents if start <= a and b <= end), None)
        cue = next((s for start, end, s in cues if start <= a and b <= end), None)
        mention = next((s for start, end, s in mentions if start <= a and b <= end), None)
        word = next((s for start, end, s in loaded if start <= a and b <= end), None)
        owner = content or cue or mention
        seg = Segment(
            text=text[a:b],
            statement=content.get("id") if content else None,
            kind=content.get("kind") if content else None,
            colour=colour_of.get(speaker_key(owner), UNKNOWN) if owner else None,
            cue=cue is not None,
            mention=mention is not None,
            speaker=speaker_label(owner, entities) if owner else None,
            cue_class=cue.get("cue_class") if cue else None,
            loaded="quoted" if word and word.get("voice") == "quoted" else ("narrator" if word else None),
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
    def key(s: Segment) -> tuple[Any, ...]:
        return (s.statement, s.kind, s.colour, s.cue, s.mention, s.loaded, s.cue_class)

    return key(a) == key(b)


# -- search terms in results ------------------------------------------------------------------

_SUFFIXES = ("", "s", "es", "ed", "d", "ing", "er", "ers", "ly", "ment", "ments", "ion", "ions")
_WORDS = re.compile(r"\w+")


def _stem(word: str) -> str:
    for suffix in ("ments", "ment", "ions", "ion", "ing", "ers", "er", "ed", "es", "ly", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def term_matcher(words: list[str]) -> Callable[[str], bool]:
    """Whether a word of a result is one of the searched ``words`` give or take an English
    ending (the databases stem: "piers" finds "pier") or a Russian one; an approximation, for
    display."""
    stems = {_stem(w.lower()) for w in words if w}
    # Russian words: the Snowball stem the databases index ("заявления" for "заявление")
    russian = {search.stem(w) for w in words if w and not w.isascii()}

    def matches(word: str) -> bool:
        lower = word.lower()
        if russian and search.stem(word) in russian:
            return True
        return any(
            lower.startswith(stem) and (lower[len(stem):] in _SUFFIXES or _stem(lower) == stem)
            for stem in stems
        )

    return matches


def mark_terms(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is a searched word) for <mark> in search results."""
    if not words:
        return [(text, False)]
    matches = term_matcher(words)
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in _WORDS.finditer(text):
        if matches(m.group()):
            if m.start() > pos:
                pieces.append((text[pos : m.start()], False))
            pieces.append((m.group(), True))
            pos = m.end()
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces
