"""What every list page shares: "page N of M" with totals, and links to download what is
shown (CSV, JSON) and to the same query in the API. Made for any list: statements, speakers,
articles, outlets, and claims next."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode


def query_string(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@dataclass
class Pager:
    page: int
    size: int
    total: int
    params: dict[str, Any] = field(default_factory=dict)  # the page's own query, without page=

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def out_of_range(self) -> bool:
        """A page past the last one (there is nothing to show on it)."""
        return self.page > self.pages

    @property
    def first_item(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_item(self) -> int:
        return min(self.offset + self.size, self.total)

    def url(self, page: int) -> str:
        return "?" + query_string(**self.params, page=page if page > 1 else None)


@dataclass
class Exports:
    """Download links for a list: the API's JSON (this page) and CSV (up to 10,000 rows)."""

    api_path: str  # /api/statements
    params: dict[str, Any]
    limit: int
    offset: int
    csv_path: str | None = None

    @property
    def json_url(self) -> str:
        return f"{self.api_path}?{query_string(**self.params, limit=self.limit, offset=self.offset or None)}"

    @property
    def csv_url(self) -> str | None:
        if self.csv_path is None:
            return None
        return f"{self.csv_path}?{query_string(**self.params)}"
