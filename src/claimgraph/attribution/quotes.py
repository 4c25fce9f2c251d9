"""Quotation spans at the character level, before any parsing.

Handles straight, curly, single (British) and guillemet marks, quotes that run
over several paragraphs (the opening mark repeated, no closing mark until the
end), and unbalanced marks (a quote left open ends with its paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"


@dataclass
class Quote:
    """Text between quotation marks; ``start``/``end`` exclude the marks."""

    start: int
    end: int
    open_mark: int  # index of the opening mark
    after: int  # index just past the closing mark (the paragraph end when unclosed)
    closed: bool  # False when the paragraph ended before a closing mark
    continues: bool = False  # opens a paragraph that continues the previous paragraph's quote


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: news text puts one paragraph on a line."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _uses_double_marks(text: str) -> bool:
    return any(mark in text for mark in DOUBLE_OPEN + DOUBLE_CLOSE + '"')


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _straight_opens(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return (before.isspace() or before in "([{—–-:/") and not after.isspace()


def _scan_double(text: str, start: int, end: int, curly: bool = False) -> list[tuple[int, int, bool]]:
    """Double-mark quotes in one paragraph as (open_mark, content_end, closed).

    ``curly``: the text quotes with curly marks, so a straight mark left open is a stray
    character of the copy (a paragraph starting with one), not a quotation running on."""
    found: list[tuple[int, int, bool]] = []
    opened: int | None = None
    opener = ""
    for i in range(start, end):
        ch = text[i]
        if ch in DOUBLE_OPEN and not (ch == "“" and opener == "„"):
            if opened is None:
                opened, opener = i, ch
            continue
        if ch in DOUBLE_CLOSE and opened is None and not text[start:i].strip():
            opened, opener = i, ch  # a paragraph opened with the wrong mark (”Text)
            continue
        if ch in DOUBLE_CLOSE or (ch == "“" and opener == "„"):
            if opened is not None:
                found.append((opened, i, True))
                opened = None
            continue
        if ch == '"':
            if opened is None and _straight_opens(text, i, start, end):
                opened, opener = i, ch
            elif opened is not None:
                found.append((opened, i, True))
                opened = None
    if opened is not None and not (curly and opener == '"'):
        found.append((opened, end, False))
    return found


def _scan_single(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Single-mark quotes (‘British style’, 'straight') in one paragraph."""
    found: list[tuple[int, int, bool]] = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < end else " "
        prev = text[i - 1] if i > start else " "
        if ch in SINGLE_OPEN or (ch == "'" and _straight_opens(text, i, start, end) and nxt.isalpha()):
            if opened is None:
                opened = i
            continue
        if ch in SINGLE_CLOSE or ch == "'":
            # An apostrophe (don't, Kyiv's) has a letter on both sides.
            if opened is not None and not (_is_letter(prev) and _is_letter(nxt)):
                found.append((opened, i, True))
                opened = None
    if opened is not None and text[opened] in SINGLE_OPEN and not text[start:opened].strip():
        found.append((opened, end, False))  # ‘ opening a paragraph may run on to the next
    return found


def _scan_paragraph(
    text: str, start: int, end: int, double: bool, curly: bool = False
) -> list[tuple[int, int, bool]]:
    """Quotes in one paragraph: double marks, and single marks that are not nested in them."""
    doubles = _scan_double(text, start, end, curly) if double else []
    singles = [
        q
        for q in _scan_single(text, start, end)
        if not any(d[0] <= q[0] <= d[1] or q[0] <= d[0] <= q[1] for d in doubles)
    ]
    return sorted(doubles + singles)


_DOUBLED_APOSTROPHE = "\x01"


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text``, in order."""
    # ''Quote'' (two apostrophes, as some archives write double marks) scans as one mark;
    # the second apostrophe becomes a filler that no rule treats as text.
    text = text.replace("''", '"' + _DOUBLED_APOSTROPHE)
    double = _uses_double_marks(text)
    curly = any(mark in text for mark in DOUBLE_OPEN + DOUBLE_CLOSE)
    quotes: list[Quote] = []
    previous_open_at_end = False
    for start, end in paragraphs(text):
        first = start + len(text[start:end]) - len(text[start:end].lstrip())
        spans = _scan_paragraph(text, start, end, double, curly)
        for open_mark, content_end, closed in spans:
            content_start = open_mark + 1
            # Trim spaces inside the marks so offsets point at words.
            while content_start < content_end and (
                text[content_start].isspace() or text[content_start] == _DOUBLED_APOSTROPHE
            ):
                content_start += 1
            stop = content_end
            while stop > content_start and text[stop - 1].isspace():
                stop -= 1
            if stop <= content_start:
                continue
            quotes.append(
                Quote(
                    start=content_start,
                    end=stop,
                    open_mark=open_mark,
                    after=_after(text, content_end, closed),
                    closed=closed,
                    continues=previous_open_at_end and open_mark == first,
                )
            )
        previous_open_at_end = bool(spans) and not spans[-1][2]
    return quotes


def _after(text: str, content_end: int, closed: bool) -> int:
    if not closed:
        return content_end
    after = content_end + 1
    while after < len(text) and text[after] == _DOUBLED_APOSTROPHE:
        after += 1
    return after
