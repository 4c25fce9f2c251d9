"""Quotation marks in Russian text: «ёлочки» (with „лапки“ nested inside), “English” marks,
single ‹guillemets› and straight double quotes. A quotation may run over several paragraphs (a quoted letter);
one that is never closed pairs with nothing."""

from __future__ import annotations

PAIRS = {"«": "»", "„": "“", "“": "”", "‹": "›"}
STRAIGHT = '"'
QUOTE_CHARS = frozenset('«»„“”"‹›')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) character offsets of every paired quotation, outermost and nested."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for i, ch in enumerate(text):
        if ch == STRAIGHT:
            if straight is None:
                straight = i
            else:
                spans.append((straight, i))
                straight = None
        elif stack and ch == PAIRS[stack[-1][0]]:
            spans.append((stack.pop()[1], i))
        elif ch in PAIRS:
            stack.append((ch, i))
    return sorted(spans)


def enclosing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The outermost quotation that holds [start, end)."""
    best = None
    for a, b in spans:
        if a < start and end <= b + 1 and (best is None or a < best[0]):
            best = (a, b)
    return best


def inside_quote(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(a < offset < b for a, b in spans)
