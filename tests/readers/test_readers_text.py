"""readers/text.py: the per-article limit that bounds one analysis's memory."""

from __future__ import annotations

import pytest

from claimgraph.errors import InputError
from claimgraph.readers.text import MAX_CHARS, check_text

SENTENCE = "The mayor said the council would weigh the harbour plan on Monday. "


def test_an_article_of_300000_characters_is_refused_with_the_limit_named():
    # Memory grows with the text: 0.85 GB at 200,000 characters, 3.5 GB at 1,000,000.
    text = SENTENCE * (300_000 // len(SENTENCE) + 1)
    with pytest.raises(InputError, match=f"the limit is {MAX_CHARS:,}"):
        check_text(text, "long.txt")
    check_text(text[:MAX_CHARS], "long.txt")
